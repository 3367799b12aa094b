//! The plan editor: every section as a multi-line field (one item or contact per line, free
//! text as written), then the plan's metadata. Reading it back checks what the domain checks,
//! so a refusal lands on the field that caused it and everything typed stays.

use super::lines;
use super::service_picker::{Picker, offers};
use super::view_bindings::{self, EDITOR, EditorKey, PICKER, PickerKey};
use crate::domain::plan::{
    COPY_HOLDERS_MAX, Contact, PlanContent, PlanError, PlanMeta, Section, SectionBody,
    default_review_due,
};
use crate::domain::time::parse_typed_date;
use crate::domain::visit::DirectoryEntry;
use crate::ui::theme::Theme;
use crate::ui::widgets::fields::{Field, FieldForm, FieldId, FieldsEvent};
use crate::ui::widgets::message::Message;
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// The metadata fields, after the nine sections (each found by [`section_id`]).
pub const CO_PRODUCED: FieldId = FieldId::new("co produced");
pub const CONSENT: FieldId = FieldId::new("consent");
pub const COPY_HOLDERS: FieldId = FieldId::new("copy holders");
pub const REVIEW_DUE: FieldId = FieldId::new("review due");
/// Whether to arrange follow-up calls on saving (`plan::follow_up_calls`).
pub const FOLLOW_UP_CALLS: FieldId = FieldId::new("follow up calls");

/// Where an editor starts: the person, and their latest saved version if there is one.
#[derive(Debug, Clone)]
pub struct EditStart {
    pub person_id: i64,
    /// Already drawn safe.
    pub visitor: String,
    pub plan_id: Option<i64>,
    /// The latest version's number, content and metadata.
    pub base: Option<(u32, PlanContent, PlanMeta)>,
    /// The service's date today: the review date defaults from it.
    pub today: NaiveDate,
    pub review_days: u32,
}

impl EditStart {
    /// The metadata the form starts with: the saved version's, its review date kept as the
    /// lead chose it. Only a new plan, or one whose review date has passed (a save could not
    /// keep a date in the past), starts from the default interval after today.
    fn meta(&self) -> PlanMeta {
        match &self.base {
            Some((_, _, meta)) if meta.review_due >= self.today => meta.clone(),
            Some((_, _, meta)) => PlanMeta {
                review_due: default_review_due(self.today, self.review_days),
                ..meta.clone()
            },
            None => PlanMeta::new(self.today, self.review_days),
        }
    }
}

pub enum EditorEvent {
    Save(Box<(PlanContent, PlanMeta)>),
    /// Closed; `discard_draft` when the form had been filled from a kept draft.
    Cancel {
        discard_draft: bool,
    },
    None,
}

pub struct Editor {
    pub start: EditStart,
    pub form: FieldForm,
    /// Filled from a draft kept in the store (which Esc then discards).
    pub from_draft: bool,
    picker: Option<Picker>,
}

fn label(s: Section) -> &'static str {
    match s {
        Section::WarningSigns => "Warning signs",
        Section::OnMyOwn => "On my own",
        Section::TakeMyMindOff => "Take my mind off",
        Section::PeopleToAsk => "People to ask for help",
        Section::Professionals => "Professionals, services",
        Section::SaferSurroundings => "Safer surroundings",
        Section::ReasonsForLiving => "Reasons for living",
        Section::WhatHelps => "What helps, what not",
        Section::PracticalNeeds => "Practical needs",
    }
}

fn hint(s: Section) -> &'static str {
    match s {
        Section::Professionals => {
            "One per line: name — phone · Ctrl-o adds a national line or a service"
        }
        Section::PeopleToAsk => "One per line: name — phone (a dash or colon between them)",
        _ if s.kind() == crate::domain::plan::SectionKind::Text => {
            "In the visitor's own words · Enter new line · Ctrl-z undo"
        }
        _ => "One item per line · Enter new line · Ctrl-z undo",
    }
}

fn yes_no() -> Vec<String> {
    vec!["Yes".into(), "No".into()]
}

/// A section as the lead edits it: the saved text as it is (the editor draws it safe), so
/// saving again keeps every character.
fn section_text(content: &PlanContent, s: Section) -> String {
    match content.body(s) {
        SectionBody::Items(items) => items.join("\n"),
        SectionBody::Contacts(contacts) => lines::contacts_text(contacts),
        SectionBody::Text(text) => text.to_string(),
    }
}

/// An area's limit: the domain's per-item and per-section limits, whole.
fn section_max(s: Section) -> usize {
    use crate::domain::plan::{
        CONTACT_NAME_MAX, CONTACTS_MAX, ITEM_MAX, ITEMS_MAX, PHONE_MAX, SectionKind, TEXT_MAX,
    };
    match s.kind() {
        SectionKind::Text => TEXT_MAX,
        SectionKind::Items => ITEMS_MAX * (ITEM_MAX + 1),
        SectionKind::Contacts => CONTACTS_MAX * (CONTACT_NAME_MAX + PHONE_MAX + 4),
    }
}

fn build_form(
    title: String,
    content: &PlanContent,
    meta: &PlanMeta,
    review_days: u32,
) -> FieldForm {
    let mut fields: Vec<Field> = Section::ALL
        .iter()
        .map(|s| {
            let field = Field::area(label(*s), section_max(*s), &section_text(content, *s))
                .with_hint(hint(*s))
                .id(section_id(*s));
            // A list section is one item per line, each as long as the plan allows an item.
            match s.kind() {
                crate::domain::plan::SectionKind::Items => {
                    field.with_line_max(crate::domain::plan::ITEM_MAX)
                }
                _ => field,
            }
        })
        .collect();
    fields.push(
        Field::choice("Co-produced", yes_no(), usize::from(!meta.co_produced))
            .with_hint("Written together with the visitor? ←/→")
            .id(CO_PRODUCED),
    );
    fields.push(
        Field::choice(
            "Consent to share",
            yes_no(),
            usize::from(!meta.consent_to_share),
        )
        .with_hint("May it be shared with the people and services named in it? ←/→")
        .id(CONSENT),
    );
    fields.push(
        Field::text("Who has a copy", COPY_HOLDERS_MAX, &meta.copy_holders)
            .with_hint("e.g. me, my GP, my sister")
            .id(COPY_HOLDERS),
    );
    fields.push(
        Field::text(
            "Review due",
            10,
            &meta.review_due.format("%d/%m/%Y").to_string(),
        )
        .with_hint(format!(
            "dd/mm/yyyy · by default {review_days} days after saving"
        ))
        .id(REVIEW_DUE),
    );
    fields.push(
        Field::choice(
            "Follow-up calls",
            vec![
                "not now".into(),
                "arrange: within 72 hours and a week on".into(),
            ],
            0,
        )
        .with_hint(
            "Calls after a crisis plan went with about half as many suicidal behaviours \
             (Stanley et al. 2018); they join the visit's follow-ups and the handover. ←/→",
        )
        .id(FOLLOW_UP_CALLS),
    );
    FieldForm::new(title, fields)
}

/// The field a refusal belongs to.
fn field_of(e: &PlanError) -> Option<FieldId> {
    let section = |s: &Section| Some(section_id(*s));
    match e {
        PlanError::Empty => None,
        PlanError::TooMany { section: s, .. }
        | PlanError::Item { section: s, .. }
        | PlanError::ContactWithoutName { section: s, .. }
        | PlanError::Phone { section: s, .. }
        | PlanError::Text { section: s, .. } => section(s),
        PlanError::Meta(_) => Some(COPY_HOLDERS),
        PlanError::ReviewInPast | PlanError::ReviewTooFar => Some(REVIEW_DUE),
    }
}

/// Puts one section's text into `content`. Contacts are read strictly (Err: the line that
/// needs a separator) unless `lenient`.
fn set_section(
    content: &mut PlanContent,
    s: Section,
    text: &str,
    lenient: bool,
) -> Result<(), usize> {
    let contacts = |text: &str| -> Result<Vec<Contact>, usize> {
        if lenient {
            Ok(lines::contacts_lenient(text))
        } else {
            lines::contacts_from(text)
        }
    };
    match s {
        Section::WarningSigns => content.warning_signs = lines::items_from(text),
        Section::OnMyOwn => content.on_my_own = lines::items_from(text),
        Section::TakeMyMindOff => content.take_my_mind_off = lines::items_from(text),
        Section::SaferSurroundings => content.safer_surroundings = lines::items_from(text),
        Section::PeopleToAsk => content.people_to_ask = contacts(text)?,
        Section::Professionals => content.professionals = contacts(text)?,
        Section::ReasonsForLiving => content.reasons_for_living = text.to_string(),
        Section::WhatHelps => content.what_helps = text.to_string(),
        Section::PracticalNeeds => content.practical_needs = text.to_string(),
    }
    Ok(())
}

/// Section `s`'s field.
pub fn section_id(s: Section) -> FieldId {
    FieldId::new(s.title())
}

impl Editor {
    /// An editor on the saved version (or an empty plan), or on a kept draft.
    pub fn new(start: EditStart, draft: Option<(PlanContent, PlanMeta)>) -> Self {
        let title = match &start.base {
            Some((v, _, _)) => format!(
                "Plans — crisis plan for {} — saving makes version {}",
                start.visitor,
                v + 1
            ),
            None => format!("Plans — crisis plan for {} — new plan", start.visitor),
        };
        let from_draft = draft.is_some();
        let (content, meta) = match draft {
            Some(d) => d,
            None => (
                start
                    .base
                    .as_ref()
                    .map(|(_, c, _)| c.clone())
                    .unwrap_or_default(),
                start.meta(),
            ),
        };
        let mut form = build_form(title, &content, &meta, start.review_days);
        if from_draft {
            form.mark_changed();
            form.message = Some(Message::Info(
                "Continuing your unsaved draft. Ctrl-s saves it as a new version.".into(),
            ));
        }
        Editor {
            start,
            form,
            from_draft,
            picker: None,
        }
    }

    /// Whether the lead chose to arrange follow-up calls with this save.
    pub fn follow_up_calls(&self) -> bool {
        self.form.selected(FOLLOW_UP_CALLS) == 1
    }

    pub fn person_id(&self) -> i64 {
        self.start.person_id
    }

    /// The plan as typed, checked for saving. Err: the field to focus (if one) and why.
    pub fn read(&self) -> Result<(PlanContent, PlanMeta), (Option<FieldId>, String)> {
        let mut content = PlanContent::default();
        for s in Section::ALL.iter() {
            set_section(&mut content, *s, &self.form.text(section_id(*s)), false).map_err(
                |line| {
                    (
                        Some(section_id(*s)),
                        format!(
                            "\"{}\", line {line}: put a dash or colon between the name and the \
                         number, e.g. \"Mum — 07700 900123\".",
                            s.title()
                        ),
                    )
                },
            )?;
        }
        let content = content.check().map_err(|e| (field_of(&e), e.to_string()))?;
        let review_due =
            parse_typed_date(&self.form.text(REVIEW_DUE)).map_err(|m| (Some(REVIEW_DUE), m))?;
        let meta = PlanMeta {
            co_produced: self.form.selected(CO_PRODUCED) == 0,
            consent_to_share: self.form.selected(CONSENT) == 0,
            copy_holders: self.form.text(COPY_HOLDERS),
            review_due,
        }
        .check(self.start.today)
        .map_err(|e| (field_of(&e), e.to_string()))?;
        Ok((content, meta))
    }

    /// Everything typed, unchecked, for a draft: nothing is lost, even a half-typed number.
    /// A review date that does not read yet keeps the one the form started with.
    pub fn snapshot(&self) -> (PlanContent, PlanMeta) {
        let mut content = PlanContent::default();
        for s in Section::ALL.iter() {
            let _ = set_section(&mut content, *s, &self.form.text(section_id(*s)), true);
        }
        let review_due = parse_typed_date(&self.form.text(REVIEW_DUE))
            .unwrap_or_else(|_| self.start.meta().review_due);
        let meta = PlanMeta {
            co_produced: self.form.selected(CO_PRODUCED) == 0,
            consent_to_share: self.form.selected(CONSENT) == 0,
            copy_holders: self.form.text(COPY_HOLDERS),
            review_due,
        };
        (content, meta)
    }

    pub fn has_changes(&self) -> bool {
        self.form.has_changes()
    }

    /// The label of the section or field with the cursor, kept with a draft.
    pub fn focused_label(&self) -> String {
        self.form.focused_label()
    }

    /// Back in a kept draft: the cursor where it was when the draft was kept.
    pub fn focus_on_label(&mut self, label: &str) {
        self.form.focus_on_label(label);
    }

    pub fn refuse(&mut self, message: String) {
        self.form.error(message);
    }

    /// Pasted text into the focused section or field; while the service picker is open, a
    /// name pasted narrows it as typing would.
    pub fn paste(&mut self, text: &str) {
        match &mut self.picker {
            Some(picker) => {
                let typed: String = text.trim().chars().filter(|c| !c.is_control()).collect();
                if (picker.filter.chars().count() + typed.chars().count()) <= 40 {
                    picker.filter.push_str(&typed);
                    picker.follow_filter();
                }
            }
            None => {
                self.form.paste(text);
            }
        }
    }

    /// Characters typed faster than a frame, into the section being written, as the same keys
    /// one by one would go ([`FieldForm::type_text`]); false, with nothing done, while the
    /// service picker is open (its letters narrow it) or the cursor is not in a text field.
    pub fn type_text(&mut self, text: &str) -> bool {
        self.picker.is_none() && self.form.type_text(text).is_some()
    }

    /// True while Enter starts a new line in the section being written.
    pub fn types_lines(&self) -> bool {
        self.picker.is_none() && self.form.types_lines()
    }

    pub fn handle_key(&mut self, key: KeyEvent, directory: &[DirectoryEntry]) -> EditorEvent {
        if let Some(picker) = &mut self.picker {
            let shown = picker.shown();
            let at = shown.iter().position(|i| *i == picker.selected);
            match PICKER.resolve(key) {
                // Esc empties the filter first, then closes.
                Some(PickerKey::Close) if !picker.filter.is_empty() => {
                    picker.filter.clear();
                    picker.follow_filter();
                }
                Some(PickerKey::Close) => self.picker = None,
                Some(PickerKey::Add) => {
                    // Only an offer on show is added (none is, when nothing matches).
                    if let (Some(_), Some(offer)) = (at, picker.offers.get(picker.selected)) {
                        let line = lines::contact_line(&offer.contact);
                        let f = section_id(Section::Professionals);
                        self.form.append_line(f, &line);
                        self.form.focus_on(f);
                        self.picker = None;
                    }
                }
                Some(PickerKey::Unnarrow) => {
                    picker.filter.pop();
                    picker.follow_filter();
                }
                Some(PickerKey::Move) => {
                    let to = crate::ui::widgets::list::moved_by_arrows(
                        key,
                        at.unwrap_or(0),
                        shown.len(),
                    );
                    if let Some(&i) =
                        to.and_then(|to| shown.get(to.min(shown.len().saturating_sub(1))))
                    {
                        picker.selected = i;
                    }
                }
                // Letters narrow the offers (j and k too: the arrows move).
                None => {
                    if let KeyCode::Char(c) = key.code
                        && !key.modifiers.contains(KeyModifiers::CONTROL)
                        && !c.is_control()
                        && picker.filter.chars().count() < 40
                    {
                        picker.filter.push(c);
                        picker.follow_filter();
                    }
                }
            }
            return EditorEvent::None;
        }
        if EDITOR.resolve(key) == Some(EditorKey::AddService) {
            let offers = offers(
                &self.form.text(section_id(Section::Professionals)),
                directory,
            );
            if offers.is_empty() {
                self.form.message = Some(Message::Info(
                    "The national lines and every directory service are already listed.".into(),
                ));
            } else {
                self.picker = Some(Picker {
                    offers,
                    selected: 0,
                    filter: String::new(),
                });
            }
            return EditorEvent::None;
        }
        match self.form.handle_key(key) {
            FieldsEvent::Cancel => EditorEvent::Cancel {
                discard_draft: self.from_draft,
            },
            FieldsEvent::Submit => match self.read() {
                Ok(plan) => EditorEvent::Save(Box::new(plan)),
                Err((field, message)) => {
                    if let Some(f) = field {
                        self.form.focus_on(f);
                    }
                    self.form.error(message);
                    EditorEvent::None
                }
            },
            _ => EditorEvent::None,
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        let [head, body] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(5)]).areas(area);
        let focused = Section::ALL
            .iter()
            .find(|s| self.form.is_focused(section_id(**s)));
        let (title, prompt) = match focused {
            Some(s) => (s.title(), s.prompt()),
            None => (
                "About this plan",
                "Written together, consent to share, who has a copy, when it is reviewed",
            ),
        };
        frame.render_widget(
            Paragraph::new(vec![
                Line::styled(format!(" {title}"), theme.title()),
                Line::styled(format!(" {prompt}"), theme.dim()),
            ]),
            head,
        );
        self.form
            .render(frame, body, theme, &view_bindings::editor_footer());
        if let Some(picker) = &self.picker {
            picker.render(frame, crate::ui::centered(body, 76, 14), theme);
        }
    }

    #[cfg(test)]
    fn picker_open(&self) -> bool {
        self.picker.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn start() -> EditStart {
        EditStart {
            person_id: 7,
            visitor: "Sam".into(),
            plan_id: None,
            base: None,
            today: today(),
            review_days: 90,
        }
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn a_review_date_the_lead_chose_is_kept_and_only_a_passed_one_defaults() {
        let chosen = today() + Duration::days(14);
        let saved = |review_due| EditStart {
            plan_id: Some(1),
            base: Some((
                1,
                PlanContent::default(),
                PlanMeta {
                    review_due,
                    ..PlanMeta::new(today(), 90)
                },
            )),
            ..start()
        };
        assert_eq!(saved(chosen).meta().review_due, chosen);
        assert_eq!(
            saved(today() - Duration::days(1)).meta().review_due,
            today() + Duration::days(90)
        );
        assert_eq!(start().meta().review_due, today() + Duration::days(90));
    }

    fn type_text(e: &mut Editor, text: &str) {
        for c in text.chars() {
            let code = if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            };
            e.handle_key(key(code), &[]);
        }
    }

    #[test]
    fn a_new_plan_reviews_after_the_default_interval_and_refuses_to_be_empty() {
        let e = Editor::new(start(), None);
        assert_eq!(e.form.text(REVIEW_DUE), "20/02/2027");
        assert_eq!(e.form.text(CO_PRODUCED), "Yes");
        assert_eq!(e.form.text(CONSENT), "No");
        let (field, message) = e.read().unwrap_err();
        assert_eq!(field, None);
        assert!(message.starts_with("The plan is empty"), "{message}");
    }

    #[test]
    fn sections_read_back_one_entry_per_line() {
        let mut e = Editor::new(start(), None);
        type_text(&mut e, "Not sleeping\n\nPacing");
        e.form.focus_on(section_id(Section::PeopleToAsk));
        type_text(&mut e, "Mum - 07700 900123");
        e.form.focus_on(section_id(Section::WhatHelps));
        type_text(&mut e, "A quiet room.\nNot being rushed.");
        let (content, meta) = e.read().unwrap();
        assert_eq!(content.warning_signs, ["Not sleeping", "Pacing"]);
        assert_eq!(content.people_to_ask, [Contact::new("Mum", "07700 900123")]);
        assert_eq!(content.what_helps, "A quiet room.\nNot being rushed.");
        assert_eq!(meta.review_due, today() + Duration::days(90));
        assert!(meta.co_produced && !meta.consent_to_share);
    }

    #[test]
    fn a_bad_phone_or_line_is_refused_on_its_field_and_the_draft_keeps_it() {
        let mut e = Editor::new(start(), None);
        e.form.focus_on(section_id(Section::PeopleToAsk));
        type_text(&mut e, "Mum — 0123");
        e.form.focus_on(section_id(Section::WarningSigns));
        assert!(matches!(
            e.handle_key(
                KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
                &[]
            ),
            EditorEvent::None
        ));
        assert!(
            e.form.is_focused(section_id(Section::PeopleToAsk)),
            "focus moves to the contacts"
        );
        let shown = e.form.message.as_ref().unwrap().text().to_string();
        assert!(shown.contains("is not a UK number"), "{shown}");
        assert_eq!(
            e.form.text(section_id(Section::PeopleToAsk)),
            "Mum — 0123",
            "nothing typed is lost"
        );

        let mut e = Editor::new(start(), None);
        e.form.focus_on(section_id(Section::Professionals));
        type_text(&mut e, "GP\nDr Shah 0161 496 0000");
        let (field, message) = e.read().unwrap_err();
        assert_eq!(field, Some(section_id(Section::Professionals)));
        assert!(message.contains("line 2"), "{message}");
        let (draft, _) = e.snapshot();
        assert_eq!(
            draft.professionals,
            [
                Contact::new("GP", ""),
                Contact::new("Dr Shah 0161 496 0000", "")
            ]
        );
    }

    #[test]
    fn a_review_date_is_typed_and_checked() {
        let mut e = Editor::new(start(), None);
        type_text(&mut e, "Not sleeping");
        e.form.focus_on(REVIEW_DUE);
        for _ in 0..10 {
            e.handle_key(key(KeyCode::Backspace), &[]);
        }
        type_text(&mut e, "31/02/2027");
        assert_eq!(
            e.read().unwrap_err(),
            (Some(REVIEW_DUE), "31/02/2027 does not exist.".into())
        );
        for _ in 0..10 {
            e.handle_key(key(KeyCode::Backspace), &[]);
        }
        type_text(&mut e, "01/11/2026");
        assert_eq!(e.read().unwrap_err().0, Some(REVIEW_DUE), "in the past");
        assert_eq!(
            e.snapshot().1.review_due,
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            "a draft keeps any date that reads"
        );
    }

    #[test]
    fn the_service_picker_narrows_as_typed_or_pasted_and_esc_clears_before_closing() {
        let directory: Vec<DirectoryEntry> = ["Shelter housing helpline", "Mind Infoline"]
            .iter()
            .enumerate()
            .map(|(i, n)| DirectoryEntry {
                id: i as i64 + 1,
                name: n.to_string(),
                category: "national helpline".into(),
                phone: Some(format!("0808 800 000{i}")),
            })
            .collect();
        let mut e = Editor::new(start(), None);
        e.form.focus_on(section_id(Section::Professionals));
        let ctrl_o = KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL);
        e.handle_key(ctrl_o, &directory);
        let shown = |e: &Editor| {
            let p = e.picker.as_ref().unwrap();
            p.shown()
                .iter()
                .map(|i| p.offers[*i].contact.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(shown(&e).len(), 5, "three national lines and two services");
        // j and k are letters here: "info" narrows to Mind Infoline only.
        for c in "INFO".chars() {
            e.handle_key(key(KeyCode::Char(c)), &directory);
        }
        assert_eq!(shown(&e), ["Mind Infoline"]);
        e.handle_key(key(KeyCode::Esc), &directory);
        assert!(e.picker_open(), "Esc cleared the filter first");
        assert_eq!(shown(&e).len(), 5);
        e.paste("shelter");
        assert_eq!(shown(&e), ["Shelter housing helpline"]);
        e.handle_key(key(KeyCode::Enter), &directory);
        assert!(!e.picker_open());
        assert_eq!(
            e.form.text(section_id(Section::Professionals)),
            "Shelter housing helpline — 0808 800 0000"
        );
        e.handle_key(ctrl_o, &directory);
        e.handle_key(key(KeyCode::Esc), &directory);
        assert!(!e.picker_open(), "with no filter, Esc closes");
    }

    #[test]
    fn the_national_lines_and_directory_services_are_offered_once() {
        let directory = vec![
            DirectoryEntry {
                id: 1,
                name: "Samaritans".into(),
                category: "national helpline".into(),
                phone: Some("116 123".into()),
            },
            DirectoryEntry {
                id: 2,
                name: "NHS 111".into(),
                category: "NHS".into(),
                phone: Some("111".into()),
            },
            DirectoryEntry {
                id: 3,
                name: "Example Town crisis team".into(),
                category: "local".into(),
                phone: Some("01632 960000".into()),
            },
            DirectoryEntry {
                id: 4,
                name: "Drop-in".into(),
                category: "local".into(),
                phone: None,
            },
        ];
        let mut e = Editor::new(start(), None);
        e.form.focus_on(section_id(Section::Professionals));
        type_text(&mut e, "Samaritans — 116 123");
        let offered: Vec<String> =
            offers(&e.form.text(section_id(Section::Professionals)), &directory)
                .iter()
                .map(|o| o.contact.name.clone())
                .collect();
        assert_eq!(
            offered,
            [
                "NHS 111, the mental health option",
                "SHOUT (text)",
                "Example Town crisis team"
            ]
        );
        e.handle_key(
            KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL),
            &directory,
        );
        assert!(e.picker_open());
        e.handle_key(key(KeyCode::Enter), &directory);
        assert!(!e.picker_open());
        assert_eq!(
            e.form.text(section_id(Section::Professionals)),
            "Samaritans — 116 123\nNHS 111, the mental health option — 111"
        );
        let (content, _) = e.read().unwrap();
        assert!(content.missing_national_lines().len() == 1);
    }

    #[test]
    fn editing_starts_from_the_saved_version_keeping_its_review_date() {
        let saved = PlanContent {
            warning_signs: vec!["Pacing".into()],
            people_to_ask: vec![Contact::new("Mum", "07700 900123")],
            reasons_for_living: "My dog.\nMy sister.".into(),
            ..Default::default()
        };
        let meta = PlanMeta {
            co_produced: false,
            consent_to_share: true,
            copy_holders: "Me".into(),
            review_due: today(),
        };
        let e = Editor::new(
            EditStart {
                plan_id: Some(3),
                base: Some((2, saved.clone(), meta)),
                ..start()
            },
            None,
        );
        assert!(e.form.title.contains("saving makes version 3"));
        let (content, meta) = e.read().unwrap();
        assert_eq!(content, saved);
        assert!(!meta.co_produced && meta.consent_to_share);
        assert_eq!(meta.copy_holders, "Me");
        // The lead's date stands (due today is not yet passed); it is not reset to 90 days.
        assert_eq!(meta.review_due, today());
        assert!(!e.has_changes());
    }
}

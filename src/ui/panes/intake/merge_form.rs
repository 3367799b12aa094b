//! Merging this person with another record of them (`M` in a visit): find the other record
//! (the same search as Ctrl-f), then see both side by side and choose, row by row, which
//! record's detail is kept (Space or ←/→), give a reason, and confirm. A merge that cannot be
//! done safely says why in words, before any key is pressed to save. The form is a draft.

use super::list_bindings::{MERGE, MergeKey as Key};
use crate::domain::correction::{REASON_MAX, check_reason};
use crate::domain::draft::{DraftField, DraftKey, DraftValue, FormDraft, FormKind};
use crate::domain::merge::{
    MergeChoice, MergeField, MergeRequest, MergeSide, PlanRule, Side, check, plan_rule,
};
use crate::domain::person::PersonSummary;
use crate::ui::find::{FindAction, FindOverlay};
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::hint;
use crate::ui::widgets::hits::{self, Hit};
use crate::ui::widgets::input::TextInput;
use crate::ui::widgets::message::Message;
use chrono_tz::Tz;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// The reason's row, after the detail rows.
const REASON_ROW: usize = MergeField::ALL.len();
/// The reason's label, as the draft keeps it.
const REASON_LABEL: &str = "Reason";

pub enum Step {
    Find(FindOverlay),
    Form(Box<MergeForm>),
}

/// The merge, from the person whose visit is open (`from`).
pub struct MergeFlow {
    pub from: i64,
    pub step: Step,
}

/// What a key in the merge asks the app for.
pub enum MergeKey {
    Search(String),
    Pick(i64),
    Submit(MergeRequest),
    Back,
    Nothing,
}

impl MergeFlow {
    pub fn new(from: i64) -> Self {
        MergeFlow {
            from,
            step: Step::Find(FindOverlay::titled(
                "Merge with which record? Find the other one",
            )),
        }
    }

    pub fn form(a: MergeSide, b: MergeSide) -> Self {
        MergeFlow {
            from: a.id,
            step: Step::Form(Box::new(MergeForm::new(a, b))),
        }
    }

    /// Search results; the person the merge started from is left out.
    pub fn set_results(&mut self, mut found: Vec<PersonSummary>) {
        if let Step::Find(f) = &mut self.step {
            found.retain(|p| p.id != self.from);
            f.set_results(found);
        }
    }

    pub fn refuse(&mut self, message: String) {
        if let Step::Form(f) = &mut self.step {
            f.confirming = false;
            f.message = Some(Message::Error(message));
        }
    }

    pub fn key(&mut self, key: KeyEvent) -> MergeKey {
        match &mut self.step {
            Step::Find(f) => match f.handle_key(key) {
                Some(FindAction::Search(q)) => MergeKey::Search(q),
                Some(FindAction::Choose(id)) => MergeKey::Pick(id),
                Some(FindAction::Close) => MergeKey::Back,
                None => MergeKey::Nothing,
            },
            Step::Form(f) => f.key(key),
        }
    }

    pub fn paste(&mut self, text: &str) -> MergeKey {
        match &mut self.step {
            Step::Find(f) => match f.paste(text) {
                Some(FindAction::Search(q)) => MergeKey::Search(q),
                _ => MergeKey::Nothing,
            },
            Step::Form(f) => {
                if f.focus == REASON_ROW {
                    f.message = f
                        .reason
                        .paste(text)
                        .err()
                        .map(|r| Message::Error(r.message(REASON_LABEL)));
                }
                MergeKey::Nothing
            }
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, tz: Tz) {
        match &self.step {
            Step::Find(f) => f.render(frame, theme, tz),
            Step::Form(f) => f.render(frame, area, theme),
        }
    }

    pub fn mode_name(&self) -> &'static str {
        match self.step {
            Step::Find(_) => "merge-find",
            Step::Form(_) => "merge",
        }
    }

    pub fn draft_key(&self) -> Option<DraftKey> {
        match &self.step {
            Step::Form(f) => Some(f.draft_key()),
            Step::Find(_) => None,
        }
    }

    pub fn draft(&self) -> Option<FormDraft> {
        match &self.step {
            Step::Form(f) => f.draft(),
            Step::Find(_) => None,
        }
    }

    pub fn fill(&mut self, draft: &FormDraft) -> bool {
        match &mut self.step {
            Step::Form(f) => f.fill(draft),
            Step::Find(_) => false,
        }
    }
}

/// The record a merge draft is for: "A+B".
pub fn draft_record(a: i64, b: i64) -> String {
    format!("{a}+{b}")
}

/// The two ids of a merge draft's record.
pub fn parse_draft_record(record: &str) -> Option<(i64, i64)> {
    let (a, b) = record.split_once('+')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

pub struct MergeForm {
    pub a: MergeSide,
    pub b: MergeSide,
    pub choice: MergeChoice,
    initial: MergeChoice,
    /// A detail row (0..5) or the reason (5).
    pub focus: usize,
    pub reason: TextInput,
    pub message: Option<Message>,
    /// Asked "merge? y": the next key decides.
    pub confirming: bool,
    confirming_discard: bool,
}

impl MergeForm {
    pub fn new(a: MergeSide, b: MergeSide) -> Self {
        let choice = MergeChoice::suggested(&a, &b);
        MergeForm {
            a,
            b,
            choice,
            initial: choice,
            focus: 0,
            reason: TextInput::new(REASON_MAX),
            message: None,
            confirming: false,
            confirming_discard: false,
        }
    }

    fn side(&self, s: Side) -> &MergeSide {
        match s {
            Side::A => &self.a,
            Side::B => &self.b,
        }
    }

    fn has_changes(&self) -> bool {
        self.choice != self.initial || !self.reason.is_empty()
    }

    /// Why the merge as chosen cannot be done, in words.
    pub fn refusal(&self) -> Option<String> {
        check(&self.a, &self.b, self.choice.record)
            .err()
            .map(|r| r.message())
    }

    fn request(&self) -> Result<MergeRequest, String> {
        if let Some(r) = self.refusal() {
            return Err(r);
        }
        let reason = check_reason(self.reason.value())
            .map_err(|_| "A reason for the merge is needed (one short line).".to_string())?;
        Ok(MergeRequest {
            a: self.a.id,
            b: self.b.id,
            choice: self.choice,
            reason,
        })
    }

    fn key(&mut self, key: KeyEvent) -> MergeKey {
        if self.confirming {
            self.confirming = false;
            self.message = None;
            if crate::ui::keys::says_yes(key) {
                return match self.request() {
                    Ok(r) => MergeKey::Submit(r),
                    Err(m) => {
                        self.message = Some(Message::Error(m));
                        MergeKey::Nothing
                    }
                };
            }
            return MergeKey::Nothing;
        }
        if self.confirming_discard {
            self.confirming_discard = false;
            self.message = None;
            if key.code == KeyCode::Esc {
                return MergeKey::Back;
            }
        }
        let rows = REASON_ROW + 1;
        let on_reason = self.focus == REASON_ROW;
        match MERGE.resolve(key) {
            Some(Key::Cancel) if self.has_changes() => {
                self.confirming_discard = true;
                self.message = Some(Message::Error(
                    "You have unsaved changes: Esc again discards this draft; any other key keeps editing."
                        .into(),
                ));
            }
            Some(Key::Cancel) => return MergeKey::Back,
            Some(Key::Merge) => self.ask(),
            Some(Key::Enter) if on_reason => self.ask(),
            Some(Key::Next | Key::Enter) => self.focus = (self.focus + 1) % rows,
            Some(Key::Previous) => self.focus = (self.focus + rows - 1) % rows,
            _ if on_reason => {
                self.message = self
                    .reason
                    .try_key(key)
                    .err()
                    .map(|r| Message::Error(r.message(REASON_LABEL)));
            }
            Some(Key::KeepFirst) => self.choose(Side::A),
            Some(Key::KeepSecond) => self.choose(Side::B),
            Some(Key::Toggle) => {
                if let Some(&field) = MergeField::ALL.get(self.focus) {
                    self.choose(self.choice.get(field).other());
                }
            }
            None => {}
        }
        MergeKey::Nothing
    }

    fn choose(&mut self, side: Side) {
        if let Some(&field) = MergeField::ALL.get(self.focus) {
            self.choice.set(field, side);
            self.message = None;
        }
    }

    /// Ctrl-s: refused in words, or asked to confirm.
    fn ask(&mut self) {
        match self.request() {
            Ok(_) => {
                self.confirming = true;
                let (survivor, absorbed) = match self.choice.record {
                    Side::A => (&self.a, &self.b),
                    Side::B => (&self.b, &self.a),
                };
                self.message = Some(Message::Info(format!(
                    "Merge #{} into #{}? Everything of #{} moves to #{}. {}",
                    absorbed.id,
                    survivor.id,
                    absorbed.id,
                    survivor.id,
                    crate::ui::keys::confirm_hint("merges", " goes back")
                )));
            }
            Err(m) => {
                if m.contains("reason") {
                    self.focus = REASON_ROW;
                }
                self.message = Some(Message::Error(m));
            }
        }
    }

    fn draft_key(&self) -> DraftKey {
        DraftKey::new(FormKind::MergePeople, draft_record(self.a.id, self.b.id))
    }

    fn draft(&self) -> Option<FormDraft> {
        if !self.has_changes() {
            return None;
        }
        let mut fields: Vec<DraftField> = MergeField::ALL
            .iter()
            .map(|f| DraftField {
                label: f.label().into(),
                value: DraftValue::Choice(format!("#{}", self.side(self.choice.get(*f)).id)),
                focused: false,
            })
            .collect();
        fields.push(DraftField {
            label: REASON_LABEL.into(),
            value: DraftValue::Text(self.reason.value().to_string()),
            focused: false,
        });
        Some(FormDraft {
            key: self.draft_key(),
            person_id: Some(self.a.id),
            fields,
        })
    }

    fn fill(&mut self, draft: &FormDraft) -> bool {
        if draft.key != self.draft_key() {
            return false;
        }
        for f in MergeField::ALL {
            if let Some(DraftValue::Choice(c)) = draft.value(f.label()) {
                if *c == format!("#{}", self.a.id) {
                    self.choice.set(f, Side::A);
                } else if *c == format!("#{}", self.b.id) {
                    self.choice.set(f, Side::B);
                }
            }
        }
        if let Some(DraftValue::Text(t)) = draft.value(REASON_LABEL) {
            self.reason.set(t);
        }
        self.message = Some(Message::Info(
            "Continuing your unsaved draft. Ctrl-s merges; Esc twice discards it.".into(),
        ));
        true
    }

    /// A detail of one record as shown in its column.
    fn value(&self, field: MergeField, s: Side) -> String {
        let side = self.side(s);
        let d = &side.details;
        let text = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(safe)
                .unwrap_or_else(|| "—".into())
        };
        match field {
            MergeField::Record => format!(
                "#{} · {}",
                side.id,
                crate::domain::plural::count(side.visits, "visit", "visits")
            ),
            MergeField::DisplayName => text(&d.display_name),
            MergeField::FullName => text(&d.full_name),
            MergeField::Phone => text(&d.phone),
            MergeField::DateOfBirth => d
                .date_of_birth
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_else(|| "—".into()),
        }
    }

    fn plan_text(&self, s: Side) -> String {
        let side = self.side(s);
        let other = self.side(s.other());
        let Some(v) = side.plan_version else {
            return "—".into();
        };
        let kept = self.choice.record == s;
        let rule = if kept {
            plan_rule(true, other.plan_version.is_some())
        } else {
            plan_rule(other.plan_version.is_some(), true)
        };
        match (kept, rule) {
            (true, _) => format!("v{v}, stays current"),
            (false, PlanRule::Move) => format!("v{v}, becomes the plan"),
            (false, _) => format!("v{v}, kept in the history"),
        }
    }

    /// One field's row: its label and both records' values, the one kept marked; a click on
    /// the label focuses the row, on a value keeps it.
    fn field_row(
        &self,
        i: usize,
        field: MergeField,
        at: Rect,
        (label_w, col): (usize, usize),
        theme: &Theme,
    ) -> Line<'static> {
        let fit = |s: String, w: usize| -> String { hint::column(&s, w) };
        let focused = i == self.focus;
        let label_style = if focused {
            theme.focused_field()
        } else {
            theme.title()
        };
        let marker = if focused { "▸ " } else { "  " };
        let mut spans = vec![Span::styled(
            format!("{marker}{}", fit(field.label().into(), label_w)),
            label_style,
        )];
        for s in [Side::A, Side::B] {
            let kept = self.choice.get(field) == s;
            let mark = if kept { "(•) " } else { "( ) " };
            let style = if kept {
                theme.selected()
            } else {
                ratatui::style::Style::default()
            };
            spans.push(Span::styled(
                fit(format!("{mark}{}", self.value(field, s)), col),
                style,
            ));
        }
        // A click on the label focuses the row; on a value, keeps it (the keys: the
        // other side, then Space, which turns to the side clicked).
        let y = at.y;
        let from_focused = hits::distance(self.focus, i);
        let x0 = at.x;
        let xa = x0 + (label_w + 2) as u16;
        let xb = xa + col as u16;
        hits::record(
            Rect::new(x0, y, (label_w + 2) as u16, 1),
            Hit::Field { from_focused },
        );
        for (s, x) in [(Side::A, xa), (Side::B, xb)] {
            let from_cursor = if s == Side::A { 1 } else { -1 };
            hits::record(
                Rect::new(x, y, col as u16, 1),
                Hit::Checkbox {
                    from_focused,
                    from_cursor,
                },
            );
        }
        Line::from(spans)
    }

    /// Who supports each record's person now, and their crisis plans.
    fn info_lines(&self, (label_w, col): (usize, usize), theme: &Theme) -> Vec<Line<'static>> {
        let fit = |s: String, w: usize| -> String { hint::column(&s, w) };
        let info = |label: &str, a: String, b: String| {
            Line::from(vec![
                Span::styled(format!("  {}", fit(label.into(), label_w)), theme.dim()),
                Span::raw(fit(format!("    {a}"), col)),
                Span::raw(fit(format!("    {b}"), col)),
            ])
        };
        let workers = |s: &MergeSide| {
            if s.active_workers.is_empty() {
                "—".to_string()
            } else {
                s.active_workers
                    .iter()
                    .map(|w| safe(&w.1))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        vec![
            info("Peer worker", workers(&self.a), workers(&self.b)),
            info(
                "Crisis plan",
                self.plan_text(Side::A),
                self.plan_text(Side::B),
            ),
        ]
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        let r = crate::ui::centered(area, 78, 19);
        frame.render_widget(Clear, r);
        hits::record(r, Hit::Cover);
        let block = block::titled(" Merge two records of the same person ", theme).title_bottom(
            Line::styled(
                hint::in_border(&super::list_bindings::merge_hint(), r.width),
                theme.dim(),
            ),
        );
        let inner = block.inner(r);
        frame.render_widget(block, r);
        let label_w: usize = 17;
        let col = (inner.width as usize).saturating_sub(label_w + 1) / 2;
        // Columns measured as drawn, whole clusters only: an emoji in a name neither shifts the
        // second column nor is cut in half.
        let fit = |s: String, w: usize| -> String { hint::column(&s, w) };
        let mut lines: Vec<Line<'_>> = vec![
            Line::styled(
                "Choose which record's detail to keep. Everything recorded moves to the",
                theme.dim(),
            ),
            Line::styled(
                "record kept; the other's details stay readable in its history.",
                theme.dim(),
            ),
            Line::from(vec![
                Span::raw(" ".repeat(label_w + 2)),
                Span::styled(
                    fit(format!("    #{} (this visit)", self.a.id), col),
                    theme.title(),
                ),
                Span::styled(format!("    #{}", self.b.id), theme.title()),
            ]),
        ];
        let first_row = inner.y + lines.len() as u16;
        for (i, field) in MergeField::ALL.iter().enumerate() {
            let at = Rect::new(inner.x, first_row + i as u16, inner.width, 1);
            lines.push(self.field_row(i, *field, at, (label_w, col), theme));
        }
        lines.extend(self.info_lines((label_w, col), theme));
        lines.push(Line::raw(""));
        let reason_y = inner.y + lines.len() as u16;
        let focused = self.focus == REASON_ROW;
        lines.push(
            self.reason
                .line("Reason (required)", focused, theme, inner.width as usize),
        );
        hits::record(
            Rect::new(inner.x, reason_y, inner.width, 1),
            Hit::Field {
                from_focused: hits::distance(self.focus, REASON_ROW),
            },
        );
        lines.push(Line::raw(""));
        match (&self.message, self.refusal()) {
            (Some(m), _) => lines.push(m.line(theme)),
            (None, Some(refusal)) => {
                lines.push(Message::Error(refusal).line(theme));
            }
            (None, None) => {
                if let Some(note) = crate::domain::merge::note(&self.a, &self.b) {
                    lines.push(Line::styled(safe(&note), theme.dim()));
                }
            }
        }
        frame.render_widget(
            Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
            inner,
        );
        if focused && !self.confirming {
            let label = "▸ Reason (required): ".chars().count() as u16;
            let room = (inner.width as usize)
                .saturating_sub("Reason (required)".len() + 4 + self.reason.counter_width());
            let col = self.reason.cursor_column(room) as u16;
            frame.set_cursor_position((inner.x + label + col, reason_y));
        }
    }
}

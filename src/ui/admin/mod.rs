//! The Administration screen: staff, the signposting directory, referral sources, the triage
//! table, bank holidays, settings and the audit log viewer. A self-contained component the
//! Reports pane mounts: it holds its own view and form state, turns keys into [`AdminAction`]s
//! for the app to carry out (`app::admin`), and draws what the app loads into it. It never
//! touches the database.
//!
//! Keys (outside forms): `s` staff, `d` directory, `r` referral sources, `t` triage table,
//! `b` bank holidays, `g` settings, `a` audit log; `j`/`k` move, `n` new, `e` or `Enter` edit,
//! `x` retire / reinstate, deactivate / reactivate or remove (asks first), `p` reset a PIN,
//! `/` filter the audit log, `c` clear the filter, `v` verify the hash chain again, `Enter` on
//! an audit entry shows every entry about its record, `Esc` leaves ([`AdminAction::Close`]).

mod drafts;
pub mod forms;
mod view;

#[cfg(test)]
mod tests;

use super::keys::ListMove;
use super::panes::{Pane, PaneView};
use crate::domain::admin::{
    AUDIT_PAGE, AuditFilter, BankHoliday, DirectoryInput, DirectoryRecord, ReferralSourceRecord,
    SettingKey, SettingRow, TriageInput, TriageRecord,
};
use crate::domain::audit::ChainStatus;
use crate::domain::audit::{AuditEntry, RecordKind};
use crate::domain::staff::StaffMember;
use crate::ui::help::HelpRow;
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::fields::{FieldForm, FieldsEvent};
use crate::ui::widgets::message::Message;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use forms::Purpose;
use ratatui::Frame;
use ratatui::layout::Rect;
use zeroize::Zeroizing;

/// The screen's sections, each chosen by a letter (digits switch panes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Staff,
    Directory,
    ReferralSources,
    Triage,
    BankHolidays,
    Settings,
    Audit,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Staff,
        Section::Directory,
        Section::ReferralSources,
        Section::Triage,
        Section::BankHolidays,
        Section::Settings,
        Section::Audit,
    ];

    pub fn key(self) -> char {
        match self {
            Section::Staff => 's',
            Section::Directory => 'd',
            Section::ReferralSources => 'r',
            Section::Triage => 't',
            Section::BankHolidays => 'b',
            Section::Settings => 'g',
            Section::Audit => 'a',
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Section::Staff => "Staff",
            Section::Directory => "Signposting directory",
            Section::ReferralSources => "Referral sources",
            Section::Triage => "Triage table",
            Section::BankHolidays => "Bank holidays",
            Section::Settings => "Settings",
            Section::Audit => "Audit log",
        }
    }

    /// The short name on the section bar.
    fn tab(self) -> &'static str {
        match self {
            Section::Staff => "Staff",
            Section::Directory => "Directory",
            Section::ReferralSources => "Referrals",
            Section::Triage => "Triage",
            Section::BankHolidays => "Holidays",
            Section::Settings => "Settings",
            Section::Audit => "Audit log",
        }
    }

    fn from_key(c: char) -> Option<Section> {
        Self::ALL.into_iter().find(|s| s.key() == c)
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).expect("listed")
    }
}

/// The selected row of `section` in the places of every section, by `Section::index`.
fn place(places: &mut [usize; Section::ALL.len()], section: Section) -> &mut usize {
    let at = section.index().min(places.len() - 1);
    places.get_mut(at).expect("a place for every section")
}

/// A PIN typed on this screen: wiped from memory when dropped, never printed by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct PinText(Zeroizing<String>);

impl PinText {
    pub fn new(pin: &str) -> PinText {
        PinText(Zeroizing::new(pin.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PinText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PinText(..)")
    }
}

/// Everything the screen asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum AdminAction {
    /// Load a section's rows (the audit log: its first page, and the chain check the first
    /// time).
    Load(Section),
    /// Leave the Administration screen.
    Close,
    AddStaff {
        name: String,
        pin: PinText,
        /// The signed-in staff member's own PIN, to confirm it is them.
        your_pin: PinText,
    },
    ResetPin {
        staff_id: i64,
        pin: PinText,
        your_pin: PinText,
    },
    SetStaffActive {
        staff_id: i64,
        active: bool,
    },
    /// Add (no id) or edit a directory entry.
    SaveDirectoryEntry {
        id: Option<i64>,
        entry: DirectoryInput,
    },
    SetDirectoryEntryActive {
        id: i64,
        active: bool,
    },
    SaveReferralSource {
        id: Option<i64>,
        label: String,
        code: String,
    },
    SetReferralSourceActive {
        id: i64,
        active: bool,
    },
    SaveTriageCode {
        new: bool,
        input: TriageInput,
    },
    SetTriageCodeActive {
        code: String,
        active: bool,
    },
    SaveTriageTarget {
        code: String,
        minutes: Option<u32>,
    },
    AddBankHoliday {
        date: NaiveDate,
        name: String,
    },
    RemoveBankHoliday {
        date: NaiveDate,
    },
    SaveSetting {
        key: SettingKey,
        value: String,
    },
    /// A page of the audit log: the first (no `before`) replaces the list, later ones append.
    AuditPage {
        filter: AuditFilter,
        before: Option<i64>,
    },
    VerifyChain,
}

/// What the app loads into the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum AdminData {
    /// Everyone, active or not (the audit log names them too).
    Staff(Vec<StaffMember>),
    Directory(Vec<DirectoryRecord>),
    ReferralSources(Vec<ReferralSourceRecord>),
    /// The triage table, also behind the target-time rows of the settings.
    Triage(Vec<TriageRecord>),
    BankHolidays(Vec<BankHoliday>),
    Settings(Vec<SettingRow>),
    /// A page of the audit log for `filter`; `append` adds it below the rows shown.
    Audit {
        filter: AuditFilter,
        rows: Vec<AuditEntry>,
        append: bool,
    },
    Chain(ChainStatus),
}

enum Mode {
    List,
    Form {
        form: FieldForm,
        purpose: Purpose,
    },
    Confirm {
        question: String,
        action: AdminAction,
    },
}

/// One row of the settings section: a setting, or an active triage code's target time.
/// It borrows the row itself rather than its position, so the list and the rows cannot drift.
#[derive(Debug, Clone, Copy)]
enum SettingsItem<'a> {
    Setting(&'a SettingRow),
    Target(&'a TriageRecord),
}

pub struct AdminScreen {
    section: Section,
    tz: Tz,
    staff: Vec<StaffMember>,
    directory: Vec<DirectoryRecord>,
    sources: Vec<ReferralSourceRecord>,
    triage: Vec<TriageRecord>,
    holidays: Vec<BankHoliday>,
    settings: Vec<SettingRow>,
    audit: Vec<AuditEntry>,
    audit_filter: AuditFilter,
    audit_has_more: bool,
    chain: Option<ChainStatus>,
    /// The selected row of each section, by `Section::index`.
    selected: [usize; Section::ALL.len()],
    mode: Mode,
    pub message: Option<Message>,
}

impl AdminScreen {
    /// An empty screen on the staff section; the app loads the rows.
    pub fn new(tz: Tz) -> AdminScreen {
        AdminScreen {
            section: Section::Staff,
            tz,
            staff: Vec::new(),
            directory: Vec::new(),
            sources: Vec::new(),
            triage: Vec::new(),
            holidays: Vec::new(),
            settings: Vec::new(),
            audit: Vec::new(),
            audit_filter: AuditFilter::default(),
            audit_has_more: false,
            chain: None,
            selected: [0; Section::ALL.len()],
            mode: Mode::List,
            message: None,
        }
    }

    pub fn section(&self) -> Section {
        self.section
    }

    pub fn set_tz(&mut self, tz: Tz) {
        self.tz = tz;
    }

    /// "list", "form" or "confirm", for tests.
    pub fn mode_name(&self) -> &'static str {
        match self.mode {
            Mode::List => "list",
            Mode::Form { .. } => "form",
            Mode::Confirm { .. } => "confirm",
        }
    }

    /// The open form, for tests.
    pub fn form(&self) -> Option<&FieldForm> {
        match &self.mode {
            Mode::Form { form, .. } => Some(form),
            _ => None,
        }
    }

    pub fn chain(&self) -> Option<&ChainStatus> {
        self.chain.as_ref()
    }

    pub fn audit_filter(&self) -> &AuditFilter {
        &self.audit_filter
    }

    pub fn audit_rows(&self) -> &[AuditEntry] {
        &self.audit
    }

    pub fn selected(&self) -> usize {
        self.selected
            .get(self.section.index())
            .copied()
            .unwrap_or_default()
    }

    /// Rows loaded by the app.
    pub fn load(&mut self, data: AdminData) {
        match data {
            AdminData::Staff(rows) => self.staff = rows,
            AdminData::Directory(rows) => self.directory = rows,
            AdminData::ReferralSources(rows) => self.sources = rows,
            AdminData::Triage(rows) => self.triage = rows,
            AdminData::BankHolidays(rows) => self.holidays = rows,
            AdminData::Settings(rows) => self.settings = rows,
            AdminData::Audit {
                filter,
                rows,
                append,
            } => {
                self.audit_has_more = rows.len() == AUDIT_PAGE;
                if append {
                    self.audit.extend(rows);
                } else {
                    self.audit = rows;
                    *place(&mut self.selected, Section::Audit) = 0;
                }
                self.audit_filter = filter;
            }
            AdminData::Chain(status) => self.chain = Some(status),
        }
        for s in Section::ALL {
            let len = self.len(s);
            let sel = place(&mut self.selected, s);
            *sel = (*sel).min(len.saturating_sub(1));
        }
    }

    /// An action succeeded: any form or question closes, and `message` (e.g. "Saved
    /// 19:30:02") shows.
    pub fn done(&mut self, message: Option<String>) {
        self.mode = Mode::List;
        self.message = message.map(Message::Info);
    }

    /// An action was refused: the message shows on the open form, or under the list.
    pub fn refuse(&mut self, text: String) {
        match &mut self.mode {
            Mode::Form { form, .. } => form.error(text),
            _ => {
                self.mode = Mode::List;
                self.message = Some(Message::Error(text));
            }
        }
    }

    fn len(&self, section: Section) -> usize {
        match section {
            Section::Staff => self.staff.len(),
            Section::Directory => self.directory.len(),
            Section::ReferralSources => self.sources.len(),
            Section::Triage => self.triage.len(),
            Section::BankHolidays => self.holidays.len(),
            Section::Settings => self.settings_items().len(),
            Section::Audit => self.audit.len(),
        }
    }

    fn settings_items(&self) -> Vec<SettingsItem<'_>> {
        self.settings
            .iter()
            .map(SettingsItem::Setting)
            .chain(
                self.triage
                    .iter()
                    .filter(|t| t.active)
                    .map(SettingsItem::Target),
            )
            .collect()
    }

    fn info(&mut self, text: &str) -> Option<AdminAction> {
        self.message = Some(Message::Info(text.to_string()));
        None
    }

    fn open_form(&mut self, form: FieldForm, purpose: Purpose) -> Option<AdminAction> {
        self.mode = Mode::Form { form, purpose };
        None
    }

    fn confirm(&mut self, question: String, action: AdminAction) -> Option<AdminAction> {
        self.mode = Mode::Confirm { question, action };
        None
    }

    fn switch(&mut self, section: Section) -> Option<AdminAction> {
        self.section = section;
        self.mode = Mode::List;
        Some(AdminAction::Load(section))
    }

    fn move_by(&mut self, down: bool) -> Option<AdminAction> {
        let len = self.len(self.section);
        let sel = place(&mut self.selected, self.section);
        if down {
            *sel = (*sel + 1).min(len.saturating_sub(1));
            if self.section == Section::Audit && self.audit_has_more && *sel + 1 == len {
                return Some(AdminAction::AuditPage {
                    filter: self.audit_filter.clone(),
                    before: self.audit.last().map(|e| e.id),
                });
            }
        } else {
            *sel = sel.saturating_sub(1);
        }
        None
    }

    /// PgUp / PgDn / Home / End in the section's list; onto the audit log's last loaded
    /// entry, its next page is fetched, as moving down onto it does.
    fn page(&mut self, code: KeyCode) -> Option<AdminAction> {
        let len = self.len(self.section);
        let sel = place(&mut self.selected, self.section);
        let to = crate::ui::widgets::table::moved_by_arrows(code, *sel, len)?;
        if to > *sel && to + 1 == len {
            // Land one short and step down onto it, so the audit log's paging applies.
            *sel = to - 1;
            return self.move_by(true);
        }
        *sel = to;
        None
    }

    fn new_record(&mut self) -> Option<AdminAction> {
        match self.section {
            Section::Staff => self.open_form(forms::add_staff(), Purpose::AddStaff),
            Section::Directory => {
                self.open_form(forms::directory(None), Purpose::Directory { id: None })
            }
            Section::ReferralSources => self.open_form(
                forms::referral_source(None),
                Purpose::ReferralSource { id: None },
            ),
            Section::Triage => self.open_form(forms::triage(None), Purpose::Triage { code: None }),
            Section::BankHolidays => self.open_form(forms::bank_holiday(), Purpose::BankHoliday),
            Section::Settings => self.info("Settings are changed with e, not added."),
            Section::Audit => self.info("The audit log is written by the app, never by hand."),
        }
    }

    fn edit(&mut self) -> Option<AdminAction> {
        let i = self.selected();
        match self.section {
            Section::Staff => self.reset_pin(),
            Section::Directory => {
                let e = self.directory.get(i)?;
                let form = forms::directory(Some(e));
                let id = e.id;
                self.open_form(form, Purpose::Directory { id: Some(id) })
            }
            Section::ReferralSources => {
                let s = self.sources.get(i)?;
                let form = forms::referral_source(Some(s));
                let id = s.id;
                self.open_form(form, Purpose::ReferralSource { id: Some(id) })
            }
            Section::Triage => {
                let t = self.triage.get(i)?;
                let form = forms::triage(Some(t));
                let code = t.code.clone();
                self.open_form(form, Purpose::Triage { code: Some(code) })
            }
            Section::BankHolidays => {
                self.info("A bank holiday is removed (x) and added again (n), not edited.")
            }
            Section::Settings => match self.settings_items().get(i).copied()? {
                SettingsItem::Setting(row) => {
                    let form = forms::setting(row);
                    let key = row.key;
                    self.open_form(form, Purpose::Setting(key))
                }
                SettingsItem::Target(code) => {
                    let form = forms::triage_target(code);
                    let code = code.code.clone();
                    self.open_form(form, Purpose::TriageTarget { code })
                }
            },
            Section::Audit => self.record_history(),
        }
    }

    fn reset_pin(&mut self) -> Option<AdminAction> {
        if self.section != Section::Staff {
            return self.info("p resets a staff member's PIN: press s for staff first.");
        }
        let member = self.staff.get(self.selected())?;
        if !member.active {
            return self.info("Reactivate them first (x), then reset their PIN.");
        }
        let form = forms::reset_pin(member);
        let staff_id = member.id;
        self.open_form(form, Purpose::ResetPin { staff_id })
    }

    /// Enter on an audit entry: every entry about the same record.
    fn record_history(&mut self) -> Option<AdminAction> {
        let e = self.audit.get(self.selected())?;
        let kind = e.record_kind.as_deref().and_then(RecordKind::parse);
        let (Some(kind), Some(id)) = (kind, e.record_id) else {
            return self.info("This entry is not about one record.");
        };
        Some(AdminAction::AuditPage {
            filter: AuditFilter {
                record_kind: Some(kind),
                record_id: Some(id),
                ..AuditFilter::default()
            },
            before: None,
        })
    }

    fn retire(&mut self) -> Option<AdminAction> {
        let i = self.selected();
        match self.section {
            Section::Staff => {
                let m = self.staff.get(i)?;
                let (question, action) = if m.active {
                    (
                        format!(
                            "Deactivate {}? They will no longer be able to sign in; their name stays on past records.",
                            safe(&m.name)
                        ),
                        AdminAction::SetStaffActive {
                            staff_id: m.id,
                            active: false,
                        },
                    )
                } else {
                    (
                        format!(
                            "Reactivate {}? They will be able to sign in again with their PIN.",
                            safe(&m.name)
                        ),
                        AdminAction::SetStaffActive {
                            staff_id: m.id,
                            active: true,
                        },
                    )
                };
                self.confirm(question, action)
            }
            Section::Directory => {
                let e = self.directory.get(i)?;
                let question = if e.active {
                    format!(
                        "Retire \"{}\"? It will no longer be offered for signposting; past visits keep it.",
                        safe(&e.name)
                    )
                } else {
                    format!("Reinstate \"{}\" in the directory?", safe(&e.name))
                };
                let action = AdminAction::SetDirectoryEntryActive {
                    id: e.id,
                    active: !e.active,
                };
                self.confirm(question, action)
            }
            Section::ReferralSources => {
                let s = self.sources.get(i)?;
                let question = if s.active {
                    format!(
                        "Retire the referral source \"{}\"? Intake will no longer offer it; past visits keep it.",
                        safe(&s.label)
                    )
                } else {
                    format!("Reinstate the referral source \"{}\"?", safe(&s.label))
                };
                let action = AdminAction::SetReferralSourceActive {
                    id: s.id,
                    active: !s.active,
                };
                self.confirm(question, action)
            }
            Section::Triage => {
                let t = self.triage.get(i)?;
                let question = if t.active {
                    format!(
                        "Retire triage code {} ({})? Triage will no longer offer it; past visits keep it.",
                        safe(&t.code),
                        safe(&t.label)
                    )
                } else {
                    format!(
                        "Reinstate triage code {} ({})?",
                        safe(&t.code),
                        safe(&t.label)
                    )
                };
                let action = AdminAction::SetTriageCodeActive {
                    code: t.code.clone(),
                    active: !t.active,
                };
                self.confirm(question, action)
            }
            Section::BankHolidays => {
                let h = self.holidays.get(i)?;
                let question = format!(
                    "Remove the bank holiday on {} ({})? Weekday hours will apply that day.",
                    h.date.format("%a %d/%m/%Y"),
                    safe(&h.name)
                );
                let action = AdminAction::RemoveBankHoliday { date: h.date };
                self.confirm(question, action)
            }
            Section::Settings => self.info("Settings are changed (e), never retired."),
            Section::Audit => self.info("The audit log is append-only: nothing in it is removed."),
        }
    }

    fn filter(&mut self) -> Option<AdminAction> {
        if self.section != Section::Audit {
            return self.info("/ filters the audit log: press a for the audit log first.");
        }
        let (form, purpose) = forms::audit_filter(&self.audit_filter, &self.staff);
        self.open_form(form, purpose)
    }

    fn list_key(&mut self, key: KeyEvent) -> Option<AdminAction> {
        self.message = None;
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return None;
        }
        match key.code {
            KeyCode::Esc => Some(AdminAction::Close),
            KeyCode::Down | KeyCode::Char('j') => self.move_by(true),
            KeyCode::Up | KeyCode::Char('k') => self.move_by(false),
            // g is the settings section here: Home and End go to the top and the end.
            code @ (KeyCode::PageUp | KeyCode::PageDown | KeyCode::Home | KeyCode::End) => {
                self.page(code)
            }
            KeyCode::Enter | KeyCode::Char('e') => self.edit(),
            KeyCode::Char('n') => self.new_record(),
            KeyCode::Char('x') => self.retire(),
            KeyCode::Char('p') => self.reset_pin(),
            KeyCode::Char('/') => self.filter(),
            KeyCode::Char('c') if self.section == Section::Audit => Some(AdminAction::AuditPage {
                filter: AuditFilter::default(),
                before: None,
            }),
            KeyCode::Char('v') if self.section == Section::Audit => Some(AdminAction::VerifyChain),
            KeyCode::Char(c) => Section::from_key(c).and_then(|s| self.switch(s)),
            _ => None,
        }
    }

    fn confirm_key(&mut self, key: KeyEvent) -> Option<AdminAction> {
        let Mode::Confirm { action, .. } = std::mem::replace(&mut self.mode, Mode::List) else {
            return None;
        };
        if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
            Some(action)
        } else {
            self.info("Nothing was changed.")
        }
    }

    fn form_key(&mut self, key: KeyEvent) -> Option<AdminAction> {
        let Mode::Form { form, purpose } = &mut self.mode else {
            return None;
        };
        match form.handle_key(key) {
            FieldsEvent::Cancel => {
                self.mode = Mode::List;
                None
            }
            FieldsEvent::Submit => {
                let read = match purpose {
                    Purpose::AddStaff => forms::read_add_staff(form),
                    Purpose::ResetPin { staff_id } => forms::read_reset_pin(form, *staff_id),
                    Purpose::Directory { id } => Ok(forms::read_directory(form, *id)),
                    Purpose::ReferralSource { id } => Ok(forms::read_referral_source(form, *id)),
                    Purpose::Triage { code } => forms::read_triage(form, code.as_deref()),
                    Purpose::TriageTarget { code } => forms::read_triage_target(form, code),
                    Purpose::BankHoliday => forms::read_bank_holiday(form),
                    Purpose::Setting(key) => Ok(forms::read_setting(form, *key)),
                    Purpose::AuditFilter { staff_ids } => forms::read_audit_filter(form, staff_ids)
                        .map(|filter| AdminAction::AuditPage {
                            filter,
                            before: None,
                        }),
                };
                match read {
                    Ok(action) => Some(action),
                    Err(text) => {
                        form.error(text);
                        None
                    }
                }
            }
            _ => None,
        }
    }
}

impl PaneView for AdminScreen {
    fn captures_input(&self) -> bool {
        !matches!(self.mode, Mode::List)
    }

    fn help_rows(&self) -> Vec<HelpRow> {
        [
            (
                "s d r t b",
                "staff, directory, referral sources, triage, bank holidays",
            ),
            ("g a", "settings, audit log"),
            ("n / e", "add / edit (e on staff resets a PIN)"),
            (
                "x",
                "retire or reinstate, deactivate or reactivate (asks first)",
            ),
            ("p", "reset a staff member's PIN"),
            ("/ c", "filter the audit log / clear the filter"),
            ("v", "verify the audit log's hash chain again"),
            ("Esc", "leave administration"),
        ]
        .into_iter()
        .map(|(k, d)| HelpRow {
            keys: k.into(),
            does: d.into(),
        })
        .collect()
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, _now: DateTime<Utc>) {
        view::render(self, frame, area, theme);
    }
}

impl Pane for AdminScreen {
    type Action = AdminAction;

    fn on_list(&mut self, key: ListMove, now: DateTime<Utc>) -> Option<AdminAction> {
        let code = match key {
            ListMove::Up => KeyCode::Up,
            ListMove::Down => KeyCode::Down,
            ListMove::Open => KeyCode::Enter,
            ListMove::New => KeyCode::Char('n'),
            ListMove::Edit => KeyCode::Char('e'),
            ListMove::Filter => KeyCode::Char('/'),
        };
        self.handle_key(KeyEvent::from(code), now)
    }

    fn handle_key(&mut self, key: KeyEvent, _now: DateTime<Utc>) -> Option<AdminAction> {
        match self.mode {
            Mode::List => self.list_key(key),
            Mode::Form { .. } => self.form_key(key),
            Mode::Confirm { .. } => self.confirm_key(key),
        }
    }

    fn handle_paste(&mut self, text: &str, now: DateTime<Utc>) -> Option<AdminAction> {
        match &mut self.mode {
            Mode::Form { form, .. } => {
                form.paste(text);
                None
            }
            // A list or a yes/no question: the characters act as typed (a pasted "y" answers).
            Mode::List | Mode::Confirm { .. } => crate::ui::panes::paste_as_keys(self, text, now),
        }
    }
}

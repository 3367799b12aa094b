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

mod bindings;
mod drafts;
pub mod forms;
mod keys;
mod view;

#[cfg(test)]
mod tests;

use super::keys::ListMove;
use super::panes::{Pane, PaneView};
use crate::domain::admin::{
    AUDIT_PAGE, AuditFilter, BankHoliday, DirectoryInput, DirectoryRecord, ReferralSourceRecord,
    SettingKey, SettingRow, TriageInput, TriageRecord,
};
use crate::domain::audit::AuditEntry;
use crate::domain::audit::ChainStatus;
use crate::domain::staff::StaffMember;
use crate::ui::help::HelpRow;
use crate::ui::theme::Theme;
use crate::ui::widgets::fields::FieldForm;
use crate::ui::widgets::list::Cursor;
use crate::ui::widgets::message::Message;
use bindings::AdminKey;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use crossterm::event::{KeyCode, KeyEvent};
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
            // "Audit log" would not fit the bar at 80 columns; the section's title says it.
            Section::Audit => "Audit",
        }
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).expect("listed")
    }
}

/// The selected row of `section` in the places of every section, by `Section::index`.
fn place(places: &mut [Cursor; Section::ALL.len()], section: Section) -> &mut Cursor {
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
    chain: Option<ChainStatus>,
    /// The selected row of each section, by `Section::index` (the audit log's is paged).
    selected: [Cursor; Section::ALL.len()],
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
            chain: None,
            selected: Section::ALL.map(|s| match s {
                Section::Audit => Cursor::paged(AUDIT_PAGE, 0),
                _ => Cursor::default(),
            }),
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
            .map_or(0, Cursor::selected)
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
                let cursor = place(&mut self.selected, Section::Audit);
                cursor.set_more(rows.len() == AUDIT_PAGE);
                if append {
                    self.audit.extend(rows);
                } else {
                    self.audit = rows;
                    cursor.select(0, 0);
                }
                self.audit_filter = filter;
            }
            AdminData::Chain(status) => self.chain = Some(status),
        }
        for s in Section::ALL {
            let len = self.len(s);
            place(&mut self.selected, s).clamp(len);
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

    /// More audit entries exist past those loaded.
    fn audit_has_more(&self) -> bool {
        self.selected
            .get(Section::Audit.index())
            .is_some_and(Cursor::has_more)
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
}

impl PaneView for AdminScreen {
    fn captures_input(&self) -> bool {
        !matches!(self.mode, Mode::List)
    }

    fn types_lines(&self) -> bool {
        matches!(&self.mode, Mode::Form { form, .. } if form.types_lines())
    }

    fn help_rows(&self) -> Vec<HelpRow> {
        bindings::help_rows(self.section)
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, _now: DateTime<Utc>) {
        view::render(self, frame, area, theme);
    }
}

impl Pane for AdminScreen {
    type Action = AdminAction;

    fn on_list(&mut self, key: ListMove, now: DateTime<Utc>) -> Option<AdminAction> {
        let (pressed, code) = match key {
            ListMove::Up => (AdminKey::Up, KeyCode::Up),
            ListMove::Down => (AdminKey::Down, KeyCode::Down),
            ListMove::Open => (AdminKey::Edit, KeyCode::Enter),
            ListMove::New => (AdminKey::New, KeyCode::Char('n')),
            ListMove::Edit => (AdminKey::Edit, KeyCode::Char('e')),
            ListMove::Filter => (AdminKey::Filter, KeyCode::Char('/')),
        };
        match self.mode {
            Mode::List => {
                self.message = None;
                self.act(pressed, KeyEvent::from(code))
            }
            _ => self.handle_key(KeyEvent::from(code), now),
        }
    }

    fn handle_key(&mut self, key: KeyEvent, _now: DateTime<Utc>) -> Option<AdminAction> {
        match self.mode {
            Mode::List => self.list_key(key),
            Mode::Form { .. } => self.form_key(key),
            Mode::Confirm { .. } => self.confirm_key(key),
        }
    }

    /// Typing into a form's text field, as its keys one by one ([`Self::form_key`]: typing
    /// never saves or closes it).
    fn handle_typed(
        &mut self,
        text: &str,
        _now: DateTime<Utc>,
    ) -> crate::ui::panes::TypedRun<AdminAction> {
        use crate::ui::panes::TypedRun;
        let taken = match &mut self.mode {
            Mode::Form { form, .. } => form.type_text(text),
            Mode::List | Mode::Confirm { .. } => None,
        };
        match taken {
            Some(_) => TypedRun::Taken(None),
            None => TypedRun::AsKeys,
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

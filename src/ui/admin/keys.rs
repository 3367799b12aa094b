//! The Administration screen's keys: each resolved through the section's table (see
//! `bindings.rs`), then carried out on the list, a form or a question.

use super::bindings::{self, AdminKey};
use super::forms::{self, Purpose};
use super::{AdminAction, AdminScreen, Mode, Section, SettingsItem, place};
use crate::domain::admin::AuditFilter;
use crate::domain::audit::RecordKind;
use crate::ui::keys::Step;
use crate::ui::safe;
use crate::ui::widgets::fields::FieldsEvent;
use crossterm::event::KeyEvent;

impl AdminScreen {
    pub(super) fn switch(&mut self, section: Section) -> Option<AdminAction> {
        self.section = section;
        self.mode = Mode::List;
        Some(AdminAction::Load(section))
    }

    /// A move in the section's list; onto the audit log's last loaded entry, going down,
    /// its next page is fetched.
    pub(super) fn move_by(&mut self, step: Step) -> Option<AdminAction> {
        let len = self.len(self.section);
        let wants_more = place(&mut self.selected, self.section).step(step, len);
        (wants_more && self.section == Section::Audit).then(|| AdminAction::AuditPage {
            filter: self.audit_filter.clone(),
            before: self.audit.last().map(|e| e.id),
        })
    }

    /// PgUp / PgDn / Home / End in the section's list (letters choose sections).
    pub(super) fn page(&mut self, key: KeyEvent) -> Option<AdminAction> {
        self.move_by(crate::ui::widgets::list::arrow_step_of(key)?)
    }

    pub(super) fn new_record(&mut self) -> Option<AdminAction> {
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

    pub(super) fn edit(&mut self) -> Option<AdminAction> {
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

    pub(super) fn reset_pin(&mut self) -> Option<AdminAction> {
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
    pub(super) fn record_history(&mut self) -> Option<AdminAction> {
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

    pub(super) fn retire(&mut self) -> Option<AdminAction> {
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

    pub(super) fn filter(&mut self) -> Option<AdminAction> {
        if self.section != Section::Audit {
            return self.info("/ filters the audit log: press a for the audit log first.");
        }
        let (form, purpose) = forms::audit_filter(&self.audit_filter, &self.staff);
        self.open_form(form, purpose)
    }

    pub(super) fn list_key(&mut self, key: KeyEvent) -> Option<AdminAction> {
        self.message = None;
        let pressed = bindings::resolve(self.section, key)?;
        self.act(pressed, key)
    }

    /// One key of the section's table (or the screen's); `key` says how far a move goes.
    pub(super) fn act(&mut self, pressed: AdminKey, key: KeyEvent) -> Option<AdminAction> {
        match pressed {
            AdminKey::Leave => Some(AdminAction::Close),
            AdminKey::Down => self.move_by(Step::Down),
            AdminKey::Up => self.move_by(Step::Up),
            AdminKey::Page => self.page(key),
            AdminKey::Edit => self.edit(),
            AdminKey::New => self.new_record(),
            AdminKey::Retire => self.retire(),
            AdminKey::ResetPin => self.reset_pin(),
            AdminKey::Filter => self.filter(),
            AdminKey::ClearFilter => Some(AdminAction::AuditPage {
                filter: AuditFilter::default(),
                before: None,
            }),
            AdminKey::Verify => Some(AdminAction::VerifyChain),
            AdminKey::Show(section) => self.switch(section),
        }
    }

    pub(super) fn confirm_key(&mut self, key: KeyEvent) -> Option<AdminAction> {
        let Mode::Confirm { action, .. } = std::mem::replace(&mut self.mode, Mode::List) else {
            return None;
        };
        if crate::ui::keys::says_yes(key) {
            Some(action)
        } else {
            self.info("Nothing was changed.")
        }
    }

    pub(super) fn form_key(&mut self, key: KeyEvent) -> Option<AdminAction> {
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

//! The Administration forms as drafts. A form holding only PINs (resetting one) keeps none,
//! nor does the audit log's filter (it is no record). Reopened when the lead opens the same
//! form again, and after an unlock or Ctrl-r, which open the Administration screen for it.

use super::forms::Purpose;
use super::{AdminAction, AdminScreen, Mode, Section, SettingsItem, place};
use crate::domain::draft::{DraftKey, FormDraft, FormKind};
use crate::ui::panes::drafts::{FormDrafts, draft_of, fill};
use chrono::{DateTime, Utc};

fn key_of(purpose: &Purpose) -> Option<DraftKey> {
    let opt = |kind, id: &Option<i64>| DraftKey {
        kind,
        record: id.map(|i| i.to_string()).unwrap_or_default(),
    };
    Some(match purpose {
        Purpose::AddStaff => DraftKey::fresh(FormKind::AdminStaff),
        Purpose::Directory { id } => opt(FormKind::AdminDirectory, id),
        Purpose::ReferralSource { id } => opt(FormKind::AdminSource, id),
        Purpose::Triage { code } => DraftKey {
            kind: FormKind::AdminTriage,
            record: code.clone().unwrap_or_default(),
        },
        Purpose::TriageTarget { code } => DraftKey::new(FormKind::AdminTarget, code),
        Purpose::BankHoliday => DraftKey::fresh(FormKind::AdminHoliday),
        Purpose::Setting(k) => DraftKey::new(FormKind::AdminSetting, k.key()),
        Purpose::ResetPin { .. } | Purpose::AuditFilter { .. } => return None,
    })
}

impl FormDrafts for AdminScreen {
    fn open_form(&self) -> Option<DraftKey> {
        match &self.mode {
            Mode::Form { purpose, .. } => key_of(purpose),
            _ => None,
        }
    }

    fn open_draft(&self) -> Option<FormDraft> {
        match &self.mode {
            Mode::Form { form, purpose } => draft_of(key_of(purpose)?, form),
            _ => None,
        }
    }

    fn fill_draft(&mut self, draft: &FormDraft) -> bool {
        match &mut self.mode {
            Mode::Form { form, purpose } => {
                key_of(purpose).is_some_and(|key| fill(form, &key, draft))
            }
            _ => false,
        }
    }

    /// Back to the form, as the lead's keys got there: the section first (the app loads its
    /// rows and asks again), then the record, then `n` or `e`.
    fn reopen(&mut self, key: &DraftKey, _now: DateTime<Utc>) -> Option<AdminAction> {
        let section = match key.kind {
            FormKind::AdminStaff => Section::Staff,
            FormKind::AdminDirectory => Section::Directory,
            FormKind::AdminSource => Section::ReferralSources,
            FormKind::AdminTriage => Section::Triage,
            FormKind::AdminHoliday => Section::BankHolidays,
            FormKind::AdminSetting | FormKind::AdminTarget => Section::Settings,
            _ => return None,
        };
        if self.section != section {
            return self.switch(section);
        }
        if key.record.is_empty() {
            return self.new_record();
        }
        let record = key.record.as_str();
        let index = match key.kind {
            FormKind::AdminDirectory => self
                .directory
                .iter()
                .position(|e| e.id.to_string() == record),
            FormKind::AdminSource => self.sources.iter().position(|s| s.id.to_string() == record),
            FormKind::AdminTriage => self.triage.iter().position(|t| t.code == record),
            FormKind::AdminSetting => self.settings_items().iter().position(
                |item| matches!(item, SettingsItem::Setting(row) if row.key.key() == record),
            ),
            FormKind::AdminTarget => self
                .settings_items()
                .iter()
                .position(|item| matches!(item, SettingsItem::Target(t) if t.code == record)),
            _ => None,
        }?;
        let len = self.len(section);
        place(&mut self.selected, section).select(index, len);
        self.edit()
    }
}

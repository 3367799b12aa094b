//! The Administration forms as drafts. A form holding only PINs (resetting one) keeps none,
//! nor does the audit log's filter (it is no record). Reopened when the lead opens the same
//! form again; the app does not steer back into the Administration screen by itself.

use super::forms::Purpose;
use super::{AdminAction, AdminScreen, Mode};
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

    fn reopen(&mut self, _key: &DraftKey, _now: DateTime<Utc>) -> Option<AdminAction> {
        None
    }
}

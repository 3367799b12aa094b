//! Drafts: what a lead has typed into a form but not saved, kept (encrypted, in the store) as
//! they type so a lock, a quit, a signal, a closed terminal or a kill loses at most seconds of
//! it. One shape serves every form: which form it is ([`FormKind`]), which record it is for,
//! whose data it holds (for subject access and erasure), and the fields by label.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Every kind of form that keeps a draft. The code is stored; never change one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FormKind {
    QuickAdd,
    Visit,
    Incident,
    FollowUp,
    Plan,
    Worker,
    TimeOff,
    Supervision,
    Assignment,
    Session,
    EndAssignment,
    HandoverAddendum,
    AdminStaff,
    AdminDirectory,
    AdminSource,
    AdminTriage,
    AdminTarget,
    AdminHoliday,
    AdminSetting,
    /// A correction of a visit's quick-add details and its person's (Intake, `E`).
    CorrectDetails,
    /// An incident's correction; the record is the incident's id.
    CorrectIncident,
    /// Why a follow-up marked done is reopened; the record is the follow-up's id.
    ReopenFollowUp,
    /// An assignment handed to another worker; the record is the assignment's id.
    HandOver,
    /// A logged session's correction; the record is the session's id.
    CorrectSession,
    /// A follow-up being closed (done or cancelled); the record is the follow-up's id.
    CloseFollowUp,
    /// A visit's safeguarding concern being closed; the record is the visit's id.
    CloseSafeguarding,
    /// Two records of the same visitor being merged; the record is "A+B", the two ids.
    MergePeople,
}

impl FormKind {
    pub const ALL: [FormKind; 27] = [
        FormKind::QuickAdd,
        FormKind::Visit,
        FormKind::Incident,
        FormKind::FollowUp,
        FormKind::Plan,
        FormKind::Worker,
        FormKind::TimeOff,
        FormKind::Supervision,
        FormKind::Assignment,
        FormKind::Session,
        FormKind::EndAssignment,
        FormKind::HandoverAddendum,
        FormKind::AdminStaff,
        FormKind::AdminDirectory,
        FormKind::AdminSource,
        FormKind::AdminTriage,
        FormKind::AdminTarget,
        FormKind::AdminHoliday,
        FormKind::AdminSetting,
        FormKind::CorrectDetails,
        FormKind::CorrectIncident,
        FormKind::ReopenFollowUp,
        FormKind::HandOver,
        FormKind::CorrectSession,
        FormKind::CloseFollowUp,
        FormKind::CloseSafeguarding,
        FormKind::MergePeople,
    ];

    /// The stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            FormKind::QuickAdd => "quick_add",
            FormKind::Visit => "visit",
            FormKind::Incident => "incident",
            FormKind::FollowUp => "follow_up",
            FormKind::Plan => "plan",
            FormKind::Worker => "worker",
            FormKind::TimeOff => "time_off",
            FormKind::Supervision => "supervision",
            FormKind::Assignment => "assignment",
            FormKind::Session => "session",
            FormKind::EndAssignment => "end_assignment",
            FormKind::HandoverAddendum => "handover_addendum",
            FormKind::AdminStaff => "admin_staff",
            FormKind::AdminDirectory => "admin_directory",
            FormKind::AdminSource => "admin_source",
            FormKind::AdminTriage => "admin_triage",
            FormKind::AdminTarget => "admin_target",
            FormKind::AdminHoliday => "admin_holiday",
            FormKind::AdminSetting => "admin_setting",
            FormKind::CorrectDetails => "correct_details",
            FormKind::CorrectIncident => "correct_incident",
            FormKind::ReopenFollowUp => "reopen_follow_up",
            FormKind::HandOver => "hand_over",
            FormKind::CorrectSession => "correct_session",
            FormKind::CloseFollowUp => "close_follow_up",
            FormKind::CloseSafeguarding => "close_safeguarding",
            FormKind::MergePeople => "merge_people",
        }
    }

    pub fn from_code(code: &str) -> Option<FormKind> {
        FormKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// What the lead was writing, as a sentence fragment: "a crisis plan", "a session note".
    pub fn label(self) -> &'static str {
        match self {
            FormKind::QuickAdd => "a new visit",
            FormKind::Visit => "a visit's triage",
            FormKind::Incident => "an incident",
            FormKind::FollowUp => "a follow-up",
            FormKind::Plan => "a crisis plan",
            FormKind::Worker => "a peer worker's profile",
            FormKind::TimeOff => "a worker's time off",
            FormKind::Supervision => "a supervision note",
            FormKind::Assignment => "an assignment",
            FormKind::Session => "a session note",
            FormKind::EndAssignment => "an assignment's ending",
            FormKind::HandoverAddendum => "a handover addendum",
            FormKind::AdminStaff => "a new colleague",
            FormKind::AdminDirectory => "a directory entry",
            FormKind::AdminSource => "a referral source",
            FormKind::AdminTriage => "a triage code",
            FormKind::AdminTarget => "a triage target time",
            FormKind::AdminHoliday => "a bank holiday",
            FormKind::AdminSetting => "a setting",
            FormKind::CorrectDetails => "a correction of a visit's details",
            FormKind::CorrectIncident => "a correction of an incident",
            FormKind::ReopenFollowUp => "a follow-up being reopened",
            FormKind::HandOver => "an assignment's hand-over",
            FormKind::CorrectSession => "a correction of a session",
            FormKind::CloseFollowUp => "a follow-up being closed",
            FormKind::CloseSafeguarding => "a safeguarding concern being closed",
            FormKind::MergePeople => "a merge of two records",
        }
    }
}

/// Which form for which record. `record` is empty for a form that creates a record (a quick
/// add, a new worker); otherwise the record's id or code as text ("42", "B").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DraftKey {
    pub kind: FormKind,
    pub record: String,
}

impl DraftKey {
    pub fn new(kind: FormKind, record: impl ToString) -> DraftKey {
        DraftKey {
            kind,
            record: record.to_string(),
        }
    }

    /// A form for a record not yet made.
    pub fn fresh(kind: FormKind) -> DraftKey {
        DraftKey {
            kind,
            record: String::new(),
        }
    }

    /// The record as an id, when it is one.
    pub fn record_id(&self) -> Option<i64> {
        self.record.parse().ok()
    }
}

/// One field's value as typed: text as it stands (unchecked: a half-typed date survives), a
/// choice by its label, the ticked options of a multi-select by label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DraftValue {
    Text(String),
    Choice(String),
    Multi(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftField {
    pub label: String,
    pub value: DraftValue,
    /// The field that had the keyboard, so the lead goes back to typing where they were (a
    /// draft kept before this was recorded has none).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub focused: bool,
}

/// Everything typed into one form. Secrets (PINs, passphrases) are never part of a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormDraft {
    pub key: DraftKey,
    /// The visitor whose data it holds, when there is one (subject access and erasure find
    /// the draft by it).
    pub person_id: Option<i64>,
    pub fields: Vec<DraftField>,
}

impl FormDraft {
    /// The value typed into the field with this label.
    pub fn value(&self, label: &str) -> Option<&DraftValue> {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map(|f| &f.value)
    }

    /// The text of the field with this label, if it is a text field.
    pub fn text(&self, label: &str) -> Option<&str> {
        match self.value(label)? {
            DraftValue::Text(t) | DraftValue::Choice(t) => Some(t),
            DraftValue::Multi(_) => None,
        }
    }
}

/// A draft waiting in the store, as listed at sign-in (no content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingDraft {
    pub key: DraftKey,
    pub person_id: Option<i64>,
    pub saved_at: DateTime<Utc>,
}

/// "1 draft: a crisis plan", "2 drafts: a crisis plan, a session note"; None for none.
pub fn describe(waiting: &[WaitingDraft]) -> Option<String> {
    if waiting.is_empty() {
        return None;
    }
    let n = waiting.len();
    let labels: Vec<&str> = waiting.iter().map(|w| w.key.kind.label()).collect();
    Some(format!(
        "{n} draft{}: {}",
        if n == 1 { "" } else { "s" },
        labels.join(", ")
    ))
}

/// When a changed form's draft is due to be saved: two seconds after the last change, or
/// five after the first change not yet saved, whichever comes first.
pub const SAVE_AFTER_PAUSE_MS: i64 = 2_000;
pub const SAVE_AT_MOST_EVERY_MS: i64 = 5_000;

/// The unsaved span of typing: when its first and its last change happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsaved {
    pub first: DateTime<Utc>,
    pub last: DateTime<Utc>,
}

impl Unsaved {
    pub fn new(at: DateTime<Utc>) -> Unsaved {
        Unsaved {
            first: at,
            last: at,
        }
    }

    pub fn touch(&mut self, at: DateTime<Utc>) {
        self.last = at;
    }

    pub fn due(&self, now: DateTime<Utc>) -> bool {
        (now - self.last).num_milliseconds() >= SAVE_AFTER_PAUSE_MS
            || (now - self.first).num_milliseconds() >= SAVE_AT_MOST_EVERY_MS
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn codes_are_unique_and_round_trip() {
        for k in FormKind::ALL {
            assert_eq!(FormKind::from_code(k.code()), Some(k));
        }
        let mut codes: Vec<_> = FormKind::ALL.iter().map(|k| k.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), FormKind::ALL.len());
        assert_eq!(FormKind::from_code("nonsense"), None);
    }

    #[test]
    fn waiting_drafts_are_described_in_words() {
        let at = Utc.with_ymd_and_hms(2026, 1, 5, 19, 0, 0).unwrap();
        let w = |kind| WaitingDraft {
            key: DraftKey::fresh(kind),
            person_id: None,
            saved_at: at,
        };
        assert_eq!(describe(&[]), None);
        assert_eq!(
            describe(&[w(FormKind::Plan)]).unwrap(),
            "1 draft: a crisis plan"
        );
        assert_eq!(
            describe(&[w(FormKind::Plan), w(FormKind::Session)]).unwrap(),
            "2 drafts: a crisis plan, a session note"
        );
    }

    #[test]
    fn a_draft_is_due_after_a_pause_or_during_long_typing() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 5, 19, 0, 0).unwrap();
        let mut u = Unsaved::new(t0);
        assert!(!u.due(t0 + Duration::milliseconds(1_999)));
        assert!(u.due(t0 + Duration::seconds(2)));
        for ms in (250..5_000).step_by(250) {
            u.touch(t0 + Duration::milliseconds(ms));
            assert!(!u.due(t0 + Duration::milliseconds(ms)));
        }
        assert!(u.due(t0 + Duration::seconds(5)), "typing without a pause");
    }

    #[test]
    fn a_draft_reads_back_by_label() {
        let d = FormDraft {
            key: DraftKey::new(FormKind::Visit, 7),
            person_id: Some(3),
            fields: vec![
                DraftField {
                    label: "Need".into(),
                    value: DraftValue::Text("Low".into()),
                    focused: false,
                },
                DraftField {
                    label: "Tags".into(),
                    value: DraftValue::Multi(vec!["a".into()]),
                    focused: false,
                },
            ],
        };
        assert_eq!(d.text("Need"), Some("Low"));
        assert_eq!(d.text("Tags"), None);
        assert_eq!(d.key.record_id(), Some(7));
        assert_eq!(DraftKey::fresh(FormKind::QuickAdd).record_id(), None);
    }
}

//! One PIN check for every place the app asks for a PIN again (sign-in, authorising a new
//! colleague, handover sign-off and acknowledgement): the same back-off as unlocking (no more
//! than ten wrong PINs in five minutes, delays after three), counted together for the whole
//! session so switching between screens does not reset it, and every wrong PIN audited (ids
//! only: who, what, which record).

use super::error::{AppError, AppResult};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::backoff;
use crate::store::Store;
use chrono::{DateTime, Utc};

/// What a wrong PIN is logged as.
#[derive(Debug, Clone, Copy)]
pub(super) struct PinPurpose {
    pub failed: AuditAction,
    pub kind: RecordKind,
    pub record_id: Option<i64>,
}

impl PinPurpose {
    pub fn sign_in(staff_id: i64) -> Self {
        PinPurpose {
            failed: AuditAction::SignInFailed,
            kind: RecordKind::Staff,
            record_id: Some(staff_id),
        }
    }

    /// `handover_id` 0 is a note not saved yet.
    pub fn sign_off(handover_id: i64) -> Self {
        PinPurpose {
            failed: AuditAction::SignOffFailed,
            kind: RecordKind::Handover,
            record_id: (handover_id != 0).then_some(handover_id),
        }
    }

    pub fn acknowledge(handover_id: i64) -> Self {
        PinPurpose {
            failed: AuditAction::AcknowledgeFailed,
            kind: RecordKind::Handover,
            record_id: Some(handover_id),
        }
    }
}

/// Checks `pin` for `staff_id`. Refuses without looking while the back-off says wait; a
/// wrong PIN is remembered in `failures` and audited. The refusal is `AppError::WrongPin` or
/// `AppError::PinBackoff`. The failure is counted even when its audit row cannot be written
/// (a full disk must not lift the back-off).
pub(super) fn check_pin(
    store: &mut Store,
    failures: &mut Vec<DateTime<Utc>>,
    staff_id: i64,
    pin: &str,
    purpose: PinPurpose,
    now: DateTime<Utc>,
) -> AppResult<()> {
    backoff::prune(failures, now);
    if let Some(at) = backoff::next_attempt_allowed_at(failures, now) {
        let secs = (at - now).num_seconds().max(1);
        return Err(AppError::PinBackoff {
            wait: crate::domain::plural::count(secs as usize, "second", "seconds"),
        });
    }
    if store.verify_pin(staff_id, pin)? {
        return Ok(());
    }
    failures.push(now);
    let _ = store.audit(
        now,
        Some(staff_id),
        purpose.failed,
        Some(purpose.kind),
        purpose.record_id,
    );
    Err(AppError::WrongPin)
}

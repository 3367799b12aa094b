//! A damaged database and a full disk, in the app. At every unlock the file's pages are
//! authenticated (`cipher_integrity_check`: every page read and its HMAC checked, no b-tree
//! walked); a damaged file is opened read-only with a banner saying to restore. A full disk (or
//! that read-only file) never blocks unlocking, signing in or reading: the audit entries those
//! need are held in memory and written, in order and with their own times, as soon as a write
//! succeeds again (tried on the idle tick and before the store closes). Held entries are lost
//! only if the app ends before any write succeeds; the lead is told they are waiting.

use super::App;
use crate::domain::audit::{AuditAction, RecordKind};
use crate::store::{OpenError, Passphrase, Store, StoreError};
use chrono::{DateTime, Utc};

pub(super) const DAMAGED_BANNER: &str = "⚠ This database is DAMAGED and open read-only: nothing can be saved. \
     Restore from a backup (staywell restore); `staywell check` names the damaged pages.";

fn held_back(e: &StoreError) -> bool {
    matches!(e, StoreError::DiskFull | StoreError::ReadOnly)
}

/// Checks the file just unlocked. A damaged one is opened again on a fresh connection (the
/// check's HMAC failure leaves SQLCipher's connection in an error state) and made read-only.
/// Returns the store to use and the banner to show.
pub(super) fn check_on_unlock(
    store: Store,
    passphrase: &Passphrase,
) -> Result<(Store, Option<String>), OpenError> {
    let damaged = match store.damaged_pages() {
        Ok(pages) => !pages.is_empty(),
        // A check that cannot finish is damage too.
        Err(_) => true,
    };
    if !damaged {
        return Ok((store, None));
    }
    let path = store.path().to_path_buf();
    drop(store);
    let mut store = Store::open(&path, passphrase)?;
    // If even query_only cannot be set, writes still meet the damage and fail.
    let _ = store.set_read_only();
    Ok((store, Some(DAMAGED_BANNER.to_string())))
}

/// Failed unlocks not audited yet.
type Failures = Vec<DateTime<Utc>>;

/// Audits the unlock and every failed unlock before it. On a full disk or a read-only file the
/// unlock entry is held and the failures kept (returned) for the next unlock; other errors
/// refuse the unlock as before.
pub(super) fn audit_unlock(
    store: &mut Store,
    failures: Vec<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Failures, (StoreError, Failures)> {
    let kept = match store.audit_recorded_unlock_failures(&failures) {
        Ok(_) => Vec::new(),
        Err(e) if held_back(&e) || store.is_read_only() => failures,
        Err(e) => return Err((e, failures)),
    };
    match store.audit_or_hold(
        now,
        None,
        AuditAction::Unlock,
        Some(RecordKind::Database),
        None,
    ) {
        Ok(_) => Ok(kept),
        Err(e) => Err((e, kept)),
    }
}

/// Audits a sign-in; held (not refused) on a full disk or a read-only file.
pub(super) fn audit_sign_in(
    store: &mut Store,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    store.audit_or_hold(
        now,
        Some(staff_id),
        AuditAction::SignIn,
        Some(RecordKind::Staff),
        Some(staff_id),
    )
}

impl App {
    /// On the idle tick: held audit entries are written once writing works again.
    pub(super) fn write_held_audit(&mut self) {
        let Some(session) = &mut self.session else {
            return;
        };
        if session.store.held_audit_entries() > 0 && session.store.write_held_audit().is_ok() {
            session.needs_checkpoint = true;
        }
    }
}

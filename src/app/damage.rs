//! A damaged database and a full disk, in the app. At the first unlock of a run the file's
//! pages are authenticated (`cipher_integrity_check`: every page read and its HMAC checked, no
//! b-tree walked) on a connection of its own while the lead signs in (`store::page_check`);
//! nothing is written before its verdict, and a damaged file is then made read-only with a
//! banner saying to restore. A full disk (or
//! that read-only file) never blocks unlocking, signing in or reading: the audit entries those
//! need are held in memory and written, in order and with their own times, as soon as a write
//! succeeds again (tried on the idle tick and before the store closes). Held entries are lost
//! only if the app ends before any write succeeds; the lead is told they are waiting. After
//! each frame, the audit entry a key committed without waiting for the disk (opening a plan)
//! is synced (`after_frame`; see `store::durability`).

use super::App;
use crate::domain::audit::{AuditAction, RecordKind};
use crate::store::{PageVerdict, Store, StoreError};
use crate::ui::widgets::message::Message;
use chrono::{DateTime, Utc};

pub(super) const DAMAGED_BANNER: &str = "⚠ This database is DAMAGED and open read-only: nothing can be saved. \
     Restore from a backup (staywell restore); `staywell check` names the damaged pages.";

fn held_back(e: &StoreError) -> bool {
    matches!(e, StoreError::DiskFull | StoreError::ReadOnly)
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
    if store.page_check_pending() {
        // Written with the held unlock entry once the page check finds the file sound.
        let held = store.audit_or_hold(
            now,
            None,
            AuditAction::Unlock,
            Some(RecordKind::Database),
            None,
        );
        return match held {
            Ok(_) => Ok(failures),
            Err(e) => Err((e, failures)),
        };
    }
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
    /// On every tick: the page check's verdict, once it has one. Sound: the failed unlocks
    /// and the entries held meanwhile are written. Damaged: the banner (the store is already
    /// read-only).
    pub(super) fn follow_page_check(&mut self) {
        let Some(session) = &mut self.session else {
            return;
        };
        match session.store.page_check_verdict() {
            None => {}
            Some(PageVerdict::Damaged) => {
                session.damage_banner = Some(DAMAGED_BANNER.to_string());
                self.file_sound = false;
                self.dirty = true;
            }
            Some(PageVerdict::Sound) => {
                self.file_sound = true;
                let failures = std::mem::take(&mut self.unlock_failures);
                if session
                    .store
                    .audit_recorded_unlock_failures(&failures)
                    .is_err()
                {
                    self.unlock_failures = failures;
                }
                if session.store.write_held_audit().is_ok() {
                    session.needs_checkpoint = true;
                }
            }
        }
    }

    /// Before the store closes (lock, quit): waits for the verdict, so what was held for it is
    /// written first, in order.
    pub(super) fn finish_page_check(&mut self) {
        if let Some(session) = &mut self.session {
            session.store.settle_page_check();
        }
        self.follow_page_check();
    }

    /// On the idle tick: held audit entries are written once writing works again.
    pub(super) fn write_held_audit(&mut self) {
        let Some(session) = &mut self.session else {
            return;
        };
        if session.store.held_audit_entries() > 0 && session.store.write_held_audit().is_ok() {
            session.needs_checkpoint = true;
        }
    }

    /// Called by the event loop once a frame is on screen: syncs to the disk what a key
    /// committed without waiting for it (a plan's read is audited on the key that shows the
    /// plan; its fsync comes here, so it is not in the key's time; see `store::durability`).
    /// Returns whether anything was synced.
    pub fn after_frame(&mut self) -> bool {
        let Some(session) = &mut self.session else {
            return false;
        };
        if !session.store.awaits_sync() {
            return false;
        }
        if let Err(e) = session.store.make_durable() {
            // Still in the WAL: tried again after the next frame, or by the next write.
            session.status = Some(Message::Error(e.to_string()));
            self.dirty = true;
            return false;
        }
        true
    }
}

//! The first unlock's page check, off the path to the first frame. Every page's HMAC is read
//! and checked (`cipher_integrity_check`) on a connection of its own, in a thread, while the
//! lead signs in. Until its verdict nothing is written: audit entries are held in memory, a
//! save waits for the verdict, and no checkpoint moves the WAL into the file. A damaged file
//! is then made read-only, as when the check ran before the first frame.

use super::connect::connect;
use super::{Passphrase, Store};
use rusqlite::OpenFlags;
use std::path::PathBuf;
use std::thread::JoinHandle;

/// The check: not asked for, running in its thread (true when it found damage or could not
/// finish), or done with a verdict the app has not taken yet.
#[derive(Default)]
pub(super) enum PageCheck {
    #[default]
    None,
    Running(JoinHandle<bool>),
    Done(PageVerdict),
}

/// What the check found, once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageVerdict {
    Sound,
    Damaged,
}

impl Store {
    /// Starts checking every page on a connection of its own (the passphrase's KDF, if any,
    /// runs in that thread too). The store holds every write until the verdict.
    pub fn check_pages_in_background(&mut self, passphrase: &Passphrase) {
        let (path, for_thread) = (self.path.clone(), passphrase.clone());
        let handle = std::thread::Builder::new()
            .name("page-check".into())
            .spawn(move || damaged(path, &for_thread));
        match handle {
            Ok(h) => self.page_check = PageCheck::Running(h),
            // No thread: check here, as before, rather than not at all.
            Err(_) => self.set_verdict(damaged(self.path.clone(), passphrase)),
        }
    }

    /// The check has not given its verdict yet.
    pub fn page_check_pending(&self) -> bool {
        matches!(self.page_check, PageCheck::Running(_))
    }

    /// The verdict, once, when the check has finished (never waits). A damaged file has been
    /// made read-only by then.
    pub fn page_check_verdict(&mut self) -> Option<PageVerdict> {
        if let PageCheck::Running(h) = &self.page_check {
            if !h.is_finished() {
                return None;
            }
            self.settle_page_check();
        }
        match std::mem::take(&mut self.page_check) {
            PageCheck::Done(v) => Some(v),
            other => {
                self.page_check = other;
                None
            }
        }
    }

    /// Waits for the verdict if the check is still running: before a write, on lock and on
    /// close (so no thread keeps the file and its key open after a lock).
    pub fn settle_page_check(&mut self) {
        if let PageCheck::Running(h) = std::mem::take(&mut self.page_check) {
            // A check that panicked could not finish: damage too.
            self.set_verdict(h.join().unwrap_or(true));
        }
    }

    fn set_verdict(&mut self, damaged: bool) {
        if damaged {
            // If even query_only cannot be set, `write` still refuses.
            let _ = self.conn.execute_batch("PRAGMA query_only = ON;");
            self.read_only = true;
        }
        self.page_check = PageCheck::Done(if damaged {
            PageVerdict::Damaged
        } else {
            PageVerdict::Sound
        });
    }
}

/// Opens `path` for reading only (`query_only`, no journal mode set) and checks every page:
/// true when any is damaged or the check cannot finish.
fn damaged(path: PathBuf, passphrase: &Passphrase) -> bool {
    let Ok(conn) = connect(
        &path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return true;
    };
    if super::open::key_and_verify(&conn, passphrase, &path).is_err()
        || conn.execute_batch("PRAGMA query_only = ON;").is_err()
    {
        return true;
    }
    super::open::cipher_damage(&conn, &path).map_or(true, |pages| !pages.is_empty())
}

//! Two small files kept beside the database (and beside every backup), outside it so that
//! what happens to the database file cannot undo them. Both hold ids and hashes only, never
//! personal data, and are created 0600.
//!
//! - `<db>.audit-head`: the audit chain's head (entry count, last id, hash). Written when the
//!   database is created or upgraded, and moved forward after every committed write that added
//!   audit entries, but only along the chain: if the database no longer holds the head the file
//!   names (entries deleted from the end, or the chain rewritten), the file is left as it is, as
//!   evidence for `check`. A missing file is never re-created by ordinary writes either.
//! - `<db>.erased`: the ids of everyone erased, one a line, appended in order. `restore`
//!   re-applies every id it finds here, in the backup's own list and in both databases.

use super::StoreError;
use super::audit;
use crate::domain::audit::Head;
use rusqlite::Connection;
use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

pub fn anchor_path(db: &Path) -> PathBuf {
    with_suffix(db, ".audit-head")
}

pub fn erased_path(db: &Path) -> PathBuf {
    with_suffix(db, ".erased")
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Invalid(format!("could not write beside the database: {e}"))
}

/// What the anchor file beside a database says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    Missing,
    Unreadable,
    Head(Head),
}

pub fn read_anchor(db: &Path) -> Anchor {
    match std::fs::read_to_string(anchor_path(db)) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Anchor::Missing,
        Err(_) => Anchor::Unreadable,
        Ok(text) => Head::parse_file_text(&text).map_or(Anchor::Unreadable, Anchor::Head),
    }
}

fn open_private(path: &Path, create: bool) -> std::io::Result<File> {
    let f = OpenOptions::new()
        .read(true)
        .write(true)
        .create(create)
        .truncate(false)
        .mode(0o600)
        .open(path)?;
    f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    Ok(f)
}

fn rewrite(f: &mut File, text: &str) -> std::io::Result<()> {
    f.seek(SeekFrom::Start(0))?;
    f.write_all(text.as_bytes())?;
    f.set_len(text.len() as u64)?;
    Ok(())
}

/// Writes the database's current head to its anchor file, whatever the file held before
/// (creating the database, upgrading it, restoring it, making a backup). Returns the head.
pub fn anchor_now(db: &Path, conn: &Connection) -> Result<Option<Head>, StoreError> {
    let head = audit::head(conn)?;
    write_anchor(db, head)?;
    Ok(head)
}

/// Writes a given head to the anchor file beside `db`, whatever it held (a restore, a backup).
pub fn write_anchor(db: &Path, head: Option<Head>) -> Result<(), StoreError> {
    let mut f = open_private(&anchor_path(db), true).map_err(io)?;
    f.lock().map_err(io)?;
    let text = head
        .unwrap_or(Head {
            entries: 0,
            last_id: 0,
            hash: crate::domain::audit::GENESIS,
        })
        .to_file_text();
    rewrite(&mut f, &text).map_err(io)?;
    f.sync_all().map_err(io)?;
    Ok(())
}

/// Moves the anchor forward to the database's head, if the database still holds the head the
/// file names. Returns the head written, or `None` when the file was left alone (missing,
/// unreadable or contradicted: evidence for `check`, never overwritten).
///
/// Not synced: the database commit it follows is durable, so after a crash the file holds an
/// older head of the same chain, which `check` accepts (it reports the newer entries).
pub fn advance_anchor(db: &Path, conn: &Connection) -> Result<Option<Head>, StoreError> {
    let mut f = match open_private(&anchor_path(db), false) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    f.lock().map_err(io)?;
    let mut text = String::new();
    if f.read_to_string(&mut text).is_err() {
        return Ok(None);
    }
    let Some(kept) = Head::parse_file_text(&text) else {
        return Ok(None);
    };
    // Read under the file lock, so whichever writer goes last writes the newest head.
    let Some(head) = audit::head(conn)? else {
        return Ok(None);
    };
    if head == kept {
        return Ok(Some(head));
    }
    let still_there = kept.entries == 0 || audit::hash_of(conn, kept.last_id)? == Some(kept.hash);
    if !still_there || head.entries < kept.entries {
        return Ok(None);
    }
    rewrite(&mut f, &head.to_file_text()).map_err(io)?;
    Ok(Some(head))
}

/// The ids in an erased-ids file, and whether the file exists.
pub fn read_erased(db: &Path) -> (BTreeSet<i64>, bool) {
    match std::fs::read_to_string(erased_path(db)) {
        Ok(text) => (
            text.lines()
                .filter_map(|l| l.trim().parse::<i64>().ok())
                .collect(),
            true,
        ),
        Err(_) => (BTreeSet::new(), false),
    }
}

/// Adds ids to the erased-ids file beside `db` (creating it), keeping those already there.
/// Only appends, under a lock, and syncs: an erasure is recorded here before it is reported.
pub fn record_erased(db: &Path, ids: impl IntoIterator<Item = i64>) -> Result<(), StoreError> {
    let mut f = open_private(&erased_path(db), true).map_err(io)?;
    f.lock().map_err(io)?;
    let mut text = String::new();
    f.read_to_string(&mut text).map_err(io)?;
    let known: BTreeSet<i64> = text.lines().filter_map(|l| l.trim().parse().ok()).collect();
    let mut add = String::new();
    if text.is_empty() {
        add.push_str("# staywell: ids of erased people (no other data); keep with the database\n");
    } else if !text.ends_with('\n') {
        add.push('\n');
    }
    let mut new = BTreeSet::new();
    for id in ids {
        if !known.contains(&id) && new.insert(id) {
            add.push_str(&format!("{id}\n"));
        }
    }
    if new.is_empty() && !text.is_empty() {
        return Ok(());
    }
    f.seek(SeekFrom::End(0)).map_err(io)?;
    f.write_all(add.as_bytes()).map_err(io)?;
    f.sync_all().map_err(io)?;
    Ok(())
}

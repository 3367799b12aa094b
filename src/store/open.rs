//! Opening and creating the database, in the order DESIGN.md §4 fixes:
//! key → silence SQLCipher's log → compatibility → a read (where a wrong key fails) →
//! temp_store, WAL, synchronous=FULL, secure_delete, foreign_keys, page cache.
//! Nothing is written to an existing file until the key has been proven right and the schema
//! found to be ours and not newer than this build.

use super::connect::connect;
use super::{OpenError, Passphrase, Store, migrations, seed, staff};
use crate::domain::audit::{AuditAction, RecordKind};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use secrecy::ExposeSecret;
use std::fs;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;
use zeroize::Zeroizing;

/// Written to the header's application_id so another app's SQLCipher file is told apart from
/// ours even when its passphrase happens to match ("SWEL").
pub const STAYWELL_APPLICATION_ID: i64 = 0x5357_454C;

/// Page cache per connection. The 2 MiB default makes SQLCipher reads that miss the cache 2-3x
/// slower than plain SQLite; 32 MiB keeps a ten-year database's hot pages decrypted
/// (benches/cipher_cache.rs measures it).
pub const PAGE_CACHE_KIB: i64 = 32 * 1024;

const PLAIN_SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// How long to wait for another connection's lock before giving up.
    pub busy_timeout: Duration,
    pub page_cache_kib: i64,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            busy_timeout: Duration::from_secs(5),
            page_cache_kib: PAGE_CACHE_KIB,
        }
    }
}

/// The first staff member, created with a new database.
pub struct CreateOptions<'a> {
    pub first_staff_name: &'a str,
    pub first_staff_pin: &'a str,
}

impl Store {
    /// The checks that need no passphrase (a folder, a plain SQLite file, permissions), so a
    /// caller can refuse before asking for one.
    pub fn preflight(path: &Path) -> Result<(), OpenError> {
        preflight_existing(path)
    }

    /// Opens an existing database with its passphrase. A fresh connection every call.
    pub fn open(path: &Path, passphrase: &Passphrase) -> Result<Store, OpenError> {
        Self::open_with(path, passphrase, &OpenOptions::default())
    }

    pub fn open_with(
        path: &Path,
        passphrase: &Passphrase,
        options: &OpenOptions,
    ) -> Result<Store, OpenError> {
        preflight_existing(path)?;
        let conn = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| OpenError::after_unlock(e, path))?;
        key_and_verify(&conn, passphrase, path)?;
        let found = user_version(&conn).map_err(|e| OpenError::after_unlock(e, path))?;
        let known = migrations::latest_version();
        if found > known {
            return Err(OpenError::NewerSchema { found, known });
        }
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            names: Default::default(),
            plan_counts: Default::default(),
            anchored: Default::default(),
            held_audit: Vec::new(),
            commits: 0,
            durability: Default::default(),
            read_only: false,
            page_check: Default::default(),
        };
        configure(&store.conn, options).map_err(|e| OpenError::after_unlock(e, path))?;
        migrations::to_latest(&mut store.conn).map_err(|e| migration_failed(e, path))?;
        if found < migrations::CONTENT_BINDING_VERSION {
            // The upgrade sealed the signed content and starts the anchor beside the file.
            super::sidecar::anchor_now(path, &store.conn)
                .map_err(|e| OpenError::Other(e.to_string()))?;
        }
        // Reading the staff rows (sign-in needs them next) proves pages beyond the first
        // decrypt. Not count(*): SQLite answers that from an index without touching the table.
        store
            .conn
            .query_row("SELECT sum(length(pin_hash)) FROM staff", [], |r| {
                r.get::<_, Option<i64>>(0)
            })
            .map_err(|e| OpenError::after_unlock(e, path))?;
        Ok(store)
    }

    /// Creates a new database: schema, seed data, settings and its first staff member.
    /// If anything fails, the half-made file is removed.
    pub fn create(
        path: &Path,
        passphrase: &Passphrase,
        first: &CreateOptions<'_>,
        now: DateTime<Utc>,
    ) -> Result<Store, OpenError> {
        preflight_new(path)?;
        let result = create_inner(path, Some(passphrase), first, now);
        if result.is_err() {
            remove_database_files(path);
        }
        result
    }
}

/// What a page-by-page look finds in a file that does not open (or opens and fails a read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamageReport {
    /// SQLCipher's findings, one a line: "HMAC verification failed for page 68", "page 69 has
    /// an invalid size of 2148 bytes (expected 4096 bytes)". Page numbers only, never content.
    pub pages: Vec<String>,
    /// Whole pages in the file.
    pub file_pages: u64,
    /// Page 1 says the database is longer than the file: it was cut.
    pub cut: bool,
}

impl Store {
    /// The pages whose HMAC fails (none for a sound file): every page of the file is read and
    /// authenticated, no b-tree is walked. The app asks once per unlock.
    pub fn damaged_pages(&self) -> Result<Vec<String>, super::StoreError> {
        Ok(cipher_damage(&self.conn, &self.path)?)
    }

    /// From now on this connection refuses every write (`query_only`): a damaged database is
    /// read, never written, until it is restored.
    pub fn set_read_only(&mut self) -> Result<(), super::StoreError> {
        self.conn.execute_batch("PRAGMA query_only = ON;")?;
        self.read_only = true;
        Ok(())
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// For `check` on a file that will not open: proves the key on page 1, then checks every
    /// page's HMAC (`cipher_integrity_check`, which needs no schema) and names the damaged ones.
    /// Reads only: the connection is `query_only` and no journal mode is set.
    pub fn damage_report(path: &Path, passphrase: &Passphrase) -> Result<DamageReport, OpenError> {
        preflight_existing(path)?;
        let conn = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| OpenError::after_unlock(e, path))?;
        let cut = match key_and_verify(&conn, passphrase, path) {
            Ok(()) => false,
            Err(OpenError::Corrupt) => true,
            Err(e) => return Err(e),
        };
        conn.execute_batch("PRAGMA query_only = ON;")
            .map_err(|e| OpenError::after_unlock(e, path))?;
        let pages = cipher_damage(&conn, path).map_err(|e| OpenError::after_unlock(e, path))?;
        let len = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        Ok(DamageReport {
            // A cut shows as a short last page or, cut on a page boundary, only as page 1's
            // count being larger than the file: `key_and_verify` met it as "malformed".
            cut: cut && pages.iter().all(|l| !l.contains("HMAC")),
            pages,
            file_pages: len / PAGE_SIZE,
        })
    }
}

/// SQLCipher 4's page size.
pub const PAGE_SIZE: u64 = 4096;

/// Every page's HMAC, checked: the lines naming damaged pages (none when all are sound).
///
/// `cipher_integrity_check` reads the main file only. A page whose current version is in the
/// WAL may be stale or never written there: a checkpoint held back by another connection's
/// read snapshot extends the file to the database's full size but copies only the frames that
/// snapshot allows, leaving the rest unwritten until the next checkpoint. SQLite never reads
/// those pages from the file, so they are not damage; they are left out.
pub(crate) fn cipher_damage(conn: &Connection, path: &Path) -> rusqlite::Result<Vec<String>> {
    let lines: Vec<String> = conn
        .prepare("PRAGMA cipher_integrity_check")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    if lines.is_empty() {
        return Ok(lines);
    }
    let in_wal = pages_in_wal(path);
    Ok(lines
        .into_iter()
        .filter(|l| {
            l.strip_prefix("HMAC verification failed for page ")
                .and_then(|n| n.trim().parse::<u32>().ok())
                .is_none_or(|n| !in_wal.contains(&n))
        })
        .collect())
}

/// The pages whose current version is in the WAL beside `path`: frames of the WAL's current
/// generation (their salts match its header) up to its last commit. Frame headers are not
/// encrypted (SQLCipher encrypts page contents only).
fn pages_in_wal(path: &Path) -> std::collections::BTreeSet<u32> {
    let mut found = std::collections::BTreeSet::new();
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let Ok(bytes) = fs::read(PathBuf::from(wal)) else {
        return found;
    };
    // A big-endian u32 at `at` (None past the end: a cut file ends the walk, never panics).
    let be = |b: &[u8], at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
    };
    let (Some(page_size), Some(salts)) = (be(&bytes, 8), bytes.get(16..24)) else {
        return found;
    };
    let page_size = page_size as usize;
    if page_size < 512 {
        return found;
    }
    let mut pending = Vec::new();
    let mut at = 32;
    while at + 24 + page_size <= bytes.len() {
        let Some(frame) = bytes.get(at..at + 24) else {
            break;
        };
        let (Some(page), Some(commit)) = (be(frame, 0), be(frame, 4)) else {
            break;
        };
        if frame.get(8..16) != Some(salts) {
            break;
        }
        pending.push(page);
        if commit != 0 {
            // A commit frame: everything so far is part of the database.
            found.extend(pending.drain(..));
        }
        at += 24 + page_size;
    }
    found
}

/// Test support only (feature `test-support`, never in the app): a database with no key at all.
#[cfg(feature = "test-support")]
impl Store {
    pub fn create_unencrypted_for_tests(
        path: &Path,
        first: &CreateOptions<'_>,
        now: DateTime<Utc>,
    ) -> Result<Store, OpenError> {
        preflight_new(path)?;
        create_inner(path, None, first, now)
    }
}

fn create_inner(
    path: &Path,
    passphrase: Option<&Passphrase>,
    first: &CreateOptions<'_>,
    now: DateTime<Utc>,
) -> Result<Store, OpenError> {
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| OpenError::after_unlock(e, path))?;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))
        .map_err(|_| OpenError::PermissionDenied(path.to_path_buf()))?;
    if let Some(passphrase) = passphrase {
        key_and_verify(&conn, passphrase, path)?;
    }
    let mut store = Store {
        conn,
        path: path.to_path_buf(),
        names: Default::default(),
        plan_counts: Default::default(),
        anchored: Default::default(),
        held_audit: Vec::new(),
        commits: 0,
        durability: Default::default(),
        read_only: false,
        page_check: Default::default(),
    };
    let fail = |e: rusqlite::Error| OpenError::after_unlock(e, path);
    configure(&store.conn, &OpenOptions::default()).map_err(fail)?;
    store
        .conn
        .pragma_update(None, "application_id", STAYWELL_APPLICATION_ID)
        .map_err(fail)?;
    migrations::to_latest(&mut store.conn).map_err(|e| migration_failed(e, path))?;
    store
        .write(|tx| {
            seed::seed_reference_data(tx)?;
            super::reports::make_key_secret(tx, now)?;
            let staff_id = staff::insert(
                tx,
                first.first_staff_name,
                first.first_staff_pin,
                None,
                true,
                now,
            )?;
            super::audit::append(
                tx,
                now,
                Some(staff_id),
                AuditAction::DatabaseCreated,
                Some(RecordKind::Database),
                None,
            )?;
            super::audit::append(
                tx,
                now,
                Some(staff_id),
                AuditAction::Create,
                Some(RecordKind::Staff),
                Some(staff_id),
            )?;
            Ok(())
        })
        .map_err(|e| match e {
            super::StoreError::DiskFull => OpenError::DiskFull,
            other => OpenError::Other(other.to_string()),
        })?;
    super::sidecar::anchor_now(path, &store.conn).map_err(|e| OpenError::Other(e.to_string()))?;
    Ok(store)
}

/// Checks made before SQLite touches an existing file, so nothing is created or changed.
fn preflight_existing(path: &Path) -> Result<(), OpenError> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(OpenError::NotFound(path.to_path_buf()));
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(OpenError::PermissionDenied(path.to_path_buf()));
        }
        Err(e) => return Err(OpenError::Other(e.to_string())),
    };
    if meta.is_dir() {
        return Err(OpenError::IsDirectory(path.to_path_buf()));
    }
    let mut header = [0u8; 16];
    let mut file = fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::PermissionDenied => OpenError::PermissionDenied(path.to_path_buf()),
        _ => OpenError::Other(e.to_string()),
    })?;
    let read = file
        .read(&mut header)
        .map_err(|e| OpenError::Other(e.to_string()))?;
    if read == 16 && &header == PLAIN_SQLITE_HEADER {
        return Err(OpenError::PlainSqlite(path.to_path_buf()));
    }
    if meta.len() == 0 {
        // SQLCipher would happily treat an empty file as a new database and write to it.
        return Err(OpenError::WrongPassphraseOrForeign);
    }
    if !writable(path) {
        return Err(OpenError::PermissionDenied(path.to_path_buf()));
    }
    let dir = parent_dir(path);
    if !writable(&dir) {
        return Err(OpenError::FolderNotWritable(dir));
    }
    Ok(())
}

fn preflight_new(path: &Path) -> Result<(), OpenError> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => return Err(OpenError::IsDirectory(path.to_path_buf())),
        Ok(_) => return Err(OpenError::AlreadyExists(path.to_path_buf())),
        Err(_) => {}
    }
    let dir = parent_dir(path);
    if !dir.is_dir() || !writable(&dir) {
        return Err(OpenError::FolderNotWritable(dir));
    }
    Ok(())
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn writable(path: &Path) -> bool {
    rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_ok()
}

/// Keys the connection and proves the key with a read of sqlite_schema.
pub(super) fn key_and_verify(
    conn: &Connection,
    passphrase: &Passphrase,
    path: &Path,
) -> Result<(), OpenError> {
    // SQLCipher wipes (and locks) the memory it frees, decrypted pages included, so a page
    // read before a lock does not linger in its freed buffers. A process-wide setting; asked
    // for on every connection before the key.
    conn.execute_batch("PRAGMA cipher_memory_security = ON;")
        .map_err(|e| OpenError::Other(e.to_string()))?;
    let secret = passphrase.expose_secret();
    // Built in wiped memory; quotes doubled so any passphrase is a valid SQL literal.
    let mut sql = Zeroizing::new(String::with_capacity(secret.len() + 32));
    sql.push_str("PRAGMA key = '");
    for c in secret.chars() {
        if c == '\'' {
            sql.push('\'');
        }
        sql.push(c);
    }
    sql.push_str("';");
    conn.execute_batch(&sql)
        .map_err(|e| OpenError::Other(e.to_string()))?;
    conn.execute_batch("PRAGMA cipher_log_level = NONE; PRAGMA cipher_compatibility = 4;")
        .map_err(|e| OpenError::Other(e.to_string()))?;
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => {}
        Err(e) => {
            return Err(match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) => {
                    if first_page_is_ours(conn) {
                        // The key opened page 1 and it is ours: the damage is further in
                        // (a cut file, a bad page of the schema), not the passphrase.
                        OpenError::Corrupt
                    } else {
                        OpenError::WrongPassphraseOrForeign
                    }
                }
                _ => OpenError::after_unlock(e, path),
            });
        }
    }
    // A SQLCipher file of some other program: keyed fine, but not ours.
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| OpenError::after_unlock(e, path))?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(|e| OpenError::after_unlock(e, path))?;
    let is_new = app_id == 0 && tables == 0;
    if app_id != STAYWELL_APPLICATION_ID && !(is_new && is_empty_file(path)) {
        return Err(OpenError::WrongPassphraseOrForeign);
    }
    Ok(())
}

/// Whether page 1 alone decrypts with this key and carries staywell's application id. A wrong
/// key fails page 1's HMAC ("not a database"); a right key on a cut file fails SQLite's check
/// that the file is as long as page 1 says ("malformed"), which `writable_schema` (a setting of
/// this connection only; nothing is written) skips, so the header value can be read.
fn first_page_is_ours(conn: &Connection) -> bool {
    if conn.execute_batch("PRAGMA writable_schema = ON;").is_err() {
        return false;
    }
    let ours = conn
        .query_row("PRAGMA application_id", [], |r| r.get::<_, i64>(0))
        .is_ok_and(|id| id == STAYWELL_APPLICATION_ID);
    let _ = conn.execute_batch("PRAGMA writable_schema = OFF;");
    ours
}

fn is_empty_file(path: &Path) -> bool {
    fs::metadata(path).map(|m| m.len() == 0).unwrap_or(false)
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

fn configure(conn: &Connection, options: &OpenOptions) -> rusqlite::Result<()> {
    conn.busy_timeout(options.busy_timeout)?;
    conn.execute_batch(&format!(
        "PRAGMA temp_store = MEMORY;
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA secure_delete = ON;
         PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -{};
         PRAGMA wal_autocheckpoint = 0;",
        options.page_cache_kib
    ))?;
    conn.set_prepared_statement_cache_capacity(128);
    Ok(())
}

fn remove_database_files(path: &Path) {
    let _ = fs::remove_file(path);
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = fs::remove_file(PathBuf::from(p));
    }
}

fn migration_failed(e: rusqlite_migration::Error, path: &Path) -> OpenError {
    match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => OpenError::after_unlock(err, path),
        other => OpenError::Other(other.to_string()),
    }
}

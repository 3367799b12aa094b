//! Shared helpers for the integration tests.
#![allow(dead_code)]

pub mod harness;

use chrono::{DateTime, TimeZone, Utc};
use secrecy::SecretString;
use staywell::store::{CreateOptions, Store};
use std::path::{Path, PathBuf};

pub const PASSPHRASE: &str = "lantern orbit teacup mosaic";
pub const PIN: &str = "246810";
pub const LEAD: &str = "Robin Example";

pub fn passphrase() -> SecretString {
    SecretString::from(PASSPHRASE)
}

/// A fixed instant: Sunday 22 November 2026, 19:30 in London.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 19, 30, 0).unwrap()
}

pub fn new_db(dir: &Path) -> (PathBuf, Store) {
    let path = dir.join("staywell.db");
    let store = Store::create(
        &path,
        &passphrase(),
        &CreateOptions {
            first_staff_name: LEAD,
            first_staff_pin: PIN,
        },
        now(),
    )
    .expect("create");
    (path, store)
}

/// Every byte of the database and its WAL and SHM files.
pub fn database_bytes(path: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        if let Ok(b) = std::fs::read(PathBuf::from(p)) {
            all.extend(b);
        }
    }
    all
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Tonight's shift in the default service hours (Sunday 22 November 2026, 15:00-22:30 London).
pub fn tonight() -> staywell::domain::shift::Shift {
    staywell::domain::shift::ServiceHours::default()
        .current_shift(now())
        .expect("open at 19:30")
}

pub fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, h, m, 0).unwrap()
}

/// Adds someone known by name, with no visit, and returns their person id.
pub fn known_person(store: &mut Store, name: &str) -> i64 {
    let details = staywell::domain::person::PersonDetails {
        display_name: Some(name.into()),
        ..Default::default()
    };
    store.add_person(&details, 1, now()).unwrap()
}

/// Adds a walk-in for a new person and returns the visit id.
pub fn walk_in(store: &mut Store, name: Option<&str>, arrived: DateTime<Utc>) -> i64 {
    use staywell::domain::person::PersonDetails;
    use staywell::domain::visit::ContactMode;
    use staywell::store::visits::{NewVisit, PersonRef};
    let person = PersonDetails {
        display_name: name.map(String::from),
        ..Default::default()
    };
    store
        .add_visit(
            &NewVisit {
                person: PersonRef::New(person),
                arrived_at: arrived,
                contact_mode: ContactMode::WalkIn,
                referral_source_id: Some(2),
                presenting_need: "needs to talk".into(),
            },
            1,
            now(),
        )
        .unwrap()
}

/// A stand-in for `lp` in `dir`: it writes what it is given on stdin to `printed` there (or,
/// with `fail`, says so on stderr and exits 1). Returns the script's path.
pub fn fake_printer(dir: &Path, fail: bool) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("lp");
    let body = if fail {
        "cat > /dev/null\necho 'lp: Error - no default destination available.' >&2\nexit 1"
            .to_string()
    } else {
        format!("cat > '{}'", dir.join("printed").display())
    };
    std::fs::write(&script, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

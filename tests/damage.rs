//! Damage is named (issue 17, point 8): a truncated or corrupted file is "damaged" (exit 17),
//! never "wrong passphrase", and is not counted as a failed unlock; `check` opens a damaged
//! file and names the damaged pages.

mod common;

use common::*;
use secrecy::SecretString;
use staywell::store::{OpenError, Store};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_staywell");

fn check(db: &Path) -> Output {
    let pass = db.with_extension("pass");
    std::fs::write(&pass, format!("{PASSPHRASE}\n")).unwrap();
    std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o600)).unwrap();
    Command::new(BIN)
        .args([
            "--db",
            db.to_str().unwrap(),
            "--passphrase-file",
            pass.to_str().unwrap(),
            "check",
        ])
        .env_remove("STAYWELL_DB")
        .env_remove("STAYWELL_PASSPHRASE_FILE")
        .output()
        .unwrap()
}

fn unlock_failures_recorded(db: &Path) -> bool {
    let mut p = db.as_os_str().to_owned();
    p.push(".unlock-failures");
    PathBuf::from(p).exists()
}

const PAGE: usize = 4096;

/// A closed database with enough rows to span many pages.
fn filled_db(dir: &Path) -> PathBuf {
    let (path, mut store) = new_db(dir);
    for i in 0..300 {
        walk_in(
            &mut store,
            Some(&format!("Visitor number {i} with a longer name")),
            at(19, 0),
        );
    }
    store.checkpoint().unwrap();
    store.close().unwrap();
    path
}

fn open(path: &Path) -> Result<Store, OpenError> {
    Store::open(path, &SecretString::from(PASSPHRASE))
}

#[test]
fn a_file_cut_to_half_is_damaged_not_a_wrong_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled_db(dir.path());
    let len = std::fs::metadata(&path).unwrap().len() as usize;
    assert!(len > 20 * PAGE, "{len}");
    for cut in [len / 2 / PAGE * PAGE, len / 2 + 100, 2 * PAGE, PAGE + 10] {
        let bytes = std::fs::read(&path).unwrap();
        let copy = dir.path().join(format!("cut-{cut}.db"));
        std::fs::write(&copy, &bytes[..cut]).unwrap();
        let err = open(&copy).expect_err("a cut file does not open");
        assert!(matches!(err, OpenError::Corrupt), "cut at {cut}: {err:?}");
        assert_eq!(err.exit_code(), 17);
        assert!(err.to_string().contains("damaged"), "{err}");
        // `check` says damaged, names where, and counts no failed unlock.
        let out = check(&copy);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(17), "{stdout}");
        if cut % PAGE == 0 {
            assert!(
                stdout.contains(&format!("the file ends after page {}", cut / PAGE)),
                "{stdout}"
            );
        } else {
            assert!(
                stdout.contains(&format!("page {} has an invalid size", cut / PAGE + 1)),
                "{stdout}"
            );
        }
        assert!(
            !unlock_failures_recorded(&copy),
            "damage is not a wrong passphrase"
        );
        assert_eq!(
            std::fs::read(&copy).unwrap(),
            &bytes[..cut],
            "check wrote nothing"
        );
        // The wrong passphrase on the same cut file is still the wrong passphrase.
        let err = Store::open(&copy, &SecretString::from("not the passphrase at all"))
            .err()
            .unwrap();
        assert!(
            matches!(err, OpenError::WrongPassphraseOrForeign),
            "{err:?}"
        );
    }
}

#[test]
fn a_flipped_byte_on_any_later_page_is_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled_db(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    let pages = bytes.len() / PAGE;
    for page in [2, pages / 2, pages] {
        let mut b = bytes.clone();
        b[(page - 1) * PAGE + 300] ^= 0x01;
        let copy = dir.path().join(format!("flip-{page}.db"));
        std::fs::write(&copy, &b).unwrap();
        match open(&copy) {
            Err(OpenError::Corrupt) => {}
            Err(e) => panic!("page {page}: {e:?}"),
            Ok(store) => {
                // Not on a page read when opening: check finds it (or cannot finish, and the
                // command line then looks page by page).
                if let Ok(report) = store.check() {
                    assert!(!report.is_ok(), "page {page}: {report:?}");
                }
                store.close().unwrap();
            }
        }
        let out = check(&copy);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(17), "page {page}: {stdout}");
        assert!(
            stdout.contains(&format!("HMAC verification failed for page {page}")),
            "page {page}: {stdout}"
        );
        assert!(!unlock_failures_recorded(&copy));
    }
}

//! The data-protection commands: backup, restore, rekey, subject access export, erasure and the
//! retention review. Each takes the passphrase like every other command, and none of them needs
//! the app to be closed except restore and rekey.

use super::{
    Command, EXIT_NOT_CONFIRMED, EXIT_REFUSED, Failure, fail, prompt_passphrase, prompt_secret,
    read_passphrase_file,
};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::passphrase;
use crate::store::backup::restore;
use crate::store::lock::TuiLock;
use crate::store::{OpenError, Passphrase, Store, StoreError};
use chrono::{Duration, Utc};
use secrecy::ExposeSecret;
use std::io::{BufRead, IsTerminal, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

fn refused(e: StoreError) -> Failure {
    fail(EXIT_REFUSED, e.to_string())
}

/// Asks "type yes" on the terminal unless `--yes` was given.
fn confirm(question: &str, yes: bool) -> Result<(), Failure> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(fail(
            EXIT_NOT_CONFIRMED,
            format!("{question}\nNot confirmed: add --yes to confirm without a terminal."),
        ));
    }
    eprint!("{question}\nType yes to go ahead: ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    if answer.trim().eq_ignore_ascii_case("yes") {
        Ok(())
    } else {
        Err(fail(
            EXIT_NOT_CONFIRMED,
            "Not confirmed; nothing was changed.",
        ))
    }
}

fn open(db: &Path, passphrase: &Passphrase) -> Result<Store, Failure> {
    Store::preflight(db)?;
    Ok(Store::open(db, passphrase)?)
}

pub(crate) fn run(
    command: Command,
    db: &Path,
    passphrase: Option<Passphrase>,
) -> Result<(), Failure> {
    let passphrase = match passphrase {
        Some(p) => p,
        None => prompt_passphrase()?,
    };
    let now = Utc::now();
    match command {
        Command::Backup { dest } => {
            let store = open(db, &passphrase)?;
            store.backup_to(&dest).map_err(refused)?;
            println!(
                "Backup written to {} (encrypted, with the same passphrase).",
                dest.display()
            );
        }
        Command::Restore { src, yes } => {
            if TuiLock::is_held(db) {
                return Err(OpenError::InUse.into());
            }
            confirm(
                &format!(
                    "Replace the database at {} with the backup at {}?",
                    db.display(),
                    src.display()
                ),
                yes,
            )?;
            let done = restore(db, &src, &passphrase, now)
                .map_err(|e| fail(e.exit_code(), e.to_string()))?;
            println!("Restored from {}.", src.display());
            if done.erasures_reapplied > 0 {
                println!(
                    "Erasures made since the backup were applied again: {}.",
                    done.erasures_reapplied
                );
            }
            if let Some(previous) = done.previous {
                println!(
                    "The database it replaced is kept, encrypted, at {}.",
                    previous.display()
                );
            }
        }
        Command::Rekey {
            new_passphrase_file,
        } => {
            if TuiLock::is_held(db) {
                return Err(OpenError::InUse.into());
            }
            let mut store = open(db, &passphrase)?;
            let new = match new_passphrase_file {
                Some(f) => read_passphrase_file(&f)?,
                None => {
                    let new = prompt_secret("New passphrase")?;
                    let again = prompt_secret("New passphrase again")?;
                    passphrase::check_new(new.expose_secret(), again.expose_secret())
                        .map_err(|e| fail(EXIT_REFUSED, e.to_string()))?;
                    new
                }
            };
            passphrase::check_strength(new.expose_secret())
                .map_err(|e| fail(EXIT_REFUSED, e.to_string()))?;
            store
                .audit(
                    now,
                    None,
                    AuditAction::SettingsChange,
                    Some(RecordKind::Database),
                    None,
                )
                .map_err(refused)?;
            store.rekey(&new).map_err(refused)?;
            store.close().map_err(refused)?;
            Store::open(db, &new).map_err(|e| {
                fail(
                    e.exit_code(),
                    format!("the new passphrase did not open the database: {e}"),
                )
            })?;
            println!(
                "Passphrase changed. The old one no longer opens the database; backups keep the passphrase they were made with."
            );
        }
        Command::Export { person, out, yes } => {
            let out = out.unwrap_or_else(|| PathBuf::from(format!("subject-access-{person}.json")));
            confirm(
                &format!(
                    "This writes everything staywell holds about person {person} to {}.\n\
                     The file is NOT encrypted: give it to the person securely, then delete it.",
                    out.display()
                ),
                yes,
            )?;
            // Refuse before anything is read or audited: the log must not record an export that
            // never reached a file.
            if out.exists() {
                return Err(fail(
                    EXIT_REFUSED,
                    format!("{} already exists; choose a new file.", out.display()),
                ));
            }
            let mut store = open(db, &passphrase)?;
            let export = store.subject_access(person, None, now).map_err(refused)?;
            let text = serde_json::to_string_pretty(&export)
                .map_err(|e| fail(EXIT_REFUSED, e.to_string()))?;
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&out)
                .map_err(|e| {
                    fail(
                        EXIT_REFUSED,
                        format!("cannot create {}: {e}", out.display()),
                    )
                })?;
            file.write_all(text.as_bytes())
                .map_err(|e| fail(EXIT_REFUSED, e.to_string()))?;
            file.sync_all()
                .map_err(|e| fail(EXIT_REFUSED, e.to_string()))?;
            println!(
                "Written to {} (unencrypted; readable only by you).",
                out.display()
            );
        }
        Command::Erase { person, yes } => {
            let mut store = open(db, &passphrase)?;
            store.person(person).map_err(|_| {
                fail(
                    EXIT_REFUSED,
                    format!("there is no person {person} (or they are already erased)"),
                )
            })?;
            confirm(
                &format!(
                    "Erase person {person}? Their identifying and free-text data is removed for good."
                ),
                yes,
            )?;
            store.erase_person(person, None, now).map_err(refused)?;
            println!(
                "Person {person} erased; their records stay countable and the audit log keeps its skeleton."
            );
        }
        Command::Retention { years, erase, yes } => {
            let mut store = open(db, &passphrase)?;
            let years = match years {
                Some(y) => y,
                None => store.retention_years().map_err(refused)?,
            };
            let cutoff = now - Duration::days(365 * i64::from(years) + i64::from(years / 4));
            let found = store.retention_candidates(cutoff).map_err(refused)?;
            println!(
                "{} people with no contact for more than {years} years.",
                found.len()
            );
            for c in &found {
                println!(
                    "  person {:>7}  last contact {}",
                    c.person_id,
                    c.last_contact.format("%d/%m/%Y")
                );
            }
            if erase && !found.is_empty() {
                confirm(&format!("Erase these {} people?", found.len()), yes)?;
                for c in &found {
                    store
                        .erase_person(c.person_id, None, now)
                        .map_err(refused)?;
                }
                println!("Erased {}.", found.len());
            }
        }
        Command::Report { from, to, format } => {
            use crate::domain::report::{Period, report_text};
            use crate::domain::time::parse_typed_date;
            let from =
                parse_typed_date(&from).map_err(|e| fail(EXIT_REFUSED, format!("--from: {e}")))?;
            let to = parse_typed_date(&to).map_err(|e| fail(EXIT_REFUSED, format!("--to: {e}")))?;
            let store = open(db, &passphrase)?;
            let hours = store.service_hours().map_err(refused)?;
            let period =
                Period::range(&hours, from, to).map_err(|e| fail(EXIT_REFUSED, e.to_string()))?;
            let report = store.report_for(&period).map_err(refused)?;
            print!("{}", report_text(&report, format));
        }
        Command::Run | Command::Demo { .. } | Command::Check => unreachable!("handled in cli::run"),
    }
    Ok(())
}

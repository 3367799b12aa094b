//! The data-protection commands: backup, restore, rekey, subject access export, erasure and the
//! retention review. Each takes the passphrase like every other command, and none of them needs
//! the app to be closed except restore and rekey.

use super::{
    Command, EXIT_BACKOFF, EXIT_NOT_CONFIRMED, EXIT_REFUSED, Failure, fail, prompt_passphrase,
    prompt_secret, read_passphrase_file, write_out,
};
use crate::app::files::io_words;
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::backoff;
use crate::domain::passphrase;
use crate::store::attempts;
use crate::store::backup::restore;
use crate::store::lock::TuiLock;
use crate::store::{OpenError, Passphrase, Store, StoreError};
use chrono::{Duration, Utc};
use secrecy::ExposeSecret;
use std::io::{BufRead, IsTerminal, Write};
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
    open_guarded(db, passphrase)
}

/// Opens the database for a command, with the app's unlock back-off: failures are kept beside
/// the database (never in it), at most ten tries in five minutes with growing pauses, and every
/// failure is audited at the next successful open, however old.
pub(crate) fn open_guarded(db: &Path, passphrase: &Passphrase) -> Result<Store, Failure> {
    Store::preflight(db)?;
    let now = Utc::now();
    if let Some(at) = backoff::next_attempt_allowed_at(&attempts::load(db), now) {
        let secs = (at - now).num_seconds().max(1);
        return Err(fail(
            EXIT_BACKOFF,
            format!(
                "too many wrong passphrases lately; try again in {}.",
                crate::domain::plural::count(secs as usize, "second", "seconds")
            ),
        ));
    }
    match Store::open(db, passphrase) {
        Ok(mut store) => {
            store.audit_recorded_unlock_failures(&[]).map_err(refused)?;
            Ok(store)
        }
        Err(e @ OpenError::WrongPassphraseOrForeign) => {
            attempts::record(db, now);
            Err(e.into())
        }
        Err(e) => Err(e.into()),
    }
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
    match command {
        Command::Backup { dest } => backup(db, &passphrase, &dest),
        Command::Restore { src, yes } => restore_from(db, &passphrase, &src, yes),
        Command::Rekey {
            new_passphrase_file,
        } => rekey(db, &passphrase, new_passphrase_file),
        Command::Export { person, out, yes } => export(db, &passphrase, person, out, yes),
        Command::Erase { person, yes } => erase(db, &passphrase, person, yes),
        Command::Retention { years, erase, yes } => retention(db, &passphrase, years, erase, yes),
        Command::Report { from, to, format } => report(db, &passphrase, &from, &to, format),
        Command::Run
        | Command::Demo { .. }
        | Command::Check { .. }
        | Command::Completions { .. }
        | Command::Man => {
            // cli::run handles these before it opens anything.
            Err(fail(
                super::EXIT_UNEXPECTED,
                "this command is not a data-protection command",
            ))
        }
    }
}

/// Writes an encrypted copy of the database and says which side files to keep with it.
fn backup(db: &Path, passphrase: &Passphrase, dest: &Path) -> Result<(), Failure> {
    let store = open(db, passphrase)?;
    store.backup_to(dest).map_err(refused)?;
    write_out(&format!(
        "Backup written to {} (encrypted, with the same passphrase).\n\
         Keep {} and {} with it: the audit head and the erased ids.\n",
        dest.display(),
        crate::store::sidecar::anchor_path(dest).display(),
        crate::store::sidecar::erased_path(dest).display(),
    ))?;
    Ok(())
}

/// Replaces the database with a backup, once confirmed, and says what it could not check.
fn restore_from(db: &Path, passphrase: &Passphrase, src: &Path, yes: bool) -> Result<(), Failure> {
    let now = Utc::now();

    if TuiLock::is_held(db) {
        return Err(OpenError::InUse.into());
    }
    let knowledge = crate::store::backup::ErasureKnowledge::of(db, src);
    let mut question = format!(
        "Replace the database at {} with the backup at {}?",
        db.display(),
        src.display()
    );
    if knowledge.uncertain() {
        question.push_str(&format!(
            "\nThe database and its list of erased people ({}) are both missing, so \
             people erased after this backup was made may come back. Put that file back \
             first if you have it (a later backup's .erased file works too).",
            crate::store::sidecar::erased_path(db).display()
        ));
    }
    confirm(&question, yes)?;
    let done = restore(db, src, passphrase, now).map_err(|e| fail(e.exit_code(), e.to_string()))?;
    let mut text = format!("Restored from {}.\n", src.display());
    if done.erasures_reapplied > 0 {
        text.push_str(&format!(
            "Erasures made since the backup were applied again: {}.\n",
            done.erasures_reapplied
        ));
    }
    if knowledge.uncertain() {
        text.push_str("Only the erasures the backup knew of were applied.\n");
    }
    if done.backup_unanchored {
        text.push_str(
            "The backup had no audit head beside it, so it could not be checked for \
             deleted audit entries.\n",
        );
    }
    if let Some(previous) = done.previous {
        text.push_str(&format!(
            "The database it replaced is kept, encrypted, at {}.\n",
            previous.display()
        ));
    }
    write_out(&text)?;
    Ok(())
}

/// Changes the passphrase, then proves the new one opens the database.
fn rekey(
    db: &Path,
    passphrase: &Passphrase,
    new_passphrase_file: Option<PathBuf>,
) -> Result<(), Failure> {
    let now = Utc::now();

    if TuiLock::is_held(db) {
        return Err(OpenError::InUse.into());
    }
    let mut store = open(db, passphrase)?;
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
    write_out(
        "Passphrase changed. The old one no longer opens the database; backups keep the passphrase they were made with.\n",
    )?;
    Ok(())
}

/// A subject access export: JSON and plain text, private files, refused over an existing file.
fn export(
    db: &Path,
    passphrase: &Passphrase,
    person: i64,
    out: Option<PathBuf>,
    yes: bool,
) -> Result<(), Failure> {
    let now = Utc::now();

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
    if out.exists() || out.with_extension("txt").exists() {
        return Err(fail(
            EXIT_REFUSED,
            format!(
                "{} or {} already exists; choose a new file.",
                out.display(),
                out.with_extension("txt").display()
            ),
        ));
    }
    let mut store = open(db, passphrase)?;
    let export = store
        .subject_access(person, None, now)
        .map_err(|e| match e {
            StoreError::NotFound => fail(
                EXIT_REFUSED,
                format!("there is no person {person} (or they were erased)"),
            ),
            e => refused(e),
        })?;
    let text =
        serde_json::to_string_pretty(&export).map_err(|e| fail(EXIT_REFUSED, e.to_string()))?;
    let written = |path: &std::path::Path, bytes: &[u8]| {
        crate::app::files::write_private_new(path, bytes).map_err(|e| {
            fail(
                EXIT_REFUSED,
                format!("cannot create {}: {}", path.display(), io_words(&e)),
            )
        })
    };
    written(&out, text.as_bytes())?;
    // The same, as plain text for the person to read.
    let readable = out.with_extension("txt");
    written(
        &readable,
        crate::store::subject_access::plain_text(&export).as_bytes(),
    )?;
    write_out(&format!(
        "Written to {} and, as plain text, {} (unencrypted; readable only by you).\n",
        out.display(),
        readable.display()
    ))?;
    Ok(())
}

/// Erases one person, once confirmed (a merged record is erased through the one it joined).
fn erase(db: &Path, passphrase: &Passphrase, person: i64, yes: bool) -> Result<(), Failure> {
    let now = Utc::now();

    let mut store = open(db, passphrase)?;
    // A record merged into another is the same person: erasing them means the record
    // kept, which takes the merged one with it.
    if let Ok(Some(into)) = store.merge_side(person).map(|s| s.merged_into) {
        return Err(fail(
            EXIT_REFUSED,
            format!(
                "person {person} was merged into person {into}: erase person {into}, which erases both records"
            ),
        ));
    }
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
    write_out(&format!(
        "Person {person} erased; their records stay countable and the audit log keeps its skeleton.\n"
    ))?;
    Ok(())
}

/// Lists the people past the retention period and, with --erase, erases them.
fn retention(
    db: &Path,
    passphrase: &Passphrase,
    years: Option<u32>,
    erase: bool,
    yes: bool,
) -> Result<(), Failure> {
    let now = Utc::now();

    let mut store = open(db, passphrase)?;
    let years = match years {
        Some(y) => y,
        None => store.retention_years().map_err(refused)?,
    };
    let cutoff = now - Duration::days(365 * i64::from(years) + i64::from(years / 4));
    let found = store.retention_candidates(cutoff).map_err(refused)?;
    let mut text = format!(
        "{} people with no contact for more than {years} years.\n",
        found.len()
    );
    for c in &found {
        text.push_str(&format!(
            "  person {:>7}  last contact {} ({})\n",
            c.person_id,
            c.last_contact.format("%d/%m/%Y"),
            c.last_kind.label()
        ));
    }
    write_out(&text)?;
    if erase && !found.is_empty() {
        confirm(&format!("Erase these {} people?", found.len()), yes)?;
        for c in &found {
            store
                .erase_person(c.person_id, None, now)
                .map_err(refused)?;
        }
        write_out(&format!("Erased {}.\n", found.len()))?;
    }
    Ok(())
}

/// A report for a range of service dates, as text or CSV.
fn report(
    db: &Path,
    passphrase: &Passphrase,
    from: &str,
    to: &str,
    format: crate::domain::report::ReportFormat,
) -> Result<(), Failure> {
    use crate::domain::report::{Period, ReportFormat, report_text};
    use crate::domain::time::parse_typed_date;
    let from = parse_typed_date(from).map_err(|e| fail(EXIT_REFUSED, format!("--from: {e}")))?;
    let to = parse_typed_date(to).map_err(|e| fail(EXIT_REFUSED, format!("--to: {e}")))?;
    let store = open(db, passphrase)?;
    let hours = store.service_hours().map_err(refused)?;
    let period = Period::range(&hours, from, to).map_err(|e| fail(EXIT_REFUSED, e.to_string()))?;
    let report = store.report_for(&period).map_err(refused)?;
    if format == ReportFormat::Csv && !report.keys.keyed {
        return Err(fail(
            EXIT_REFUSED,
            "This database is open read-only and has no report key yet, so no CSV can \
             be made from it (its counts would not be protected). Restore a backup, \
             then run the report again.",
        ));
    }
    write_out(&report_text(&report, format))?;
    Ok(())
}

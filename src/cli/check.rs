//! `staywell check`: the database's integrity, its pages' HMACs, the audit chain against the
//! anchored head (or one the user kept) and the signed records, as lines a person can read,
//! with an exit code that says which kind of problem it found.

use super::{
    EXIT_CHECK_FAILED, EXIT_REFUSED, Failure, data_protection, fail, prompt_passphrase, write_out,
};
use crate::domain::audit::{ChainBreak, Head, HeadCheck, hex};
use crate::store::audit::ChainStatus;
use crate::store::check::{AnchorStatus, CheckReport, ContentProblem};
use crate::store::{OpenError, Passphrase, Store};
use std::path::Path;

/// Checks the database (a head the user kept, `--head`, compared too) and prints what it found;
/// a file too damaged to open gets the page-by-page damage report instead.
pub(super) fn check(
    db: &Path,
    passphrase: Option<Passphrase>,
    kept: Option<&str>,
) -> Result<(), Failure> {
    let kept = kept
        .map(|k| {
            Head::parse_short(k).ok_or_else(|| {
                fail(
                    EXIT_REFUSED,
                    "--head takes ENTRIES:HASH as `check` prints it (for example 120:9f3a...)",
                )
            })
        })
        .transpose()?;
    Store::preflight(db)?;
    let passphrase = match passphrase {
        Some(p) => p,
        None => prompt_passphrase()?,
    };
    let store = match data_protection::open_guarded(db, &passphrase) {
        Ok(store) => store,
        Err(f) if f.code == OpenError::Corrupt.exit_code() => {
            return report_damage(db, &passphrase);
        }
        Err(f) => return Err(f),
    };
    let report = match store.check_against(kept) {
        Ok(report) => report,
        Err(_) => {
            drop(store);
            return report_damage(db, &passphrase);
        }
    };
    write_out(&check_text(&report, db))?;
    if report.is_ok() {
        Ok(())
    } else if !report.cipher.is_empty() {
        Err(fail(
            OpenError::Corrupt.exit_code(),
            "the database is damaged (the pages above); restore from a backup.",
        ))
    } else {
        Err(fail(
            EXIT_CHECK_FAILED,
            "the check found problems; restore from a backup.",
        ))
    }
}

/// `check` on a file too damaged to open: page by page, which pages are damaged (page numbers
/// only), then "damaged" with exit 17.
fn report_damage(db: &Path, passphrase: &Passphrase) -> Result<(), Failure> {
    let report = Store::damage_report(db, passphrase)?;
    let mut text = format!(
        "Damaged:          the database does not open ({} whole pages of {} bytes in the file)\n",
        report.file_pages,
        crate::store::PAGE_SIZE
    );
    if report.cut {
        text.push_str(&format!(
            "  the file ends after page {}, but its first page says it is longer: it was cut\n",
            report.file_pages
        ));
    }
    for l in report.pages.iter().take(50) {
        text.push_str(&format!("  {l}\n"));
    }
    if report.pages.len() > 50 {
        text.push_str(&format!("  ... and {} more\n", report.pages.len() - 50));
    }
    write_out(&text)?;
    Err(OpenError::Corrupt.into())
}

/// The report as the lines `check` prints.
fn check_text(report: &CheckReport, db: &Path) -> String {
    let mut text = String::new();
    let mut line = |s: String| {
        text.push_str(&s);
        text.push('\n');
    };
    chain_lines(report, db, &mut line);
    content_lines(report, &mut line);
    head_lines(report, &mut line);
    text
}

/// The file's integrity, the cipher's, and the audit chain against its anchor.
fn chain_lines(report: &CheckReport, db: &Path, line: &mut impl FnMut(String)) {
    line(format!("Integrity:        {}", ok_or(&report.integrity)));
    line(format!("Cipher integrity: {}", ok_or(&report.cipher)));
    line(match &report.audit {
        ChainStatus::Verified { entries } => {
            format!("Audit chain:      verified ({entries} entries)")
        }
        ChainStatus::Broken(ChainBreak::Link { id }) => format!(
            "Audit chain:      BROKEN at entry {id}: an entry before it was removed or altered"
        ),
        ChainStatus::Broken(ChainBreak::Content { id }) => {
            format!("Audit chain:      BROKEN: entry {id} was altered")
        }
    });
    line(match &report.anchor {
        AnchorStatus::Checked(h) => format!("Anchored head:    {}", head_text(h)),
        AnchorStatus::Missing => format!(
            "Anchored head:    MISSING ({} is gone; compare with the head you kept: --head)",
            crate::store::sidecar::anchor_path(db).display()
        ),
        AnchorStatus::Unreadable => {
            "Anchored head:    UNREADABLE (the anchor file was changed)".into()
        }
        AnchorStatus::NotCompared => "Anchored head:    not compared (the chain is broken)".into(),
    });
    if let Some(k) = &report.kept {
        line(format!("Head you kept:    {}", head_text(k)));
    }
}

/// The signed records, each problem named by kind and id (at most twenty).
fn content_lines(report: &CheckReport, line: &mut impl FnMut(String)) {
    line(if report.content.is_empty() {
        "Signed records:   ok (each matches the hash bound in the audit log)".into()
    } else {
        format!("Signed records:   {} problem(s)", report.content.len())
    });
    for p in report.content.iter().take(20) {
        line(match p {
            ContentProblem::Changed { kind, id } => {
                format!("  {} {id}: changed after it was signed", kind.as_str())
            }
            ContentProblem::Missing { kind, id } => format!("  {} {id}: deleted", kind.as_str()),
            ContentProblem::Unbound { kind, id } => {
                format!(
                    "  {} {id}: not in the audit log (written around the app)",
                    kind.as_str()
                )
            }
        });
    }
}

/// The head to keep, and the integrity problems found (at most twenty).
fn head_lines(report: &CheckReport, line: &mut impl FnMut(String)) {
    if let Some(h) = &report.head {
        line(format!("Audit head:       {}", h.to_short()));
        line("  (keep this line somewhere safe; `staywell check --head ENTRIES:HASH` compares with it later)".into());
    } else if report.head.is_none() && matches!(report.audit, ChainStatus::Verified { .. }) {
        line(format!(
            "Audit head:       0:{}",
            hex(&crate::domain::audit::GENESIS)
        ));
    }
    for l in report.integrity.iter().chain(&report.cipher).take(20) {
        line(format!("  {l}"));
    }
}

/// "ok", or how many problems a check found.
fn ok_or(problems: &[String]) -> String {
    if problems.is_empty() {
        "ok".to_string()
    } else {
        format!("{} problem(s)", problems.len())
    }
}

/// How an audit head compares with the one anchored or kept.
fn head_text(h: &HeadCheck) -> String {
    match h {
        HeadCheck::Matches { newer: 0 } => "matches".to_string(),
        HeadCheck::Matches { newer } => format!("matches ({newer} newer entries since)"),
        HeadCheck::Truncated { anchored, found } => format!(
            "TRUNCATED: {anchored} entries were anchored, {found} are left (entries deleted from the end)"
        ),
        HeadCheck::Diverged { at } => {
            format!("REWRITTEN: entry {at} is not the one anchored")
        }
    }
}

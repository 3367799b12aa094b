//! Seed data from assets/, written once when a database is created.

use super::StoreError;
use rusqlite::{Transaction, params};
use serde::Deserialize;

#[derive(Deserialize)]
struct ReferralSources {
    source: Vec<ReferralSource>,
}
#[derive(Deserialize)]
struct ReferralSource {
    label: String,
    code: String,
    sort_order: i64,
}

#[derive(Deserialize)]
struct TriageCodes {
    code: Vec<TriageCode>,
}
#[derive(Deserialize)]
struct TriageCode {
    code: String,
    label: String,
    description: String,
    target_minutes: Option<i64>,
    sort_order: i64,
}

#[derive(Deserialize)]
struct Directory {
    entry: Vec<DirectoryEntry>,
}
#[derive(Deserialize)]
struct DirectoryEntry {
    name: String,
    category: String,
    phone: Option<String>,
    website: Option<String>,
    hours: Option<String>,
    description: String,
}

#[derive(Deserialize)]
struct BankHolidays {
    holiday: Vec<BankHoliday>,
}
#[derive(Deserialize)]
struct BankHoliday {
    date: String,
    name: String,
}

fn parse<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> Result<T, StoreError> {
    toml::from_str(text).map_err(|e| StoreError::Invalid(format!("assets/{name} is invalid: {e}")))
}

pub(super) fn seed_reference_data(tx: &Transaction<'_>) -> Result<(), StoreError> {
    let sources: ReferralSources = parse(
        "referral_sources.toml",
        include_str!("../../assets/referral_sources.toml"),
    )?;
    for s in sources.source {
        tx.execute(
            "INSERT INTO referral_sources (label, reporting_code, sort_order) VALUES (?1, ?2, ?3)",
            params![s.label, s.code, s.sort_order],
        )?;
    }
    let codes: TriageCodes = parse(
        "triage_codes.toml",
        include_str!("../../assets/triage_codes.toml"),
    )?;
    for c in codes.code {
        tx.execute(
            "INSERT INTO triage_codes (code, label, description, target_minutes, sort_order)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                c.code,
                c.label,
                c.description,
                c.target_minutes,
                c.sort_order
            ],
        )?;
    }
    let directory: Directory = parse(
        "directory.toml",
        include_str!("../../assets/directory.toml"),
    )?;
    for e in directory.entry {
        tx.execute(
            "INSERT INTO directory_entries (name, category, phone, website, hours, description)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                e.name,
                e.category,
                e.phone,
                e.website,
                e.hours,
                e.description
            ],
        )?;
    }
    let holidays: BankHolidays = parse(
        "bank_holidays.toml",
        include_str!("../../assets/bank_holidays.toml"),
    )?;
    for h in holidays.holiday {
        tx.execute(
            "INSERT INTO bank_holidays (date, name) VALUES (?1, ?2)",
            params![h.date, h.name],
        )?;
    }
    Ok(())
}

//! Schema migrations: SQL files in src/store/migrations/, applied in order by
//! rusqlite_migration, which records the version in `PRAGMA user_version`.

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

/// Every migration in the order it runs; a migration's position is its schema version, so
/// new ones are only ever appended (never inserted, even one with a hook).
fn all() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("migrations/0001_core.sql")),
        M::up(include_str!("migrations/0002_reference.sql")),
        M::up(include_str!("migrations/0003_people_and_visits.sql")),
        M::up(include_str!("migrations/0004_plans.sql")),
        M::up(include_str!("migrations/0005_peers.sql")),
        M::up(include_str!("migrations/0006_handovers.sql")),
        M::up(include_str!("migrations/0007_handover_search.sql")),
        M::up(include_str!("migrations/0008_report_indexes.sql")),
        M::up(include_str!("migrations/0009_erasure.sql")),
        M::up(include_str!("migrations/0010_form_drafts.sql")),
        // Binds signed content already in the file into the audit chain (Rust, not SQL).
        M::up_with_hook(
            include_str!("migrations/0011_tamper_evidence.sql"),
            |tx: &rusqlite::Transaction<'_>| {
                super::audit::seal_unbound(tx, chrono::Utc::now())
                    .map(|_sealed| ())
                    .map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))
            },
        ),
        M::up(include_str!("migrations/0012_open_visits.sql")),
        M::up(include_str!("migrations/0013_carried_visits.sql")),
        // Issue 18: urgency wording for triage codes, NHS 111's mental health option.
        M::up(include_str!("migrations/0014_urgency_wording.sql")),
        // Issue 18: how a SWEMWBS was completed; the ONS4 answers.
        M::up(include_str!("migrations/0015_swemwbs_completion_ons4.sql")),
        M::up(include_str!("migrations/0016_corrections.sql")),
        // Issues 15 and 16: follow-ups closed done or cancelled; safeguarding concerns closed.
        M::up(include_str!("migrations/0017_follow_up_closure.sql")),
        // Issue 18: the ONS4 answers on leaving, where the service asks them.
        M::up(include_str!("migrations/0018_ons4_leaving.sql")),
        // Issue 15: merging two records of the same visitor.
        M::up(include_str!("migrations/0019_person_merges.sql")),
        // Issue 20: each person's first arrival, kept by triggers, for reports' new visitors.
        M::up(include_str!("migrations/0020_first_arrivals.sql")),
        // Issue 20: a worker's page counts sessions and sums minutes from one index.
        M::up(include_str!("migrations/0021_peer_session_minutes.sql")),
        // Issue 20: each worker's count of assignments, kept by triggers, for their page.
        M::up(include_str!("migrations/0022_worker_assignment_counts.sql")),
    ]
}

/// The schema version from which signed content is bound into the audit chain.
pub const CONTENT_BINDING_VERSION: i64 = 11;

pub fn migrations() -> Migrations<'static> {
    Migrations::new(all())
}

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    all().len() as i64
}

pub fn to_latest(conn: &mut Connection) -> Result<(), rusqlite_migration::Error> {
    migrations().to_latest(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema version before issue 18's wording migration (0014_urgency_wording.sql is
    /// the 14th in the list: a position, never to change once released).
    fn before_wording() -> usize {
        13
    }

    #[test]
    fn old_seeded_wording_is_rewritten_and_a_leads_edits_are_kept() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations()
            .to_version(&mut conn, before_wording())
            .unwrap();
        conn.execute_batch(
            "INSERT INTO triage_codes (code, label, description, target_minutes, sort_order) VALUES
               ('A', 'Emergency', 'Current actions endanger self or others, requiring an immediate emergency response.', 0, 1),
               ('B', 'Very high risk', 'Very high risk of imminent harm to self or others, requiring a response within 4 hours.', 240, 2),
               ('C', 'High risk', 'Our own words for C.', 1440, 3),
               ('D', 'Needs a call back', 'Moderate risk of harm and/or significant distress, requiring a response within 72 hours.', 4320, 4),
               ('E', 'Low risk', 'Low risk of harm in the short term, suitable for a routine assessment or response.', NULL, 5),
               ('F', 'Referral', 'Another service or provider is more appropriate, so the person is referred on.', NULL, 6);
             INSERT INTO referral_sources (label, reporting_code, sort_order)
               VALUES ('NHS 111 mental-health option', 'NHS111', 3);
             INSERT INTO directory_entries (name, category, phone, description)
               VALUES ('NHS 111 (option 2 for mental health)', 'NHS', '111',
                       'Call 111 and choose the mental-health option to reach the local NHS mental-health crisis line.');",
        )
        .unwrap();
        to_latest(&mut conn).unwrap();
        let rows: Vec<(String, String, String, Option<i64>)> = conn
            .prepare(
                "SELECT code, label, description, target_minutes FROM triage_codes ORDER BY code",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let row = |code: &str, label: &str, description: &str, target: Option<i64>| {
            (
                code.to_string(),
                label.to_string(),
                description.to_string(),
                target,
            )
        };
        assert_eq!(
            rows,
            [
                row(
                    "A",
                    "Emergency",
                    "Needs an emergency response now: current actions endanger the person or others.",
                    Some(0)
                ),
                row(
                    "B",
                    "Very urgent",
                    "Needs a response within 4 hours.",
                    Some(240)
                ),
                row("C", "Urgent", "Our own words for C.", Some(1440)),
                row(
                    "D",
                    "Needs a call back",
                    "Needs a response within 72 hours.",
                    Some(4320)
                ),
                row(
                    "E",
                    "Routine",
                    "Needs a routine response; no urgent response is needed.",
                    None
                ),
                row(
                    "F",
                    "Another provider",
                    "Another service or provider is more appropriate, so the person is referred on.",
                    None
                ),
            ]
        );
        let source: String = conn
            .query_row("SELECT label FROM referral_sources", [], |r| r.get(0))
            .unwrap();
        assert_eq!(source, "NHS 111, the mental health option");
        let (name, description): (String, String) = conn
            .query_row("SELECT name, description FROM directory_entries", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(name, "NHS 111, the mental health option");
        assert!(description.contains("the option number varies"));
    }

    #[test]
    fn the_seed_files_hold_no_risk_grade() {
        let triage = include_str!("../../assets/triage_codes.toml");
        for line in triage.lines().filter(|l| !l.starts_with('#')) {
            assert!(!line.to_lowercase().contains("risk"), "{line}");
        }
        let directory = include_str!("../../assets/directory.toml");
        assert!(!directory.contains("option 2"));
    }
}

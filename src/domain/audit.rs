//! The audit log's vocabulary and its hash chain. Entries hold ids, an action, a staff id and a
//! time: never names or free text, so the log can be kept after a person is erased.

use sha2::{Digest, Sha256};

pub type Hash = [u8; 32];

/// The hash that the first entry chains from.
pub const GENESIS: Hash = [0u8; 32];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    DatabaseCreated,
    Unlock,
    UnlockFailed,
    SignIn,
    SignInFailed,
    SignOut,
    Lock,
    Create,
    Change,
    View,
    Export,
    SignOff,
    Acknowledge,
    Erase,
    SettingsChange,
    /// A rule (caseload cap, availability, session limit) set aside by a lead with a recorded
    /// reason; logged beside the create or change it allowed.
    Override,
}

impl AuditAction {
    pub const ALL: [AuditAction; 16] = [
        AuditAction::DatabaseCreated,
        AuditAction::Unlock,
        AuditAction::UnlockFailed,
        AuditAction::SignIn,
        AuditAction::SignInFailed,
        AuditAction::SignOut,
        AuditAction::Lock,
        AuditAction::Create,
        AuditAction::Change,
        AuditAction::View,
        AuditAction::Export,
        AuditAction::SignOff,
        AuditAction::Acknowledge,
        AuditAction::Erase,
        AuditAction::SettingsChange,
        AuditAction::Override,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::DatabaseCreated => "database_created",
            AuditAction::Unlock => "unlock",
            AuditAction::UnlockFailed => "unlock_failed",
            AuditAction::SignIn => "sign_in",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::SignOut => "sign_out",
            AuditAction::Lock => "lock",
            AuditAction::Create => "create",
            AuditAction::Change => "change",
            AuditAction::View => "view",
            AuditAction::Export => "export",
            AuditAction::SignOff => "sign_off",
            AuditAction::Acknowledge => "acknowledge",
            AuditAction::Erase => "erase",
            AuditAction::SettingsChange => "settings_change",
            AuditAction::Override => "override",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// What kind of record an entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Staff,
    Person,
    Visit,
    Plan,
    PeerWorker,
    Assignment,
    Handover,
    Setting,
    Database,
    /// Reference data, edited on the Administration screen. A triage code's id is its row id;
    /// a bank holiday's is its date as the number yyyymmdd.
    DirectoryEntry,
    ReferralSource,
    TriageCode,
    BankHoliday,
}

impl RecordKind {
    pub const ALL: [RecordKind; 13] = [
        RecordKind::Staff,
        RecordKind::Person,
        RecordKind::Visit,
        RecordKind::Plan,
        RecordKind::PeerWorker,
        RecordKind::Assignment,
        RecordKind::Handover,
        RecordKind::Setting,
        RecordKind::Database,
        RecordKind::DirectoryEntry,
        RecordKind::ReferralSource,
        RecordKind::TriageCode,
        RecordKind::BankHoliday,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Staff => "staff",
            RecordKind::Person => "person",
            RecordKind::Visit => "visit",
            RecordKind::Plan => "plan",
            RecordKind::PeerWorker => "peer_worker",
            RecordKind::Assignment => "assignment",
            RecordKind::Handover => "handover",
            RecordKind::Setting => "setting",
            RecordKind::Database => "database",
            RecordKind::DirectoryEntry => "directory_entry",
            RecordKind::ReferralSource => "referral_source",
            RecordKind::TriageCode => "triage_code",
            RecordKind::BankHoliday => "bank_holiday",
        }
    }
}

/// One audit entry as stored (the hash fields aside).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub staff_id: Option<i64>,
    pub action: String,
    pub record_kind: Option<String>,
    pub record_id: Option<i64>,
}

/// The entry's hash: SHA-256 over the previous hash and every field, each length-prefixed so no
/// two different entries can encode to the same bytes.
pub fn chain_hash(prev: &Hash, e: &AuditEntry) -> Hash {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(e.id.to_be_bytes());
    field(&mut h, Some(e.at.as_bytes()));
    field(
        &mut h,
        e.staff_id.map(|v| v.to_be_bytes()).as_ref().map(|b| &b[..]),
    );
    field(&mut h, Some(e.action.as_bytes()));
    field(&mut h, e.record_kind.as_ref().map(|s| s.as_bytes()));
    field(
        &mut h,
        e.record_id
            .map(|v| v.to_be_bytes())
            .as_ref()
            .map(|b| &b[..]),
    );
    h.finalize().into()
}

fn field(h: &mut Sha256, bytes: Option<&[u8]>) {
    match bytes {
        None => h.update([0u8]),
        Some(b) => {
            h.update([1u8]);
            h.update((b.len() as u64).to_be_bytes());
            h.update(b);
        }
    }
}

/// Where a chain stops verifying.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The entry's stored previous hash is not the hash of the entry before it.
    Link { id: i64 },
    /// The entry's stored hash does not match its contents.
    Content { id: i64 },
}

/// Verifies a chain one entry at a time, in id order, so a long log can be streamed.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    expected_prev: Hash,
    verified: usize,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier {
            expected_prev: GENESIS,
            verified: 0,
        }
    }
}

impl ChainVerifier {
    pub fn push(&mut self, entry: &AuditEntry, prev: &Hash, hash: &Hash) -> Result<(), ChainBreak> {
        if *prev != self.expected_prev {
            return Err(ChainBreak::Link { id: entry.id });
        }
        if chain_hash(prev, entry) != *hash {
            return Err(ChainBreak::Content { id: entry.id });
        }
        self.expected_prev = *hash;
        self.verified += 1;
        Ok(())
    }

    pub fn verified(&self) -> usize {
        self.verified
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, action: AuditAction) -> AuditEntry {
        AuditEntry {
            id,
            at: "2026-11-22T19:00:00Z".into(),
            staff_id: Some(1),
            action: action.as_str().into(),
            record_kind: Some(RecordKind::Visit.as_str().into()),
            record_id: Some(7),
        }
    }

    fn verify(rows: &[(AuditEntry, Hash, Hash)]) -> Result<usize, ChainBreak> {
        let mut v = ChainVerifier::default();
        for (e, p, h) in rows {
            v.push(e, p, h)?;
        }
        Ok(v.verified())
    }

    fn chain(entries: &[AuditEntry]) -> Vec<(Hash, Hash)> {
        let mut prev = GENESIS;
        entries
            .iter()
            .map(|e| {
                let h = chain_hash(&prev, e);
                let pair = (prev, h);
                prev = h;
                pair
            })
            .collect()
    }

    #[test]
    fn actions_round_trip_through_text() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
        }
        for k in RecordKind::ALL {
            assert_eq!(RecordKind::parse(k.as_str()), Some(k));
        }
    }

    #[test]
    fn a_good_chain_verifies_and_a_tampered_one_does_not() {
        let mut entries = vec![entry(1, AuditAction::Unlock), entry(2, AuditAction::Create)];
        let hashes = chain(&entries);
        let rows = |es: &Vec<AuditEntry>, hs: &Vec<(Hash, Hash)>| {
            es.iter()
                .zip(hs.iter())
                .map(|(e, (p, h))| (e.clone(), *p, *h))
                .collect::<Vec<_>>()
        };
        let good = rows(&entries, &hashes);
        assert_eq!(verify(&good), Ok(2));

        entries[1].record_id = Some(8);
        let bad = rows(&entries, &hashes);
        assert_eq!(verify(&bad), Err(ChainBreak::Content { id: 2 }));
    }

    #[test]
    fn a_removed_entry_breaks_the_link() {
        let entries = vec![
            entry(1, AuditAction::Unlock),
            entry(2, AuditAction::Create),
            entry(3, AuditAction::Lock),
        ];
        let hashes = chain(&entries);
        let rows: Vec<_> = [0usize, 2]
            .iter()
            .map(|&i| (entries[i].clone(), hashes[i].0, hashes[i].1))
            .collect();
        assert_eq!(verify(&rows), Err(ChainBreak::Link { id: 3 }));
    }

    #[test]
    fn absent_and_empty_fields_hash_differently() {
        let mut a = entry(1, AuditAction::Unlock);
        let mut b = a.clone();
        a.record_kind = None;
        b.record_kind = Some(String::new());
        assert_ne!(chain_hash(&GENESIS, &a), chain_hash(&GENESIS, &b));
    }
}

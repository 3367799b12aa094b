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
    /// A wrong PIN given to sign off a handover (the handover's id, when it has one).
    SignOffFailed,
    Acknowledge,
    /// A wrong PIN given to acknowledge a handover.
    AcknowledgeFailed,
    Erase,
    SettingsChange,
    /// A rule (caseload cap, availability, session limit) set aside by a lead with a recorded
    /// reason; logged beside the create or change it allowed.
    Override,
    /// Signed content that existed before content binding began, bound to the chain once when
    /// the database was upgraded.
    Seal,
    /// A value a lead entered, changed with a reason (the corrections table keeps what it
    /// was; the audit row holds only the record's id).
    Correct,
    /// A crisis plan reviewed with the visitor and left unchanged.
    Review,
    /// Two records of the same visitor merged: one entry for the survivor, one for the record
    /// absorbed (ids only; the merge record keeps the rest).
    Merge,
    /// A copy (a take-away plan, a signed handover) sent to the computer's print command.
    Print,
}

impl AuditAction {
    pub const ALL: [AuditAction; 23] = [
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
        AuditAction::SignOffFailed,
        AuditAction::Acknowledge,
        AuditAction::AcknowledgeFailed,
        AuditAction::Erase,
        AuditAction::SettingsChange,
        AuditAction::Override,
        AuditAction::Seal,
        AuditAction::Correct,
        AuditAction::Review,
        AuditAction::Merge,
        AuditAction::Print,
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
            AuditAction::SignOffFailed => "sign_off_failed",
            AuditAction::Acknowledge => "acknowledge",
            AuditAction::AcknowledgeFailed => "acknowledge_failed",
            AuditAction::Erase => "erase",
            AuditAction::SettingsChange => "settings_change",
            AuditAction::Override => "override",
            AuditAction::Seal => "seal",
            AuditAction::Correct => "correct",
            AuditAction::Review => "review",
            AuditAction::Merge => "merge",
            AuditAction::Print => "print",
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

/// Signed content whose hash an audit entry carries, so a changed body is caught by `check`
/// even when the database's read-only triggers have been dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ContentKind {
    /// A row of plan_versions (every save of a crisis plan).
    PlanVersion,
    /// A signed handover note (bound at sign-off, again at acknowledgement).
    Handover,
    /// A dated addendum to a signed handover.
    Addendum,
}

impl ContentKind {
    pub const ALL: [ContentKind; 3] = [
        ContentKind::PlanVersion,
        ContentKind::Handover,
        ContentKind::Addendum,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ContentKind::PlanVersion => "plan_version",
            ContentKind::Handover => "handover",
            ContentKind::Addendum => "addendum",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The hash bound for content that erasure removed: the row must then be absent.
pub const REMOVED: Hash = [0u8; 32];

/// One piece of content bound into an audit entry: which row, and the hash of its stored values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentBinding {
    pub kind: ContentKind,
    pub reference: i64,
    pub hash: Hash,
}

/// A column value of bound content, as stored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StoredValue<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a [u8]),
    Blob(&'a [u8]),
}

/// The hash of one row of content: its kind and every column in a fixed order, each tagged and
/// length-prefixed.
pub fn content_hash(kind: ContentKind, values: &[StoredValue<'_>]) -> Hash {
    let mut h = Sha256::new();
    h.update(b"staywell content v1");
    field(&mut h, Some(kind.as_str().as_bytes()));
    for v in values {
        match v {
            StoredValue::Null => h.update([0u8]),
            StoredValue::Integer(i) => {
                h.update([1u8]);
                h.update(i.to_be_bytes());
            }
            StoredValue::Real(r) => {
                h.update([2u8]);
                h.update(r.to_bits().to_be_bytes());
            }
            StoredValue::Text(t) => {
                h.update([3u8]);
                field(&mut h, Some(t));
            }
            StoredValue::Blob(b) => {
                h.update([4u8]);
                field(&mut h, Some(b));
            }
        }
    }
    h.finalize().into()
}

/// The entry's hash: SHA-256 over the previous hash and every field, each length-prefixed so no
/// two different entries can encode to the same bytes.
pub fn chain_hash(prev: &Hash, e: &AuditEntry) -> Hash {
    chain_hash_bound(prev, e, None)
}

/// As [`chain_hash`], with the content the entry binds. An entry without content hashes exactly
/// as entries did before binding existed, so older chains still verify; one with content adds a
/// marker and the binding, so removing or changing the binding breaks the entry's hash.
pub fn chain_hash_bound(prev: &Hash, e: &AuditEntry, content: Option<&ContentBinding>) -> Hash {
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
    if let Some(c) = content {
        h.update(b"content");
        field(&mut h, Some(c.kind.as_str().as_bytes()));
        h.update(c.reference.to_be_bytes());
        h.update(c.hash);
    }
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
        self.push_bound(entry, None, prev, hash)
    }

    pub fn push_bound(
        &mut self,
        entry: &AuditEntry,
        content: Option<&ContentBinding>,
        prev: &Hash,
        hash: &Hash,
    ) -> Result<(), ChainBreak> {
        if *prev != self.expected_prev {
            return Err(ChainBreak::Link { id: entry.id });
        }
        if chain_hash_bound(prev, entry, content) != *hash {
            return Err(ChainBreak::Content { id: entry.id });
        }
        self.expected_prev = *hash;
        self.verified += 1;
        Ok(())
    }

    pub fn verified(&self) -> usize {
        self.verified
    }

    /// The hash of the last entry verified (GENESIS before any).
    pub fn head(&self) -> Hash {
        self.expected_prev
    }
}

/// The chain's head as kept outside the database: how many entries, the last one's id and its
/// hash. No personal data: ids, a count and a hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    pub entries: u64,
    pub last_id: i64,
    pub hash: Hash,
}

const HEAD_MAGIC: &str = "staywell-audit-head 1";

impl Head {
    /// The anchor file's text. Always the same length, so rewriting it in place never changes
    /// its size (a torn write cannot leave it empty).
    pub fn to_file_text(&self) -> String {
        format!(
            "{HEAD_MAGIC}\nentries {:020}\nlast-id {:020}\nhash {}\n",
            self.entries,
            self.last_id,
            hex(&self.hash)
        )
    }

    pub fn parse_file_text(text: &str) -> Option<Head> {
        let mut lines = text.lines();
        if lines.next()? != HEAD_MAGIC {
            return None;
        }
        let entries = lines.next()?.strip_prefix("entries ")?.parse().ok()?;
        let last_id = lines.next()?.strip_prefix("last-id ")?.parse().ok()?;
        let hash = unhex(lines.next()?.strip_prefix("hash ")?)?;
        Some(Head {
            entries,
            last_id,
            hash,
        })
    }

    /// The short form a manager keeps and gives back to `check --head`: `ENTRIES:HASH`.
    pub fn to_short(&self) -> String {
        format!("{}:{}", self.entries, hex(&self.hash))
    }

    /// Parses `ENTRIES:HASH` (the id is not part of the short form).
    pub fn parse_short(text: &str) -> Option<(u64, Hash)> {
        let (n, h) = text.trim().split_once(':')?;
        Some((n.parse().ok()?, unhex(h)?))
    }
}

/// How a chain compares with a head kept outside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadCheck {
    /// Entry number `entries` has the kept hash; `newer` entries follow it.
    Matches { newer: u64 },
    /// The chain has fewer entries than were anchored: entries were deleted from its end.
    Truncated { anchored: u64, found: u64 },
    /// Entry number `entries` exists but its hash is not the kept one: the chain was rewritten.
    Diverged { at: u64 },
}

/// Compares a kept head (`entries`, `hash`) with the chain's hashes in order (`hash_at(n)` is
/// the hash of the n-th entry, 1-based) and its length.
pub fn check_head(kept: (u64, Hash), found: u64, hash_at_kept: Option<Hash>) -> HeadCheck {
    let (entries, hash) = kept;
    if found < entries {
        return HeadCheck::Truncated {
            anchored: entries,
            found,
        };
    }
    let expected = if entries == 0 {
        Some(GENESIS)
    } else {
        hash_at_kept
    };
    if expected == Some(hash) {
        HeadCheck::Matches {
            newer: found - entries,
        }
    } else {
        HeadCheck::Diverged { at: entries }
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Hash> {
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// The outcome of walking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainStatus {
    Verified { entries: usize },
    Broken(ChainBreak),
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
    fn a_binding_is_part_of_the_entry_hash() {
        let e = entry(1, AuditAction::SignOff);
        let c = ContentBinding {
            kind: ContentKind::Handover,
            reference: 3,
            hash: [7u8; 32],
        };
        assert_eq!(
            chain_hash_bound(&GENESIS, &e, None),
            chain_hash(&GENESIS, &e)
        );
        assert_ne!(
            chain_hash_bound(&GENESIS, &e, Some(&c)),
            chain_hash(&GENESIS, &e)
        );
        let other = ContentBinding {
            hash: [8u8; 32],
            ..c
        };
        assert_ne!(
            chain_hash_bound(&GENESIS, &e, Some(&c)),
            chain_hash_bound(&GENESIS, &e, Some(&other))
        );
        let t = |s: &'static str| StoredValue::Text(s.as_bytes());
        assert_ne!(
            content_hash(ContentKind::Addendum, &[t("ab"), t("c")]),
            content_hash(ContentKind::Addendum, &[t("a"), t("bc")])
        );
        assert_ne!(
            content_hash(ContentKind::Addendum, &[StoredValue::Null]),
            content_hash(ContentKind::Addendum, &[t("")])
        );
    }

    #[test]
    fn the_head_round_trips_and_keeps_one_length() {
        let h = Head {
            entries: 12,
            last_id: 12,
            hash: [0xab; 32],
        };
        assert_eq!(Head::parse_file_text(&h.to_file_text()), Some(h));
        let big = Head {
            entries: 9_000_000,
            last_id: 9_000_001,
            ..h
        };
        assert_eq!(h.to_file_text().len(), big.to_file_text().len());
        assert_eq!(Head::parse_short(&h.to_short()), Some((12, [0xab; 32])));
        assert_eq!(
            Head::parse_file_text("staywell-audit-head 1\nentries 1\n"),
            None
        );
    }

    #[test]
    fn a_kept_head_catches_truncation_and_rewriting() {
        let kept = (5, [1u8; 32]);
        assert_eq!(
            check_head(kept, 7, Some([1u8; 32])),
            HeadCheck::Matches { newer: 2 }
        );
        assert_eq!(
            check_head(kept, 4, None),
            HeadCheck::Truncated {
                anchored: 5,
                found: 4
            }
        );
        assert_eq!(
            check_head(kept, 0, None),
            HeadCheck::Truncated {
                anchored: 5,
                found: 0
            }
        );
        assert_eq!(
            check_head(kept, 5, Some([2u8; 32])),
            HeadCheck::Diverged { at: 5 }
        );
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

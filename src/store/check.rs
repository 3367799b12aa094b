//! `staywell check`: SQLite integrity, SQLCipher page integrity, the audit chain, the chain's
//! head against the anchor kept beside the database (and a head the manager kept), and every
//! piece of signed content against the hash its audit entry binds.

use super::audit::{self, ChainStatus};
use super::sidecar::{self, Anchor};
use super::{Store, StoreError};
use crate::domain::audit::{ContentKind, Hash, Head, HeadCheck, REMOVED, check_head};

/// How the chain compares with the anchor file beside the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorStatus {
    /// No anchor file beside the database.
    Missing,
    /// The anchor file could not be read as one.
    Unreadable,
    Checked(HeadCheck),
    /// Not compared: the chain itself is broken.
    NotCompared,
}

/// A piece of signed content that does not match its binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentProblem {
    /// Its stored values are not the ones its audit entry bound.
    Changed { kind: ContentKind, id: i64 },
    /// Bound, and gone (not by an erasure).
    Missing { kind: ContentKind, id: i64 },
    /// Signed content no audit entry binds: written around the app.
    Unbound { kind: ContentKind, id: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// Problems PRAGMA integrity_check found (empty when it says ok).
    pub integrity: Vec<String>,
    /// Pages whose HMAC failed (PRAGMA cipher_integrity_check).
    pub cipher: Vec<String>,
    pub audit: ChainStatus,
    /// The chain's head as found (none for an empty chain).
    pub head: Option<Head>,
    pub anchor: AnchorStatus,
    /// The comparison with a head the caller kept (`check --head`), if one was given.
    pub kept: Option<HeadCheck>,
    pub content: Vec<ContentProblem>,
}

fn head_ok(h: &HeadCheck) -> bool {
    matches!(h, HeadCheck::Matches { .. })
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.integrity.is_empty()
            && self.cipher.is_empty()
            && matches!(self.audit, ChainStatus::Verified { .. })
            && matches!(&self.anchor, AnchorStatus::Checked(h) if head_ok(h))
            && self.kept.as_ref().is_none_or(head_ok)
            && self.content.is_empty()
    }
}

impl Store {
    pub fn check(&self) -> Result<CheckReport, StoreError> {
        self.check_against(None)
    }

    /// As [`Store::check`], also comparing the chain with a head kept elsewhere
    /// (`ENTRIES:HASH`, as `check` prints it).
    pub fn check_against(&self, kept: Option<(u64, Hash)>) -> Result<CheckReport, StoreError> {
        // Page HMACs first: they need no schema, so they answer even when the rest cannot.
        let cipher: Vec<String> = super::open::cipher_damage(&self.conn, &self.path)?;
        // A damaged page can stop integrity_check part way; that is a finding, not a failure.
        let integrity: Vec<String> =
            match self
                .conn
                .prepare("PRAGMA integrity_check")
                .and_then(|mut st| {
                    st.query_map([], |r| r.get::<_, String>(0))?
                        .collect::<Result<Vec<_>, _>>()
                }) {
                Ok(lines) => lines.into_iter().filter(|line| line != "ok").collect(),
                Err(e) => vec![format!("integrity_check could not finish: {e}")],
            };
        let anchor_file = sidecar::read_anchor(&self.path);
        let mut wanted = Vec::new();
        if let Anchor::Head(h) = &anchor_file {
            wanted.push(h.entries);
        }
        if let Some((n, _)) = kept {
            wanted.push(n);
        }
        let walk = audit::walk(&self.conn, &wanted)?;
        let compare = |entries: u64, hash: Hash| {
            check_head(
                (entries, hash),
                walk.entries,
                walk.hashes_at.get(&entries).copied(),
            )
        };
        let (audit_status, anchor, kept, content, head) = match walk.broken.clone() {
            Some(b) => (
                ChainStatus::Broken(b),
                AnchorStatus::NotCompared,
                None,
                Vec::new(),
                None,
            ),
            None => {
                let anchor = match anchor_file {
                    Anchor::Missing => AnchorStatus::Missing,
                    Anchor::Unreadable => AnchorStatus::Unreadable,
                    Anchor::Head(h) => AnchorStatus::Checked(compare(h.entries, h.hash)),
                };
                let head = (walk.entries > 0).then_some(Head {
                    entries: walk.entries,
                    last_id: walk.last_id,
                    hash: walk.last_hash,
                });
                (
                    ChainStatus::Verified {
                        entries: walk.entries as usize,
                    },
                    anchor,
                    kept.map(|(n, h)| compare(n, h)),
                    self.content_problems(&walk)?,
                    head,
                )
            }
        };
        Ok(CheckReport {
            integrity,
            cipher,
            audit: audit_status,
            head,
            anchor,
            kept,
            content,
        })
    }

    fn content_problems(&self, walk: &audit::ChainWalk) -> Result<Vec<ContentProblem>, StoreError> {
        let mut problems = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for kind in ContentKind::ALL {
            audit::stored_content(&self.conn, kind, |id, hash| {
                seen.insert((kind, id));
                match walk.bindings.get(&(kind, id)) {
                    None => problems.push(ContentProblem::Unbound { kind, id }),
                    Some(bound) if *bound != hash => {
                        problems.push(ContentProblem::Changed { kind, id })
                    }
                    Some(_) => {}
                }
            })?;
        }
        for (&(kind, id), bound) in &walk.bindings {
            if seen.contains(&(kind, id)) || *bound == REMOVED {
                continue;
            }
            let now = audit::bind(&self.conn, kind, id)?;
            problems.push(if now.hash == REMOVED {
                ContentProblem::Missing { kind, id }
            } else {
                ContentProblem::Changed { kind, id }
            });
        }
        Ok(problems)
    }
}

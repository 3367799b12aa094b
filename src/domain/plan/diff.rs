//! What changed between two versions of a plan, section by section, for the history view.

#![allow(
    clippy::indexing_slicing,
    reason = "the line diff fills a table sized from both versions before it is read"
)]

use super::{Contact, PlanContent, PlanMeta, Section, SectionBody};
use chrono::NaiveDate;

/// One added or removed line of a free-text section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineChange {
    Added(String),
    Removed(String),
}

/// A metadata field that changed, with its old and new values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaChange {
    CoProduced { from: bool, to: bool },
    ConsentToShare { from: bool, to: bool },
    CopyHolders { from: String, to: String },
    ReviewDue { from: NaiveDate, to: NaiveDate },
}

impl MetaChange {
    pub fn title(&self) -> &'static str {
        match self {
            MetaChange::CoProduced { .. } => "Co-produced",
            MetaChange::ConsentToShare { .. } => "Consent to share",
            MetaChange::CopyHolders { .. } => "Who has a copy",
            MetaChange::ReviewDue { .. } => "Review due",
        }
    }
}

/// One part of the plan that changed. Unchanged sections do not appear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionChange {
    /// A list section: items added and removed, ignoring order, each in the order it is shown.
    Items {
        section: Section,
        added: Vec<String>,
        removed: Vec<String>,
    },
    /// A contact section, likewise. A changed number shows as the old contact removed and the
    /// new one added.
    Contacts {
        section: Section,
        added: Vec<Contact>,
        removed: Vec<Contact>,
    },
    /// A free-text section that changed, with its lines added and removed in reading order.
    Text {
        section: Section,
        lines: Vec<LineChange>,
    },
    Meta(MetaChange),
}

impl SectionChange {
    pub fn title(&self) -> &'static str {
        match self {
            SectionChange::Items { section, .. }
            | SectionChange::Contacts { section, .. }
            | SectionChange::Text { section, .. } => section.title(),
            SectionChange::Meta(m) => m.title(),
        }
    }
}

/// Every change from one version to another, in the plan's section order, metadata last.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanDiff {
    pub changes: Vec<SectionChange>,
}

impl PlanDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// "My warning signs, Review due": a one-line summary for the version list.
    pub fn summary(&self) -> String {
        let titles: Vec<&str> = self.changes.iter().map(SectionChange::title).collect();
        titles.join(", ")
    }
}

/// The changes that turn `old` into `new`.
pub fn diff(
    old: &PlanContent,
    old_meta: &PlanMeta,
    new: &PlanContent,
    new_meta: &PlanMeta,
) -> PlanDiff {
    let mut changes = Vec::new();
    for section in Section::ALL {
        let change = match (old.body(section), new.body(section)) {
            (SectionBody::Items(a), SectionBody::Items(b)) => {
                let (added, removed) = (unmatched(b, a), unmatched(a, b));
                (!added.is_empty() || !removed.is_empty()).then_some(SectionChange::Items {
                    section,
                    added,
                    removed,
                })
            }
            (SectionBody::Contacts(a), SectionBody::Contacts(b)) => {
                let (added, removed) = (unmatched(b, a), unmatched(a, b));
                (!added.is_empty() || !removed.is_empty()).then_some(SectionChange::Contacts {
                    section,
                    added,
                    removed,
                })
            }
            (SectionBody::Text(a), SectionBody::Text(b)) => {
                let lines = line_diff(a, b);
                (!lines.is_empty()).then_some(SectionChange::Text { section, lines })
            }
            // A section has the same shape in every version (its kind is fixed by `Section`),
            // so two shapes never meet here; the history never fails on one.
            _ => None,
        };
        changes.extend(change);
    }
    changes.extend(
        meta_changes(old_meta, new_meta)
            .into_iter()
            .map(SectionChange::Meta),
    );
    PlanDiff { changes }
}

/// The entries of `from` with no partner in `other`, counting repeats (a multiset
/// difference), in `from`'s order.
fn unmatched<T: PartialEq + Clone>(from: &[T], other: &[T]) -> Vec<T> {
    let mut used = vec![false; other.len()];
    from.iter()
        .filter(|item| {
            let partner = (0..other.len()).find(|&j| !used[j] && other[j] == **item);
            if let Some(j) = partner {
                used[j] = true;
            }
            partner.is_none()
        })
        .cloned()
        .collect()
}

/// Lines removed from `a` and added in `b`, by longest common subsequence. Texts are at most
/// a few dozen lines, so the quadratic table is small.
fn line_diff(a: &str, b: &str) -> Vec<LineChange> {
    let a: Vec<&str> = if a.is_empty() {
        Vec::new()
    } else {
        a.lines().collect()
    };
    let b: Vec<&str> = if b.is_empty() {
        Vec::new()
    } else {
        b.lines().collect()
    };
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: length of the common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // Removed before added, as diffs are usually read: the old line, then the new.
            out.push(LineChange::Removed(a[i].to_string()));
            i += 1;
        } else {
            out.push(LineChange::Added(b[j].to_string()));
            j += 1;
        }
    }
    out
}

fn meta_changes(a: &PlanMeta, b: &PlanMeta) -> Vec<MetaChange> {
    let mut out = Vec::new();
    if a.co_produced != b.co_produced {
        out.push(MetaChange::CoProduced {
            from: a.co_produced,
            to: b.co_produced,
        });
    }
    if a.consent_to_share != b.consent_to_share {
        out.push(MetaChange::ConsentToShare {
            from: a.consent_to_share,
            to: b.consent_to_share,
        });
    }
    if a.copy_holders != b.copy_holders {
        out.push(MetaChange::CopyHolders {
            from: a.copy_holders.clone(),
            to: b.copy_holders.clone(),
        });
    }
    if a.review_due != b.review_due {
        out.push(MetaChange::ReviewDue {
            from: a.review_due,
            to: b.review_due,
        });
    }
    out
}

//! Disclosure control for figures that leave the service (the aggregated CSV): **cell-key
//! perturbation** in the manner of the ONS for the 2021 Census, with a perturbation table that
//! rounds every count at random to a multiple of 5, so that files for overlapping periods
//! (a month, the month without its last day, that day; a week and its shifts) cannot be
//! subtracted from one another to give a small count, and means cannot be differenced to give
//! one person's score. README "Reports" says the same for commissioners.
//!
//! **Record keys.** Every record counted (a visit, a person, an incident, a signposting, a peer
//! session, an assignment, a worker) has a 64-bit *record key*: the first 8 bytes of SHA-256 of
//! a per-database secret, the kind of record and its id (`record_key`). The secret is made at
//! random the first time a report is built and kept in the encrypted database (a settings row),
//! so keys cannot be worked out from outside, and never changes. The store supplies it; this
//! module does no I/O.
//!
//! **Cell keys.** A cell's key is the sum (wrapping, modulo 2^64) of the record keys of the
//! records it counts (`CellKey`). The same set of records always gives the same key, whatever
//! the period asked for, so the same count of the same people is always published the same way:
//! asking again, or for a period with an extra empty day, gives the same value, never a fresh
//! draw to average out. A different set of records gives an unrelated key.
//!
//! **The perturbation table** (`noise`): a true count `n` with remainder `r = n mod 5` is
//! published as `n − r` or `n − r + 5`: up when the cell key's column (a hash of the key, modulo
//! 250: 250 columns) is below `50·r`, that is with probability `r/5`, so on average nothing is added
//! (unbiased random rounding to base 5). Zero stays zero; a multiple of 5 is published as it is;
//! every published count is a multiple of 5 within 4 of the truth. Small counts go through the
//! same table: 1 to 4 are published as 0 or 5, so **a published 0 means "0 to 4"**.
//!
//! Why not keep `<5` for 1 to 4 (with the other counts perturbed): `<5` tells the reader a count
//! is at least 1. A week whose count is `<5` and four of its shifts each `<5` pins all four to
//! 1, whatever is done to the other figures. Rounding the small counts too (to 0 or 5) takes that
//! lower bound away.
//!
//! **What a reader can work out** (the model the checks below and the tests use): a published
//! 0 is a true 0 to 4; a published `p` ≥ 5 is `p − 4` to `p + 4`. For two files whose records
//! differ by a third file's (a month, the month without a day, the day), the third file's count
//! is the difference of the other two give or take 8 (`p_a − p_b ± 8`, a multiple of 5 ± 8),
//! and that interval and the third file's own (`p_c ± 4`) always leave it at least two values:
//! their ends have remainders (mod 5) of 1 or 2 below and 3 or 4 above, so they cannot meet in
//! one value. Sums of many files (a week and its seven shifts) can pin a count only when every
//! figure involved happens to sit at the far end of its rounding, each a 1-in-5 chance.
//!
//! **Groups.** The CSV has *groups*: cells that add up to a total also shown (referral sources to
//! visits...). With every figure rounded, the equation rarely pins a cell, but it can (nine
//! days of one visit each, rounded to 0, in a week rounded to 5, are each pinned to 1). So each
//! group is checked from what it would publish (`feasible_ranges`, exact for one sum with
//! bounded unknowns): if any cell or the total could be only one value other than 0, the group's
//! breakdown is `withheld` (its total is still shown). The check uses only published values.
//!
//! **Means** (`Sum`, `mean`): a mean is published only over 5 or more values (else `withheld`),
//! as (sum + noise) / n, rounded, where the noise is at most a quarter of the value's range
//! (`width / 4`: a SWEMWBS metric score has a range of 28, distress and ONS4 10), drawn from the
//! cell key and the column's name (so two means over the same records get unrelated noise, and
//! neither is related to the rounding of the count). `6 × mean(6) − 5 × mean(5)` is then the
//! person's score give or take half the range, not the score. A mean change (last − first) is
//! published as the published last minus the published first, so it adds nothing to them.
//!
//! **What does not hold**: this is perturbation, not a formal guarantee. Bounded noise can be
//! narrowed by combining many files: each extra overlapping file is another noisy look at the
//! same small count, and enough of them averaged can estimate it closely (never with certainty
//! from these rules alone, except in the rare far-end cases above). Shown figures do not add up
//! exactly (each is rounded on its own). Medians and 90th percentiles are real values of 5 or
//! more waits or stays and are not perturbed.

use sha2::{Digest, Sha256};
use std::fmt;

/// The rounding base of published counts.
pub const BASE: u32 = 5;
/// The perturbation table's columns: a cell key picks one (`CellKey::column`).
pub const COLUMNS: u64 = 250;
/// Statistics (means, medians, percentiles, shares, sums) over fewer values are withheld.
pub const MIN_VALUES: u32 = 5;

/// A record's key: the first 8 bytes of SHA-256(secret, 0, kind, 0, each id as 8 bytes).
/// Unguessable without the database's secret; the same record always has the same key.
///
/// A report makes tens of thousands of them (every visit, person, peer session...), and the
/// message is short (a 32-byte secret, a kind and one or two ids: one or two of SHA-256's
/// 64-byte blocks), so it is padded on the stack and compressed directly, without a hasher's
/// buffering; a longer message goes through the hasher. Both give SHA-256's digest.
pub fn record_key(secret: &[u8], kind: &str, ids: &[i64]) -> u64 {
    // SHA-256's initial state (FIPS 180-4 §5.3.3).
    const IV: [u32; 8] = [
        0x6a09_e667,
        0xbb67_ae85,
        0x3c6e_f372,
        0xa54f_f53a,
        0x510e_527f,
        0x9b05_688c,
        0x1f83_d9ab,
        0x5be0_cd19,
    ];
    let len = secret.len() + kind.len() + 2 + 8 * ids.len();
    // The message, a 0x80 byte, zeros, and its length in bits as the last 8 bytes of a block.
    let blocks = (len + 9).div_ceil(64);
    if blocks > 2 {
        return hashed_record_key(secret, kind, ids);
    }
    let mut buf = [0u8; 128];
    let mut at = 0;
    for part in [secret, &[0], kind.as_bytes(), &[0]] {
        buf[at..at + part.len()].copy_from_slice(part);
        at += part.len();
    }
    for id in ids {
        buf[at..at + 8].copy_from_slice(&id.to_le_bytes());
        at += 8;
    }
    buf[at] = 0x80;
    let end = blocks * 64;
    buf[end - 8..end].copy_from_slice(&((len as u64) * 8).to_be_bytes());
    let mut state = IV;
    for block in buf[..end].chunks_exact(64) {
        sha2::compress256(
            &mut state,
            std::slice::from_ref(sha2::digest::generic_array::GenericArray::from_slice(block)),
        );
    }
    let mut first = [0u8; 8];
    first[..4].copy_from_slice(&state[0].to_be_bytes());
    first[4..].copy_from_slice(&state[1].to_be_bytes());
    u64::from_le_bytes(first)
}

/// `record_key` through the hasher (any length).
fn hashed_record_key(secret: &[u8], kind: &str, ids: &[i64]) -> u64 {
    let mut h = Sha256::new();
    h.update(secret);
    h.update([0]);
    h.update(kind.as_bytes());
    h.update([0]);
    for id in ids {
        h.update(id.to_le_bytes());
    }
    let d = h.finalize();
    u64::from_le_bytes(d[..8].try_into().expect("8 bytes"))
}

/// The key of a cell: the wrapping sum of the record keys of the records it counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CellKey(pub u64);

impl CellKey {
    pub fn of(keys: impl IntoIterator<Item = u64>) -> CellKey {
        CellKey(keys.into_iter().fold(0u64, u64::wrapping_add))
    }

    /// The column of the perturbation table this key picks: a hash of the key, so the same
    /// records always pick the same column but the columns of a whole and its parts are
    /// unrelated. (Taking the sum itself modulo the table's width, as the ONS do, keeps the
    /// columns additive: a month's column would be its parts' columns added, and a reader could
    /// rule out some combinations of roundings.)
    pub fn column(self) -> u64 {
        let d = Sha256::digest(self.0.to_le_bytes());
        u64::from_le_bytes(d[..8].try_into().expect("8 bytes")) % COLUMNS
    }
}

/// A count and the key of the records counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Cell {
    pub n: u32,
    pub key: CellKey,
}

impl Cell {
    /// The cell counting the records with these keys.
    pub fn of(keys: impl IntoIterator<Item = u64>) -> Cell {
        keys.into_iter().fold(Cell::default(), |c, k| c.with(k))
    }

    /// This cell with one more record.
    pub fn with(self, key: u64) -> Cell {
        Cell {
            n: self.n + 1,
            key: CellKey(self.key.0.wrapping_add(key)),
        }
    }

    /// The records of `self` not in `part` (which must be a subset of them).
    pub fn minus(self, part: Cell) -> Cell {
        debug_assert!(part.n <= self.n, "a part of the whole");
        Cell {
            n: self.n.saturating_sub(part.n),
            key: CellKey(self.key.0.wrapping_sub(part.key.0)),
        }
    }
}

/// The perturbation table: what is added to a true count `n` in table column `column`
/// (0..COLUMNS). Rounds to a multiple of 5: up (by 5 − r) when `column < 50·r`, else down (by
/// r), where r = n mod 5. Zero and multiples of 5 get nothing.
pub fn noise(n: u32, column: u64) -> i64 {
    let r = u64::from(n % BASE);
    if r == 0 {
        0
    } else if column < r * (COLUMNS / u64::from(BASE)) {
        (u64::from(BASE) - r) as i64
    } else {
        -(r as i64)
    }
}

/// The published value of a count.
pub fn perturb(cell: Cell) -> u32 {
    (i64::from(cell.n) + noise(cell.n, cell.key.column())) as u32
}

/// How one count is written in the CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The perturbed count: a multiple of 5 within 4 of the truth.
    Count(u32),
    /// Part of a breakdown withheld as a whole.
    Withheld,
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shown::Count(n) => write!(f, "{n}"),
            Shown::Withheld => f.write_str("withheld"),
        }
    }
}

impl Shown {
    pub fn is_withheld(self) -> bool {
        self == Shown::Withheld
    }

    pub fn count(self) -> Option<u32> {
        match self {
            Shown::Count(n) => Some(n),
            Shown::Withheld => None,
        }
    }
}

/// A count on its own (not part of a group).
pub fn single(cell: Cell) -> Shown {
    Shown::Count(perturb(cell))
}

/// The true values a published count can stand for: 0 for 0 to 4, `p` for `p − 4` to `p + 4`.
pub fn reading(published: u32) -> (i64, i64) {
    let p = i64::from(published);
    ((p - 4).max(0), p + 4)
}

/// How each cell of a group adding up to `total` is shown (the total itself is shown with
/// `single`): perturbed, or all `withheld` if what would be shown pins any cell, or the total,
/// to a single value other than 0.
pub fn protect_group(total: Cell, cells: &[Cell]) -> Vec<Shown> {
    debug_assert_eq!(
        cells.iter().map(|c| u64::from(c.n)).sum::<u64>(),
        u64::from(total.n),
        "a group adds up to its total"
    );
    let shown: Vec<Shown> = cells.iter().map(|c| single(*c)).collect();
    if is_protected(perturb(total), &shown) {
        shown
    } else {
        vec![Shown::Withheld; cells.len()]
    }
}

/// Whether no cell of the group, nor its total, can be pinned to one value other than 0 from
/// what is shown.
pub fn is_protected(total: u32, shown: &[Shown]) -> bool {
    let (cells, t) = feasible_ranges(total, shown);
    cells.iter().chain([&t]).all(|(lo, hi)| lo < hi || *hi == 0)
}

/// For each cell, and then for the total, the lowest and highest true value consistent with what
/// is shown, for a reader who knows the cells add up to the total and how counts are rounded
/// (`reading`). Exact: one sum of integers each in an interval. A withheld group tells the
/// reader nothing but its total.
pub fn feasible_ranges(total: u32, shown: &[Shown]) -> (Vec<(i64, i64)>, (i64, i64)) {
    let (t_lo, t_hi) = reading(total);
    if shown.iter().any(|s| s.is_withheld()) {
        return (vec![(0, t_hi); shown.len()], (t_lo, t_hi));
    }
    let bounds: Vec<(i64, i64)> = shown
        .iter()
        .map(|s| reading(s.count().unwrap_or(0)))
        .collect();
    let (sum_lo, sum_hi) = bounds
        .iter()
        .fold((0, 0), |(a, b), (lo, hi)| (a + lo, b + hi));
    let cells = bounds
        .iter()
        .map(|(lo, hi)| {
            let others_lo = sum_lo - lo;
            let others_hi = sum_hi - hi;
            ((*lo).max(t_lo - others_hi), (*hi).min(t_hi - others_lo))
        })
        .collect();
    (cells, (t_lo.max(sum_lo), t_hi.min(sum_hi)))
}

/// Values summed for a mean (or a total like session minutes), with the key of their records.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sum {
    pub n: u32,
    pub total: f64,
    pub key: CellKey,
}

impl Sum {
    /// The sum of these (value, record key) pairs.
    pub fn of(values: impl IntoIterator<Item = (f64, u64)>) -> Sum {
        values.into_iter().fold(Sum::default(), |s, (v, k)| Sum {
            n: s.n + 1,
            total: s.total + v,
            key: CellKey(s.key.0.wrapping_add(k)),
        })
    }

    /// The exact mean (for the service's own figures).
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.total / f64::from(self.n))
    }
}

/// A number in [-1, 1) drawn from a cell key and a column name: the same for the same records
/// and column, unrelated between columns and to the key's table column.
fn unit_noise(key: CellKey, column: &str) -> f64 {
    let mut h = Sha256::new();
    h.update(key.0.to_le_bytes());
    h.update(column.as_bytes());
    let d = h.finalize();
    let x = u64::from_le_bytes(d[..8].try_into().expect("8 bytes"));
    // 53 random bits as a fraction in [0, 1), then to [-1, 1).
    ((x >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
}

/// The published sum: the true sum plus noise of at most `width / 4`, where `width` is the range
/// one record's value can take. None with no values.
pub fn perturbed_sum(sum: &Sum, column: &str, width: f64) -> Option<f64> {
    (sum.n > 0).then(|| sum.total + unit_noise(sum.key, column) * width / 4.0)
}

/// The published mean: the perturbed sum over n. None with no values; the caller withholds it
/// with fewer than `MIN_VALUES`.
pub fn mean(sum: &Sum, column: &str, width: f64) -> Option<f64> {
    perturbed_sum(sum, column, width).map(|s| s / f64::from(sum.n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_key_is_sha256s_whatever_the_length_of_its_message() {
        // Messages of every length around the one-block and two-block limits, and past them.
        for secret_len in [
            0usize, 1, 16, 31, 32, 33, 40, 46, 47, 48, 55, 56, 63, 64, 100, 200,
        ] {
            let secret: Vec<u8> = (0..secret_len).map(|i| (i * 7 + 3) as u8).collect();
            for kind in ["", "visit", "person", "peer_session", "signpost"] {
                for ids in [&[][..], &[1][..], &[-5, 1 << 40][..], &[3, 4, 5][..]] {
                    assert_eq!(
                        record_key(&secret, kind, ids),
                        hashed_record_key(&secret, kind, ids),
                        "{secret_len} {kind} {ids:?}"
                    );
                }
            }
        }
        // And a digest worked out elsewhere: SHA-256("k\0visit\0" + 1 as 8 bytes), first 8 bytes.
        let d = Sha256::digest(b"k\0visit\0\x01\0\0\0\0\0\0\0");
        assert_eq!(
            record_key(b"k", "visit", &[1]),
            u64::from_le_bytes(d[..8].try_into().unwrap())
        );
    }

    fn cell(n: u32, key: u64) -> Cell {
        Cell {
            n,
            key: CellKey(key),
        }
    }

    /// A key whose table column is in `columns`.
    fn key_in(columns: std::ops::Range<u64>) -> u64 {
        (0u64..)
            .find(|k| columns.contains(&CellKey(*k).column()))
            .unwrap()
    }

    #[test]
    fn the_table_rounds_to_fives_without_bias_and_zero_stays_zero() {
        for n in 0..=60u32 {
            let mut sum = 0i64;
            for column in 0..COLUMNS {
                let e = noise(n, column);
                let p = i64::from(n) + e;
                assert_eq!(p % 5, 0, "{n} in column {column} → {p}");
                assert!(e.abs() <= 4, "bounded: {n} {e}");
                assert!(p >= 0);
                sum += e;
            }
            // r/5 of the columns round up by 5 − r, the rest down by r: nothing on average.
            assert_eq!(sum, 0, "unbiased for {n}");
        }
        for column in 0..COLUMNS {
            assert_eq!(noise(0, column), 0);
            assert_eq!(noise(15, column), 0);
        }
        // 3 goes up in columns 0-149 (3/5 of them), down in 150-249.
        assert_eq!(noise(3, 149), 2);
        assert_eq!(noise(3, 150), -3);
        assert_eq!(perturb(cell(0, 12345)), 0);
        // The column is a hash: a whole's column is not its parts' columns added.
        let (a, b) = (CellKey(1234), CellKey(98765));
        let whole = CellKey(a.0 + b.0);
        let additive = (0..20u64)
            .filter(|i| {
                let (x, y) = (CellKey(a.0 * i + 7), CellKey(b.0 + i));
                CellKey(x.0 + y.0).column() == (x.column() + y.column()) % COLUMNS
            })
            .count();
        assert!(additive < 5, "{additive}");
        assert_eq!(whole.column(), CellKey(b.0 + a.0).column());
    }

    #[test]
    fn same_records_same_value_in_any_order() {
        let secret = b"a test secret";
        let keys: Vec<u64> = (1..=7)
            .map(|id| record_key(secret, "visit", &[id]))
            .collect();
        let forward = Cell::of(keys.iter().copied());
        let backward = Cell::of(keys.iter().rev().copied());
        assert_eq!(forward, backward);
        assert_eq!(perturb(forward), perturb(backward));
        // Keys depend on the secret, the kind and the id.
        assert_ne!(
            record_key(secret, "visit", &[1]),
            record_key(b"other", "visit", &[1])
        );
        assert_ne!(
            record_key(secret, "visit", &[1]),
            record_key(secret, "person", &[1])
        );
        assert_eq!(
            record_key(secret, "visit", &[1]),
            record_key(secret, "visit", &[1])
        );
        // A part and the rest make up the whole, keys included.
        let part = Cell::of(keys[..3].iter().copied());
        let rest = Cell::of(keys[3..].iter().copied());
        assert_eq!(forward.minus(part), rest);
    }

    #[test]
    fn different_records_get_different_roundings() {
        // Over many sets of 3 records, 3 rounds up about 3/5 of the time: the key decides.
        let secret = b"s";
        let ups = (0..1000)
            .filter(|i| {
                let c = Cell::of((0..3).map(|j| record_key(secret, "visit", &[i * 3 + j])));
                perturb(c) == 5
            })
            .count();
        assert!((520..=680).contains(&ups), "{ups}");
    }

    #[test]
    fn readings_cover_the_truth() {
        for n in 0..=40u32 {
            for column in 0..COLUMNS {
                let p = (i64::from(n) + noise(n, column)) as u32;
                let (lo, hi) = reading(p);
                assert!((lo..=hi).contains(&i64::from(n)));
            }
        }
    }

    /// Every assignment of true values to a group's cells that agrees with what is shown and
    /// the total's reading, by brute force (independent of `feasible_ranges`).
    fn consistent(total: u32, shown: &[Shown]) -> (Vec<Vec<i64>>, Vec<i64>) {
        let (t_lo, t_hi) = reading(total);
        let options: Vec<Vec<i64>> = shown
            .iter()
            .map(|s| {
                let (lo, hi) = reading(s.count().unwrap());
                (lo..=hi).collect()
            })
            .collect();
        let mut out = Vec::new();
        let mut totals = Vec::new();
        fn walk(o: &[Vec<i64>], cur: &mut Vec<i64>, out: &mut Vec<Vec<i64>>) {
            match o.split_first() {
                None => out.push(cur.clone()),
                Some((first, rest)) => {
                    for v in first {
                        cur.push(*v);
                        walk(rest, cur, out);
                        cur.pop();
                    }
                }
            }
        }
        let mut all = Vec::new();
        walk(&options, &mut Vec::new(), &mut all);
        for a in all {
            let s: i64 = a.iter().sum();
            if (t_lo..=t_hi).contains(&s) {
                totals.push(s);
                out.push(a);
            }
        }
        (out, totals)
    }

    fn check(cells: &[u32], keys: &[u64], total_key: u64) -> Vec<Shown> {
        let total = cell(cells.iter().sum(), total_key);
        let cs: Vec<Cell> = cells.iter().zip(keys).map(|(n, k)| cell(*n, *k)).collect();
        let shown = protect_group(total, &cs);
        if shown.contains(&Shown::Withheld) {
            assert!(shown.iter().all(|s| s.is_withheld()));
            // Withheld only when the published figures pin something.
            let would: Vec<Shown> = cs.iter().map(|c| single(*c)).collect();
            assert!(!is_protected(perturb(total), &would));
            return shown;
        }
        let (readings, totals) = consistent(perturb(total), &shown);
        let truth: Vec<i64> = cells.iter().map(|c| i64::from(*c)).collect();
        assert!(readings.contains(&truth), "{cells:?} → {shown:?}");
        let (ranges, t_range) = feasible_ranges(perturb(total), &shown);
        for (i, (lo, hi)) in ranges.iter().enumerate() {
            let values: Vec<i64> = readings.iter().map(|r| r[i]).collect();
            assert_eq!(*values.iter().min().unwrap(), *lo, "{cells:?} cell {i}");
            assert_eq!(*values.iter().max().unwrap(), *hi, "{cells:?} cell {i}");
            assert!(lo < hi || *hi == 0, "{cells:?} cell {i} pinned");
        }
        assert_eq!(*totals.iter().min().unwrap(), t_range.0);
        assert_eq!(*totals.iter().max().unwrap(), t_range.1);
        shown
    }

    #[test]
    fn a_group_its_published_figures_pin_is_withheld() {
        // Four days of one visit each, each rounded down to 0 (column ≥ 50) in a total of 4
        // rounded up to 5 (column < 200): readings 0-4 each, total 1-9: nothing pinned.
        let down = key_in(50..250);
        let shown = check(&[1, 1, 1, 1], &[down; 4], key_in(0..200));
        assert!(shown.iter().all(|s| !s.is_withheld()), "{shown:?}");
        // 4 visits, rounded to 0 (column 200 ≥ 4·50): the total reads 0-4. Days of 1 each
        // rounded up to 5 (column 0 < 50) read 1-9 each; four of them add up to at least 4,
        // so each is pinned to 1.
        let up = key_in(0..50);
        let shown = check(&[1, 1, 1, 1], &[up; 4], key_in(200..250));
        assert_eq!(shown, vec![Shown::Withheld; 4]);
    }

    #[test]
    fn zeros_stay_zero_in_groups() {
        let shown = check(&[0, 12, 0], &[5, 7, 9], 1);
        assert_eq!(shown[0], Shown::Count(0));
        assert_eq!(shown[2], Shown::Count(0));
        assert_eq!(protect_group(cell(0, 0), &[cell(0, 0), cell(0, 3)]), {
            vec![Shown::Count(0), Shown::Count(0)]
        });
    }

    #[test]
    fn every_small_group_is_protected_or_withheld() {
        // Exhaustively over three cells of 0..=9, each with eight sets of keys.
        for a in 0..=9 {
            for b in 0..=9 {
                for c in 0..=9 {
                    for i in 0..8u64 {
                        let keys = [i * 3, i * 3 + 1, i * 3 + 2];
                        check(&[a, b, c], &keys, 1000 + i);
                    }
                }
            }
        }
    }

    #[test]
    fn means_are_perturbed_deterministically_within_a_quarter_of_the_range() {
        let secret = b"m";
        let values = [17.43, 19.98, 22.35, 14.08, 30.7, 26.02];
        let sum = Sum::of(
            values
                .iter()
                .enumerate()
                .map(|(i, v)| (*v, record_key(secret, "person", &[i as i64]))),
        );
        assert_eq!(sum.n, 6);
        let a = mean(&sum, "swemwbs,mean_first", 28.0).unwrap();
        let b = mean(&sum, "swemwbs,mean_first", 28.0).unwrap();
        assert_eq!(a, b, "same records, same value");
        let exact = sum.mean().unwrap();
        assert!((a - exact).abs() <= 28.0 / 4.0 / 6.0);
        // Another column over the same records gets other noise.
        let c = mean(&sum, "swemwbs,mean_last", 28.0).unwrap();
        assert_ne!(a, c);
        assert_eq!(mean(&Sum::default(), "x", 28.0), None);
        // Over many record sets the noise spreads across its range.
        let noises: Vec<f64> = (0..400)
            .map(|i| {
                let s = Sum::of([(10.0, record_key(secret, "visit", &[i]))]);
                perturbed_sum(&s, "x", 8.0).unwrap() - 10.0
            })
            .collect();
        assert!(noises.iter().all(|e| e.abs() <= 2.0));
        assert!(noises.iter().any(|e| *e > 1.5) && noises.iter().any(|e| *e < -1.5));
    }
}

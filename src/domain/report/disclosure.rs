//! Small-number suppression for figures that leave the service (the aggregated CSV).
//!
//! **Primary rule**: every count from 1 to 4 is shown as `<5`. Zero is shown as 0.
//!
//! **Secondary rule (complementary suppression)**: the CSV is made of *groups*, cells that add up
//! to a total also shown (referral sources add up to visits; new and returning visitors add up
//! to unique visitors; and so on). In a group, a lone `<5` could be worked out by subtracting the
//! other cells from the total. So while any suppressed cell in a group could still be pinned to
//! a single value from what is shown, the smallest count still shown (never a zero) is hidden
//! too, as `*`. If even hiding every non-zero cell leaves one pinned, or the total is itself
//! under 5, the group's breakdown is `withheld` altogether (the total stays as shown).
//!
//! We chose this over rounding totals to the nearest 5 because rounding only the totals does not
//! protect: with cells 7 and 7 shown and a total of 18 rounded to 20, the hidden cell is
//! 20 ± 2 − 14, which the rule "1 to 4" narrows to exactly 4. Complementary suppression keeps
//! every shown figure exact, and whether a value can be recovered can be checked precisely.
//!
//! **What a reader is assumed to know** (and the check below uses): the cells of a group add up
//! to its total; `<5` means 1 to 4; `*` means 5 or more and no more than the smallest count still
//! shown in its group (it was chosen as the smallest). Within a group that is one equation with
//! bounded unknowns, so the values a suppressed cell can take form an interval, computed exactly
//! by `feasible_ranges`. A group is *protected* when every suppressed cell can take at least two
//! values. Groups share no cells and their totals are shown exactly (a group whose total is
//! under 5 is withheld), so no sum across groups pins a cell either.

use std::fmt;

/// How one count is written in the CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The count itself.
    Count(u32),
    /// A count from 1 to 4.
    Under5,
    /// A count of 5 or more, hidden so that a `<5` in its group cannot be worked out.
    Hidden,
    /// Part of a breakdown withheld as a whole.
    Withheld,
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shown::Count(n) => write!(f, "{n}"),
            Shown::Under5 => f.write_str("<5"),
            Shown::Hidden => f.write_str("*"),
            Shown::Withheld => f.write_str("withheld"),
        }
    }
}

impl Shown {
    pub fn is_suppressed(self) -> bool {
        !matches!(self, Shown::Count(_))
    }
}

/// A count on its own (not part of a group): 1 to 4 become `<5`.
pub fn single(n: u32) -> Shown {
    if (1..=4).contains(&n) {
        Shown::Under5
    } else {
        Shown::Count(n)
    }
}

/// How each cell of a group adding up to `total` is shown. `total` itself is shown with
/// `single`.
pub fn protect_group(total: u32, cells: &[u32]) -> Vec<Shown> {
    debug_assert_eq!(
        cells.iter().map(|c| *c as u64).sum::<u64>(),
        total as u64,
        "a group adds up to its total"
    );
    if (1..=4).contains(&total) {
        return vec![Shown::Withheld; cells.len()];
    }
    let mut shown: Vec<Shown> = cells.iter().map(|c| single(*c)).collect();
    loop {
        if is_protected(total, &shown) {
            return shown;
        }
        let smallest = shown
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s {
                Shown::Count(c) if *c > 0 => Some((*c, i)),
                _ => None,
            })
            .min();
        match smallest {
            Some((_, i)) => shown[i] = Shown::Hidden,
            None => return vec![Shown::Withheld; cells.len()],
        }
    }
}

/// Whether no suppressed cell of the group can be pinned to one value.
pub fn is_protected(total: u32, shown: &[Shown]) -> bool {
    feasible_ranges(total, shown)
        .iter()
        .flatten()
        .all(|(lo, hi)| lo < hi)
}

/// For each suppressed cell, the lowest and highest value consistent with what is shown (see
/// the module's note for what the reader is assumed to know); None for cells shown as counts.
/// A withheld group tells the reader nothing but its total, so each of its cells can be
/// anything from 0 to the total.
pub fn feasible_ranges(total: u32, shown: &[Shown]) -> Vec<Option<(i64, i64)>> {
    let total = total as i64;
    if shown.contains(&Shown::Withheld) {
        return shown
            .iter()
            .map(|s| s.is_suppressed().then_some((0, total)))
            .collect();
    }
    let shown_sum: i64 = shown
        .iter()
        .map(|s| match s {
            Shown::Count(c) => *c as i64,
            _ => 0,
        })
        .sum();
    let rest = total - shown_sum;
    let smallest_shown = shown
        .iter()
        .filter_map(|s| match s {
            Shown::Count(c) if *c > 0 => Some(*c as i64),
            _ => None,
        })
        .min()
        .unwrap_or(total);
    let bounds = |s: &Shown| match s {
        Shown::Under5 => Some((1, 4)),
        Shown::Hidden => Some((5, smallest_shown)),
        _ => None,
    };
    let (sum_lo, sum_hi) = shown
        .iter()
        .filter_map(bounds)
        .fold((0, 0), |(a, b), (lo, hi)| (a + lo, b + hi));
    shown
        .iter()
        .map(|s| {
            let (lo, hi) = bounds(s)?;
            let others_lo = sum_lo - lo;
            let others_hi = sum_hi - hi;
            Some((lo.max(rest - others_hi), hi.min(rest - others_lo)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Shown::*;

    /// Every assignment of values to the cells that agrees with what is shown, by brute force
    /// (independent of `feasible_ranges`). Not for withheld groups.
    fn consistent(total: u32, shown: &[Shown]) -> Vec<Vec<u32>> {
        let smallest_shown = shown
            .iter()
            .filter_map(|s| match s {
                Count(c) if *c > 0 => Some(*c),
                _ => None,
            })
            .min()
            .unwrap_or(total);
        let choices: Vec<Vec<u32>> = shown
            .iter()
            .map(|s| match s {
                Count(c) => vec![*c],
                Under5 => (1..=4).collect(),
                Hidden => (5..=smallest_shown).collect(),
                Withheld => unreachable!("withheld groups are checked apart"),
            })
            .collect();
        let mut out = Vec::new();
        walk(&choices, total as i64, &mut Vec::new(), &mut out);
        out
    }

    fn walk(choices: &[Vec<u32>], left: i64, current: &mut Vec<u32>, out: &mut Vec<Vec<u32>>) {
        let Some((first, rest)) = choices.split_first() else {
            if left == 0 {
                out.push(current.clone());
            }
            return;
        };
        for v in first {
            if (*v as i64) <= left {
                current.push(*v);
                walk(rest, left - *v as i64, current, out);
                current.pop();
            }
        }
    }

    fn check(cells: &[u32]) -> Vec<Shown> {
        let total: u32 = cells.iter().sum();
        let shown = protect_group(total, cells);
        // Shown counts are true, and nothing from 1 to 4 is ever shown.
        for (s, c) in shown.iter().zip(cells) {
            match s {
                Count(v) => {
                    assert_eq!(v, c);
                    assert!(!(1..=4).contains(v), "{cells:?} → {shown:?}");
                }
                Under5 => assert!((1..=4).contains(c)),
                Hidden => assert!(*c >= 5),
                Withheld => {}
            }
        }
        if shown.contains(&Withheld) {
            // Only the total is shown ("<5" if under 5). With two or more cells each can be
            // anything from 0 to the total; a lone cell is the total, which is under 5.
            assert!(shown.iter().all(|s| *s == Withheld));
            assert!(cells.len() >= 2 || (1..=4).contains(&total), "{cells:?}");
            return shown;
        }
        // The truth is among the consistent readings, and no suppressed cell is pinned.
        let readings = consistent(total, &shown);
        assert!(readings.iter().any(|r| r == cells), "{cells:?} → {shown:?}");
        for (i, s) in shown.iter().enumerate() {
            if s.is_suppressed() {
                let mut values: Vec<u32> = readings.iter().map(|r| r[i]).collect();
                values.sort();
                values.dedup();
                assert!(
                    values.len() >= 2,
                    "cell {i} of {cells:?} → {shown:?} is pinned to {values:?}"
                );
            }
        }
        // The interval check agrees with brute force.
        for (i, range) in feasible_ranges(total, &shown).iter().enumerate() {
            if let Some((lo, hi)) = range {
                let values: Vec<i64> = readings.iter().map(|r| r[i] as i64).collect();
                assert_eq!(*values.iter().min().unwrap(), *lo, "{cells:?} cell {i}");
                assert_eq!(*values.iter().max().unwrap(), *hi, "{cells:?} cell {i}");
            }
        }
        shown
    }

    #[test]
    fn a_lone_small_count_takes_the_next_smallest_with_it() {
        // Police 3, self 10, GP 7: without the second rule, 20 − 10 − 7 = 3.
        assert_eq!(check(&[3, 10, 7]), vec![Under5, Count(10), Hidden]);
    }

    #[test]
    fn two_small_counts_with_room_between_them_need_nothing_more() {
        assert_eq!(check(&[2, 3, 10]), vec![Under5, Under5, Count(10)]);
    }

    #[test]
    fn two_small_counts_that_add_up_to_two_are_pinned_so_more_is_hidden() {
        // 1 + 1 = 2 can only be 1 and 1: hide the smallest shown (6) as well, which leaves
        // 8 for three cells: 1 + 1 + 6 or 2 + 1 + 5 or 1 + 2 + 5.
        assert_eq!(check(&[1, 1, 6, 9]), vec![Under5, Under5, Hidden, Count(9)]);
        // With a 5, the three still add up to their least (1 + 1 + 5): hide the 9 too.
        assert_eq!(check(&[1, 1, 5, 9]), vec![Under5, Under5, Hidden, Hidden]);
    }

    #[test]
    fn zeros_are_shown_and_never_used_to_hide() {
        assert_eq!(
            check(&[0, 4, 0, 12, 0]),
            vec![Count(0), Under5, Count(0), Hidden, Count(0)]
        );
    }

    #[test]
    fn a_group_that_cannot_be_protected_is_withheld() {
        // 1 and 5 with a total of 6: "<5" and "5 or more" can only be 1 and 5.
        assert_eq!(check(&[1, 5, 0]), vec![Withheld; 3]);
        assert_eq!(check(&[1, 1, 5]), vec![Withheld; 3]);
    }

    #[test]
    fn a_group_whose_total_is_under_5_is_withheld() {
        assert_eq!(protect_group(4, &[1, 1, 1, 1]), vec![Withheld; 4]);
        assert_eq!(protect_group(3, &[3, 0]), vec![Withheld; 2]);
        assert_eq!(single(4), Under5);
        assert_eq!(single(0), Count(0));
        assert_eq!(single(5), Count(5));
    }

    #[test]
    fn nothing_small_means_nothing_hidden() {
        assert_eq!(
            check(&[0, 5, 6, 0]),
            vec![Count(0), Count(5), Count(6), Count(0)]
        );
        assert_eq!(protect_group(0, &[0, 0]), vec![Count(0), Count(0)]);
    }

    #[test]
    fn every_small_group_is_protected() {
        // Exhaustively: every group of three cells of 0..=12.
        for a in 0..=12 {
            for b in 0..=12 {
                for c in 0..=12 {
                    check(&[a, b, c]);
                }
            }
        }
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn no_suppressed_cell_can_be_worked_out(cells in prop::collection::vec(
                prop_oneof![3 => 0u32..=6, 2 => 0u32..=25], 1..=6)) {
                check(&cells);
            }
        }
    }
}

//! Search's working sets: people by id as bits, and many short texts searched in one pass.
//!
//! A phone's first digits, or one letter of a name, match most of 120,000 people. Putting
//! them in a hash set, or sorting them, cost more than finding them; as bits (ids are small
//! and dense) they are set, tested and read in order for a few words of memory each.

/// A set of person ids, one bit each.
#[derive(Debug, Clone, Default)]
pub(crate) struct PersonSet {
    bits: Vec<u64>,
    len: usize,
}

impl PersonSet {
    /// An empty set that holds ids up to `max_id` without growing.
    pub(crate) fn up_to(max_id: i64) -> PersonSet {
        let words = usize::try_from(max_id.max(0)).unwrap_or(0) / 64 + 1;
        PersonSet {
            bits: vec![0; words],
            len: 0,
        }
    }

    /// Adds `id`; returns whether it was new. Ids below 1 are never people and are ignored.
    pub(crate) fn insert(&mut self, id: i64) -> bool {
        let Some((word, bit)) = place(id) else {
            return false;
        };
        if word >= self.bits.len() {
            self.bits.resize(word + 1, 0);
        }
        let Some(w) = self.bits.get_mut(word) else {
            return false;
        };
        let new = *w & bit == 0;
        *w |= bit;
        self.len += usize::from(new);
        new
    }

    pub(crate) fn contains(&self, id: i64) -> bool {
        place(id).is_some_and(|(word, bit)| self.bits.get(word).is_some_and(|w| w & bit != 0))
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The ids, highest first.
    pub(crate) fn descending(&self) -> impl Iterator<Item = i64> + '_ {
        self.bits.iter().enumerate().rev().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let top = 63 - w.leading_zeros();
                w &= !(1u64 << top);
                Some(i as i64 * 64 + i64::from(top))
            })
        })
    }
}

fn place(id: i64) -> Option<(usize, u64)> {
    let id = usize::try_from(id).ok().filter(|&id| id > 0)?;
    Some((id / 64, 1u64 << (id % 64)))
}

/// Many short texts (names, phones' digits) kept one after another, each ended by a newline,
/// so that finding a fragment in all of them is one SIMD pass over one buffer.
#[derive(Debug, Default)]
pub(crate) struct Joined {
    text: String,
    /// Where each text ends in `text` (the position of its newline).
    ends: Vec<usize>,
}

impl Joined {
    pub(crate) fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
        self.text.push('\n');
    }

    /// Calls `found` with the place (in push order) of every text containing `fragment`, each
    /// once, ascending. (A callback: a fragment that is in every phone would otherwise make a
    /// list as long as the people.)
    pub(crate) fn each_containing(&self, fragment: &str, mut found: impl FnMut(usize)) {
        if fragment.is_empty() {
            (0..self.ends.len()).for_each(found);
            return;
        }
        if fragment.contains('\n') {
            // Could span two texts in the joined buffer; no stored text holds a line break
            // (names and phones are single lines), so nothing matches.
            return;
        }
        let mut at = 0;
        let mut last = None;
        for hit in memchr::memmem::find_iter(self.text.as_bytes(), fragment.as_bytes()) {
            // Hits come in order, so the text holding each is found by walking forward.
            while self
                .ends
                .get(at)
                .is_some_and(|&end| end < hit + fragment.len())
            {
                at += 1;
            }
            if last != Some(at) && at < self.ends.len() {
                last = Some(at);
                found(at);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_person_set_is_a_set(ids in proptest::collection::vec(-3i64..700, 0..200)) {
            let mut set = PersonSet::up_to(300);
            let mut plain = std::collections::BTreeSet::new();
            for &id in &ids {
                prop_assert_eq!(set.insert(id), id > 0 && plain.insert(id));
            }
            prop_assert_eq!(set.len(), plain.len());
            prop_assert_eq!(
                set.descending().collect::<Vec<_>>(),
                plain.iter().rev().copied().collect::<Vec<_>>()
            );
            for id in -3..710 {
                prop_assert_eq!(set.contains(id), plain.contains(&id));
            }
        }

        #[test]
        fn joined_texts_find_what_each_text_contains(
            texts in proptest::collection::vec("[ab\u{e9} ]{0,6}", 0..30),
            fragment in "[ab\u{e9} ]{1,3}",
        ) {
            let mut joined = Joined::default();
            for t in &texts {
                joined.push(t);
            }
            let expected: Vec<usize> = texts
                .iter()
                .enumerate()
                .filter(|(_, t)| t.contains(fragment.as_str()))
                .map(|(i, _)| i)
                .collect();
            let mut got = Vec::new();
            joined.each_containing(&fragment, |i| got.push(i));
            prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn a_fragment_never_spans_two_texts() {
        let mut joined = Joined::default();
        joined.push("ab");
        joined.push("cd");
        let containing = |fragment: &str| {
            let mut got = Vec::new();
            joined.each_containing(fragment, |i| got.push(i));
            got
        };
        assert_eq!(containing("b\nc"), Vec::<usize>::new());
        assert_eq!(containing("bc"), Vec::<usize>::new());
        assert_eq!(containing("d"), [1]);
        assert_eq!(containing(""), [0, 1]);
    }
}

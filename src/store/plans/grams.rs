//! The Plans list's index of names: for each run of one, two or three bytes, the plans whose
//! names hold it, so a filter keystroke tests a few plans' names, not every one.

/// A run of one to three bytes as one number: its length above its bytes, so runs of
/// different lengths never share one.
pub(super) fn gram(run: &[u8]) -> u32 {
    run.iter()
        .fold(run.len() as u32, |key, &b| key << 8 | u32::from(b))
}

/// For each run of one, two or three bytes, the rows (their places, ascending) that hold it
/// in one of their texts: a filter of up to three bytes is one list, read as it is (a row
/// holds the filter exactly when it holds that run); a longer one is in the rows holding
/// all its runs of three, which are then tested. Three flat arrays, so 80,000 plans' names
/// take a few megabytes.
pub(super) struct GramIndex {
    /// Every run held, ascending.
    keys: Vec<u32>,
    /// Where each key's rows start in `rows` (one more: the end).
    starts: Vec<u32>,
    rows: Vec<u32>,
}

/// Hashes a [`gram`] key with one multiplication: the keys are ours (no one can choose them
/// to collide), and the default hasher made building the index for 80,000 plans three times
/// slower.
#[derive(Default, Clone, Copy)]
struct GramHash;

struct GramHasher(u64);

impl std::hash::BuildHasher for GramHash {
    type Hasher = GramHasher;
    fn build_hasher(&self) -> GramHasher {
        GramHasher(0)
    }
}

impl std::hash::Hasher for GramHasher {
    /// The product's high bits brought down: the table picks a bucket by the low bits, and a
    /// product's low bits depend only on the key's low bits (runs ending in the same bytes).
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u32(u32::from(b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0 ^ u64::from(n)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

impl GramIndex {
    /// The index of `rows` rows, where `grams_of(i, out)` puts row `i`'s distinct runs (as
    /// [`gram`] keys) in `out`, sorted.
    pub(super) fn build(rows: usize, grams_of: impl Fn(usize, &mut Vec<u32>)) -> GramIndex {
        // Twice through the rows (counting, then placing), so no list of pairs is held.
        let mut count: std::collections::HashMap<u32, u32, GramHash> = Default::default();
        let mut buf = Vec::new();
        for i in 0..rows {
            grams_of(i, &mut buf);
            for g in &buf {
                *count.entry(*g).or_default() += 1;
            }
        }
        let mut keys: Vec<u32> = count.keys().copied().collect();
        keys.sort_unstable();
        let mut starts = Vec::with_capacity(keys.len() + 1);
        let mut end = 0u32;
        starts.push(end);
        // `count` becomes each key's next free place.
        for k in &keys {
            if let Some(n) = count.get_mut(k) {
                let start = end;
                end += *n;
                *n = start;
            }
            starts.push(end);
        }
        let mut placed = vec![0u32; end as usize];
        for i in 0..rows {
            grams_of(i, &mut buf);
            for g in &buf {
                if let Some(at) = count.get_mut(g) {
                    if let Some(slot) = placed.get_mut(*at as usize) {
                        *slot = i as u32;
                    }
                    *at += 1;
                }
            }
        }
        GramIndex {
            keys,
            starts,
            rows: placed,
        }
    }

    /// The rows holding `run` (one to three bytes), ascending.
    pub(super) fn rows_with(&self, run: &[u8]) -> &[u32] {
        let Ok(k) = self.keys.binary_search(&gram(run)) else {
            return &[];
        };
        let (Some(&from), Some(&to)) = (self.starts.get(k), self.starts.get(k + 1)) else {
            return &[];
        };
        self.rows.get(from as usize..to as usize).unwrap_or(&[])
    }
}

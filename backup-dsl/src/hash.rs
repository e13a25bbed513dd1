//! Layer 0, beside the values, so that the diagnostics and the model share it: the hash the
//! stack's own tables use (FNV-1a, fast on the short strings, ids, names and field paths, they
//! are keyed by), and the first-of-each-kind table of the duplicate checks.

/// The 64-bit FNV-1a hash.
#[doc(hidden)]
pub struct Fnv(u64);

/// A hash map keyed by short strings (ids, names) of one stack: FNV-1a hashes them in a few
/// cycles where the standard SipHash (built against collision attacks, which a stack's own ids
/// are not) took longer than the rest of the lookup.
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// 64-bit FNV-1a of some bytes: a stable digest (the standard hasher's output may change between
/// Rust releases), for ids here and for apply's request digests and idempotency tokens.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = Fnv::default();
    h.write(bytes);
    h.finish()
}

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The first of each kind of thing among many, told by a 64-bit digest and then by equality:
/// things of equal kind must have equal digests; should two differing kinds share a digest,
/// equality tells them apart. Positions only: nothing is copied or allocated per thing, which is
/// what a stack of 10,000 resources (and its thousands of findings) asks of a duplicate check.
#[derive(Default)]
pub struct FirstSeen {
    /// Digest -> position of the first thing with it.
    first_with: FastMap<u64, usize>,
    /// Later firsts whose digest an earlier, differing first has: (digest, position).
    sharing_a_digest: Vec<(u64, usize)>,
}

impl FirstSeen {
    /// Room for `n` kinds.
    pub fn with_capacity(n: usize) -> Self {
        FirstSeen {
            first_with: FastMap::with_capacity_and_hasher(n, Default::default()),
            sharing_a_digest: Vec::new(),
        }
    }

    /// The position of the first thing seen of the same kind as the one at `at`, whose digest
    /// is `digest` (`same(earlier)` tells whether the thing at `earlier` is of its kind); `None`
    /// when it is the first, which is then remembered at `at`.
    pub fn earlier(
        &mut self,
        digest: u64,
        at: usize,
        mut same: impl FnMut(usize) -> bool,
    ) -> Option<usize> {
        use std::collections::hash_map::Entry;
        match self.first_with.entry(digest) {
            Entry::Vacant(slot) => {
                slot.insert(at);
                None
            }
            Entry::Occupied(first) => {
                let first = *first.get();
                if same(first) {
                    return Some(first);
                }
                let earlier = self
                    .sharing_a_digest
                    .iter()
                    .find(|&&(d, kept)| d == digest && same(kept))
                    .map(|&(_, kept)| kept);
                if earlier.is_none() {
                    self.sharing_a_digest.push((digest, at));
                }
                earlier
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_of_each_kind_is_found_by_digest_then_by_equality() {
        let words = ["a", "b", "a", "c", "b", "c", "d", "a"];
        let firsts = |digest: &dyn Fn(&str) -> u64| {
            let mut seen = FirstSeen::with_capacity(words.len());
            (0..words.len())
                .map(|at| seen.earlier(digest(words[at]), at, |e| words[e] == words[at]))
                .collect::<Vec<_>>()
        };
        let expected = [None, None, Some(0), None, Some(1), Some(3), None, Some(0)];
        // A digest that tells them apart, and one under which every word collides.
        assert_eq!(firsts(&|w| fnv1a(w.as_bytes())), expected);
        assert_eq!(firsts(&|_| 7), expected);
        // Collisions among some only.
        assert_eq!(firsts(&|w| u64::from(w == "a" || w == "c")), expected);
    }

    #[test]
    fn fnv1a_is_the_published_function() {
        // The FNV-1a test vectors: the empty input is the offset basis.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }
}

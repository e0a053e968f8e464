//! A fast hash for the maps and fingerprints of a rebuild: document IDs,
//! paths and URLs are hashed a few hundred thousand times per `watch`
//! rebuild, where std's SipHash (made to resist hash flooding, which a
//! project's own files cannot mount against its author) was a tenth of the
//! time. Not for anything that must resist an adversary.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Word-at-a-time multiply-rotate over the input, with a final avalanche so
/// that the whole 64 bits are usable as a fingerprint (`render::reuse`).
#[derive(Clone, Copy, Default)]
pub struct FastHasher {
    state: u64,
}

const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

impl FastHasher {
    fn mix(&mut self, word: u64) {
        self.state = (self.state ^ word).wrapping_mul(MULTIPLIER).rotate_left(31);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        // The length of the tail tells "a" from "a\0" apart.
        self.mix(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
    }

    fn write_u8(&mut self, value: u8) {
        self.mix(u64::from(value) | 0x100);
    }

    fn write_u32(&mut self, value: u32) {
        self.mix(u64::from(value) | 0x1_0000_0000);
    }

    fn write_u64(&mut self, value: u64) {
        self.mix(value);
    }

    fn write_usize(&mut self, value: usize) {
        self.mix(value as u64);
    }

    fn finish(&self) -> u64 {
        // murmur3's fmix64: every input bit reaches every output bit.
        let mut hash = self.state;
        hash ^= hash >> 33;
        hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
        hash ^= hash >> 33;
        hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        hash ^ (hash >> 33)
    }
}

/// What makes a `FastHasher` for a map or set.
pub type BuildFastHasher = BuildHasherDefault<FastHasher>;

/// A `HashMap` with `FastHasher`.
pub type FastMap<K, V> = HashMap<K, V, BuildFastHasher>;

/// An empty `FastMap` with room for `capacity` entries.
pub fn map_with_capacity<K, V>(capacity: usize) -> FastMap<K, V> {
    FastMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::hash::Hash;

    fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
        let mut hasher = FastHasher::default();
        value.hash(&mut hasher);
        hasher.finish()
    }

    #[test]
    fn near_inputs_hash_apart() {
        // IDs, paths and numbers that differ in one place, as a corpus has.
        let mut seen = HashSet::new();
        for n in 0..100_000u32 {
            assert!(seen.insert(hash_of(&format!("FAQ-{n:05}"))));
        }
        for n in 0..100_000u64 {
            assert!(seen.insert(hash_of(&n)));
        }
        assert_ne!(hash_of("a"), hash_of("a\0"));
        assert_ne!(hash_of(&("ab", "c")), hash_of(&("a", "bc")));
        assert_ne!(hash_of(&0u64), hash_of(&0u8));
        assert_ne!(hash_of(""), hash_of(&[0u8; 0][..]));
    }

    #[test]
    fn a_map_finds_what_it_holds() {
        let mut map: FastMap<String, usize> = map_with_capacity(4);
        for n in 0..1000 {
            map.insert(format!("sla/sla-{n}.html"), n);
        }
        assert!((0..1000).all(|n| map.get(&format!("sla/sla-{n}.html")) == Some(&n)));
    }
}

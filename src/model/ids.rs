//! An id → index map tuned for resolving millions of link ends. Each slot of the
//! open-addressing table holds the id's full 64-bit hash and, for ids of up to 19 bytes
//! (generated ids, 18-character Chinese unified social credit codes), the id itself — so a
//! lookup is usually a single cache miss, against three for a `HashMap<&str, u32>` over
//! scattered `String`s. Longer ids are compared in one arena. The hash is foldhash, a fast
//! hash for short keys, with a per-process random seed: keyed, so ids cannot be crafted in
//! advance to collide. Lookups and inserts are expected O(1) (linear probing, load factor
//! at most ½).
//!
//! The loader fills it while merging firms.csv (finding duplicate ids on the way), uses
//! it to resolve links.csv, and hands it to the [`Model`](super::Model) for `firm(id)`.

use std::hash::BuildHasher;

const INLINE: usize = 19;

#[derive(Clone, Copy)]
struct Slot {
    hash: u64,
    /// Index + 1; 0 = empty slot.
    index: u32,
    /// Length when inline (≤ INLINE), else `u8::MAX` and `bytes[..4]` is the arena offset.
    len: u8,
    bytes: [u8; INLINE],
}

const EMPTY: Slot = Slot {
    hash: 0,
    index: 0,
    len: 0,
    bytes: [0; INLINE],
};

/// A short id prepared for [`IdIndex::get_many`].
#[derive(Clone, Copy)]
pub struct IdKey {
    hash: u64,
    len: u8,
    bytes: [u8; INLINE],
}

impl IdKey {
    /// The id itself (for messages).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

/// Firm id → [`FirmIdx`](super::FirmIdx) (any `u32` index): an open-addressing table with
/// linear probing, kept at most half full.
#[derive(Clone)]
pub struct IdIndex {
    /// Long ids, each preceded by its length as 4 bytes.
    arena: Vec<u8>,
    table: Vec<Slot>,
    mask: usize,
    len: usize,
    hasher: foldhash::quality::RandomState,
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdIndex({} ids)", self.len)
    }
}

impl Default for IdIndex {
    fn default() -> Self {
        IdIndex::with_capacity(0)
    }
}

impl IdIndex {
    /// An empty index with room for `n` ids before it grows.
    pub fn with_capacity(n: usize) -> IdIndex {
        let slots = (n * 2).next_power_of_two().max(16);
        IdIndex {
            arena: Vec::new(),
            table: vec![EMPTY; slots],
            mask: slots - 1,
            len: 0,
            hasher: foldhash::quality::RandomState::default(),
        }
    }

    /// Indexes `ids` at their positions (the first occurrence wins on a duplicate).
    pub fn new<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> IdIndex {
        let mut index = IdIndex::with_capacity(ids.len());
        for (i, id) in ids.enumerate() {
            index.insert(id, i as u32);
        }
        index
    }

    /// Number of ids.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Adds `id` → `index`; returns the index already stored when `id` is present (and
    /// then changes nothing).
    pub fn insert(&mut self, id: &str, index: u32) -> Option<u32> {
        let hash = self.hasher.hash_one(id);
        if let Some(existing) = self.find(hash, id) {
            return Some(existing);
        }
        if (self.len + 1) * 2 > self.table.len() {
            self.grow();
        }
        let mut slot = EMPTY;
        slot.hash = hash;
        slot.index = index + 1;
        if id.len() <= INLINE {
            slot.len = id.len() as u8;
            slot.bytes[..id.len()].copy_from_slice(id.as_bytes());
        } else {
            slot.len = u8::MAX;
            let offset = self.arena.len() as u32;
            slot.bytes[..4].copy_from_slice(&offset.to_le_bytes());
            self.arena
                .extend_from_slice(&(id.len() as u32).to_le_bytes());
            self.arena.extend_from_slice(id.as_bytes());
        }
        self.place(slot);
        self.len += 1;
        None
    }

    /// Asks for a slot's cache line, so it is on its way when the slot is read.
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    fn prefetch(&self, at: usize) {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        let slot = (&raw const self.table[at]).cast::<i8>();
        // SAFETY: `_mm_prefetch` is a hint: it reads nothing the program sees and cannot
        // fault, even on a bad address (here it is in bounds). SSE is part of every
        // x86_64 target; the intrinsic is `unsafe` only because it is a target-feature fn.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(slot) }
    }

    #[cfg(not(target_arch = "x86_64"))]
    #[inline(always)]
    fn prefetch(&self, _at: usize) {}

    /// Doubles the table, re-placing every slot by its stored hash.
    fn grow(&mut self) {
        let slots = self.table.len() * 2;
        let old = std::mem::replace(&mut self.table, vec![EMPTY; slots]);
        self.mask = slots - 1;
        for slot in old.into_iter().filter(|s| s.index != 0) {
            self.place(slot);
        }
    }

    fn place(&mut self, slot: Slot) {
        let mut at = slot.hash as usize & self.mask;
        while self.table[at].index != 0 {
            at = (at + 1) & self.mask;
        }
        self.table[at] = slot;
    }

    /// A prepared lookup of `id` (its hash and, for a short id, its bytes), so that many
    /// lookups can be made later in one tight loop — see [`IdIndex::get_many`]. `None`
    /// for ids longer than the inline size, which are looked up with [`IdIndex::get`].
    pub fn key(&self, id: &str) -> Option<IdKey> {
        (id.len() <= INLINE).then(|| {
            let mut bytes = [0; INLINE];
            bytes[..id.len()].copy_from_slice(id.as_bytes());
            IdKey {
                hash: self.hasher.hash_one(id),
                len: id.len() as u8,
                bytes,
            }
        })
    }

    /// Looks every key up. Each lookup is usually one cache miss into a table far larger
    /// than the cache; in a loop this short the processor overlaps the misses of many
    /// keys, where one lookup per parsed row would wait for each in turn.
    pub fn get_many(&self, keys: &[IdKey]) -> Vec<Option<u32>> {
        // Ask for the slot a few keys ahead now, so it is in cache by the time it is read.
        const AHEAD: usize = 16;
        keys.iter()
            .enumerate()
            .map(|(i, key)| {
                if let Some(next) = keys.get(i + AHEAD) {
                    self.prefetch(next.hash as usize & self.mask);
                }
                let mut at = key.hash as usize & self.mask;
                loop {
                    let slot = &self.table[at];
                    if slot.index == 0 {
                        return None;
                    }
                    if slot.hash == key.hash && slot.len == key.len && slot.bytes == key.bytes {
                        return Some(slot.index - 1);
                    }
                    at = (at + 1) & self.mask;
                }
            })
            .collect()
    }

    pub fn get(&self, id: &str) -> Option<u32> {
        self.find(self.hasher.hash_one(id), id)
    }

    fn find(&self, hash: u64, id: &str) -> Option<u32> {
        let mut at = hash as usize & self.mask;
        loop {
            let slot = &self.table[at];
            if slot.index == 0 {
                return None;
            }
            if slot.hash == hash && self.matches(slot, id) {
                return Some(slot.index - 1);
            }
            at = (at + 1) & self.mask;
        }
    }

    fn matches(&self, slot: &Slot, id: &str) -> bool {
        if slot.len != u8::MAX {
            return usize::from(slot.len) == id.len() && &slot.bytes[..id.len()] == id.as_bytes();
        }
        let mut offset = [0u8; 4];
        offset.copy_from_slice(&slot.bytes[..4]);
        let start = u32::from_le_bytes(offset) as usize;
        let Some(len) = self.arena.get(start..start + 4) else {
            return false;
        };
        let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
        len == id.len() && self.arena.get(start + 4..start + 4 + len) == Some(id.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_id_and_only_those() {
        let mut ids: Vec<String> = (0..1000).map(|i| format!("F{i:04}")).collect();
        ids.push("91440101MA5CXXXX1Y".to_string()); // 18 bytes: inline
        ids.push("a-very-long-identifier-of-a-registry-record".to_string()); // arena
        ids.push("另一个很长的企业标识符号码".to_string()); // multi-byte, arena
        let index = IdIndex::new(ids.iter().map(String::as_str));
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id), Some(i as u32), "{id}");
        }
        assert_eq!(index.get("F000"), None, "a prefix of an id is not the id");
        assert_eq!(index.get("F00000"), None);
        assert_eq!(index.get(""), None);
        assert_eq!(
            index.get("a-very-long-identifier-of-a-registry-recor"),
            None
        );
        let dup = IdIndex::new(["a", "b", "a"].into_iter());
        assert_eq!(dup.get("a"), Some(0));
        assert_eq!(dup.len(), 2);
    }

    #[test]
    fn grows_and_reports_what_is_already_there() {
        let mut index = IdIndex::default();
        for i in 0..10_000u32 {
            let id = if i % 3 == 0 {
                format!("a-long-identifier-number-{i}")
            } else {
                format!("F{i}")
            };
            assert_eq!(index.insert(&id, i), None);
        }
        assert_eq!(index.insert("F1", 99), Some(1));
        assert_eq!(index.len(), 10_000);
        assert_eq!(index.get("a-long-identifier-number-9999"), Some(9999));
        assert_eq!(index.get("F9998"), Some(9998));
        assert_eq!(index.get("F10000"), None);
    }
}

//! A read-only id → index map tuned for resolving millions of link ends. Each slot of the
//! open-addressing table holds the id's full 64-bit hash and, for ids of up to 19 bytes
//! (generated ids, 18-character Chinese unified social credit codes), the id itself — so a
//! lookup is usually a single cache miss, against three for a `HashMap<&str, u32>` over
//! scattered `String`s. Longer ids are compared in one arena. The hash is std's keyed
//! SipHash, so hostile ids cannot be crafted to collide.

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

pub struct IdIndex {
    /// Long ids, each followed by its length as 4 bytes.
    arena: Vec<u8>,
    table: Vec<Slot>,
    mask: usize,
    hasher: std::hash::RandomState,
}

impl IdIndex {
    /// Indexes `ids` (the first occurrence wins on a duplicate).
    pub fn new<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> IdIndex {
        let n = ids.len();
        let slots = (n * 2).next_power_of_two().max(16);
        let mut index = IdIndex {
            arena: Vec::new(),
            table: vec![EMPTY; slots],
            mask: slots - 1,
            hasher: std::hash::RandomState::new(),
        };
        for (i, id) in ids.enumerate() {
            if index.get(id).is_some() {
                continue;
            }
            let hash = index.hasher.hash_one(id);
            let mut slot = EMPTY;
            slot.hash = hash;
            slot.index = i as u32 + 1;
            if id.len() <= INLINE {
                slot.len = id.len() as u8;
                slot.bytes[..id.len()].copy_from_slice(id.as_bytes());
            } else {
                slot.len = u8::MAX;
                let offset = index.arena.len() as u32;
                slot.bytes[..4].copy_from_slice(&offset.to_le_bytes());
                index
                    .arena
                    .extend_from_slice(&(id.len() as u32).to_le_bytes());
                index.arena.extend_from_slice(id.as_bytes());
            }
            let mut at = hash as usize & index.mask;
            while index.table[at].index != 0 {
                at = (at + 1) & index.mask;
            }
            index.table[at] = slot;
        }
        index
    }

    pub fn get(&self, id: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(id);
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
    }
}

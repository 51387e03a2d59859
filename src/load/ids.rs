//! A read-only id → index map tuned for resolving millions of link ends: ids live in one
//! arena and the open-addressing table keeps each entry's full 64-bit hash next to its
//! arena offset, so a lookup costs one table probe plus one arena comparison — two cache
//! misses instead of the three of a `HashMap<&str, u32>` over scattered `String`s. The hash
//! is std's keyed SipHash, so hostile ids cannot be crafted to collide.

use std::hash::BuildHasher;

/// Ids are stored in the arena followed by this byte (CSV text never holds NUL: the loader
/// rejects such files), which marks where an id ends.
const END: u8 = 0;

pub struct IdIndex {
    arena: Vec<u8>,
    /// (hash, index + 1, arena offset); index 0 marks an empty slot.
    table: Vec<(u64, u32, u32)>,
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
            table: vec![(0, 0, 0); slots],
            mask: slots - 1,
            hasher: std::hash::RandomState::new(),
        };
        for (i, id) in ids.enumerate() {
            if index.get(id).is_some() {
                continue;
            }
            let offset = index.arena.len() as u32;
            index.arena.extend_from_slice(id.as_bytes());
            index.arena.push(END);
            let hash = index.hasher.hash_one(id);
            let mut slot = hash as usize & index.mask;
            while index.table[slot].1 != 0 {
                slot = (slot + 1) & index.mask;
            }
            index.table[slot] = (hash, i as u32 + 1, offset);
        }
        index
    }

    pub fn get(&self, id: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(id);
        let mut slot = hash as usize & self.mask;
        loop {
            let (h, i, offset) = self.table[slot];
            if i == 0 {
                return None;
            }
            if h == hash {
                let start = offset as usize;
                let end = start + id.len();
                if self.arena.get(start..end) == Some(id.as_bytes())
                    && self.arena.get(end) == Some(&END)
                {
                    return Some(i - 1);
                }
            }
            slot = (slot + 1) & self.mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_id_and_only_those() {
        let ids: Vec<String> = (0..1000).map(|i| format!("F{i:04}")).collect();
        let index = IdIndex::new(ids.iter().map(String::as_str));
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id), Some(i as u32));
        }
        assert_eq!(index.get("F000"), None, "a prefix of an id is not the id");
        assert_eq!(index.get("F00000"), None);
        assert_eq!(index.get(""), None);
        let dup = IdIndex::new(["a", "b", "a"].into_iter());
        assert_eq!(dup.get("a"), Some(0));
    }
}

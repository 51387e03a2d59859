//! `Csr`, compressed sparse rows: the one adjacency/grouping layout of the crate. The
//! model's supply-link and producer indices, the supply graph of the graph metrics, the
//! undirected projection of the articulation search, the vertex-cut network and the
//! closure's consumer index are all a `Csr`.

/// Compressed sparse rows: for each key `k`, `items[offsets[k]..offsets[k + 1]]`.
/// Offsets are `u32`, so at most 2³² − 1 items (10M links use 0.25% of that).
#[derive(Debug, Clone, PartialEq)]
pub struct Csr<T = u32> {
    offsets: Vec<u32>,
    items: Vec<T>,
}

impl<T> Default for Csr<T> {
    /// No keys, no items.
    fn default() -> Self {
        Csr {
            offsets: vec![0],
            items: Vec::new(),
        }
    }
}

impl<T: Copy + Default> Csr<T> {
    /// Builds from `(key, item)` pairs (a counting sort: the iterator is walked twice);
    /// within a key, items keep the order in which they were given.
    pub fn from_pairs(keys: usize, pairs: impl Iterator<Item = (u32, T)> + Clone) -> Self {
        let mut offsets = vec![0u32; keys + 1];
        for (key, _) in pairs.clone() {
            offsets[key as usize + 1] += 1;
        }
        for k in 0..keys {
            offsets[k + 1] += offsets[k];
        }
        let mut cursor = offsets.clone();
        let mut items = vec![T::default(); offsets[keys] as usize];
        for (key, item) in pairs {
            let slot = &mut cursor[key as usize];
            items[*slot as usize] = item;
            *slot += 1;
        }
        Csr { offsets, items }
    }
}

impl<T> Csr<T> {
    /// An empty `Csr` to fill row by row ([`Csr::push`], [`Csr::end_row`]), with room for
    /// `keys` rows and `items` items.
    pub fn with_capacity(keys: usize, items: usize) -> Self {
        let mut offsets = Vec::with_capacity(keys + 1);
        offsets.push(0);
        Csr {
            offsets,
            items: Vec::with_capacity(items),
        }
    }

    /// Appends an item to the row being filled.
    #[inline]
    pub fn push(&mut self, item: T) {
        self.items.push(item);
    }

    /// Appends items to the row being filled.
    #[inline]
    pub fn extend_from_slice(&mut self, items: &[T])
    where
        T: Clone,
    {
        self.items.extend_from_slice(items);
    }

    /// Closes the row being filled (it gets the next key).
    #[inline]
    pub fn end_row(&mut self) {
        self.offsets.push(self.items.len() as u32);
    }

    /// The items of `key`; empty when `key` is out of range.
    #[inline]
    pub fn get(&self, key: u32) -> &[T] {
        let k = key as usize;
        match (self.offsets.get(k), self.offsets.get(k + 1)) {
            (Some(&a), Some(&b)) => &self.items[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The number of keys (rows).
    pub fn keys(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// The number of items over all rows.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// No items at all.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Row starts: key `k`'s items are `items()[offsets()[k]..offsets()[k + 1]]`.
    pub fn offsets(&self) -> &[u32] {
        &self.offsets
    }

    /// Every item, row after row.
    pub fn items(&self) -> &[T] {
        &self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csr_groups_items_by_key_in_given_order() {
        let csr = Csr::from_pairs(3, [(2, 10), (0, 11), (2, 12)].into_iter());
        assert_eq!(csr.get(0), &[11]);
        assert!(csr.get(1).is_empty());
        assert_eq!(csr.get(2), &[10, 12]);
        assert!(csr.get(7).is_empty());
        assert_eq!(csr.keys(), 3);
    }

    #[test]
    fn rows_pushed_in_order() {
        let mut csr = Csr::with_capacity(3, 3);
        csr.push(5u32);
        csr.end_row();
        csr.end_row();
        csr.extend_from_slice(&[1, 2]);
        csr.end_row();
        assert_eq!(csr.keys(), 3);
        assert_eq!(csr.get(0), &[5]);
        assert!(csr.get(1).is_empty());
        assert_eq!(csr.get(2), &[1, 2]);
        assert_eq!(csr.offsets(), &[0, 1, 1, 3]);
        assert_eq!(Csr::<u32>::default().keys(), 0);
    }
}

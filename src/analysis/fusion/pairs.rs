//! Firm pairs of a layer: an unordered pair {a, b} as one sortable `u64` key, and the size
//! of the intersection of two sorted, deduplicated key lists by a linear merge (the overlap
//! |E_a ∩ E_b| of two layers).

use std::cmp::Ordering;

use crate::model::FirmIdx;

/// The unordered pair {a, b} as one sortable key: (min << 32) | max.
pub(super) fn pair_key(a: FirmIdx, b: FirmIdx) -> u64 {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    (u64::from(lo) << 32) | u64::from(hi)
}

/// |A ∩ B| of two sorted, deduplicated slices, by a linear merge.
pub(super) fn intersection_size(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_key_is_unordered() {
        assert_eq!(pair_key(3, 7), pair_key(7, 3));
        assert_ne!(pair_key(3, 7), pair_key(3, 8));
    }

    #[test]
    fn merge_counts_common_items() {
        assert_eq!(intersection_size(&[1, 3, 5, 9], &[2, 3, 4, 9, 10]), 2);
        assert_eq!(intersection_size(&[], &[1]), 0);
    }
}

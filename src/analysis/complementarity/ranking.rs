//! The ranking of `complement --matrix` and the bounded set of pairs it keeps: joint gain
//! descending, UNIDO S ascending (undefined last), then the two city ids — a total order,
//! so the best N do not depend on the order pairs arrive in or on the thread count. `Top`
//! is a max-heap of at most N entries whose top is the worst kept: O(log N) per pair,
//! O(N) memory.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::model::StageIdx;

/// One ranked pair while streaming: what the order needs, and the joint gain.
#[derive(Debug)]
pub(super) struct Entry {
    pub(super) count: u32,
    pub(super) s: Option<f64>,
    pub(super) i: u32,
    pub(super) j: u32,
    pub(super) k: Option<f64>,
    pub(super) gain: Vec<StageIdx>,
}

/// The ranking: count descending, S ascending (undefined last), then (a, b) — the city
/// indices, which are in id order. `Less` ranks first. A total order: (i, j) is unique.
fn rank(x: &Entry, y: &Entry) -> Ordering {
    y.count
        .cmp(&x.count)
        .then_with(|| compare_s(x.s, y.s))
        .then_with(|| (x.i, x.j).cmp(&(y.i, y.j)))
}

fn compare_s(x: Option<f64>, y: Option<f64>) -> Ordering {
    match (x, y) {
        (Some(p), Some(q)) => p.total_cmp(&q),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        rank(self, other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        rank(self, other)
    }
}

/// The best `cap` entries seen: a max-heap whose top is the worst kept.
pub(super) struct Top {
    cap: usize,
    pub(super) heap: BinaryHeap<Entry>,
}

impl Top {
    pub(super) fn new(cap: usize) -> Self {
        Top {
            cap,
            heap: BinaryHeap::new(),
        }
    }

    /// Whether a pair with this count could still be kept (before S is known).
    pub(super) fn may_take(&self, count: u32) -> bool {
        self.heap.len() < self.cap || self.heap.peek().is_some_and(|w| count >= w.count)
    }

    /// Whether this entry would be kept.
    pub(super) fn takes(&self, e: &Entry) -> bool {
        self.heap.len() < self.cap || self.heap.peek().is_some_and(|w| e < w)
    }

    pub(super) fn push(&mut self, e: Entry) {
        if self.heap.len() < self.cap {
            self.heap.push(e);
        } else if let Some(mut worst) = self.heap.peek_mut()
            && e < *worst
        {
            *worst = e;
        }
    }

    /// Both sets' best `cap`: the same whichever is merged into which (a total order).
    pub(super) fn merge(mut self, other: Top) -> Top {
        if self.heap.len() < other.heap.len() {
            return other.merge(self);
        }
        for e in other.heap {
            self.push(e);
        }
        self
    }
}

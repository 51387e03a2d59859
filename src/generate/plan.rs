//! The plan derived from the options: every actor's `Core` (drawn by `firm_core`), producers grouped by
//! (stage, city) and the other sampling tables with cumulative weights, and the link
//! budget per layer.

use rayon::prelude::*;

use super::GenerateOptions;
use super::rng::{Rng, TAG_CORE, exp, ln, pow};
use super::templates::{GBA_CITIES, N_CITIES};
use super::world::World;
use crate::model::{Kind, Tier, Vocabulary};

/// Items with inclusive cumulative weights, grouped into contiguous blocks.
pub(super) struct Table {
    pub(super) items: Vec<u32>,
    pub(super) cum: Vec<f64>,
}

impl Table {
    pub(super) fn from_weighted(items: Vec<(u32, f64)>) -> Table {
        let mut acc = 0.0;
        let mut cum = Vec::with_capacity(items.len());
        let mut ids = Vec::with_capacity(items.len());
        for (id, w) in items {
            acc += w;
            cum.push(acc);
            ids.push(id);
        }
        Table { items: ids, cum }
    }

    /// An item of block `[a, b)` drawn with probability ∝ weight; `None` if the block
    /// has no weight.
    pub(super) fn sample(&self, a: usize, b: usize, rng: &mut Rng) -> Option<u32> {
        sample_cum(&self.cum, a, b, rng.f64()).map(|k| self.items[k])
    }

    /// Any item, drawn with probability ∝ weight; `None` if the table has no weight.
    pub(super) fn sample_all(&self, rng: &mut Rng) -> Option<u32> {
        self.sample(0, self.items.len(), rng)
    }
}

/// Index in `[a, b)` drawn from inclusive cumulative weights with the uniform `u ∈ [0,1)`.
pub(super) fn sample_cum(cum: &[f64], a: usize, b: usize, u: f64) -> Option<usize> {
    let b = b.min(cum.len());
    if a >= b {
        return None;
    }
    let lo = if a == 0 { 0.0 } else { cum[a - 1] };
    let hi = cum[b - 1];
    if hi <= lo {
        return None;
    }
    let r = lo + u * (hi - lo);
    let mut k = (a + cum[a..b].partition_point(|&c| c <= r)).min(b - 1);
    // Rounding can land on a trailing zero-weight item; step back to one with weight.
    while k > a && cum[k] <= cum[k - 1] {
        k -= 1;
    }
    Some(k)
}

/// Share of links per layer (supply takes the rest).
pub(super) const VALUE_SHARE: f64 = 0.12;
pub(super) const INNOVATION_SHARE: f64 = 0.10;
pub(super) const CAPITAL_SHARE: f64 = 0.08;

/// Everything derived from the options: firm states and sampling tables.
pub(super) struct Plan {
    pub(super) world: World,
    pub(super) seed: u64,
    pub(super) n: usize,
    pub(super) id_width: usize,
    pub(super) cores: Vec<Core>,
    /// Producers sorted by (stage, city), weight = employees; block of stage `s`, city `c`
    /// is `prod_off[s * (N_CITIES + 1) + c] .. prod_off[s * (N_CITIES + 1) + c + 1]`.
    pub(super) producers: Table,
    pub(super) prod_off: Vec<usize>,
    /// Firms (kind `firm`) as link targets, weight √employees; GBA first, `targets_split` of them.
    pub(super) targets: Table,
    pub(super) targets_split: usize,
    pub(super) value_sources: Table,
    pub(super) innovation_sources: Table,
    pub(super) capital_sources: Table,
    /// Firms as parents / licensors, weight = employees.
    pub(super) big_firms: Table,
    /// Expected supply links per (input group × employees^¼).
    pub(super) supply_scale: f64,
    pub(super) value_links: u64,
    pub(super) innovation_links: u64,
    pub(super) capital_links: u64,
}

impl Plan {
    pub(super) fn new(world: World, opts: &GenerateOptions) -> Plan {
        let n = opts.firms;
        let seed = opts.seed;
        let cores: Vec<Core> = (0..n)
            .into_par_iter()
            .map(|i| firm_core(&world, seed, n, i))
            .collect();

        // Producers grouped by (stage, city) with a counting sort.
        let blocks = world.stages.len() * (N_CITIES + 1);
        let mut counts = vec![0usize; world.stages.len() * N_CITIES];
        for core in &cores {
            for s in core.produced() {
                counts[s * N_CITIES + core.city as usize] += 1;
            }
        }
        let mut prod_off = vec![0usize; blocks];
        let mut cursor = vec![0usize; world.stages.len() * N_CITIES];
        let mut acc = 0usize;
        for s in 0..world.stages.len() {
            for c in 0..N_CITIES {
                prod_off[s * (N_CITIES + 1) + c] = acc;
                cursor[s * N_CITIES + c] = acc;
                acc += counts[s * N_CITIES + c];
            }
            prod_off[s * (N_CITIES + 1) + N_CITIES] = acc;
        }
        let mut prod: Vec<(u32, f64)> = vec![(0, 0.0); acc];
        for (i, core) in cores.iter().enumerate() {
            for s in core.produced() {
                let slot = &mut cursor[s * N_CITIES + core.city as usize];
                prod[*slot] = (i as u32, f64::from(core.size));
                *slot += 1;
            }
        }
        let producers = Table::from_weighted(prod);

        let mut gba_targets = Vec::new();
        let mut out_targets = Vec::new();
        let mut value_sources = Vec::new();
        let mut innovation_sources = Vec::new();
        let mut capital_sources = Vec::new();
        let mut big_firms = Vec::new();
        let mut weighted_groups = 0.0;
        for (i, core) in cores.iter().enumerate() {
            let id = i as u32;
            let size = f64::from(core.size);
            match core.kind {
                Kind::Firm => {
                    let t = (id, size.sqrt());
                    if (core.city as usize) < GBA_CITIES {
                        gba_targets.push(t);
                    } else {
                        out_targets.push(t);
                    }
                    big_firms.push((id, size));
                    let fourth_root = size.sqrt().sqrt();
                    for s in core.produced() {
                        weighted_groups += world.stages[s].groups.len() as f64 * fourth_root;
                        if world.stages[s].def.tier == Tier::Service {
                            value_sources.push((id, pow(size, 0.8)));
                        }
                    }
                }
                Kind::Lab | Kind::University => innovation_sources.push((id, pow(size, 0.7))),
                Kind::Investor => capital_sources.push((id, size)),
                Kind::Platform | Kind::Agency | Kind::Association => {
                    value_sources.push((id, pow(size, 0.8)))
                }
            }
        }
        let targets_split = gba_targets.len();
        gba_targets.extend(out_targets);

        let total = n as f64 * opts.links_per_firm;
        let value_links = (total * VALUE_SHARE).round() as u64;
        let innovation_links = (total * INNOVATION_SHARE).round() as u64;
        let capital_links = (total * CAPITAL_SHARE).round() as u64;
        let supply = (total - (value_links + innovation_links + capital_links) as f64).max(0.0);
        let supply_scale = if weighted_groups > 0.0 {
            supply / weighted_groups
        } else {
            0.0
        };
        Plan {
            id_width: n.to_string().len().max(7),
            world,
            seed,
            n,
            cores,
            producers,
            prod_off,
            targets: Table::from_weighted(gba_targets),
            targets_split,
            value_sources: Table::from_weighted(value_sources),
            innovation_sources: Table::from_weighted(innovation_sources),
            capital_sources: Table::from_weighted(capital_sources),
            big_firms: Table::from_weighted(big_firms),
            supply_scale,
            value_links,
            innovation_links,
            capital_links,
        }
    }

    pub(super) fn stage_block(&self, s: usize, c0: usize, c1: usize) -> (usize, usize) {
        let base = s * (N_CITIES + 1);
        (self.prod_off[base + c0], self.prod_off[base + c1])
    }

    pub(super) fn has_producers(&self, s: usize) -> bool {
        let (a, b) = self.stage_block(s, 0, N_CITIES);
        b > a
    }

    /// A producer of stage `s` for a buyer in city `c`: GBA buyers 40 % same city, 40 %
    /// GBA, 20 % outside; outside buyers 50 % same city, 50 % anywhere. Falls back to any
    /// producer when the preferred block is empty.
    pub(super) fn sample_supplier(&self, s: usize, c: usize, rng: &mut Rng) -> Option<u32> {
        let r = rng.f64();
        let (c0, c1) = if c < GBA_CITIES {
            if r < 0.4 {
                (c, c + 1)
            } else if r < 0.8 {
                (0, GBA_CITIES)
            } else {
                (GBA_CITIES, N_CITIES)
            }
        } else if r < 0.5 {
            (c, c + 1)
        } else {
            (0, N_CITIES)
        };
        let (a, b) = self.stage_block(s, c0, c1);
        self.producers.sample(a, b, rng).or_else(|| {
            let (a, b) = self.stage_block(s, 0, N_CITIES);
            self.producers.sample(a, b, rng)
        })
    }

    /// A firm-kind target, on the GBA side or not, any if that side is empty.
    pub(super) fn sample_target(&self, gba: bool, rng: &mut Rng) -> Option<u32> {
        let len = self.targets.items.len();
        let (a, b) = if gba {
            (0, self.targets_split)
        } else {
            (self.targets_split, len)
        };
        self.targets
            .sample(a, b, rng)
            .or_else(|| self.targets.sample_all(rng))
    }

    pub(super) fn is_gba(&self, firm: u32) -> bool {
        (self.cores[firm as usize].city as usize) < GBA_CITIES
    }
}

pub(super) const NO_STAGE: u16 = u16::MAX;

/// What the link phase needs to know about each actor (12 bytes).
#[derive(Clone, Copy)]
pub(super) struct Core {
    pub(super) size: u32,
    pub(super) stages: [u16; 2],
    pub(super) kind: Kind,
    pub(super) city: u8,
}

impl Core {
    pub(super) fn produced(&self) -> impl Iterator<Item = usize> + '_ {
        self.stages
            .iter()
            .filter(|&&s| s != NO_STAGE)
            .map(|&s| s as usize)
    }
}

/// The parts of actor `i` the link phase needs; depends only on (seed, n, i).
pub(super) fn firm_core(world: &World, seed: u64, n: usize, i: usize) -> Core {
    let mut rng = Rng::new(seed, TAG_CORE, i as u64);
    let n_stages = world.stages.len();
    // Evenly spaced firms pinned to one stage each, so every stage has a producer.
    let pinned = n_stages.min(n / 2);
    let pinned_stage = if pinned > 0 {
        let j = (i * pinned).div_ceil(n);
        (j < pinned && j * n / pinned == i).then_some(j)
    } else {
        None
    };
    let kind = if pinned_stage.is_some() {
        Kind::Firm
    } else {
        let r = rng.f64();
        Kind::ALL
            .iter()
            .copied()
            .find(|k| r < k.cumulative_share())
            .unwrap_or(Kind::Association)
    };
    let (xmin, alpha, cap) = kind.size_law();
    let pareto = xmin * exp(-ln(rng.open01()) / alpha);
    if kind != Kind::Firm {
        let c =
            sample_cum(&world.kind_city_cum[kind as usize], 0, N_CITIES, rng.f64()).unwrap_or(0);
        return Core {
            size: pareto.min(cap).max(1.0) as u32,
            stages: [NO_STAGE; 2],
            kind,
            city: c as u8,
        };
    }
    let s1 = match pinned_stage {
        Some(j) => j,
        None => sample_cum(&world.stage_cum, 0, n_stages, rng.f64()).unwrap_or(0),
    };
    let stage = &world.stages[s1];
    let outside = stage.outside_only || rng.f64() < stage.def.tier.outside_share();
    let c = if outside {
        sample_cum(&stage.city_cum, GBA_CITIES, N_CITIES, rng.f64())
    } else {
        sample_cum(&stage.city_cum, 0, GBA_CITIES, rng.f64())
    }
    .or_else(|| sample_cum(&stage.city_cum, 0, N_CITIES, rng.f64()))
    .unwrap_or(0);
    // Vertical integration: an adjacent stage of the same chain.
    let mut s2 = NO_STAGE;
    if rng.f64() < 0.04 {
        let up = !stage.groups.is_empty() && (stage.downstream.is_empty() || rng.f64() < 0.7);
        if up {
            let group = &stage.groups[rng.below(stage.groups.len())];
            s2 = group[rng.below(group.len())];
        } else if !stage.downstream.is_empty() {
            s2 = stage.downstream[rng.below(stage.downstream.len())];
        }
    }
    // An outside-only stage stays outside, also as a second stage.
    if s2 != NO_STAGE && c < GBA_CITIES && world.stages[s2 as usize].outside_only {
        s2 = NO_STAGE;
    }
    let size = (pareto * stage.def.tier.size_factor()).min(cap).max(1.0) as u32;
    let mut stages = [s1 as u16, s2];
    if s2 != NO_STAGE && s2 < s1 as u16 {
        stages.swap(0, 1);
    }
    Core {
        size,
        stages,
        kind,
        city: c as u8,
    }
}

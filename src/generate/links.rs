//! links.csv: the layers, buyer-driven supply links, the value / innovation / capital
//! links, one extra link for each actor left isolated, and the link row itself.

use std::io::{self, Write};
use std::sync::atomic::{AtomicU64, Ordering};

use super::plan::Plan;
use super::rng::{Rng, TAG_FIX, TAG_SUPPLY, exp, ln, pow};
use super::write::{emit_chunks, push_fixed, push_id, push_u64};
use crate::model::{Kind, Layer, Vocabulary};

/// Share of non-supply targets on the source's side of the GBA border.
pub(super) const SAME_SIDE: f64 = 0.8;
/// Most suppliers one buyer takes for one input group.
pub(super) const MAX_PER_GROUP: u64 = 256;

/// The generator's parameters per layer (the layers are the model's [`Layer`]).
impl Layer {
    pub(super) fn tag(self) -> u64 {
        match self {
            Layer::Supply => TAG_SUPPLY,
            Layer::Value => 0x7661_6c75_6500_0001,
            Layer::Innovation => 0x696e_6e6f_7600_0002,
            Layer::Capital => 0x6361_7069_7400_0003,
        }
    }
    /// Cumulative evidence mix: documented, reported, estimated (assumed is the rest).
    pub(super) fn evidence_mix(self) -> [f64; 3] {
        match self {
            Layer::Supply => [0.12, 0.40, 0.80],
            Layer::Value => [0.15, 0.50, 0.80],
            Layer::Innovation => [0.35, 0.70, 0.85],
            Layer::Capital => [0.50, 0.80, 0.90],
        }
    }
    /// Median weight (CNY million) and share of missing weights.
    pub(super) fn weight_law(self) -> (f64, f64) {
        match self {
            Layer::Supply => (0.2, 0.2),
            Layer::Value => (0.5, 0.5),
            Layer::Innovation => (0.3, 0.5),
            Layer::Capital => (5.0, 0.5),
        }
    }
}

impl Plan {
    pub(super) fn write_links(&self, w: &mut impl Write) -> io::Result<u64> {
        w.write_all(b"source,target,layer,stage,weight,year,evidence,source_ref\n")?;
        let touched: Vec<AtomicU64> = (0..self.n.div_ceil(64))
            .map(|_| AtomicU64::new(0))
            .collect();
        let mark = |f: u32| {
            touched[(f / 64) as usize].fetch_or(1 << (f % 64), Ordering::Relaxed);
        };
        let mut count = 0u64;
        count += emit_chunks(w, self.n, 2048, |a, b, buf| {
            let mut chosen = Vec::new();
            let mut n = 0;
            for i in a..b {
                n += self.supply_links(i, &mut chosen, buf, &mark);
            }
            n
        })?;
        for (layer, total) in [
            (Layer::Value, self.value_links),
            (Layer::Innovation, self.innovation_links),
            (Layer::Capital, self.capital_links),
        ] {
            let total = usize::try_from(total).unwrap_or(usize::MAX);
            count += emit_chunks(w, total, 16384, |a, b, buf| {
                let mut n = 0;
                for j in a..b {
                    n += self.other_link(layer, j, buf, &mark);
                }
                n
            })?;
        }
        let mut touched: Vec<u64> = touched.into_iter().map(AtomicU64::into_inner).collect();
        count += self.fix_isolated(&mut touched, w)?;
        Ok(count)
    }

    /// Buyer-driven supply links of firm `i`.
    pub(super) fn supply_links(
        &self,
        i: usize,
        chosen: &mut Vec<u32>,
        buf: &mut Vec<u8>,
        mark: &impl Fn(u32),
    ) -> u64 {
        let core = &self.cores[i];
        if core.kind != Kind::Firm || self.supply_scale <= 0.0 {
            return 0;
        }
        let mut rng = Rng::new(self.seed, TAG_SUPPLY, i as u64);
        let mean = self.supply_scale * f64::from(core.size).sqrt().sqrt();
        let mut count = 0;
        for s in core.produced() {
            for group in &self.world.stages[s].groups {
                let k = draw_count(&mut rng, mean).min(MAX_PER_GROUP);
                chosen.clear();
                for _ in 0..k {
                    let Some(u) = self.pick_member(group, &mut rng) else {
                        break;
                    };
                    let mut found = None;
                    for _attempt in 0..4 {
                        match self.sample_supplier(u, core.city as usize, &mut rng) {
                            Some(h) if h as usize != i && !chosen.contains(&h) => {
                                found = Some(h);
                                break;
                            }
                            Some(_) => {}
                            None => break,
                        }
                    }
                    if let Some(h) = found {
                        chosen.push(h);
                        self.push_link(buf, h, i as u32, Layer::Supply, Some(u), &mut rng);
                        mark(h);
                        mark(i as u32);
                        count += 1;
                    }
                }
            }
        }
        count
    }

    /// A member of an OR-group that has producers (a random one, then the next ones).
    pub(super) fn pick_member(&self, group: &[u16], rng: &mut Rng) -> Option<usize> {
        let start = rng.below(group.len());
        (0..group.len())
            .map(|k| group[(start + k) % group.len()] as usize)
            .find(|&u| self.has_producers(u))
    }

    /// Non-supply link number `j` of `layer`.
    pub(super) fn other_link(
        &self,
        layer: Layer,
        j: usize,
        buf: &mut Vec<u8>,
        mark: &impl Fn(u32),
    ) -> u64 {
        let mut rng = Rng::new(self.seed, layer.tag(), j as u64);
        let (primary, share) = match layer {
            Layer::Value => (&self.value_sources, 1.0),
            Layer::Innovation => (&self.innovation_sources, 0.85),
            _ => (&self.capital_sources, 0.75),
        };
        let use_primary = rng.f64() < share;
        let source = if use_primary {
            primary
                .sample_all(&mut rng)
                .or_else(|| self.big_firms.sample_all(&mut rng))
        } else {
            self.big_firms
                .sample_all(&mut rng)
                .or_else(|| primary.sample_all(&mut rng))
        };
        let Some(source) = source else { return 0 };
        let same_side = rng.f64() < SAME_SIDE;
        let gba = self.is_gba(source) == same_side;
        for _attempt in 0..4 {
            match self.sample_target(gba, &mut rng) {
                Some(t) if t != source => {
                    self.push_link(buf, source, t, layer, None, &mut rng);
                    mark(source);
                    mark(t);
                    return 1;
                }
                Some(_) => {}
                None => return 0,
            }
        }
        0
    }

    /// One link for every actor no link touched yet, in id order.
    pub(super) fn fix_isolated(&self, touched: &mut [u64], w: &mut impl Write) -> io::Result<u64> {
        let is_touched = |t: &[u64], f: usize| t[f / 64] & (1 << (f % 64)) != 0;
        let mut buf = Vec::with_capacity(1 << 16);
        let mut count = 0;
        for i in 0..self.n {
            if is_touched(touched, i) {
                continue;
            }
            let mut rng = Rng::new(self.seed, TAG_FIX, i as u64);
            let Some((source, target, layer, stage)) = self.fix_link(i, &mut rng) else {
                continue;
            };
            self.push_link(&mut buf, source, target, layer, stage, &mut rng);
            for f in [source, target] {
                touched[f as usize / 64] |= 1 << (f % 64);
            }
            count += 1;
            if buf.len() > 1 << 16 {
                w.write_all(&buf)?;
                buf.clear();
            }
        }
        w.write_all(&buf)?;
        Ok(count)
    }

    pub(super) fn fix_link(
        &self,
        i: usize,
        rng: &mut Rng,
    ) -> Option<(u32, u32, Layer, Option<usize>)> {
        if self.n < 2 {
            return None;
        }
        let me = i as u32;
        let core = &self.cores[i];
        let gba = self.is_gba(me);
        // A producer sells to a buyer of a downstream stage, or buys one of its inputs.
        for u in core.produced() {
            let downstream: Vec<usize> = self.world.stages[u]
                .downstream
                .iter()
                .map(|&s| s as usize)
                .filter(|&s| self.has_producers(s))
                .collect();
            if downstream.is_empty() {
                continue;
            }
            let s = downstream[rng.below(downstream.len())];
            if let Some(g) = other_than(me, || self.sample_supplier(s, core.city as usize, rng)) {
                return Some((me, g, Layer::Supply, Some(u)));
            }
        }
        for s in core.produced() {
            for group in &self.world.stages[s].groups {
                if let Some(u) = self.pick_member(group, rng)
                    && let Some(h) =
                        other_than(me, || self.sample_supplier(u, core.city as usize, rng))
                {
                    return Some((h, me, Layer::Supply, Some(u)));
                }
            }
        }
        let layer = match core.kind {
            Kind::Lab | Kind::University => Layer::Innovation,
            Kind::Investor => Layer::Capital,
            _ => Layer::Value,
        };
        let target = other_than(me, || self.sample_target(gba, rng));
        // No other firm-kind actor: link to any other actor.
        let target = target.unwrap_or_else(|| ((i + 1 + rng.below(self.n - 1)) % self.n) as u32);
        if core.kind == Kind::Firm && !self.value_sources.items.is_empty() && rng.f64() < 0.5 {
            // A firm with nothing to trade buys a service instead.
            if let Some(src) = self.value_sources.sample_all(rng)
                && src != me
            {
                return Some((src, me, Layer::Value, None));
            }
        }
        Some((me, target, layer, None))
    }

    pub(super) fn push_link(
        &self,
        buf: &mut Vec<u8>,
        source: u32,
        target: u32,
        layer: Layer,
        stage: Option<usize>,
        rng: &mut Rng,
    ) {
        push_id(buf, source as usize, self.id_width);
        buf.push(b',');
        push_id(buf, target as usize, self.id_width);
        buf.push(b',');
        buf.extend_from_slice(layer.as_str().as_bytes());
        buf.push(b',');
        if let Some(s) = stage {
            buf.extend_from_slice(self.world.stages[s].key.as_bytes());
        }
        buf.push(b',');
        let (median, missing) = layer.weight_law();
        if rng.f64() >= missing {
            let a = f64::from(self.cores[source as usize].size);
            let b = f64::from(self.cores[target as usize].size);
            let scale = match layer {
                Layer::Supply => a.min(b).sqrt(),
                _ => pow(b, 0.3),
            };
            let value = median * scale * exp(rng.normal());
            push_fixed(buf, (value * 100.0).round() as u64, 2);
        }
        buf.push(b',');
        let year = 2015 + rng.below(10) as u64;
        push_u64(buf, year);
        buf.push(b',');
        let mix = layer.evidence_mix();
        let r = rng.f64();
        let evidence = if r < mix[0] {
            0
        } else if r < mix[1] {
            1
        } else if r < mix[2] {
            2
        } else {
            3
        };
        buf.extend_from_slice(
            ["documented", "reported", "estimated", "assumed"][evidence].as_bytes(),
        );
        buf.push(b',');
        match evidence {
            0 => {
                let what = match layer {
                    Layer::Supply => "Annual report, ",
                    Layer::Value => "Contract notice, ",
                    Layer::Innovation => "Patent record, ",
                    Layer::Capital => "Company registry, ",
                };
                buf.push(b'"');
                buf.extend_from_slice(what.as_bytes());
                push_u64(buf, year);
                buf.push(b'"');
            }
            1 => {
                buf.extend_from_slice(b"\"Trade press, ");
                push_u64(buf, year);
                buf.push(b'"');
            }
            2 => buf.extend_from_slice(match layer {
                Layer::Supply => b"Input-output estimate".as_slice(),
                _ => b"Model estimate".as_slice(),
            }),
            _ => buf.extend_from_slice(b"Analyst assumption"),
        }
        buf.push(b'\n');
    }
}

/// The first of up to four draws that is an actor other than `me` (a `None` draw is a
/// failed attempt too).
fn other_than(me: u32, mut draw: impl FnMut() -> Option<u32>) -> Option<u32> {
    (0..4).find_map(|_| draw().filter(|&x| x != me))
}

/// Number of suppliers for one input group with mean `mean`: 1 + geometric(mean − 1)
/// when `mean ≥ 1`, else Bernoulli(mean).
pub(super) fn draw_count(rng: &mut Rng, mean: f64) -> u64 {
    if mean < 1.0 {
        return u64::from(rng.f64() < mean);
    }
    let extra = mean - 1.0;
    if extra <= 0.0 {
        return 1;
    }
    // Failures before success with success probability 1/(1 + extra).
    let q = ln(extra / (1.0 + extra));
    let k = (ln(rng.open01()) / q).floor();
    1 + if k.is_finite() && k > 0.0 {
        k.min(1e9) as u64
    } else {
        0
    }
}

//! The world resolved from the templates: global stage indices with input groups,
//! downstream stages and city weights; stage and per-kind city sampling weights; writing
//! cities.csv, chains.csv and absences.csv.

use std::io::{self, Write};

use super::templates::{CHAINS, CITIES, GBA_CITIES, N_CITIES, StageDef, city_factor};
use super::write::push_row;
use crate::model::{Kind, Tier, Vocabulary};

/// The outside-only stage that absences.csv leaves out: no producer in the GBA and no
/// confirmed absence, so its status there is `unknown`.
pub(super) const UNRECORDED: &str = "robotics/reducer";

/// Stage as used by the generator: indices are global over all chains, in chains.csv order.
pub(super) struct Stage {
    pub(super) chain: usize,
    pub(super) def: &'static StageDef,
    /// `chain/stage`.
    pub(super) key: String,
    pub(super) groups: Vec<Vec<u16>>,
    pub(super) downstream: Vec<u16>,
    pub(super) outside_only: bool,
    /// Cumulative city weights (GBA cities first) for a producer of this stage.
    pub(super) city_cum: [f64; N_CITIES],
}

pub(super) struct World {
    pub(super) stages: Vec<Stage>,
    /// Cumulative stage weights for drawing a firm's stage.
    pub(super) stage_cum: Vec<f64>,
    /// Cumulative city weights per non-firm kind.
    pub(super) kind_city_cum: Vec<[f64; N_CITIES]>,
}

impl World {
    /// Resolves the static templates; an error here is a bug in the tables above.
    pub(super) fn new() -> Result<World, String> {
        if CITIES.len() != N_CITIES
            || CITIES.iter().take(GBA_CITIES).any(|c| c.region != "GBA")
            || CITIES.iter().skip(GBA_CITIES).any(|c| c.region == "GBA")
        {
            return Err("city table out of order".into());
        }
        let mut stages: Vec<Stage> = Vec::new();
        for (ci, chain) in CHAINS.iter().enumerate() {
            let first = stages.len();
            for (k, def) in chain.stages.iter().enumerate() {
                let mut groups = Vec::new();
                for group_text in def.inputs.split(';').filter(|g| !g.is_empty()) {
                    let mut group = Vec::new();
                    for item in group_text.split('|') {
                        // Inputs must be earlier stages of the same chain: acyclic by construction.
                        let pos = chain.stages[..k]
                            .iter()
                            .position(|s| s.id == item)
                            .ok_or_else(|| format!("{}/{}: bad input {item}", chain.id, def.id))?;
                        group.push((first + pos) as u16);
                    }
                    groups.push(group);
                }
                if (def.tier == Tier::RawMaterial) != groups.is_empty() {
                    return Err(format!(
                        "{}/{}: raw materials and only they lack inputs",
                        chain.id, def.id
                    ));
                }
                let outside_only = chain.outside_only.contains(&def.id);
                let mut city_cum = [0.0; N_CITIES];
                let mut acc = 0.0;
                for (c, slot) in city_cum.iter_mut().enumerate() {
                    let city = &CITIES[c];
                    let tier_mult = match def.tier {
                        Tier::RawMaterial => city.raw,
                        Tier::Service => city.service,
                        _ => city.manuf,
                    };
                    let w = if outside_only && c < GBA_CITIES {
                        0.0
                    } else {
                        city.base * tier_mult * city_factor(chain.affinity, c, 1.0)
                    };
                    acc += w;
                    *slot = acc;
                }
                stages.push(Stage {
                    chain: ci,
                    def,
                    key: format!("{}/{}", chain.id, def.id),
                    groups,
                    downstream: Vec::new(),
                    outside_only,
                    city_cum,
                });
            }
        }
        if stages.len() >= u16::MAX as usize {
            return Err("too many stages".into());
        }
        for s in 0..stages.len() {
            let inputs: Vec<u16> = stages[s].groups.iter().flatten().copied().collect();
            for u in inputs {
                let list = &mut stages[u as usize].downstream;
                if !list.contains(&(s as u16)) {
                    list.push(s as u16);
                }
            }
        }
        let mut stage_cum = Vec::with_capacity(stages.len());
        let mut acc = 0.0;
        for s in &stages {
            acc += CHAINS[s.chain].weight * s.def.tier.firm_weight();
            stage_cum.push(acc);
        }
        let kind_city_cum = Kind::ALL
            .iter()
            .map(|&kind| {
                let mut cum = [0.0; N_CITIES];
                let gba_total: f64 = (0..GBA_CITIES).map(|c| kind.city_weight(c)).sum();
                let out_total: f64 = (GBA_CITIES..N_CITIES).map(|c| kind.city_weight(c)).sum();
                let mut acc = 0.0;
                for (c, slot) in cum.iter_mut().enumerate() {
                    // Normalise each side so the outside share is exactly `outside_share`.
                    let w = if c < GBA_CITIES {
                        kind.city_weight(c) / gba_total * (1.0 - kind.outside_share())
                    } else {
                        kind.city_weight(c) / out_total * kind.outside_share()
                    };
                    acc += w;
                    *slot = acc;
                }
                cum
            })
            .collect();
        Ok(World {
            stages,
            stage_cum,
            kind_city_cum,
        })
    }

    pub(super) fn write_cities(&self, w: &mut impl Write) -> io::Result<()> {
        let mut line = Vec::with_capacity(128);
        w.write_all(b"city,name_zh,region,country,lat,lon\n")?;
        for c in CITIES {
            line.clear();
            push_row(&mut line, &[c.id, c.zh, c.region, c.country, c.lat, c.lon]);
            w.write_all(&line)?;
        }
        Ok(())
    }

    /// absences.csv: the outside-only stages are absent from the GBA (no producer there by
    /// construction, so no row is ever contradicted), with the evidence levels documented,
    /// reported, estimated in turn; except [`UNRECORDED`], left without a row so that the
    /// data also has a stage whose status in the GBA is `unknown` (no producer there, no
    /// absence: a `no_data` breakpoint).
    pub(super) fn write_absences(&self, w: &mut impl Write) -> io::Result<()> {
        const EVIDENCE: [&str; 3] = ["documented", "reported", "estimated"];
        let mut line = Vec::with_capacity(128);
        w.write_all(b"area,stage,evidence,source_ref,note\n")?;
        let recorded = self
            .stages
            .iter()
            .filter(|s| s.outside_only && s.key != UNRECORDED);
        for (k, s) in recorded.enumerate() {
            line.clear();
            push_row(
                &mut line,
                &[
                    "GBA",
                    &s.key,
                    EVIDENCE[k % EVIDENCE.len()],
                    "synthetic",
                    "generated: every producer of this stage lies outside the GBA",
                ],
            );
            w.write_all(&line)?;
        }
        Ok(())
    }

    pub(super) fn write_chains(&self, w: &mut impl Write) -> io::Result<()> {
        let mut line = Vec::with_capacity(128);
        w.write_all(b"chain,stage,label,tier,inputs\n")?;
        for s in &self.stages {
            line.clear();
            push_row(
                &mut line,
                &[
                    CHAINS[s.chain].id,
                    s.def.id,
                    s.def.label,
                    s.def.tier.as_str(),
                    s.def.inputs,
                ],
            );
            w.write_all(&line)?;
        }
        Ok(())
    }
}

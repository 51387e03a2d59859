//! Actors: the rest of a firms.csv row beyond the `Core` the plan drew (functions,
//! names), written by `Plan::write_firms`.

use std::io::{self, Write};

use super::plan::{Core, Plan};
use super::rng::{Rng, TAG_GROUP, TAG_ROW, exp};
use super::templates::{
    AU_BRANDS, Brands, CHAINS, CITIES, CN_BRANDS, ChainDef, CityDef, DE_BRANDS, JP_BRANDS,
    KR_BRANDS,
};
use super::world::Stage;
use super::write::{emit_chunks, push_fixed, push_id, push_text, push_u64};
use crate::model::{Kind, Tier, Vocabulary};

pub(super) const FUNCTIONS: [&str; 9] = [
    "rnd",
    "design",
    "manufacturing",
    "marketing",
    "sales",
    "logistics",
    "finance",
    "after_sales",
    "hq",
];

/// Bit set over `FUNCTIONS`.
pub(super) fn firm_functions(
    core: &Core,
    city: &CityDef,
    tier: Option<Tier>,
    rng: &mut Rng,
) -> u16 {
    pub(super) const RND: u16 = 1;
    pub(super) const DESIGN: u16 = 2;
    pub(super) const MANUFACTURING: u16 = 4;
    pub(super) const MARKETING: u16 = 8;
    pub(super) const SALES: u16 = 16;
    pub(super) const LOGISTICS: u16 = 32;
    pub(super) const FINANCE: u16 = 64;
    pub(super) const AFTER_SALES: u16 = 128;
    pub(super) const HQ: u16 = 256;
    let maybe = |bit: u16, p: f64, rng: &mut Rng| if rng.f64() < p { bit } else { 0 };
    let mut f = 0;
    let big = core.size >= 100;
    match core.kind {
        Kind::Firm => match tier {
            Some(Tier::Service) => {
                f |= maybe(SALES, 0.9, rng);
                f |= maybe(LOGISTICS, 0.4, rng);
                f |= maybe(MARKETING, 0.5, rng);
                f |= maybe(AFTER_SALES, 0.4, rng);
                f |= maybe(FINANCE, 0.05, rng);
                if f == 0 {
                    f = SALES;
                }
            }
            _ => {
                let final_product = tier == Some(Tier::FinalProduct);
                let boost = if big { 1.5 } else { 1.0 };
                // Head-office and R&D cities keep fewer plants.
                let no_plant = if city.rnd >= 2.0 { 0.15 } else { 0.03 };
                f |= maybe(MANUFACTURING, 1.0 - no_plant, rng);
                f |= maybe(RND, (0.15 * city.rnd * boost).min(0.9), rng);
                f |= maybe(DESIGN, (0.10 * city.rnd * boost).min(0.9), rng);
                f |= maybe(MARKETING, if final_product { 0.6 } else { 0.25 }, rng);
                f |= maybe(SALES, 0.5, rng);
                f |= maybe(LOGISTICS, 0.08, rng);
                f |= maybe(FINANCE, 0.03, rng);
                f |= maybe(AFTER_SALES, if final_product { 0.35 } else { 0.05 }, rng);
                if core.size >= 500 {
                    f |= maybe(HQ, 0.6, rng);
                }
                if f == 0 {
                    f = MANUFACTURING;
                }
            }
        },
        Kind::Lab => {
            f = RND;
            f |= maybe(DESIGN, 0.3, rng);
        }
        Kind::University => f = RND,
        Kind::Platform => {
            f |= maybe(DESIGN, 0.3, rng);
            f |= maybe(MARKETING, 0.5, rng);
            f |= maybe(SALES, 0.5, rng);
            f |= maybe(LOGISTICS, 0.3, rng);
            f |= maybe(FINANCE, 0.2, rng);
            if f == 0 {
                f = SALES;
            }
        }
        Kind::Investor => f = FINANCE,
        Kind::Agency => f = maybe(FINANCE, 0.5, rng),
        Kind::Association => {
            f = MARKETING;
            f |= maybe(SALES, 0.3, rng);
        }
    }
    f
}

/// English and Chinese names. A few percent carry commas, double quotes, `&` or CJK
/// in the English name, so CSV quoting and every exporter's escaping get exercised.
pub(super) fn firm_names(
    kind: Kind,
    city: &CityDef,
    chain: &ChainDef,
    stage: Option<&Stage>,
    rng: &mut Rng,
) -> (String, String) {
    let (brand, brand_zh) = CN_BRANDS[rng.below(CN_BRANDS.len())];
    let (other, _) = CN_BRANDS[rng.below(CN_BRANDS.len())];
    let foreign = match city.brands {
        Brands::Chinese => None,
        Brands::Japanese => Some((JP_BRANDS, "K.K.")),
        Brands::Korean => Some((KR_BRANDS, "Co., Ltd.")),
        Brands::German => Some((DE_BRANDS, "GmbH")),
        Brands::Australian => Some((AU_BRANDS, "Pty Ltd")),
    };
    let industry = chain.industry;
    let city_zh = city.zh;
    let r = rng.f64();
    match kind {
        Kind::Firm => {
            let what_zh = stage.map_or(chain.industry_zh, |s| s.def.zh);
            if let Some((list, suffix)) = foreign {
                let b = list[rng.below(list.len())];
                let name = if r < 0.05 {
                    format!("{b} & {other} {industry} {suffix}")
                } else {
                    format!("{b} {industry} {suffix}")
                };
                return (name, String::new());
            }
            let zh = if city.country == "Taiwan" {
                format!("{city_zh}{brand_zh}{what_zh}股份有限公司")
            } else {
                format!("{city_zh}{brand_zh}{what_zh}有限公司")
            };
            let name = if r < 0.03 {
                format!("{} \"{brand}\" {industry} Co., Ltd.", city.id)
            } else if r < 0.05 {
                format!("{} \"{brand}\", Ltd {city_zh}{brand_zh}", city.id)
            } else if r < 0.07 {
                format!("{brand} & {other} {industry} Holdings")
            } else if r < 0.09 {
                format!("{brand} {industry} (Group) Co., Ltd.")
            } else if r < 0.10 {
                zh.clone()
            } else if city.country == "Taiwan" {
                format!("{brand} {industry} Corp.")
            } else {
                format!("{} {brand} {industry} Co., Ltd.", city.id)
            };
            (name, zh)
        }
        Kind::Lab => {
            if let Some((list, _)) = foreign {
                let b = list[rng.below(list.len())];
                return (
                    format!("{b} Institute of {industry} Technology"),
                    String::new(),
                );
            }
            let name = if r < 0.05 {
                format!("{} \"{brand}\" Laboratory, {industry}", city.id)
            } else {
                format!("{} {brand} Laboratory", city.id)
            };
            (name, format!("{city_zh}{brand_zh}实验室"))
        }
        Kind::University => {
            if let Some((list, _)) = foreign {
                let b = list[rng.below(list.len())];
                return (format!("{b} Institute of Technology"), String::new());
            }
            (
                format!("{} {brand} University of Technology", city.id),
                format!("{city_zh}{brand_zh}理工大学"),
            )
        }
        Kind::Platform => (
            format!("{brand} {industry} Industrial Internet Platform"),
            format!("{brand_zh}{}工业互联网平台", chain.industry_zh),
        ),
        Kind::Investor => {
            if let Some((list, _)) = foreign {
                let b = list[rng.below(list.len())];
                return (format!("{b} Ventures"), String::new());
            }
            let name = if r < 0.05 {
                format!("{brand} & {other} Capital Partners, L.P.")
            } else {
                format!("{brand} Capital")
            };
            (name, format!("{brand_zh}资本"))
        }
        Kind::Agency => {
            if foreign.is_some() {
                return (
                    format!("{} Trade and Investment Office", city.id),
                    String::new(),
                );
            }
            (
                format!("{} {brand} District Economic Development Bureau", city.id),
                format!("{city_zh}{brand_zh}区经济发展局"),
            )
        }
        Kind::Association => {
            if foreign.is_some() {
                return (
                    format!("{} {industry} Industry Association", city.id),
                    String::new(),
                );
            }
            (
                format!("{} {industry} Industry Association", city.id),
                format!("{city_zh}{}行业协会", chain.industry_zh),
            )
        }
    }
}

impl Plan {
    pub(super) fn write_firms(&self, w: &mut impl Write) -> io::Result<()> {
        w.write_all(
            b"id,name,name_zh,city,kind,stages,functions,employees,revenue,source,group\n",
        )?;
        emit_chunks(w, self.n, 8192, |a, b, buf| {
            for i in a..b {
                self.firm_row(i, buf);
            }
            0
        })?;
        Ok(())
    }

    pub(super) fn firm_row(&self, i: usize, buf: &mut Vec<u8>) {
        let core = &self.cores[i];
        let city = &CITIES[core.city as usize];
        let mut rng = Rng::new(self.seed, TAG_ROW, i as u64);
        let stage = core.produced().next().map(|s| &self.world.stages[s]);
        let chain = match stage {
            Some(s) => &CHAINS[s.chain],
            None => &CHAINS[rng.below(CHAINS.len())],
        };
        let (name, name_zh) = firm_names(core.kind, city, chain, stage, &mut rng);

        push_id(buf, i, self.id_width);
        buf.push(b',');
        push_text(buf, &name);
        buf.push(b',');
        push_text(buf, &name_zh);
        buf.push(b',');
        push_text(buf, city.id);
        buf.push(b',');
        buf.extend_from_slice(core.kind.as_str().as_bytes());
        buf.push(b',');
        for (k, s) in core.produced().enumerate() {
            if k > 0 {
                buf.push(b';');
            }
            buf.extend_from_slice(self.world.stages[s].key.as_bytes());
        }
        buf.push(b',');
        let functions = firm_functions(core, city, stage.map(|s| s.def.tier), &mut rng);
        let mut first = true;
        for (k, name) in FUNCTIONS.iter().enumerate() {
            if functions & (1 << k) != 0 {
                if !first {
                    buf.push(b';');
                }
                buf.extend_from_slice(name.as_bytes());
                first = false;
            }
        }
        buf.push(b',');
        if rng.f64() >= 0.08 {
            push_u64(buf, u64::from(core.size));
        }
        buf.push(b',');
        let revenue = match core.kind {
            Kind::Firm => Some((0.8, 0.2)),
            Kind::Platform => Some((0.3, 0.4)),
            Kind::Investor => Some((2.0, 0.6)),
            _ => None,
        };
        if let Some((per_head, missing)) = revenue
            && rng.f64() >= missing
        {
            let value = f64::from(core.size) * per_head * exp(0.8 * rng.normal());
            push_fixed(buf, (value * 10.0).round() as u64, 1);
        }
        buf.extend_from_slice(b",synthetic,");
        // The group from a stream of its own, so the other cells are as before.
        if let Some(group) = firm_group(self.seed, i, core) {
            push_text(buf, &group);
        }
        buf.push(b'\n');
    }
}

/// A business group for ~15 % of the firms of kind `firm` (none for other actors): one of
/// the Chinese brands, so each group has plants in several cities and chains.
fn firm_group(seed: u64, i: usize, core: &Core) -> Option<String> {
    if core.kind != Kind::Firm {
        return None;
    }
    let mut rng = Rng::new(seed, TAG_GROUP, i as u64);
    (rng.f64() < 0.15).then(|| format!("{} Group", CN_BRANDS[rng.below(CN_BRANDS.len())].0))
}

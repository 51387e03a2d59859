//! The in-memory model built once per run: cities, chain templates, firms and links.
//!
//! Firms, stages and cities are addressed by dense `u32` indices ([`FirmIdx`], [`StageIdx`],
//! [`CityIdx`]) assigned in file order; ids are interned once in lookup maps. Links are
//! compact rows (ids are indices, text is pooled). Supply links are indexed in
//! compressed adjacency ([`Csr`]) by target and by source, and firms by stage, because the
//! closure fixpoint and the per-layer traversals walk those lists millions of times.
//!
//! Indices never leak into output: everything printed is keyed by firm, city or stage id.

pub mod csr;
pub mod ids;
pub mod region;
pub mod vocab;

use std::collections::HashMap;

pub use csr::Csr;
pub use region::Region;
pub use vocab::{Evidence, Function, FunctionSet, Kind, Layer, Tier, Vocabulary};

pub type CityIdx = u32;
pub type ChainIdx = u32;
pub type StageIdx = u32;
pub type FirmIdx = u32;
pub type LinkIdx = u32;

/// A row of cities.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct City {
    pub id: String,
    pub name_zh: String,
    pub region: String,
    pub country: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Values of the extra columns, aligned with [`Model::city_extra_columns`].
    pub extra: Vec<String>,
}

/// A chain template: its stages in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    pub id: String,
    pub stages: Vec<StageIdx>,
}

/// A stage of a chain template. `inputs` is an AND of OR-groups of stages of the same chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub chain: ChainIdx,
    /// Bare id within its chain (`battery_cell`).
    pub id: String,
    /// `chain/stage`, the name used in firms.csv and links.csv.
    pub key: String,
    pub label: String,
    pub tier: Tier,
    pub inputs: Vec<Vec<StageIdx>>,
    /// Values of the extra columns, aligned with [`Model::stage_extra_columns`].
    pub extra: Vec<String>,
}

/// A row of firms.csv (any actor: firm, lab, university …).
#[derive(Debug, Clone, PartialEq)]
pub struct Firm {
    pub id: String,
    pub name: String,
    pub name_zh: String,
    pub city: CityIdx,
    pub kind: Kind,
    /// Stages produced, sorted by index, no duplicates.
    pub stages: Vec<StageIdx>,
    pub functions: FunctionSet,
    pub employees: Option<f64>,
    pub revenue: Option<f64>,
    pub source: String,
    /// Values of the extra columns, aligned with [`Model::firm_extra_columns`].
    pub extra: Vec<String>,
}

impl Firm {
    pub fn produces(&self, stage: StageIdx) -> bool {
        self.stages.binary_search(&stage).is_ok()
    }
}

/// A row of links.csv. For supply links `stage` is always resolved (the loader fills it
/// from the source's single stage when the cell is empty).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub source: FirmIdx,
    pub target: FirmIdx,
    pub layer: Layer,
    pub stage: Option<StageIdx>,
    pub weight: Option<f64>,
    pub year: Option<i32>,
    pub evidence: Evidence,
    /// Index into [`Model::texts`].
    pub source_ref: u32,
}

/// The whole dataset, validated and indexed.
#[derive(Debug, Clone)]
pub struct Model {
    /// Where it came from (a folder path, or `embedded:gba`).
    pub origin: String,
    pub cities: Vec<City>,
    pub chains: Vec<Chain>,
    pub stages: Vec<Stage>,
    /// Shared, not copied, by the models made from this one ([`Model::with_links`]): at 1M
    /// firms a copy is ~250 MB.
    pub firms: std::sync::Arc<Vec<Firm>>,
    pub links: Vec<Link>,
    /// Pooled text of link `source_ref` cells (deduplicated).
    pub texts: Vec<String>,
    pub city_extra_columns: Vec<String>,
    pub stage_extra_columns: Vec<String>,
    pub firm_extra_columns: Vec<String>,
    pub link_extra_columns: Vec<String>,
    /// Per link, the values of the extra columns (kept apart from [`Link`] so links stay
    /// small); empty when links.csv has no extra columns.
    pub link_extra: Vec<Vec<String>>,
    /// Supply links by target firm (incoming) and by source firm (outgoing).
    pub supply_in: Csr,
    pub supply_out: Csr,
    /// Firms by produced stage.
    pub producers: Csr,
    city_index: HashMap<String, CityIdx>,
    chain_index: HashMap<String, ChainIdx>,
    stage_index: HashMap<String, StageIdx>,
    /// Firm id → index, built on first use unless the loader handed its own over.
    firm_index: std::sync::OnceLock<ids::IdIndex>,
}

/// The parts the loader hands over; [`Model::new`] builds the indices.
pub struct ModelParts {
    pub origin: String,
    pub cities: Vec<City>,
    pub chains: Vec<Chain>,
    pub stages: Vec<Stage>,
    pub firms: Vec<Firm>,
    pub links: Vec<Link>,
    pub texts: Vec<String>,
    pub city_extra_columns: Vec<String>,
    pub stage_extra_columns: Vec<String>,
    pub firm_extra_columns: Vec<String>,
    pub link_extra_columns: Vec<String>,
    /// Extra-column values per link (empty when there are none).
    pub link_extra: Vec<Vec<String>>,
}

impl Model {
    pub fn new(mut parts: ModelParts) -> Model {
        let firms = std::sync::Arc::new(std::mem::take(&mut parts.firms));
        Model::with_firms(parts, firms)
    }

    /// [`Model::new`] with the firms given apart (`parts.firms` is ignored).
    fn with_firms(parts: ModelParts, firms: std::sync::Arc<Vec<Firm>>) -> Model {
        let ModelParts {
            origin,
            cities,
            chains,
            stages,
            firms: _,
            links,
            texts,
            city_extra_columns,
            stage_extra_columns,
            firm_extra_columns,
            link_extra_columns,
            link_extra,
        } = parts;
        let supply = || {
            links
                .iter()
                .enumerate()
                .filter(|(_, l)| l.layer == Layer::Supply)
        };
        let (supply_in, supply_out) = rayon::join(
            || Csr::from_pairs(firms.len(), supply().map(|(i, l)| (l.target, i as LinkIdx))),
            || Csr::from_pairs(firms.len(), supply().map(|(i, l)| (l.source, i as LinkIdx))),
        );
        let producers = Csr::from_pairs(
            stages.len(),
            firms
                .iter()
                .enumerate()
                .flat_map(|(f, firm)| firm.stages.iter().map(move |&s| (s, f as FirmIdx))),
        );
        let city_index = index_by(&cities, |c| &c.id);
        let chain_index = index_by(&chains, |c| &c.id);
        let stage_index = index_by(&stages, |s| &s.key);
        Model {
            origin,
            cities,
            chains,
            stages,
            firms,
            links,
            texts,
            city_extra_columns,
            stage_extra_columns,
            firm_extra_columns,
            link_extra_columns,
            link_extra,
            supply_in,
            supply_out,
            producers,
            city_index,
            chain_index,
            stage_index,
            firm_index: std::sync::OnceLock::new(),
        }
    }

    /// Extra-column values of a link, aligned with [`Model::link_extra_columns`].
    pub fn link_extra(&self, link: LinkIdx) -> &[String] {
        self.link_extra
            .get(link as usize)
            .map_or(&[], Vec::as_slice)
    }

    pub fn city(&self, id: &str) -> Option<CityIdx> {
        self.city_index.get(id).copied()
    }
    pub fn chain(&self, id: &str) -> Option<ChainIdx> {
        self.chain_index.get(id).copied()
    }
    /// Looks a stage up by `chain/stage`.
    pub fn stage(&self, key: &str) -> Option<StageIdx> {
        self.stage_index.get(key).copied()
    }
    pub fn firm(&self, id: &str) -> Option<FirmIdx> {
        self.firm_index
            .get_or_init(|| ids::IdIndex::new(self.firms.iter().map(|f| f.id.as_str())))
            .get(id)
    }

    /// Hands over an index of exactly these firms (the loader's), so `firm()` does not
    /// build a second one. Ignored when an index exists already.
    pub(crate) fn set_firm_index(&self, index: ids::IdIndex) {
        debug_assert_eq!(index.len(), self.firms.len());
        let _ = self.firm_index.set(index);
    }
    pub fn firm_city(&self, firm: FirmIdx) -> &City {
        &self.cities[self.firms[firm as usize].city as usize]
    }
    pub fn source_ref(&self, link: &Link) -> &str {
        self.texts
            .get(link.source_ref as usize)
            .map_or("", String::as_str)
    }
    /// Links of one layer, in file order.
    pub fn links_of(&self, layer: Layer) -> impl Iterator<Item = (LinkIdx, &Link)> {
        self.links
            .iter()
            .enumerate()
            .filter(move |(_, l)| l.layer == layer)
            .map(|(i, l)| (i as LinkIdx, l))
    }
    /// Region names in sorted order.
    pub fn region_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.cities.iter().map(|c| c.region.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}

fn index_by<T>(items: &[T], key: impl Fn(&T) -> &String) -> HashMap<String, u32> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| (key(item).clone(), i as u32))
        .collect()
}

impl Model {
    /// A copy of this model keeping only the links `keep` accepts (e.g. documented links
    /// only, or without one layer); every index is rebuilt.
    pub fn with_links(&self, keep: impl Fn(&Link) -> bool) -> Model {
        let parts = ModelParts {
            origin: self.origin.clone(),
            cities: self.cities.clone(),
            chains: self.chains.clone(),
            stages: self.stages.clone(),
            firms: Vec::new(),
            links: self.links.iter().filter(|l| keep(l)).cloned().collect(),
            link_extra: if self.link_extra.is_empty() {
                Vec::new()
            } else {
                self.links
                    .iter()
                    .zip(&self.link_extra)
                    .filter(|(l, _)| keep(l))
                    .map(|(_, e)| e.clone())
                    .collect()
            },
            texts: self.texts.clone(),
            city_extra_columns: self.city_extra_columns.clone(),
            stage_extra_columns: self.stage_extra_columns.clone(),
            firm_extra_columns: self.firm_extra_columns.clone(),
            link_extra_columns: self.link_extra_columns.clone(),
        };
        Model::with_firms(parts, std::sync::Arc::clone(&self.firms))
    }
}

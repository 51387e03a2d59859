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
pub(crate) mod ids;
pub mod region;
pub mod vocab;

use std::collections::HashMap;

pub use csr::Csr;
pub use region::Region;
pub use vocab::{Evidence, Function, FunctionSet, Kind, Layer, Tier, Vocabulary};

/// Index of a city in [`Model::cities`] (cities.csv row order, then the built-in cities that
/// firms name, in table order; from 0).
pub type CityIdx = u32;
/// Index of a chain in [`Model::chains`] (order of first appearance in chains.csv, from 0).
pub type ChainIdx = u32;
/// Index of a stage in [`Model::stages`] (chains.csv row order, from 0).
pub type StageIdx = u32;
/// Index of a firm in [`Model::firms`] (firms.csv row order, from 0).
pub type FirmIdx = u32;
/// Index of a link in [`Model::links`] (links.csv row order, from 0).
pub type LinkIdx = u32;

/// A row of cities.csv, or a built-in city ([`crate::geo`]) that a firm names.
#[derive(Debug, Clone, PartialEq)]
pub struct City {
    /// The `city` key, unique in the dataset (case-sensitive).
    pub id: String,
    /// Chinese name; empty when the cell or column is absent.
    pub name_zh: String,
    /// The region the city belongs to (`GBA`); a [`Region`] spec can name it.
    pub region: String,
    /// The country; tells rest-of-country suppliers from overseas ones.
    pub country: String,
    /// Latitude in degrees, −90 to 90; `None` when not given.
    pub lat: Option<f64>,
    /// Longitude in degrees, −180 to 180; `None` when not given.
    pub lon: Option<f64>,
    /// Values of the extra columns, aligned with [`Model::city_extra_columns`].
    pub extra: Vec<String>,
}

/// A chain template: its stages in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    /// The `chain` key (`nev`).
    pub id: String,
    /// Its stages, in chains.csv row order; never empty.
    pub stages: Vec<StageIdx>,
}

/// A stage of a chain template. `inputs` is an AND of OR-groups of stages of the same chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// The chain this stage belongs to.
    pub chain: ChainIdx,
    /// Bare id within its chain (`battery_cell`).
    pub id: String,
    /// `chain/stage`, the name used in firms.csv and links.csv.
    pub key: String,
    /// Human-readable name; empty when not given.
    pub label: String,
    /// Position in the chain, upstream to downstream.
    pub tier: Tier,
    /// What the stage needs: every group (AND) must have at least one of its stages (OR).
    /// Groups and their stages are of the same chain; empty for a stage with no inputs
    /// inside the chain. The template graph of a chain is acyclic.
    pub inputs: Vec<Vec<StageIdx>>,
    /// Values of the extra columns, aligned with [`Model::stage_extra_columns`].
    pub extra: Vec<String>,
}

/// A row of firms.csv (any actor: firm, lab, university …).
#[derive(Debug, Clone, PartialEq)]
pub struct Firm {
    /// The `id` key, unique in the dataset; links.csv names firms by it.
    pub id: String,
    /// Name; may be empty (a warning when loading).
    pub name: String,
    /// Chinese name; empty when not given.
    pub name_zh: String,
    /// The city the actor is located in.
    pub city: CityIdx,
    /// What sort of actor it is.
    pub kind: Kind,
    /// Stages produced, sorted by index, no duplicates.
    pub stages: Vec<StageIdx>,
    /// Value-chain functions it performs (empty when not given).
    pub functions: FunctionSet,
    /// Headcount, ≥ 0; `None` when unknown.
    pub employees: Option<f64>,
    /// Annual revenue in CNY million, ≥ 0; `None` when unknown.
    pub revenue: Option<f64>,
    /// Where the row comes from (URL, title; several `;`-separated); empty when not given.
    pub source: String,
    /// The parent company or business group (`Midea`, `CNOOC`) from the optional `group`
    /// column; plants and subsidiaries are separate rows sharing a group. Empty when not
    /// given.
    pub group: String,
    /// Values of the extra columns, aligned with [`Model::firm_extra_columns`].
    pub extra: Vec<String>,
}

impl Firm {
    /// Does the firm produce `stage`? (Binary search over [`Firm::stages`].)
    pub fn produces(&self, stage: StageIdx) -> bool {
        self.stages.binary_search(&stage).is_ok()
    }
}

/// Where a confirmed absence applies: a city, or every city of a region or of a country
/// (as named in cities.csv's `region` and `country` columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Area {
    /// One city.
    City(CityIdx),
    /// Every city whose `region` is this name.
    Region(String),
    /// Every city whose `country` is this name.
    Country(String),
}

/// A row of absences.csv: a source found no producer of `stage` in `area`. It applies to
/// a region R when every city of R lies in the area (see [`Model::absence_applies`]); a
/// producer of the stage inside R contradicts it (present wins).
#[derive(Debug, Clone, PartialEq)]
pub struct Absence {
    /// The `area` cell as written (a city, region or country name).
    pub area_id: String,
    /// What the area names.
    pub area: Area,
    /// The stage with no producer in the area.
    pub stage: StageIdx,
    /// How well the absence is established.
    pub evidence: Evidence,
    /// The source (URL, title) that says so; may be empty for `assumed`.
    pub source_ref: String,
    /// Free text: how the absence was inferred, caveats. Empty when not given.
    pub note: String,
    /// The 1-based line of the row in absences.csv (for messages).
    pub line: u64,
}

/// A row of links.csv. For supply links `stage` is always resolved (the loader fills it
/// from the source's single stage when the cell is empty).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// From: for `supply` the supplier, for `capital` the owner.
    pub source: FirmIdx,
    /// To: for `supply` the buyer, for `capital` the owned firm.
    pub target: FirmIdx,
    /// Which relationship the link is.
    pub layer: Layer,
    /// What flows: for supply links a stage the source produces (always `Some`); for the
    /// other layers any stage, or `None`.
    pub stage: Option<StageIdx>,
    /// Annual value in CNY million, ≥ 0; `None` means unknown, not zero.
    pub weight: Option<f64>,
    /// Year of the relationship; `None` when not given.
    pub year: Option<i32>,
    /// How the link is known.
    pub evidence: Evidence,
    /// Index into [`Model::texts`].
    pub source_ref: u32,
}

/// The whole dataset, validated and indexed.
#[derive(Debug, Clone)]
pub struct Model {
    /// Where it came from (a folder path, or `embedded:gba`).
    pub origin: String,
    /// cities.csv rows, in file order, then the built-in cities firms name ([`CityIdx`]).
    pub cities: Vec<City>,
    /// Chain templates, in order of first appearance in chains.csv ([`ChainIdx`]).
    pub chains: Vec<Chain>,
    /// Stages of every chain, in chains.csv row order ([`StageIdx`]).
    pub stages: Vec<Stage>,
    /// firms.csv rows, in file order ([`FirmIdx`]). Shared, not copied, by the models made from this one ([`Model::with_links`]): at 1M
    /// firms a copy is ~250 MB.
    pub firms: std::sync::Arc<Vec<Firm>>,
    /// links.csv rows, in file order ([`LinkIdx`]), every layer.
    pub links: Vec<Link>,
    /// Pooled text of link `source_ref` cells (deduplicated).
    pub texts: Vec<String>,
    /// Names of the columns of cities.csv beyond the contract's, in file order.
    pub city_extra_columns: Vec<String>,
    /// Names of the columns of chains.csv beyond the contract's, in file order.
    pub stage_extra_columns: Vec<String>,
    /// Names of the columns of firms.csv beyond the contract's, in file order.
    pub firm_extra_columns: Vec<String>,
    /// Names of the columns of links.csv beyond the contract's, in file order.
    pub link_extra_columns: Vec<String>,
    /// Per link, the values of the extra columns (kept apart from [`Link`] so links stay
    /// small); empty when links.csv has no extra columns.
    pub link_extra: Vec<Vec<String>>,
    /// absences.csv rows, in file order; empty when the file is absent.
    pub absences: Vec<Absence>,
    /// Whether firms.csv has a `group` column (so exports write it back).
    pub has_group_column: bool,
    /// Supply links by target firm (incoming): key [`FirmIdx`], items [`LinkIdx`] in file
    /// order.
    pub supply_in: Csr,
    /// Supply links by source firm (outgoing): key [`FirmIdx`], items [`LinkIdx`] in file
    /// order.
    pub supply_out: Csr,
    /// Firms by produced stage: key [`StageIdx`], items [`FirmIdx`] in ascending order.
    pub producers: Csr,
    city_index: HashMap<String, CityIdx>,
    chain_index: HashMap<String, ChainIdx>,
    stage_index: HashMap<String, StageIdx>,
    /// Firm id → index, built on first use unless the loader handed its own over.
    firm_index: std::sync::OnceLock<ids::IdIndex>,
}

/// The parts the loader hands over; [`Model::new`] builds the indices. Each field is the
/// [`Model`] field of the same name; the caller keeps the model's invariants (indices in
/// range, a supply link's stage set and produced by its source, `Firm::stages` sorted).
pub struct ModelParts {
    /// See [`Model::origin`].
    pub origin: String,
    /// See [`Model::cities`].
    pub cities: Vec<City>,
    /// See [`Model::chains`].
    pub chains: Vec<Chain>,
    /// See [`Model::stages`].
    pub stages: Vec<Stage>,
    /// See [`Model::firms`].
    pub firms: Vec<Firm>,
    /// See [`Model::links`].
    pub links: Vec<Link>,
    /// See [`Model::texts`]; `Link::source_ref` indexes it (an index out of range reads as
    /// no citation).
    pub texts: Vec<String>,
    /// See [`Model::city_extra_columns`].
    pub city_extra_columns: Vec<String>,
    /// See [`Model::stage_extra_columns`].
    pub stage_extra_columns: Vec<String>,
    /// See [`Model::firm_extra_columns`].
    pub firm_extra_columns: Vec<String>,
    /// See [`Model::link_extra_columns`].
    pub link_extra_columns: Vec<String>,
    /// Extra-column values per link (empty when there are none).
    pub link_extra: Vec<Vec<String>>,
    /// See [`Model::absences`].
    pub absences: Vec<Absence>,
    /// See [`Model::has_group_column`].
    pub has_group_column: bool,
}

impl Model {
    /// Builds the model and its indices (supply links by target and by source, producers
    /// by stage, id lookups) from the parts: O(firms + stages + links).
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
            absences,
            has_group_column,
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
            absences,
            has_group_column,
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

    /// Looks a city up by its `city` key (exact spelling).
    pub fn city(&self, id: &str) -> Option<CityIdx> {
        self.city_index.get(id).copied()
    }
    /// Looks a chain up by its `chain` key (exact spelling).
    pub fn chain(&self, id: &str) -> Option<ChainIdx> {
        self.chain_index.get(id).copied()
    }
    /// Looks a stage up by `chain/stage`.
    pub fn stage(&self, key: &str) -> Option<StageIdx> {
        self.stage_index.get(key).copied()
    }
    /// Looks a firm up by its `id` (exact spelling). The first call builds the id index
    /// unless the loader handed its own over; later calls are O(1).
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
    /// The city a firm is located in.
    pub fn firm_city(&self, firm: FirmIdx) -> &City {
        &self.cities[self.firms[firm as usize].city as usize]
    }
    /// The citation of a link (its `source_ref` cell); empty when it has none.
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

    /// Does `absence` apply to `region`: does every city of the region lie in its area?
    /// (An absence for the GBA applies to Guangzhou alone, not to Guangzhou with Tokyo.)
    /// A region with no city gets no absence.
    pub fn absence_applies(&self, absence: &Absence, region: &Region) -> bool {
        let mut cities = region.local_cities().peekable();
        cities.peek().is_some()
            && cities.all(|c| {
                let city = &self.cities[c as usize];
                match &absence.area {
                    Area::City(a) => *a == c,
                    Area::Region(r) => city.region == *r,
                    Area::Country(k) => city.country == *k,
                }
            })
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
            absences: self.absences.clone(),
            has_group_column: self.has_group_column,
        };
        Model::with_firms(parts, std::sync::Arc::clone(&self.firms))
    }
}

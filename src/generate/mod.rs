//! Synthetic datasets in the data contract (`cities.csv`, `chains.csv`, `firms.csv`,
//! `links.csv`, `absences.csv`), for demos, tests and the 1M-firm / 10M-link scale runs.
//!
//! # What is generated
//!
//! - **Cities** (20): the 11 Greater Bay Area cities (region `GBA`, country China) with
//!   Zipf-like base sizes (Shenzhen 1, Guangzhou 1/2, Dongguan 1/3 … Macao 1/11), four
//!   Mainland cities (Ningbo, Suzhou, Xiamen, Ningde) and five Overseas ones (Taipei/Taiwan,
//!   Tokyo/Japan, Stuttgart/Germany, Seoul/Korea, Perth/Australia — Perth only mines).
//!   Each chain has city affinities (appliances and ceramics in Foshan, lighting in
//!   Zhongshan, electronics in Shenzhen/Dongguan/Taipei, robots in Tokyo/Stuttgart …);
//!   Hong Kong and Macao hold services, labs, universities and investors but little
//!   manufacturing.
//! - **Chains** (8, 6–10 stages each, 74 stages): nev, appliances, electronics, robotics,
//!   ceramics, textiles, food, lighting. Tiers run raw_material → … → final_product →
//!   service; inputs are AND of OR-groups of earlier stages of the same chain (so every
//!   template is acyclic by construction); every chain has an OR-group and a final
//!   product; raw materials have no inputs and every other stage has some. Three stages
//!   have producers only outside the GBA (`nev/lithium_ore`, `electronics/silicon_wafer`,
//!   `robotics/reducer`), so those chains are incomplete in the GBA and the breakpoint and
//!   shortlist analyses have something to find; the other five can close locally.
//!   absences.csv says so for the first two: one row per outside-only stage with area
//!   `GBA` (evidence documented, reported, estimated in turn), never contradicted;
//!   `robotics/reducer` has no row, so its status in the GBA is `unknown` (a `no_data`
//!   breakpoint) and the data holds both an absent and an unknown stage.
//! - **Firms** (`F0000001` …): ~93 % kind `firm` producing one stage (4 % of them also an
//!   adjacent stage of the same chain: vertical integration), and labs, universities,
//!   platforms, investors, agencies and associations producing nothing. A firm's stage is
//!   drawn by chain weight × tier weight; its city by the stage's city weights, with a
//!   tier-dependent share outside the GBA (50 % of raw materials, 3–12 % of the rest;
//!   ~17 % of all actors). When `firms ≥ 2 × 74`, 74 evenly spaced firms are pinned to one
//!   stage each, so every stage has a producer. Employees are Pareto (α ≈ 1.2, heavy
//!   tail; 8 % left empty), revenue = employees × log-normal productivity (20 % empty).
//!   Names mix pinyin/Western brands; a few percent contain commas, double quotes, `&`
//!   and CJK (`Foshan "Mingliang", Ltd 佛山明亮`); `name_zh` is CJK for Chinese firms.
//!   The `group` column (last) names a business group (`<brand> Group`, a Chinese brand)
//!   for ~15 % of the actors of kind `firm`, drawn from a stream of its own; empty
//!   otherwise.
//! - **Links**, ≈ `firms × links_per_firm` in total: `supply` ≈ 70 %, `value` 12 %,
//!   `innovation` 10 %, `capital` 8 %, plus at most one extra link per firm that would
//!   otherwise be isolated. Supply is buyer-driven: every firm at a stage with inputs
//!   buys, for each input group, a geometric number of times (mean ∝ employees^¼) from
//!   producers of a member of the group, so links run template edge u → s (mostly tier
//!   k → k+1) and `stage` is always `chain/u`, a stage the source produces. Suppliers are
//!   drawn with probability ∝ employees (preferential, so supplier out-degree is
//!   heavy-tailed); a GBA buyer takes 40 % from its own city, 40 % from the GBA and 20 %
//!   from outside. Innovation links run from labs/universities (85 %) or large firms to
//!   firms, capital links from investors (75 %) or large firms to firms, value links from
//!   platforms, associations, agencies and service firms to firms; 80 % stay within the
//!   source's side of the GBA border. No self-loops; duplicate supplier picks for one
//!   buyer's input group are avoided. Weights are log-normal CNY million with two
//!   decimals (20 % empty for supply, 50 % for the other layers), years 2015–2024,
//!   evidence a per-layer mix of documented / reported / estimated / assumed, and a
//!   `source_ref` text. Rows come in layer blocks: supply (grouped by buyer, in id
//!   order), value, innovation, capital, then the isolated-actor links. The same pair may
//!   appear more than once (another input group, another layer): it is a multigraph.
//!   With few firms per stage a buyer runs out of distinct suppliers, so small datasets
//!   get fewer links than asked (≈ 87 % at 2 000 firms, ≈ 100 % from ~20 000 up).
//!
//! # How
//!
//! Every random quantity comes from SplitMix64 streams keyed by (seed, purpose, index):
//! firm `i`'s attributes depend only on `i`, buyer `i`'s supply links only on `i`, and
//! non-supply link `j` only on `j`. Rows are produced in fixed-size chunks in parallel
//! (rayon) and written in chunk order, so the bytes do not depend on the thread count.
//! Logarithms and exponentials use the small routines in `rng` (only `+ − × ÷ sqrt`, which
//! IEEE 754 rounds exactly), not the platform's libm, so the bytes should not change
//! between 64-bit platforms or Rust versions either. Memory is
//! ~12 bytes per firm of state plus per-stage producer tables with cumulative weights
//! (O(log n) sampling); rows stream through `BufWriter`s, never a whole file in memory.
//!
//! The five files are written into a hidden temporary folder beside the target and
//! swapped in as one set once all five are complete (`crate::output::OutputSet`: a marker
//! file `.chainatlas-output` is written with them; a folder holding anything else is
//! refused). A failed or interrupted run removes its temporary folder and leaves the
//! previous set whole (no fsync: a power cut is not covered).
//!
//! `firms == 0` is rejected with `InvalidInput`: the loader requires at least one firm
//! row. `links_per_firm` must be finite and ≥ 0.
//!
//! # Layout
//!
//! This file holds the public API (`GenerateOptions`, `GenerateSummary`, `write_dataset`).
//! `templates` has the static chain, city and brand tables; `world` resolves them into
//! stages and sampling weights and writes cities.csv and chains.csv; `plan` derives every
//! actor's state and the sampling tables from the options; `firms` draws actors and writes
//! firms.csv; `links` writes links.csv; `rng` is the PRNG and portable math; `write` the
//! chunked parallel output and CSV encoders.

mod firms;
mod links;
mod plan;
mod rng;
mod space;
mod templates;
#[cfg(test)]
mod tests;
mod world;
mod write;

use std::io;
use std::path::Path;

use crate::output::OutputSet;

use plan::Plan;
pub use space::estimated_bytes;
use templates::{CHAINS, CITIES};
use world::World;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateOptions {
    /// Number of actors (firms, labs, universities, …) in firms.csv; at least 1.
    pub firms: usize,
    /// Average links per actor over all layers; total links ≈ `firms × links_per_firm`.
    pub links_per_firm: f64,
    /// Seed: the same options give byte-identical files.
    pub seed: u64,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            firms: 10_000,
            links_per_firm: 10.0,
            seed: 42,
        }
    }
}

/// Row counts of what was written (data rows, without the header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateSummary {
    /// Rows of cities.csv: always 20.
    pub cities: usize,
    /// Chain templates in chains.csv: always 8.
    pub chains: usize,
    /// Rows of chains.csv (stages of all chains): always 74.
    pub stages: usize,
    /// Rows of firms.csv: [`GenerateOptions::firms`].
    pub firms: usize,
    /// Rows of links.csv: about `firms × links_per_firm`, fewer when small stages run out
    /// of distinct suppliers, plus at most one per otherwise isolated actor.
    pub links: usize,
}

/// Upper bound on `firms × links_per_firm`, to turn a typo into an error, not a full disk.
const MAX_LINKS: f64 = 5e9;

/// Writes cities.csv, chains.csv, firms.csv, links.csv, absences.csv into `dir` (created
/// if missing).
/// The files are written into a temporary folder and swapped in as one set, so a failed
/// run leaves the previous set whole; `dir` must be missing, empty, or a set this tool
/// wrote (it holds the marker [`crate::output::MARKER`]).
/// The same options give the same bytes. `InvalidInput` when
/// `firms` is 0 or ≥ 2³² − 1, `links_per_firm` is negative or not finite, or
/// `firms × links_per_firm` is above 5 billion; `StorageFull`, before anything is written,
/// when [`estimated_bytes`] (an upper bound on the four files) exceeds the free space of the
/// filesystem that would hold `dir`.
///
/// # Examples
///
/// ```
/// use chainatlas::generate::{GenerateOptions, write_dataset};
/// use chainatlas::load::{DatasetSource, LoadOptions, load};
///
/// let dir = tempfile::tempdir().unwrap();
/// let options = GenerateOptions { firms: 500, links_per_firm: 4.0, seed: 7 };
/// let summary = write_dataset(&options, dir.path()).unwrap();
/// assert_eq!((summary.cities, summary.chains, summary.stages), (20, 8, 74));
/// assert_eq!(summary.firms, 500);
/// assert!(summary.links > 0 && summary.links <= 500 * 4 + 500);
///
/// // What was written is a valid dataset with exactly those rows.
/// let loaded = load(&DatasetSource::from_arg(Some(dir.path())), &LoadOptions::default()).unwrap();
/// assert_eq!(loaded.errors(), 0);
/// let model = loaded.model.unwrap();
/// assert_eq!(model.firms.len(), summary.firms);
/// assert_eq!(model.links.len(), summary.links);
/// assert_eq!(model.stages.len(), summary.stages);
/// ```
pub fn write_dataset(opts: &GenerateOptions, dir: &Path) -> io::Result<GenerateSummary> {
    if opts.firms == 0 {
        return Err(invalid("firms must be at least 1 (firms.csv needs a row)"));
    }
    if opts.firms >= u32::MAX as usize {
        return Err(invalid("firms must be below 4294967295"));
    }
    if !opts.links_per_firm.is_finite() || opts.links_per_firm < 0.0 {
        return Err(invalid("links_per_firm must be a finite number ≥ 0"));
    }
    let total_links = opts.firms as f64 * opts.links_per_firm;
    if total_links > MAX_LINKS {
        return Err(invalid("firms × links_per_firm is above 5 billion links"));
    }
    space::check(opts, dir)?;
    let world = World::new().map_err(io::Error::other)?;
    let plan = Plan::new(world, opts);

    let mut files = OutputSet::begin(dir, &[])?;
    files.write("cities.csv", |w| plan.world.write_cities(w))?;
    files.write("chains.csv", |w| plan.world.write_chains(w))?;
    files.write("firms.csv", |w| plan.write_firms(w))?;
    let links = files.write("links.csv", |w| plan.write_links(w))?;
    files.write("absences.csv", |w| plan.world.write_absences(w))?;
    files.commit()?;
    Ok(GenerateSummary {
        cities: CITIES.len(),
        chains: CHAINS.len(),
        stages: plan.world.stages.len(),
        firms: opts.firms,
        links: usize::try_from(links).unwrap_or(usize::MAX),
    })
}

fn invalid(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg.to_string())
}

//! Synthetic datasets in the data contract (`cities.csv`, `chains.csv`, `firms.csv`,
//! `links.csv`), for demos, tests and the 1M-firm / 10M-link scale runs.
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
//! Logarithms and exponentials use the small routines below (only `+ − × ÷ sqrt`, which
//! IEEE 754 rounds exactly), not the platform's libm, so the bytes should not change
//! between 64-bit platforms or Rust versions either. Memory is
//! ~12 bytes per firm of state plus per-stage producer tables with cumulative weights
//! (O(log n) sampling); rows stream through `BufWriter`s, never a whole file in memory.
//!
//! Each file is written to a hidden temporary file in the target folder; only when all
//! four are complete are they renamed into place. A failed run removes its temporary
//! files, so it never leaves a partial CSV (no fsync: a power cut is not covered).
//!
//! `firms == 0` is rejected with `InvalidInput`: the loader requires at least one firm
//! row. `links_per_firm` must be finite and ≥ 0.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

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

/// Row counts of what was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateSummary {
    pub cities: usize,
    pub chains: usize,
    pub stages: usize,
    pub firms: usize,
    pub links: usize,
}

/// Upper bound on `firms × links_per_firm`, to turn a typo into an error, not a full disk.
const MAX_LINKS: f64 = 5e9;

/// Writes cities.csv, chains.csv, firms.csv, links.csv into `dir` (created if missing).
/// Each file is written to a temporary file in `dir` and renamed into place, so a failed run leaves no partial file.
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
    let world = World::new().map_err(io::Error::other)?;
    let plan = Plan::new(world, opts);

    fs::create_dir_all(dir)?;
    let mut files = TempFiles::new(dir);
    {
        let mut w = files.create("cities.csv")?;
        plan.world.write_cities(&mut w)?;
        finish(w)?;
    }
    {
        let mut w = files.create("chains.csv")?;
        plan.world.write_chains(&mut w)?;
        finish(w)?;
    }
    {
        let mut w = files.create("firms.csv")?;
        plan.write_firms(&mut w)?;
        finish(w)?;
    }
    let links = {
        let mut w = files.create("links.csv")?;
        let n = plan.write_links(&mut w)?;
        finish(w)?;
        n
    };
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

fn finish(w: BufWriter<File>) -> io::Result<()> {
    let file = w.into_inner().map_err(|e| e.into_error())?;
    drop(file);
    Ok(())
}

/// Temporary files in the target folder, renamed into place by `commit` and removed if
/// dropped before that.
struct TempFiles {
    dir: PathBuf,
    pending: Vec<(PathBuf, PathBuf)>,
    committed: bool,
}

impl TempFiles {
    fn new(dir: &Path) -> Self {
        TempFiles {
            dir: dir.to_path_buf(),
            pending: Vec::new(),
            committed: false,
        }
    }

    fn create(&mut self, name: &str) -> io::Result<BufWriter<File>> {
        let tmp = self.dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let file = File::create(&tmp)?;
        self.pending.push((tmp, self.dir.join(name)));
        Ok(BufWriter::with_capacity(1 << 20, file))
    }

    fn commit(&mut self) -> io::Result<()> {
        for (tmp, dest) in &self.pending {
            fs::rename(tmp, dest)?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for TempFiles {
    fn drop(&mut self) {
        if !self.committed {
            for (tmp, _) in &self.pending {
                let _ = fs::remove_file(tmp);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Static world: cities and chain templates
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    RawMaterial,
    Material,
    Component,
    Module,
    FinalProduct,
    Service,
}

impl Tier {
    fn as_str(self) -> &'static str {
        match self {
            Tier::RawMaterial => "raw_material",
            Tier::Material => "material",
            Tier::Component => "component",
            Tier::Module => "module",
            Tier::FinalProduct => "final_product",
            Tier::Service => "service",
        }
    }
    /// Relative number of firms per stage of this tier.
    fn firm_weight(self) -> f64 {
        match self {
            Tier::RawMaterial => 0.5,
            Tier::Material => 1.0,
            Tier::Component => 1.5,
            Tier::Module => 1.0,
            Tier::FinalProduct => 0.6,
            Tier::Service => 1.2,
        }
    }
    /// Share of this tier's producers located outside the GBA.
    fn outside_share(self) -> f64 {
        match self {
            Tier::RawMaterial => 0.5,
            Tier::Material => 0.12,
            Tier::Component => 0.08,
            Tier::Module => 0.07,
            Tier::FinalProduct => 0.05,
            Tier::Service => 0.03,
        }
    }
    /// Multiplier on the Pareto employee count.
    fn size_factor(self) -> f64 {
        match self {
            Tier::RawMaterial => 3.0,
            Tier::Material => 2.0,
            Tier::Component => 1.0,
            Tier::Module => 1.5,
            Tier::FinalProduct => 4.0,
            Tier::Service => 0.8,
        }
    }
}

struct StageDef {
    id: &'static str,
    label: &'static str,
    zh: &'static str,
    tier: Tier,
    inputs: &'static str,
}

struct ChainDef {
    id: &'static str,
    industry: &'static str,
    industry_zh: &'static str,
    /// Relative number of firms in the chain.
    weight: f64,
    /// City multipliers (default 1).
    affinity: &'static [(&'static str, f64)],
    /// Stages produced only outside the GBA.
    outside_only: &'static [&'static str],
    stages: &'static [StageDef],
}

const fn st(
    id: &'static str,
    label: &'static str,
    zh: &'static str,
    tier: Tier,
    inputs: &'static str,
) -> StageDef {
    StageDef {
        id,
        label,
        zh,
        tier,
        inputs,
    }
}

use Tier::{
    Component as C, FinalProduct as F, Material as M, Module as Mo, RawMaterial as R, Service as S,
};

#[rustfmt::skip]
const CHAINS: &[ChainDef] = &[
    ChainDef {
        id: "nev",
        industry: "New Energy",
        industry_zh: "新能源",
        weight: 1.0,
        affinity: &[("Guangzhou", 2.0), ("Shenzhen", 2.0), ("Huizhou", 2.0), ("Zhaoqing", 3.0), ("Foshan", 1.5), ("Zhuhai", 1.5), ("Ningde", 6.0), ("Seoul", 2.0), ("Stuttgart", 2.0)],
        outside_only: &["lithium_ore"],
        stages: &[
            st("lithium_ore", "Lithium ore and brine", "锂矿", R, ""),
            st("graphite", "Natural and synthetic graphite", "石墨", R, ""),
            st("cathode_lfp", "LFP cathode material", "磷酸铁锂正极", M, "lithium_ore"),
            st("cathode_nmc", "NMC cathode material", "三元正极", M, "lithium_ore"),
            st("anode", "Graphite anode material", "负极材料", M, "graphite"),
            st("electrolyte", "Electrolyte", "电解液", M, "lithium_ore"),
            st("battery_cell", "Battery cell", "电芯", C, "cathode_lfp|cathode_nmc;anode;electrolyte"),
            st("battery_pack", "Battery pack with BMS", "电池包", Mo, "battery_cell"),
            st("bev", "Battery-electric vehicle", "纯电动汽车", F, "battery_pack"),
            st("recycling", "Battery recycling", "电池回收", S, "battery_pack|bev"),
        ],
    },
    ChainDef {
        id: "appliances",
        industry: "Electric Appliance",
        industry_zh: "电器",
        weight: 1.3,
        affinity: &[("Foshan", 4.0), ("Zhuhai", 3.0), ("Zhongshan", 2.5), ("Ningbo", 2.0)],
        outside_only: &[],
        stages: &[
            st("copper_ore", "Copper ore and cathode copper", "铜矿", R, ""),
            st("iron_ore", "Iron ore", "铁矿", R, ""),
            st("crude_oil", "Crude oil and naphtha", "原油", R, ""),
            st("copper_tube", "Copper tube and winding wire", "铜管", M, "copper_ore"),
            st("steel_sheet", "Cold-rolled and coated steel sheet", "钢板", M, "iron_ore"),
            st("plastics", "Engineering plastics (ABS, PP)", "工程塑料", M, "crude_oil"),
            st("motor", "Electric motor", "电机", C, "steel_sheet;copper_tube"),
            st("compressor", "Hermetic compressor", "压缩机", C, "motor;steel_sheet"),
            st("air_conditioner", "Room air conditioner", "空调", F, "compressor;copper_tube;plastics|steel_sheet"),
            st("retail", "Wholesale, retail & installation", "家电零售", S, "air_conditioner"),
        ],
    },
    ChainDef {
        id: "electronics",
        industry: "Electronics",
        industry_zh: "电子",
        weight: 1.6,
        affinity: &[("Shenzhen", 2.5), ("Dongguan", 2.5), ("Huizhou", 2.0), ("Taipei", 4.0), ("Tokyo", 2.0), ("Seoul", 2.0), ("Suzhou", 2.0)],
        outside_only: &["silicon_wafer"],
        stages: &[
            st("silica", "Quartz and silica sand", "石英砂", R, ""),
            st("copper_ore", "Copper ore", "铜矿", R, ""),
            st("silicon_wafer", "Silicon wafer", "硅片", M, "silica"),
            st("copper_foil", "Electrodeposited copper foil", "铜箔", M, "copper_ore"),
            st("chip", "Packaged chip (fab, packaging and test)", "芯片", C, "silicon_wafer"),
            st("pcb", "Printed circuit board", "印制电路板", C, "copper_foil"),
            st("pcba", "Mainboard assembly (SMT)", "主板组件", Mo, "pcb;chip"),
            st("smartphone", "Smartphone", "智能手机", F, "pcba"),
            st("laptop", "Laptop computer", "笔记本电脑", F, "pcba"),
            st("distribution", "Distribution and e-commerce", "电子分销", S, "smartphone|laptop"),
        ],
    },
    ChainDef {
        id: "robotics",
        industry: "Intelligent Equipment",
        industry_zh: "智能装备",
        weight: 0.6,
        affinity: &[("Foshan", 3.0), ("Guangzhou", 2.0), ("Shenzhen", 2.0), ("Dongguan", 1.5), ("Tokyo", 4.0), ("Stuttgart", 3.0), ("Suzhou", 1.5)],
        outside_only: &["reducer"],
        stages: &[
            st("iron_ore", "Iron ore", "铁矿", R, ""),
            st("rare_earth", "Rare-earth ore and oxides", "稀土", R, ""),
            st("special_steel", "Alloy and bearing steel", "特钢", M, "iron_ore"),
            st("ndfeb_magnet", "Sintered NdFeB magnet", "钕铁硼磁材", M, "rare_earth"),
            st("reducer", "Precision reducer (RV, harmonic)", "精密减速器", C, "special_steel"),
            st("servo_motor", "Servo motor and drive", "伺服电机", C, "ndfeb_magnet"),
            st("joint_module", "Robot joint module", "关节模组", Mo, "reducer;servo_motor"),
            st("industrial_robot", "Articulated industrial robot", "工业机器人", F, "joint_module"),
            st("cobot", "Collaborative robot", "协作机器人", F, "joint_module"),
            st("integration", "Robot system integration", "系统集成", S, "industrial_robot|cobot"),
        ],
    },
    ChainDef {
        id: "ceramics",
        industry: "Ceramics",
        industry_zh: "陶瓷",
        weight: 0.6,
        affinity: &[("Foshan", 6.0), ("Zhaoqing", 3.0), ("Jiangmen", 2.0), ("Shenzhen", 0.2), ("Xiamen", 1.5)],
        outside_only: &[],
        stages: &[
            st("clay", "Clay and kaolin", "陶土", R, ""),
            st("zircon_sand", "Zircon sand", "锆英砂", R, ""),
            st("body_granulate", "Spray-dried body granulate", "坯料", M, "clay"),
            st("glaze_frit", "Frit and glaze", "釉料", M, "zircon_sand"),
            st("ceramic_tile", "Ceramic and porcelain tile", "瓷砖", F, "body_granulate;glaze_frit"),
            st("sanitary_ware", "Sanitary ware", "卫浴陶瓷", F, "body_granulate;glaze_frit"),
            st("distribution", "Showrooms, trade and export", "陶瓷商贸", S, "ceramic_tile|sanitary_ware"),
        ],
    },
    ChainDef {
        id: "textiles",
        industry: "Textile",
        industry_zh: "纺织",
        weight: 1.0,
        affinity: &[("Guangzhou", 2.0), ("Dongguan", 2.0), ("Zhongshan", 2.0), ("Foshan", 1.5), ("Jiangmen", 1.5), ("Ningbo", 2.0), ("Suzhou", 1.5)],
        outside_only: &[],
        stages: &[
            st("crude_oil", "Crude oil and naphtha", "原油", R, ""),
            st("cotton", "Cotton lint", "棉花", R, ""),
            st("pta", "Purified terephthalic acid", "精对苯二甲酸", M, "crude_oil"),
            st("polyester_fibre", "Polyester fibre", "涤纶", M, "pta"),
            st("yarn", "Yarn", "纱线", M, "cotton|polyester_fibre"),
            st("fabric", "Dyed and finished fabric", "面料", M, "yarn"),
            st("trims", "Trims: thread, zips, buttons", "辅料", C, "polyester_fibre"),
            st("garment", "Garment", "服装", F, "fabric;trims"),
            st("wholesale_retail", "Brand, wholesale & retail", "服装批发零售", S, "garment"),
        ],
    },
    ChainDef {
        id: "food",
        industry: "Foods",
        industry_zh: "食品",
        weight: 0.5,
        affinity: &[("Foshan", 2.5), ("Jiangmen", 3.0), ("Guangzhou", 1.5), ("Hong Kong", 1.5), ("Xiamen", 1.5)],
        outside_only: &[],
        stages: &[
            st("soybean", "Soybeans", "大豆", R, ""),
            st("wheat", "Wheat", "小麦", R, ""),
            st("oyster", "Oysters", "生蚝", R, ""),
            st("raw_soy_sauce", "Brewed raw soy sauce", "酱油原液", M, "soybean;wheat"),
            st("oyster_extract", "Oyster extract", "蚝汁", M, "oyster"),
            st("soy_sauce", "Bottled soy sauce", "瓶装酱油", F, "raw_soy_sauce"),
            st("oyster_sauce", "Oyster sauce", "蚝油", F, "oyster_extract;raw_soy_sauce"),
            st("distribution", "Food distribution", "食品流通", S, "soy_sauce|oyster_sauce"),
        ],
    },
    ChainDef {
        id: "lighting",
        industry: "Lighting",
        industry_zh: "照明",
        weight: 0.8,
        affinity: &[("Zhongshan", 5.0), ("Foshan", 3.0), ("Jiangmen", 1.5), ("Xiamen", 1.5)],
        outside_only: &[],
        stages: &[
            st("sapphire", "Sapphire substrate", "蓝宝石衬底", R, ""),
            st("gallium", "Gallium", "镓", R, ""),
            st("aluminium", "Primary aluminium", "铝锭", R, ""),
            st("epi_wafer", "LED epitaxial wafer", "外延片", M, "sapphire;gallium"),
            st("heat_sink", "Aluminium heat sink", "散热器", M, "aluminium"),
            st("led_chip", "LED chip", "LED芯片", C, "epi_wafer"),
            st("led_package", "Packaged LED", "LED封装", Mo, "led_chip"),
            st("led_bulb", "LED bulb", "LED灯泡", F, "led_package;heat_sink"),
            st("street_light", "LED street light", "LED路灯", F, "led_package;heat_sink"),
            st("retail", "Lighting retail and projects", "照明零售", S, "led_bulb|street_light"),
        ],
    },
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Brands {
    Chinese,
    Japanese,
    Korean,
    German,
    Australian,
}

struct CityDef {
    id: &'static str,
    zh: &'static str,
    region: &'static str,
    country: &'static str,
    lat: &'static str,
    lon: &'static str,
    /// Relative size among its side (GBA or outside).
    base: f64,
    /// Multipliers for raw-material, manufacturing and service stages.
    raw: f64,
    manuf: f64,
    service: f64,
    /// Multiplier on the probability of R&D and design functions.
    rnd: f64,
    brands: Brands,
}

#[allow(clippy::too_many_arguments)]
const fn city(
    id: &'static str,
    zh: &'static str,
    region: &'static str,
    country: &'static str,
    lat: &'static str,
    lon: &'static str,
    base: f64,
    (raw, manuf, service): (f64, f64, f64),
    rnd: f64,
    brands: Brands,
) -> CityDef {
    CityDef {
        id,
        zh,
        region,
        country,
        lat,
        lon,
        base,
        raw,
        manuf,
        service,
        rnd,
        brands,
    }
}

const NORMAL: (f64, f64, f64) = (1.0, 1.0, 1.0);

/// GBA cities first (indices `0..GBA_CITIES`), then outside cities.
#[rustfmt::skip]
const CITIES: &[CityDef] = &[
    city("Guangzhou", "广州", "GBA", "China", "23.13", "113.26", 1.0 / 2.0, NORMAL, 2.5, Brands::Chinese),
    city("Shenzhen", "深圳", "GBA", "China", "22.54", "114.06", 1.0, NORMAL, 2.5, Brands::Chinese),
    city("Foshan", "佛山", "GBA", "China", "23.02", "113.12", 1.0 / 4.0, NORMAL, 1.2, Brands::Chinese),
    city("Dongguan", "东莞", "GBA", "China", "23.02", "113.75", 1.0 / 3.0, NORMAL, 1.0, Brands::Chinese),
    city("Hong Kong", "香港", "GBA", "China", "22.32", "114.17", 1.0 / 10.0, (0.05, 0.1, 3.0), 2.0, Brands::Chinese),
    city("Zhuhai", "珠海", "GBA", "China", "22.27", "113.58", 1.0 / 7.0, NORMAL, 1.0, Brands::Chinese),
    city("Huizhou", "惠州", "GBA", "China", "23.11", "114.42", 1.0 / 5.0, NORMAL, 0.8, Brands::Chinese),
    city("Zhongshan", "中山", "GBA", "China", "22.52", "113.39", 1.0 / 6.0, NORMAL, 0.8, Brands::Chinese),
    city("Jiangmen", "江门", "GBA", "China", "22.58", "113.08", 1.0 / 8.0, NORMAL, 0.7, Brands::Chinese),
    city("Zhaoqing", "肇庆", "GBA", "China", "23.05", "112.47", 1.0 / 9.0, NORMAL, 0.7, Brands::Chinese),
    city("Macao", "澳门", "GBA", "China", "22.20", "113.55", 1.0 / 11.0, (0.05, 0.1, 2.0), 1.0, Brands::Chinese),
    city("Ningbo", "宁波", "Mainland", "China", "29.87", "121.54", 1.0, NORMAL, 1.0, Brands::Chinese),
    city("Suzhou", "苏州", "Mainland", "China", "31.30", "120.58", 1.0, NORMAL, 1.2, Brands::Chinese),
    city("Xiamen", "厦门", "Mainland", "China", "24.48", "118.09", 1.0, NORMAL, 1.0, Brands::Chinese),
    city("Ningde", "宁德", "Mainland", "China", "26.66", "119.55", 0.3, NORMAL, 0.8, Brands::Chinese),
    city("Taipei", "台北", "Overseas", "Taiwan", "25.03", "121.56", 0.7, NORMAL, 1.5, Brands::Chinese),
    city("Tokyo", "东京", "Overseas", "Japan", "35.68", "139.69", 0.7, NORMAL, 2.0, Brands::Japanese),
    city("Stuttgart", "斯图加特", "Overseas", "Germany", "48.78", "9.18", 0.7, NORMAL, 2.0, Brands::German),
    city("Seoul", "首尔", "Overseas", "Korea", "37.57", "126.98", 0.7, NORMAL, 1.5, Brands::Korean),
    city("Perth", "珀斯", "Overseas", "Australia", "-31.95", "115.86", 0.7, (2.5, 0.0, 0.0), 0.5, Brands::Australian),
];

const GBA_CITIES: usize = 11;
const N_CITIES: usize = 20;

/// Pinyin brand words with their characters.
const CN_BRANDS: &[(&str, &str)] = &[
    ("Huaxing", "华兴"),
    ("Mingliang", "明亮"),
    ("Haida", "海达"),
    ("Yongsheng", "永盛"),
    ("Dingxin", "鼎新"),
    ("Chuangyi", "创意"),
    ("Lianfa", "联发"),
    ("Hengtong", "恒通"),
    ("Boyuan", "博远"),
    ("Kaida", "凯达"),
    ("Fuxing", "富兴"),
    ("Longteng", "龙腾"),
    ("Anke", "安科"),
    ("Weiye", "伟业"),
    ("Jiahe", "嘉禾"),
    ("Shunfa", "顺发"),
    ("Taiping", "太平"),
    ("Xinghe", "星河"),
    ("Huayu", "华宇"),
    ("Ronghui", "荣辉"),
    ("Zhida", "智达"),
    ("Jinlong", "金龙"),
    ("Baoli", "宝利"),
    ("Ruifeng", "瑞丰"),
    ("Hongtai", "宏泰"),
    ("Tianyi", "天一"),
    ("Guangming", "光明"),
    ("Xinyuan", "鑫源"),
    ("Meijia", "美佳"),
    ("Dacheng", "大成"),
    ("Lingnan", "岭南"),
    ("Nanfeng", "南风"),
];
const JP_BRANDS: &[&str] = &[
    "Sakura", "Daito", "Kiyomi", "Nakamura", "Hoshino", "Asahina", "Tsubame",
];
const KR_BRANDS: &[&str] = &["Hanbit", "Daesung", "Mirae", "Saehan", "Hanul", "Jinwoo"];
const DE_BRANDS: &[&str] = &[
    "Neckar",
    "Schwaben",
    "Lindner",
    "Kessler",
    "Hohenwerk",
    "Rieger",
];
const AU_BRANDS: &[&str] = &[
    "Pilbara",
    "Swan River",
    "Goldfields",
    "Kimberley",
    "Yilgarn",
];

/// Kinds of actor, in the contract's spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Kind {
    Firm = 0,
    Lab,
    University,
    Platform,
    Investor,
    Agency,
    Association,
}

impl Kind {
    const ALL: [Kind; 7] = [
        Kind::Firm,
        Kind::Lab,
        Kind::University,
        Kind::Platform,
        Kind::Investor,
        Kind::Agency,
        Kind::Association,
    ];
    fn as_str(self) -> &'static str {
        match self {
            Kind::Firm => "firm",
            Kind::Lab => "lab",
            Kind::University => "university",
            Kind::Platform => "platform",
            Kind::Investor => "investor",
            Kind::Agency => "agency",
            Kind::Association => "association",
        }
    }
    /// Cumulative share of actors up to and including this kind.
    fn cumulative_share(self) -> f64 {
        match self {
            Kind::Firm => 0.930,
            Kind::Lab => 0.940,
            Kind::University => 0.944,
            Kind::Platform => 0.954,
            Kind::Investor => 0.979,
            Kind::Agency => 0.985,
            Kind::Association => 1.0,
        }
    }
    /// Pareto (x_min, alpha, cap) of head count.
    fn size_law(self) -> (f64, f64, f64) {
        match self {
            Kind::Firm => (5.0, 1.2, 300_000.0),
            Kind::Lab => (20.0, 1.6, 3_000.0),
            Kind::University => (800.0, 2.0, 40_000.0),
            Kind::Platform => (10.0, 1.5, 5_000.0),
            Kind::Investor => (5.0, 1.4, 3_000.0),
            Kind::Agency => (20.0, 2.0, 2_000.0),
            Kind::Association => (3.0, 2.0, 300.0),
        }
    }
    /// City weight of a non-producing actor, and its share outside the GBA.
    fn city_weight(self, c: usize) -> f64 {
        let city = &CITIES[c];
        let gba = c < GBA_CITIES;
        let named = |pairs: &[(&str, f64)], other: f64| {
            pairs
                .iter()
                .find(|(name, _)| *name == city.id)
                .map_or(other, |&(_, w)| w)
        };
        match self {
            Kind::Firm => city.base,
            Kind::Lab if gba => named(
                &[
                    ("Guangzhou", 4.0),
                    ("Shenzhen", 3.0),
                    ("Hong Kong", 2.0),
                    ("Foshan", 2.0),
                    ("Dongguan", 1.0),
                ],
                0.3,
            ),
            Kind::University if gba => named(
                &[
                    ("Guangzhou", 5.0),
                    ("Hong Kong", 3.0),
                    ("Shenzhen", 2.0),
                    ("Macao", 1.0),
                    ("Zhuhai", 1.0),
                    ("Foshan", 0.7),
                ],
                0.2,
            ),
            Kind::Investor if gba => named(
                &[("Shenzhen", 4.0), ("Hong Kong", 4.0), ("Guangzhou", 2.0)],
                0.2,
            ),
            Kind::Agency if gba => 1.0,
            // Outside the GBA: the outside base sizes; Perth hosts miners only.
            _ if city.manuf == 0.0 => 0.0,
            _ => city.base,
        }
    }
    fn outside_share(self) -> f64 {
        match self {
            Kind::Investor => 0.15,
            Kind::Lab | Kind::University => 0.06,
            _ => 0.05,
        }
    }
}

/// Stage as used by the generator: indices are global over all chains, in chains.csv order.
struct Stage {
    chain: usize,
    def: &'static StageDef,
    /// `chain/stage`.
    key: String,
    groups: Vec<Vec<u16>>,
    downstream: Vec<u16>,
    outside_only: bool,
    /// Cumulative city weights (GBA cities first) for a producer of this stage.
    city_cum: [f64; N_CITIES],
}

struct World {
    stages: Vec<Stage>,
    /// Cumulative stage weights for drawing a firm's stage.
    stage_cum: Vec<f64>,
    /// Cumulative city weights per non-firm kind.
    kind_city_cum: Vec<[f64; N_CITIES]>,
}

fn chain_affinity(chain: &ChainDef, c: usize) -> f64 {
    chain
        .affinity
        .iter()
        .find(|(name, _)| *name == CITIES[c].id)
        .map_or(1.0, |&(_, w)| w)
}

impl World {
    /// Resolves the static templates; an error here is a bug in the tables above.
    fn new() -> Result<World, String> {
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
                        city.base * tier_mult * chain_affinity(chain, c)
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

    fn write_cities(&self, w: &mut impl Write) -> io::Result<()> {
        let mut line = Vec::with_capacity(128);
        w.write_all(b"city,name_zh,region,country,lat,lon\n")?;
        for c in CITIES {
            line.clear();
            for (i, cell) in [c.id, c.zh, c.region, c.country, c.lat, c.lon]
                .iter()
                .enumerate()
            {
                if i > 0 {
                    line.push(b',');
                }
                push_text(&mut line, cell);
            }
            line.push(b'\n');
            w.write_all(&line)?;
        }
        Ok(())
    }

    fn write_chains(&self, w: &mut impl Write) -> io::Result<()> {
        let mut line = Vec::with_capacity(128);
        w.write_all(b"chain,stage,label,tier,inputs\n")?;
        for s in &self.stages {
            line.clear();
            push_text(&mut line, CHAINS[s.chain].id);
            line.push(b',');
            push_text(&mut line, s.def.id);
            line.push(b',');
            push_text(&mut line, s.def.label);
            line.push(b',');
            push_text(&mut line, s.def.tier.as_str());
            line.push(b',');
            push_text(&mut line, s.def.inputs);
            line.push(b'\n');
            w.write_all(&line)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Per-firm state and sampling tables
// ---------------------------------------------------------------------------------------

const NO_STAGE: u16 = u16::MAX;

/// What the link phase needs to know about each actor (12 bytes).
#[derive(Clone, Copy)]
struct Core {
    size: u32,
    stages: [u16; 2],
    kind: Kind,
    city: u8,
}

impl Core {
    fn produced(&self) -> impl Iterator<Item = usize> + '_ {
        self.stages
            .iter()
            .filter(|&&s| s != NO_STAGE)
            .map(|&s| s as usize)
    }
}

/// Items with inclusive cumulative weights, grouped into contiguous blocks.
struct Table {
    items: Vec<u32>,
    cum: Vec<f64>,
}

impl Table {
    fn from_weighted(items: Vec<(u32, f64)>) -> Table {
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
    fn sample(&self, a: usize, b: usize, rng: &mut Rng) -> Option<u32> {
        sample_cum(&self.cum, a, b, rng.f64()).map(|k| self.items[k])
    }
}

/// Index in `[a, b)` drawn from inclusive cumulative weights with the uniform `u ∈ [0,1)`.
fn sample_cum(cum: &[f64], a: usize, b: usize, u: f64) -> Option<usize> {
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
const VALUE_SHARE: f64 = 0.12;
const INNOVATION_SHARE: f64 = 0.10;
const CAPITAL_SHARE: f64 = 0.08;
/// Share of non-supply targets on the source's side of the GBA border.
const SAME_SIDE: f64 = 0.8;
/// Most suppliers one buyer takes for one input group.
const MAX_PER_GROUP: u64 = 256;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Layer {
    Supply,
    Value,
    Innovation,
    Capital,
}

impl Layer {
    fn as_str(self) -> &'static str {
        match self {
            Layer::Supply => "supply",
            Layer::Value => "value",
            Layer::Innovation => "innovation",
            Layer::Capital => "capital",
        }
    }
    fn tag(self) -> u64 {
        match self {
            Layer::Supply => TAG_SUPPLY,
            Layer::Value => 0x7661_6c75_6500_0001,
            Layer::Innovation => 0x696e_6e6f_7600_0002,
            Layer::Capital => 0x6361_7069_7400_0003,
        }
    }
    /// Cumulative evidence mix: documented, reported, estimated (assumed is the rest).
    fn evidence_mix(self) -> [f64; 3] {
        match self {
            Layer::Supply => [0.12, 0.40, 0.80],
            Layer::Value => [0.15, 0.50, 0.80],
            Layer::Innovation => [0.35, 0.70, 0.85],
            Layer::Capital => [0.50, 0.80, 0.90],
        }
    }
    /// Median weight (CNY million) and share of missing weights.
    fn weight_law(self) -> (f64, f64) {
        match self {
            Layer::Supply => (0.2, 0.2),
            Layer::Value => (0.5, 0.5),
            Layer::Innovation => (0.3, 0.5),
            Layer::Capital => (5.0, 0.5),
        }
    }
}

const TAG_CORE: u64 = 0x636f_7265_0000_0001;
const TAG_ROW: u64 = 0x726f_7773_0000_0002;
const TAG_SUPPLY: u64 = 0x7375_7070_6c79_0003;
const TAG_FIX: u64 = 0x6669_7865_7300_0004;

/// Everything derived from the options: firm states and sampling tables.
struct Plan {
    world: World,
    seed: u64,
    n: usize,
    id_width: usize,
    cores: Vec<Core>,
    /// Producers sorted by (stage, city), weight = employees; block of stage `s`, city `c`
    /// is `prod_off[s * (N_CITIES + 1) + c] .. prod_off[s * (N_CITIES + 1) + c + 1]`.
    producers: Table,
    prod_off: Vec<usize>,
    /// Firms (kind `firm`) as link targets, weight √employees; GBA first, `targets_split` of them.
    targets: Table,
    targets_split: usize,
    value_sources: Table,
    innovation_sources: Table,
    capital_sources: Table,
    /// Firms as parents / licensors, weight = employees.
    big_firms: Table,
    /// Expected supply links per (input group × employees^¼).
    supply_scale: f64,
    value_links: u64,
    innovation_links: u64,
    capital_links: u64,
}

impl Plan {
    fn new(world: World, opts: &GenerateOptions) -> Plan {
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

    fn stage_block(&self, s: usize, c0: usize, c1: usize) -> (usize, usize) {
        let base = s * (N_CITIES + 1);
        (self.prod_off[base + c0], self.prod_off[base + c1])
    }

    fn has_producers(&self, s: usize) -> bool {
        let (a, b) = self.stage_block(s, 0, N_CITIES);
        b > a
    }

    /// A producer of stage `s` for a buyer in city `c`: GBA buyers 40 % same city, 40 %
    /// GBA, 20 % outside; outside buyers 50 % same city, 50 % anywhere. Falls back to any
    /// producer when the preferred block is empty.
    fn sample_supplier(&self, s: usize, c: usize, rng: &mut Rng) -> Option<u32> {
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
    fn sample_target(&self, gba: bool, rng: &mut Rng) -> Option<u32> {
        let len = self.targets.items.len();
        let (a, b) = if gba {
            (0, self.targets_split)
        } else {
            (self.targets_split, len)
        };
        self.targets
            .sample(a, b, rng)
            .or_else(|| self.targets.sample(0, len, rng))
    }

    fn is_gba(&self, firm: u32) -> bool {
        (self.cores[firm as usize].city as usize) < GBA_CITIES
    }

    // ---- firms.csv ----

    fn write_firms(&self, w: &mut impl Write) -> io::Result<()> {
        w.write_all(b"id,name,name_zh,city,kind,stages,functions,employees,revenue,source\n")?;
        emit_chunks(w, self.n, 8192, |a, b, buf| {
            for i in a..b {
                self.firm_row(i, buf);
            }
            0
        })?;
        Ok(())
    }

    fn firm_row(&self, i: usize, buf: &mut Vec<u8>) {
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
        buf.extend_from_slice(b",synthetic\n");
    }

    // ---- links.csv ----

    fn write_links(&self, w: &mut impl Write) -> io::Result<u64> {
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
    fn supply_links(
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
    fn pick_member(&self, group: &[u16], rng: &mut Rng) -> Option<usize> {
        let start = rng.below(group.len());
        (0..group.len())
            .map(|k| group[(start + k) % group.len()] as usize)
            .find(|&u| self.has_producers(u))
    }

    /// Non-supply link number `j` of `layer`.
    fn other_link(&self, layer: Layer, j: usize, buf: &mut Vec<u8>, mark: &impl Fn(u32)) -> u64 {
        let mut rng = Rng::new(self.seed, layer.tag(), j as u64);
        let (primary, share) = match layer {
            Layer::Value => (&self.value_sources, 1.0),
            Layer::Innovation => (&self.innovation_sources, 0.85),
            _ => (&self.capital_sources, 0.75),
        };
        let use_primary = rng.f64() < share;
        let all = |t: &Table, rng: &mut Rng| t.sample(0, t.items.len(), rng);
        let source = if use_primary {
            all(primary, &mut rng).or_else(|| all(&self.big_firms, &mut rng))
        } else {
            all(&self.big_firms, &mut rng).or_else(|| all(primary, &mut rng))
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
    fn fix_isolated(&self, touched: &mut [u64], w: &mut impl Write) -> io::Result<u64> {
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

    fn fix_link(&self, i: usize, rng: &mut Rng) -> Option<(u32, u32, Layer, Option<usize>)> {
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
            for _attempt in 0..4 {
                if let Some(g) = self.sample_supplier(s, core.city as usize, rng)
                    && g != me
                {
                    return Some((me, g, Layer::Supply, Some(u)));
                }
            }
        }
        for s in core.produced() {
            for group in &self.world.stages[s].groups {
                if let Some(u) = self.pick_member(group, rng) {
                    for _attempt in 0..4 {
                        if let Some(h) = self.sample_supplier(u, core.city as usize, rng)
                            && h != me
                        {
                            return Some((h, me, Layer::Supply, Some(u)));
                        }
                    }
                }
            }
        }
        let layer = match core.kind {
            Kind::Lab | Kind::University => Layer::Innovation,
            Kind::Investor => Layer::Capital,
            _ => Layer::Value,
        };
        let mut target = None;
        for _attempt in 0..4 {
            match self.sample_target(gba, rng) {
                Some(t) if t != me => {
                    target = Some(t);
                    break;
                }
                _ => {}
            }
        }
        // No other firm-kind actor: link to any other actor.
        let target = target.unwrap_or_else(|| ((i + 1 + rng.below(self.n - 1)) % self.n) as u32);
        if core.kind == Kind::Firm && !self.value_sources.items.is_empty() && rng.f64() < 0.5 {
            // A firm with nothing to trade buys a service instead.
            if let Some(src) = self
                .value_sources
                .sample(0, self.value_sources.items.len(), rng)
                && src != me
            {
                return Some((src, me, Layer::Value, None));
            }
        }
        Some((me, target, layer, None))
    }

    fn push_link(
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

/// Number of suppliers for one input group with mean `mean`: 1 + geometric(mean − 1)
/// when `mean ≥ 1`, else Bernoulli(mean).
fn draw_count(rng: &mut Rng, mean: f64) -> u64 {
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

/// The parts of actor `i` the link phase needs; depends only on (seed, n, i).
fn firm_core(world: &World, seed: u64, n: usize, i: usize) -> Core {
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

const FUNCTIONS: [&str; 9] = [
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
fn firm_functions(core: &Core, city: &CityDef, tier: Option<Tier>, rng: &mut Rng) -> u16 {
    const RND: u16 = 1;
    const DESIGN: u16 = 2;
    const MANUFACTURING: u16 = 4;
    const MARKETING: u16 = 8;
    const SALES: u16 = 16;
    const LOGISTICS: u16 = 32;
    const FINANCE: u16 = 64;
    const AFTER_SALES: u16 = 128;
    const HQ: u16 = 256;
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
fn firm_names(
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

// ---------------------------------------------------------------------------------------
// Output helpers
// ---------------------------------------------------------------------------------------

/// Runs `f` on fixed chunks `[a, b)` of `0..total` in parallel and writes their bytes in
/// chunk order, a bounded batch at a time; returns the sum of `f`'s counts. The bytes do
/// not depend on the number of threads.
fn emit_chunks<W, F>(w: &mut W, total: usize, chunk: usize, f: F) -> io::Result<u64>
where
    W: Write + ?Sized,
    F: Fn(usize, usize, &mut Vec<u8>) -> u64 + Sync,
{
    const BATCH: usize = 16;
    let chunks = total.div_ceil(chunk);
    let mut count = 0;
    let mut next = 0;
    while next < chunks {
        let end = (next + BATCH).min(chunks);
        let parts: Vec<(Vec<u8>, u64)> = (next..end)
            .into_par_iter()
            .map(|k| {
                let a = k * chunk;
                let b = (a + chunk).min(total);
                let mut buf = Vec::with_capacity(1 << 16);
                let n = f(a, b, &mut buf);
                (buf, n)
            })
            .collect();
        for (buf, n) in parts {
            w.write_all(&buf)?;
            count += n;
        }
        next = end;
    }
    Ok(count)
}

/// A CSV cell, quoted when it holds a comma, quote, CR or LF (quotes doubled).
fn push_text(buf: &mut Vec<u8>, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        buf.push(b'"');
        for b in text.bytes() {
            if b == b'"' {
                buf.push(b'"');
            }
            buf.push(b);
        }
        buf.push(b'"');
    } else {
        buf.extend_from_slice(text.as_bytes());
    }
}

fn push_u64(buf: &mut Vec<u8>, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[k..]);
}

/// `v / 10^decimals` with exactly `decimals` digits after the point.
fn push_fixed(buf: &mut Vec<u8>, v: u64, decimals: u32) {
    let scale = 10u64.pow(decimals);
    push_u64(buf, v / scale);
    buf.push(b'.');
    let frac = v % scale;
    let mut div = scale / 10;
    while div > 0 {
        buf.push(b'0' + ((frac / div) % 10) as u8);
        div /= 10;
    }
}

/// `F` + the 1-based index zero-padded to `width` digits.
fn push_id(buf: &mut Vec<u8>, index: usize, width: usize) {
    let mut digits = [0u8; 24];
    let mut v = index as u64 + 1;
    let mut k = digits.len();
    while v > 0 || digits.len() - k < width {
        k -= 1;
        digits[k] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    buf.push(b'F');
    buf.extend_from_slice(&digits[k..]);
}

// ---------------------------------------------------------------------------------------
// Randomness and portable math
// ---------------------------------------------------------------------------------------

/// SplitMix64 (Steele, Lea & Flood 2014): one stream per (seed, purpose, index).
struct Rng(u64);

fn splitmix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Rng {
    fn new(seed: u64, tag: u64, index: u64) -> Rng {
        Rng(splitmix(splitmix(seed).wrapping_add(tag))
            ^ splitmix(index.wrapping_add(0x9e37_79b9_7f4a_7c15)))
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        splitmix(self.0)
    }
    /// Uniform in [0, 1).
    fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    /// Uniform in (0, 1].
    fn open01(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    /// Uniform in `0..n` (n ≥ 1).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
    /// Standard normal (Marsaglia polar method).
    fn normal(&mut self) -> f64 {
        loop {
            let u = 2.0 * self.f64() - 1.0;
            let v = 2.0 * self.f64() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                return u * (-2.0 * ln(s) / s).sqrt();
            }
        }
    }
}

const LN2: f64 = std::f64::consts::LN_2;

/// Natural logarithm from `+ − × ÷` only (|error| < 1e-15 relative), so results do not
/// depend on the platform's libm.
fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    if x < f64::MIN_POSITIVE {
        return ln(x * (1u64 << 54) as f64) - 54.0 * LN2;
    }
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    // ln m = 2 atanh(f) = 2 (f + f³/3 + f⁵/5 + …), |f| ≤ 0.172.
    let f = (m - 1.0) / (m + 1.0);
    let s = f * f;
    let mut sum = 0.0;
    let mut k = 23.0;
    while k >= 1.0 {
        sum = sum * s + 1.0 / k;
        k -= 2.0;
    }
    e as f64 * LN2 + 2.0 * f * sum
}

/// e^x from `+ − × ÷` only.
fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -745.0 {
        return 0.0;
    }
    let k = (x / LN2).round();
    let r = x - k * LN2;
    let mut sum = 1.0;
    let mut i = 16.0;
    while i >= 1.0 {
        sum = 1.0 + sum * r / i;
        i -= 1.0;
    }
    let k = k as i64;
    let half = k / 2;
    sum * pow2(half) * pow2(k - half)
}

fn pow2(k: i64) -> f64 {
    f64::from_bits(((k.clamp(-1022, 1023) + 1023) as u64) << 52)
}

fn pow(x: f64, y: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    exp(y * ln(x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn generate(firms: usize, lpf: f64, seed: u64) -> (tempfile::TempDir, GenerateSummary) {
        let dir = tempfile::tempdir().expect("tempdir");
        let opts = GenerateOptions {
            firms,
            links_per_firm: lpf,
            seed,
        };
        let summary = write_dataset(&opts, dir.path()).expect("generate");
        (dir, summary)
    }

    fn read_all(dir: &Path) -> Vec<u8> {
        let mut all = Vec::new();
        for name in ["cities.csv", "chains.csv", "firms.csv", "links.csv"] {
            all.extend(fs::read(dir.join(name)).expect("read"));
        }
        all
    }

    fn rows(dir: &Path, name: &str, header: &str) -> Vec<BTreeMap<String, String>> {
        let mut reader = csv::Reader::from_path(dir.join(name)).expect("open");
        let headers: Vec<String> = reader
            .headers()
            .expect("headers")
            .iter()
            .map(String::from)
            .collect();
        assert_eq!(headers.join(","), header, "{name} header");
        reader
            .records()
            .map(|r| {
                let r = r.expect("record");
                assert_eq!(r.len(), headers.len(), "{name} width");
                headers
                    .iter()
                    .cloned()
                    .zip(r.iter().map(String::from))
                    .collect()
            })
            .collect()
    }

    /// Everything the loader checks, plus the generator's own promises.
    fn validate(dir: &Path, summary: &GenerateSummary, expect_complete: bool) {
        let cities = rows(dir, "cities.csv", "city,name_zh,region,country,lat,lon");
        let city_ids: BTreeSet<String> = cities.iter().map(|r| r["city"].clone()).collect();
        assert_eq!(city_ids.len(), cities.len());
        assert_eq!(cities.len(), summary.cities);
        assert!(cities.iter().filter(|r| r["region"] == "GBA").count() >= 11);
        for r in &cities {
            let lat: f64 = r["lat"].parse().expect("lat");
            let lon: f64 = r["lon"].parse().expect("lon");
            assert!((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon));
        }
        let region: BTreeMap<String, String> = cities
            .iter()
            .map(|r| (r["city"].clone(), r["region"].clone()))
            .collect();

        let chains = rows(dir, "chains.csv", "chain,stage,label,tier,inputs");
        assert_eq!(chains.len(), summary.stages);
        let tiers = [
            "raw_material",
            "material",
            "component",
            "module",
            "final_product",
            "service",
        ];
        let mut by_chain: BTreeMap<String, Vec<BTreeMap<String, String>>> = BTreeMap::new();
        for r in &chains {
            assert!(tiers.contains(&r["tier"].as_str()), "tier {}", r["tier"]);
            by_chain
                .entry(r["chain"].clone())
                .or_default()
                .push(r.clone());
        }
        assert_eq!(by_chain.len(), 8);
        assert_eq!(by_chain.len(), summary.chains);
        // stage key -> input groups; and stage -> set of stages it feeds.
        let mut inputs: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
        for (chain, stages) in &by_chain {
            assert!(
                (6..=10).contains(&stages.len()),
                "{chain} has {} stages",
                stages.len()
            );
            assert!(stages.iter().any(|r| r["tier"] == "final_product"));
            assert!(
                stages.iter().any(|r| r["inputs"].contains('|')),
                "{chain} has no OR-group"
            );
            let ids: Vec<&str> = stages.iter().map(|r| r["stage"].as_str()).collect();
            let unique: BTreeSet<&str> = ids.iter().copied().collect();
            assert_eq!(unique.len(), ids.len());
            for r in stages {
                let groups: Vec<Vec<String>> = r["inputs"]
                    .split(';')
                    .filter(|g| !g.is_empty())
                    .map(|g| g.split('|').map(|s| format!("{chain}/{s}")).collect())
                    .collect();
                assert_eq!(r["tier"] == "raw_material", groups.is_empty());
                for g in &groups {
                    for s in g {
                        assert!(
                            ids.contains(&s.split('/').nth(1).unwrap_or("")),
                            "unknown input {s}"
                        );
                    }
                }
                inputs.insert(format!("{chain}/{}", r["stage"]), groups);
            }
        }
        // Acyclic: Kahn's algorithm over input edges removes every stage.
        let mut remaining = inputs.clone();
        loop {
            let ready: Vec<String> = remaining
                .iter()
                .filter(|(_, g)| g.iter().flatten().all(|s| !remaining.contains_key(s)))
                .map(|(k, _)| k.clone())
                .collect();
            if ready.is_empty() {
                break;
            }
            for k in ready {
                remaining.remove(&k);
            }
        }
        assert!(remaining.is_empty(), "cycle among {:?}", remaining.keys());

        let firms = rows(
            dir,
            "firms.csv",
            "id,name,name_zh,city,kind,stages,functions,employees,revenue,source",
        );
        assert_eq!(firms.len(), summary.firms);
        let kinds = [
            "firm",
            "lab",
            "university",
            "platform",
            "investor",
            "agency",
            "association",
        ];
        let mut produces: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut produced_anywhere = BTreeSet::new();
        for r in &firms {
            assert!(city_ids.contains(&r["city"]), "city {}", r["city"]);
            assert!(kinds.contains(&r["kind"].as_str()));
            assert!(!r["name"].is_empty());
            let stages: BTreeSet<String> = r["stages"]
                .split(';')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            if r["kind"] != "firm" {
                assert!(stages.is_empty());
            } else {
                assert!((1..=2).contains(&stages.len()));
            }
            if stages.len() == 2 {
                let v: Vec<&String> = stages.iter().collect();
                let chain = |s: &str| s.split('/').next().unwrap_or("").to_string();
                assert_eq!(chain(v[0]), chain(v[1]));
                let adjacent = inputs[v[0]].iter().flatten().any(|s| s == v[1])
                    || inputs[v[1]].iter().flatten().any(|s| s == v[0]);
                assert!(adjacent, "{v:?} not adjacent");
            }
            for s in &stages {
                assert!(inputs.contains_key(s), "unknown stage {s}");
                produced_anywhere.insert(s.clone());
            }
            for f in r["functions"].split(';').filter(|s| !s.is_empty()) {
                assert!(FUNCTIONS.contains(&f), "function {f}");
            }
            if !r["employees"].is_empty() {
                r["employees"].parse::<u64>().expect("employees");
            }
            if !r["revenue"].is_empty() {
                let v: f64 = r["revenue"].parse().expect("revenue");
                assert!(v.is_finite() && v >= 0.0);
            }
            assert!(
                produces.insert(r["id"].clone(), stages).is_none(),
                "duplicate id {}",
                r["id"]
            );
        }
        if expect_complete {
            assert_eq!(
                produced_anywhere.len(),
                inputs.len(),
                "a stage has no producer"
            );
        }
        let firm_region: BTreeMap<&String, &String> = firms
            .iter()
            .map(|r| (&r["id"], &region[&r["city"]]))
            .collect();
        // Outside-only stages really are outside.
        for r in &firms {
            for s in [
                "nev/lithium_ore",
                "electronics/silicon_wafer",
                "robotics/reducer",
            ] {
                if r["stages"].split(';').any(|x| x == s) {
                    assert_ne!(firm_region[&r["id"]].as_str(), "GBA");
                }
            }
        }

        let links = rows(
            dir,
            "links.csv",
            "source,target,layer,stage,weight,year,evidence,source_ref",
        );
        assert_eq!(links.len(), summary.links);
        let mut linked = BTreeSet::new();
        for r in &links {
            let (s, t) = (&r["source"], &r["target"]);
            assert!(
                produces.contains_key(s) && produces.contains_key(t),
                "dangling {s} -> {t}"
            );
            assert_ne!(s, t, "self-loop");
            linked.insert(s.clone());
            linked.insert(t.clone());
            assert!(["supply", "value", "innovation", "capital"].contains(&r["layer"].as_str()));
            if r["layer"] == "supply" {
                let u = &r["stage"];
                assert!(produces[s].contains(u), "{s} does not produce {u}");
                let feeds = produces[t]
                    .iter()
                    .any(|x| inputs[x].iter().flatten().any(|y| y == u));
                assert!(feeds, "{u} is not an input of what {t} produces");
            } else {
                assert!(r["stage"].is_empty());
            }
            if !r["weight"].is_empty() {
                let w: f64 = r["weight"].parse().expect("weight");
                assert!(w.is_finite() && w >= 0.0);
            }
            let year: u32 = r["year"].parse().expect("year");
            assert!((2015..=2024).contains(&year));
            assert!(
                ["documented", "reported", "estimated", "assumed"]
                    .contains(&r["evidence"].as_str())
            );
            assert!(!r["source_ref"].is_empty());
        }
        if expect_complete {
            assert_eq!(linked.len(), firms.len(), "some firm has no link");
        }
    }

    #[test]
    fn same_seed_gives_same_bytes() {
        let (a, _) = generate(300, 10.0, 7);
        let (b, _) = generate(300, 10.0, 7);
        assert_eq!(read_all(a.path()), read_all(b.path()));
    }

    #[test]
    fn different_seed_gives_different_bytes() {
        let (a, _) = generate(300, 10.0, 7);
        let (b, _) = generate(300, 10.0, 8);
        assert_ne!(
            fs::read(a.path().join("firms.csv")).ok(),
            fs::read(b.path().join("firms.csv")).ok()
        );
        assert_ne!(
            fs::read(a.path().join("links.csv")).ok(),
            fs::read(b.path().join("links.csv")).ok()
        );
    }

    #[test]
    fn bytes_do_not_depend_on_thread_count() {
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            pool.install(|| {
                let (dir, _) = generate(40_000, 3.0, 11);
                read_all(dir.path())
            })
        };
        assert!(run(1) == run(3));
    }

    #[test]
    fn small_datasets_are_valid() {
        for (firms, complete) in [
            (1, false),
            (2, false),
            (50, false),
            (200, true),
            (2_000, true),
        ] {
            let (dir, summary) = generate(firms, 10.0, 42);
            validate(dir.path(), &summary, complete);
        }
    }

    #[test]
    fn sparse_and_dense_datasets_are_valid() {
        for lpf in [0.0, 0.5, 2.0, 40.0] {
            let (dir, summary) = generate(500, lpf, 3);
            validate(dir.path(), &summary, true);
        }
    }

    #[test]
    fn link_count_tracks_links_per_firm() {
        let (_dir, summary) = generate(20_000, 10.0, 42);
        let ratio = summary.links as f64 / 200_000.0;
        assert!((0.95..1.08).contains(&ratio), "ratio {ratio}");
    }

    #[test]
    fn supplier_out_degree_is_heavy_tailed() {
        let (dir, _) = generate(20_000, 10.0, 42);
        let links = rows(
            dir.path(),
            "links.csv",
            "source,target,layer,stage,weight,year,evidence,source_ref",
        );
        let mut out: BTreeMap<String, usize> = BTreeMap::new();
        for r in links.iter().filter(|r| r["layer"] == "supply") {
            *out.entry(r["source"].clone()).or_default() += 1;
        }
        let max = out.values().copied().max().unwrap_or(0);
        let mean = out.values().sum::<usize>() as f64 / out.len() as f64;
        assert!(max as f64 > 30.0 * mean, "max {max}, mean {mean}");
    }

    #[test]
    fn shares_look_right() {
        let (dir, _) = generate(20_000, 10.0, 5);
        let firms = rows(
            dir.path(),
            "firms.csv",
            "id,name,name_zh,city,kind,stages,functions,employees,revenue,source",
        );
        let cities = rows(
            dir.path(),
            "cities.csv",
            "city,name_zh,region,country,lat,lon",
        );
        let gba: BTreeSet<&String> = cities
            .iter()
            .filter(|r| r["region"] == "GBA")
            .map(|r| &r["city"])
            .collect();
        let outside =
            firms.iter().filter(|r| !gba.contains(&r["city"])).count() as f64 / firms.len() as f64;
        assert!((0.10..0.25).contains(&outside), "outside share {outside}");
        let two =
            firms.iter().filter(|r| r["stages"].contains(';')).count() as f64 / firms.len() as f64;
        assert!((0.01..0.08).contains(&two), "vertical share {two}");
        let names = |c: char| firms.iter().filter(|r| r["name"].contains(c)).count();
        assert!(names(',') > 100 && names('"') > 100 && names('&') > 10);
        assert!(firms.iter().any(|r| {
            r["name"]
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        }));
        assert!(firms.iter().any(|r| r["employees"].is_empty()));
        assert!(firms.iter().any(|r| r["revenue"].is_empty()));
        let links = rows(
            dir.path(),
            "links.csv",
            "source,target,layer,stage,weight,year,evidence,source_ref",
        );
        let supply =
            links.iter().filter(|r| r["layer"] == "supply").count() as f64 / links.len() as f64;
        assert!((0.6..0.8).contains(&supply), "supply share {supply}");
        for layer in ["value", "innovation", "capital"] {
            assert!(links.iter().any(|r| r["layer"] == layer));
        }
        assert!(links.iter().any(|r| r["weight"].is_empty()));
        for e in ["documented", "reported", "estimated", "assumed"] {
            assert!(links.iter().any(|r| r["evidence"] == e));
        }
    }

    #[test]
    fn bad_options_are_rejected() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (firms, lpf) in [
            (0, 10.0),
            (10, -1.0),
            (10, f64::NAN),
            (10, f64::INFINITY),
            (1_000_000, 1e5),
        ] {
            let opts = GenerateOptions {
                firms,
                links_per_firm: lpf,
                seed: 1,
            };
            let err = write_dataset(&opts, dir.path()).expect_err("must fail");
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        }
        assert_eq!(fs::read_dir(dir.path()).expect("dir").count(), 0);
    }

    #[test]
    fn no_temporary_files_remain() {
        let (dir, _) = generate(100, 5.0, 1);
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["chains.csv", "cities.csv", "firms.csv", "links.csv"]
        );
    }

    #[test]
    fn a_file_in_the_way_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().expect("tempdir");
        let blocker = dir.path().join("blocker");
        fs::write(&blocker, b"x").expect("write");
        let opts = GenerateOptions::default();
        assert!(write_dataset(&opts, &blocker.join("out")).is_err());
        // A directory where links.csv should go: the rename fails, temporaries are removed.
        let out = dir.path().join("out");
        fs::create_dir_all(out.join("links.csv")).expect("mkdir");
        fs::write(out.join("links.csv").join("keep"), b"x").expect("write");
        let opts = GenerateOptions {
            firms: 100,
            ..GenerateOptions::default()
        };
        assert!(write_dataset(&opts, &out).is_err());
        let leftovers = fs::read_dir(&out)
            .expect("dir")
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            })
            .count();
        assert_eq!(leftovers, 0);
    }

    #[test]
    fn portable_math_matches_std() {
        let mut rng = Rng::new(1, 2, 3);
        for _ in 0..10_000 {
            let x = rng.open01() * 1e6;
            assert!(
                (ln(x) - x.ln()).abs() <= 1e-13 * x.ln().abs().max(1.0),
                "ln {x}"
            );
            let y = (rng.f64() - 0.5) * 60.0;
            assert!((exp(y) - y.exp()).abs() <= 1e-13 * y.exp(), "exp {y}");
        }
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(exp(0.0), 1.0);
        assert!((ln(1e-310) - 1e-310f64.ln()).abs() < 1e-10);
    }

    #[test]
    fn csv_quoting_round_trips() {
        let mut buf = Vec::new();
        push_text(&mut buf, "Foshan \"Bright\", Ltd 佛山明亮");
        assert_eq!(
            String::from_utf8(buf).ok().as_deref(),
            Some("\"Foshan \"\"Bright\"\", Ltd 佛山明亮\"")
        );
        let mut buf = Vec::new();
        push_fixed(&mut buf, 1205, 2);
        push_id(&mut buf, 0, 7);
        assert_eq!(
            String::from_utf8(buf).ok().as_deref(),
            Some("12.05F0000001")
        );
    }
}

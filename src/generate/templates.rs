//! The static world: tiers, the eight chain templates (`CHAINS`), the 20 cities
//! (`CITIES`, GBA first), the brand words firm names are made of, and the generator's
//! parameters per tier and per kind of actor.

use crate::model::{Kind, Tier};

/// The generator's parameters per tier (the tiers are the model's [`Tier`]).
impl Tier {
    /// Relative number of firms per stage of this tier.
    pub(super) fn firm_weight(self) -> f64 {
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
    pub(super) fn outside_share(self) -> f64 {
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
    pub(super) fn size_factor(self) -> f64 {
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

pub(super) struct StageDef {
    pub(super) id: &'static str,
    pub(super) label: &'static str,
    pub(super) zh: &'static str,
    pub(super) tier: Tier,
    pub(super) inputs: &'static str,
}

pub(super) struct ChainDef {
    pub(super) id: &'static str,
    pub(super) industry: &'static str,
    pub(super) industry_zh: &'static str,
    /// Relative number of firms in the chain.
    pub(super) weight: f64,
    /// City multipliers (default 1).
    pub(super) affinity: &'static [(&'static str, f64)],
    /// Stages produced only outside the GBA.
    pub(super) outside_only: &'static [&'static str],
    pub(super) stages: &'static [StageDef],
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
pub(super) const CHAINS: &[ChainDef] = &[
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
pub(super) enum Brands {
    Chinese,
    Japanese,
    Korean,
    German,
    Australian,
}

pub(super) struct CityDef {
    pub(super) id: &'static str,
    pub(super) zh: &'static str,
    pub(super) region: &'static str,
    pub(super) country: &'static str,
    pub(super) lat: &'static str,
    pub(super) lon: &'static str,
    /// Relative size among its side (GBA or outside).
    pub(super) base: f64,
    /// Multipliers for raw-material, manufacturing and service stages.
    pub(super) raw: f64,
    pub(super) manuf: f64,
    pub(super) service: f64,
    /// Multiplier on the probability of R&D and design functions.
    pub(super) rnd: f64,
    pub(super) brands: Brands,
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
pub(super) const CITIES: &[CityDef] = &[
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

/// The multiplier `pairs` gives city `c` by name, or `default` if it does not name it.
pub(super) fn city_factor(pairs: &[(&str, f64)], c: usize, default: f64) -> f64 {
    pairs
        .iter()
        .find(|(name, _)| *name == CITIES[c].id)
        .map_or(default, |&(_, w)| w)
}

pub(super) const GBA_CITIES: usize = 11;
pub(super) const N_CITIES: usize = 20;

/// Pinyin brand words with their characters.
pub(super) const CN_BRANDS: &[(&str, &str)] = &[
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
pub(super) const JP_BRANDS: &[&str] = &[
    "Sakura", "Daito", "Kiyomi", "Nakamura", "Hoshino", "Asahina", "Tsubame",
];
pub(super) const KR_BRANDS: &[&str] = &["Hanbit", "Daesung", "Mirae", "Saehan", "Hanul", "Jinwoo"];
pub(super) const DE_BRANDS: &[&str] = &[
    "Neckar",
    "Schwaben",
    "Lindner",
    "Kessler",
    "Hohenwerk",
    "Rieger",
];
pub(super) const AU_BRANDS: &[&str] = &[
    "Pilbara",
    "Swan River",
    "Goldfields",
    "Kimberley",
    "Yilgarn",
];

/// The generator's parameters per kind of actor (the kinds are the model's [`Kind`]).
impl Kind {
    /// Cumulative share of actors up to and including this kind.
    pub(super) fn cumulative_share(self) -> f64 {
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
    pub(super) fn size_law(self) -> (f64, f64, f64) {
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
    pub(super) fn city_weight(self, c: usize) -> f64 {
        let city = &CITIES[c];
        let gba = c < GBA_CITIES;
        let named = |pairs: &[(&str, f64)], other: f64| city_factor(pairs, c, other);
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
    pub(super) fn outside_share(self) -> f64 {
        match self {
            Kind::Investor => 0.15,
            Kind::Lab | Kind::University => 0.06,
            _ => 0.05,
        }
    }
}

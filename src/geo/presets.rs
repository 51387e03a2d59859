//! Region presets: named groups of built-in cities that `--region` accepts by id, Chinese
//! name or English name. A built-in city's `region` is its preset's id (else `Mainland`),
//! so a preset selects the dataset's cities whose `region` is that id.

use super::{cities, fold};

/// A region preset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// The id, as a city's `region` spells it (`GBA`).
    pub id: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Chinese name.
    pub name_zh: &'static str,
    /// Other names accepted (`长三角`, `Beijing-Tianjin-Hebei`).
    pub aliases: &'static [&'static str],
    /// What the preset covers, in words (for docs and messages).
    pub scope: &'static str,
}

/// The presets, in the order docs list them.
pub const PRESETS: [Preset; 4] = [
    Preset {
        id: "GBA",
        name_en: "Greater Bay Area",
        name_zh: "粤港澳大湾区",
        aliases: &["Guangdong-Hong Kong-Macao Greater Bay Area", "大湾区"],
        scope: "the 9 Guangdong cities of the 2019 outline plan, Hong Kong and Macao (11)",
    },
    Preset {
        id: "YRD",
        name_en: "Yangtze River Delta",
        name_zh: "长江三角洲",
        aliases: &["长三角"],
        scope: "Shanghai and every prefecture-level city of Jiangsu, Zhejiang and Anhui (41)",
    },
    Preset {
        id: "JJJ",
        name_en: "Jing-Jin-Ji",
        name_zh: "京津冀",
        aliases: &["Beijing-Tianjin-Hebei"],
        scope: "Beijing, Tianjin and the 11 prefecture-level cities of Hebei (13)",
    },
    Preset {
        id: "CCEC",
        name_en: "Chengdu-Chongqing",
        name_zh: "成渝地区双城经济圈",
        aliases: &["成渝", "Chengdu-Chongqing Economic Circle"],
        scope: "Chongqing and the 15 Sichuan cities of the 2021 plan (16; the plan leaves out \
                some counties of Mianyang, Dazhou and Ya'an and of Chongqing, which the preset \
                keeps whole)",
    },
];

/// The preset a name means: its id, English or Chinese name or an alias, compared folded
/// (case, spaces, hyphens and dashes ignored: `Chengdu–Chongqing` matches).
///
/// ```
/// use chainatlas::geo::presets::preset;
/// assert_eq!(preset("粤港澳大湾区").map(|p| p.id), Some("GBA"));
/// assert_eq!(preset("yangtze river delta").map(|p| p.id), Some("YRD"));
/// assert_eq!(preset("Chengdu–Chongqing").map(|p| p.id), Some("CCEC"));
/// assert_eq!(preset("Mainland"), None);
/// ```
pub fn preset(name: &str) -> Option<&'static Preset> {
    let folded = fold(name);
    PRESETS.iter().find(|p| {
        [p.id, p.name_en, p.name_zh]
            .iter()
            .chain(p.aliases)
            .any(|n| fold(n) == folded)
    })
}

/// The ids of the built-in cities of a preset, in table (adcode) order.
pub fn members(preset: &Preset) -> Vec<&'static str> {
    cities()
        .iter()
        .filter(|c| c.region == preset.id)
        .map(|c| c.id.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preset_sizes_are_pinned() {
        let size = |id: &str| members(preset(id).unwrap()).len();
        assert_eq!(size("GBA"), 11);
        assert_eq!(size("YRD"), 41);
        assert_eq!(size("JJJ"), 13);
        assert_eq!(size("CCEC"), 16);
    }

    #[test]
    fn gba_members_are_spelled_as_in_datasets_gba() {
        let mut gba = members(preset("GBA").unwrap());
        gba.sort_unstable();
        assert_eq!(
            gba,
            [
                "Dongguan",
                "Foshan",
                "Guangzhou",
                "Hong Kong",
                "Huizhou",
                "Jiangmen",
                "Macao",
                "Shenzhen",
                "Zhaoqing",
                "Zhongshan",
                "Zhuhai"
            ]
        );
    }

    #[test]
    fn presets_by_every_name() {
        for p in &PRESETS {
            for name in [p.id, p.name_en, p.name_zh].iter().chain(p.aliases) {
                assert_eq!(preset(name).map(|q| q.id), Some(p.id), "{name}");
            }
        }
        assert_eq!(preset("beijing tianjin hebei").map(|p| p.id), Some("JJJ"));
        assert_eq!(preset("长三角").map(|p| p.id), Some("YRD"));
    }

    #[test]
    fn chengdu_chongqing_holds_the_plan_cities() {
        let ccec = members(preset("CCEC").unwrap());
        for id in [
            "Chongqing",
            "Chengdu",
            "Mianyang",
            "Dazhou",
            "Ya'an",
            "Ziyang",
        ] {
            assert!(ccec.contains(&id), "{id}");
        }
        // Sichuan cities outside the plan.
        for id in ["Panzhihua", "Guangyuan", "Bazhong", "Aba"] {
            assert!(!ccec.contains(&id), "{id}");
        }
    }
}

//! The closed vocabularies of the data contract (kind, tier, layer, evidence, functions)
//! read from import cells: the contract's own spelling in any letter case, or a common
//! Chinese word for it.

use crate::model::{Evidence, Function, Kind, Layer, Tier, Vocabulary};

/// Chinese words for kinds.
const KIND_WORDS: &[(&str, Kind)] = &[
    ("企业", Kind::Firm),
    ("公司", Kind::Firm),
    ("实验室", Kind::Lab),
    ("研究院", Kind::Lab),
    ("研究所", Kind::Lab),
    ("大学", Kind::University),
    ("高校", Kind::University),
    ("学院", Kind::University),
    ("平台", Kind::Platform),
    ("投资机构", Kind::Investor),
    ("基金", Kind::Investor),
    ("政府机构", Kind::Agency),
    ("政府", Kind::Agency),
    ("协会", Kind::Association),
    ("商会", Kind::Association),
    ("联盟", Kind::Association),
];

/// Chinese words for tiers.
const TIER_WORDS: &[(&str, Tier)] = &[
    ("原材料", Tier::RawMaterial),
    ("原料", Tier::RawMaterial),
    ("材料", Tier::Material),
    ("零部件", Tier::Component),
    ("部件", Tier::Component),
    ("元器件", Tier::Component),
    ("模组", Tier::Module),
    ("模块", Tier::Module),
    ("终端产品", Tier::FinalProduct),
    ("最终产品", Tier::FinalProduct),
    ("整机", Tier::FinalProduct),
    ("成品", Tier::FinalProduct),
    ("服务", Tier::Service),
];

/// Chinese words for layers.
const LAYER_WORDS: &[(&str, Layer)] = &[
    ("供应", Layer::Supply),
    ("供货", Layer::Supply),
    ("采购", Layer::Supply),
    ("价值", Layer::Value),
    ("服务", Layer::Value),
    ("创新", Layer::Innovation),
    ("技术", Layer::Innovation),
    ("资本", Layer::Capital),
    ("投资", Layer::Capital),
    ("股权", Layer::Capital),
];

/// Chinese words for evidence levels.
const EVIDENCE_WORDS: &[(&str, Evidence)] = &[
    ("公开披露", Evidence::Documented),
    ("公告", Evidence::Documented),
    ("报道", Evidence::Reported),
    ("媒体报道", Evidence::Reported),
    ("估计", Evidence::Estimated),
    ("推算", Evidence::Estimated),
    ("假设", Evidence::Assumed),
];

/// Chinese words for value-chain functions.
const FUNCTION_WORDS: &[(&str, Function)] = &[
    ("研发", Function::Rnd),
    ("设计", Function::Design),
    ("制造", Function::Manufacturing),
    ("生产", Function::Manufacturing),
    ("营销", Function::Marketing),
    ("市场", Function::Marketing),
    ("销售", Function::Sales),
    ("物流", Function::Logistics),
    ("金融", Function::Finance),
    ("售后", Function::AfterSales),
    ("总部", Function::Hq),
];

fn word<V: Vocabulary>(what: &str, cell: &str, chinese: &[(&str, V)]) -> Result<V, String> {
    let cell = cell.trim();
    if let Some(v) = V::parse(&cell.to_ascii_lowercase()) {
        return Ok(v);
    }
    if let Some((_, v)) = chinese.iter().find(|(w, _)| *w == cell) {
        return Ok(*v);
    }
    let chinese_list: Vec<String> = chinese
        .iter()
        .map(|(w, v)| format!("{w} = {}", v.as_str()))
        .collect();
    Err(format!(
        "unknown {what} {cell:?}; expected one of: {} (or in Chinese: {})",
        V::spellings().join(", "),
        chinese_list.join(", ")
    ))
}

/// A kind from a cell.
pub fn kind(cell: &str) -> Result<Kind, String> {
    word("kind", cell, KIND_WORDS)
}

/// A tier from a cell.
pub fn tier(cell: &str) -> Result<Tier, String> {
    word("tier", cell, TIER_WORDS)
}

/// A layer from a cell.
pub fn layer(cell: &str) -> Result<Layer, String> {
    word("layer", cell, LAYER_WORDS)
}

/// An evidence level from a cell.
pub fn evidence(cell: &str) -> Result<Evidence, String> {
    word("evidence level", cell, EVIDENCE_WORDS)
}

/// A value-chain function from a list item.
pub fn function(cell: &str) -> Result<Function, String> {
    word("function", cell, FUNCTION_WORDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_words_and_chinese_words() {
        assert_eq!(tier("终端产品"), Ok(Tier::FinalProduct));
        assert_eq!(tier("Final_Product"), Ok(Tier::FinalProduct));
        assert_eq!(kind("高校"), Ok(Kind::University));
        assert_eq!(layer("供货"), Ok(Layer::Supply));
        assert_eq!(evidence("报道"), Ok(Evidence::Reported));
        assert_eq!(function("研发"), Ok(Function::Rnd));
        assert!(
            kind("有限责任公司")
                .unwrap_err()
                .contains("expected one of: firm")
        );
    }
}

//! Hints for a header that lacks a required column: a file separated by `;` or tabs
//! rather than commas (its header reads as one column holding them), and Chinese column
//! names that stand for an expected column (企业名称 → `name`).

use super::TableSpec;

/// Chinese column names as spreadsheets and enterprise databases write them, each with the
/// columns it may stand for in order of preference: the first one the file has is meant
/// (来源 is `source_ref` in links.csv, whose `source` is the supplier, and `source` in
/// firms.csv).
const CHINESE: &[(&str, &[&str])] = &[
    ("编号", &["id"]),
    ("企业编号", &["id"]),
    ("企业ID", &["id"]),
    ("代码", &["id"]),
    ("统一社会信用代码", &["id"]),
    ("企业名称", &["name"]),
    ("公司名称", &["name"]),
    ("单位名称", &["name"]),
    ("机构名称", &["name"]),
    ("企业名", &["name"]),
    ("名称", &["name", "label"]),
    ("英文名称", &["name"]),
    ("中文名称", &["name_zh"]),
    ("中文名", &["name_zh"]),
    ("城市", &["city"]),
    ("所在城市", &["city"]),
    ("所在地", &["city"]),
    ("城市名称", &["city"]),
    ("区域", &["region", "area"]),
    ("地区", &["region", "area", "city"]),
    ("国家", &["country"]),
    ("纬度", &["lat"]),
    ("经度", &["lon"]),
    ("类型", &["kind"]),
    ("主体类型", &["kind"]),
    ("机构类型", &["kind"]),
    ("企业类型", &["kind"]),
    ("环节", &["stages", "stage"]),
    ("产业链环节", &["stages", "stage"]),
    ("产品", &["stages", "stage"]),
    ("主营产品", &["stages"]),
    ("职能", &["functions"]),
    ("功能", &["functions"]),
    ("员工人数", &["employees"]),
    ("从业人数", &["employees"]),
    ("员工数", &["employees"]),
    ("参保人数", &["employees"]),
    ("人数", &["employees"]),
    ("营业收入", &["revenue"]),
    ("营收", &["revenue"]),
    ("收入", &["revenue"]),
    ("来源", &["source_ref", "source"]),
    ("数据来源", &["source_ref", "source"]),
    ("出处", &["source_ref", "source"]),
    ("集团", &["group"]),
    ("所属集团", &["group"]),
    ("母公司", &["group"]),
    ("产业链", &["chain"]),
    ("链", &["chain"]),
    ("层级", &["tier"]),
    ("投入", &["inputs"]),
    ("输入", &["inputs"]),
    ("上游环节", &["inputs"]),
    ("供应商", &["source"]),
    ("供方", &["source"]),
    ("卖方", &["source"]),
    ("客户", &["target"]),
    ("采购方", &["target"]),
    ("买方", &["target"]),
    ("需方", &["target"]),
    ("关系类型", &["layer"]),
    ("层", &["layer"]),
    ("证据", &["evidence"]),
    ("证据等级", &["evidence"]),
    ("金额", &["weight"]),
    ("交易额", &["weight"]),
    ("权重", &["weight"]),
    ("年份", &["year"]),
    ("年度", &["year"]),
    ("备注", &["note"]),
];

/// The column a Chinese header name stands for in a file of `spec`, if it is one.
fn meant(header: &str, spec: &TableSpec) -> Option<&'static str> {
    let (_, columns) = CHINESE.iter().find(|(zh, _)| *zh == header)?;
    columns
        .iter()
        .copied()
        .find(|c| spec.required.contains(c) || spec.optional.contains(c))
}

/// The hint for missing required column `column` when a header in Chinese stands for it:
/// `; the column "企业名称" looks like it: rename that header to name`.
pub fn chinese_hint(column: &str, headers: &[String], spec: &TableSpec) -> Option<String> {
    let header = headers
        .iter()
        .find(|h| meant(h.trim(), spec) == Some(column))?;
    Some(format!(
        "; the column {header:?} looks like it: rename that header to {column}"
    ))
}

/// The one error for a header that lacks a required column because the file is separated
/// by `;` or tabs: its header read as one column holding them, and one of the pieces
/// between them is a column of the file (or a Chinese name for one). `None` otherwise.
pub fn delimiter_message(headers: &[String], spec: &TableSpec) -> Option<String> {
    let [only] = headers else {
        return None;
    };
    let (separator, named) = [(';', "\";\""), ('\t', "tabs")]
        .into_iter()
        .find(|(c, _)| only.contains(*c))?;
    let columns: Vec<&str> = only.split(separator).map(str::trim).collect();
    let known = |c: &&str| {
        spec.required.contains(c) || spec.optional.contains(c) || meant(c, spec).is_some()
    };
    if !columns.iter().any(known) {
        return None;
    }
    let shown: String = columns
        .iter()
        .take(6)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let more = if columns.len() > 6 { ", …" } else { "" };
    Some(format!(
        "the header is one column holding {named}: the file looks separated by {named} \
         (its columns would be {shown}{more}), but a dataset file is separated by commas; \
         save it as \"CSV UTF-8 (Comma delimited)\", or replace the separators with commas"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIRMS: TableSpec = TableSpec {
        required: &["id", "name", "city"],
        optional: &["source"],
        rows_required: true,
    };
    const LINKS: TableSpec = TableSpec {
        required: &["source", "target"],
        optional: &["source_ref"],
        rows_required: false,
    };

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn chinese_headers_name_the_column_they_stand_for() {
        let h = headers(&["编号", "企业名称", "所在城市", "来源"]);
        assert_eq!(
            chinese_hint("name", &h, &FIRMS).as_deref(),
            Some("; the column \"企业名称\" looks like it: rename that header to name")
        );
        assert_eq!(
            chinese_hint("city", &h, &FIRMS).as_deref(),
            Some("; the column \"所在城市\" looks like it: rename that header to city")
        );
        // 来源 is provenance: `source` in firms.csv, `source_ref` in links.csv (whose
        // `source` is the supplier, 供应商).
        assert_eq!(meant("来源", &FIRMS), Some("source"));
        assert_eq!(meant("来源", &LINKS), Some("source_ref"));
        assert_eq!(chinese_hint("source", &h, &LINKS), None);
        assert_eq!(meant("供应商", &LINKS), Some("source"));
    }

    #[test]
    fn a_semicolon_or_tab_separated_header_is_named() {
        let m = delimiter_message(&headers(&["id;name;city"]), &FIRMS).unwrap();
        assert!(
            m.contains("separated by \";\" (its columns would be id, name, city)"),
            "{m}"
        );
        let m = delimiter_message(&headers(&["编号\t企业名称"]), &FIRMS).unwrap();
        assert!(m.contains("separated by tabs"), "{m}");
        assert_eq!(delimiter_message(&headers(&["id", "name;x"]), &FIRMS), None);
        assert_eq!(delimiter_message(&headers(&["id"]), &FIRMS), None);
        // Tabs in a text that is no table (a file of /proc) are not taken for one.
        assert_eq!(
            delimiter_message(&headers(&["Name:\tchainatlas"]), &FIRMS),
            None
        );
    }
}

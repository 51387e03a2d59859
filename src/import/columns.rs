//! Which input column feeds which dataset column: built-in aliases in Chinese and English
//! for each kind of table, overridden or extended by the map file's `[TABLE.columns]`.
//! Headers are compared loosely: a bracketed unit (`营业收入（万元）`) is set aside (and
//! kept as the column's unit), spaces, `_` and `-` ignored, Latin letters in any case.

use std::collections::BTreeMap;

use super::problems::Problems;
use super::table::Table;

/// The four tables `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// `--firms`.
    Firms,
    /// `--links`.
    Links,
    /// `--chains`.
    Chains,
    /// `--cities`.
    Cities,
}

impl TableKind {
    /// The section of the map file for this table (`firms`, …).
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Firms => "firms",
            TableKind::Links => "links",
            TableKind::Chains => "chains",
            TableKind::Cities => "cities",
        }
    }

    /// The fields of this table and their built-in aliases (the field's own name is one).
    pub fn fields(self) -> &'static [(&'static str, &'static [&'static str])] {
        match self {
            TableKind::Firms => FIRM_FIELDS,
            TableKind::Links => LINK_FIELDS,
            TableKind::Chains => CHAIN_FIELDS,
            TableKind::Cities => CITY_FIELDS,
        }
    }
}

const FIRM_FIELDS: &[(&str, &[&str])] = &[
    ("id", &["id", "企业编号", "编号", "企业id", "公司编号"]),
    (
        "credit_code",
        &[
            "credit_code",
            "统一社会信用代码",
            "信用代码",
            "社会信用代码",
            "uscc",
        ],
    ),
    (
        "name",
        &[
            "name",
            "企业名称",
            "公司名称",
            "名称",
            "企业",
            "company",
            "companyname",
            "firm",
            "firmname",
        ],
    ),
    ("name_zh", &["name_zh", "中文名称", "中文名"]),
    (
        "city",
        &["city", "所在城市", "城市", "所属城市", "地级市", "所在地市"],
    ),
    ("kind", &["kind", "主体类型", "机构类型"]),
    (
        "stages",
        &["stages", "stage", "环节", "产业环节", "产业链环节"],
    ),
    ("functions", &["functions", "职能", "价值链职能"]),
    (
        "employees",
        &[
            "employees",
            "参保人数",
            "员工人数",
            "从业人数",
            "职工人数",
            "人数",
            "headcount",
            "staff",
        ],
    ),
    (
        "revenue",
        &["revenue", "营业收入", "营收", "销售收入", "主营业务收入"],
    ),
    ("source", &["source", "来源", "数据来源", "出处"]),
    ("group", &["group", "集团", "所属集团", "母公司", "parent"]),
    (
        "industry",
        &[
            "industry",
            "国标行业",
            "行业",
            "所属行业",
            "行业代码",
            "国民经济行业",
        ],
    ),
    ("scope", &["scope", "经营范围", "businessscope"]),
];

const LINK_FIELDS: &[(&str, &[&str])] = &[
    (
        "source",
        &[
            "source",
            "供应商",
            "卖方",
            "供应方",
            "供货方",
            "supplier",
            "seller",
        ],
    ),
    (
        "target",
        &[
            "target",
            "客户",
            "买方",
            "采购方",
            "需求方",
            "customer",
            "buyer",
        ],
    ),
    ("layer", &["layer", "关系类型", "关系"]),
    ("stage", &["stage", "环节", "产品环节"]),
    (
        "weight",
        &[
            "weight",
            "金额",
            "交易金额",
            "采购金额",
            "销售金额",
            "amount",
        ],
    ),
    ("year", &["year", "年份", "年度"]),
    ("evidence", &["evidence", "证据", "证据等级"]),
    (
        "source_ref",
        &["source_ref", "来源", "出处", "数据来源", "reference"],
    ),
];

const CHAIN_FIELDS: &[(&str, &[&str])] = &[
    ("chain", &["chain", "产业链"]),
    ("stage", &["stage", "环节", "环节编号"]),
    ("label", &["label", "环节名称", "名称"]),
    ("tier", &["tier", "层级", "环节层级"]),
    ("inputs", &["inputs", "投入", "上游", "上游环节"]),
];

const CITY_FIELDS: &[(&str, &[&str])] = &[
    ("city", &["city", "城市", "城市名称", "所在城市"]),
    ("name_zh", &["name_zh", "中文名", "中文名称"]),
    ("region", &["region", "区域", "地区", "城市群"]),
    ("country", &["country", "国家"]),
    ("lat", &["lat", "latitude", "纬度"]),
    ("lon", &["lon", "lng", "longitude", "经度"]),
];

/// A header without its bracketed unit, compared loosely; and that unit.
pub fn split_header(header: &str) -> (String, Option<String>) {
    let header = header.trim();
    let mut unit = None;
    let mut base = header.to_string();
    for (open, close) in [('(', ')'), ('（', '）'), ('[', ']')] {
        if let Some(start) = header.find(open)
            && header.ends_with(close)
        {
            let inner = &header[start + open.len_utf8()..header.len() - close.len_utf8()];
            unit = Some(inner.trim().to_string());
            base = header[..start].to_string();
            break;
        }
    }
    let loose = base
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (loose, unit)
}

/// How one input column was mapped, for the log.
#[derive(Debug, Clone)]
pub struct ColumnNote {
    /// The header as written.
    pub header: String,
    /// The field it feeds, or `None` (kept as an extra column, or ignored).
    pub field: Option<&'static str>,
    /// `built-in alias`, `map file`, `ignored (map file)`, `unknown: kept as an extra column`.
    pub how: &'static str,
}

/// The columns of one table, mapped.
#[derive(Debug, Clone)]
pub struct ColumnMap {
    /// Field name → column index.
    pub fields: BTreeMap<&'static str, usize>,
    /// Columns kept as extra columns (by index, in header order).
    pub extras: Vec<usize>,
    /// One note per column, in header order.
    pub notes: Vec<ColumnNote>,
}

impl ColumnMap {
    /// The column of `field`, if mapped.
    pub fn get(&self, field: &str) -> Option<usize> {
        self.fields.get(field).copied()
    }

    /// The cell of `field` in `cells` (empty when the field is not mapped).
    pub fn cell<'a>(&self, cells: &'a [String], field: &str) -> &'a str {
        self.get(field)
            .and_then(|i| cells.get(i))
            .map_or("", String::as_str)
    }

    /// The header of `field`'s column as written (for messages), or the field name.
    pub fn header<'a>(&'a self, table: &'a Table, field: &'a str) -> &'a str {
        self.get(field)
            .and_then(|i| table.headers.get(i))
            .map_or(field, String::as_str)
    }
}

/// Whether `header` names a field of `kind` (by alias or through `overrides`).
pub fn is_known(kind: TableKind, header: &str, overrides: &BTreeMap<String, String>) -> bool {
    overrides.contains_key(header.trim()) || lookup_alias(kind, header).is_some()
}

fn lookup_alias(kind: TableKind, header: &str) -> Option<&'static str> {
    let (loose, _) = split_header(header);
    kind.fields()
        .iter()
        .find(|(_, aliases)| aliases.iter().any(|a| split_header(a).0 == loose))
        .map(|(field, _)| *field)
}

/// Maps the columns of `table`; `overrides` (header → field, `""` to ignore) come from the
/// map file and win over aliases. Two columns feeding one field, or an override naming no
/// field, are errors; empty headers are ignored with a note.
pub fn map_columns(
    kind: TableKind,
    table: &Table,
    overrides: &BTreeMap<String, String>,
    problems: &mut Problems,
) -> ColumnMap {
    let mut map = ColumnMap {
        fields: BTreeMap::new(),
        extras: Vec::new(),
        notes: Vec::new(),
    };
    let valid: Vec<&str> = kind.fields().iter().map(|(f, _)| *f).collect();
    for (key, field) in overrides {
        if !field.is_empty() && !valid.contains(&field.as_str()) {
            problems.error(
                &table.file,
                None,
                None,
                format!(
                    "the map's [{}.columns] maps {key:?} to {field:?}, which is not a column of this table; expected one of: {} (or \"\" to ignore the column)",
                    kind.name(),
                    valid.join(", ")
                ),
            );
        }
        if !table.headers.iter().any(|h| h == key) {
            problems.warning(
                &table.file,
                Some(table.header_row),
                None,
                format!(
                    "the map's [{}.columns] names column {key:?}, which this file does not have",
                    kind.name()
                ),
            );
        }
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, header) in table.headers.iter().enumerate() {
        if header.is_empty() {
            map.notes.push(ColumnNote {
                header: format!("(column {}, no header)", index + 1),
                field: None,
                how: "ignored: no header",
            });
            continue;
        }
        if let Some(&first) = seen.get(header.as_str()) {
            problems.error(
                &table.file,
                Some(table.header_row),
                Some(header),
                format!(
                    "duplicate column (also column {}); rename one of them",
                    first + 1
                ),
            );
            continue;
        }
        seen.insert(header, index);
        let (field, how) = match overrides.get(header) {
            Some(f) if f.is_empty() => (None, "ignored (map file)"),
            Some(f) => (
                valid.iter().find(|v| **v == f.as_str()).copied(),
                "map file",
            ),
            None => match lookup_alias(kind, header) {
                Some(f) => (Some(f), "built-in alias"),
                None => (None, "unknown: kept as an extra column"),
            },
        };
        match field {
            Some(f) => {
                if let Some(&other) = map.fields.get(f) {
                    problems.error(
                        &table.file,
                        Some(table.header_row),
                        Some(header),
                        format!(
                            "both {:?} and this column map to {f}; map one of them to \"\" (ignore) or another column in the map's [{}.columns]",
                            table.headers[other],
                            kind.name()
                        ),
                    );
                    continue;
                }
                map.fields.insert(f, index);
            }
            None if how.starts_with("unknown") => map.extras.push(index),
            None => {}
        }
        map.notes.push(ColumnNote {
            header: header.clone(),
            field,
            how,
        });
    }
    map
}

/// An error at the header for each of `fields` that no column of `table` feeds, naming the
/// field's built-in headers and the map section that can name another; whether every field
/// has its column.
pub fn require(
    kind: TableKind,
    table: &Table,
    columns: &ColumnMap,
    fields: &[&str],
    problems: &mut Problems,
) -> bool {
    let mut all = true;
    for &field in fields {
        if columns.get(field).is_some() {
            continue;
        }
        all = false;
        let names: Vec<&str> = kind
            .fields()
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, aliases)| aliases.iter().skip(1).take(4).copied().collect())
            .unwrap_or_default();
        problems.error(
            &table.file,
            Some(table.header_row),
            None,
            format!(
                "no column for {field} ({field}, {} …); name one in the map's [{}.columns]; the header is: {}",
                names.join(", "),
                kind.name(),
                table.headers.join(", ")
            ),
        );
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_loosely_and_keep_their_unit() {
        assert_eq!(
            split_header("营业收入（万元）"),
            ("营业收入".to_string(), Some("万元".to_string()))
        );
        assert_eq!(
            split_header(" Company Name "),
            ("companyname".to_string(), None)
        );
        assert_eq!(
            lookup_alias(TableKind::Firms, "营业收入(万元)"),
            Some("revenue")
        );
        assert_eq!(
            lookup_alias(TableKind::Firms, "统一社会信用代码"),
            Some("credit_code")
        );
        assert_eq!(lookup_alias(TableKind::Links, "供应商"), Some("source"));
        assert_eq!(lookup_alias(TableKind::Firms, "注册资本"), None);
    }
}

//! Node and edge attributes shared by the GraphML, node-link JSON and CSV writers: one
//! schema (name and type) and one value per attribute, so every format carries the same
//! facts. Extra CSV columns of firms.csv and links.csv are passed through as strings.

use super::view::GraphView;
use crate::model::{FirmIdx, LinkIdx, Vocabulary};

/// The type of an attribute, as GraphML declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    /// Text (`string`).
    Str,
    /// A whole number (`int`).
    Int,
    /// A float (`double`).
    Double,
    /// `true`/`false` (`boolean`).
    Bool,
}

impl AttrType {
    /// The GraphML `attr.type` name.
    pub fn graphml(self) -> &'static str {
        match self {
            AttrType::Str => "string",
            AttrType::Int => "int",
            AttrType::Double => "double",
            AttrType::Bool => "boolean",
        }
    }
}

/// One attribute value, typed as its [`AttrType`] declares.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Double(f64),
    Bool(bool),
}

impl Value {
    /// Text form for CSV and GraphML (`true`/`false`, shortest exact floats).
    pub fn text(&self) -> String {
        match self {
            Value::Str(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Double(d) => d.to_string(),
            Value::Bool(b) => b.to_string(),
        }
    }

    /// JSON form for node-link JSON (strings, numbers, booleans).
    pub fn json(&self) -> serde_json::Value {
        match self {
            Value::Str(s) => serde_json::Value::from(s.as_str()),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Double(d) => serde_json::Value::from(*d),
            Value::Bool(b) => serde_json::Value::from(*b),
        }
    }
}

const NODE_FIELDS: [(&str, AttrType); 15] = [
    ("name", AttrType::Str),
    ("name_zh", AttrType::Str),
    ("city", AttrType::Str),
    ("region", AttrType::Str),
    ("country", AttrType::Str),
    ("kind", AttrType::Str),
    ("stages", AttrType::Str),
    ("functions", AttrType::Str),
    ("employees", AttrType::Double),
    ("revenue", AttrType::Double),
    ("local", AttrType::Bool),
    ("betweenness", AttrType::Double),
    ("closure_critical_products", AttrType::Int),
    ("dominated_final_firms", AttrType::Int),
    ("highlight", AttrType::Bool),
];

const EDGE_FIELDS: [(&str, AttrType); 6] = [
    ("layer", AttrType::Str),
    ("stage", AttrType::Str),
    ("weight", AttrType::Double),
    ("year", AttrType::Int),
    ("evidence", AttrType::Str),
    ("source_ref", AttrType::Str),
];

/// Names the export formats give a meaning of their own, lower case: GraphML's `id`,
/// node-link JSON's `id`, `source`, `target` and `key` (which NetworkX uses as the
/// multigraph key, so a column named `key` merged parallel links), Gephi's CSV columns
/// (`Id`, `Label`, `Source`, `Target`, `Type`, `Weight`, `Interval`, `Timeset`) and
/// Cytoscape's table columns (`SUID`, `name`, `shared name`, `selected`, `interaction`,
/// `shared interaction`).
const RESERVED: [&str; 15] = [
    "id",
    "key",
    "source",
    "target",
    "label",
    "type",
    "weight",
    "interval",
    "timeset",
    "suid",
    "name",
    "shared name",
    "selected",
    "interaction",
    "shared interaction",
];

/// The prefix of a renamed extra column.
const PREFIX: &str = "x_";

/// An extra column's attribute name: its header, or `x_` + header when the header — ignoring
/// case — is a format's own field ([`RESERVED`]) or one of the built-in attributes of either
/// kind, or itself starts with `x_`. The rule never collides: a kept name is neither
/// reserved nor built in nor `x_…`, and every renamed one is `x_…` and different from every
/// other (the headers of one file differ), so `key` → `x_key` and `x_key` → `x_x_key`.
fn extra_name(column: &str) -> String {
    let lower = column.to_lowercase();
    let clash = RESERVED.contains(&lower.as_str())
        || NODE_FIELDS
            .iter()
            .chain(EDGE_FIELDS.iter())
            .any(|(n, _)| *n == lower)
        || lower.starts_with(PREFIX);
    if clash {
        format!("{PREFIX}{column}")
    } else {
        column.to_string()
    }
}

/// Node attribute names and types, in output order.
pub fn node_schema(view: &GraphView<'_>) -> Vec<(String, AttrType)> {
    let mut out: Vec<(String, AttrType)> = NODE_FIELDS
        .iter()
        .map(|(n, t)| (n.to_string(), *t))
        .collect();
    for c in &view.model.firm_extra_columns {
        out.push((extra_name(c), AttrType::Str));
    }
    out
}

/// Edge attribute names and types, in output order.
pub fn edge_schema(view: &GraphView<'_>) -> Vec<(String, AttrType)> {
    let mut out: Vec<(String, AttrType)> = EDGE_FIELDS
        .iter()
        .map(|(n, t)| (n.to_string(), *t))
        .collect();
    for c in &view.model.link_extra_columns {
        out.push((extra_name(c), AttrType::Str));
    }
    out
}

/// Values aligned with [`node_schema`]; `None` = unknown (omitted or empty).
pub fn node_values(view: &GraphView<'_>, f: FirmIdx) -> Vec<Option<Value>> {
    let model = view.model;
    let firm = &model.firms[f as usize];
    let city = &model.cities[firm.city as usize];
    let text = |s: &str| (!s.is_empty()).then(|| Value::Str(s.to_string()));
    let stages: Vec<&str> = firm
        .stages
        .iter()
        .map(|&s| model.stages[s as usize].key.as_str())
        .collect();
    let functions: Vec<&str> = firm.functions.iter().map(|x| x.as_str()).collect();
    let m = view.metric(f);
    let mut out = vec![
        text(&firm.name),
        text(&firm.name_zh),
        text(&city.id),
        text(&city.region),
        text(&city.country),
        Some(Value::Str(firm.kind.as_str().to_string())),
        text(&stages.join(";")),
        text(&functions.join(";")),
        firm.employees.map(Value::Double),
        firm.revenue.map(Value::Double),
        Some(Value::Bool(view.local[f as usize])),
        m.map(|m| Value::Double(m.betweenness)),
        m.map(|m| Value::Int(i64::from(m.closure_critical_products))),
        m.map(|m| Value::Int(i64::from(m.dominated_final_firms))),
        Some(Value::Bool(view.highlight[f as usize])),
    ];
    out.extend(firm.extra.iter().map(|v| text(v)));
    out
}

/// Values aligned with [`edge_schema`].
pub fn edge_values(view: &GraphView<'_>, l: LinkIdx) -> Vec<Option<Value>> {
    let model = view.model;
    let link = &model.links[l as usize];
    let text = |s: &str| (!s.is_empty()).then(|| Value::Str(s.to_string()));
    let mut out = vec![
        Some(Value::Str(link.layer.as_str().to_string())),
        link.stage
            .map(|s| Value::Str(model.stages[s as usize].key.clone())),
        link.weight.map(Value::Double),
        link.year.map(|y| Value::Int(i64::from(y))),
        Some(Value::Str(link.evidence.as_str().to_string())),
        text(model.source_ref(link)),
    ];
    out.extend(model.link_extra(l).iter().map(|v| text(v)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_columns_named_like_a_format_field_are_prefixed_and_never_collide() {
        for (column, name) in [
            ("key", "x_key"),
            ("Label", "x_Label"),
            ("SOURCE", "x_SOURCE"),
            ("Type", "x_Type"),
            ("id", "x_id"),
            ("Weight", "x_Weight"),
            ("layer", "x_layer"),
            ("City", "x_City"),
            ("x_key", "x_x_key"),
            ("X_Key", "x_X_Key"),
            ("note", "note"),
            ("district", "district"),
            ("xkey", "xkey"),
        ] {
            assert_eq!(extra_name(column), name, "{column}");
        }
        // No renamed or kept name is reserved, built in or equal to another's.
        let columns = ["key", "x_key", "x_x_key", "Label", "label_x", "id", "x_id"];
        let names: Vec<String> = columns.iter().map(|c| extra_name(c)).collect();
        for (i, n) in names.iter().enumerate() {
            let lower = n.to_lowercase();
            assert!(!RESERVED.contains(&lower.as_str()), "{n}");
            assert!(
                !NODE_FIELDS
                    .iter()
                    .chain(&EDGE_FIELDS)
                    .any(|(f, _)| *f == lower)
            );
            assert!(names[..i].iter().all(|m| m.to_lowercase() != lower), "{n}");
        }
    }
}

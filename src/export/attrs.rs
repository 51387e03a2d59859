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

/// An extra column's attribute name: its header, or `x_` + header on a clash.
fn extra_name(column: &str, builtin: &[(&str, AttrType)]) -> String {
    if builtin.iter().any(|(n, _)| *n == column) || column == "id" {
        format!("x_{column}")
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
        out.push((extra_name(c, &NODE_FIELDS), AttrType::Str));
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
        out.push((extra_name(c, &EDGE_FIELDS), AttrType::Str));
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

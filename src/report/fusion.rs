//! Markdown rendering of the four-chains-as-one-system analysis (`fusion` and the report's
//! section on claim 2): pure functions from values to text.

use crate::analysis::fusion::{Fusion, Overlap, fmt_small};
use crate::model::{Layer, Vocabulary};
use crate::report::table;
use crate::text::escape::{markdown as escape, markdown_code as code};
use crate::text::number::{fmt_percent, fmt_ratio};

fn opt_small(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), fmt_small)
}

fn opt_percent(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), fmt_percent)
}

pub fn render_table(f: &Fusion) -> String {
    let mut out = format!(
        "# Four chains as one system: {}\n\nRegion {} = {} ({} local firms).\n\n**Verdict: {}.** {}\n\n",
        escape(&f.dataset),
        escape(&f.region.name),
        f.region.cities.join(", "),
        f.local_firms,
        f.verdict.words(),
        escape(&f.conclusion)
    );
    out += &table::render(
        "Layers (local links: both ends in the region)",
        &[
            "layer",
            "#local links",
            "#all links",
            "#firms",
            "#share of local firms",
            "#firm pairs",
            "evidence (doc/rep/est/ass)",
        ],
        f.layers
            .iter()
            .map(|l| {
                vec![
                    l.layer.to_string(),
                    l.links.to_string(),
                    l.all_links.to_string(),
                    l.firms.to_string(),
                    fmt_percent(l.active_share),
                    l.pairs.to_string(),
                    l.evidence
                        .iter()
                        .map(|e| e.links.to_string())
                        .collect::<Vec<_>>()
                        .join("/"),
                ]
            })
            .collect(),
    );
    out += &matrix(
        f,
        "Overlap over firm pairs: Jaccard |E_row ∩ E_col| / |E_row ∪ E_col| (shared pairs)",
        |o| format!("{} ({})", opt_small(o.jaccard), o.shared_pairs),
    );
    out += &matrix(
        f,
        "Conditional overlap: share of the row layer's pairs also joined in the column layer",
        |o| opt_small(o.conditional),
    );

    let p = &f.participation;
    out += &format!(
        "## Multiplex participation\n\nP = (4/3)·(1 − Σ_l (k_l/o)²) over a firm's local links. {} local firm(s) have local links, {} have none (P = 0, not binned). {} of them ({}) are active in two or more layers; mean P = {}.\n\n",
        p.active_firms,
        p.isolated_firms,
        p.multi_layer_firms,
        opt_percent(p.multi_layer_share),
        fmt_ratio(p.mean)
    );
    out += &table::render(
        "### Distribution",
        &["P", "#firms"],
        p.bins
            .iter()
            .map(|b| {
                vec![
                    format!(
                        "[{:.1}, {:.1}{}",
                        b.from,
                        b.to,
                        if b.includes_to { "]" } else { ")" }
                    ),
                    b.firms.to_string(),
                ]
            })
            .collect(),
    );
    let mut headers = vec!["firm", "name", "city", "#P", "#links"];
    headers.extend(Layer::ALL.iter().map(|l| match l {
        Layer::Supply => "#supply",
        Layer::Value => "#value",
        Layer::Innovation => "#innovation",
        Layer::Capital => "#capital",
    }));
    out += &table::render(
        "### Top firms by participation",
        &headers,
        p.top
            .iter()
            .map(|t| {
                vec![
                    code(&t.firm),
                    escape(&t.name),
                    escape(&t.city),
                    format!("{:.3}", t.participation),
                    t.links.to_string(),
                    t.degrees.supply.to_string(),
                    t.degrees.value.to_string(),
                    t.degrees.innovation.to_string(),
                    t.degrees.capital.to_string(),
                ]
            })
            .collect(),
    );

    let c = &f.coupling;
    let mut rows: Vec<Vec<String>> = c
        .cities
        .iter()
        .map(|x| {
            vec![
                escape(&x.city),
                x.manufacturers.to_string(),
                x.coupled.to_string(),
                opt_percent(x.share),
            ]
        })
        .collect();
    rows.push(vec![
        format!("**{}**", escape(&f.region.name)),
        c.region.manufacturers.to_string(),
        c.region.coupled.to_string(),
        opt_percent(c.region.share),
    ]);
    out += &table::render(
        "Innovation coupling: local manufacturers with an inbound innovation link",
        &["city", "#manufacturers", "#coupled", "#share"],
        rows,
    );
    out
}

/// A 4×4 layer matrix (rows `from_layer`, columns `to_layer`).
fn matrix(f: &Fusion, title: &str, cell: impl Fn(&Overlap) -> String) -> String {
    let mut headers = vec!["from / to"];
    headers.extend(Layer::ALL.iter().map(|l| l.as_str()));
    let rows = Layer::ALL
        .iter()
        .map(|&from| {
            let mut row = vec![from.to_string()];
            row.extend(f.overlap.iter().filter(|o| o.from_layer == from).map(&cell));
            row
        })
        .collect();
    table::render(title, &headers, rows)
}

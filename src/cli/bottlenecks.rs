//! `chainatlas bottlenecks [DATASET] [--region R] [--chain C] [--top N] [--importable SPEC]
//! [--format table|json|csv]`: single-source and concentrated stages, closure-critical firms,
//! dominators and the vertex connectivity of each chain (see `analysis::bottleneck`).

use std::process::ExitCode;

use super::common::{ChainArgs, Context, ImportableArg, RegionArgs, min_producers};
use super::format::{Format, emit};
use crate::analysis::bottleneck::{Bottlenecks, for_region};
use crate::analysis::figure::cell;
use crate::error::Error;
use crate::report::bottleneck_words::{connectivity_note, critical_group_cell};
use crate::report::words;
use crate::report::{table, to_json};
use crate::text::csv;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub region: RegionArgs,
    #[command(flatten)]
    pub chains: ChainArgs,
    /// Firms listed per ranking
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
    /// θ: local producers a stage needs to count as present
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = min_producers())]
    pub min_producers: u32,
    #[command(flatten)]
    pub importable: ImportableArg,
    /// Output format (csv: one row per stage, critical firm, critical group, cut firm or dominator)
    #[arg(long, value_parser = Format::parser(&[Format::Table, Format::Json, Format::Csv]), default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(args: Args, ctx: &Context) -> Result<ExitCode, Error> {
    let s = args.region.open(ctx)?;
    let chains = args.chains.resolve(&s.model)?;
    let state = args
        .importable
        .state(&s.model, &s.region, args.min_producers)?;
    let b = for_region(&state, &chains, args.top);
    let text = match args.format {
        Format::Json => to_json(&b),
        Format::Csv => render_csv(&b),
        Format::Table => render_table(&b),
        other => return Err(other.unsupported()),
    };
    emit(args.format, text.into_bytes(), None, &[])?;
    Ok(ExitCode::SUCCESS)
}

fn render_table(b: &Bottlenecks) -> String {
    let mut out = format!(
        "# Bottlenecks (卡点) in {} ({})\n\n",
        b.region.name,
        b.region.cities.join(", ")
    );
    out += &table::render(
        "Per chain",
        &[
            "chain",
            "complete",
            "single-source stages (by firm)",
            "single-source stages (by group)",
            "#connectivity",
            "minimum cut",
            "closure-critical firms",
            "closure-critical groups (local firms, final products lost)",
        ],
        b.chains
            .iter()
            .map(|c| {
                vec![
                    c.chain.clone(),
                    if c.complete { "yes" } else { "no" }.into(),
                    c.single_source_stages.join(", "),
                    c.single_source_groups.join(", "),
                    cell(c.connectivity.connectivity, |k| k.to_string()),
                    c.connectivity.cut.join(", "),
                    c.critical_firms
                        .iter()
                        .map(|f| format!("{} ({})", f.firm, f.final_products.len()))
                        .collect::<Vec<_>>()
                        .join(", "),
                    critical_group_cell(c, str::to_string),
                ]
            })
            .collect(),
    );
    if let Some(note) = connectivity_note(b) {
        out += &format!("{note}\n\n");
    }
    out += &table::render(
        "Stage concentration of local producers",
        &[
            "chain",
            "stage",
            "#producers",
            "#HHI",
            "#N_eff",
            "basis",
            "largest producer",
            "largest by",
            "#units",
            "#HHI by unit",
            "#N_eff by unit",
            "largest unit",
        ],
        b.chains
            .iter()
            .flat_map(|c| {
                c.concentration.iter().map(move |x| {
                    vec![
                        c.chain.clone(),
                        x.stage.clone(),
                        x.producers.to_string(),
                        format!("{:.3}", x.hhi),
                        format!("{:.2}", x.n_eff),
                        x.basis_label(),
                        x.top_producer.clone(),
                        x.largest_by.words().to_string(),
                        x.units.to_string(),
                        format!("{:.3}", x.hhi_units),
                        format!("{:.2}", x.n_eff_units),
                        x.top_unit.clone(),
                    ]
                })
            })
            .collect(),
    );
    out += &table::render(
        "Dominators: firms on every local supply path to final-product firms",
        &[
            "firm",
            "name",
            "city",
            "#final-product firms dominated",
            crate::report::phrases::DOMINATOR_EVIDENCE_HEADER,
        ],
        b.dominators
            .iter()
            .map(|d| {
                vec![
                    d.firm.clone(),
                    d.name.clone(),
                    d.city.clone(),
                    d.dominated_final_firms.to_string(),
                    words::evidence_line(&d.supply_link_evidence),
                ]
            })
            .collect(),
    );
    out
}

/// The CSV columns, in order; each row fills the ones that apply to its `kind`.
const CSV_HEADERS: [&str; 17] = [
    "kind",
    "chain",
    "stage",
    "firm",
    "producers",
    "hhi",
    "n_eff",
    "basis",
    "count",
    "final_products",
    "group",
    "group_firms",
    "units",
    "hhi_units",
    "n_eff_units",
    "top_unit",
    "largest_by",
];

/// One CSV row: `cells` as (column name, value); the other columns empty.
fn csv_row(cells: &[(&str, String)]) -> Vec<String> {
    CSV_HEADERS
        .iter()
        .map(|h| {
            cells
                .iter()
                .find(|(name, _)| name == h)
                .map_or_else(String::new, |(_, v)| v.clone())
        })
        .collect()
}

fn render_csv(b: &Bottlenecks) -> String {
    let mut rows = Vec::new();
    for c in &b.chains {
        let chain = || ("chain", c.chain.clone());
        for x in &c.concentration {
            rows.push(csv_row(&[
                ("kind", "stage".into()),
                chain(),
                ("stage", x.stage.clone()),
                ("firm", x.top_producer.clone()),
                ("producers", x.producers.to_string()),
                ("hhi", format!("{:.6}", x.hhi)),
                ("n_eff", format!("{:.6}", x.n_eff)),
                ("basis", x.basis.as_str().to_string()),
                ("units", x.units.to_string()),
                ("hhi_units", format!("{:.6}", x.hhi_units)),
                ("n_eff_units", format!("{:.6}", x.n_eff_units)),
                ("top_unit", x.top_unit.clone()),
                ("largest_by", x.largest_by.as_str().to_string()),
            ]));
        }
        for f in &c.critical_firms {
            rows.push(csv_row(&[
                ("kind", "critical_firm".into()),
                chain(),
                ("firm", f.firm.clone()),
                ("count", f.final_products.len().to_string()),
                ("final_products", f.final_products.join(";")),
            ]));
        }
        for g in &c.critical_groups {
            rows.push(csv_row(&[
                ("kind", "critical_group".into()),
                chain(),
                ("count", g.final_products.len().to_string()),
                ("final_products", g.final_products.join(";")),
                ("group", g.group.clone()),
                ("group_firms", g.firms.to_string()),
            ]));
        }
        for f in &c.connectivity.cut {
            rows.push(csv_row(&[
                ("kind", "cut_firm".into()),
                chain(),
                ("firm", f.clone()),
                (
                    "count",
                    cell(c.connectivity.connectivity, |k| k.to_string()),
                ),
            ]));
        }
    }
    for d in &b.dominators {
        rows.push(csv_row(&[
            ("kind", "dominator".into()),
            ("firm", d.firm.clone()),
            ("count", d.dominated_final_firms.to_string()),
        ]));
    }
    csv::render(&CSV_HEADERS, &rows)
}

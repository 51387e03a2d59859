//! `chainatlas simulate [DATASET] --remove KIND:NAME … [--region R] [--mode …]
//! [--importable SPEC] [--format table|json]`: completeness (verdict, closed final products,
//! breakpoints) before and after firms, cities, regions or a layer drop out.

use std::process::ExitCode;

use super::common::{Context, ImportableArg, ModeArg, RegionArgs, ThresholdArgs, with_flag};
use super::format::{Format, emit};
use crate::analysis::completeness::BreakReason;
use crate::analysis::scenario::{Removal, Scenario, simulate_importing};
use crate::error::Error;
use crate::model::Vocabulary;
use crate::report::{table, to_json};
use crate::text::number::fmt_percent;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub region: RegionArgs,
    /// What drops out: firm:ID, city:NAME, region:NAME or layer:NAME (repeatable)
    #[arg(long = "remove", value_name = "KIND:NAME", required = true)]
    pub remove: Vec<String>,
    /// Closure mode
    #[arg(long, value_enum, default_value_t = ModeArg::Realised)]
    pub mode: ModeArg,
    #[command(flatten)]
    pub thresholds: ThresholdArgs,
    #[command(flatten)]
    pub importable: ImportableArg,
    /// Output format
    #[arg(long, value_parser = Format::parser(&[Format::Table, Format::Json]), default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(args: Args, ctx: &Context) -> Result<ExitCode, Error> {
    let opts = args.thresholds.options(args.mode)?;
    let removals = args
        .remove
        .iter()
        .map(|r| Removal::parse(r))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| with_flag("--remove", e))?;
    let s = args.region.open(ctx)?;
    // The only errors are removals the model does not know.
    let importable = args.importable.resolve(&s.model)?;
    let scenario = simulate_importing(&s.model, &s.region, &removals, &opts, &importable)
        .map_err(|e| with_flag("--remove", e))?;
    let text = match args.format {
        Format::Json => to_json(&scenario),
        Format::Table => render_table(&scenario),
        other => return Err(other.unsupported()),
    };
    emit(args.format, text.into_bytes(), None, &[])?;
    Ok(ExitCode::SUCCESS)
}

fn describe(r: &Removal) -> String {
    match r {
        Removal::Firm(x) => format!("firm {x}"),
        Removal::City(x) => format!("city {x}"),
        Removal::Region(x) => format!("region {x}"),
        Removal::Layer(x) => format!("{x} links"),
    }
}

fn render_table(s: &Scenario) -> String {
    let lost: usize = s.chains.iter().map(|c| c.lost_final_products.len()).sum();
    let mut out = format!(
        "# Scenario: without {}\n\nRegion {} ({}). Removed {} firm(s) and {} link(s). {} final product(s) lose closure; {} local firm(s) are cut off from local supply.\n\n",
        s.removals
            .iter()
            .map(describe)
            .collect::<Vec<_>>()
            .join(", "),
        s.region.name,
        s.region.cities.join(", "),
        s.removed_firms,
        s.removed_links,
        lost,
        s.cut_off_firms.len()
    );
    if !s.importable.is_empty() {
        out += &format!(
            "Importable (bought outside by assumption, before and after): {}.\n\n",
            s.importable.join(", ")
        );
    }
    out += "Verdicts: holds (every final product closed), fails (a final product fails on recorded absences), undetermined (the data cannot tell), not_applicable (no final product). Breakpoints: absent (recorded in absences.csv, with its source), no_data (no producer in the region in the data — not proof of absence), blocked (producers do not buy locally).\n\n";
    out += &table::render(
        "Before and after",
        &[
            "chain",
            "verdict before",
            "verdict after",
            "#stage coverage before",
            "#after",
            "final products lost",
            "new breakpoints",
        ],
        s.chains
            .iter()
            .map(|c| {
                vec![
                    c.chain.clone(),
                    c.verdict_before.as_str().into(),
                    c.verdict_after.as_str().into(),
                    fmt_percent(c.stage_coverage_before),
                    fmt_percent(c.stage_coverage_after),
                    c.lost_final_products.join(", "),
                    c.new_breakpoints
                        .iter()
                        .map(|b| match (b.reason, &b.absence) {
                            (BreakReason::Absent, Some(a)) => format!(
                                "{} (absent in {}, {}: {})",
                                b.stage,
                                a.area,
                                a.evidence.as_str(),
                                if a.source_ref.trim().is_empty() {
                                    "no source given"
                                } else {
                                    a.source_ref.as_str()
                                }
                            ),
                            (reason, _) => format!("{} ({})", b.stage, reason.as_str()),
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                ]
            })
            .collect(),
    );
    if !s.cut_off_firms.is_empty() {
        out += "## Local firms cut off from local supply\n\n";
        out += &s.cut_off_firms.join(", ");
        out += "\n";
    }
    out
}

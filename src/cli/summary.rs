//! `chainatlas summary [DATASET] [--region R] [--format table|json]`: what is in the
//! dataset, counted (see `analysis::summary`).

use std::process::ExitCode;

use super::common::{Context, RegionArgs};
use super::format::{Format, emit};
use crate::analysis::summary::{Summary, summarize};
use crate::error::Error;
use crate::model::Vocabulary;
use crate::report::{table, to_json};
use crate::text::number::fmt_percent;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub region: RegionArgs,
    /// Output format
    #[arg(long, value_parser = Format::parser(&[Format::Table, Format::Json]), default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(args: Args, ctx: &Context) -> Result<ExitCode, Error> {
    let s = args.region.open(ctx)?;
    let summary = summarize(&s.model, &s.region);
    let text = match args.format {
        Format::Json => to_json(&summary),
        Format::Table => render_table(&summary),
        other => return Err(other.unsupported()),
    };
    emit(args.format, text.into_bytes(), None, &[])?;
    Ok(ExitCode::SUCCESS)
}

fn render_table(s: &Summary) -> String {
    let t = &s.totals;
    let mut out = format!(
        "# Dataset summary: {}\n\nRegion {} = {} ({} of {} cities). {} firms ({} local), {} links, {} chain(s) with {} stages.\n\n",
        s.dataset,
        s.region.name,
        s.region.cities.join(", "),
        s.region.cities.len(),
        t.cities,
        t.firms,
        t.local_firms,
        t.links,
        t.chains,
        t.stages
    );
    out += &table::render(
        "Firms per city",
        &["city", "region", "country", "local", "#firms"],
        s.cities
            .iter()
            .map(|c| {
                vec![
                    c.city.clone(),
                    c.region.clone(),
                    c.country.clone(),
                    if c.local { "yes" } else { "no" }.into(),
                    c.firms.to_string(),
                ]
            })
            .collect(),
    );
    out += &table::render(
        "Firms per chain and stage tier",
        &["chain", "tier", "#stages", "#local firms", "#outside firms"],
        s.chain_tiers
            .iter()
            .map(|c| {
                vec![
                    c.chain.clone(),
                    c.tier.to_string(),
                    c.stages.to_string(),
                    c.local_firms.to_string(),
                    c.outside_firms.to_string(),
                ]
            })
            .collect(),
    );
    out += &table::render(
        "Links per layer",
        &["layer", "#links", "#local-local links"],
        s.layers
            .iter()
            .map(|l| {
                vec![
                    l.layer.to_string(),
                    l.links.to_string(),
                    l.local_links.to_string(),
                ]
            })
            .collect(),
    );
    out += &table::render(
        "Evidence mix (all links)",
        &["evidence", "#links", "#share"],
        s.evidence
            .iter()
            .map(|e| {
                vec![
                    e.evidence.to_string(),
                    e.links.to_string(),
                    crate::analysis::figure::cell(e.share, fmt_percent),
                ]
            })
            .collect(),
    );
    if let Some(note) = crate::report::words::undefined_note(
        "share",
        s.evidence
            .iter()
            .map(|e| (e.evidence.as_str(), e.share_reason.as_deref())),
    ) {
        out += &format!("{note}\n\n");
    }
    out += &table::render(
        "Chain templates",
        &[
            "chain",
            "#stages",
            "#final products",
            "#template edges",
            "#OR-groups",
        ],
        s.templates
            .iter()
            .map(|c| {
                vec![
                    c.chain.clone(),
                    c.stages.to_string(),
                    c.final_products.to_string(),
                    c.edges.to_string(),
                    c.or_groups.to_string(),
                ]
            })
            .collect(),
    );
    out
}

//! The analyst's report as Markdown: pure function from [`Report`] to text. User text
//! (firm names, labels) is escaped so a name with `|`, `*` or `<` cannot break a table or
//! inject markup; ids are shown as code spans.

use super::analyst::{ChainSection, Report};
use super::bottleneck_words::{
    bottleneck_summary, connectivity_note, critical_group_cell, single_source_counts,
};
use super::claim_one::{
    ABSENCE_HEADERS, RESEARCH_HEADING, absence_notes, absence_rows, research_table,
};
use super::claim_words::stage_name;
use super::phrases::{
    ABSENCE_NOTES_LEAD, BLOCKAGE_PAIRS_HEADER, CHOKEPOINTS_HEADING, CHOKEPOINTS_NOTE,
    CLAIM_ONE_NOTE, CRITICAL_GROUPS_HEADER, DOMINATOR_EVIDENCE_HEADER, DOMINATORS_NOTE,
    SINGLE_SOURCE_HEADER, TERMS,
};
use super::shortlist_words::{shortlist_lines, shortlist_rows};
use super::summary::summary_lines;
use super::table;
use super::words::question;
use super::words::{
    claim_one_rows, coverage_sentence, data_line, evidence_sentence, final_product_rows,
    ladder_intro, reason_words, stability_rows, test_text,
};
use crate::analysis::figure::cell;
use crate::load::settings::ClaimId;
use crate::model::Model;
use crate::text::escape::{markdown as escape, markdown_code as code};
use crate::text::number::fmt_percent;

/// The report as Markdown: the verdict and what the data can and cannot decide, claim 1
/// per chain, the research list, the absences a `fails` rests on, the dual cycle, claim 4
/// (stability) and the region-wide sections, then one section per chain.
pub fn render(report: &Report, model: &Model) -> String {
    let mode = report.mode.as_str();
    let f = &report.framing;
    let (label, tested) = f.tested_line(&question(report));
    let mut out = format!("# {}\n\n", escape(&f.title));
    out += &format!(
        "**{label}:** {}\n\n**Verdict: {}**\n\n## What the data can and cannot decide\n\n{}\n\n",
        escape(&tested),
        escape(&report.claim.headline),
        escape(&report.claim.summary)
    );
    if let Some(caveat) = f.caveat(ClaimId::Completeness) {
        out += &format!("{}\n\n", escape(&caveat));
    }
    for c in &report.chains {
        out += &format!("- {}\n", escape(&c.headline));
    }
    for (lead, text) in summary_lines(report) {
        out += &format!("- {}: {}\n", escape(&lead), escape(&text));
    }
    out += &format!("\n{}\n\n", escape(&data_line(report)));
    out += "Terms: ";
    out += &TERMS
        .iter()
        .map(|(term, meaning)| format!("**{}** = {}", escape(term), escape(meaning)))
        .collect::<Vec<_>>()
        .join("; ");
    out += ".\n\n";
    let v = claim_one_rows(report);
    out += &table::render(
        &format!("## {}", f.per_chain_heading()),
        &v.header_refs(),
        v.rows
            .iter()
            .map(|r| r.iter().map(|c| escape(c)).collect())
            .collect(),
    );
    out += &format!("{}\n\n", escape(CLAIM_ONE_NOTE));
    if !report.claim.research.is_empty() {
        let (headers, rows) = research_table(
            report,
            |ids| ids.iter().map(|s| code(s)).collect::<Vec<_>>().join(", "),
            escape,
        );
        out += &table::render(
            &format!("### {RESEARCH_HEADING}"),
            &headers.iter().map(String::as_str).collect::<Vec<_>>(),
            rows,
        );
    }
    let absences = absence_rows(report);
    if !absences.is_empty() {
        out += &table::render(
            "### Recorded absences: those the failing verdicts rest on, then the others",
            &ABSENCE_HEADERS,
            absences
                .into_iter()
                .map(|r| r.into_iter().map(|c| escape(&c)).collect())
                .collect(),
        );
        let notes = absence_notes(report);
        if !notes.is_empty() {
            out += &format!("{}\n\n", escape(ABSENCE_NOTES_LEAD));
            for (keys, note) in notes {
                out += &format!(
                    "- {}: {}\n",
                    keys.iter().map(|k| code(k)).collect::<Vec<_>>().join(", "),
                    escape(&note)
                );
            }
            out += "\n";
        }
    }
    out += &format!(
        "{}\n\n{}\n\n",
        with_quote(
            format!("## {}", escape(&f.ladder_heading())),
            &f.quote(ClaimId::DualCycle)
        ),
        escape(&ladder_intro(report))
    );
    for c in &report.chains {
        for rung in &c.dual_cycle {
            out += &format!("- {}: {}\n", code(&c.chain), escape(&rung.text));
        }
    }
    out += "\n";
    let s = stability_rows(report);
    out += &table::render(
        &with_quote(
            format!("## {}", f.heading(ClaimId::Stability, "stability (H3–H5)")),
            &f.quote(ClaimId::Stability),
        ),
        &s.header_refs(),
        s.rows
            .iter()
            .map(|r| r.iter().map(|c| escape(c)).collect())
            .collect(),
    );
    out += &bottleneck_section(report);
    out += &claims_2_and_3(report);
    for c in &report.chains {
        out += &chain_section(c, model, mode, report);
    }
    out += &format!(
        "---\n\nDefinitions: docs/analyses.md. Generated by {} from {}.\n",
        escape(&report.tool),
        escape(&report.dataset)
    );
    out
}

fn chain_section(c: &ChainSection, model: &Model, mode: &str, report: &Report) -> String {
    let region = report.region.name.as_str();
    let k = &c.completeness;
    let mut out = format!("## Chain {}\n\n{}\n\n", code(&c.chain), escape(&c.headline));
    for (claim, title) in report.framing.test_groups() {
        out += &format!("{title}:\n\n");
        for t in c.verdict.tests.iter().filter(|t| t.claim == claim) {
            out += &format!(
                "- **{} {}**: {}\n",
                t.id,
                escape(t.name),
                escape(&test_text(t))
            );
        }
        out += "\n";
    }
    out += &format!("{}\n\n", escape(&evidence_sentence(c)));
    out += &format!("{}\n\n", escape(&coverage_sentence(c)));
    let fp = final_product_rows(c, model, region);
    out += &table::render(
        "",
        &fp.header_refs(),
        fp.rows
            .iter()
            .map(|r| r.iter().map(|c| escape(c)).collect())
            .collect(),
    );
    if !k.breakpoints.is_empty() {
        out += &table::render(
            &format!("### Breakpoints (断点) of {} ({mode} closure)", c.chain),
            &["stage", "reason", "#blocks", "final products blocked"],
            k.breakpoints
                .iter()
                .map(|b| {
                    vec![
                        escape(&stage_name(model, &c.chain, &b.stage)),
                        escape(&reason_words(b)),
                        b.blocks.to_string(),
                        b.final_products
                            .iter()
                            .map(|f| code(f))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ]
                })
                .collect(),
        );
    }
    if !k.blockages.is_empty() {
        out += &table::render(
            &format!(
                "### Blockages (堵点) of {}: local producers at both ends, no local trade recorded in the data",
                c.chain
            ),
            &["from", "to", "#suppliers", "#buyers", BLOCKAGE_PAIRS_HEADER],
            k.blockages
                .iter()
                .map(|b| {
                    vec![
                        code(&b.from),
                        code(&b.to),
                        b.suppliers.to_string(),
                        b.buyers.to_string(),
                        super::bottleneck_words::blockage_pairs(b, code),
                    ]
                })
                .collect(),
        );
    }
    if !k.chokepoints.is_empty() {
        out += &table::render(
            &format!(
                "### {CHOKEPOINTS_HEADING} of {}\n\n{}",
                c.chain,
                escape(CHOKEPOINTS_NOTE)
            ),
            &[
                "stage",
                "scope",
                "#links",
                "#outside share",
                "#rest of country",
                "#other countries",
                "#HHI countries",
                "#HHI firms",
                "outside countries",
            ],
            k.chokepoints
                .iter()
                .map(|x| {
                    vec![
                        code(&x.stage),
                        if x.is_international() {
                            "international".into()
                        } else {
                            "domestic".into()
                        },
                        x.links.to_string(),
                        fmt_percent(x.outside_share),
                        fmt_percent(x.rest_of_country_share),
                        fmt_percent(x.overseas_share),
                        x.hhi_countries.map_or("–".into(), |h| format!("{h:.2}")),
                        x.hhi_firms.map_or("–".into(), |h| format!("{h:.2}")),
                        escape(&x.countries.join(", ")),
                    ]
                })
                .collect(),
        );
    }
    let lines = shortlist_lines(&c.shortlists, false);
    if !lines.is_empty() {
        out += &format!(
            "### Investment-attraction shortlist (招商清单) for {}\n\n",
            c.chain
        );
        for line in &lines {
            out += &format!("- {}\n", escape(line));
        }
        out += "\n";
        let rows = shortlist_rows(&c.shortlists);
        out += &table::render(
            "",
            &rows.header_refs(),
            rows.rows
                .iter()
                .map(|r| r.iter().map(|cell| escape(cell)).collect())
                .collect(),
        );
    }
    out
}

fn bottleneck_section(report: &Report) -> String {
    let b = &report.bottlenecks;
    let mut out = String::from("## Bottlenecks and resilience (卡点)\n\n");
    out += &bottleneck_summary(&report.bottlenecks, report.overall.realised_closed, code);
    out += "\n\n";
    out += &table::render(
        "### Per chain",
        &[
            "chain",
            SINGLE_SOURCE_HEADER,
            "#connectivity",
            "one minimum cut",
            "closure-critical firms (final products lost)",
            CRITICAL_GROUPS_HEADER,
        ],
        b.chains
            .iter()
            .map(|c| {
                let conn = &c.connectivity;
                vec![
                    code(&c.chain),
                    single_source_counts(c),
                    cell(conn.connectivity, |k| k.to_string()),
                    conn.cut
                        .iter()
                        .map(|f| code(f))
                        .collect::<Vec<_>>()
                        .join(", "),
                    c.critical_firms
                        .iter()
                        .map(|f| format!("{} ({})", code(&f.firm), f.final_products.len()))
                        .collect::<Vec<_>>()
                        .join(", "),
                    critical_group_cell(c, code),
                ]
            })
            .collect(),
    );
    if let Some(note) = connectivity_note(b) {
        out += &format!("{}\n\n", escape(&note));
    }
    if !b.dominators.is_empty() {
        out += &table::render(
            "### Dominators: firms on every local supply path to final-product firms",
            &[
                "firm",
                "city",
                "#final-product firms dominated",
                DOMINATOR_EVIDENCE_HEADER,
            ],
            b.dominators
                .iter()
                .map(|d| {
                    vec![
                        format!("{} {}", escape(&d.name), code(&d.firm)),
                        escape(&d.city),
                        d.dominated_final_firms.to_string(),
                        escape(&super::words::evidence_line(&d.supply_link_evidence)),
                    ]
                })
                .collect(),
        );
        out += &format!("{}\n\n", escape(DOMINATORS_NOTE));
        if let Some(note) = super::bottleneck_words::dominators_inferred_note(b) {
            out += &format!("{}\n\n", escape(&note));
        }
    }
    out
}

/// Markdown of another command, its title replaced and its headings one level down.
/// A heading followed by the claim it tests, when the report tests one.
fn with_quote(heading: String, quote: &str) -> String {
    if quote.is_empty() {
        heading
    } else {
        format!("{heading}\n\n{}", escape(quote))
    }
}

fn nested(title: &str, body: &str) -> String {
    let mut out = format!("## {title}\n");
    for line in body.lines().skip(1) {
        if line.starts_with('#') {
            out.push('#');
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// The city pair's complementarity (claim 3 on the GBA data) and "Four chains as one
/// system" (claim 2), as the `complement` and `fusion` commands print them.
fn claims_2_and_3(report: &Report) -> String {
    let f = &report.framing;
    let mut out = String::new();
    match (&report.complementarity, &f.pair) {
        (Some(c), _) => {
            out += &nested(
                &with_quote(
                    escape(&f.pair_heading(&c.a.name, &c.b.name)),
                    &f.quote(ClaimId::Complementarity),
                ),
                &crate::report::complement::render_table(c),
            )
        }
        (None, Some([a, b])) => {
            out += &format!(
                "## {}\n\n{}\n\n",
                escape(&f.pair_heading(a, b)),
                escape(&f.no_pair())
            )
        }
        (None, None) => out += &format!("## Complementarity\n\n{}\n\n", escape(&f.no_pair())),
    }
    out += &nested(
        &with_quote(
            f.heading_after(ClaimId::Fusion, "Four chains as one system"),
            &f.quote(ClaimId::Fusion),
        ),
        &crate::report::fusion::render_table(&report.fusion),
    );
    out
}

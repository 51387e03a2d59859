//! The analyst's report as one self-contained HTML page: pure function from [`Report`]
//! (and one SVG chain map per chain, made by the caller) to text.
//!
//! Self-contained means: inline CSS, inline SVG, no script, no font, image or style sheet
//! loaded from anywhere; a Content-Security-Policy meta tag (`default-src 'none'`) makes
//! any accidental reference fail closed instead of reaching the network. The only URLs in
//! the page are SVG namespace names (`xmlns`), which are never fetched.
//!
//! The content follows the Markdown report ([`super::markdown`]): the verdict and what the
//! data can and cannot decide (`claim`, chain headlines), claim 1 per chain, the research
//! list, the absences a `fails` rests on, the dual cycle, claim 4 (stability) — all in
//! `html_claims.rs` — then "Bottlenecks and resilience", claims 3 and 2 (their tables built
//! once for both formats, [`super::table::Table`]), and per chain its
//! tests, evidence, coverage, chain map, final products, breakpoints, blockages,
//! chokepoints and shortlist. One function per section, so new
//! sections of [`Report`] add one function each. All user text goes through
//! [`crate::text::escape::html`].

#[path = "html_claims.rs"]
mod claims;

use super::analyst::{ChainSection, Report};
use super::bottleneck_words::{
    bottleneck_summary, connectivity_note, critical_group_cell, single_source_counts,
};
use super::claim_words::stage_name;
use super::phrases::{
    BLOCKAGE_PAIRS_HEADER, CHOKEPOINTS_HEADING, CHOKEPOINTS_NOTE, CRITICAL_GROUPS_HEADER,
    DOMINATOR_EVIDENCE_HEADER, DOMINATORS_NOTE, SINGLE_SOURCE_HEADER,
};
use super::shortlist_words::{shortlist_lines, shortlist_rows};
use super::table::{Markup, Table};
use super::words::reason_words;
use crate::analysis::completeness::Mode;
use crate::analysis::figure::cell;
use crate::load::settings::ClaimId;
use crate::model::Model;
use crate::text::escape::html as esc;
use crate::text::number::fmt_percent;

/// The chain map drawn for one chain, as an inline `<svg>` element.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainPicture {
    /// Chain id: the picture goes into this chain's section.
    pub chain: String,
    /// An `<svg …>…</svg>` element without XML prolog or doctype.
    pub svg: String,
    /// What drew it (`Graphviz` or `the built-in layout`), said under the picture.
    pub engine: String,
    /// Why the built-in layout drew it although Graphviz was asked for (Graphviz's `dot`
    /// ran out of time or failed), said under the picture; `None` when drawn as asked.
    pub fallback: Option<String>,
}

const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;margin:0;color:#1f2933;background:#fff;line-height:1.45}
main{max-width:1200px;margin:0 auto;padding:24px}
h1{font-size:1.6em;margin:0 0 .4em}
h2{font-size:1.3em;margin:1.6em 0 .5em;border-bottom:1px solid #cfd8dc;padding-bottom:.2em}
h3{font-size:1.05em;margin:1.2em 0 .4em}
.claim{background:#f5f7f8;border-left:4px solid #607d8b;padding:12px 16px;margin:12px 0}
.status{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;font-size:.9em}
.status.holds,.pass{background:#c8e6c9;color:#1b5e20}
.status.fails,.fail{background:#ffcdd2;color:#b71c1c}
.status.undetermined,.unknown{background:#ffe0b2;color:#e65100}
.status.not_applicable,.na{background:#eceff1;color:#37474f}
table{border-collapse:collapse;margin:8px 0 16px;font-size:.92em}
th,td{border:1px solid #cfd8dc;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#eceff1;white-space:nowrap}
td.num,th.num{text-align:right}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em;background:#f1f3f4;padding:0 3px;border-radius:3px;overflow-wrap:anywhere}
figure{margin:12px 0;overflow-x:auto;border:1px solid #e0e0e0;padding:8px}
figure svg{max-width:100%;height:auto}
figcaption{font-size:.85em;color:#546e7a}
.meta{color:#546e7a;font-size:.9em}
footer{margin-top:2em;color:#78909c;font-size:.85em}
";

/// The whole page.
/// The report as one self-contained HTML page (inline CSS and SVG, no script, nothing
/// loaded from the network); `pictures` are placed in their chains' sections.
pub fn render(report: &Report, model: &Model, pictures: &[ChainPicture]) -> String {
    let mut out = String::from("<!DOCTYPE html>\n<html lang=\"en\">\n");
    out += &head(report);
    out += "<body>\n<main>\n";
    out += &claims::header(report);
    out += &claims::claim_one(report);
    out += &claims::dual_cycle(report);
    out += &claims::stability(report);
    out += &bottleneck_section(report);
    out += &complement_section(report);
    out += &fusion_section(report);
    for c in &report.chains {
        let picture = pictures.iter().find(|p| p.chain == c.chain);
        out += &chain_section(c, model, report, picture);
    }
    out += &footer(report);
    out += "</main>\n</body>\n</html>\n";
    out
}

fn head(report: &Report) -> String {
    format!(
        "<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"{}\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n",
        esc(&report.tool),
        esc(&report.framing.title)
    )
}

fn bottleneck_section(report: &Report) -> String {
    let b = &report.bottlenecks;
    let mut out = String::from("<section>\n<h2>Bottlenecks and resilience (卡点)</h2>\n<p>");
    out += &bottleneck_summary(&report.bottlenecks, report.overall.realised_closed, code);
    out += "</p>\n<h3>Per chain</h3>\n";
    out += &table(
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
                    codes(conn.cut.iter().map(String::as_str)),
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
        out += &format!("<p>{}</p>\n", esc(&note));
    }
    if !b.dominators.is_empty() {
        out += "<h3>Dominators: firms on every local supply path to final-product firms</h3>\n";
        out += &table(
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
                        format!("{} {}", esc(&d.name), code(&d.firm)),
                        esc(&d.city),
                        d.dominated_final_firms.to_string(),
                        esc(&super::words::evidence_line(&d.supply_link_evidence)),
                    ]
                })
                .collect(),
        );
        out += &format!("<p>{}</p>\n", esc(DOMINATORS_NOTE));
        if let Some(note) = super::bottleneck_words::dominators_inferred_note(b) {
            out += &format!("<p>{}</p>\n", esc(&note));
        }
    }
    out += "</section>\n";
    out
}

fn chain_section(
    c: &ChainSection,
    model: &Model,
    report: &Report,
    picture: Option<&ChainPicture>,
) -> String {
    let (mode, region) = (report.mode, report.region.name.as_str());
    let mut out = format!(
        "<section id=\"{}\">\n<h2>Chain {} {}</h2>\n<p>{}</p>\n",
        anchor(&c.chain),
        code(&c.chain),
        claims::status_badge(c.verdict.status),
        esc(&c.headline)
    );
    out += &claims::tests_list(c, &report.framing);
    out += &chain_map(c, picture);
    out += &claims::final_products(c, model, region);
    out += &breakpoints_table(c, model, mode);
    out += &blockages_table(c);
    out += &chokepoints_table(c);
    out += &shortlist_table(c);
    out += "</section>\n";
    out
}

fn chain_map(c: &ChainSection, picture: Option<&ChainPicture>) -> String {
    match picture {
        Some(p) => format!(
            "<figure>\n{}<figcaption>Chain map (产业链图谱) of {}: stages by tier, upstream left; green closed, amber present but not closed, red missing; red dashed arrows are blockages (堵点). Drawn by {}{}.</figcaption>\n</figure>\n",
            p.svg,
            code(&c.chain),
            esc(&p.engine),
            p.fallback
                .as_ref()
                .map(|why| format!(" instead of Graphviz: {}", esc(why.trim_end_matches('.'))))
                .unwrap_or_default()
        ),
        None => String::new(),
    }
}

fn breakpoints_table(c: &ChainSection, model: &Model, mode: Mode) -> String {
    let k = &c.completeness;
    if k.breakpoints.is_empty() {
        return String::new();
    }
    format!(
        "<h3>Breakpoints (断点) of {} ({} closure)</h3>\n{}",
        code(&c.chain),
        mode.as_str(),
        table(
            &["stage", "reason", "#blocks", "final products blocked"],
            k.breakpoints
                .iter()
                .map(|b| {
                    vec![
                        esc(&stage_name(model, &c.chain, &b.stage)),
                        esc(&reason_words(b)),
                        b.blocks.to_string(),
                        codes(b.final_products.iter().map(String::as_str)),
                    ]
                })
                .collect(),
        )
    )
}

fn blockages_table(c: &ChainSection) -> String {
    let k = &c.completeness;
    if k.blockages.is_empty() {
        return String::new();
    }
    format!(
        "<h3>Blockages (堵点) of {}: local producers at both ends, no local trade recorded in the data</h3>\n{}",
        code(&c.chain),
        table(
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
        )
    )
}

fn chokepoints_table(c: &ChainSection) -> String {
    let k = &c.completeness;
    if k.chokepoints.is_empty() {
        return String::new();
    }
    format!(
        "<h3>{CHOKEPOINTS_HEADING} of {}</h3>\n<p class=\"meta\">{}</p>\n{}",
        code(&c.chain),
        esc(CHOKEPOINTS_NOTE),
        table(
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
                        esc(&x.countries.join(", ")),
                    ]
                })
                .collect(),
        )
    )
}

fn shortlist_table(c: &ChainSection) -> String {
    let lines = shortlist_lines(&c.shortlists, false);
    if lines.is_empty() {
        return String::new();
    }
    let rows = shortlist_rows(&c.shortlists);
    format!(
        "<h3>Investment-attraction shortlist (招商清单) for {}</h3>\n<ul>\n{}</ul>\n{}",
        code(&c.chain),
        lines
            .iter()
            .map(|l| format!("<li>{}</li>\n", esc(l)))
            .collect::<String>(),
        table(
            &rows.header_refs(),
            rows.rows
                .iter()
                .map(|r| r.iter().map(|cell| esc(cell)).collect())
                .collect(),
        )
    )
}

fn footer(report: &Report) -> String {
    format!(
        "<footer>Definitions: docs/analyses.md. Generated by {} from {}.</footer>\n",
        esc(&report.tool),
        esc(&report.dataset)
    )
}

/// A table; headers are plain text, cells are HTML already. Headers starting with `#` are
/// numeric columns (right-aligned, `#` dropped), as in [`super::table`].
pub(crate) fn table(headers: &[&str], rows: Vec<Vec<String>>) -> String {
    let headers: Vec<String> = headers.iter().map(|h| esc(h)).collect();
    marked_table(&headers, rows)
}

/// A table whose headers and cells are HTML already (see [`table`]).
fn marked_table(headers: &[String], rows: Vec<Vec<String>>) -> String {
    let numeric: Vec<bool> = headers.iter().map(|h| h.starts_with('#')).collect();
    let mut out = String::from("<table>\n<thead><tr>");
    for (h, &num) in headers.iter().zip(&numeric) {
        out += &format!(
            "<th{}>{}</th>",
            if num { " class=\"num\"" } else { "" },
            h.strip_prefix('#').unwrap_or(h)
        );
    }
    out += "</tr></thead>\n<tbody>\n";
    for row in rows {
        out += "<tr>";
        for (i, cell) in row.into_iter().enumerate() {
            let num = numeric.get(i).copied().unwrap_or(false);
            out += &format!("<td{}>{cell}</td>", if num { " class=\"num\"" } else { "" });
        }
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
    out
}

/// HTML markup for the tables built once for both renderers ([`Table`]): text escaped,
/// ids in `<code>`, emphasis in `<strong>`.
const HTML: Markup = Markup {
    text: esc,
    code,
    strong: html_strong,
};

fn html_strong(marked: &str) -> String {
    format!("<strong>{marked}</strong>")
}

/// Blocks built by a section's `tables` (with [`HTML`]) as HTML: the heading one level below
/// the section's (`<h3>`, `<h4>` for a subheading), the table, each note as a paragraph.
fn blocks(tables: &[Table]) -> String {
    let mut out = String::new();
    for t in tables {
        let level = if t.sub { 4 } else { 3 };
        out += &format!("<h{level}>{}</h{level}>\n", t.title);
        if !t.headers.is_empty() {
            out += &marked_table(&t.headers, t.rows.clone());
        }
        for note in &t.notes {
            out += &format!("<p>{note}</p>\n");
        }
    }
    out
}

pub(crate) fn code(id: &str) -> String {
    format!("<code>{}</code>", esc(id))
}

pub(crate) fn codes<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.map(code).collect::<Vec<_>>().join(", ")
}

/// A fragment id for a chain: `chain-` and the id with anything but ASCII letters and
/// digits replaced by `-`, plus the id's length so different ids never collide by accident.
pub(crate) fn anchor(chain: &str) -> String {
    let slug: String = chain
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("chain-{slug}-{}", chain.len())
}

/// The city pair's complementarity (claim 3 on the GBA data): the conclusion, then the
/// tables the Markdown report prints ([`crate::report::complement::tables`]).
fn complement_section(report: &Report) -> String {
    let f = &report.framing;
    let Some(c) = &report.complementarity else {
        let heading = match &f.pair {
            Some([a, b]) => f.pair_heading(a, b),
            None => "Complementarity".to_string(),
        };
        return format!(
            "<section id=\"pair\">\n<h2>{}</h2>\n<p>{}</p>\n</section>\n",
            esc(&heading),
            esc(&f.no_pair())
        );
    };
    let mut out = format!(
        "<section id=\"pair\">\n<h2>{}</h2>\n{}",
        esc(&f.pair_heading(&c.a.name, &c.b.name)),
        claims::quote_paragraph(f, ClaimId::Complementarity)
    );
    out += &format!(
        "<p>{}</p>\n<p>{}</p>\n",
        esc(&c.conclusion),
        esc(&crate::report::complement::lead_in(c))
    );
    out += &blocks(&crate::report::complement::tables(c, &HTML));
    out += "</section>\n";
    out
}

/// "Four chains as one system" (claim 2): the conclusion, then the tables the Markdown
/// report prints ([`crate::report::fusion::tables`]).
fn fusion_section(report: &Report) -> String {
    let f = &report.fusion.metrics;
    let mut out = format!(
        "<section id=\"one-system\">\n<h2>{}</h2>\n",
        esc(&report
            .framing
            .heading_after(ClaimId::Fusion, "Four chains as one system"))
    );
    out += &claims::quote_paragraph(&report.framing, ClaimId::Fusion);
    out += &format!(
        "<p>{}</p>\n<p>{}</p>\n",
        crate::report::fusion::region_line(f, &HTML),
        esc(&report.fusion.conclusion)
    );
    out += &blocks(&crate::report::fusion::tables(f, &HTML));
    out += "</section>\n";
    out
}

//! The opening of the HTML report: the verdict and what the data can and cannot decide,
//! claim 1 per chain, the research list, the absences a `fails` rests on, the dual cycle
//! and claim 4 (stability); and per chain its tests, evidence, coverage and final products.
//! The words come from [`crate::report::words`], so the page says what the Markdown says.

use super::{anchor, code, codes, table};
use crate::analysis::completeness::Verdict;
use crate::analysis::verdict::TestStatus;
use crate::load::settings::ClaimId;
use crate::model::Model;
use crate::report::analyst::{ChainSection, Report};
use crate::report::claim_one::{
    ABSENCE_HEADERS, RESEARCH_HEADING, absence_notes, absence_rows, research_table,
};
use crate::report::framing::Framing;
use crate::report::phrases::{ABSENCE_NOTES_LEAD, CLAIM_ONE_NOTE, TERMS};
use crate::report::words::{
    Rows, claim_one_rows, coverage_sentence, data_line, evidence_sentence, final_product_rows,
    ladder_intro, question, stability_rows, status_word, test_body, test_word,
};
use crate::text::escape::html as esc;

/// A verdict as a coloured badge.
pub(super) fn status_badge(s: Verdict) -> String {
    let word = status_word(s);
    format!("<span class=\"status {word}\">{word}</span>")
}

fn test_cell(s: TestStatus) -> String {
    let class = match s {
        TestStatus::Pass => "pass",
        TestStatus::Fail => "fail",
        TestStatus::Undetermined | TestStatus::NotComputed => "unknown",
        TestStatus::NotApplicable => "na",
    };
    format!("<span class=\"{class}\">{}</span>", test_word(s))
}

fn plain_table(rows: &Rows) -> String {
    table(
        &rows.header_refs(),
        rows.rows
            .iter()
            .map(|r| r.iter().map(|c| esc(c)).collect())
            .collect(),
    )
}

/// The title, the verdict line, what the data can and cannot decide, the headlines.
pub(super) fn header(report: &Report) -> String {
    let f = &report.framing;
    let (label, tested) = f.tested_line(&question(report));
    let mut out = format!(
        "<header>\n<h1>{}</h1>\n<div class=\"claim\"><p><strong>{label}:</strong> {}</p>\n<p><strong>Verdict:</strong> {} {}</p></div>\n<h2>What the data can and cannot decide</h2>\n<p>{}</p>\n{}<ul class=\"headlines\">\n",
        esc(&f.title),
        esc(&tested),
        status_badge(report.claim.status),
        // The badge says the status; the headline's first word repeats it.
        esc(report
            .claim
            .headline
            .strip_prefix(report.claim.status.as_str())
            .map_or(report.claim.headline.as_str(), str::trim_start)),
        esc(&report.claim.summary),
        f.caveat(ClaimId::Completeness)
            .map_or_else(String::new, |c| format!("<p>{}</p>\n", esc(&c)))
    );
    for c in &report.chains {
        out += &format!("<li>{}</li>\n", esc(&c.headline));
    }
    for (lead, text) in crate::report::summary::summary_lines(report) {
        out += &format!("<li>{}: {}</li>\n", esc(&lead), esc(&text));
    }
    out += &format!(
        "</ul>\n<p class=\"meta\">{}</p>\n<p class=\"meta\">Terms: {}.</p>\n</header>\n",
        esc(&data_line(report)),
        TERMS
            .iter()
            .map(|(term, meaning)| format!("<strong>{}</strong> = {}", esc(term), esc(meaning)))
            .collect::<Vec<_>>()
            .join("; ")
    );
    out
}

/// Claim 1 per chain, the research list and the absences the failures rest on.
pub(super) fn claim_one(report: &Report) -> String {
    let rows = claim_one_rows(report);
    let body = rows
        .rows
        .iter()
        .zip(&report.chains)
        .map(|(r, c)| {
            let mut row: Vec<String> = r.iter().map(|x| esc(x)).collect();
            row[0] = format!("<a href=\"#{}\">{}</a>", anchor(&c.chain), code(&c.chain));
            row[1] = status_badge(c.verdict.status);
            row[5] = test_cell(c.verdict.tests[0].status);
            row
        })
        .collect();
    let mut out = format!(
        "<section id=\"claim-1\">\n<h2>{}</h2>\n{}<p class=\"meta\">{}</p>\n",
        esc(&report.framing.per_chain_heading()),
        table(&rows.header_refs(), body),
        esc(CLAIM_ONE_NOTE)
    );
    if !report.claim.research.is_empty() {
        out += &format!("<h3>{}</h3>\n", esc(RESEARCH_HEADING));
        let (headers, rows) =
            research_table(report, |ids| codes(ids.iter().map(String::as_str)), esc);
        out += &table(
            &headers.iter().map(String::as_str).collect::<Vec<_>>(),
            rows,
        );
    }
    let absences = absence_rows(report);
    if !absences.is_empty() {
        out += "<h3>Recorded absences: those the failing verdicts rest on, then the others</h3>\n";
        out += &plain_table(&Rows {
            headers: ABSENCE_HEADERS.map(String::from).to_vec(),
            rows: absences,
        });
        let notes = absence_notes(report);
        if !notes.is_empty() {
            out += &format!("<p>{}</p>\n<ul>\n", esc(ABSENCE_NOTES_LEAD));
            for (keys, note) in notes {
                out += &format!(
                    "<li>{}: {}</li>\n",
                    codes(keys.iter().map(String::as_str)),
                    esc(&note)
                );
            }
            out += "</ul>\n";
        }
    }
    out += "</section>\n";
    out
}

/// The boundary ladder: where each final product closes.
pub(super) fn dual_cycle(report: &Report) -> String {
    let mut out = format!(
        "<section id=\"dual-cycle\">\n<h2>{}</h2>\n{}<p>{}</p>\n<ul>\n",
        esc(&report.framing.ladder_heading()),
        quote_paragraph(&report.framing, ClaimId::DualCycle),
        esc(&ladder_intro(report))
    );
    for c in &report.chains {
        for rung in &c.dual_cycle {
            out += &format!("<li>{}: {}</li>\n", code(&c.chain), esc(&rung.text));
        }
    }
    out += "</ul>\n</section>\n";
    out
}

/// Claim 4: H3–H5 per chain.
pub(super) fn stability(report: &Report) -> String {
    format!(
        "<section id=\"claim-4\">\n<h2>{}</h2>\n{}{}</section>\n",
        esc(&report
            .framing
            .heading(ClaimId::Stability, "stability (H3–H5)")),
        quote_paragraph(&report.framing, ClaimId::Stability),
        plain_table(&stability_rows(report))
    )
}

/// A chain's tests (claim 1, claim 4), evidence and coverage.
pub(super) fn tests_list(c: &ChainSection, framing: &Framing) -> String {
    let mut out = String::new();
    for (claim, title) in framing.test_groups() {
        out += &format!("<p>{title}:</p>\n<ul class=\"tests\">\n");
        for t in c.verdict.tests.iter().filter(|t| t.claim == claim) {
            out += &format!(
                "<li><strong>{} {}</strong>: {} — {}</li>\n",
                esc(t.id),
                esc(t.name),
                test_cell(t.status),
                esc(&test_body(t))
            );
        }
        out += "</ul>\n";
    }
    out += &format!(
        "<p>{}</p>\n<p>{}</p>\n",
        esc(&evidence_sentence(c)),
        esc(&coverage_sentence(c))
    );
    out
}

/// A chain's final products.
pub(super) fn final_products(c: &ChainSection, model: &Model, region: &str) -> String {
    plain_table(&final_product_rows(c, model, region))
}

/// The claim a section tests, as a paragraph under its heading (empty when none is tested).
pub(super) fn quote_paragraph(framing: &Framing, id: ClaimId) -> String {
    let quote = framing.quote(id);
    if quote.is_empty() {
        quote
    } else {
        format!("<p class=\"claim\">{}</p>\n", esc(&quote))
    }
}

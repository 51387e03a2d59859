//! The claim-1 section's two tables, shared by the Markdown and HTML renderers: the research
//! list (what would settle an undetermined chain, and confirm or overturn a failing one) and
//! the recorded absences (those the failing verdicts rest on first, then the others) with
//! their notes. Plain text: each renderer escapes or marks up the cells its own way.

use super::analyst::Report;

/// The recorded absences of the report's chains, those a failing verdict rests on first
/// (`deciding`), then the others (a stage bypassed by an alternative, or below another
/// absent stage): (chain, stage, absence, deciding).
fn recorded_absences(
    report: &Report,
) -> Vec<(&str, &str, &crate::analysis::completeness::AbsenceRef, bool)> {
    let mut out = Vec::new();
    for c in &report.chains {
        for r in &c.verdict.rests_on {
            out.push((c.chain.as_str(), r.stage.as_str(), &r.absence, true));
        }
        for s in &c.completeness.stages {
            let deciding = c.verdict.rests_on.iter().any(|r| r.stage == s.stage);
            if let (Some(a), false) = (&s.absence, deciding) {
                out.push((c.chain.as_str(), s.stage.as_str(), a, false));
            }
        }
    }
    out
}

/// The recorded absences table: chain, stage, area, evidence, whether the verdict rests on
/// it, source.
pub fn absence_rows(report: &Report) -> Vec<Vec<String>> {
    recorded_absences(report)
        .into_iter()
        .map(|(chain, stage, a, deciding)| {
            vec![
                chain.to_string(),
                stage.to_string(),
                a.area.clone(),
                a.evidence.to_string(),
                if deciding {
                    "yes".into()
                } else {
                    "no (bypassed, or below another absence)".into()
                },
                if a.source_ref.is_empty() {
                    "no source given".into()
                } else {
                    a.source_ref.clone()
                },
            ]
        })
        .collect()
}

/// The headers of [`absence_rows`].
pub const ABSENCE_HEADERS: [&str; 6] = [
    "chain",
    "stage",
    "area",
    "evidence",
    "the verdict rests on it",
    "source",
];

/// The research list's heading (both renderers).
pub const RESEARCH_HEADING: &str = "Research list: what would settle the undetermined chains, and confirm or overturn the failing ones";

/// The headers of the research list (both renderers): chain, the stages to survey, the
/// template edges to check for local trade, the absences to document.
pub fn research_headers(region: &str) -> [String; 4] {
    [
        "chain".into(),
        format!(
            "does {region} have a producer of …? (no producer in the region in the data — not proof of absence; for a failing chain, these decide it only if its absences fall)"
        ),
        "do local producers trade along …?".into(),
        "check the absence of … (the failing verdict rests on it; a public record either way settles it)".into(),
    ]
}

/// The research list as a table (headers, rows), its trade column left out when no chain
/// has an edge to check.
/// `ids` formats a list of ids (the chain, the stages), `text` a plain cell.
pub fn research_table(
    report: &Report,
    ids: impl Fn(&[String]) -> String,
    text: impl Fn(&str) -> String,
) -> (Vec<String>, Vec<Vec<String>>) {
    let research = &report.claim.research;
    let with_edges = research.iter().any(|r| !r.edges.is_empty());
    let keep = |i: usize| with_edges || i != 2;
    let headers = research_headers(&report.region.name)
        .into_iter()
        .enumerate()
        .filter(|&(i, _)| keep(i))
        .map(|(_, h)| h)
        .collect();
    let rows = research
        .iter()
        .map(|r| {
            [
                ids(std::slice::from_ref(&r.chain)),
                ids(&r.stages),
                text(&r.edges.join(", ")),
                text(&r.document.join(", ")),
            ]
            .into_iter()
            .enumerate()
            .filter(|&(i, _)| keep(i))
            .map(|(_, c)| c)
            .collect()
        })
        .collect();
    (headers, rows)
}

/// The notes of the recorded absences (as [`absence_rows`] orders them), one line per
/// distinct note:
/// (the `chain/stage` rows sharing it, the note). Rows without a note are left out.
pub fn absence_notes(report: &Report) -> Vec<(Vec<String>, String)> {
    let mut notes: Vec<(Vec<String>, String)> = Vec::new();
    for (chain, stage, a, _) in recorded_absences(report) {
        if a.note.is_empty() {
            continue;
        }
        let key = format!("{chain}/{stage}");
        match notes.iter_mut().find(|(_, n)| *n == a.note) {
            Some((keys, _)) => keys.push(key),
            None => notes.push((vec![key], a.note.clone())),
        }
    }
    notes
}

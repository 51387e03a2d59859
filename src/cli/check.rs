//! `chainatlas check [DATASET] [--all] [--format text|json]`: every problem — in text,
//! identical ones folded into one line unless `--all` — then a one-line summary. Exit 0
//! without errors (warnings allowed), 1 with errors, 2 on usage/I-O error.

use std::process::ExitCode;

use serde::Serialize;

use super::common::{self, Context, DatasetArg};
use super::format::{Format, emit};
use crate::error::Error;
use crate::load::{Problem, fold, fold_sizes};
use crate::report::to_json;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub dataset: DatasetArg,
    /// Output format
    #[arg(long, value_parser = Format::parser(&[Format::Text, Format::Json]), default_value_t = Format::Text)]
    pub format: Format,
    /// List every problem on its own line (by default, identical problems on several
    /// lines are folded into one line naming the lines)
    #[arg(long)]
    pub all: bool,
}

#[derive(Serialize)]
struct CheckReport<'a> {
    dataset: String,
    ok: bool,
    errors: usize,
    warnings: usize,
    firms: Option<usize>,
    links: Option<usize>,
    problems: Vec<ProblemEntry<'a>>,
}

/// A problem in the JSON, with how many problems share its severity, file, column and
/// message (the size of the fold it is in, in the text; 1 when it is alone).
#[derive(Serialize)]
struct ProblemEntry<'a> {
    #[serde(flatten)]
    problem: &'a Problem,
    occurrences: usize,
}

/// Every problem, each with the size of its fold.
fn entries(problems: &[Problem]) -> Vec<ProblemEntry<'_>> {
    problems
        .iter()
        .zip(fold_sizes(problems))
        .map(|(problem, occurrences)| ProblemEntry {
            problem,
            occurrences,
        })
        .collect()
}

pub fn run(args: Args, ctx: &Context) -> Result<ExitCode, Error> {
    let source = args.dataset.source();
    let loaded = common::load(ctx, &source)?;
    let report = CheckReport {
        dataset: source.display(),
        ok: loaded.errors() == 0,
        errors: loaded.errors(),
        warnings: loaded.warnings(),
        firms: loaded.model.as_ref().map(|m| m.firms.len()),
        links: loaded.model.as_ref().map(|m| m.links.len()),
        problems: entries(&loaded.problems),
    };
    let text = match args.format {
        Format::Json => to_json(&report),
        Format::Text => render_text(&report, &loaded.problems, args.all),
        other => return Err(other.unsupported()),
    };
    emit(args.format, text.into_bytes(), None, &[])?;
    common::encoding_hint(&loaded.problems);
    let code = ExitCode::from(if report.ok { 0 } else { 1 });
    // The process ends here: the OS takes the model's memory back at once, where freeing
    // a million firms' strings one by one costs a noticeable part of the run.
    std::mem::forget(loaded);
    Ok(code)
}

/// The problems, identical ones folded unless `all`, then the verdict line.
fn render_text(report: &CheckReport<'_>, problems: &[Problem], all: bool) -> String {
    let mut out = String::new();
    if all {
        for p in problems {
            out.push_str(&p.to_string());
            out.push('\n');
        }
    } else {
        for folded in fold(problems) {
            out.push_str(&folded.render("--all lists every line"));
            out.push('\n');
        }
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let verdict = if report.ok { "ok" } else { "FAILED" };
    out.push_str(&format!(
        "{}: {verdict}: {}, {}",
        report.dataset,
        plural(report.errors, "error"),
        plural(report.warnings, "warning")
    ));
    if let (Some(f), Some(l)) = (report.firms, report.links) {
        out.push_str(&format!(
            "; {} and {} loaded",
            plural(f, "firm"),
            plural(l, "link")
        ));
    }
    out.push('\n');
    out
}

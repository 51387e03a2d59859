//! `chainatlas check [DATASET] [--format text|json]`: every problem, then a one-line
//! summary. Exit 0 without errors (warnings allowed), 1 with errors, 2 on usage/I-O error.

use std::process::ExitCode;

use serde::Serialize;

use super::DatasetArg;
use crate::error::Error;
use crate::load::{self, Problem};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub dataset: DatasetArg,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Serialize)]
struct CheckReport<'a> {
    dataset: String,
    ok: bool,
    errors: usize,
    warnings: usize,
    firms: Option<usize>,
    links: Option<usize>,
    problems: &'a [Problem],
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let source = args.dataset.source();
    let loaded = load::load(&source)?;
    let report = CheckReport {
        dataset: source.display(),
        ok: loaded.errors() == 0,
        errors: loaded.errors(),
        warnings: loaded.warnings(),
        firms: loaded.model.as_ref().map(|m| m.firms.len()),
        links: loaded.model.as_ref().map(|m| m.links.len()),
        problems: &loaded.problems,
    };
    let bytes = match args.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&report)
                .map_err(|e| Error::Usage(format!("cannot encode JSON: {e}")))?;
            s.push('\n');
            s.into_bytes()
        }
        Format::Text => render_text(&report).into_bytes(),
    };
    output::write_stdout(&bytes)?;
    let code = ExitCode::from(if report.ok { 0 } else { 1 });
    // The process ends here: the OS takes the model's memory back at once, where freeing
    // a million firms' strings one by one costs a noticeable part of the run.
    std::mem::forget(loaded);
    Ok(code)
}

fn render_text(report: &CheckReport<'_>) -> String {
    let mut out = String::new();
    for p in report.problems {
        out.push_str(&p.to_string());
        out.push('\n');
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

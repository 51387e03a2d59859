//! `chainatlas import`: turns firm lists, link lists, chain templates and city lists as
//! analysts get them (Excel or CSV exports of enterprise databases, Chinese headers, 万/亿
//! numbers, GBK text) into a dataset folder, with an import log saying what was mapped,
//! what was dropped and why, and which units were read.
//!
//! The pipeline: the map file ([`mapfile`]), the chain template ([`template`]), cities
//! ([`places`]), firms ([`firms`]), links ([`links`]); each table read by [`table`] and its
//! columns mapped by [`columns`]; cells read by [`values`] and [`words`]. Everything is
//! built in memory and returned as the set of files to write; the caller writes it as one
//! set (or nothing, when there are errors).

mod columns;
mod firms;
mod links;
mod mapfile;
mod places;
mod problems;
mod table;
mod template;
mod values;
mod words;

use std::path::{Path, PathBuf};

pub use crate::load::{Problem, Severity};
pub use problems::Problems;

use columns::{ColumnMap, TableKind, is_known, map_columns};
use mapfile::MapFile;
use table::Table;

/// The files given to `import`.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// `--firms`.
    pub firms: PathBuf,
    /// `--links`.
    pub links: Option<PathBuf>,
    /// `--chains`.
    pub chains: Option<PathBuf>,
    /// `--cities`.
    pub cities: Option<PathBuf>,
    /// `--map`.
    pub map: Option<PathBuf>,
}

impl Inputs {
    /// Every input file, for the output's "not over an input" check.
    pub fn paths(&self) -> Vec<PathBuf> {
        let mut all = vec![self.firms.clone()];
        all.extend(
            [&self.links, &self.chains, &self.cities, &self.map]
                .into_iter()
                .flatten()
                .cloned(),
        );
        all
    }
}

/// What an import produced: the files to write (none when there are errors) and every
/// problem found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// File name → contents, in the order to write; empty when `problems` has errors.
    pub files: Vec<(String, Vec<u8>)>,
    /// Errors and warnings.
    pub problems: Problems,
    /// One line for stderr: what was written.
    pub summary: String,
}

/// One CSV file of the dataset being made: its header and rows.
#[derive(Debug, Default)]
pub(crate) struct CsvFile {
    /// Header cells.
    header: Vec<String>,
    /// Rows, as many cells as the header.
    rows: Vec<Vec<String>>,
}

impl CsvFile {
    /// An empty file with this header.
    fn new(header: &[&str]) -> CsvFile {
        CsvFile {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// The file's bytes (spreadsheet-safe CSV).
    fn bytes(&self) -> Vec<u8> {
        let header: Vec<&str> = self.header.iter().map(String::as_str).collect();
        crate::text::csv::render(&header, &self.rows).into_bytes()
    }
}

/// The name of the log file in the dataset folder.
pub const LOG_FILE: &str = "import-log.md";

/// What the log says, gathered while importing.
#[derive(Debug, Default)]
pub(crate) struct Log {
    inputs: Vec<String>,
    columns: Vec<String>,
    values: Vec<(String, Vec<String>)>,
    dropped: Vec<String>,
}

/// One import's state: its inputs, the map, problems and log.
#[derive(Debug, Default)]
pub(crate) struct Context {
    inputs: Inputs,
    map: MapFile,
    problems: Problems,
    log: Log,
}

impl Context {
    /// The map file for messages.
    fn map_label(&self) -> String {
        self.inputs
            .map
            .as_ref()
            .map_or_else(|| "(no map file)".to_string(), |p| p.display().to_string())
    }

    /// Reads a table and maps its columns, noting both in the log.
    fn read_table(&mut self, kind: TableKind, path: &Path) -> Option<(Table, ColumnMap)> {
        let (overrides, sheet) = match kind {
            TableKind::Firms => (self.map.firms.columns.clone(), self.map.firms.sheet.clone()),
            TableKind::Links => (self.map.links.columns.clone(), self.map.links.sheet.clone()),
            TableKind::Chains => (
                self.map.chains.columns.clone(),
                self.map.chains.sheet.clone(),
            ),
            TableKind::Cities => (
                self.map.cities.columns.clone(),
                self.map.cities.sheet.clone(),
            ),
        };
        let known = |h: &str| is_known(kind, h, &overrides);
        let table = table::read(path, sheet.as_deref(), &known, &mut self.problems)?;
        let columns = map_columns(kind, &table, &overrides, &mut self.problems);
        self.log.inputs.push(format!(
            "{} {}: {}; header on row {}; {} data rows",
            kind.name(),
            table.file,
            table.how,
            table.header_row,
            table.rows.len()
        ));
        self.log
            .columns
            .push(format!("\n### {} ({})\n", kind.name(), table.file));
        self.log
            .columns
            .push("| column | becomes | how |".to_string());
        self.log.columns.push("|---|---|---|".to_string());
        for note in &columns.notes {
            self.log.columns.push(format!(
                "| {} | {} | {} |",
                cell_md(&note.header),
                match note.field {
                    Some(field @ ("industry" | "scope")) =>
                        format!("{field} (read for stages, not written)"),
                    Some(field) => field.to_string(),
                    None if note.how.starts_with("unknown") => "(extra column)".to_string(),
                    None => "–".to_string(),
                },
                note.how
            ));
        }
        Some((table, columns))
    }

    /// The unit of bare numbers in a money column, or `None` after an error about the
    /// map's `setting` (named by `key`).
    fn money_unit(
        &mut self,
        header: Option<&str>,
        setting: Option<String>,
        key: &str,
    ) -> Option<(String, f64, String)> {
        match firms::money_unit(header, setting) {
            Ok(unit) => Some(unit),
            Err(e) => {
                let map = self.map_label();
                self.problems.error(&map, None, None, format!("{key}: {e}"));
                None
            }
        }
    }
}

/// A cell for a Markdown table: `|` escaped, line breaks as spaces.
fn cell_md(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Runs an import in memory.
pub fn import(inputs: &Inputs) -> Outcome {
    let mut ctx = Context {
        inputs: inputs.clone(),
        ..Context::default()
    };
    if let Some(path) = &inputs.map {
        match mapfile::load(path) {
            Ok(map) => {
                ctx.log.inputs.push(format!(
                    "map {}: {} [[stage]] rules",
                    path.display(),
                    map.stage.len()
                ));
                ctx.map = map;
            }
            Err(e) => {
                ctx.problems
                    .error(&path.display().to_string(), None, None, e);
                return finish(ctx, None);
            }
        }
    }
    let stages = template::build(&mut ctx);
    let cities = places::build(&mut ctx);
    if ctx.problems.has_errors() {
        return finish(ctx, None);
    }
    let Some(firms) = firms::build(&mut ctx, &stages, cities.as_ref()) else {
        return finish(ctx, None);
    };
    let links = links::build(&mut ctx, &firms.index, &stages);
    let files = render(&mut ctx, &stages, cities.as_ref(), &firms, &links);
    finish(ctx, Some(files))
}

fn finish(ctx: Context, files: Option<Vec<(String, Vec<u8>)>>) -> Outcome {
    let files = match files {
        Some(f) if !ctx.problems.has_errors() => f,
        _ => Vec::new(),
    };
    let summary = files
        .iter()
        .map(|(n, _)| n.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    Outcome {
        files,
        problems: ctx.problems,
        summary,
    }
}

fn render(
    ctx: &mut Context,
    stages: &template::StageBook,
    cities: Option<&places::CityBook>,
    firms: &firms::Firms,
    links: &CsvFile,
) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let city_note = match cities {
        Some(book) => {
            let mut file = CsvFile::new(&["city", "name_zh", "region", "country", "lat", "lon"]);
            for c in &book.rows {
                file.rows.push(vec![
                    c.city.clone(),
                    c.name_zh.clone(),
                    c.region.clone(),
                    c.country.clone(),
                    c.lat.clone(),
                    c.lon.clone(),
                ]);
            }
            files.push(("cities.csv".to_string(), file.bytes()));
            format!(
                "cities.csv: {} cities from the city list (keys without 市; name_zh kept)",
                book.rows.len()
            )
        }
        None => "no city list given: no cities.csv written; the firms' cities are their names without 市, for chainatlas's built-in list of cities to resolve (give a city list to write cities.csv)".to_string(),
    };
    let mut chains = CsvFile::new(&["chain", "stage", "label", "tier", "inputs"]);
    for s in &stages.rows {
        chains.rows.push(vec![
            s.chain.clone(),
            s.stage.clone(),
            s.label.clone(),
            s.tier.clone(),
            s.inputs.clone(),
        ]);
    }
    files.push(("chains.csv".to_string(), chains.bytes()));
    let chain_note = format!("chains.csv: {} stages {}", chains.rows.len(), stages.origin);
    // Cities and chains first in the log, as in the dataset's load order.
    ctx.log
        .values
        .insert(0, ("Cities".to_string(), vec![city_note]));
    ctx.log
        .values
        .insert(1, ("Chains".to_string(), vec![chain_note]));
    files.push(("firms.csv".to_string(), firms.file.bytes()));
    files.push(("links.csv".to_string(), links.bytes()));
    files.push((LOG_FILE.to_string(), log_text(ctx).into_bytes()));
    files
}

fn log_text(ctx: &Context) -> String {
    let mut out = String::from(
        "# Import log\n\nWritten by `chainatlas import`. Run `chainatlas check` on this folder next.\n\n## Inputs\n\n",
    );
    for line in &ctx.log.inputs {
        out.push_str(&format!("- {line}\n"));
    }
    out.push_str("\n## Columns\n");
    for line in &ctx.log.columns {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("\n## Values\n");
    for (title, lines) in &ctx.log.values {
        out.push_str(&format!("\n### {title}\n\n"));
        for line in lines {
            out.push_str(&format!("- {line}\n"));
        }
    }
    out.push_str("\n## Dropped\n\n");
    if ctx.log.dropped.is_empty() {
        out.push_str("Nothing was dropped.\n");
    }
    for line in &ctx.log.dropped {
        out.push_str(&format!("- {line}\n"));
    }
    let warnings: Vec<&Problem> = ctx
        .problems
        .list
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .collect();
    if !warnings.is_empty() {
        out.push_str("\n## Warnings\n\n");
        for w in warnings {
            out.push_str(&format!("- {w}\n"));
        }
    }
    out
}

//! What the subcommands share: the run context (progress, memory check), the dataset,
//! region, chain, threshold, mode and output arguments (flattened into each command's
//! `Args`), loading a dataset into a [`Session`], and putting a flag's name in front of a
//! library error.

use std::path::PathBuf;

use clap::Args;

use crate::analysis::completeness::{Importable, Mode, Options, RegionState};
use crate::analysis::sourcing::ChokepointRule;
use crate::error::Error;
use crate::load::settings::{self, ReportSettings};
use crate::load::{self, DatasetSource, LoadOptions, Loaded, Severity};
use crate::model::{ChainIdx, Model, Region};

/// What every command is run with besides its own arguments (from the global flags).
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    /// Progress spinners and the memory check, passed to every load.
    pub load: LoadOptions,
}

/// Positional DATASET argument shared by every command that reads data.
#[derive(Debug, Args)]
pub struct DatasetArg {
    /// Dataset folder holding chains.csv, firms.csv, links.csv and, optionally, cities.csv
    /// (else firms name built-in Chinese cities) [default: the embedded GBA dataset]
    #[arg(value_name = "DATASET")]
    pub dataset: Option<PathBuf>,
    /// Character encoding of the dataset's files, e.g. gb18030 (GBK), latin1, utf-16le
    /// [default: utf-8, with or without BOM]
    #[arg(long, value_name = "ENCODING", value_parser = parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

impl DatasetArg {
    pub fn source(&self) -> DatasetSource {
        let source = DatasetSource::from_arg(self.dataset.as_deref());
        match self.encoding {
            Some(e) => source.with_encoding(e),
            None => source,
        }
    }
}

/// An encoding label as the WHATWG Encoding Standard names them (`gb18030`, `gbk`,
/// `latin1`, `utf-16le`, …).
fn parse_encoding(label: &str) -> Result<&'static encoding_rs::Encoding, String> {
    encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        format!("unknown encoding {label:?}; try utf-8, gb18030, gbk, big5, latin1, utf-16le or utf-16be")
    })
}

/// Reads and validates a dataset with the run's options. The memory check's advice, and
/// the refusal to read past what it allows, name the flag that skips it.
pub fn load(ctx: &Context, source: &DatasetSource) -> Result<Loaded, Error> {
    let options = ctx.load;
    if options.memory_check {
        load::check_memory(source).map_err(|e| match e {
            Error::Usage(m) => Error::Usage(format!("{m} (--no-memory-check)")),
            other => other,
        })?;
    }
    // With the check on, `load::load` repeats it (a few `stat`s) and caps the bytes it
    // reads at what the check allows.
    load::load(source, &options).map_err(|e| {
        if load::is_read_limit(&e) {
            Error::Usage(format!("{e} (--no-memory-check)"))
        } else {
            e
        }
    })
}

/// Loads a dataset for an analysis. With errors, prints them all to stderr and fails
/// with exit code 1 (run `check` for the full list with warnings).
pub fn load_model(ctx: &Context, source: &DatasetSource) -> Result<Model, Error> {
    let loaded = load(ctx, source)?;
    let errors = loaded.errors();
    match loaded.model {
        Some(model) => Ok(model),
        None => {
            let errors_only: Vec<_> = loaded
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .cloned()
                .collect();
            for folded in load::fold(&errors_only) {
                crate::error::stderr_line(format_args!(
                    "{}",
                    folded.render("`chainatlas check --all` lists every line")
                ));
            }
            encoding_hint(&loaded.problems);
            Err(Error::InvalidData(format!(
                "{}: the dataset has {errors} error{}; fix them first (`chainatlas check` lists warnings too)",
                source.display(),
                if errors == 1 { "" } else { "s" }
            )))
        }
    }
}

/// The loader's encoding problems say which encoding to load a file with; on the command
/// line that is `--encoding`, said once on stderr after the problems (for a file read as
/// recognised GB18030, how to give another encoding instead).
pub fn encoding_hint(problems: &[crate::load::Problem]) {
    use crate::load::ProblemKind;
    if problems.iter().any(|p| p.kind == ProblemKind::Encoding) {
        eprintln!(
            "hint: give the encoding of the files that are not UTF-8 with --encoding, e.g. `chainatlas check DATASET --encoding gb18030`"
        );
    } else if problems
        .iter()
        .any(|p| p.kind == ProblemKind::EncodingGuessed)
    {
        eprintln!(
            "hint: if a file read as GB18030 is in another encoding, give it with --encoding, e.g. `chainatlas check DATASET --encoding big5`"
        );
    }
}

/// Refuses a folder that holds anything (commands that start a dataset: `init`,
/// `import-io`): never over the user's files, not even a set this tool wrote before, which
/// by now may hold the user's edits. A missing or empty folder passes.
pub fn refuse_non_empty(dir: &std::path::Path, command: &str) -> Result<(), Error> {
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(Error::Usage(format!(
            "{}: the folder is not empty; {command} writes only into a missing or empty folder (nothing was written)",
            dir.display()
        )));
    }
    Ok(())
}

/// Puts the flag a value came from in front of a usage error from the library
/// (`--region: "Atlantis": unknown region or city …`).
pub fn with_flag(flag: &str, e: Error) -> Error {
    match e {
        Error::Usage(m) => Error::Usage(format!("{flag}: {m}")),
        other => other,
    }
}

/// Resolves a region spec given with `flag` (`None` = the default region).
pub fn resolve_region(model: &Model, flag: &str, spec: Option<&str>) -> Result<Region, Error> {
    Region::resolve(model, spec).map_err(|e| match spec {
        Some(_) => with_flag(flag, e),
        None => e,
    })
}

#[derive(Debug, Args)]
pub struct RegionArgs {
    #[command(flatten)]
    pub dataset: DatasetArg,
    /// Region treated as local: a region name (GBA), a preset by id, Chinese or English name
    /// (GBA 粤港澳大湾区, YRD 长三角, JJJ 京津冀, CCEC 成渝) or a comma list of cities
    /// ("Guangzhou,Foshan") [default: report.toml's `region`, else GBA when the dataset has
    /// it, else the region with the most cities]
    #[arg(long, value_name = "R")]
    pub region: Option<String>,
    /// Drop links dated before YEAR (links with no year are kept)
    #[arg(long, value_name = "YEAR")]
    pub since: Option<i32>,
    /// Drop links dated after YEAR, e.g. to read the data as of a policy text's year (links
    /// with no year are kept; firms have no dates and are all kept)
    #[arg(long, value_name = "YEAR")]
    pub until: Option<i32>,
}

/// A loaded dataset and the resolved region: where every analysis starts.
pub struct Session {
    pub source: DatasetSource,
    pub model: Model,
    pub region: Region,
    /// `--since YEAR` and how many links it dropped, when given.
    pub since: Option<(i32, usize)>,
    /// `--until YEAR` and how many links it dropped, when given.
    pub until: Option<(i32, usize)>,
    /// The dataset's `report.toml` (the default when it has none).
    pub settings: ReportSettings,
}

impl Session {
    /// The dataset's files, which an output file must not overwrite.
    pub fn inputs(&self) -> Vec<PathBuf> {
        self.source.input_paths()
    }
}

impl RegionArgs {
    /// Loads the dataset (exit 1 on data errors) and its report.toml, and resolves
    /// `--region` (default: report.toml's `region`, else [`Region::resolve`]'s default).
    pub fn open(&self, ctx: &Context) -> Result<Session, Error> {
        self.open_with(ctx, self.settings()?)
    }

    /// The dataset's report.toml (the default when it has none), for a command that needs
    /// it before loading the data; hand it to [`RegionArgs::open_with`].
    pub fn settings(&self) -> Result<ReportSettings, Error> {
        Ok(settings::read(&self.dataset.source())?.unwrap_or_default())
    }

    /// [`RegionArgs::open`] with report.toml already read.
    pub fn open_with(&self, ctx: &Context, settings: ReportSettings) -> Result<Session, Error> {
        if let (Some(from), Some(to)) = (self.since, self.until)
            && from > to
        {
            return Err(Error::Usage(format!(
                "--since {from} is after --until {to}: no dated link could remain"
            )));
        }
        let source = self.dataset.source();
        let mut model = load_model(ctx, &source)?;
        // Each bound: the year and how many links it dropped (undated links are kept).
        let mut bound = |year: Option<i32>, keep: fn(i32, i32) -> bool| {
            year.map(|year| {
                let before = model.links.len();
                model = model.with_links(|l| l.year.is_none_or(|y| keep(y, year)));
                (year, before - model.links.len())
            })
        };
        let since = bound(self.since, |y, since| y >= since);
        let until = bound(self.until, |y, until| y <= until);
        let region = match (&self.region, &settings.region) {
            (None, Some(default)) => {
                let flag = format!("{} `region`", source.file_display(settings::FILE));
                resolve_region(&model, &flag, Some(default))?
            }
            (spec, _) => resolve_region(&model, "--region", spec.as_deref())?,
        };
        Ok(Session {
            source,
            model,
            region,
            since,
            until,
            settings,
        })
    }
}

#[derive(Debug, Args)]
pub struct ChainArgs {
    /// Only these chains (repeat or comma-separate) [default: all]
    #[arg(long = "chain", value_name = "C", value_delimiter = ',')]
    pub chains: Vec<String>,
}

impl ChainArgs {
    /// Resolves chain ids; an unknown one is a usage error listing the valid ones.
    pub fn resolve(&self, model: &Model) -> Result<Vec<ChainIdx>, Error> {
        resolve_chains(model, &self.chains)
    }
}

/// Resolves chain ids; an unknown one is a usage error listing the valid ones.
pub fn resolve_chains(model: &Model, names: &[String]) -> Result<Vec<ChainIdx>, Error> {
    let mut out = Vec::new();
    for name in names.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        match model.chain(name) {
            Some(c) => out.push(c),
            None => {
                let mut known: Vec<&str> = model.chains.iter().map(|c| c.id.as_str()).collect();
                known.sort_unstable();
                let hint = crate::text::suggest::hint(name, known.iter().copied());
                return Err(Error::Usage(format!(
                    "unknown chain {name:?}{hint}; chains: {}",
                    known.join(", ")
                )));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// The closure mode as typed after `--mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ModeArg {
    /// Local firms are recorded trading along the chain (stricter)
    Realised,
    /// Local producers exist for every required input.
    Structural,
}

impl From<ModeArg> for Mode {
    fn from(m: ModeArg) -> Mode {
        match m {
            ModeArg::Realised => Mode::Realised,
            ModeArg::Structural => Mode::Structural,
        }
    }
}

/// `--min-producers N`, N ≥ 1.
pub fn min_producers() -> clap::builder::RangedI64ValueParser<u32> {
    clap::value_parser!(u32).range(1..)
}

#[derive(Debug, Args)]
pub struct ThresholdArgs {
    /// θ: local producers a stage needs to count as present
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = min_producers())]
    pub min_producers: u32,
    /// Chokepoint screen: minimum share local buyers source from outside the region
    #[arg(long, default_value_t = 0.5, value_name = "SHARE")]
    pub chokepoint_share: f64,
    /// Chokepoint screen: minimum HHI of the outside suppliers' countries
    #[arg(long, default_value_t = 0.4, value_name = "HHI")]
    pub chokepoint_hhi: f64,
    /// τ: local sourcing rate the verdict's H3 asks for
    #[arg(long, default_value_t = 0.5, value_name = "RATE")]
    pub sourcing_threshold: f64,
}

impl ThresholdArgs {
    pub fn options(&self, mode: ModeArg) -> Result<Options, Error> {
        for (name, v) in [
            ("--chokepoint-share", self.chokepoint_share),
            ("--chokepoint-hhi", self.chokepoint_hhi),
            ("--sourcing-threshold", self.sourcing_threshold),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::Usage(format!(
                    "{name} must be between 0 and 1, got {v}"
                )));
            }
        }
        Ok(Options {
            mode: mode.into(),
            min_producers: self.min_producers,
            chokepoint: ChokepointRule {
                share: self.chokepoint_share,
                hhi: self.chokepoint_hhi,
            },
            sourcing_threshold: self.sourcing_threshold,
            ..Options::default()
        })
    }
}

/// `--importable SPEC` of the completeness-based commands.
#[derive(Debug, Args)]
pub struct ImportableArg {
    /// Stages assumed bought from outside the region: tiers (raw_material, material, …)
    /// and/or chain/stage ids, comma-separated. They count as closed whatever their inputs,
    /// are never breakpoints and do not count as present for coverage
    #[arg(long, value_name = "SPEC")]
    pub importable: Option<String>,
}

impl ImportableArg {
    /// Resolves the spec against the dataset (an unknown tier or stage is a usage error
    /// naming the flag, with "did you mean").
    pub fn resolve(&self, model: &Model) -> Result<Importable, Error> {
        match &self.importable {
            None => Ok(Importable::none()),
            Some(spec) => Importable::parse(model, spec).map_err(|e| with_flag("--importable", e)),
        }
    }

    /// The region state of a session with the importable stages applied.
    pub fn state<'m>(
        &self,
        model: &'m Model,
        region: &'m Region,
        min_producers: u32,
    ) -> Result<RegionState<'m>, Error> {
        let importable = self.resolve(model)?;
        Ok(RegionState::with_importable(
            model,
            region,
            min_producers,
            importable.mask(model),
        ))
    }
}

/// `-o FILE` of the commands that write one file.
#[derive(Debug, Args)]
pub struct OutputArg {
    /// Write to FILE instead of stdout (written whole or not at all; `-` = stdout)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

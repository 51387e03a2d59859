//! `chainatlas complement [DATASET] [--cities A,B | --a A --b B | --matrix] [--region R]
//! [--mode realised|structural] [--min-producers N] [--min-links N] [--importable SPEC]
//! [--basis employment|revenue|count] [--format table|json]`: how
//! complementary two cities (or two sets of cities) are — joint gain, location quotients,
//! functional specialisation, link intensity, similarity and outsourcing candidates — or a
//! ranking of every city pair of the region (see `analysis::complementarity`).

use std::process::ExitCode;

use super::common::{Context, ModeArg, RegionArgs, min_producers, with_flag};
use super::format::{Format, emit};
use crate::analysis::complementarity::{self, Basis, Options, resolve_unit};
use crate::analysis::completeness::Importable;
use crate::error::Error;
use crate::load::settings;
use crate::model::{Model, Region};
use crate::report::complement::{render_matrix, render_table};
use crate::report::to_json;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub region: RegionArgs,
    /// The two cities to compare, comma-separated [default: the `pair` of the dataset's
    /// report.toml; Guangzhou,Foshan for the embedded GBA data]
    #[arg(long, value_name = "A,B", conflicts_with_all = ["a", "b", "matrix"])]
    pub cities: Option<String>,
    /// Side A: a region name or a comma list of cities (with --b)
    #[arg(long, value_name = "CITIES", requires = "b", conflicts_with = "matrix")]
    pub a: Option<String>,
    /// Side B: a region name or a comma list of cities (with --a)
    #[arg(long, value_name = "CITIES", requires = "a", conflicts_with = "matrix")]
    pub b: Option<String>,
    /// Rank every pair of cities of the region by joint gain instead
    #[arg(long)]
    pub matrix: bool,
    /// With --matrix: list the N best-ranked pairs (all pairs when fewer)
    #[arg(long, value_name = "N", default_value_t = 100, requires = "matrix",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub top: u64,
    /// Closure mode: realised (local firms actually trade) or structural (producers exist)
    #[arg(long, value_enum, default_value_t = ModeArg::Realised)]
    pub mode: ModeArg,
    /// θ: producers a stage needs on a side to count as present
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = min_producers())]
    pub min_producers: u32,
    /// Links a layer needs in one direction before its link intensity counts as a signal
    #[arg(long, default_value_t = complementarity::DEFAULT_MIN_LINKS, value_name = "N")]
    pub min_links: usize,
    /// Stages assumed bought from outside A, B and A∪B: tiers and/or chain/stage ids,
    /// comma-separated (closed whatever their inputs; with --matrix, in every city and pair)
    #[arg(long, value_name = "SPEC")]
    pub importable: Option<String>,
    /// What firms weigh in the location quotients and the similarity (employees, revenue,
    /// or 1 each); a basis known for fewer than half of the firms counted falls back to
    /// firm count, labelled [default: employment when known for at least half of the firms,
    /// else revenue when every firm has it, else count]
    #[arg(long, value_enum, value_name = "BASIS")]
    pub basis: Option<BasisArg>,
    /// Output format
    #[arg(long, value_parser = Format::parser(&[Format::Table, Format::Json]), default_value_t = Format::Table)]
    pub format: Format,
}

/// `--basis`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BasisArg {
    /// `employees`.
    Employment,
    /// `revenue` (an input-output dataset's gross output).
    Revenue,
    /// Every firm weighs 1.
    Count,
}

impl From<BasisArg> for Basis {
    fn from(b: BasisArg) -> Basis {
        match b {
            BasisArg::Employment => Basis::Employment,
            BasisArg::Revenue => Basis::Revenue,
            BasisArg::Count => Basis::Count,
        }
    }
}

/// One side of the comparison: the flag it came from and its spec.
struct Side {
    flag: &'static str,
    spec: String,
}

fn side(flag: &'static str, spec: &str) -> Side {
    Side {
        flag,
        spec: spec.to_string(),
    }
}

/// The validated sides before any data is read.
enum Plan {
    Pair { a: Side, b: Side },
    Matrix,
}

/// The sides as the flags give them; with none, the `pair` of the dataset's report.toml.
fn plan(args: &Args, settings_pair: Option<&[String; 2]>) -> Result<Plan, Error> {
    if args.matrix {
        return Ok(Plan::Matrix);
    }
    if let Some(cities) = &args.cities {
        let names: Vec<&str> = cities
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        return match names.as_slice() {
            [a, b] => Ok(Plan::Pair {
                a: side("--cities", a),
                b: side("--cities", b),
            }),
            _ => Err(Error::Usage(format!(
                "--cities {cities:?} must name exactly two cities (e.g. --cities Guangzhou,Foshan); use --a and --b for groups of cities"
            ))),
        };
    }
    Ok(match (&args.a, &args.b) {
        (Some(a), Some(b)) => Plan::Pair {
            a: side("--a", a),
            b: side("--b", b),
        },
        _ => match settings_pair {
            Some([a, b]) => Plan::Pair {
                a: side("report.toml pair", a),
                b: side("report.toml pair", b),
            },
            None => {
                return Err(Error::Usage(format!(
                    "no city pair to compare: name one with --cities A,B (or --a and --b, or --matrix for every pair), or add pair = [\"A\", \"B\"] to {}",
                    args.region.dataset.source().file_display(settings::FILE)
                )));
            }
        },
    })
}

/// With `--cities`, each side must be one city (not a region name).
fn resolve_side(model: &Model, Side { flag, spec }: &Side) -> Result<Region, Error> {
    let by_city = *flag == "--cities" || *flag == "report.toml pair";
    if by_city && let Some(c) = crate::model::region::find_city(model, spec) {
        // A city named by its Chinese name or pinyin: compare it under its id.
        let id = model.cities[c as usize].id.clone();
        return resolve_unit(model, &id).map_err(|e| with_flag(flag, e));
    }
    if by_city {
        let mut cities: Vec<&str> = model.cities.iter().map(|c| c.id.as_str()).collect();
        cities.sort_unstable();
        let hint = crate::text::suggest::hint(spec, cities.iter().copied());
        return Err(Error::Usage(format!(
            "{flag}: unknown city {spec:?}{hint}; cities: {}",
            cities.join(", ")
        )));
    }
    resolve_unit(model, spec).map_err(|e| with_flag(flag, e))
}

/// Refuses a matrix whose estimated memory exceeds what is available now (the model is
/// already loaded), before any pair is ranked.
fn check_matrix_memory(model: &Model, region: &Region, top: usize) -> Result<(), Error> {
    let Some(available) = crate::load::available_memory_bytes() else {
        return Ok(());
    };
    let needed = complementarity::matrix_memory(model, region, top);
    if needed > available {
        return Err(Error::Usage(format!(
            "--matrix: ranking the pairs of {} cities (keeping the top {top}) needs about {} MB, but only {} MB of memory is available; \
             use a smaller --region or --top, free memory, or skip the memory check to try anyway (--no-memory-check)",
            region.cities.len(),
            needed.div_ceil(1 << 20),
            available >> 20
        )));
    }
    Ok(())
}

pub fn run(args: Args, ctx: &Context) -> Result<ExitCode, Error> {
    let settings = args.region.settings()?;
    let plan = plan(&args, settings.pair.as_ref())?;
    let opts = Options {
        mode: args.mode.into(),
        min_producers: args.min_producers,
        min_links: args.min_links,
    };
    let s = args.region.open_with(ctx, settings)?;
    let (model, region) = (&s.model, &s.region);
    let importable = match &args.importable {
        None => Importable::none(),
        Some(spec) => Importable::parse(model, spec).map_err(|e| with_flag("--importable", e))?,
    };
    let text = match plan {
        Plan::Matrix => {
            let top = usize::try_from(args.top).unwrap_or(usize::MAX);
            if ctx.load.memory_check {
                check_matrix_memory(model, region, top)?;
            }
            let basis = args.basis.map(Basis::from);
            let m = complementarity::matrix_on(model, region, &opts, top, &importable, basis);
            match args.format {
                Format::Json => to_json(&m),
                Format::Table => render_matrix(&m),
                other => return Err(other.unsupported()),
            }
        }
        Plan::Pair { a, b } => {
            let a = resolve_side(model, &a)?;
            let b = resolve_side(model, &b)?;
            let basis = args.basis.map(Basis::from);
            let c = complementarity::analyse_on(model, &a, &b, region, &opts, &importable, basis)?;
            match args.format {
                Format::Json => to_json(&c),
                Format::Table => render_table(&c),
                other => return Err(other.unsupported()),
            }
        }
    };
    emit(args.format, text.into_bytes(), None, &[])?;
    Ok(ExitCode::SUCCESS)
}

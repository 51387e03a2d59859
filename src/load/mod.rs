//! Loading a dataset folder (`cities.csv`, `chains.csv`, `firms.csv`, `links.csv`, and the
//! optional `absences.csv`) into a [`Model`], validating as it goes.
//!
//! Files are read in dependency order (cities → chains → firms → links → absences); each file's rows
//! are checked against what is already known, and every problem is collected with its file,
//! line and column ([`Problem`]). A model is built only when there are no errors; warnings
//! (a firm with no links, a stage no firm produces …) never stop a run.

mod absences;
mod cells;
mod chains;
mod cities;
mod decode;
mod firms;
mod guard;
mod links;
mod problem;
mod records;
pub mod settings;
mod table;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

pub use problem::{FOLDED_LINES_SHOWN, Folded, Problem, ProblemKind, Severity, fold, fold_sizes};

use crate::embedded;
use crate::error::Error;
use crate::model::{Model, ModelParts};
use crate::progress::Progress;
use decode::decode;
use guard::Budget;
pub(crate) use guard::is_read_limit;
use problem::{FileTag, Problems};
use table::Table;

/// The four files of a dataset, in load order; each must be there, except cities.csv
/// (firms may name built-in cities instead, see [`crate::geo`]).
pub const FILES: [&str; 4] = ["cities.csv", "chains.csv", "firms.csv", "links.csv"];

/// Files a dataset may have, read after [`FILES`]: a missing one is no problem.
pub const OPTIONAL_FILES: [&str; 1] = ["absences.csv"];

/// The columns of firms.csv in the order the writers (`export --format dataset`, `import`)
/// put them, before any extra column; `group` is optional (written when the data has it).
pub const FIRM_COLUMNS: [&str; 11] = [
    "id",
    "name",
    "name_zh",
    "city",
    "kind",
    "stages",
    "functions",
    "employees",
    "revenue",
    "source",
    "group",
];

/// The columns of links.csv in the order the writers put them, before any extra column.
pub const LINK_COLUMNS: [&str; 8] = [
    "source",
    "target",
    "layer",
    "stage",
    "weight",
    "year",
    "evidence",
    "source_ref",
];

/// Every file a dataset can have, in load order ([`FILES`], then [`OPTIONAL_FILES`]); a
/// problem's file rank is the position here.
pub const ALL_FILES: [&str; 5] = [FILES[0], FILES[1], FILES[2], FILES[3], OPTIONAL_FILES[0]];

/// Position of absences.csv in [`ALL_FILES`].
const ABSENCES: usize = 4;

/// Position of cities.csv in [`ALL_FILES`]: optional since the built-in cities
/// ([`crate::geo`]); a dataset without it names built-in cities only.
const CITIES: usize = 0;

/// Where a dataset comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatasetSource {
    /// A folder holding the four CSV files, each in UTF-8 or recognised GB18030.
    Dir(PathBuf),
    /// A folder whose files, where they are not UTF-8 text, are in the encoding given
    /// (GB18030, UTF-16LE, Latin-1 …); a file that is UTF-8 text stays UTF-8.
    Encoded(PathBuf, &'static encoding_rs::Encoding),
    /// The GBA dataset compiled into the binary.
    Embedded,
}

impl DatasetSource {
    /// A folder, or `None` for the GBA dataset compiled into the binary ([`crate::embedded`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use chainatlas::load::{DatasetSource, LoadOptions, load};
    ///
    /// let source = DatasetSource::from_arg(None);
    /// assert_eq!(source, DatasetSource::Embedded);
    /// assert_eq!(source.display(), "embedded:gba");
    ///
    /// let loaded = load(&source, &LoadOptions::default()).unwrap();
    /// assert_eq!(loaded.errors(), 0);
    /// let model = loaded.model.unwrap();
    /// assert_eq!(model.chains.len(), 8);
    /// assert_eq!(model.region_names(), ["GBA", "Mainland", "Overseas"]);
    /// ```
    pub fn from_arg(arg: Option<&Path>) -> DatasetSource {
        match arg {
            Some(path) => DatasetSource::Dir(path.to_path_buf()),
            None => DatasetSource::Embedded,
        }
    }

    /// The same source read in `encoding` (UTF-8 keeps the plain folder).
    pub fn with_encoding(self, encoding: &'static encoding_rs::Encoding) -> DatasetSource {
        match self {
            DatasetSource::Dir(path) | DatasetSource::Encoded(path, _)
                if encoding != encoding_rs::UTF_8 =>
            {
                DatasetSource::Encoded(path, encoding)
            }
            DatasetSource::Encoded(path, _) => DatasetSource::Dir(path),
            other => other,
        }
    }

    /// The folder, for sources that have one.
    pub fn dir(&self) -> Option<&Path> {
        match self {
            DatasetSource::Dir(path) | DatasetSource::Encoded(path, _) => Some(path),
            DatasetSource::Embedded => None,
        }
    }

    fn encoding(&self) -> Option<&'static encoding_rs::Encoding> {
        match self {
            DatasetSource::Encoded(_, e) => Some(e),
            _ => None,
        }
    }

    /// How the dataset is named in messages and reports.
    pub fn display(&self) -> String {
        match self.dir() {
            Some(path) => path.display().to_string(),
            None => embedded::NAME.to_string(),
        }
    }

    /// The path of one file of this dataset, for messages (and for `Dir`, for reading).
    pub fn file_display(&self, file: &str) -> String {
        match self.dir() {
            Some(path) => path.join(file).display().to_string(),
            None => format!("{}/{file}", embedded::NAME),
        }
    }

    /// Paths of the input files (none for embedded data), so outputs can refuse them.
    pub fn input_paths(&self) -> Vec<PathBuf> {
        match self.dir() {
            Some(path) => ALL_FILES
                .iter()
                .chain([&settings::FILE])
                .map(|f| path.join(f))
                .collect(),
            None => Vec::new(),
        }
    }
}

/// The outcome of loading: every problem, and the model when there were no errors.
#[derive(Debug)]
pub struct Loaded {
    /// The validated model; `None` when any problem is an error.
    pub model: Option<Model>,
    /// Errors first, then warnings; each sorted by file, line, column.
    pub problems: Vec<Problem>,
}

impl Loaded {
    /// Number of problems of severity [`Severity::Error`]; the model exists exactly when
    /// this is 0.
    pub fn errors(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
    }
    /// Number of problems of severity [`Severity::Warning`].
    pub fn warnings(&self) -> usize {
        self.problems.len() - self.errors()
    }
}

/// How to load: what the caller wants shown and checked. `Default` shows spinners (on a
/// terminal) and checks memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Spinners for each phase (reading, checking, building).
    pub progress: Progress,
    /// Fail early when the files look too large for the available memory
    /// (see [`check_memory`]).
    pub memory_check: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            progress: Progress::default(),
            memory_check: true,
        }
    }
}

/// Bytes of memory a run needs per byte of CSV, measured on generated data (peak RSS of
/// `check` at 1M firms / 10M links ÷ file size, rounded up).
const MEMORY_PER_INPUT_BYTE: u64 = 3;

/// Fails early, before reading, when the dataset's files are larger than the memory the
/// machine has available could plausibly hold once loaded — a clear message instead of
/// an out-of-memory kill. `MemAvailable` from /proc/meminfo; skipped where unknown.
/// [`load`] runs it when [`LoadOptions::memory_check`] is on.
pub fn check_memory(source: &DatasetSource) -> Result<(), Error> {
    let Some(dir) = source.dir() else {
        return Ok(());
    };
    let total: u64 = ALL_FILES
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    let Some(available) = available_memory() else {
        return Ok(());
    };
    let needed = total.saturating_mul(MEMORY_PER_INPUT_BYTE);
    if needed > available {
        return Err(Error::Usage(format!(
            "dataset {}: its files total {} MB and loading needs about {} MB, but only {} MB of memory is available; \
             free memory, use a smaller extract, or skip the memory check to try anyway",
            dir.display(),
            total >> 20,
            needed >> 20,
            available >> 20
        )));
    }
    Ok(())
}

fn available_memory() -> Option<u64> {
    // Tests simulate a small machine with CHAINATLAS_AVAILABLE_MEMORY (bytes).
    if let Some(bytes) = std::env::var("CHAINATLAS_AVAILABLE_MEMORY")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return Some(bytes);
    }
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Reads and validates a dataset. `Err` only for usage/I-O failures (the folder does not
/// exist, a file cannot be read); everything wrong *in* the data is a [`Problem`].
///
/// # Examples
///
/// ```
/// use chainatlas::load::{DatasetSource, LoadOptions, Severity, load};
/// use chainatlas::progress::Progress;
///
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/datasets/tiny");
/// let options = LoadOptions { progress: Progress::HIDDEN, memory_check: false };
/// let loaded = load(&DatasetSource::from_arg(Some(dir.as_ref())), &options).unwrap();
/// assert_eq!(loaded.errors(), 0);
/// assert!(loaded.problems.iter().all(|p| p.severity == Severity::Warning));
///
/// let model = loaded.model.expect("no errors, so a model");
/// assert_eq!(model.firms.len(), 24);
/// assert_eq!(model.links.len(), 30);
/// assert_eq!(model.chains.len(), 2);
/// assert_eq!(model.firm("fs_aircon").map(|f| model.firm_city(f).id.as_str()), Some("Foshan"));
/// ```
pub fn load(source: &DatasetSource, options: &LoadOptions) -> Result<Loaded, Error> {
    if let Some(dir) = source.dir()
        && !dir.is_dir()
    {
        let what = if dir.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        return Err(Error::Usage(format!(
            "dataset {}: {what}; the dataset is a folder holding {}",
            dir.display(),
            FILES.join(", ")
        )));
    }
    if let Some(dir) = source.dir() {
        guard::refuse_irregular(dir, &ALL_FILES)?;
    }
    let budget = if options.memory_check {
        check_memory(source)?;
        Budget::new(guard::allowed_bytes())
    } else {
        Budget::default()
    };
    let problems = Problems::default();
    let tags: Vec<FileTag> = ALL_FILES
        .iter()
        .enumerate()
        .map(|(rank, f)| FileTag {
            name: source.file_display(f),
            rank: rank as u8,
        })
        .collect();
    load_files(source, &tags, problems, options.progress, &budget)
}

/// Reads file `i`, decodes it and opens its table, hands the table (or `None` when the
/// file is missing or unusable — already reported) to `use_table`, then drops the file's
/// bytes: one file's text is in memory at a time. Also returns whether the file decoded.
/// Reading past the `budget` is an error, whichever block it happens in.
#[allow(clippy::too_many_arguments)]
fn with_table<R>(
    progress: Progress,
    source: &DatasetSource,
    budget: &Budget,
    tags: &[FileTag],
    i: usize,
    spec: &table::TableSpec,
    problems: &mut Problems,
    use_table: impl FnOnce(Option<&Table<'_>>, &mut Problems) -> R,
) -> Result<(R, bool), Error> {
    // A folder's file is streamed block by block when its first block is UTF-8 text, else
    // decoded whole (its encoding is decided per file); embedded data is decoded whole.
    let (bytes, stream) = match source {
        DatasetSource::Dir(dir) | DatasetSource::Encoded(dir, _) => {
            let _phase = progress.phase(format!("reading {}", ALL_FILES[i]));
            match open_file(dir, ALL_FILES[i], &tags[i], problems)? {
                Some(file) => {
                    let reader = Box::new(std::io::BufReader::with_capacity(
                        1 << 20,
                        budget.reader(file),
                    ));
                    let (mut stream, first) = records::BlockStream::start(reader, &tags[i])
                        .map_err(|e| Error::io(dir.join(ALL_FILES[i]), e))?;
                    if decode::is_utf8_text(&first) {
                        stream.decode_after(&first, source.encoding());
                        (Some(Cow::Owned(first)), Some(stream))
                    } else {
                        let whole = stream
                            .into_bytes(first)
                            .map_err(|e| Error::io(dir.join(ALL_FILES[i]), e))?;
                        (Some(Cow::Owned(whole)), None)
                    }
                }
                None => (None, None),
            }
        }
        _ => {
            let _phase = progress.phase(format!("reading {}", ALL_FILES[i]));
            (
                read_file(source, budget, ALL_FILES[i], &tags[i], problems)?,
                None,
            )
        }
    };
    let text = bytes
        .as_deref()
        .and_then(|b| decode(&tags[i], b, source.encoding(), problems));
    let table = text
        .as_deref()
        .and_then(|t| Table::open(&tags[i], t, spec, problems))
        .map(|t| match stream {
            Some(s) => t.with_stream(s),
            None => t,
        });
    let decoded = text.is_some();
    let used = use_table(table.as_ref(), problems);
    if let Some(dir) = source.dir()
        && let Some(error) = budget.exceeded(&dir.join(ALL_FILES[i]))
    {
        return Err(error);
    }
    Ok((used, decoded))
}

/// Reads one file's bytes whole (embedded data, or a folder read in another encoding).
fn read_file(
    source: &DatasetSource,
    budget: &Budget,
    file: &str,
    tag: &FileTag,
    problems: &mut Problems,
) -> Result<Option<Cow<'static, [u8]>>, Error> {
    let Some(dir) = source.dir() else {
        return Ok(embedded::file(file).map(Cow::Borrowed));
    };
    let Some(f) = open_file(dir, file, tag, problems)? else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut budget.reader(f), &mut bytes)
        .map_err(|e| Error::io(dir.join(file), e))?;
    Ok(Some(Cow::Owned(bytes)))
}

/// Whether an optional file is there to read (a folder in its place counts, so that it is
/// reported); a missing optional file (or a dangling link) means it has no rows.
fn optional_file_present(source: &DatasetSource, file: &str) -> bool {
    match source.dir() {
        Some(dir) => dir.join(file).exists(),
        None => embedded::file(file).is_some(),
    }
}

/// Opens one file of a dataset folder; a missing file or a folder in its place is a data
/// problem (`None`), any other failure an I/O error, and so is anything but a regular file.
fn open_file(
    dir: &Path,
    file: &str,
    tag: &FileTag,
    problems: &mut Problems,
) -> Result<Option<std::fs::File>, Error> {
    let path = dir.join(file);
    if path.is_dir() {
        problems.error(tag.whole(), "is a folder; expected a CSV file");
        return Ok(None);
    }
    match guard::open_regular(&path) {
        Ok(f) => Ok(Some(f)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            problems.error(
                tag.whole(),
                "file is missing; a dataset folder holds chains.csv, firms.csv and links.csv (cities.csv and absences.csv are optional)",
            );
            Ok(None)
        }
        Err(e) => Err(Error::io(&path, e)),
    }
}

fn load_files(
    source: &DatasetSource,
    tags: &[FileTag],
    mut problems: Problems,
    progress: Progress,
    budget: &Budget,
) -> Result<Loaded, Error> {
    let origin = source.display();
    let phase = progress.phase("checking cities.csv and chains.csv");
    // cities.csv is optional: without it, firms' cities resolve against the built-in table.
    let has_cities_file = optional_file_present(source, ALL_FILES[CITIES]);
    let (mut cities, city_extra_columns) = if has_cities_file {
        with_table(
            progress,
            source,
            budget,
            tags,
            CITIES,
            &cities::SPEC,
            &mut problems,
            |t, p| match t {
                Some(t) => cities::read(t, p),
                None => (Vec::new(), Vec::new()),
            },
        )?
        .0
    } else {
        (Vec::new(), Vec::new())
    };
    let ((chains, stages, stage_lines, stage_extra_columns), _) = with_table(
        progress,
        source,
        budget,
        tags,
        1,
        &chains::SPEC,
        &mut problems,
        |t, p| match t {
            Some(t) => {
                let (c, s, l) = chains::read(t, p);
                (c, s, l, t.extra_names())
            }
            None => (Vec::new(), Vec::new(), Vec::new(), Vec::new()),
        },
    )?;
    drop(phase);
    let phase = progress.phase("checking firms.csv");
    let ((mut firm_rows, firms_read), _) = with_table(
        progress,
        source,
        budget,
        tags,
        2,
        &firms::SPEC,
        &mut problems,
        |t, p| match t {
            Some(t) => (
                firms::read(
                    t,
                    &cities::CityBook::new(&cities, has_cities_file),
                    &stages,
                    p,
                ),
                true,
            ),
            None => (
                firms::FirmRows {
                    firms: Vec::new(),
                    lines: Vec::new(),
                    extra_columns: Vec::new(),
                    index: Default::default(),
                    rejected_ids: Default::default(),
                    dropped_stages: Vec::new(),
                    has_group_column: false,
                },
                false,
            ),
        },
    )?;
    cities::adopt_builtin(&mut cities, &mut firm_rows.firms, city_extra_columns.len());
    drop(phase);
    // Rows of firms.csv not read at all: their ids (when readable) are dropped firms too,
    // and what they produced is unknown.
    let (firms_unread, firms_unknown) = unread_rows(&problems, 2, |id, line| {
        if firm_rows.index.get(id).is_none() {
            firm_rows.rejected_ids.entry(id.to_string()).or_insert(line);
        }
    });
    let phase = progress.phase("checking links.csv");
    let ((link_rows, links_readable), _) = with_table(
        progress,
        source,
        budget,
        tags,
        3,
        &links::SPEC,
        &mut problems,
        |t, p| match t {
            Some(t) => (
                links::read(
                    t,
                    &firm_rows.firms,
                    &firm_rows.index,
                    &firm_rows.rejected_ids,
                    !firms_unknown,
                    &stages,
                    p,
                ),
                true,
            ),
            None => (
                links::LinkRows {
                    links: Vec::new(),
                    texts: Vec::new(),
                    extra_columns: Vec::new(),
                    extra: Vec::new(),
                    dropped_ends: Vec::new(),
                },
                false,
            ),
        },
    )?;
    drop(phase);
    let absences = if optional_file_present(source, ALL_FILES[ABSENCES]) {
        let _phase = progress.phase("checking absences.csv");
        with_table(
            progress,
            source,
            budget,
            tags,
            ABSENCES,
            &absences::SPEC,
            &mut problems,
            |t, p| match t {
                Some(t) => absences::read(t, &cities, &stages, &firm_rows.firms, p),
                None => Vec::new(),
            },
        )?
        .0
    } else {
        Vec::new()
    };
    // Whole-dataset warnings, only meaningful when the files themselves were readable,
    // and never for what a row dropped for an error would have given: a firm whose link
    // was dropped, a stage whose producer's row was.
    let (links_unread, _) = unread_rows(&problems, 3, |_, _| {});
    if links_readable && !links_unread {
        let mut linked = vec![false; firm_rows.firms.len()];
        for link in &link_rows.links {
            linked[link.source as usize] = true;
            linked[link.target as usize] = true;
        }
        for &firm in &link_rows.dropped_ends {
            linked[firm as usize] = true;
        }
        for (i, firm) in firm_rows.firms.iter().enumerate() {
            if !linked[i] {
                problems.warning(
                    tags[2].at(firm_rows.lines[i], "id"),
                    format!("firm {:?} has no links", firm.id),
                );
            }
        }
    }
    if firms_read && !firms_unread {
        let mut produced = vec![false; stages.len()];
        for firm in &firm_rows.firms {
            for &s in &firm.stages {
                produced[s as usize] = true;
            }
        }
        for &s in &firm_rows.dropped_stages {
            produced[s as usize] = true;
        }
        for ((stage, &line), &made) in stages.iter().zip(&stage_lines).zip(&produced) {
            if !made {
                problems.warning(
                    tags[1].at(line, "stage"),
                    format!(
                        "stage {:?} has no producer anywhere in firms.csv",
                        stage.key
                    ),
                );
            }
        }
    }

    let model = (problems.error_count() == 0).then(|| {
        let _phase = progress.phase("building the model");
        let firm_index = firm_rows.index;
        let model = Model::new(ModelParts {
            origin,
            cities,
            chains,
            stages,
            firms: firm_rows.firms,
            links: link_rows.links,
            texts: link_rows.texts,
            city_extra_columns,
            stage_extra_columns,
            firm_extra_columns: firm_rows.extra_columns,
            link_extra_columns: link_rows.extra_columns,
            link_extra: link_rows.extra,
            absences,
            has_group_column: firm_rows.has_group_column,
        });
        model.set_firm_index(firm_index);
        model
    });
    Ok(Loaded {
        model,
        problems: problems.into_sorted(),
    })
}

/// Whether file `rank` has rows that were not read at all (see
/// [`problem::ProblemKind::RowUnread`]), and whether some of them have no `id` cell to
/// tell what they were (an unreadable row, or an unclosed quote that swallowed the rest of
/// the file); calls `id_of_row` with the `id` cell and line of each such row that has one.
fn unread_rows(
    problems: &Problems,
    rank: u8,
    mut id_of_row: impl FnMut(&str, u64),
) -> (bool, bool) {
    let (mut any, mut unknown) = (false, false);
    for problem in problems.of_file(rank) {
        if let problem::ProblemKind::RowUnread { id } = &problem.kind {
            any = true;
            match (id, problem.line) {
                (Some(id), Some(line)) => id_of_row(id, line),
                _ => unknown = true,
            }
        }
    }
    (any, unknown)
}

/// Memory available now, in bytes (`MemAvailable`, as [`check_memory`] uses; tests set
/// `CHAINATLAS_AVAILABLE_MEMORY`); `None` where unknown. For analyses that check their own
/// working memory before they start (`complement --matrix`).
pub fn available_memory_bytes() -> Option<u64> {
    available_memory()
}

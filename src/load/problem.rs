//! Data problems found while loading: each with its file, line and column, collected rather
//! than returned so that `check` can report every one; what kind of problem each is (for
//! the callers that act on a kind, not on words); and the folding of identical problems
//! into one line for people to read ([`fold`]).

use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// How bad a [`Problem`] is. Errors sort before warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The data breaks the contract: no model is built.
    Error,
    /// Worth a look, but the model is still built.
    Warning,
}

/// One problem in one place of a dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The file as the user named it (`datasets/gba/links.csv`).
    pub file: String,
    /// 1-based line in the file; `None` for problems of the whole file.
    pub line: Option<u64>,
    /// Column name from the header; `None` for problems of a whole row or file.
    pub column: Option<String>,
    /// What is wrong, quoting the offending value; at most about 2,000 characters (longer
    /// messages keep their start and end around `… (N characters left out) …`).
    pub message: String,
    /// Position of the file in load order (cities, chains, firms, links, absences), for
    /// sorting.
    #[serde(skip)]
    pub file_rank: u8,
    /// What kind of problem it is, for callers that act on it (not in the JSON: the
    /// message says it in words).
    #[serde(skip)]
    pub kind: ProblemKind,
    /// A "did you mean" suggestion still to be searched ([`Problems::resolve_hints`]).
    #[serde(skip)]
    pub hint: Option<PendingHint>,
}

/// A "did you mean" suggestion still to be searched for an unknown value. Files read in
/// parallel chunks search them after the whole file is read, in line order and on one
/// budget per file ([`Problems::resolve_hints`]): the same unknown value then gets the
/// same message wherever its rows fall, so its rows fold into one line, and the result
/// does not depend on where the chunks were cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingHint {
    /// What the value is looked up among.
    pub among: Among,
    /// The unknown value.
    pub value: String,
    /// Where in the message the suggestion goes (a byte offset).
    at: usize,
}

/// What an unknown value is looked up among for its "did you mean" suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Among {
    /// Firm ids (links.csv `source`, `target`).
    Firm,
    /// `chain/stage` keys (links.csv `stage`).
    Stage,
    /// A firm's `stages` item: a `chain/stage` key, or a bare stage id.
    StageItem,
    /// Cities (firms.csv `city`).
    City,
    /// The stages of one chain (chains.csv `inputs`; the value is `chain/stage`).
    ChainStage,
    /// Cities, regions and countries (absences.csv `area`).
    Area,
}

/// What a [`Problem`] is about, where a caller acts on it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ProblemKind {
    /// Anything else: a cell, a row, a header, a file.
    #[default]
    Other,
    /// A file is not in the encoding it was read with (not UTF-8, UTF-16, not the
    /// encoding given): the caller says how to give the encoding.
    Encoding,
    /// A file was not valid UTF-8 and was read in an encoding recognised from its bytes
    /// (GB18030/GBK): loaded, but worth a look.
    EncodingGuessed,
    /// A data row that was not read at all (wrong number of fields, unreadable): nothing
    /// it holds is known, except perhaps its `id` cell.
    RowUnread {
        /// The row's `id` cell, when the row has one.
        id: Option<String>,
    },
}

impl Problem {
    /// Whether this problem is about a file's encoding (not decodable, or read in a
    /// recognised encoding), so that the caller can say how to give the encoding: the
    /// messages name the encoding, not how a user passes it.
    pub fn is_encoding(&self) -> bool {
        matches!(
            self.kind,
            ProblemKind::Encoding | ProblemKind::EncodingGuessed
        )
    }

    fn sort_key(&self) -> (Severity, u8, &str, u64, &str, &str) {
        (
            self.severity,
            self.file_rank,
            self.file.as_str(),
            self.line.unwrap_or(0),
            self.column.as_deref().unwrap_or(""),
            self.message.as_str(),
        )
    }
}

impl fmt::Display for Problem {
    /// `error: datasets/gba/links.csv:14: column "target": unknown firm id "F-0091"`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_head(f, self.line)?;
        f.write_str(&self.message)
    }
}

impl Problem {
    /// `error: FILE[:LINE]: [column "C": ]`, the start of every problem's line.
    fn write_head(&self, f: &mut impl fmt::Write, line: Option<u64>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}: {}", self.file)?;
        if let Some(line) = line {
            write!(f, ":{line}")?;
        }
        f.write_str(": ")?;
        if let Some(column) = &self.column {
            write!(f, "column {column:?}: ")?;
        }
        Ok(())
    }
}

/// Identical problems — the same severity, file, column and message on different lines —
/// as one entry: the first of them, and every line they are on.
#[derive(Debug)]
pub struct Folded<'a> {
    /// The first of the identical problems.
    pub problem: &'a Problem,
    /// The lines they are on, in order (empty for a problem of a whole file).
    pub lines: Vec<u64>,
}

/// How many line numbers a folded problem lists before it counts the rest.
pub const FOLDED_LINES_SHOWN: usize = 8;

/// What identical problems share: severity, file, column and message. `None` for a
/// problem of a whole file (one per file: nothing to fold).
type FoldKey<'k> = (Severity, &'k str, Option<&'k str>, &'k str);

fn fold_key(problem: &Problem) -> Option<FoldKey<'_>> {
    problem.line.map(|_| {
        (
            problem.severity,
            problem.file.as_str(),
            problem.column.as_deref(),
            problem.message.as_str(),
        )
    })
}

/// Folds identical problems (see [`Folded`]) of a sorted list, each fold where its first
/// problem was: 40 rows with the same unknown stage make one entry with 40 lines.
pub fn fold(problems: &[Problem]) -> Vec<Folded<'_>> {
    let mut out: Vec<Folded<'_>> = Vec::new();
    let mut index: HashMap<FoldKey<'_>, usize> = HashMap::new();
    for problem in problems {
        let (Some(key), Some(line)) = (fold_key(problem), problem.line) else {
            out.push(Folded {
                problem,
                lines: Vec::new(),
            });
            continue;
        };
        match index.get(&key) {
            Some(&at) => out[at].lines.push(line),
            None => {
                index.insert(key, out.len());
                out.push(Folded {
                    problem,
                    lines: vec![line],
                });
            }
        }
    }
    out
}

/// For each problem of a list, how many problems its fold holds (1 when it is alone).
pub fn fold_sizes(problems: &[Problem]) -> Vec<usize> {
    let mut count: HashMap<FoldKey<'_>, usize> = HashMap::new();
    for key in problems.iter().filter_map(fold_key) {
        *count.entry(key).or_default() += 1;
    }
    problems
        .iter()
        .map(|p| fold_key(p).map_or(1, |key| count[&key]))
        .collect()
}

impl Folded<'_> {
    /// The problem's own line when it occurs once; else one line for all of them, located
    /// at the first: `error: d/firms.csv:3: column "stages": unknown stage "x" in 40 rows:
    /// lines 3, 4, 5, 6, 7, 8, 9, 10 … (and 32 more; ALL)`, where `all` says how to list
    /// every line.
    pub fn render(&self, all: &str) -> String {
        if self.lines.len() <= 1 {
            return self.problem.to_string();
        }
        let mut out = String::new();
        // The first line stays in front (an editor jumps to it), the rest follow.
        let _ = self
            .problem
            .write_head(&mut out, self.lines.first().copied());
        out.push_str(&self.problem.message);
        let shown: Vec<String> = self
            .lines
            .iter()
            .take(FOLDED_LINES_SHOWN)
            .map(u64::to_string)
            .collect();
        out.push_str(&format!(
            " in {} rows: lines {}",
            self.lines.len(),
            shown.join(", ")
        ));
        let more = self.lines.len().saturating_sub(FOLDED_LINES_SHOWN);
        if more > 0 {
            out.push_str(&format!(" … (and {more} more; {all})"));
        }
        out
    }
}

/// Where in which file a problem sits.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub file: &'a FileTag,
    pub line: Option<u64>,
    pub column: Option<&'a str>,
}

/// A file's display name and load-order rank.
#[derive(Debug, Clone)]
pub struct FileTag {
    pub name: String,
    pub rank: u8,
}

impl FileTag {
    pub fn whole(&self) -> Place<'_> {
        Place {
            file: self,
            line: None,
            column: None,
        }
    }
    pub fn at<'a>(&'a self, line: u64, column: &'a str) -> Place<'a> {
        Place {
            file: self,
            line: Some(line),
            column: Some(column),
        }
    }
    pub fn row(&self, line: u64) -> Place<'_> {
        Place {
            file: self,
            line: Some(line),
            column: None,
        }
    }
}

/// Messages quote the offending value; a 1 MB cell or a 100,000-stage cycle would make a
/// 1 MB line. Longer messages keep their start and end around an ellipsis.
const MAX_MESSAGE_CHARS: usize = 2_000;

fn shorten(message: String) -> String {
    let count = message.chars().count();
    if count <= MAX_MESSAGE_CHARS {
        return message;
    }
    let head: String = message.chars().take(MAX_MESSAGE_CHARS / 2).collect();
    let tail: String = message
        .chars()
        .skip(count - MAX_MESSAGE_CHARS / 4)
        .collect();
    format!(
        "{head} … ({} characters left out) … {tail}",
        count - head.chars().count() - tail.chars().count()
    )
}

/// The collector every validation step writes to.
#[derive(Debug, Default)]
pub struct Problems {
    items: Vec<Problem>,
}

impl Problems {
    pub fn error(&mut self, place: Place<'_>, message: impl Into<String>) {
        self.push(Severity::Error, place, message.into(), ProblemKind::Other);
    }

    pub fn warning(&mut self, place: Place<'_>, message: impl Into<String>) {
        self.push(Severity::Warning, place, message.into(), ProblemKind::Other);
    }

    /// An error of a [`ProblemKind`] a caller acts on.
    pub fn error_of(&mut self, kind: ProblemKind, place: Place<'_>, message: impl Into<String>) {
        self.push(Severity::Error, place, message.into(), kind);
    }

    /// A warning of a [`ProblemKind`] a caller acts on.
    pub fn warning_of(&mut self, kind: ProblemKind, place: Place<'_>, message: impl Into<String>) {
        self.push(Severity::Warning, place, message.into(), kind);
    }

    fn push(&mut self, severity: Severity, place: Place<'_>, message: String, kind: ProblemKind) {
        let message = shorten(message);
        self.items.push(Problem {
            severity,
            file: place.file.name.clone(),
            line: place.line,
            column: place.column.map(str::to_string),
            message,
            file_rank: place.file.rank,
            kind,
            hint: None,
        });
    }

    /// An error about an unknown `value` whose message is `head` + suggestion + `tail`, the
    /// suggestion (looked up `among` firms, stages, …) to be filled in by
    /// [`Problems::resolve_hints`] once the whole file is read.
    pub fn error_hinted(
        &mut self,
        place: Place<'_>,
        head: String,
        tail: &str,
        among: Among,
        value: &str,
    ) {
        let at = head.len();
        let message = head + tail;
        let whole = message.len();
        self.push(Severity::Error, place, message, ProblemKind::Other);
        if let Some(problem) = self.items.last_mut()
            && problem.message.len() == whole
        {
            // (A message shortened around an enormous value gets no suggestion.)
            problem.hint = Some(PendingHint {
                among,
                value: value.to_string(),
                at,
            });
        }
    }

    /// Fills in the pending suggestions of the file of load-order rank `rank`: the first
    /// [`HINT_BUDGET`] distinct (among, value) pairs in line order get `search(among,
    /// value)` (`; did you mean "x"?`, or empty), each searched once, in parallel; the rest
    /// get none. Which values get one depends on the file only, not on threads or chunks.
    pub fn resolve_hints(&mut self, rank: u8, search: impl Fn(Among, &str) -> String + Sync) {
        use rayon::prelude::*;
        let mut pending: Vec<usize> = (0..self.items.len())
            .filter(|&i| self.items[i].file_rank == rank && self.items[i].hint.is_some())
            .collect();
        pending.sort_by_key(|&i| (self.items[i].line, i));
        let mut keys: Vec<(Among, String)> = Vec::new();
        let mut seen: HashSet<(Among, &str)> = HashSet::new();
        for &i in &pending {
            let Some(hint) = &self.items[i].hint else {
                continue;
            };
            if keys.len() < HINT_BUDGET && seen.insert((hint.among, hint.value.as_str())) {
                keys.push((hint.among, hint.value.clone()));
            }
        }
        let found: HashMap<(Among, String), String> = keys
            .into_par_iter()
            .map(|(among, value)| {
                let suggestion = search(among, &value);
                ((among, value), suggestion)
            })
            .collect();
        for i in pending {
            let problem = &mut self.items[i];
            let Some(hint) = problem.hint.take() else {
                continue;
            };
            if let Some(suggestion) = found.get(&(hint.among, hint.value)) {
                problem.message.insert_str(hint.at, suggestion);
            }
        }
    }

    /// The problems so far of the file of load-order rank `rank`.
    pub fn of_file(&self, rank: u8) -> impl Iterator<Item = &Problem> {
        self.items.iter().filter(move |p| p.file_rank == rank)
    }

    /// Takes over every problem of `other`.
    pub fn extend(&mut self, other: Problems) {
        self.items.extend(other.items);
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
    }

    /// Errors first, then warnings; each by file (load order), line, column, message.
    pub fn into_sorted(mut self) -> Vec<Problem> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }
}

/// "Did you mean" searches per file: a file with a million unknown ids gets suggestions
/// for the first 200 distinct values, not a million fuzzy searches.
pub const HINT_BUDGET: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_messages_are_shortened_around_an_ellipsis() {
        let long = format!(
            "unknown city {:?} (not in cities.csv)",
            "x".repeat(1_000_000)
        );
        let short = shorten(long);
        assert!(short.chars().count() < MAX_MESSAGE_CHARS + 100);
        assert!(short.starts_with("unknown city \"xxx"));
        assert!(short.ends_with("(not in cities.csv)"));
        assert!(short.contains("characters left out"));
        assert_eq!(shorten("short".into()), "short");
    }

    fn problem(line: Option<u64>, column: Option<&str>, message: &str) -> Problem {
        Problem {
            severity: Severity::Error,
            file: "d/firms.csv".into(),
            line,
            column: column.map(str::to_string),
            message: message.into(),
            file_rank: 2,
            kind: ProblemKind::Other,
            hint: None,
        }
    }

    #[test]
    fn identical_problems_fold_into_one_line_and_others_stay() {
        let mut problems: Vec<Problem> = (3..=42)
            .map(|line| problem(Some(line), Some("stages"), "unknown stage \"x\""))
            .collect();
        problems.push(problem(Some(5), Some("city"), "unknown stage \"x\""));
        problems.push(problem(None, None, "file is empty"));
        let collector = Problems { items: problems };
        let sorted = collector.into_sorted();
        let folded = fold(&sorted);
        assert_eq!(folded.len(), 3);
        // Sorted by line, then column: the file problem (line 0), line 3 stages, then
        // line 5 city.
        assert_eq!(
            folded[0].render("--all"),
            "error: d/firms.csv: file is empty"
        );
        assert_eq!(folded[1].lines.len(), 40);
        assert_eq!(
            folded[1].render("--all lists every line"),
            "error: d/firms.csv:3: column \"stages\": unknown stage \"x\" in 40 rows: \
             lines 3, 4, 5, 6, 7, 8, 9, 10 … (and 32 more; --all lists every line)"
        );
        assert_eq!(
            folded[2].render("--all"),
            "error: d/firms.csv:5: column \"city\": unknown stage \"x\""
        );
        let two = [problem(Some(3), None, "m"), problem(Some(9), None, "m")];
        assert_eq!(
            fold(&two)[0].render("--all"),
            "error: d/firms.csv:3: m in 2 rows: lines 3, 9"
        );
        let sizes = fold_sizes(&sorted);
        assert_eq!(sizes.iter().filter(|&&n| n == 40).count(), 40);
        assert_eq!(sizes.iter().filter(|&&n| n == 1).count(), 2);
    }

    #[test]
    fn pending_suggestions_go_to_the_first_distinct_values_in_line_order() {
        let tag = FileTag {
            name: "d/links.csv".into(),
            rank: 3,
        };
        let mut problems = Problems::default();
        // Pushed out of line order (as chunks' finish-phase problems can be): value k on
        // line 1000 - k, then a repeat of value 0 on line 2000 and value HINT_BUDGET + 5 on
        // line 1 (first in line order).
        for k in 0..HINT_BUDGET + 5 {
            let line = 1000 - k as u64;
            let value = format!("v{k}");
            problems.error_hinted(
                tag.at(line, "source"),
                format!("unknown {value:?}"),
                " (x)",
                Among::Firm,
                &value,
            );
        }
        problems.error_hinted(
            tag.at(2000, "source"),
            "unknown \"v0\"".into(),
            " (x)",
            Among::Firm,
            "v0",
        );
        let late = format!("v{}", HINT_BUDGET + 5);
        problems.error_hinted(
            tag.at(1, "source"),
            format!("unknown {late:?}"),
            " (x)",
            Among::Firm,
            &late,
        );
        problems.resolve_hints(3, |_, value| format!("; firm like {value}"));
        let message = |line: u64| {
            problems
                .items
                .iter()
                .find(|p| p.line == Some(line))
                .unwrap()
                .message
                .clone()
        };
        let late_line = format!("unknown {late:?}; firm like {late} (x)");
        assert_eq!(message(1), late_line);
        // In line order the values are v205 (line 1), then v204 … v0 (lines 796 … 1000):
        // the 200 suggestions go to v205 … v6, none to v5 … v0.
        assert_eq!(message(1000 - 6), "unknown \"v6\"; firm like v6 (x)");
        assert_eq!(message(1000 - 5), "unknown \"v5\" (x)");
        assert_eq!(message(1000), "unknown \"v0\" (x)");
        assert_eq!(message(2000), "unknown \"v0\" (x)");
        assert!(problems.items.iter().all(|p| p.hint.is_none()));
    }

    #[test]
    fn a_suggestion_is_searched_once_per_value_and_among() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let tag = FileTag {
            name: "d/firms.csv".into(),
            rank: 2,
        };
        let mut problems = Problems::default();
        // The same value among stages on three rows, and among cities on one.
        for line in [3, 4, 5] {
            problems.error_hinted(
                tag.at(line, "stages"),
                "unknown \"x\"".into(),
                "",
                Among::StageItem,
                "x",
            );
        }
        problems.error_hinted(
            tag.at(6, "city"),
            "unknown \"x\"".into(),
            "",
            Among::City,
            "x",
        );
        let searches = AtomicUsize::new(0);
        problems.resolve_hints(2, |among, _| {
            searches.fetch_add(1, Ordering::Relaxed);
            format!("; {among:?}")
        });
        // One search per (among, value); every row of a value gets the same message.
        assert_eq!(searches.load(Ordering::Relaxed), 2);
        let messages: Vec<&str> = problems.items.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown \"x\"; StageItem",
                "unknown \"x\"; StageItem",
                "unknown \"x\"; StageItem",
                "unknown \"x\"; City"
            ]
        );
    }
}

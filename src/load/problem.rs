//! Data problems found while loading: each with its file, line and column, collected rather
//! than returned so that `check` can report every one.

use serde::Serialize;
use std::fmt;

/// How bad a [`Problem`] is. Errors sort before warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
}

impl Problem {
    /// Whether this problem says a file is not in the encoding it was read with (not UTF-8,
    /// UTF-16, GB18030 …), so that the caller can say how to give the encoding: the messages
    /// name the encoding, not how a user passes it.
    pub fn is_encoding(&self) -> bool {
        self.line.is_none()
            && [
                "file is not valid ",
                "file is not UTF-8",
                "file is UTF-16 encoded",
            ]
            .iter()
            .any(|start| self.message.starts_with(start))
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
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}: {}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        f.write_str(": ")?;
        if let Some(column) = &self.column {
            write!(f, "column {column:?}: ")?;
        }
        f.write_str(&self.message)
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
        self.push(Severity::Error, place, message.into());
    }

    pub fn warning(&mut self, place: Place<'_>, message: impl Into<String>) {
        self.push(Severity::Warning, place, message.into());
    }

    fn push(&mut self, severity: Severity, place: Place<'_>, message: String) {
        let message = shorten(message);
        self.items.push(Problem {
            severity,
            file: place.file.name.clone(),
            line: place.line,
            column: place.column.map(str::to_string),
            message,
            file_rank: place.file.rank,
        });
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

/// Budget of "did you mean" searches per column, so a file with a million unknown ids does
/// not spend a million fuzzy searches over a million candidates.
pub struct HintBudget(usize);

impl HintBudget {
    pub fn new() -> Self {
        HintBudget(200)
    }
    pub fn with(budget: usize) -> Self {
        HintBudget(budget)
    }
    pub fn take(&mut self) -> bool {
        if self.0 == 0 {
            return false;
        }
        self.0 -= 1;
        true
    }
}

impl Default for HintBudget {
    fn default() -> Self {
        Self::new()
    }
}

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
}

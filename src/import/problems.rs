//! What `import` found wrong, each with its file, row and column: errors stop the import
//! (nothing is written), warnings go to the import log and stderr.

use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The import stops; nothing is written.
    Error,
    /// Reported; the import goes on.
    Warning,
}

/// One problem, printed `SEVERITY: FILE:ROW: column "NAME": MESSAGE` like `check`'s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The file as given on the command line.
    pub file: String,
    /// The row (line of a text file, row of a sheet), or `None` for the whole file.
    pub row: Option<u64>,
    /// The column's header as written in the file, or `None` for a whole row or file.
    pub column: Option<String>,
    /// What is wrong, and what to do.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}: {}", self.file)?;
        if let Some(row) = self.row {
            write!(f, ":{row}")?;
        }
        write!(f, ": ")?;
        if let Some(column) = &self.column {
            write!(f, "column {column:?}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// The problems of one import, in the order found.
#[derive(Debug, Default)]
pub struct Problems {
    /// Every problem.
    pub list: Vec<Problem>,
}

impl Problems {
    /// Records an error.
    pub fn error(
        &mut self,
        file: &str,
        row: Option<u64>,
        column: Option<&str>,
        message: impl Into<String>,
    ) {
        self.push(Severity::Error, file, row, column, message.into());
    }

    /// Records a warning.
    pub fn warning(
        &mut self,
        file: &str,
        row: Option<u64>,
        column: Option<&str>,
        message: impl Into<String>,
    ) {
        self.push(Severity::Warning, file, row, column, message.into());
    }

    fn push(
        &mut self,
        severity: Severity,
        file: &str,
        row: Option<u64>,
        column: Option<&str>,
        message: String,
    ) {
        self.list.push(Problem {
            severity,
            file: file.to_string(),
            row,
            column: column.map(str::to_string),
            message,
        });
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|p| p.severity == Severity::Error)
    }

    /// Errors first, then warnings, each in the order found.
    pub fn sorted(&self) -> Vec<&Problem> {
        let mut all: Vec<&Problem> = self.list.iter().collect();
        all.sort_by_key(|p| p.severity);
        all
    }
}

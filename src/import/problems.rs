//! What `import` found wrong, each with its file, row and column: errors stop the import
//! (nothing is written), warnings go to the import log and stderr. A problem is the
//! loader's [`Problem`], so it prints as `check`'s do (`error: FILE:ROW: column "NAME": …`);
//! its line is the row as the user numbers it (the line of a text file, the row of a sheet).

use crate::load::{Problem, Severity};

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
            line: row,
            column: column.map(str::to_string),
            message,
            file_rank: 0,
            kind: Default::default(),
            hint: None,
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

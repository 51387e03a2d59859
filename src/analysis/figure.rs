//! The one convention for undefined figures (issue 15 item 3): a figure that cannot be given
//! is `null` in JSON, never `0`, with two siblings named after it: `<field>_status`
//! ([`FigureStatus`]: `computed`, `not_applicable` or `not_computed`) and `<field>_reason`
//! (words saying why; `null` when computed). Tables print `–` ([`UNDEFINED_CELL`]) and
//! Markdown/HTML print the reason once near the table.
//!
//! [`Figure`] carries the three together while an analysis builds its result; a result type
//! declares the three plain fields (`x: Option<T>`, `x_status: FigureStatus`,
//! `x_reason: Option<String>`, in that order, so JSON keeps them side by side) and fills them
//! with [`Figure::into_parts`]. Renderers format a cell with [`cell`].

use serde::Serialize;

/// What a table prints for an undefined figure (an en dash, never `0`).
pub const UNDEFINED_CELL: &str = "–";

/// Whether a figure is given, and if not, which kind of undefined it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureStatus {
    /// The figure is given.
    Computed,
    /// The figure has no meaning here (e.g. vertex connectivity when no raw-material firm
    /// is local: there is nothing to separate).
    NotApplicable,
    /// The figure could mean something, but the data is too thin or it was not asked for
    /// (e.g. employment known for too few firms).
    NotComputed,
}

impl FigureStatus {
    /// The name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            FigureStatus::Computed => "computed",
            FigureStatus::NotApplicable => "not_applicable",
            FigureStatus::NotComputed => "not_computed",
        }
    }
}

/// A figure with its status and, when undefined, the reason in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure<T> {
    /// The value; `None` exactly when the status is not `computed`.
    pub value: Option<T>,
    /// `computed`, `not_applicable` or `not_computed`.
    pub status: FigureStatus,
    /// Why the figure is undefined; `None` when computed.
    pub reason: Option<String>,
}

impl<T> Figure<T> {
    /// A figure that is given.
    pub fn computed(value: T) -> Figure<T> {
        Figure {
            value: Some(value),
            status: FigureStatus::Computed,
            reason: None,
        }
    }

    /// A figure without meaning here, with the reason.
    pub fn not_applicable(reason: impl Into<String>) -> Figure<T> {
        Figure {
            value: None,
            status: FigureStatus::NotApplicable,
            reason: Some(reason.into()),
        }
    }

    /// A figure the data is too thin for (or that was not asked for), with the reason.
    pub fn not_computed(reason: impl Into<String>) -> Figure<T> {
        Figure {
            value: None,
            status: FigureStatus::NotComputed,
            reason: Some(reason.into()),
        }
    }

    /// `value` when it is given, else the undefined figure `otherwise` builds.
    pub fn or_else(value: Option<T>, otherwise: impl FnOnce() -> Figure<T>) -> Figure<T> {
        match value {
            Some(v) => Figure::computed(v),
            None => otherwise(),
        }
    }

    /// The three sibling fields `(x, x_status, x_reason)` of a result type.
    pub fn into_parts(self) -> (Option<T>, FigureStatus, Option<String>) {
        (self.value, self.status, self.reason)
    }
}

impl Figure<f64> {
    /// `part / whole`, or `not_applicable` with `reason` when `whole` is 0 (a share of
    /// nothing has no meaning; it is never 0).
    pub fn share(part: usize, whole: usize, reason: impl FnOnce() -> String) -> Figure<f64> {
        match ratio(part, whole) {
            Some(v) => Figure::computed(v),
            None => Figure::not_applicable(reason()),
        }
    }
}

/// A table cell: the formatted value, or `–` when the figure is undefined.
pub fn cell<T>(value: Option<T>, format: impl FnOnce(T) -> String) -> String {
    value.map_or_else(|| UNDEFINED_CELL.to_string(), format)
}

/// `part / whole`, or `None` when `whole` is 0 (a 0/0 is undefined, never 0).
pub fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_cells() {
        let given = Figure::computed(0.25);
        assert_eq!(
            given.into_parts(),
            (Some(0.25), FigureStatus::Computed, None)
        );
        let undefined: Figure<f64> = Figure::not_applicable("no link counted");
        assert_eq!(
            undefined.into_parts(),
            (
                None,
                FigureStatus::NotApplicable,
                Some("no link counted".to_string())
            )
        );
        assert_eq!(cell(None::<f64>, |v| format!("{v}")), "–");
        assert_eq!(cell(Some(0.0), |v: f64| format!("{v:.1}")), "0.0");
        assert_eq!(ratio(0, 0), None);
        assert_eq!(ratio(1, 4), Some(0.25));
        assert_eq!(
            Figure::share(0, 0, || "nothing counted".into()).into_parts(),
            (
                None,
                FigureStatus::NotApplicable,
                Some("nothing counted".to_string())
            )
        );
        assert_eq!(Figure::share(3, 4, String::new).value, Some(0.75));
        assert_eq!(
            serde_json::to_string(&FigureStatus::NotComputed).unwrap(),
            "\"not_computed\""
        );
    }
}

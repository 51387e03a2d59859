//! Firm size for ranking "largest first": one basis for a whole set of firms, chosen so
//! that every firm of the set is measured the same way — employment when every firm has
//! `employees`, else revenue when every firm has `revenue`, else supply degree (supply
//! links out of the firm). Never alphabetical order: the firm id only breaks ties. Used by
//! the shortlist (its ranking and which candidates the evaluation cap keeps) and the chain
//! map's top producers.

use std::cmp::Ordering;

use serde::Serialize;

use crate::model::{FirmIdx, Model};

/// What "size" means for a set of firms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeBasis {
    /// Employees (every firm of the set has a figure).
    Employment,
    /// Revenue, CNY million (every firm has a figure; employment is missing for some).
    Revenue,
    /// Supply links out of the firm (employment and revenue are each missing for some).
    SupplyDegree,
}

impl SizeBasis {
    /// The basis for `firms`: the first of employment, revenue, supply degree that every
    /// one of them has. An empty set is measured by employment.
    pub fn for_firms(model: &Model, firms: &[FirmIdx]) -> SizeBasis {
        let all = |known: fn(&crate::model::Firm) -> bool| {
            firms.iter().all(|&f| known(&model.firms[f as usize]))
        };
        if all(|f| f.employees.is_some()) {
            SizeBasis::Employment
        } else if all(|f| f.revenue.is_some()) {
            SizeBasis::Revenue
        } else {
            SizeBasis::SupplyDegree
        }
    }

    /// The name used in JSON (`employment`, `revenue`, `supply_degree`).
    pub fn as_str(self) -> &'static str {
        match self {
            SizeBasis::Employment => "employment",
            SizeBasis::Revenue => "revenue",
            SizeBasis::SupplyDegree => "supply_degree",
        }
    }

    /// The words of a table label: "employees", "revenue (no employment for all)",
    /// "supply links (no employment or revenue for all)".
    pub fn words(self) -> &'static str {
        match self {
            SizeBasis::Employment => "employees",
            SizeBasis::Revenue => "revenue (no employment for all)",
            SizeBasis::SupplyDegree => "supply links (no employment or revenue for all)",
        }
    }

    /// The firm's size on this basis (a missing figure counts as −1, below every real one;
    /// it cannot happen for a firm of the set the basis was chosen for).
    pub fn size(self, model: &Model, firm: FirmIdx) -> f64 {
        let f = &model.firms[firm as usize];
        match self {
            SizeBasis::Employment => f.employees.unwrap_or(-1.0),
            SizeBasis::Revenue => f.revenue.unwrap_or(-1.0),
            SizeBasis::SupplyDegree => model.supply_out.get(firm).len() as f64,
        }
    }

    /// Larger first, then firm id.
    pub fn larger_first(self, model: &Model, a: FirmIdx, b: FirmIdx) -> Ordering {
        self.size(model, b)
            .total_cmp(&self.size(model, a))
            .then_with(|| model.firms[a as usize].id.cmp(&model.firms[b as usize].id))
    }
}

/// Sorts `firms` largest first on the basis chosen for them, and returns that basis.
pub fn sort_largest_first(model: &Model, firms: &mut [FirmIdx]) -> SizeBasis {
    let basis = SizeBasis::for_firms(model, firms);
    firms.sort_by(|&a, &b| basis.larger_first(model, a, b));
    basis
}

//! What firms weigh and how much employment (and revenue) is known behind each figure:
//! [`Basis`] (employees, revenue or a count; which one `--basis` asks for), the per-unit employment counts ([`Family`]: the firms a stage or
//! tier figure counts, or those a function figure counts), the basis of one side's
//! quotients ([`SideBasis`]) and of a pair's similarity ([`PairBasis`]), the status of an
//! undefined figure ([`FigureStatus`]), and the split weights of a set of cities per stage,
//! per function and per tier — the inputs of the location quotients, functional
//! specialisation and similarity.
//!
//! The rule (docs/analyses.md "complementarity", issue 15 item 4): a figure weighs
//! employment when employment is known for at least half of the firms it counts in every
//! unit it compares ([`crate::analysis::employment_enough`]); otherwise the location
//! quotients and the similarity fall back to firm counts, labelled, and functional
//! specialisation (a ratio of jobs) is not computed.
//!
//! `--basis` (issue 17 item 4; [`choose`]): by default (`None`) the figures weigh employment
//! under the rule above, else revenue when every firm counted in every unit compared states
//! it (an input-output dataset's gross output), else firm counts. `employment` and
//! `revenue` ask for that basis, used when it is known for at least half of the firms
//! counted in every unit compared, else firm count (labelled with revenue or employment
//! known for k of n); `count` weighs every firm 1. Functional specialisation is a ratio of
//! jobs whatever the basis.

use serde::Serialize;

pub use crate::analysis::FigureStatus;
use crate::analysis::{employment_enough, employment_known_note};
use crate::model::{FirmIdx, Function, Model, Tier, Vocabulary};

/// What firms weigh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// `employees` (known for at least half of the firms counted; a firm without it
    /// weighs 0).
    Employment,
    /// `revenue` (by default only when every firm counted states it; with `--basis
    /// revenue` when at least half do, a firm without it weighing 0).
    Revenue,
    /// Every firm weighs 1 (the basis asked for is known for too few of the firms counted,
    /// or `--basis count`).
    Count,
}

impl Basis {
    /// The word in JSON: `employment`, `revenue` or `count`.
    pub fn word_json(self) -> &'static str {
        match self {
            Basis::Employment => "employment",
            Basis::Revenue => "revenue",
            Basis::Count => "count",
        }
    }

    /// The word in tables: "employment" or "firm count".
    pub fn word(self) -> &'static str {
        match self {
            Basis::Employment => "employment",
            Basis::Revenue => "revenue",
            Basis::Count => "firm count",
        }
    }
}

/// A figure, or why it is undefined.
pub(super) type Figure = Result<f64, (FigureStatus, String)>;

/// Splits a [`Figure`] into the JSON triple `(value, status, reason)`.
pub(super) fn split(figure: Figure) -> (Option<f64>, FigureStatus, Option<String>) {
    match figure {
        Ok(v) => (Some(v), FigureStatus::Computed, None),
        Err((status, reason)) => (None, status, Some(reason)),
    }
}

/// Which firms a figure counts in a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    /// Firms with a stage (tier quotients, similarity).
    Stages,
    /// Firms with a function (function quotients, FS).
    Functions,
}

/// Firms of a unit that a figure counts, and how many of them state `employees` and
/// `revenue`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Known {
    pub(super) known: usize,
    pub(super) revenue_known: usize,
    pub(super) counted: usize,
}

impl Known {
    /// The firms of the flagged cities that the family counts.
    pub(super) fn of(model: &Model, cities: &[bool], family: Family) -> Known {
        let mut k = Known::default();
        for firm in model.firms.iter().filter(|f| cities[f.city as usize]) {
            let counted = match family {
                Family::Stages => !firm.stages.is_empty(),
                Family::Functions => !firm.functions.is_empty(),
            };
            if counted {
                k.counted += 1;
                k.known += usize::from(firm.employees.is_some());
                k.revenue_known += usize::from(firm.revenue.is_some());
            }
        }
        k
    }

    /// Employment known for at least half of the firms counted.
    pub(super) fn enough(self) -> bool {
        employment_enough(self.known, self.counted)
    }

    /// Revenue known for every firm counted (and some firm counted).
    fn revenue_complete(self) -> bool {
        self.counted > 0 && self.revenue_known == self.counted
    }

    /// Revenue known for at least half of the firms counted.
    fn revenue_enough(self) -> bool {
        employment_enough(self.revenue_known, self.counted)
    }

    /// "Alpha: employment known for k of n", or with `revenue` "Alpha: revenue known for k
    /// of n".
    fn note(self, unit: &str, revenue: bool) -> String {
        if revenue {
            format!(
                "{unit}: revenue known for {} of {}",
                self.revenue_known, self.counted
            )
        } else {
            format!(
                "{unit}: {}",
                employment_known_note(self.known, self.counted)
            )
        }
    }
}

/// The basis of a figure comparing `units`, given what `--basis` asked (`None`: the
/// default). See the module header.
pub(super) fn choose(units: &[Known], asked: Option<Basis>) -> Basis {
    let all = |test: fn(Known) -> bool| units.iter().all(|k| test(*k));
    match asked {
        None if all(Known::enough) => Basis::Employment,
        None if all(Known::revenue_complete) => Basis::Revenue,
        Some(Basis::Employment) if all(Known::enough) => Basis::Employment,
        Some(Basis::Revenue) if all(Known::revenue_enough) => Basis::Revenue,
        _ => Basis::Count,
    }
}

/// Whether the notes of a figure speak of revenue: it weighs revenue or revenue was asked.
fn revenue_notes(basis: Basis, asked: Option<Basis>) -> bool {
    basis == Basis::Revenue || asked == Some(Basis::Revenue)
}

/// The basis of one side's location quotients against R ([`choose`] over the side and R):
/// by default employment when it is known for at least half of the firms counted both in
/// the side and in R, else revenue when all of them state it, else firm count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideBasis {
    /// What the side's figures weigh.
    pub basis: Basis,
    /// Firms of the side counted by the figure that state `employees` (k of n).
    pub employment_known: usize,
    /// Firms of the side counted by the figure.
    pub employment_counted: usize,
    /// Firms of R counted by the figure that state `employees`.
    pub region_employment_known: usize,
    /// Firms of R counted by the figure.
    pub region_employment_counted: usize,
    /// Firms of the side counted by the figure that state `revenue`.
    pub revenue_known: usize,
    /// Firms of R counted by the figure that state `revenue`.
    pub region_revenue_known: usize,
    /// The label printed with the figures: "employment (Beta: employment known for 3 of 3;
    /// Delta: employment known for 5 of 7)" or "firm count (Alpha: employment known for 1
    /// of 4; …)".
    pub label: String,
}

impl SideBasis {
    pub(super) fn new(side: Known, region: Known, names: [&str; 2], asked: Option<Basis>) -> Self {
        let basis = choose(&[side, region], asked);
        let revenue = revenue_notes(basis, asked);
        SideBasis {
            basis,
            employment_known: side.known,
            employment_counted: side.counted,
            region_employment_known: region.known,
            region_employment_counted: region.counted,
            revenue_known: side.revenue_known,
            region_revenue_known: region.revenue_known,
            label: format!(
                "{} ({}; {})",
                basis.word(),
                side.note(names[0], revenue),
                region.note(names[1], revenue)
            ),
        }
    }
}

/// The basis of the similarity of two cities (S, K and the stage shares; also each pair row
/// of `complement --matrix`): [`choose`] over the two (by default employment when it is
/// known for at least half of the firms with a stage in each, else revenue when all of
/// them state it, else firm count).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairBasis {
    /// What the stage shares weigh.
    pub basis: Basis,
    /// Firms of A with a stage that state `employees` (k of n).
    pub employment_known_a: usize,
    /// Firms of A with a stage.
    pub employment_counted_a: usize,
    /// Firms of B with a stage that state `employees`.
    pub employment_known_b: usize,
    /// Firms of B with a stage.
    pub employment_counted_b: usize,
    /// Firms of A with a stage that state `revenue`.
    pub revenue_known_a: usize,
    /// Firms of B with a stage that state `revenue`.
    pub revenue_known_b: usize,
    /// Whether the label speaks of revenue (revenue weighed or asked for).
    #[serde(skip)]
    revenue_notes: bool,
}

impl PairBasis {
    pub(super) fn new(a: Known, b: Known, asked: Option<Basis>) -> Self {
        let basis = choose(&[a, b], asked);
        PairBasis {
            basis,
            employment_known_a: a.known,
            employment_counted_a: a.counted,
            employment_known_b: b.known,
            employment_counted_b: b.counted,
            revenue_known_a: a.revenue_known,
            revenue_known_b: b.revenue_known,
            revenue_notes: revenue_notes(basis, asked),
        }
    }

    /// "employment (A: employment known for k of n; B: …)" (revenue known for k of n when
    /// revenue is weighed or was asked for).
    pub fn label(&self, a: &str, b: &str) -> String {
        format!(
            "{} ({}; {})",
            self.basis.word(),
            Known {
                known: self.employment_known_a,
                revenue_known: self.revenue_known_a,
                counted: self.employment_counted_a
            }
            .note(a, self.revenue_notes),
            Known {
                known: self.employment_known_b,
                revenue_known: self.revenue_known_b,
                counted: self.employment_counted_b
            }
            .note(b, self.revenue_notes)
        )
    }
}

/// Firms of the given cities that have a stage or a function: (with `employees`, all).
pub(super) fn employment_counts(model: &Model, cities: &[bool]) -> (usize, usize) {
    let counted: Vec<bool> = model
        .firms
        .iter()
        .filter(|f| cities[f.city as usize] && (!f.stages.is_empty() || !f.functions.is_empty()))
        .map(|f| f.employees.is_some())
        .collect();
    (counted.iter().filter(|k| **k).count(), counted.len())
}

pub(super) fn weight(model: &Model, f: FirmIdx, basis: Basis) -> f64 {
    match basis {
        Basis::Employment => model.firms[f as usize].employees.unwrap_or(0.0),
        Basis::Revenue => model.firms[f as usize].revenue.unwrap_or(0.0),
        Basis::Count => 1.0,
    }
}

/// Stage-split weights of the firms of a city set, per stage.
pub(super) fn stage_weights(model: &Model, cities: &[bool], basis: Basis) -> Vec<f64> {
    let mut w = vec![0.0; model.stages.len()];
    for (f, firm) in model.firms.iter().enumerate() {
        if !cities[firm.city as usize] || firm.stages.is_empty() {
            continue;
        }
        let share = weight(model, f as FirmIdx, basis) / firm.stages.len() as f64;
        for &s in &firm.stages {
            w[s as usize] += share;
        }
    }
    w
}

/// Function-split weights of the firms of a city set, per function (vocabulary order).
pub(super) fn function_weights(model: &Model, cities: &[bool], basis: Basis) -> Vec<f64> {
    let mut w = vec![0.0; Function::ALL.len()];
    for (f, firm) in model.firms.iter().enumerate() {
        let n = firm.functions.iter().count();
        if !cities[firm.city as usize] || n == 0 {
            continue;
        }
        let share = weight(model, f as FirmIdx, basis) / n as f64;
        for function in firm.functions.iter() {
            w[function as usize] += share;
        }
    }
    w
}

pub(super) fn tier_weights(model: &Model, stage_w: &[f64]) -> Vec<f64> {
    let mut w = vec![0.0; Tier::ALL.len()];
    for (s, stage) in model.stages.iter().enumerate() {
        w[stage.tier as usize] += stage_w[s];
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(known: usize, revenue_known: usize, counted: usize) -> Known {
        Known {
            known,
            revenue_known,
            counted,
        }
    }

    /// By default: employment when at least half state it in every unit; else revenue when
    /// every firm states it; else count. Asked for: that basis when at least half state it
    /// in every unit, else count.
    #[test]
    fn the_basis_is_chosen_by_what_every_unit_knows() {
        let (emp, rev, cnt) = (Basis::Employment, Basis::Revenue, Basis::Count);
        // 2 of 4 employment known in both: employment, whatever revenue.
        assert_eq!(choose(&[k(2, 4, 4), k(3, 0, 6)], None), emp);
        // 1 of 4 in one unit: revenue, known for all firms of both.
        assert_eq!(choose(&[k(1, 4, 4), k(3, 6, 6)], None), rev);
        // Revenue missing for one firm: count by default ...
        assert_eq!(choose(&[k(1, 4, 4), k(3, 5, 6)], None), cnt);
        // ... but revenue when asked for (5 of 6 and 4 of 4 are at least half).
        assert_eq!(choose(&[k(1, 4, 4), k(3, 5, 6)], Some(rev)), rev);
        assert_eq!(choose(&[k(1, 1, 4), k(3, 5, 6)], Some(rev)), cnt);
        assert_eq!(choose(&[k(1, 4, 4), k(3, 6, 6)], Some(emp)), cnt);
        assert_eq!(choose(&[k(4, 4, 4)], Some(cnt)), cnt);
        // No firm counted: nothing is known.
        assert_eq!(choose(&[k(0, 0, 0)], None), cnt);
    }

    #[test]
    fn labels_speak_of_revenue_when_it_is_weighed_or_asked() {
        let side = SideBasis::new(k(0, 3, 4), k(1, 8, 10), ["A", "R"], Some(Basis::Revenue));
        assert_eq!(side.basis, Basis::Revenue);
        assert_eq!(
            side.label,
            "revenue (A: revenue known for 3 of 4; R: revenue known for 8 of 10)"
        );
        let pair = PairBasis::new(k(0, 1, 4), k(0, 1, 4), Some(Basis::Revenue));
        assert_eq!(
            pair.label("A", "B"),
            "firm count (A: revenue known for 1 of 4; B: revenue known for 1 of 4)"
        );
        let pair = PairBasis::new(k(0, 1, 4), k(0, 1, 4), None);
        assert_eq!(
            pair.label("A", "B"),
            "firm count (A: employment known for 0 of 4; B: employment known for 0 of 4)"
        );
    }
}

//! Location quotients per tier and per function, and functional specialisation
//! (Duranton & Puga 2005), of A and B against the context region — each side on its own
//! basis ([`SideBasis`]: employment when known for at least half of the firms counted in
//! the side and in R, else firm count, labelled; FS has no count fallback and is then not
//! computed), every undefined quotient `null` with a status and a reason.

use serde::Serialize;

use super::weights::{Basis, Figure, FigureStatus, SideBasis, split, tier_weights};
use crate::analysis::employment_known_note;
use crate::model::{Function, Model, Tier, Vocabulary};

/// Location quotients of A and B against the context region R.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationQuotients {
    /// The basis of the tier quotients of each side (over firms with a stage).
    pub tier_basis: SideBases,
    /// The basis of the function quotients of each side (over firms with a function).
    pub function_basis: SideBases,
    /// One entry per tier, in vocabulary order (raw_material to service).
    pub by_tier: Vec<TierLq>,
    /// One entry per function, in vocabulary order.
    pub by_function: Vec<FunctionLq>,
}

/// The basis of side A's and side B's figures of one family.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideBases {
    /// Side A against R.
    pub a: SideBasis,
    /// Side B against R.
    pub b: SideBasis,
}

/// Weights and quotients of one category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LqValues {
    /// e_Ak: split weight of the category in A, on A's basis.
    pub e_a: f64,
    /// e_Bk: split weight of the category in B, on B's basis.
    pub e_b: f64,
    /// e_Rk: split weight of the category in R, on A's basis.
    pub e_region: f64,
    /// e_Rk on B's basis, when it differs from A's (left out of the JSON otherwise:
    /// `e_region` serves both).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub e_region_b: Option<f64>,
    /// LQ_Ak = (e_Ak / e_A) / (e_Rk / e_R); `None` when e_A, e_Rk or e_R is 0.
    pub lq_a: Option<f64>,
    /// `computed`, or `not_applicable` (a denominator is 0).
    pub lq_a_status: FigureStatus,
    /// Why `lq_a` is `null`; `null` when computed.
    pub lq_a_reason: Option<String>,
    /// LQ_Bk, the same for B.
    pub lq_b: Option<f64>,
    /// As `lq_a_status`, for B.
    pub lq_b_status: FigureStatus,
    /// As `lq_a_reason`, for B.
    pub lq_b_reason: Option<String>,
}

/// Location quotients of one tier (stage-split weights).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierLq {
    /// The tier.
    pub tier: Tier,
    /// Weights and quotients (flattened into this object in JSON).
    #[serde(flatten)]
    pub values: LqValues,
}

/// Location quotients of one function (function-split weights).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionLq {
    /// The function.
    pub function: Function,
    /// Weights and quotients (flattened into this object in JSON).
    #[serde(flatten)]
    pub values: LqValues,
}

/// Functional specialisation (Duranton & Puga 2005): FS_U = ratio_U / ratio_R over jobs.
/// FS > 1: more head-office and R&D work per production job than the region. A ratio of
/// jobs: computed only when employment is known for at least half of the firms with a
/// function in the side and in R (their counts are in `location_quotients.function_basis`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionalSpecialisation {
    /// FS of A; `None` with `a_status` and `a_reason` when it cannot be given.
    pub a: Option<f64>,
    /// `computed`, `not_applicable` (no manufacturing firm, no R&D/design/hq firm in R) or
    /// `not_computed` (employment known for too few firms, or no manufacturing job, or no
    /// R&D/design/hq job where such firms exist, known).
    pub a_status: FigureStatus,
    /// Why `a` is `null`; `null` when computed.
    pub a_reason: Option<String>,
    /// FS of B; as for `a`.
    pub b: Option<f64>,
    /// As `a_status`, for B.
    pub b_status: FigureStatus,
    /// As `a_reason`, for B.
    pub b_reason: Option<String>,
    /// (rnd + design + hq) / manufacturing jobs of A (function-split employment); `None`
    /// when A's employment is too thin, A has no manufacturing job known, or A has R&D,
    /// design or hq firms but none of their jobs is known.
    pub ratio_a: Option<f64>,
    /// The same for B.
    pub ratio_b: Option<f64>,
    /// The same for R.
    pub ratio_region: Option<f64>,
}

/// A unit's weights of one family on both bases.
pub(super) struct UnitWeights<'a> {
    /// The unit's name, for reasons.
    pub(super) name: &'a str,
    /// Per category (stage or function), on employment.
    pub(super) employment: &'a [f64],
    /// Per category, on revenue.
    pub(super) revenue: &'a [f64],
    /// Per category, on firm count.
    pub(super) count: &'a [f64],
}

impl UnitWeights<'_> {
    fn on(&self, basis: Basis) -> &[f64] {
        match basis {
            Basis::Employment => self.employment,
            Basis::Revenue => self.revenue,
            Basis::Count => self.count,
        }
    }
}

/// One side's quotient of category `k`: its weights `u`, R's `r`, on `basis`.
fn lq(k: usize, u: &[f64], r: &[f64], names: [&str; 2], basis: Basis, what: &str) -> Figure {
    let [unit, region] = names;
    let none = match basis {
        Basis::Employment => "no employment known",
        Basis::Revenue => "no revenue known",
        Basis::Count => "no firm",
    };
    let data = "in the data";
    let (e_u, e_r): (f64, f64) = (u.iter().sum(), r.iter().sum());
    if e_u <= 0.0 {
        Err((
            FigureStatus::NotApplicable,
            format!("{unit}: {none} at any {what} {data}"),
        ))
    } else if e_r <= 0.0 {
        Err((
            FigureStatus::NotApplicable,
            format!("{region}: {none} at any {what} {data}"),
        ))
    } else if r[k] <= 0.0 {
        Err((
            FigureStatus::NotApplicable,
            format!("{region}: {none} at this {what} {data}"),
        ))
    } else {
        Ok((u[k] / e_u) / (r[k] / e_r))
    }
}

/// The quotients of every category of one family; `a`, `b`, `r` per category on both
/// bases, `what` names the category ("tier", "function").
fn family(
    bases: &SideBases,
    [a, b, r]: [&UnitWeights; 3],
    what: &str,
) -> impl Iterator<Item = LqValues> {
    let (basis_a, basis_b) = (bases.a.basis, bases.b.basis);
    let (wa, wb) = (a.on(basis_a).to_vec(), b.on(basis_b).to_vec());
    let (ra, rb) = (r.on(basis_a).to_vec(), r.on(basis_b).to_vec());
    let names = [a.name, b.name, r.name].map(str::to_string);
    let what = what.to_string();
    (0..wa.len()).map(move |k| {
        let (lq_a, lq_a_status, lq_a_reason) =
            split(lq(k, &wa, &ra, [&names[0], &names[2]], basis_a, &what));
        let (lq_b, lq_b_status, lq_b_reason) =
            split(lq(k, &wb, &rb, [&names[1], &names[2]], basis_b, &what));
        LqValues {
            e_a: wa[k],
            e_b: wb[k],
            e_region: ra[k],
            e_region_b: (basis_b != basis_a).then_some(rb[k]),
            lq_a,
            lq_a_status,
            lq_a_reason,
            lq_b,
            lq_b_status,
            lq_b_reason,
        }
    })
}

/// The quotients of A, B and R from their stage-split (`stages`) and function-split
/// (`functions`) weights, each `[A, B, R]`, with each side's bases.
pub(super) fn location_quotients(
    model: &Model,
    tier_basis: SideBases,
    function_basis: SideBases,
    stages: [&UnitWeights; 3],
    functions: [&UnitWeights; 3],
) -> LocationQuotients {
    let tiers = stages.map(|u| {
        (
            tier_weights(model, u.employment),
            tier_weights(model, u.revenue),
            tier_weights(model, u.count),
        )
    });
    let tier_units: Vec<UnitWeights> = tiers
        .iter()
        .zip(stages)
        .map(|((employment, revenue, count), u)| UnitWeights {
            name: u.name,
            employment,
            revenue,
            count,
        })
        .collect();
    let by_tier = family(
        &tier_basis,
        [&tier_units[0], &tier_units[1], &tier_units[2]],
        "tier",
    )
    .zip(Tier::ALL)
    .map(|(values, &tier)| TierLq { tier, values })
    .collect();
    let by_function = family(&function_basis, functions, "function")
        .zip(Function::ALL)
        .map(|(values, &function)| FunctionLq { function, values })
        .collect();
    LocationQuotients {
        tier_basis,
        function_basis,
        by_tier,
        by_function,
    }
}

/// What FS needs of one unit: its function-split employment and firm counts, and whether
/// employment is known for enough of its firms with a function.
pub(super) struct FsUnit<'a> {
    /// The unit's weights on both bases.
    pub(super) weights: &'a UnitWeights<'a>,
    /// Firms with a function that state `employees`, and all of them.
    pub(super) known: (usize, usize),
}

const ORIENTED: [Function; 3] = [Function::Rnd, Function::Design, Function::Hq];

/// (rnd + design + hq) / manufacturing jobs of one unit, or why it cannot be given.
fn fs_ratio(u: &FsUnit) -> Figure {
    let name = u.weights.name;
    let (known, counted) = u.known;
    if !crate::analysis::employment_enough(known, counted) {
        return Err((
            FigureStatus::NotComputed,
            format!(
                "{name}: {} firms with a function, fewer than half; FS is a ratio of jobs, no count fallback",
                employment_known_note(known, counted)
            ),
        ));
    }
    let mfg = Function::Manufacturing as usize;
    if u.weights.count[mfg] <= 0.0 {
        return Err((
            FigureStatus::NotApplicable,
            format!("{name}: no manufacturing firm in the data"),
        ));
    }
    let jobs = u.weights.employment[mfg];
    if jobs <= 0.0 {
        return Err((
            FigureStatus::NotComputed,
            format!("{name}: no manufacturing jobs known"),
        ));
    }
    let oriented: f64 = ORIENTED
        .iter()
        .map(|&f| u.weights.employment[f as usize])
        .sum();
    let oriented_firms = ORIENTED.iter().any(|&f| u.weights.count[f as usize] > 0.0);
    if oriented <= 0.0 && oriented_firms {
        return Err((
            FigureStatus::NotComputed,
            format!("{name}: no R&D, design or headquarters jobs known"),
        ));
    }
    Ok(oriented / jobs)
}

/// FS of one side from its ratio and R's (a ratio of 0 has no oriented firm behind it:
/// [`fs_ratio`] does not compute one over unknown jobs).
fn fs_of(unit: &Figure, region: &Figure, r: &FsUnit) -> Figure {
    match (unit, region) {
        (Err(e), _) | (_, Err(e)) => Err(e.clone()),
        (Ok(u), Ok(q)) if *q > 0.0 => Ok(u / q),
        (Ok(_), Ok(_)) => Err((
            FigureStatus::NotApplicable,
            format!(
                "{}: no R&D, design or headquarters firm in the data",
                r.weights.name
            ),
        )),
    }
}

/// FS of A and B from the function-split weights of A, B and R.
pub(super) fn functional_specialisation(
    a: &FsUnit,
    b: &FsUnit,
    r: &FsUnit,
) -> FunctionalSpecialisation {
    let (ratio_a, ratio_b, ratio_r) = (fs_ratio(a), fs_ratio(b), fs_ratio(r));
    let (fs_a, a_status, a_reason) = split(fs_of(&ratio_a, &ratio_r, r));
    let (fs_b, b_status, b_reason) = split(fs_of(&ratio_b, &ratio_r, r));
    FunctionalSpecialisation {
        a: fs_a,
        a_status,
        a_reason,
        b: fs_b,
        b_status,
        b_reason,
        ratio_a: ratio_a.ok(),
        ratio_b: ratio_b.ok(),
        ratio_region: ratio_r.ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(f: Figure) -> Option<f64> {
        f.ok()
    }

    #[test]
    fn lq_is_undefined_on_empty_denominators() {
        let names = ["A", "R"];
        // A has no weight at all; R none at category 0; R none at all.
        assert_eq!(
            lq(0, &[0.0, 0.0], &[1.0, 1.0], names, Basis::Count, "tier"),
            Err((
                FigureStatus::NotApplicable,
                "A: no firm at any tier in the data".into()
            ))
        );
        assert_eq!(
            lq(
                0,
                &[0.0, 1.0],
                &[0.0, 1.0],
                names,
                Basis::Employment,
                "tier"
            ),
            Err((
                FigureStatus::NotApplicable,
                "R: no employment known at this tier in the data".into()
            ))
        );
        assert!(value(lq(0, &[1.0], &[0.0], names, Basis::Count, "tier")).is_none());
        // (1/2) / (1/2) = 1; (0/2) / (1/2) = 0 is a number, not undefined.
        assert_eq!(
            value(lq(0, &[1.0, 1.0], &[1.0, 1.0], names, Basis::Count, "tier")),
            Some(1.0)
        );
        assert_eq!(
            value(lq(0, &[0.0, 2.0], &[1.0, 1.0], names, Basis::Count, "tier")),
            Some(0.0)
        );
    }
}

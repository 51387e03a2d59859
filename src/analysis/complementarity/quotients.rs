//! Location quotients per tier and per function, and functional specialisation
//! (Duranton & Puga 2005), of A and B against the context region.

use serde::Serialize;

use super::weights::{Basis, tier_weights};
use crate::model::{Function, Model, Tier, Vocabulary};

/// Location quotients of A and B against the context region R.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationQuotients {
    /// What firms weigh (employment or count).
    pub basis: Basis,
    /// One entry per tier, in vocabulary order (raw_material to service).
    pub by_tier: Vec<TierLq>,
    /// One entry per function, in vocabulary order.
    pub by_function: Vec<FunctionLq>,
}

/// Weights and quotients of one category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LqValues {
    /// e_Ak: split weight of the category in A.
    pub e_a: f64,
    /// e_Bk: split weight of the category in B.
    pub e_b: f64,
    /// e_Rk: split weight of the category in R.
    pub e_region: f64,
    /// LQ_Ak = (e_Ak / e_A) / (e_Rk / e_R); `None` when e_A, e_Rk or e_R is 0.
    pub lq_a: Option<f64>,
    /// LQ_Bk, the same for B.
    pub lq_b: Option<f64>,
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

/// Functional specialisation (Duranton & Puga 2005): FS_U = ratio_U / ratio_R. FS > 1:
/// more head-office and R&D work per production job than the region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionalSpecialisation {
    /// FS of A; `None` when A's or R's manufacturing total is 0, or ratio_R is 0.
    pub a: Option<f64>,
    /// FS of B; `None` as for `a`.
    pub b: Option<f64>,
    /// (rnd + design + hq) / manufacturing of A over function-split weight; `None` when A
    /// has no manufacturing.
    pub ratio_a: Option<f64>,
    /// (rnd + design + hq) / manufacturing of B; `None` when B has no manufacturing.
    pub ratio_b: Option<f64>,
    /// (rnd + design + hq) / manufacturing of R; `None` when R has no manufacturing.
    pub ratio_region: Option<f64>,
}

fn lq(e_uk: f64, e_u: f64, e_rk: f64, e_r: f64) -> Option<f64> {
    (e_u > 0.0 && e_rk > 0.0 && e_r > 0.0).then(|| (e_uk / e_u) / (e_rk / e_r))
}

fn lq_values(k: usize, a: &[f64], b: &[f64], r: &[f64]) -> LqValues {
    let (ta, tb, tr) = (
        a.iter().sum::<f64>(),
        b.iter().sum::<f64>(),
        r.iter().sum::<f64>(),
    );
    LqValues {
        e_a: a[k],
        e_b: b[k],
        e_region: r[k],
        lq_a: lq(a[k], ta, r[k], tr),
        lq_b: lq(b[k], tb, r[k], tr),
    }
}

/// (rnd + design + hq) / manufacturing of function-split weights.
fn fs_ratio(w: &[f64]) -> Option<f64> {
    let mfg = w[Function::Manufacturing as usize];
    (mfg > 0.0).then(|| {
        (w[Function::Rnd as usize] + w[Function::Design as usize] + w[Function::Hq as usize]) / mfg
    })
}

fn fs_of(unit: Option<f64>, region: Option<f64>) -> Option<f64> {
    match (unit, region) {
        (Some(u), Some(r)) if r > 0.0 => Some(u / r),
        _ => None,
    }
}

/// The quotients of A, B and R from their stage-split (`sw`) and function-split (`fw`)
/// weights, each `[A, B, R]`.
pub(super) fn location_quotients(
    model: &Model,
    basis: Basis,
    sw: [&[f64]; 3],
    fw: [&[f64]; 3],
) -> LocationQuotients {
    let [tw_a, tw_b, tw_r] = sw.map(|w| tier_weights(model, w));
    let [fw_a, fw_b, fw_r] = fw;
    LocationQuotients {
        basis,
        by_tier: Tier::ALL
            .iter()
            .map(|&t| TierLq {
                tier: t,
                values: lq_values(t as usize, &tw_a, &tw_b, &tw_r),
            })
            .collect(),
        by_function: Function::ALL
            .iter()
            .map(|&f| FunctionLq {
                function: f,
                values: lq_values(f as usize, fw_a, fw_b, fw_r),
            })
            .collect(),
    }
}

/// FS of A and B from the function-split weights of A, B and R.
pub(super) fn functional_specialisation(
    fw_a: &[f64],
    fw_b: &[f64],
    fw_r: &[f64],
) -> FunctionalSpecialisation {
    let (ratio_a, ratio_b, ratio_r) = (fs_ratio(fw_a), fs_ratio(fw_b), fs_ratio(fw_r));
    FunctionalSpecialisation {
        a: fs_of(ratio_a, ratio_r),
        b: fs_of(ratio_b, ratio_r),
        ratio_a,
        ratio_b,
        ratio_region: ratio_r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lq_is_undefined_on_empty_denominators() {
        assert_eq!(lq(1.0, 0.0, 1.0, 1.0), None);
        assert_eq!(lq(0.0, 1.0, 0.0, 1.0), None);
        assert_eq!(lq(1.0, 2.0, 1.0, 2.0), Some(1.0));
    }
}

//! Location quotients per tier and per function, and functional specialisation
//! (Duranton & Puga 2005), of A and B against the context region.

use serde::Serialize;

use super::weights::{Basis, tier_weights};
use crate::model::{Function, Model, Tier, Vocabulary};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationQuotients {
    pub basis: Basis,
    pub by_tier: Vec<TierLq>,
    pub by_function: Vec<FunctionLq>,
}

/// Weights and quotients of one category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LqValues {
    pub e_a: f64,
    pub e_b: f64,
    pub e_region: f64,
    pub lq_a: Option<f64>,
    pub lq_b: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierLq {
    pub tier: Tier,
    #[serde(flatten)]
    pub values: LqValues,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionLq {
    pub function: Function,
    #[serde(flatten)]
    pub values: LqValues,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionalSpecialisation {
    pub a: Option<f64>,
    pub b: Option<f64>,
    /// (rnd + design + hq) / manufacturing jobs of A, B and R.
    pub ratio_a: Option<f64>,
    pub ratio_b: Option<f64>,
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

//! Similarity of the stage structures of A and B: UNIDO S, Krugman K and the stage shares
//! behind them (context only: a low S says the cities differ, not that they fit), on the
//! pair's basis ([`super::PairBasis`]), undefined with a status and a reason when a side
//! has no stage weight.

use serde::Serialize;

use super::joint::stage_key;
use super::weights::{Basis, FigureStatus, split};
use crate::model::{Model, StageIdx};

/// One stage's share of A's and of B's stage-split weight (non-zero on at least one side).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageShare {
    /// `chain/stage`.
    pub stage: String,
    /// x_s = e_As / e_A, in [0, 1].
    pub a: f64,
    /// y_s = e_Bs / e_B, in [0, 1].
    pub b: f64,
}

/// UNIDO S and Krugman K of two weight vectors over the same stages.
pub fn similarity(a: &[f64], b: &[f64]) -> (Option<f64>, Option<f64>) {
    let (ta, tb) = (a.iter().sum::<f64>(), b.iter().sum::<f64>());
    if ta <= 0.0 || tb <= 0.0 {
        return (None, None);
    }
    let (mut xy, mut xx, mut yy, mut k) = (0.0, 0.0, 0.0, 0.0);
    for (wa, wb) in a.iter().zip(b) {
        let (x, y) = (wa / ta, wb / tb);
        xy += x * y;
        xx += x * x;
        yy += y * y;
        k += (x - y).abs();
    }
    (Some(xy / (xx * yy).sqrt()), Some(k))
}

/// S and K as JSON triples `(value, status, reason)`, the reason naming the side without
/// stage weight on `basis` (`names` = [A, B]).
pub(super) type SimilarityFigures = [(Option<f64>, FigureStatus, Option<String>); 2];

/// [`similarity`] with the reason of an undefined S and K.
pub(super) fn similarity_figures(
    a: &[f64],
    b: &[f64],
    names: [&str; 2],
    basis: Basis,
) -> SimilarityFigures {
    let (s, k) = similarity(a, b);
    match (s, k) {
        (Some(s), Some(k)) => [Ok(s), Ok(k)].map(split),
        _ => {
            let empty = if a.iter().sum::<f64>() <= 0.0 {
                names[0]
            } else {
                names[1]
            };
            let none = match basis {
                Basis::Employment => "no employment known at any stage",
                Basis::Revenue => "no revenue known at any stage",
                Basis::Count => "no firm with a stage",
            };
            let reason = format!("{empty}: {none} in the data");
            [0, 1].map(|_| split(Err((FigureStatus::NotApplicable, reason.clone()))))
        }
    }
}

/// The non-zero stage shares of A and B from their stage-split weights, by `chain/stage`.
pub(super) fn stage_shares(model: &Model, sw_a: &[f64], sw_b: &[f64]) -> Vec<StageShare> {
    let (ta, tb) = (sw_a.iter().sum::<f64>(), sw_b.iter().sum::<f64>());
    let mut stage_shares: Vec<StageShare> = (0..model.stages.len())
        .filter(|&s| sw_a[s] > 0.0 || sw_b[s] > 0.0)
        .map(|s| StageShare {
            stage: stage_key(model, s as StageIdx),
            a: if ta > 0.0 { sw_a[s] / ta } else { 0.0 },
            b: if tb > 0.0 { sw_b[s] / tb } else { 0.0 },
        })
        .collect();
    stage_shares.sort_by(|x, y| x.stage.cmp(&y.stage));
    stage_shares
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_is_symmetric_and_bounded() {
        let a = [3.0, 1.0, 0.0, 2.0];
        let b = [0.0, 1.0, 4.0, 1.0];
        let (s1, k1) = similarity(&a, &b);
        let (s2, k2) = similarity(&b, &a);
        assert_eq!(s1, s2);
        assert_eq!(k1, k2);
        let (s, k) = (s1.unwrap(), k1.unwrap());
        assert!((0.0..=1.0).contains(&s) && (0.0..=2.0).contains(&k));
        assert_eq!(similarity(&a, &a).1, Some(0.0));
        assert!((similarity(&a, &a).0.unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(similarity(&a, &[0.0; 4]), (None, None));
    }
}

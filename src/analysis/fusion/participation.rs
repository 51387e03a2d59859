//! Multiplex participation P_i of each local firm (definition in [`super`]): computed as an
//! exact fraction (`Spread`) so bins and the top list are decided without rounding; the
//! bins, the mean, the multi-layer share and the top firms.

use std::cmp::Ordering;

use super::{Bin, FirmParticipation, L, LayerDegrees, Participation};
use crate::analysis::figure::Figure;

/// Why the mean and the multi-layer share are undefined.
const NO_ACTIVE_FIRM: &str = "no local firm has a link to another local firm in the data";
use crate::model::{FirmIdx, Layer, Model};

/// Lower bounds of the participation bins, as fifths: bin k holds k/5 ≤ P < (k+1)/5 (the
/// last bin includes 1).
const BINS: u64 = 5;

/// P_i as an exact fraction: P = (L/(L−1))·num/o², num = o² − Σ_l (k^l)².
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Spread {
    num: u128,
    o: u128,
}

impl Spread {
    fn of(k: &[u64; L]) -> Spread {
        let o: u128 = k.iter().map(|&x| u128::from(x)).sum();
        let squares: u128 = k.iter().map(|&x| u128::from(x) * u128::from(x)).sum();
        Spread {
            num: o * o - squares,
            o,
        }
    }

    /// P_i, rounded once from the exact fraction (0 when o_i = 0).
    fn value(self) -> f64 {
        if self.o == 0 {
            return 0.0;
        }
        (L as f64 * self.num as f64) / ((L - 1) as f64 * (self.o * self.o) as f64)
    }

    /// Bin k (0..BINS) such that k/BINS ≤ P < (k+1)/BINS, the last bin including 1:
    /// P ≥ k/B ⇔ L·B·num ≥ k·(L−1)·o².
    fn bin(self) -> usize {
        let lhs = L as u128 * u128::from(BINS) * self.num;
        let o2 = (L - 1) as u128 * self.o * self.o;
        (1..BINS as u128).take_while(|&k| lhs >= k * o2).count()
    }

    /// Exact comparison of P (both with o > 0): num_a/o_a² vs num_b/o_b².
    fn cmp_value(self, other: Spread) -> Ordering {
        // num·o² ≤ o⁴ fits in u128 while o < 2^32 (fewer than 2^31 links at one firm);
        // saturate rather than wrap beyond that.
        let lhs = self.num.saturating_mul(other.o * other.o);
        let rhs = other.num.saturating_mul(self.o * self.o);
        lhs.cmp(&rhs)
    }
}

pub(super) fn participation(
    model: &Model,
    local: &[bool],
    degree: &[[u64; L]],
    top: usize,
) -> Participation {
    let mut bins = [0usize; BINS as usize];
    let mut active: Vec<(FirmIdx, Spread)> = Vec::new();
    let mut isolated = 0;
    let mut multi = 0;
    let mut sum = 0.0;
    for (f, k) in degree.iter().enumerate() {
        if !local[f] {
            continue;
        }
        let s = Spread::of(k);
        if s.o == 0 {
            isolated += 1;
            continue;
        }
        if k.iter().filter(|&&x| x > 0).count() >= 2 {
            multi += 1;
        }
        bins[s.bin()] += 1;
        sum += s.value();
        active.push((f as FirmIdx, s));
    }
    let n_active = active.len();
    let order = |a: &(FirmIdx, Spread), b: &(FirmIdx, Spread)| {
        b.1.cmp_value(a.1).then(b.1.o.cmp(&a.1.o)).then_with(|| {
            model.firms[a.0 as usize]
                .id
                .cmp(&model.firms[b.0 as usize].id)
        })
    };
    if top < active.len() {
        if top == 0 {
            active.clear();
        } else {
            active.select_nth_unstable_by(top - 1, order);
            active.truncate(top);
        }
    }
    active.sort_by(order);
    let top = active
        .into_iter()
        .map(|(f, s)| {
            let firm = &model.firms[f as usize];
            let k = &degree[f as usize];
            FirmParticipation {
                firm: firm.id.clone(),
                name: firm.name.clone(),
                city: model.firm_city(f).id.clone(),
                participation: s.value(),
                links: s.o as u64,
                layers: k.iter().filter(|&&x| x > 0).count(),
                degrees: LayerDegrees {
                    supply: k[Layer::Supply.index()],
                    value: k[Layer::Value.index()],
                    innovation: k[Layer::Innovation.index()],
                    capital: k[Layer::Capital.index()],
                },
            }
        })
        .collect();
    let no_active = || NO_ACTIVE_FIRM.to_string();
    let (multi_layer_share, multi_layer_share_status, multi_layer_share_reason) =
        Figure::share(multi, n_active, no_active).into_parts();
    let (mean, mean_status, mean_reason) = if n_active > 0 {
        Figure::computed(sum / n_active as f64)
    } else {
        Figure::not_applicable(no_active())
    }
    .into_parts();
    Participation {
        active_firms: n_active,
        isolated_firms: isolated,
        multi_layer_firms: multi,
        multi_layer_share,
        multi_layer_share_status,
        multi_layer_share_reason,
        mean,
        mean_status,
        mean_reason,
        bins: bins
            .iter()
            .enumerate()
            .map(|(k, &firms)| Bin {
                from: k as f64 / BINS as f64,
                to: (k + 1) as f64 / BINS as f64,
                includes_to: k + 1 == BINS as usize,
                firms,
            })
            .collect(),
        top,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participation_is_exact_at_bin_edges() {
        // One layer only: P = 0.
        let s = Spread::of(&[5, 0, 0, 0]);
        assert_eq!((s.value(), s.bin()), (0.0, 0));
        // Even over four layers: P = 1, last bin.
        let s = Spread::of(&[2, 2, 2, 2]);
        assert_eq!((s.value(), s.bin()), (1.0, 4));
        // (1,1,0,0): P = 4/3·1/2 = 2/3.
        let s = Spread::of(&[1, 1, 0, 0]);
        assert!((s.value() - 2.0 / 3.0).abs() < 1e-15);
        assert_eq!(s.bin(), 3);
        // (3,1,1,0): Σ = 11/25, P = 4/3·14/25 = 56/75 ≈ 0.7467 → [0.6, 0.8).
        assert_eq!(Spread::of(&[3, 1, 1, 0]).bin(), 3);
        // (1,2,0,0) at o = 3: P = 4/3·4/9 = 16/27 ≈ 0.593 → [0.4, 0.6).
        assert_eq!(Spread::of(&[1, 2, 0, 0]).bin(), 2);
        // (3,1,1,1): Σ = 12/36, P = 8/9 → [0.8, 1.0].
        assert_eq!(Spread::of(&[3, 1, 1, 1]).bin(), 4);
        // (43,9,7,1): o = 60, Σk² = 1980, P = 4·1620/(3·3600) = 0.6 exactly → [0.6, 0.8),
        // however 1 − Σ(k/o)² rounds in floating point.
        let s = Spread::of(&[43, 9, 7, 1]);
        assert_eq!((s.value(), s.bin()), (0.6, 3));
        // Hand-made fractions either side of 0.4 = 4·30/(3·100).
        assert_eq!(Spread { num: 30, o: 10 }.bin(), 2);
        assert_eq!(Spread { num: 29, o: 10 }.bin(), 1);
    }

    #[test]
    fn exact_comparison_breaks_no_float_ties() {
        let a = Spread::of(&[2, 0, 1, 0]);
        let b = Spread::of(&[2, 0, 0, 1]);
        assert_eq!(a.cmp_value(b), Ordering::Equal);
        let c = Spread::of(&[1, 1, 0, 0]);
        assert_eq!(c.cmp_value(a), Ordering::Greater);
    }
}

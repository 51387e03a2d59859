//! Directed link intensity per layer between A and B, and the evidence mix of the links
//! between them (one pass over links). An undefined intensity (no link of the layer out of
//! the side, or no firm in the other side or in R) is `null` with a status and a reason.

use serde::Serialize;

use super::units::{firms_in, in_unit};
use super::weights::{Figure, FigureStatus, split};
use crate::analysis::sourcing::{EvidenceCount, evidence_mix};
use crate::model::{Layer, Model, Vocabulary};

/// Directed link intensity of one layer between A and B.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkIntensity {
    /// The layer.
    pub layer: Layer,
    /// (L_AB / L_A) / (N_B / N_R): above 1, A's links go to B more often than B's share
    /// of the region's firms predicts; `None` when L_A, N_B or N_R is 0.
    pub a_to_b: Option<f64>,
    /// `computed`, or `not_applicable` (a denominator is 0).
    pub a_to_b_status: FigureStatus,
    /// Why `a_to_b` is `null` ("no value links out of Guangzhou in the data"); `null` when
    /// computed.
    pub a_to_b_reason: Option<String>,
    /// (L_BA / L_B) / (N_A / N_R), the same the other way; `None` when L_B, N_A or N_R is
    /// 0.
    pub b_to_a: Option<f64>,
    /// As `a_to_b_status`, the other way.
    pub b_to_a_status: FigureStatus,
    /// As `a_to_b_reason`, the other way.
    pub b_to_a_reason: Option<String>,
    /// L_AB: links of the layer from a firm in A to a firm in B.
    pub links_a_to_b: usize,
    /// L_A: links of the layer whose source is in A (any target).
    pub links_from_a: usize,
    /// L_BA: links of the layer from a firm in B to a firm in A.
    pub links_b_to_a: usize,
    /// L_B: links of the layer whose source is in B (any target).
    pub links_from_b: usize,
    /// N_A: firms (any kind) located in A.
    pub firms_a: usize,
    /// N_B: firms (any kind) located in B.
    pub firms_b: usize,
    /// N_R: firms (any kind) located in R.
    pub firms_region: usize,
    /// Distinct firms the L_AB links come from: a ratio resting on one trade fair or one
    /// university reads differently from one resting on many firms.
    pub sources_a_to_b: usize,
    /// Distinct firms the L_BA links come from.
    pub sources_b_to_a: usize,
    /// Evidence mix of the L_AB links: a signal resting on estimated links is an inference.
    pub evidence_a_to_b: Vec<EvidenceCount>,
    /// Evidence mix of the L_BA links.
    pub evidence_b_to_a: Vec<EvidenceCount>,
    /// L_AB ≥ `min_links`: the a→b intensity rests on enough links to count as a signal.
    pub a_to_b_enough_links: bool,
    /// L_BA ≥ `min_links`, the same the other way.
    pub b_to_a_enough_links: bool,
}

pub(super) fn intensity(
    to_other: usize,
    out: usize,
    n_other: usize,
    n_region: usize,
) -> Option<f64> {
    (out > 0 && n_other > 0 && n_region > 0)
        .then(|| (to_other as f64 / out as f64) / (n_other as f64 / n_region as f64))
}

/// The names in the reasons of an undefined intensity: the layer, the side the links
/// leave, the other side and R.
pub(super) struct Direction<'a> {
    pub(super) layer: Layer,
    pub(super) from: &'a str,
    pub(super) to: &'a str,
    pub(super) region: &'a str,
}

/// [`intensity`], or why it is undefined.
pub(super) fn intensity_figure(
    to_other: usize,
    out: usize,
    n_other: usize,
    n_region: usize,
    names: &Direction,
) -> Figure {
    let why = if out == 0 {
        format!("no {} links out of {} in the data", names.layer, names.from)
    } else if n_other == 0 {
        format!("{}: no firm in the data", names.to)
    } else {
        format!("{}: no firm in the data", names.region)
    };
    intensity(to_other, out, n_other, n_region).ok_or((FigureStatus::NotApplicable, why))
}

/// Link intensity per layer (vocabulary order) and the evidence mix of the links of any
/// layer between A and B, both directions; `flags_*` flag the cities of A, B and R.
pub(super) fn between(
    model: &Model,
    flags_a: &[bool],
    flags_b: &[bool],
    flags_r: &[bool],
    min_links: usize,
    [name_a, name_b, name_r]: [&str; 3],
) -> (Vec<LinkIntensity>, Vec<EvidenceCount>) {
    let (n_a, n_b, n_r) = (
        firms_in(model, flags_a),
        firms_in(model, flags_b),
        firms_in(model, flags_r),
    );
    let mut counts = [[0usize; 4]; 4]; // per layer: L_AB, L_A, L_BA, L_B
    let mut evidence = [0usize; 4];
    // Per layer and direction (0 = a→b, 1 = b→a): the evidence of the links between the sides.
    let mut directed = [[[0usize; 4]; 2]; 4];
    // (layer, direction 0 = a→b / 1 = b→a, source firm) of the links between the sides.
    let mut sources: Vec<(usize, usize, u32)> = Vec::new();
    for link in &model.links {
        let (sa, sb) = (
            in_unit(model, flags_a, link.source),
            in_unit(model, flags_b, link.source),
        );
        let (ta, tb) = (
            in_unit(model, flags_a, link.target),
            in_unit(model, flags_b, link.target),
        );
        let c = &mut counts[link.layer.index()];
        if sa {
            c[1] += 1;
            if tb {
                c[0] += 1;
                sources.push((link.layer.index(), 0, link.source));
                directed[link.layer.index()][0][link.evidence.index()] += 1;
            }
        }
        if sb {
            c[3] += 1;
            if ta {
                c[2] += 1;
                sources.push((link.layer.index(), 1, link.source));
                directed[link.layer.index()][1][link.evidence.index()] += 1;
            }
        }
        if (sa && tb) || (sb && ta) {
            evidence[link.evidence.index()] += 1;
        }
    }
    sources.sort_unstable();
    sources.dedup();
    let distinct = |layer: Layer, direction: usize| {
        sources
            .iter()
            .filter(|&&(l, d, _)| l == layer.index() && d == direction)
            .count()
    };
    let link_intensity: Vec<LinkIntensity> = Layer::ALL
        .iter()
        .map(|&layer| {
            let c = counts[layer.index()];
            // One direction: (links to the other side, links out, firms of the other side).
            let figure = |to_other, out, n_other, from, to| {
                let names = Direction {
                    layer,
                    from,
                    to,
                    region: name_r,
                };
                split(intensity_figure(to_other, out, n_other, n_r, &names))
            };
            let (a_to_b, a_to_b_status, a_to_b_reason) = figure(c[0], c[1], n_b, name_a, name_b);
            let (b_to_a, b_to_a_status, b_to_a_reason) = figure(c[2], c[3], n_a, name_b, name_a);
            LinkIntensity {
                layer,
                a_to_b,
                a_to_b_status,
                a_to_b_reason,
                b_to_a,
                b_to_a_status,
                b_to_a_reason,
                links_a_to_b: c[0],
                links_from_a: c[1],
                links_b_to_a: c[2],
                links_from_b: c[3],
                sources_a_to_b: distinct(layer, 0),
                sources_b_to_a: distinct(layer, 1),
                evidence_a_to_b: evidence_mix(directed[layer.index()][0]),
                evidence_b_to_a: evidence_mix(directed[layer.index()][1]),
                firms_a: n_a,
                firms_b: n_b,
                firms_region: n_r,
                a_to_b_enough_links: c[0] >= min_links,
                b_to_a_enough_links: c[2] >= min_links,
            }
        })
        .collect();
    (link_intensity, evidence_mix(evidence))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intensity_is_undefined_on_empty_denominators() {
        assert_eq!(intensity(1, 0, 3, 10), None);
        assert_eq!(intensity(2, 4, 5, 10), Some(1.0));
    }
}

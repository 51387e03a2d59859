//! The article's four chains — value, supply, innovation and product — and how many local
//! firms take part in two or more of them (the `m` of the verdict). Capital is a fifth
//! layer, shown in `layers` but not counted here.
//!
//! * value, supply, innovation: the layer's local links; `firms` = local firms incident to
//!   one; `pairs` = |E_l| (unordered local firm pairs joined in the layer).
//! * product: the templates realised by local producers. P(s) = local producers of stage
//!   s; `pairs` = Σ over template edges u→s (u an input of s, any chain) of P(u)·P(s),
//!   counted arithmetically, never enumerated (a firm producing both u and s counts once
//!   as a pair with itself: vertical integration); `firms` = local producers of an end of
//!   some template edge whose other end has a local producer; `links` is `null` (the
//!   product chain has no links of its own).

use serde::Serialize;

use super::ratio;
use crate::model::{Layer, Model};

/// One of the article's four chains in R.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FourChain {
    /// `value`, `supply`, `innovation` or `product`.
    pub chain: &'static str,
    /// Local firms taking part in the chain.
    pub firms: usize,
    /// `firms` / local firms, in [0, 1] (0 when the region has no firm).
    pub active_share: f64,
    /// Local firm pairs of the chain: |E_l| for a link layer, Σ P(u)·P(s) over template
    /// edges for the product chain.
    pub pairs: u64,
    /// Local links of the layer; `None` for the product chain (no links of its own).
    pub links: Option<usize>,
}

/// Local firms active in the four chains.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MultiChain {
    /// Local firms active in at least one of the four chains.
    pub active_firms: usize,
    /// Local firms active in at least two of the four chains.
    pub multi_chain_firms: usize,
    /// `multi_chain_firms` / `active_firms` (the verdict's m); `None` when no firm is
    /// active.
    pub share: Option<f64>,
}

/// The four chains (value, supply, innovation, product) and the multi-chain count, from
/// the per-firm local degree per layer and the layers' pair counts.
pub(super) fn four_chains(
    model: &Model,
    local: &[bool],
    degree: &[[u64; super::L]],
    layer_pairs: &[usize; super::L],
    layer_links: &[usize; super::L],
) -> (Vec<FourChain>, MultiChain) {
    let local_firms = local.iter().filter(|&&l| l).count();
    // P(s): local producers per stage.
    let mut producers = vec![0u64; model.stages.len()];
    for (f, firm) in model.firms.iter().enumerate() {
        if local[f] {
            for &s in &firm.stages {
                producers[s as usize] += 1;
            }
        }
    }
    // Template edges u→s (each distinct input once per stage), Σ P(u)·P(s); a stage is
    // "paired" when some edge at it has local producers at both ends.
    let mut pairs = 0u64;
    let mut paired = vec![false; model.stages.len()];
    for (s, stage) in model.stages.iter().enumerate() {
        let mut inputs: Vec<u32> = stage.inputs.iter().flatten().copied().collect();
        inputs.sort_unstable();
        inputs.dedup();
        for u in inputs {
            let (pu, ps) = (producers[u as usize], producers[s]);
            pairs = pairs.saturating_add(pu.saturating_mul(ps));
            if pu > 0 && ps > 0 {
                paired[u as usize] = true;
                paired[s] = true;
            }
        }
    }
    let in_product: Vec<bool> = model
        .firms
        .iter()
        .enumerate()
        .map(|(f, firm)| local[f] && firm.stages.iter().any(|&s| paired[s as usize]))
        .collect();

    let link_chain = |name: &'static str, layer: Layer| {
        let l = layer.index();
        let firms = degree.iter().filter(|d| d[l] > 0).count();
        FourChain {
            chain: name,
            firms,
            active_share: ratio(firms, local_firms).unwrap_or(0.0),
            pairs: layer_pairs[l] as u64,
            links: Some(layer_links[l]),
        }
    };
    let product_firms = in_product.iter().filter(|&&p| p).count();
    let chains = vec![
        link_chain("value", Layer::Value),
        link_chain("supply", Layer::Supply),
        link_chain("innovation", Layer::Innovation),
        FourChain {
            chain: "product",
            firms: product_firms,
            active_share: ratio(product_firms, local_firms).unwrap_or(0.0),
            pairs,
            links: None,
        },
    ];

    let (mut active, mut multi) = (0, 0);
    for (f, d) in degree.iter().enumerate() {
        let n = [Layer::Value, Layer::Supply, Layer::Innovation]
            .iter()
            .filter(|l| d[l.index()] > 0)
            .count()
            + usize::from(in_product[f]);
        if n >= 1 {
            active += 1;
        }
        if n >= 2 {
            multi += 1;
        }
    }
    (
        chains,
        MultiChain {
            active_firms: active,
            multi_chain_firms: multi,
            share: ratio(multi, active),
        },
    )
}

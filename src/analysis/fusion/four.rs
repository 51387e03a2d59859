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

use crate::analysis::figure::{Figure, FigureStatus};
use crate::model::{Layer, Model};

/// The three of the four chains that are link layers (the fourth, product, is the
/// templates).
pub(super) const LINK_CHAINS: [Layer; 3] = [Layer::Value, Layer::Supply, Layer::Innovation];

/// One of the article's four chains in R.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FourChain {
    /// `value`, `supply`, `innovation` or `product`.
    pub chain: &'static str,
    /// Local firms taking part in the chain.
    pub firms: usize,
    /// `firms` / local firms, in [0, 1]; `None` (`not_applicable`) when the region has no
    /// firm in the data.
    pub active_share: Option<f64>,
    /// `computed` or `not_applicable` (see `active_share`).
    pub active_share_status: FigureStatus,
    /// Why `active_share` is null; `None` when computed.
    pub active_share_reason: Option<String>,
    /// Local firm pairs of the chain: |E_l| for a link layer, Σ P(u)·P(s) over template
    /// edges for the product chain.
    pub pairs: u64,
    /// Local links of the layer; `None` (`not_applicable`) for the product chain (no links
    /// of its own).
    pub links: Option<usize>,
    /// `computed`, or `not_applicable` for the product chain.
    pub links_status: FigureStatus,
    /// Why `links` is null; `None` when computed.
    pub links_reason: Option<String>,
}

/// Local firms active in the four chains.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MultiChain {
    /// Local firms active in at least one of the four chains.
    pub active_firms: usize,
    /// Local firms active in at least two of the four chains.
    pub multi_chain_firms: usize,
    /// `multi_chain_firms` / `active_firms` (the verdict's m); `None` (`not_applicable`)
    /// when no firm is active.
    pub share: Option<f64>,
    /// `computed` or `not_applicable` (no active firm).
    pub share_status: FigureStatus,
    /// Why `share` is null; `None` when computed.
    pub share_reason: Option<String>,
    /// Of `multi_chain_firms`, those in exactly two chains: the product chain (they produce
    /// a stage) and one link chain. Every producer with a local supply link is one, so a
    /// large count means m says more about who produces than about firms that trade,
    /// innovate and add value together.
    pub product_and_one_link_chain: usize,
}

/// The four chains (value, supply, innovation, product) and the multi-chain count, from
/// the per-firm local degree per layer and the layers' pair counts.
pub(super) fn four_chains(
    model: &Model,
    local: &[bool],
    degree: &[[u64; super::L]],
    layer_pairs: &[usize; super::L],
    layer_links: &[usize; super::L],
) -> (Vec<FourChain>, MultiChain, Vec<bool>) {
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

    let chain = |name: &'static str, firms: usize, pairs: u64, links: Figure<usize>| {
        let (active_share, active_share_status, active_share_reason) =
            Figure::share(firms, local_firms, || super::NO_LOCAL_FIRM.into()).into_parts();
        let (links, links_status, links_reason) = links.into_parts();
        FourChain {
            chain: name,
            firms,
            active_share,
            active_share_status,
            active_share_reason,
            pairs,
            links,
            links_status,
            links_reason,
        }
    };
    let link_chain = |name: &'static str, layer: Layer| {
        let l = layer.index();
        let firms = degree.iter().filter(|d| d[l] > 0).count();
        chain(
            name,
            firms,
            layer_pairs[l] as u64,
            Figure::computed(layer_links[l]),
        )
    };
    let product_firms = in_product.iter().filter(|&&p| p).count();
    let chains = vec![
        link_chain("value", Layer::Value),
        link_chain("supply", Layer::Supply),
        link_chain("innovation", Layer::Innovation),
        chain(
            "product",
            product_firms,
            pairs,
            Figure::not_applicable(
                "the product chain has no links of its own: its pairs are local producers along template edges",
            ),
        ),
    ];

    let multi = multi_chain(&in_product, |f| {
        LINK_CHAINS
            .iter()
            .filter(|l| degree[f][l.index()] > 0)
            .count()
    });
    (chains, multi, in_product)
}

/// Local firms in one and in two or more of the four chains, from whether each firm is in
/// the product chain and `link_chains(f)`, the number of link chains (value, supply,
/// innovation) it has local links in.
pub(super) fn multi_chain(in_product: &[bool], link_chains: impl Fn(usize) -> usize) -> MultiChain {
    let (mut active, mut multi, mut product_and_one) = (0, 0, 0);
    for (f, &product) in in_product.iter().enumerate() {
        let linked = link_chains(f);
        let n = linked + usize::from(product);
        if n >= 1 {
            active += 1;
        }
        if n >= 2 {
            multi += 1;
        }
        if product && linked == 1 {
            product_and_one += 1;
        }
    }
    let (share, share_status, share_reason) = Figure::share(multi, active, || {
        "no local firm takes part in any of the four chains in the data".to_string()
    })
    .into_parts();
    MultiChain {
        active_firms: active,
        multi_chain_firms: multi,
        share,
        share_status,
        share_reason,
        product_and_one_link_chain: product_and_one,
    }
}

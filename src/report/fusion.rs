//! The four-chains-as-one-system analysis for readers (`fusion` and the report's section on
//! claim 2): [`FusionReport`], the metrics of [`crate::analysis::fusion`] with the
//! conclusion sentence that states the verdict and the numbers it rests on, and its
//! Markdown rendering. Pure functions from values to text.
//!
//! The conclusion gives the innovation coupling c, the multi-chain share m over the
//! article's four chains (value, supply, innovation, product; capital is a fifth layer, not
//! counted), the pairs of each chain, the mean participation, the supply–innovation Jaccard and its shared pairs, the verdict rule, and
//! the local links per layer with how many are documented, because a layer with few links
//! may be sparse in the data rather than in reality. It flags a layer with under a tenth of
//! the links of the best-recorded one, and a largest off-diagonal Jaccard below 0.05 (firms
//! in several chains, but with different partners in each).

use serde::Serialize;

use crate::analysis::figure::cell;
use crate::analysis::fusion::{
    self, FRAGMENTED_BELOW, Fusion, INTEGRATED_AT, MultiChain, Overlap, Verdict,
};
use crate::model::{Evidence, Layer, Model, Region, Vocabulary};
use crate::report::table::{self, MARKDOWN, Markup, Table};
use crate::report::words::undefined_note;
use crate::text::escape::markdown as escape;
use crate::text::number::{fmt_percent, fmt_ratio, fmt_small};

/// The fusion metrics with the conclusion for readers: the `fusion` command's JSON (the
/// metrics' fields, then `conclusion`) and the report's claim-2 section.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FusionReport {
    /// The metrics; their fields appear at the top level of the JSON.
    #[serde(flatten)]
    pub metrics: Fusion,
    /// The verdict in plain words with the numbers it rests on.
    pub conclusion: String,
}

impl FusionReport {
    /// The metrics with their conclusion.
    pub fn new(metrics: Fusion) -> FusionReport {
        FusionReport {
            conclusion: conclusion(&metrics),
            metrics,
        }
    }
}

/// [`fusion::analyse`] for region R (`top` firms by participation), with the conclusion.
pub fn analyse(model: &Model, region: &Region, top: usize) -> FusionReport {
    FusionReport::new(fusion::analyse(model, region, top))
}

/// The verdict in plain words.
pub fn verdict_words(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Integrated => "integrated",
        Verdict::PartlyIntegrated => "partly integrated",
        Verdict::Fragmented => "fragmented",
        Verdict::Undetermined => "undetermined",
    }
}

/// The verdict for a heading, with the documented-only verdict when it differs
/// ("partly integrated (on documented links only: fragmented)").
pub fn verdict_headline(f: &Fusion) -> String {
    if f.documented_only.verdict == f.verdict {
        verdict_words(f.verdict).to_string()
    } else {
        format!(
            "{} (on documented links only: {})",
            verdict_words(f.verdict),
            verdict_words(f.documented_only.verdict)
        )
    }
}

fn opt_small(v: Option<f64>) -> String {
    cell(v, fmt_small)
}

fn opt_percent(v: Option<f64>) -> String {
    cell(v, fmt_percent)
}

/// The Markdown (the `fusion` command's table output, nested in the report): the title,
/// region and verdict with the conclusion, then [`tables`].
pub fn render_table(report: &FusionReport) -> String {
    let f = &report.metrics;
    let mut out = format!(
        "# Four chains as one system: {}\n\n{}\n\n**Verdict: {}.** {}\n\n",
        escape(&f.dataset),
        region_line(f, &MARKDOWN),
        verdict_headline(f),
        escape(&report.conclusion)
    );
    out += &table::markdown(&tables(f, &MARKDOWN));
    out
}

/// "Region R = its cities (n local firms).", marked up by `m`.
pub fn region_line(f: &Fusion, m: &Markup) -> String {
    let cities: Vec<String> = f.region.cities.iter().map(|c| (m.text)(c)).collect();
    format!(
        "Region {} = {} ({} local firms).",
        (m.text)(&f.region.name),
        cities.join(", "),
        f.local_firms
    )
}

/// The tables of the fusion metrics, in order, marked up by `m`: the four chains, layers,
/// the two overlap matrices, multiplex participation (a paragraph, then its distribution
/// and top firms) and innovation coupling, each with the notes on its undefined cells.
pub fn tables(f: &Fusion, m: &Markup) -> Vec<Table> {
    let text = |s: Option<String>| s.map(|s| (m.text)(&s));
    let mut out = Vec::new();
    let mc = &f.multi_chain;
    out.push(
        Table::new(
            "The four chains: value, supply, innovation, product (capital is a fifth layer, not counted in the verdict)".into(),
            headers(&[
                "chain",
                "#local firms taking part",
                "#share of local firms",
                "#local firm pairs",
                "#local links",
            ]),
            f.four_chains
                .iter()
                .map(|c| {
                    vec![
                        c.chain.to_string(),
                        c.firms.to_string(),
                        opt_percent(c.active_share),
                        c.pairs.to_string(),
                        cell(c.links, |l| l.to_string()),
                    ]
                })
                .collect(),
        )
        .notes([
            text(undefined_note(
                "share of local firms",
                f.four_chains
                    .iter()
                    .map(|c| (c.chain, c.active_share_reason.as_deref())),
            )),
            text(undefined_note(
                "local links",
                f.four_chains
                    .iter()
                    .map(|c| (c.chain, c.links_reason.as_deref())),
            )),
            Some(format!(
                "Product chain: pairs = Σ over template edges u→s of P(u)·P(s), P = local producers (counted, not enumerated); it has no links of its own. {} local firm(s) take part in at least one of the four chains, {} ({}) in two or more (m).",
                mc.active_firms,
                mc.multi_chain_firms,
                opt_percent(mc.share)
            )),
        ]),
    );
    out.push(
        Table::new(
            "Layers (local links: both ends in the region)".into(),
            headers(&[
                "layer",
                "#local links",
                "#all links",
                "#firms",
                "#share of local firms",
                "#firm pairs",
                "evidence (doc/rep/est/ass)",
            ]),
            f.layers
                .iter()
                .map(|l| {
                    vec![
                        l.layer.to_string(),
                        l.links.to_string(),
                        l.all_links.to_string(),
                        l.firms.to_string(),
                        opt_percent(l.active_share),
                        l.pairs.to_string(),
                        l.evidence
                            .iter()
                            .map(|e| e.links.to_string())
                            .collect::<Vec<_>>()
                            .join("/"),
                    ]
                })
                .collect(),
        )
        .notes([text(layers_note(f))]),
    );
    out.push(matrix(
        f,
        "Overlap over firm pairs: Jaccard |E_row ∩ E_col| / |E_row ∪ E_col| (shared pairs)",
        |o| format!("{} ({})", opt_small(o.jaccard), o.shared_pairs),
    ));
    let cells: Vec<String> = f
        .overlap
        .iter()
        .map(|o| format!("{}/{}", o.from_layer, o.to_layer))
        .collect();
    let overlap_note = |figure: &str, reason: fn(&Overlap) -> Option<&str>| {
        text(undefined_note(
            figure,
            cells
                .iter()
                .zip(&f.overlap)
                .map(|(c, o)| (c.as_str(), reason(o))),
        ))
    };
    out.push(
        matrix(
            f,
            "Conditional overlap: share of the row layer's pairs also joined in the column layer",
            |o| opt_small(o.conditional),
        )
        .notes([
            overlap_note("Jaccard", |o| o.jaccard_reason.as_deref()),
            overlap_note("conditional overlap", |o| o.conditional_reason.as_deref()),
        ]),
    );

    let p = &f.participation;
    out.push(
        Table::text(
            "Multiplex participation".into(),
            vec![format!(
                "P = (4/3)·(1 − Σ_l (k_l/o)²) over a firm's local links. {} local firm(s) have local links, {} have none (P = 0, not binned). {} of them ({}) are active in two or more layers; mean P = {}.",
                p.active_firms,
                p.isolated_firms,
                p.multi_layer_firms,
                opt_percent(p.multi_layer_share),
                fmt_ratio(p.mean)
            )],
        )
        .notes([text(undefined_note(
            "participation (multi-layer share and mean P)",
            [("the region", p.mean_reason.as_deref())],
        ))]),
    );
    out.push(
        Table::new(
            "Distribution".into(),
            headers(&["P", "#firms"]),
            p.bins
                .iter()
                .map(|b| {
                    vec![
                        format!(
                            "[{:.1}, {:.1}{}",
                            b.from,
                            b.to,
                            if b.includes_to { "]" } else { ")" }
                        ),
                        b.firms.to_string(),
                    ]
                })
                .collect(),
        )
        .sub(),
    );
    out.push(
        Table::new(
            "Top firms by participation".into(),
            headers(&[
                "firm",
                "name",
                "city",
                "#P",
                "#links",
                "#supply",
                "#value",
                "#innovation",
                "#capital",
            ]),
            p.top
                .iter()
                .map(|t| {
                    vec![
                        (m.code)(&t.firm),
                        (m.text)(&t.name),
                        (m.text)(&t.city),
                        format!("{:.3}", t.participation),
                        t.links.to_string(),
                        t.degrees.supply.to_string(),
                        t.degrees.value.to_string(),
                        t.degrees.innovation.to_string(),
                        t.degrees.capital.to_string(),
                    ]
                })
                .collect(),
        )
        .sub(),
    );

    let c = &f.coupling;
    let mut rows: Vec<Vec<String>> = c
        .cities
        .iter()
        .map(|x| {
            vec![
                (m.text)(&x.city),
                x.manufacturers.to_string(),
                x.coupled.to_string(),
                opt_percent(x.share),
            ]
        })
        .collect();
    rows.push(vec![
        (m.strong)(&(m.text)(&f.region.name)),
        c.region.manufacturers.to_string(),
        c.region.coupled.to_string(),
        opt_percent(c.region.share),
    ]);
    out.push(
        Table::new(
            "Innovation coupling: local manufacturers with an inbound innovation link".into(),
            headers(&["city", "#manufacturers", "#coupled", "#share"]),
            rows,
        )
        .notes([text(coupling_note(f))]),
    );
    out
}

fn headers(fixed: &[&str]) -> Vec<String> {
    fixed.iter().map(|h| h.to_string()).collect()
}

/// The note under the layers table when a share of local firms is undefined (plain text).
fn layers_note(f: &Fusion) -> Option<String> {
    undefined_note(
        "share of local firms",
        f.layers
            .iter()
            .map(|l| (l.layer.as_str(), l.active_share_reason.as_deref())),
    )
}

/// The note under the coupling table when a city's (or the region's) share is undefined
/// (plain text).
fn coupling_note(f: &Fusion) -> Option<String> {
    let c = &f.coupling;
    undefined_note(
        "coupling share",
        c.cities
            .iter()
            .map(|x| (x.city.as_str(), x.share_reason.as_deref()))
            .chain([(f.region.name.as_str(), c.region.share_reason.as_deref())]),
    )
}

/// A 4×4 layer matrix (rows `from_layer`, columns `to_layer`); its cells are numbers.
fn matrix(f: &Fusion, title: &str, cell: impl Fn(&Overlap) -> String) -> Table {
    let mut headers = vec!["from / to".to_string()];
    headers.extend(Layer::ALL.iter().map(|l| l.as_str().to_string()));
    let rows = Layer::ALL
        .iter()
        .map(|&from| {
            let mut row = vec![from.to_string()];
            row.extend(f.overlap.iter().filter(|o| o.from_layer == from).map(&cell));
            row
        })
        .collect();
    Table::new(title.into(), headers, rows)
}

fn conclusion(f: &Fusion) -> String {
    let (region, verdict, layers, overlap) = (&f.region.name, f.verdict, &f.layers, &f.overlap);
    let (p, c) = (&f.participation, &f.coupling.region);
    let lead = match verdict {
        Verdict::Integrated => {
            format!(
                "In the data for {region}, the four chains work largely as one system (integrated)."
            )
        }
        Verdict::PartlyIntegrated => format!(
            "In the data for {region}, the four chains are partly integrated: they touch, but do not work as one system in the data."
        ),
        Verdict::Fragmented => format!(
            "In the data for {region}, the four chains are fragmented: they run side by side rather than as one system."
        ),
        Verdict::Undetermined => format!(
            "In the data for {region}, whether the four chains work as one system is undetermined: a share the rule needs is undefined and could change the verdict."
        ),
    };
    let coupling = match c.share {
        Some(s) => format!(
            "{} of {} local manufacturers ({}) receive an inbound innovation link",
            c.coupled,
            c.manufacturers,
            fmt_percent(s)
        ),
        None => "the region has no local manufacturer in the data, so innovation coupling is undefined (the verdict rule tries it at 0 and at 1)".to_string(),
    };
    let mc = &f.multi_chain;
    let chain_pairs: Vec<String> = f
        .four_chains
        .iter()
        .map(|c| {
            if c.links.is_none() {
                // The product chain's pairs are counted, not observed.
                format!(
                    "{} {} (potential: producers along template edges)",
                    c.chain, c.pairs
                )
            } else {
                format!("{} {}", c.chain, c.pairs)
            }
        })
        .collect();
    let multi = match mc.share {
        Some(s) => format!(
            "{} of {} local firms taking part in the four chains (value, supply, innovation, product) ({}) take part in two or more; local firm pairs per chain: {}; mean participation over the four link layers (capital included) {}",
            mc.multi_chain_firms,
            mc.active_firms,
            fmt_percent(s),
            chain_pairs.join(", "),
            cell(p.mean, |m| format!("{m:.3}"))
        ),
        None => {
            "no local firm takes part in any of the four chains in the data, so multi-chain activity is undefined (the verdict rule tries it at 0 and at 1)"
                .to_string()
        }
    };
    let si = overlap
        .iter()
        .find(|o| o.from_layer == Layer::Supply && o.to_layer == Layer::Innovation);
    let jaccard = match si {
        Some(Overlap {
            jaccard: Some(j),
            shared_pairs,
            ..
        }) if *shared_pairs == 0 => format!(
            "no local firm pair is joined by both a supply and an innovation link (supply–innovation Jaccard {})",
            fmt_small(*j)
        ),
        Some(Overlap {
            jaccard: Some(j),
            shared_pairs,
            ..
        }) => format!(
            "{shared_pairs} local firm pair(s) are joined by both a supply and an innovation link (supply–innovation Jaccard {})",
            fmt_small(*j)
        ),
        _ => "there is no local supply or innovation link to compare".to_string(),
    };
    // The largest overlap between two different layers: do the chains join the same firms?
    let best = overlap
        .iter()
        .filter(|o| o.from_layer < o.to_layer)
        .filter_map(|o| o.jaccard.map(|j| (j, o)))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let pairs_note = match best {
        Some((j, o)) if j < 0.05 && p.multi_layer_firms > 0 => format!(
            " The layers rarely join the same pairs of firms (largest Jaccard between two different layers: {} for {}–{}): firms take part in several chains, but with different partners in each.",
            fmt_small(j),
            o.from_layer,
            o.to_layer
        ),
        _ => String::new(),
    };
    let counts: Vec<String> = layers
        .iter()
        .map(|l| {
            let documented = l
                .evidence
                .iter()
                .find(|e| e.evidence == Evidence::Documented)
                .map_or(0, |e| e.links);
            format!("{} {} ({} documented)", l.layer, l.links, documented)
        })
        .collect();
    let thin: Vec<&str> = layers
        .iter()
        .filter(|l| l.links * 10 < layers.iter().map(|x| x.links).max().unwrap_or(0))
        .map(|l| l.layer.as_str())
        .collect();
    let caveat = if thin.is_empty() {
        String::new()
    } else {
        format!(
            " The {} layer{} {} fewer than a tenth of the links of the best-recorded layer, so low overlap there may reflect missing data as much as missing ties.",
            thin.join(", "),
            if thin.len() == 1 { "" } else { "s" },
            if thin.len() == 1 { "has" } else { "have" }
        )
    };
    format!(
        "{lead} {}; {multi}; {jaccard}.{pairs_note} Rule: integrated when innovation coupling and the multi-chain share are both at least {}, fragmented when both are below {}; capital is a fifth layer, not counted.{}{} Local links per layer: {}; link data is sparse, and a tie absent from the data is not proven absent.{caveat}",
        capitalise(&coupling),
        fmt_percent(INTEGRATED_AT),
        fmt_percent(FRAGMENTED_BELOW),
        product_note(mc),
        documented_note(f),
        counts.join(", "),
    )
}

/// How many of the multi-chain firms are there only as producers with links in one link
/// chain (" Of the 138 in two or more chains, 112 are producers with local links in one
/// link chain only: every producer of a stage counts in the product chain."), or nothing
/// when none is.
fn product_note(mc: &MultiChain) -> String {
    if mc.product_and_one_link_chain == 0 {
        return String::new();
    }
    format!(
        " Of the {} in two or more chains, {} are producers with local links in one link chain only (every producer of a stage counts in the product chain), so the multi-chain share says as much about who produces as about firms working together.",
        mc.multi_chain_firms, mc.product_and_one_link_chain
    )
}

/// The verdict's two shares and the verdict on documented links only, and whether the
/// verdict rests on the other links (" On documented links only: 8 of 338 local
/// manufacturers (2.4%) receive an inbound innovation link and 32 of 418 firms (7.7%) take
/// part in two or more chains: fragmented, so 'partly integrated' rests on reported,
/// estimated or assumed links.").
fn documented_note(f: &Fusion) -> String {
    let d = &f.documented_only;
    let share = |part: usize, whole: usize, s: Option<f64>| match s {
        Some(s) => format!("{part} of {whole} ({})", fmt_percent(s)),
        None => format!("{part} of {whole} (undefined)"),
    };
    let consequence = if d.verdict == f.verdict {
        "the same verdict".to_string()
    } else {
        format!(
            "{}, so '{}' rests on reported, estimated or assumed links",
            verdict_words(d.verdict),
            verdict_words(f.verdict)
        )
    };
    format!(
        " On documented links only: {} local manufacturers receive an inbound innovation link and {} local firms take part in two or more chains: {consequence}.",
        share(
            d.coupling.coupled,
            d.coupling.manufacturers,
            d.coupling.share
        ),
        share(
            d.multi_chain.multi_chain_firms,
            d.multi_chain.active_firms,
            d.multi_chain.share
        ),
    )
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

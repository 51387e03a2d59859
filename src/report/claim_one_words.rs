//! Claim 1's verdict line and summary paragraph ("What the data can and cannot decide"):
//! the verdict with its closed counts and the evidence of the absences it rests on, what
//! closes with raw materials (and materials) bought in, where the failing chains hold from,
//! and the documented-only rerun. Built once by [`super::analyst::build`] and stored in the
//! report value, so Markdown, HTML and JSON say the same words.

use super::analyst::{CLAIM, ChainSection};
use super::claim_words::{has_raw_materials, plural};
use crate::analysis::completeness::{BoughtIn, Mode, Verdict};
use crate::analysis::verdict::Overall;
use crate::model::Region;

/// The verdict line of the report.
/// `undetermined` names the final products that are neither closed nor open (named in the
/// line when there are at most three).
pub(crate) fn claim_headline(
    o: &Overall,
    mode: Mode,
    undetermined_products: &[String],
    bought_in: &[BoughtIn],
) -> String {
    let closed = o_closed(o, mode);
    let undetermined = o
        .final_products
        .saturating_sub(closed + o.open_final_products);
    let mut text = format!(
        "{} ({} closure{}) — {} of {} closed{}",
        o.status.as_str(),
        mode.as_str(),
        if mode == Mode::Structural {
            ": capability"
        } else {
            ": recorded local trade"
        },
        closed,
        plural(o.final_products, "final product", "final products"),
        {
            // The unclosed ones by status: "(11 cannot close, 1 undetermined: microwave_oven)",
            // zero parts left out.
            let named = if undetermined_products.is_empty() || undetermined_products.len() > 3 {
                String::new()
            } else {
                format!(": {}", undetermined_products.join(", "))
            };
            let parts: Vec<String> = [
                (o.open_final_products, "cannot close".to_string()),
                (undetermined, format!("undetermined{named}")),
            ]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, w)| format!("{n} {w}"))
            .collect();
            if parts.is_empty() {
                String::new()
            } else {
                format!(" ({})", parts.join(", "))
            }
        }
    );
    if o.status == Verdict::Fails {
        let total: usize = o.absence_evidence.iter().map(|a| a.absences).sum();
        let levels: Vec<String> = o
            .absence_evidence
            .iter()
            .map(|a| {
                format!(
                    "{} {}",
                    a.absences,
                    crate::model::Vocabulary::as_str(a.evidence)
                )
            })
            .collect();
        let documented = o
            .absence_evidence
            .iter()
            .find(|a| a.evidence == crate::model::Evidence::Documented)
            .map_or(0, |a| a.absences);
        // The table below lists one row per chain; a stage absent in several chains
        // (iron ore) is one absence here, so say both counts when they differ.
        let rows = if o.absence_rows > total {
            format!(
                "{} chain/stage rows, a stage absent in several chains counted once; ",
                o.absence_rows
            )
        } else {
            String::new()
        };
        text += &format!(
            "; it fails on {} ({rows}evidence: {}){}",
            plural(total, "recorded absence", "recorded absences"),
            levels.join(", "),
            if documented == 0 {
                ", none of them documented"
            } else if documented < total {
                ", not all of them documented"
            } else {
                ""
            }
        );
    }
    if o.documented_only != o.status {
        text += &format!(
            "; with documented links and absences only it is {}",
            o.documented_only.as_str()
        );
    }
    // What a buyer of raw materials (and materials) would have: the claim is read as
    // self-sufficiency down to mines and farms, which few regions could pass.
    if mode == Mode::Structural
        && let Some(clause) = bought_in_clause(bought_in, o.final_products, closed)
    {
        text += &format!("; {clause}");
    }
    text.push('.');
    text
}

pub(crate) fn o_closed(o: &Overall, mode: Mode) -> usize {
    match mode {
        Mode::Structural => o.structural_closed,
        Mode::Realised => o.realised_closed,
    }
}

pub(crate) fn ids_with(chains: &[ChainSection], pick: impl Fn(&ChainSection) -> bool) -> Vec<&str> {
    chains
        .iter()
        .filter(|c| pick(c))
        .map(|c| c.chain.as_str())
        .collect()
}

/// What the data can and cannot decide, in plain language.
pub(crate) fn claim_summary(
    region: &Region,
    claimed: Option<&str>,
    overall: &Overall,
    chains: &[ChainSection],
    mode: Mode,
    (realised_edges, linked_edges, template_edges): (usize, usize, usize),
    bought_in: &[BoughtIn],
) -> String {
    let r = &region.name;
    let of = |v: Verdict| ids_with(chains, |c| c.verdict.status == v);
    let (holds, fails, undetermined, na) = (
        of(Verdict::Holds),
        of(Verdict::Fails),
        of(Verdict::Undetermined),
        of(Verdict::NotApplicable),
    );
    let mut parts = Vec::new();
    if !holds.is_empty() {
        let no_raw = ids_with(chains, |c| {
            c.verdict.status == Verdict::Holds && !has_raw_materials(&c.completeness)
        });
        parts.push(format!(
            "it holds for {}{}",
            holds.join(", "),
            if no_raw.is_empty() {
                String::new()
            } else {
                format!(
                    " ({} {} no raw-material stage in {} template, so \"from raw materials\" is not tested there)",
                    no_raw.join(", "),
                    if no_raw.len() == 1 { "has" } else { "have" },
                    if no_raw.len() == 1 { "its" } else { "their" }
                )
            }
        ));
    }
    if !fails.is_empty() {
        // A fails is only as firm as the absences under it: say when none is documented.
        let documented = overall
            .absence_evidence
            .iter()
            .any(|a| a.evidence == crate::model::Evidence::Documented);
        parts.push(format!(
            "it fails for {} on recorded absences (see each chain){}",
            fails.join(", "),
            if documented {
                ""
            } else {
                ", none of them documented (each absence's source, and the note saying what it rests on, are under \"Recorded absences\"; a public record either way would make the verdict firm or overturn it)"
            }
        ));
    }
    let judged = match claimed {
        Some(claim) => format!("The claim that {claim}"),
        None => format!("Whether {r} has {CLAIM}"),
    };
    let mut text = format!(
        "{judged} is judged by {} closure, i.e. {}. ",
        mode.as_str(),
        if mode == Mode::Structural {
            "whether producers of every required stage exist in the region (capability)"
        } else {
            "whether local firms are recorded trading along the whole chain"
        }
    );
    if parts.is_empty() {
        text += "The data decides no chain. ";
    } else {
        // A `fails` on absences none of which is documented is what the data says on
        // inferences, not what it decides.
        let firm = fails.is_empty()
            || overall
                .absence_evidence
                .iter()
                .any(|a| a.evidence == crate::model::Evidence::Documented);
        text += &format!(
            "{}: {}. ",
            if firm {
                "The data decides"
            } else {
                "On recorded absences, none of the deciding ones documented, the data says"
            },
            parts.join("; ")
        );
    }
    if !fails.is_empty() {
        text += &import_tiers_sentence(chains, bought_in, overall.final_products);
    }
    if !undetermined.is_empty() {
        text += &format!(
            "It cannot decide {}: a stage with no producer in the data is not proof that the region has none, and the research list below names what would settle each. ",
            undetermined.join(", ")
        );
    }
    if !na.is_empty() {
        text += &format!(
            "Not applicable (no final_product stage): {}. ",
            na.join(", ")
        );
    }
    let other = match mode {
        Mode::Structural => (Mode::Realised, overall.realised, overall.realised_closed),
        Mode::Realised => (
            Mode::Structural,
            overall.structural,
            overall.structural_closed,
        ),
    };
    text += &format!(
        "Beside it, {} closure closes {} of {} final products (verdict {}). ",
        other.0.as_str(),
        other.2,
        overall.final_products,
        other.1.as_str()
    );
    let low = template_edges > 0 && realised_edges * 2 < template_edges;
    text += &format!(
        "{} in the data{}",
        super::words::edges_words(realised_edges, linked_edges, template_edges),
        if low {
            ", so realised closure measures how many links the dataset records, not what the region can make."
        } else {
            "."
        }
    );
    let changed: Vec<String> = chains
        .iter()
        .filter(|c| c.verdict.documented_only.changed)
        .map(|c| {
            format!(
                "{} ({} → {})",
                c.chain,
                c.verdict.status.as_str(),
                c.verdict.documented_only.status.as_str()
            )
        })
        .collect();
    text += " Counting only documented links and documented absences (the other absences then count as unknown) ";
    if changed.is_empty() {
        text += "changes the verdict of no chain.";
    } else {
        text += &format!(
            "changes the verdict of {}; overall it is {}.",
            changed.join(", "),
            overall.documented_only.as_str()
        );
    }
    let shared = shared_products_sentence(chains);
    if !shared.is_empty() {
        text += " ";
        text += shared.trim_end();
    }
    text
}

/// Where the failing chains hold from, by tier: "If every stage below a tier is bought in
/// from outside the region, the failing chains hold from that tier up in the data: from
/// material for automotive, food; from component for …", then what closes with raw
/// materials (and materials) bought in ([`bought_in_clause`]).
fn import_tiers_sentence(chains: &[ChainSection], bought_in: &[BoughtIn], finals: usize) -> String {
    use std::collections::BTreeMap;
    let mut by_tier: BTreeMap<Option<crate::model::Tier>, Vec<&str>> = BTreeMap::new();
    for c in chains.iter().filter(|c| c.verdict.status == Verdict::Fails) {
        by_tier
            .entry(c.completeness.complete_from)
            .or_default()
            .push(c.chain.as_str());
    }
    let parts: Vec<String> = by_tier
        .iter()
        .map(|(tier, ids)| match tier {
            Some(t) => format!(
                "from {} for {}",
                crate::model::Vocabulary::as_str(*t),
                ids.join(", ")
            ),
            None => format!("from no tier for {}", ids.join(", ")),
        })
        .collect();
    let closed_now = chains
        .iter()
        .flat_map(|c| &c.completeness.final_products)
        .filter(|f| f.structural_closed)
        .count();
    let counts = bought_in_clause(bought_in, finals, closed_now)
        .map(|c| format!(" In structural closure, {c}."))
        .unwrap_or_default();
    format!(
        "If every stage below a tier is bought in from outside the region, the failing chains hold from that tier up in the data: {} (complete from, in each chain's table).{counts} ",
        parts.join("; ")
    )
}

/// "The 12 final products are 11 distinct by label: \"Battery-electric passenger car\" is a
/// final product of automotive and nev_batteries. " — counts of final products count each
/// chain's; empty when no label repeats.
fn shared_products_sentence(chains: &[ChainSection]) -> String {
    use std::collections::BTreeMap;
    let mut by_label: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut total = 0;
    for c in chains {
        for f in &c.completeness.final_products {
            total += 1;
            let label = c
                .completeness
                .stages
                .iter()
                .find(|s| s.stage == f.stage)
                .map_or(f.stage.as_str(), |s| s.label.as_str());
            by_label.entry(label).or_default().push(c.chain.as_str());
        }
    }
    let shared: Vec<String> = by_label
        .iter()
        .filter(|(_, cs)| cs.len() > 1)
        .map(|(label, cs)| format!("\"{label}\" is a final product of {}", cs.join(" and ")))
        .collect();
    if shared.is_empty() {
        return String::new();
    }
    format!(
        "The {total} final products are {} distinct by label: {} (counted once per chain). ",
        by_label.len(),
        shared.join("; ")
    )
}

/// "with raw materials bought in, 6 of 12 final products close (4 of 8 chains complete);
/// with materials bought in too, 10 of 12 (7 of 8)": the first two tiers of `bought_in`
/// (material, component), stopping once everything closes; `None` when buying raw
/// materials in closes nothing more than `closed_now`.
pub(crate) fn bought_in_clause(
    bought_in: &[BoughtIn],
    finals: usize,
    closed_now: usize,
) -> Option<String> {
    use crate::model::Tier;
    let at = |t: Tier| bought_in.iter().find(|b| b.from_tier == t);
    let raw = at(Tier::Material)?;
    if raw.closed_final_products <= closed_now {
        return None;
    }
    let chains = |b: &BoughtIn| b.complete_chains.len();
    let total_chains = bought_in.last().map_or(0, chains);
    let mut text = format!(
        "with raw materials bought in, {} of {} close ({} of {total_chains} chains complete)",
        raw.closed_final_products,
        plural(finals, "final product", "final products"),
        chains(raw)
    );
    if raw.closed_final_products < finals
        && let Some(materials) = at(Tier::Component)
        && materials.closed_final_products > raw.closed_final_products
    {
        text += &format!(
            "; with materials bought in too, {} of {finals} ({} of {total_chains})",
            materials.closed_final_products,
            chains(materials)
        );
    }
    Some(text)
}

//! Bottlenecks and blockages in words, shared by the report's Markdown and HTML and by the
//! `bottlenecks` and `gaps` commands: the section's opening sentences, single-source and
//! closure-critical cells, the notes under the connectivity and dominators tables, and a
//! blockage's candidate pairs. Plain text: each renderer escapes or marks up ids its own way.

use crate::analysis::bottleneck::{Bottlenecks, ChainBottlenecks};
use crate::analysis::completeness::Blockage;
use crate::report::words::undefined_note;

/// The opening sentences of "Bottlenecks and resilience"; `id` formats a firm id or a
/// group name.
/// `realised_closed` = final products closed by realised closure: with none, no single
/// firm's loss can break one, and the summary says so instead of a vacuous "no firm".
pub fn bottleneck_summary(
    bottlenecks: &Bottlenecks,
    realised_closed: usize,
    id: impl Fn(&str) -> String,
) -> String {
    let mut critical: Vec<&str> = bottlenecks
        .chains
        .iter()
        .flat_map(|c| c.critical_firms.iter().map(|f| f.firm.as_str()))
        .collect();
    critical.sort_unstable();
    critical.dedup();
    let mut groups: Vec<(&str, u32)> = bottlenecks
        .chains
        .iter()
        .flat_map(|c| {
            c.critical_groups
                .iter()
                .map(|g| (g.group.as_str(), g.firms))
        })
        .collect();
    groups.sort_unstable();
    groups.dedup();
    let mut out = if realised_closed == 0 {
        "No final product is closed by realised closure, so there is no closure for a single local firm's or group's loss to break: closure-critical firms and groups do not apply here (H5 not applicable).".to_string()
    } else if critical.is_empty() {
        "No single local firm's loss breaks a closed final product (realised closure).".to_string()
    } else {
        format!(
            "{} local firm(s) are closure-critical: losing any one of them alone breaks at least one closed final product ({}).",
            critical.len(),
            critical
                .iter()
                .take(12)
                .map(|f| id(f))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    if realised_closed > 0 {
        out += " ";
        out += &if bottlenecks.groups_checked == 0 {
            "No group has two or more local firms in the data, so a group's loss is a single firm's loss.".to_string()
        } else if groups.is_empty() {
            format!(
                "Losing all the local firms of any one group breaks no closed final product ({} group(s) with two or more local firms checked).",
                bottlenecks.groups_checked
            )
        } else {
            format!(
                "{} group(s) are closure-critical as a whole: losing all of a group's local firms together breaks at least one closed final product ({}).",
                groups.len(),
                groups
                    .iter()
                    .take(12)
                    .map(|(g, n)| format!("{} ({n} local firms)", id(g)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
    }
    out += " Vertex connectivity is the fewest local firms whose removal cuts every local supply path from the chain's raw-material firms to its final-product firms.";
    out
}

/// The per-chain bottleneck cells shared by Markdown and HTML: single-source stages "by firm
/// / by group" as counts, and the closure-critical groups as "name (local firms, final
/// products lost)" with `id` formatting the name.
pub fn single_source_counts(c: &ChainBottlenecks) -> String {
    let counts = format!(
        "{} / {}",
        c.single_source_stages.len(),
        c.single_source_groups.len()
    );
    // The stages themselves (every single-source stage is single-group too): a count alone
    // hides that one of them may be a village salt pan or a head office.
    if c.single_source_groups.is_empty() {
        counts
    } else {
        format!("{counts}: {}", c.single_source_groups.join(", "))
    }
}

/// See [`single_source_counts`].
pub fn critical_group_cell(c: &ChainBottlenecks, id: impl Fn(&str) -> String) -> String {
    c.critical_groups
        .iter()
        .map(|g| format!("{} ({}, {})", id(&g.group), g.firms, g.final_products.len()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The note under the dominators table naming the dominators whose supply links to local
/// firms are all estimated or assumed: their place on every path is an inference from the
/// modeller's links, not a recorded dependency. `None` when every dominator has a
/// documented or reported link.
pub fn dominators_inferred_note(b: &Bottlenecks) -> Option<String> {
    use crate::model::Evidence;
    let inferred: Vec<&str> = b
        .dominators
        .iter()
        .filter(|d| {
            d.supply_link_evidence.iter().all(|e| {
                e.links == 0 || matches!(e.evidence, Evidence::Estimated | Evidence::Assumed)
            })
        })
        .map(|d| d.firm.as_str())
        .collect();
    (!inferred.is_empty()).then(|| {
        format!(
            "{} {} on every path only through estimated or assumed supply links: an inference from the modeller's links, not a recorded dependency.",
            inferred.join(", "),
            if inferred.len() == 1 { "lies" } else { "lie" }
        )
    })
}

/// The note under a per-chain table whose connectivity column shows `–` or `0`: a 0 reads
/// as "no resilience at all", but it only says that no local path is recorded.
pub fn connectivity_note(b: &Bottlenecks) -> Option<String> {
    let undefined = undefined_note(
        "connectivity",
        b.chains.iter().map(|c| {
            (
                c.chain.as_str(),
                c.connectivity.connectivity_reason.as_deref(),
            )
        }),
    );
    let zero: Vec<&str> = b
        .chains
        .iter()
        .filter(|c| c.connectivity.connectivity == Some(0))
        .map(|c| c.chain.as_str())
        .collect();
    let zero = (!zero.is_empty()).then(|| {
        format!(
            "0 connectivity for {}: no local supply path from a raw-material firm to a final-product firm is recorded in the data (a gap in the link data, not a cut).",
            zero.join(", ")
        )
    });
    match (undefined, zero) {
        (Some(u), Some(z)) => Some(format!("{u} {z}")),
        (u, z) => u.or(z),
    }
}

/// The pairs cell of a blockage row, with ids wrapped by `code`: up to three local
/// supplier → buyer pairs ("`a` → `b` (same city)"), then the producers not paired because
/// they are not firms ("not paired, not firms: `ceramic_fair` (platform)"); when nothing
/// is paired, says so ("none: …").
pub fn blockage_pairs(b: &Blockage, code: impl Fn(&str) -> String) -> String {
    let pairs: Vec<String> = b
        .candidates
        .iter()
        .take(3)
        .map(|p| {
            format!(
                "{} → {}{}{}",
                code(&p.supplier),
                code(&p.buyer),
                if p.same_city { " (same city)" } else { "" },
                if p.same_group { " (same group)" } else { "" }
            )
        })
        .collect();
    with_not_paired(b, pairs, code)
}

/// `pairs` (already formatted) joined, then the producers not paired because they are not
/// firms, as [`blockage_pairs`] words them.
pub fn with_not_paired(b: &Blockage, pairs: Vec<String>, code: impl Fn(&str) -> String) -> String {
    let not_paired: Vec<String> = b
        .not_paired
        .iter()
        .map(|n| format!("{} ({})", code(&n.firm), n.kind))
        .collect();
    match (pairs.is_empty(), not_paired.is_empty()) {
        (_, true) => pairs.join("; "),
        (true, false) => format!(
            "none: the only producers at one end are not firms: {}; a fair or market hosts trade, it does not buy",
            not_paired.join(", ")
        ),
        (false, false) => format!(
            "{}; not paired, not firms: {}",
            pairs.join("; "),
            not_paired.join(", ")
        ),
    }
}

//! Words and phrases shared by the Markdown and HTML renderers of the report, so both say
//! the same thing (each renderer escapes or marks up the result its own way).

use crate::analysis::bottleneck::Bottlenecks;
use crate::analysis::completeness::Mode;
use crate::analysis::sourcing::EvidenceCount;
use crate::analysis::verdict::Status;
use crate::text::number::fmt_percent;

pub fn status_word(s: Status) -> &'static str {
    match s {
        Status::Holds => "holds",
        Status::Fails => "fails",
        Status::Undetermined => "undetermined",
    }
}

pub fn test_word(p: Option<bool>) -> &'static str {
    match p {
        Some(true) => "pass",
        Some(false) => "FAIL",
        None => "not computed",
    }
}

pub fn mode_word(mode: Mode) -> &'static str {
    match mode {
        Mode::Realised => "realised",
        Mode::Structural => "structural",
    }
}

pub fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}

/// `6 documented (46.2%), 4 reported (30.8%)` — levels with at least one link.
pub fn evidence_parts(mix: &[EvidenceCount]) -> String {
    let parts: Vec<String> = mix
        .iter()
        .filter(|e| e.links > 0)
        .map(|e| format!("{} {} ({})", e.links, e.evidence, fmt_percent(e.share)))
        .collect();
    if parts.is_empty() {
        "no links".into()
    } else {
        parts.join(", ")
    }
}

/// `13 links: 6 documented (46.2%), …`, or `no supply links`.
pub fn evidence_line(mix: &[EvidenceCount]) -> String {
    let total: usize = mix.iter().map(|e| e.links).sum();
    if total == 0 {
        return "no supply links".into();
    }
    format!("{total} links: {}", evidence_parts(mix))
}

/// The opening sentences of "Bottlenecks and resilience"; `id` formats a firm id.
pub fn bottleneck_summary(bottlenecks: &Bottlenecks, id: impl Fn(&str) -> String) -> String {
    let mut critical: Vec<&str> = bottlenecks
        .chains
        .iter()
        .flat_map(|c| c.critical_firms.iter().map(|f| f.firm.as_str()))
        .collect();
    critical.sort_unstable();
    critical.dedup();
    let mut out = if critical.is_empty() {
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
    out += " Vertex connectivity is the fewest local firms whose removal cuts every local supply path from the chain's raw-material firms to its final-product firms.";
    out
}

//! The verdict: the four complementarity signals, their count, the verdict (complementary,
//! competitive, mixed or undetermined) and the one-paragraph conclusion, from the pair's
//! numbers. A signal the data cannot assess (FS undefined, no layer with enough links) is
//! neither present nor absent: when it could change the verdict, the verdict is
//! undetermined.

use serde::Serialize;

use super::Complement;
use crate::analysis::FigureStatus;

/// Threshold of UNIDO S from which two cities with few complementarity signals are called
/// competitive.
pub const COMPETITIVE_S: f64 = 0.6;

/// What the signals say about two cities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// At least three of the four signals are present.
    Complementary,
    /// At most one signal, and similar structures (S ≥ [`COMPETITIVE_S`]).
    Competitive,
    /// Anything else (also when S is undefined).
    Mixed,
    /// The signals that could not be assessed would change the verdict either way.
    Undetermined,
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Verdict::Complementary => "complementary",
            Verdict::Competitive => "competitive",
            Verdict::Mixed => "mixed",
            Verdict::Undetermined => "undetermined",
        })
    }
}

/// One complementarity signal and the numbers behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signal {
    /// `joint_gain`, `functional_specialisation`, `link_intensity` or `outsourcing`.
    pub signal: &'static str,
    /// The signal is present.
    pub present: bool,
    /// The data could assess the signal: false when FS is not computed on a side (employment
    /// unknown), or when no
    /// intensity above 1 rests on enough links while some direction has too few links to
    /// tell (or none has enough). Never present then.
    pub assessed: bool,
    /// The numbers the signal rests on, in words (2 decimals).
    pub detail: String,
}

impl Signal {
    /// The signal's state in words for tables: `yes`, `no` or `not assessable`.
    pub fn state(&self) -> &'static str {
        match (self.present, self.assessed) {
            (true, _) => "yes",
            (false, true) => "no",
            (false, false) => "not assessable",
        }
    }
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "undefined".to_string(), |v| format!("{v:.2}"))
}

fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Fills `signals`, `signal_count`, `verdict` and `conclusion` from the numbers.
pub(super) fn conclude(c: &mut Complement) {
    let (an, bn, rn) = (&c.a.name, &c.b.name, &c.region.name);
    let mut signals = Vec::new();

    // 1. Joint gain. When no final product closes in A∪B nor anywhere in R, the gain is
    // empty by construction: the data cannot show whether combining A and B would close
    // something, so the signal is not assessable (it is no evidence against the pair).
    let closed_jointly = c.chains.iter().any(|ch| !ch.closed_joint.is_empty());
    signals.push(if c.joint_gain.is_empty() && !closed_jointly && c.region_closed_final_products == 0 {
        let stages: usize = c.chains.iter().map(|ch| ch.joint_gain_stages.len()).sum();
        let below = if stages > 0 {
            format!(" ({stages} stage(s) below final products close only jointly)")
        } else {
            String::new()
        };
        Signal {
            signal: "joint_gain",
            present: false,
            assessed: false,
            detail: format!(
                "no final product closes in {an} and {bn} together or anywhere in {rn} ({} closure), so a gain from combining them cannot show{below}",
                c.mode.as_str()
            ),
        }
    } else if c.joint_gain.is_empty() {
        Signal {
            signal: "joint_gain",
            present: false,
            assessed: true,
            detail: "no final product is closed only jointly (joint gain empty)".to_string(),
        }
    } else {
        Signal {
            signal: "joint_gain",
            present: true,
            assessed: true,
            detail: format!(
                "together they close {} that neither closes alone (joint gain {})",
                list(&c.joint_gain),
                c.joint_gain.len()
            ),
        }
    });

    // 2. FS on opposite sides of 1.
    let fs = &c.functional_specialisation;
    let opposite =
        matches!((fs.a, fs.b), (Some(x), Some(y)) if (x > 1.0 && y < 1.0) || (x < 1.0 && y > 1.0));
    let fs_text = format!("FS {} ({an}) vs {} ({bn})", num(fs.a), num(fs.b));
    signals.push(Signal {
        signal: "functional_specialisation",
        present: opposite,
        // Unknown employment leaves FS unassessed; FS that has no meaning here (no R&D,
        // design or headquarters firm in the region) is assessed: it cannot signal.
        assessed: fs.a_status != FigureStatus::NotComputed
            && fs.b_status != FigureStatus::NotComputed,
        detail: if opposite {
            let (head, tail) = if fs.a > fs.b { (an, bn) } else { (bn, an) };
            format!(
                "{fs_text}: {head} specialises in R&D, design and headquarters, {tail} in manufacturing"
            )
        } else if fs.a.is_none() || fs.b.is_none() {
            let mut why: Vec<&str> = Vec::new();
            for reason in [&fs.a_reason, &fs.b_reason].into_iter().flatten() {
                if !why.contains(&reason.as_str()) {
                    why.push(reason);
                }
            }
            if fs.a.is_none() && fs.b.is_none() {
                format!("FS undefined for {an} and {bn}: {}", why.join("; "))
            } else {
                format!("{fs_text}: undefined ({})", why.join("; "))
            }
        } else {
            format!("{fs_text}: not on opposite sides of 1")
        },
    });

    // 3. Link intensity above 1, on at least `min_links` links in that direction.
    let mut above = Vec::new();
    let mut thin = Vec::new();
    // Directions with links but too few of them and no ratio above 1: no signal either way,
    // said so that a one-way flow is not read as balanced.
    let mut sparse = Vec::new();
    let mut best: Option<(f64, String)> = None;
    let mut any_enough = false;
    for li in &c.link_intensity {
        for (value, from, to, n, out, enough, firms, evidence) in [
            (
                li.a_to_b,
                an,
                bn,
                li.links_a_to_b,
                li.links_from_a,
                li.a_to_b_enough_links,
                li.sources_a_to_b,
                &li.evidence_a_to_b,
            ),
            (
                li.b_to_a,
                bn,
                an,
                li.links_b_to_a,
                li.links_from_b,
                li.b_to_a_enough_links,
                li.sources_b_to_a,
                &li.evidence_b_to_a,
            ),
        ] {
            any_enough |= enough;
            let Some(v) = value else { continue };
            if !enough && v <= 1.0 {
                sparse.push(format!(
                    "{} links {from}→{to} ({n} of {out} {} links out of {from})",
                    li.layer, li.layer
                ));
            }
            let text = format!(
                "{} links {from}→{to} {v:.2}× what {to}'s share of organisations predicts ({n} of {out} {} links out of {from}, from {firms} organisation{}; {})",
                li.layer,
                li.layer,
                if firms == 1 { "" } else { "s" },
                evidence_counts(evidence)
            );
            if v > 1.0 {
                if enough {
                    above.push(text.clone());
                } else {
                    thin.push(format!(
                        "{} links {from}→{to} {v:.2}×: too few links ({n})",
                        li.layer
                    ));
                }
            }
            if enough && best.as_ref().is_none_or(|(b, _)| v > *b) {
                best = Some((v, text));
            }
        }
    }
    let mut thin_text = if thin.is_empty() {
        String::new()
    } else {
        format!(
            "; not counted, under {} links: {}",
            c.min_links,
            list(&thin)
        )
    };
    if !sparse.is_empty() {
        thin_text += &format!(
            "; under {} links, so no signal either way: {}",
            c.min_links,
            list(&sparse)
        );
    }
    signals.push(Signal {
        signal: "link_intensity",
        present: !above.is_empty(),
        // Unassessed: no direction rests on enough links, or one above 1 rests on too few.
        assessed: !above.is_empty() || (thin.is_empty() && any_enough),
        detail: if !above.is_empty() {
            list(&above) + &thin_text
        } else if let Some((_, text)) = best {
            format!(
                "no layer's links between them exceed what the other city's share of organisations predicts on at least {} links (highest: {text}){thin_text}",
                c.min_links
            )
        } else if !thin.is_empty() {
            format!("no link intensity rests on at least {} links{thin_text}", c.min_links)
        } else {
            format!(
                "no layer has at least {} links in one direction between them",
                c.min_links
            )
        },
    });

    // 4. Outsourcing candidates.
    let names: Vec<String> = c
        .outsourcing_candidates
        .iter()
        .map(|o| {
            let other = if o.buyer_side == "a" { bn } else { an };
            format!(
                "in the data, {} buys {}/{} from outside {rn} ({} supply link(s) from {} supplier(s)) that {other} makes ({} merchant producer(s))",
                o.buyer_city,
                o.chain,
                o.stage,
                o.links,
                o.outside_suppliers.len(),
                o.producers_in_other.len()
            )
        })
        .collect();
    signals.push(Signal {
        signal: "outsourcing",
        present: !names.is_empty(),
        assessed: true,
        detail: if names.is_empty() {
            format!(
                "neither buys from outside {rn} a stage the other makes with a merchant producer (one that supplies outside its own group)"
            )
        } else {
            // Say which way they run: a claim about one city outsourcing to the other is
            // only supported by candidates in that direction.
            let by_a = c
                .outsourcing_candidates
                .iter()
                .filter(|o| o.buyer_side == "a")
                .count();
            let by_b = c.outsourcing_candidates.len() - by_a;
            format!(
                "{} outsourcing candidate(s) ({by_a} with {an} buying what {bn} makes, {by_b} with {bn} buying what {an} makes): {}",
                names.len(),
                list(&names)
            )
        },
    });

    let count = signals.iter().filter(|s| s.present).count();
    let unassessed = signals.iter().filter(|s| !s.assessed).count();
    let s = c.similarity_unido;
    let verdict_at = |count: usize| {
        if count >= 3 {
            Verdict::Complementary
        } else if count <= 1 && s.is_some_and(|s| s >= COMPETITIVE_S) {
            Verdict::Competitive
        } else {
            Verdict::Mixed
        }
    };
    // The unassessed signals could each be present or absent: the verdict stands only when
    // both bounds agree.
    let (low, high) = (verdict_at(count), verdict_at(count + unassessed));
    let verdict = if low == high {
        low
    } else {
        Verdict::Undetermined
    };
    let (present, rest): (Vec<&Signal>, Vec<&Signal>) = signals.iter().partition(|s| s.present);
    let (absent, not_assessed): (Vec<&Signal>, Vec<&Signal>) =
        rest.into_iter().partition(|s| s.assessed);
    let details = |group: &[&Signal]| {
        group
            .iter()
            .map(|s| s.detail.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut text = format!(
        "{verdict}: {count} of 4 complementarity signals between {an} and {bn} (context region {rn})"
    );
    if !present.is_empty() {
        text += &format!("; {}", details(&present));
    }
    if !absent.is_empty() {
        text += &format!(". Not signalled: {}", details(&absent));
    }
    if !not_assessed.is_empty() {
        text += &format!(
            ". Not assessable on these data ({} of 4): {}",
            not_assessed.len(),
            details(&not_assessed)
        );
        if verdict == Verdict::Undetermined {
            text += &format!(
                "; with them the verdict could be anything from {low} to {high}, so it is undetermined until they can be measured"
            );
        }
    }
    let similar = match (verdict, s) {
        (Verdict::Competitive, Some(v)) => format!(
            ". Their stage structures are similar (UNIDO S = {v:.2} ≥ {COMPETITIVE_S}, Krugman K = {}) and there are few signals of fit, so they compete more than they complement",
            num(c.krugman)
        ),
        (Verdict::Mixed, _) if count <= 1 => format!(
            ". Few signals of fit, but the stage structures are not similar enough to call them competitors (UNIDO S {}; Krugman K = {})",
            s.map_or_else(
                || "undefined".to_string(),
                |v| format!("= {v:.2} < {COMPETITIVE_S}")
            ),
            num(c.krugman)
        ),
        _ => format!(
            ". UNIDO S = {} and Krugman K = {} are context only (a low S says the cities differ, not that they fit)",
            num(s),
            num(c.krugman)
        ),
    };
    text += &similar;
    let links: usize = c.evidence_between.iter().map(|e| e.links).sum();
    let mix: Vec<String> = c
        .evidence_between
        .iter()
        .filter(|e| e.links > 0)
        .map(|e| format!("{} {}", e.links, e.evidence))
        .collect();
    text += &if links == 0 {
        ". There are no links between them.".to_string()
    } else {
        format!(
            ". Evidence of the {links} link(s) between them: {}.",
            mix.join(", ")
        )
    };
    c.signal_count = count;
    c.verdict = verdict;
    c.signals = signals;
    c.conclusion = text;
}

/// "3 documented, 6 reported, 9 estimated": the non-zero levels of an evidence mix.
fn evidence_counts(mix: &[crate::analysis::sourcing::EvidenceCount]) -> String {
    mix.iter()
        .filter(|e| e.links > 0)
        .map(|e| format!("{} {}", e.links, e.evidence))
        .collect::<Vec<_>>()
        .join(", ")
}

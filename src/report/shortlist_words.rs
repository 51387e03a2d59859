//! The investment-attraction shortlist (招商清单) in words, shared by the report's Markdown
//! and HTML and by `gaps`: the action's name, one line per stage (its advice and what the
//! order rests on) and the table of candidates. Plain text: each renderer escapes it.

use crate::analysis::shortlist::{Action, Shortlist};
use crate::report::words::Rows;

/// The table label of a shortlist's action.
pub fn action_words(action: Action) -> &'static str {
    match action {
        Action::Attract => "attract",
        Action::SecureSupply => "secure supply (a raw material: buy, not attract)",
        Action::CheckLocalFirst => "check for local producers first (listed for reference)",
    }
}

/// The shortlist lines (stages with at least one outside producer), as plain text:
/// "stage: advice; ranked by …." — one per stage. `name_chain` writes `chain/stage`, for a
/// list that spans chains (a stage such as `copper_ore` can be in several). The ranking is
/// left out where the advice already says what the order rests on (no candidate closes
/// anything, so the advice names the size figure).
pub fn shortlist_lines(lists: &[Shortlist], name_chain: bool) -> Vec<String> {
    lists
        .iter()
        .filter(|l| !l.candidates.is_empty())
        .map(|l| {
            let stage = if name_chain {
                format!("{}/{}", l.chain, l.stage)
            } else {
                l.stage.clone()
            };
            let order_said = l.action != Action::CheckLocalFirst
                && l.candidates.iter().all(|k| k.closes.is_empty());
            let mut line = if order_said {
                format!("{stage}: {}", l.advice)
            } else {
                format!("{stage}: {}; {}", l.advice, l.ranking)
            };
            if l.not_evaluated > 0 {
                line += &format!(
                    " ({} smaller outside producers not evaluated)",
                    l.not_evaluated
                );
            }
            line.push('.');
            line
        })
        .collect()
}

/// The shortlist table of a chain as plain text: the top five candidates of each stage.
pub fn shortlist_rows(lists: &[Shortlist]) -> Rows {
    Rows {
        headers: [
            "stage",
            "action",
            "outside producer (best-ranked first)",
            "city",
            "final products it would close (any chain)",
            "note",
        ]
        .map(String::from)
        .to_vec(),
        rows: lists
            .iter()
            .flat_map(|l| {
                l.candidates.iter().take(5).map(move |k| {
                    vec![
                        l.stage.clone(),
                        action_words(l.action).to_string(),
                        format!("{} ({})", k.name, k.firm),
                        format!("{}, {}", k.city, k.country),
                        closes_cell(l.action, &k.closes),
                        k.note.clone().unwrap_or_default(),
                    ]
                })
            })
            .collect(),
    }
}

/// A shortlist row's "would close" cell: up to three final products by name. A raw material
/// cannot be attracted, so its products close only "if its supply counted as local".
fn closes_cell(action: Action, closes: &[String]) -> String {
    let listed = match closes.len() {
        0 => return "0".to_string(),
        1..=3 => closes.join(", "),
        n => format!("{n}: {}, …", closes[..3].join(", ")),
    };
    if action == Action::SecureSupply {
        format!("{listed} (if its supply counted as local)")
    } else {
        listed
    }
}

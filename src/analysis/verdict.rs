//! The verdict on the article's claim 1 ("a complete chain from raw materials to final
//! products"), per chain and overall, from five tests:
//!
//! * H1 full stage coverage (every stage has ≥ θ local producers);
//! * H2 closure of every final product (in the chosen mode);
//! * H3 local sourcing rate ≥ τ (default 0.5; undetermined without counted links);
//! * H4 no external chokepoint;
//! * H5 no single local firm whose loss breaks closure (realised): no closure-critical
//!   firm for a final product of the chain (`super::critical`). Callers that did not
//!   compute criticality pass `None`, and the test says "not computed" rather than guess.
//!
//! A chain's claim `fails` when any test fails, is `undetermined` when none fails but some
//! could not be computed, and `holds` when all five pass. Each verdict carries the evidence
//! mix of the supply links it rests on (those into local firms of the chain), and the
//! verdict recomputed with `documented` links only.
//!
//! Cost: the tests read finished completeness results, O(tests); the documented-only verdict
//! costs a second completeness run by the caller. Output: chains in the order given (by id),
//! tests H1 to H5.

use serde::Serialize;

use super::completeness::{ChainCompleteness, Mode};
use super::sourcing::EvidenceCount;

/// The status of the claim for a chain or the region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every test passes.
    Holds,
    /// Some test fails.
    Fails,
    /// No test fails, but some could not be computed.
    Undetermined,
}

/// One of the five tests H1–H5.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Test {
    /// `H1` to `H5`.
    pub id: &'static str,
    /// What the test checks, in words.
    pub name: &'static str,
    /// `None` = could not be computed.
    pub passed: Option<bool>,
    /// The numbers the result rests on, in words.
    pub detail: String,
}

/// The verdict on claim 1 for one chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainVerdict {
    /// The chain id.
    pub chain: String,
    /// holds, fails or undetermined (see [`Status`]).
    pub status: Status,
    /// The chain is complete in the chosen mode.
    pub complete: bool,
    /// H1 to H5, in that order.
    pub tests: Vec<Test>,
    /// Evidence mix of the supply links the verdict rests on (those into local firms of
    /// the chain).
    pub evidence: Vec<EvidenceCount>,
    /// The same verdict with only `documented` links.
    pub documented_only: DocumentedOnly,
}

/// The verdict recomputed on the dataset with only `documented` links.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentedOnly {
    /// The status with documented links only.
    pub status: Status,
    /// Completeness with documented links only.
    pub complete: bool,
    /// The status or completeness differs from the full verdict.
    pub changed: bool,
}

/// The verdict on claim 1 for the region: it holds only if it holds for every chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overall {
    /// Fails if any chain fails, undetermined if any is undetermined, else holds.
    pub status: Status,
    /// Chains judged.
    pub chains: usize,
    /// Ids of the complete chains, in the order of the chains judged.
    pub complete_chains: Vec<String>,
    /// Ids of the other chains, in the same order.
    pub incomplete_chains: Vec<String>,
}

/// H5's detail when criticality was not computed.
const H5_PENDING: &str =
    "not yet computed: needs the closure-critical firms of the bottlenecks analysis";

fn list(items: impl Iterator<Item = String>) -> String {
    let v: Vec<String> = items.collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

/// H5's input: the firms whose loss breaks a closed final product of the chain, as
/// "id (n final products)" strings, or `None` when not computed.
pub type CriticalList = Option<Vec<String>>;

/// The five tests on one chain's completeness.
pub fn tests(
    c: &ChainCompleteness,
    mode: Mode,
    sourcing_threshold: f64,
    critical: &CriticalList,
) -> Vec<Test> {
    let missing = c.stages.iter().filter(|s| !s.present);
    let present = c.stages.iter().filter(|s| s.present).count();
    let closed_fp = |f: &&super::completeness::FinalProduct| match mode {
        Mode::Realised => f.closed,
        Mode::Structural => f.structural_closed,
    };
    let closed = c.final_products.iter().filter(closed_fp).count();
    vec![
        Test {
            id: "H1",
            name: "full stage coverage",
            passed: Some(present == c.stages.len()),
            detail: format!(
                "{present} of {} stages have a local producer; without one: {}",
                c.stages.len(),
                list(missing.map(|s| s.stage.clone()))
            ),
        },
        Test {
            id: "H2",
            name: "every final product closed",
            passed: Some(c.complete),
            detail: format!(
                "{closed} of {} final products closed ({mode:?} closure); not closed: {}",
                c.final_products.len(),
                list(
                    c.final_products
                        .iter()
                        .filter(|f| !closed_fp(f))
                        .map(|f| f.stage.clone())
                )
            )
            .replace("Realised", "realised")
            .replace("Structural", "structural"),
        },
        match &c.sourcing {
            Some(s) => Test {
                id: "H3",
                name: "local sourcing rate ≥ τ",
                passed: Some(s.local >= sourcing_threshold),
                detail: format!(
                    "{:.1}% of inputs bought locally (by {}, {} links; τ = {:.0}%)",
                    s.local * 100.0,
                    match s.basis {
                        super::sourcing::Basis::Weight => "weight",
                        super::sourcing::Basis::Count => "count",
                    },
                    s.links,
                    sourcing_threshold * 100.0
                ),
            },
            None => Test {
                id: "H3",
                name: "local sourcing rate ≥ τ",
                passed: None,
                detail: "no supply links into local firms of this chain: cannot be measured".into(),
            },
        },
        Test {
            id: "H4",
            name: "no external chokepoint",
            passed: Some(c.chokepoints.is_empty()),
            detail: format!(
                "chokepoints: {}",
                list(c.chokepoints.iter().map(|k| k.stage.clone()))
            ),
        },
        match critical {
            None => Test {
                id: "H5",
                name: "no single local firm whose loss breaks closure",
                passed: None,
                detail: H5_PENDING.into(),
            },
            Some(firms) => Test {
                id: "H5",
                name: "no single local firm whose loss breaks closure",
                passed: Some(firms.is_empty()),
                detail: if closed == 0 {
                    "no final product is closed (realised), so no single firm's loss can break one"
                        .into()
                } else if firms.is_empty() {
                    "every closed final product survives the loss of any one local firm".into()
                } else {
                    format!("closure-critical firms: {}", firms.join(", "))
                },
            },
        },
    ]
}

/// A chain's status from its tests.
fn status(tests: &[Test]) -> Status {
    if tests.iter().any(|t| t.passed == Some(false)) {
        Status::Fails
    } else if tests.iter().any(|t| t.passed.is_none()) {
        Status::Undetermined
    } else {
        Status::Holds
    }
}

/// A chain's verdict from its full and documented-only completeness.
pub fn chain_verdict(
    full: (&ChainCompleteness, &CriticalList),
    documented: (&ChainCompleteness, &CriticalList),
    mode: Mode,
    sourcing_threshold: f64,
) -> ChainVerdict {
    let t = tests(full.0, mode, sourcing_threshold, full.1);
    let st = status(&t);
    let doc_status = status(&tests(documented.0, mode, sourcing_threshold, documented.1));
    let (full, documented) = (full.0, documented.0);
    ChainVerdict {
        chain: full.chain.clone(),
        status: st,
        complete: full.complete,
        tests: t,
        evidence: full.evidence.clone(),
        documented_only: DocumentedOnly {
            status: doc_status,
            complete: documented.complete,
            changed: doc_status != st || documented.complete != full.complete,
        },
    }
}

/// The claim for the whole region: it holds only when it holds for every chain.
pub fn overall(verdicts: &[ChainVerdict]) -> Overall {
    let statuses: Vec<Status> = verdicts.iter().map(|v| v.status).collect();
    let status = if statuses.contains(&Status::Fails) {
        Status::Fails
    } else if statuses.contains(&Status::Undetermined) {
        Status::Undetermined
    } else {
        Status::Holds
    };
    Overall {
        status,
        chains: verdicts.len(),
        complete_chains: verdicts
            .iter()
            .filter(|v| v.complete)
            .map(|v| v.chain.clone())
            .collect(),
        incomplete_chains: verdicts
            .iter()
            .filter(|v| !v.complete)
            .map(|v| v.chain.clone())
            .collect(),
    }
}

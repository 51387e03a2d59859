//! The verdict on the article's claims, per chain and overall, in two parts:
//!
//! * **claim 1** ("a complete chain from raw materials to final products"): the chain's
//!   completeness verdict `holds | fails | undetermined | not_applicable`
//!   ([`super::completeness::Verdict`], docs/analyses.md "What the data can show"), stated
//!   in the report's mode and in both modes side by side. Its tests are H1 full stage
//!   coverage (`fail` only on a confirmed absence, `undetermined` when a stage merely has
//!   no producer in the data) and H2 closure of every final product (the verdict itself);
//! * **claim 4** (stability): H3 local sourcing rate ≥ τ, H4 no international chokepoint,
//!   H5 no single local firm, and no single group (all its local firms at once), whose loss
//!   breaks (realised) closure. Each is `pass`, `fail`,
//!   `not_applicable` (H5 when no final product is closed: there is nothing to break) or
//!   `not_computed` (H3/H4 on fewer than 5 counted supply links; H5 when the caller did not
//!   compute criticality) — never a vacuous pass. H3 and H4 live in `verdict/stability.rs`. A test that neither passes nor fails says why in
//!   `reason` (null for pass and fail); `detail` keeps the numbers.
//!
//! A `fails` rests on confirmed absences (`fails_on`): the verdict lists them with their
//! evidence. The documented-only verdict is the same verdict on the model with only
//! `documented` links and only `documented` absences (the others count as unknown).
//!
//! Cost: the tests read finished completeness results, O(tests + stages); the
//! documented-only verdict costs a second completeness run by the caller. Output: chains in
//! the order given (by id), tests H1 to H5.

use serde::Serialize;

use super::completeness::{
    AbsenceRef, ChainCompleteness, FinalProduct, Mode, StageStatus, Verdict,
};
use super::sourcing::EvidenceCount;
use crate::model::{Evidence, Vocabulary};

mod stability;
pub use stability::H3_MIN_LINKS;
use stability::{Counted, h3_test, h4_test};

/// The result of one test H1–H5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TestStatus {
    /// The test passes.
    Pass,
    /// The test fails.
    Fail,
    /// H1/H2 only: the data cannot decide (no producer in the data is not proof of absence).
    Undetermined,
    /// The test does not apply (H2 without a final product; H5 when nothing is closed).
    NotApplicable,
    /// The test could not be computed (no data to compute it on, or not asked for).
    NotComputed,
}

impl TestStatus {
    /// The name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            TestStatus::Pass => "pass",
            TestStatus::Fail => "fail",
            TestStatus::Undetermined => "undetermined",
            TestStatus::NotApplicable => "not_applicable",
            TestStatus::NotComputed => "not_computed",
        }
    }
}

/// One of the five tests H1–H5.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Test {
    /// `H1` to `H5`.
    pub id: &'static str,
    /// The article's claim the test bears on: 1 (completeness: H1, H2) or 4 (stability:
    /// H3–H5).
    pub claim: u8,
    /// What the test checks, in words.
    pub name: &'static str,
    /// `pass`, `fail`, `undetermined`, `not_applicable` or `not_computed`.
    pub status: TestStatus,
    /// `true` for pass, `false` for fail, `None` otherwise.
    pub passed: Option<bool>,
    /// Why the status is what it is, in words, when the test neither passes nor fails
    /// (`undetermined`, `not_applicable`, `not_computed`); `None` for pass and fail.
    pub reason: Option<String>,
    /// The numbers the result rests on, in words.
    pub detail: String,
}

/// A confirmed absence a `fails` rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestsOn {
    /// The absent stage (bare id, within the chain).
    pub stage: String,
    /// The absence: area, evidence and source.
    pub absence: AbsenceRef,
}

/// The verdict on claim 1 (and the claim-4 tests) for one chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainVerdict {
    /// The chain id.
    pub chain: String,
    /// The completeness verdict in the report's mode: `holds`, `fails`, `undetermined` or
    /// `not_applicable`.
    pub status: Verdict,
    /// The verdict holds in the report's mode.
    pub complete: bool,
    /// The verdict with structural closure (capability: local producers exist).
    pub structural: Verdict,
    /// The verdict with realised closure (recorded local trade).
    pub realised: Verdict,
    /// Final products of the chain.
    pub final_products: usize,
    /// Final products closed structurally.
    pub structural_closed: usize,
    /// Final products closed by realised closure.
    pub realised_closed: usize,
    /// Final products `open` in the verdict's mode (they fail on recorded absences); the
    /// rest of the unclosed ones are `undetermined`.
    pub open_final_products: usize,
    /// H1 to H5, in that order.
    pub tests: Vec<Test>,
    /// The confirmed absences the verdict rests on (the union of the final products'
    /// deciding absences, `decided_by` or else `fails_on`), by stage; empty unless the
    /// chain fails.
    pub rests_on: Vec<RestsOn>,
    /// Evidence mix of the supply links the verdict rests on (those into local firms of
    /// the chain).
    pub evidence: Vec<EvidenceCount>,
    /// The same verdict with only `documented` links and absences.
    pub documented_only: DocumentedOnly,
    /// H3 passed or failed, and the documented and reported links alone would give the
    /// other result or too few links to judge: the result rests on estimated or assumed
    /// links (its detail says so).
    pub h3_rests_on_estimates: bool,
}

/// The verdict recomputed with only `documented` links, and only `documented` absences
/// (the other absences count as unknown).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentedOnly {
    /// The verdict (report's mode) with documented links and absences only.
    pub status: Verdict,
    /// Completeness with documented links and absences only.
    pub complete: bool,
    /// The verdict differs from the full one.
    pub changed: bool,
    /// H3 and H4 (claim 4) on the documented supply links only: a pass that rests on
    /// reported, estimated or assumed links shows here as `not_computed` or another status.
    pub stability: Vec<Test>,
    /// The documented supply links H3 and H4 count.
    pub stability_links: usize,
}

/// The verdict on claim 1 for the region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overall {
    /// `fails` if any chain fails, `holds` if every applicable chain holds,
    /// `not_applicable` if none applies, else `undetermined` (report's mode).
    pub status: Verdict,
    /// The overall verdict with structural closure.
    pub structural: Verdict,
    /// The overall verdict with realised closure.
    pub realised: Verdict,
    /// Chains judged.
    pub chains: usize,
    /// Final products of the chains judged.
    pub final_products: usize,
    /// Final products closed structurally.
    pub structural_closed: usize,
    /// Final products closed by realised closure.
    pub realised_closed: usize,
    /// Final products `open` in the verdict's mode, over the chains judged.
    pub open_final_products: usize,
    /// Ids of the chains whose verdict holds, in the order of the chains judged.
    pub complete_chains: Vec<String>,
    /// Ids of the other chains, in the same order.
    pub incomplete_chains: Vec<String>,
    /// Evidence of the distinct recorded absences (area, stage id) the failing chains
    /// rest on: one entry per level that has any, documented first. A stage absent in
    /// several chains (iron ore) counts once here and once per chain in `absence_rows`.
    pub absence_evidence: Vec<AbsenceEvidence>,
    /// The (chain, area, stage id) absences the failing chains rest on: the rows of the
    /// report's table of them.
    pub absence_rows: usize,
    /// The overall verdict with documented links and absences only.
    pub documented_only: Verdict,
}

/// How many of the absences a verdict rests on have one evidence level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AbsenceEvidence {
    /// The evidence level.
    pub evidence: Evidence,
    /// Distinct absences (area, stage id) at that level.
    pub absences: usize,
}

/// H5's reason when criticality was not computed.
const H5_PENDING: &str =
    "not computed: needs the closure-critical firms of the bottlenecks analysis";

fn list(items: impl Iterator<Item = String>) -> String {
    let v: Vec<String> = items.collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

/// H5's input for one chain: the firms and the groups whose loss breaks a closed final
/// product of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CriticalUnits {
    /// One "id (n final products)" per closure-critical firm, most critical first.
    pub firms: Vec<String>,
    /// One "group (k local firms) breaks chain/stage, …" per closure-critical group (all
    /// its local firms lost together), most critical first.
    pub groups: Vec<String>,
    /// Groups in the region with two or more local firms (the groups checked as units; a
    /// group with one local firm loses what that firm loses).
    pub groups_checked: usize,
}

/// H5's input, or `None` when criticality was not computed.
pub type CriticalList = Option<CriticalUnits>;

/// H5's detail when it fails or passes: the firm part and the group part.
fn h5_detail(critical: &CriticalUnits) -> String {
    if critical.firms.is_empty() && critical.groups.is_empty() {
        let groups = match critical.groups_checked {
            0 => "no group has two or more local firms".to_string(),
            1 => "1 group with two or more local firms checked".to_string(),
            n => format!("{n} groups with two or more local firms checked"),
        };
        return format!(
            "every final product closed by realised closure survives the loss of any one local firm, and of all the local firms of any one group ({groups})"
        );
    }
    let firms = if critical.firms.is_empty() {
        "no single local firm".to_string()
    } else {
        format!("closure-critical firms: {}", critical.firms.join(", "))
    };
    let groups = if !critical.groups.is_empty() {
        format!("closure-critical groups: {}", critical.groups.join("; "))
    } else if critical.groups_checked == 0 {
        "no group has two or more local firms".to_string()
    } else {
        "no single group".to_string()
    };
    format!("{firms}; {groups}")
}

fn closed_in(f: &FinalProduct, mode: Mode) -> bool {
    match mode {
        Mode::Realised => f.closed,
        Mode::Structural => f.structural_closed,
    }
}

/// The chain's verdict in `mode`, from its final products: the optimistic bound (and so
/// `open`) is the same in both modes; only the pessimistic closure differs.
pub fn verdict_in(c: &ChainCompleteness, mode: Mode) -> Verdict {
    if c.final_products.is_empty() {
        Verdict::NotApplicable
    } else if c.final_products.iter().all(|f| closed_in(f, mode)) {
        Verdict::Holds
    } else if c
        .final_products
        .iter()
        .any(|f| f.status == super::completeness::ProductStatus::Open)
    {
        Verdict::Fails
    } else {
        Verdict::Undetermined
    }
}

/// A test; `reason` is kept only when the status is neither pass nor fail (the shared
/// construction of every test, so that rule holds for H1–H5 alike).
fn test(
    id: &'static str,
    name: &'static str,
    status: TestStatus,
    reason: Option<String>,
    detail: String,
) -> Test {
    let decided = matches!(status, TestStatus::Pass | TestStatus::Fail);
    Test {
        id,
        claim: if matches!(id, "H1" | "H2") { 1 } else { 4 },
        name,
        status,
        passed: match status {
            TestStatus::Pass => Some(true),
            TestStatus::Fail => Some(false),
            _ => None,
        },
        reason: if decided {
            None
        } else {
            Some(reason.unwrap_or_else(|| detail.clone()))
        },
        detail,
    }
}

fn pass_fail(pass: bool) -> TestStatus {
    if pass {
        TestStatus::Pass
    } else {
        TestStatus::Fail
    }
}

/// The five tests on one chain's completeness (`c.verdict` is in `mode`).
pub fn tests(
    c: &ChainCompleteness,
    mode: Mode,
    sourcing_threshold: f64,
    critical: &CriticalList,
) -> Vec<Test> {
    let imported = |s: &&super::completeness::StageResult| c.importable.contains(&s.stage);
    let with = |st: StageStatus| {
        c.stages
            .iter()
            .filter(move |s| s.status == st)
            .filter(move |s| !imported(s))
    };
    let present = with(StageStatus::Present).count();
    let absent: Vec<String> = with(StageStatus::Absent)
        .map(|s| match &s.absence {
            // The source is printed with the breakpoints (and the report's absences table).
            Some(a) if !a.source_ref.is_empty() => {
                format!("{} ({}, {})", s.stage, a.area, a.evidence)
            }
            Some(a) => format!("{} ({}, {}, no source given)", s.stage, a.area, a.evidence),
            None => s.stage.clone(),
        })
        .collect();
    let unknown: Vec<String> = with(StageStatus::Unknown)
        .map(|s| s.stage.clone())
        .collect();
    let h1_reason = (absent.is_empty() && !unknown.is_empty()).then(|| {
        "some stage has no producer in the region in the data, which is not proof of absence: the data cannot decide"
            .to_string()
    });
    let h1 = if !absent.is_empty() {
        TestStatus::Fail
    } else if !unknown.is_empty() {
        TestStatus::Undetermined
    } else {
        TestStatus::Pass
    };
    let mut h1_detail = format!(
        "{present} of {} stages have a producer in the region in the data; recorded absent: {}; no producer in the region in the data (not proof of absence): {}",
        c.stages.len() - c.importable.len(),
        list(absent.into_iter()),
        list(unknown.iter().cloned())
    );
    if !c.importable.is_empty() {
        h1_detail += &format!("; importable (not counted): {}", c.importable.join(", "));
    }
    let n = c.final_products.len();
    let structural = c
        .final_products
        .iter()
        .filter(|f| f.structural_closed)
        .count();
    let realised = c.final_products.iter().filter(|f| f.closed).count();
    let h2 = match c.verdict {
        Verdict::Holds => TestStatus::Pass,
        Verdict::Fails => TestStatus::Fail,
        Verdict::Undetermined => TestStatus::Undetermined,
        Verdict::NotApplicable => TestStatus::NotApplicable,
    };
    let h2_reason = match c.verdict {
        Verdict::NotApplicable => Some(
            "the chain has no final_product stage: completeness does not apply".to_string(),
        ),
        Verdict::Undetermined => Some(
            "some final product is not closed with the recorded data, yet none fails on a recorded absence: the data cannot decide"
                .to_string(),
        ),
        _ => None,
    };
    let h2_detail = if n == 0 {
        "the chain has no final_product stage: completeness does not apply".to_string()
    } else {
        let open: Vec<String> = c
            .final_products
            .iter()
            .filter(|f| f.status == super::completeness::ProductStatus::Open)
            .map(|f| format!("{} (fails on {})", f.stage, f.fails_on_text()))
            .collect();
        let undetermined: Vec<String> = c
            .final_products
            .iter()
            .filter(|f| f.status == super::completeness::ProductStatus::Undetermined)
            .map(|f| f.stage.clone())
            .collect();
        format!(
            "{structural} of {n} final products closed by structural closure (local producers exist), {realised} of {n} by realised closure (recorded local trade), verdict in {} closure; open: {}; undetermined: {}",
            mode.as_str(),
            list(open.into_iter()),
            list(undetermined.into_iter())
        )
    };
    let h3 = h3_test(c, sourcing_threshold, Counted::All);
    let h4 = h4_test(c, Counted::All);
    let h5 = h5_test(critical, realised, n);
    vec![
        test("H1", "full stage coverage", h1, h1_reason, h1_detail),
        test("H2", "every final product closed", h2, h2_reason, h2_detail),
        h3,
        h4,
        h5,
    ]
}

/// H5: no single local firm or group whose loss breaks a closed final product (`realised`
/// of `n` final products closed by realised closure).
fn h5_test(critical: &CriticalList, realised: usize, n: usize) -> Test {
    const H5: &str = "no single local firm or group whose loss breaks closure";
    match critical {
        None => test(
            "H5",
            H5,
            TestStatus::NotComputed,
            Some(H5_PENDING.into()),
            format!("{realised} of {n} final products closed by realised closure"),
        ),
        Some(_) if realised == 0 => test(
            "H5",
            H5,
            TestStatus::NotApplicable,
            Some("no final product is closed by realised closure, so there is no closure for a single firm's or group's loss to break".into()),
            format!("0 of {n} final products closed by realised closure"),
        ),
        Some(units) => test(
            "H5",
            H5,
            pass_fail(units.firms.is_empty() && units.groups.is_empty()),
            None,
            h5_detail(units),
        ),
    }
}

/// The confirmed absences an open chain rests on: the union of its final products'
/// deciding absences ([`FinalProduct::deciding`]: an absence an alternative route goes
/// around is not one), with each stage's absence, by stage id.
pub fn rests_on(c: &ChainCompleteness) -> Vec<RestsOn> {
    let mut stages: Vec<&String> = c
        .final_products
        .iter()
        .flat_map(|f| f.deciding().iter())
        .collect();
    stages.sort();
    stages.dedup();
    stages
        .into_iter()
        .filter_map(|id| {
            let s = c.stages.iter().find(|s| &s.stage == id)?;
            Some(RestsOn {
                stage: id.clone(),
                absence: s.absence.clone()?,
            })
        })
        .collect()
}

/// A chain's verdict from its full and documented-only completeness.
pub fn chain_verdict(
    full: (&ChainCompleteness, &CriticalList),
    documented: (&ChainCompleteness, &CriticalList),
    mode: Mode,
    sourcing_threshold: f64,
) -> ChainVerdict {
    let t = tests(full.0, mode, sourcing_threshold, full.1);
    let h3_rests_on_estimates = full.0.sourcing.as_ref().is_some_and(|s| {
        t.get(2)
            .is_some_and(|h3| matches!(h3.status, TestStatus::Pass | TestStatus::Fail))
            && stability::without_estimates(s, sourcing_threshold).is_some()
    });
    let (full, documented) = (full.0, documented.0);
    let count = |closed: fn(&FinalProduct) -> bool| {
        full.final_products.iter().filter(|f| closed(f)).count()
    };
    ChainVerdict {
        chain: full.chain.clone(),
        status: full.verdict,
        complete: full.complete,
        structural: verdict_in(full, Mode::Structural),
        realised: verdict_in(full, Mode::Realised),
        final_products: full.final_products.len(),
        structural_closed: count(|f| f.structural_closed),
        realised_closed: count(|f| f.closed),
        open_final_products: count(|f| f.status == super::completeness::ProductStatus::Open),
        tests: t,
        rests_on: rests_on(full),
        evidence: full.evidence.clone(),
        h3_rests_on_estimates,
        documented_only: DocumentedOnly {
            status: documented.verdict,
            complete: documented.complete,
            changed: documented.verdict != full.verdict,
            stability: vec![
                h3_test(documented, sourcing_threshold, Counted::Documented),
                h4_test(documented, Counted::Documented),
            ],
            stability_links: documented.sourcing.as_ref().map_or(0, |s| s.links),
        },
    }
}

/// The claim for the whole region, from the chains' verdicts.
pub fn overall(verdicts: &[ChainVerdict]) -> Overall {
    let mut absences: Vec<(&str, &str, Evidence)> = verdicts
        .iter()
        .flat_map(|v| v.rests_on.iter())
        .map(|r| {
            (
                r.absence.area.as_str(),
                r.stage.as_str(),
                r.absence.evidence,
            )
        })
        .collect();
    absences.sort();
    absences.dedup();
    let mut rows: Vec<(&str, &str, &str)> = verdicts
        .iter()
        .flat_map(|v| {
            v.rests_on
                .iter()
                .map(|r| (v.chain.as_str(), r.absence.area.as_str(), r.stage.as_str()))
        })
        .collect();
    rows.sort_unstable();
    rows.dedup();
    let absence_evidence = Evidence::ALL
        .iter()
        .map(|&evidence| AbsenceEvidence {
            evidence,
            absences: absences.iter().filter(|a| a.2 == evidence).count(),
        })
        .filter(|a| a.absences > 0)
        .collect();
    let ids = |holds: bool| {
        verdicts
            .iter()
            .filter(|v| v.complete == holds)
            .map(|v| v.chain.clone())
            .collect()
    };
    Overall {
        status: Verdict::overall(verdicts.iter().map(|v| v.status)),
        structural: Verdict::overall(verdicts.iter().map(|v| v.structural)),
        realised: Verdict::overall(verdicts.iter().map(|v| v.realised)),
        chains: verdicts.len(),
        final_products: verdicts.iter().map(|v| v.final_products).sum(),
        structural_closed: verdicts.iter().map(|v| v.structural_closed).sum(),
        realised_closed: verdicts.iter().map(|v| v.realised_closed).sum(),
        open_final_products: verdicts.iter().map(|v| v.open_final_products).sum(),
        complete_chains: ids(true),
        incomplete_chains: ids(false),
        absence_evidence,
        absence_rows: rows.len(),
        documented_only: Verdict::overall(verdicts.iter().map(|v| v.documented_only.status)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn h5_detail_names_firms_and_groups() {
        let units = |firms: &[&str], groups: &[&str], checked| CriticalUnits {
            firms: firms.iter().map(|s| s.to_string()).collect(),
            groups: groups.iter().map(|s| s.to_string()).collect(),
            groups_checked: checked,
        };
        assert_eq!(
            h5_detail(&units(&[], &["Pack (3 local firms) breaks tea/drink"], 2)),
            "no single local firm; closure-critical groups: Pack (3 local firms) breaks tea/drink"
        );
        assert_eq!(
            h5_detail(&units(&["f1 (1)"], &[], 0)),
            "closure-critical firms: f1 (1); no group has two or more local firms"
        );
        assert_eq!(
            h5_detail(&units(&["f1 (1)"], &[], 1)),
            "closure-critical firms: f1 (1); no single group"
        );
        assert_eq!(
            h5_detail(&units(&[], &[], 2)),
            "every final product closed by realised closure survives the loss of any one local firm, and of all the local firms of any one group (2 groups with two or more local firms checked)"
        );
    }
}

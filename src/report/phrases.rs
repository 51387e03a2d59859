//! The report's fixed phrases: table headers, notes printed under tables and the Terms
//! line, shared by the Markdown and HTML renderers and the commands that print the same
//! tables. Plain text: each renderer escapes it. Sentences built from results live in
//! `words.rs` and `claim_words.rs`.

/// Header of the per-chain single-source column.
pub const SINGLE_SOURCE_HEADER: &str =
    "stages with one producer in the region in the data (by firm / by group): stages";
/// Header of the per-chain critical-group column.
pub const CRITICAL_GROUPS_HEADER: &str =
    "closure-critical groups (local firms, final products lost)";

/// Under the claim-1 table: what the verdicts mean.
pub const CLAIM_ONE_NOTE: &str = "holds = every final product closes; fails = some final product cannot close even if every stage without data had a producer in the region, because it needs a stage recorded absent (absences.csv, at any evidence level: estimated absences are inferences, not proof); undetermined = the data cannot decide: a stage with no producer in the data is not proof that the region has none. H1 counts stages with a producer in the region in the data. complete from / possible from = the lowest tier from which the chain holds / does not fail when every lower tier is imported (structural).";

/// The report's terms in plain words, (term, meaning), printed once under the opening so
/// a reader need not open docs/analyses.md to read the verdicts.
pub const TERMS: &[(&str, &str)] = &[
    (
        "structural closure",
        "a producer of every stage a final product needs exists in the region (capability)",
    ),
    (
        "realised closure",
        "local firms are also recorded buying each input from local suppliers (recorded trade)",
    ),
    (
        "template edge",
        "one \"X goes into Y\" step of a chain's template (chains.csv)",
    ),
    (
        "recorded absence",
        "a row of absences.csv: a source places no producer of the stage in the area; its evidence level says how firm that is",
    ),
    (
        "evidence",
        "documented (a party's own statement or a public record), reported (press or a secondary source), estimated (an inference), assumed (the modeller's assumption)",
    ),
    (
        "complete from / possible from",
        "the lowest tier from which the chain holds / does not fail when everything below it is bought in",
    ),
    (
        "H1–H5",
        "H1 every stage has a producer in the region; H2 every final product closes; H3 at least τ of the recorded supply links into local buyers come from local suppliers (a count of links unless every link has a weight, not a share of purchases); H4 no stage bought mostly from abroad from few countries; H5 no single local firm or group whose loss breaks a closed final product",
    ),
    (
        "× what … share of organisations predicts",
        "link intensity: the share of one city's links that go to the other, divided by the other's share of the region's organisations in the data (a count of organisations, not output or jobs); above 1 = more than that share predicts",
    ),
];

/// The heading of a chain's chokepoint-screen table (after "of <chain>"): every flagged
/// stage is listed, and only international rows count against H4.
pub const CHOKEPOINTS_HEADING: &str =
    "Inputs bought mainly from outside the region (chokepoint screen)";
/// What the rows of that table mean, under its heading.
pub const CHOKEPOINTS_NOTE: &str = "International rows count against H4; domestic rows (bought from elsewhere in the country) are context, not counted against H4. Shares over fewer than 5 links describe the links found, not the chain.";

/// What a dominator is and is not, under the dominators table.
pub const DOMINATORS_NOTE: &str = "A dominator lies on every local supply path from the region's raw-material producers to a final-product firm, over the links recorded in the data: where a chain has one local raw-material producer it is one by construction, and a path exists only where a link is recorded (see the evidence column).";

/// The header of the dominators' evidence column: the paths a dominator holds run over
/// its local supply links, so their evidence says how firm the finding is.
pub const DOMINATOR_EVIDENCE_HEADER: &str = "its supply links to local firms (evidence)";

/// The header of the column of local supplier → buyer pairs at a blockage: a pair with no
/// link in the data may already trade, so it is a lead to check, not a match to make.
pub const BLOCKAGE_PAIRS_HEADER: &str =
    "pairs with no link in the data (check whether they already trade)";

/// Leads the notes of the recorded absences under their table.
pub const ABSENCE_NOTES_LEAD: &str = "What each absence rests on (the note of its row in absences.csv: the inference behind an estimated absence, and the doubts found):";

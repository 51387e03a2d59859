//! Analyses: each reads the [`crate::model::Model`] (never the CSV files) and returns a
//! plain serde value that the report and CLI layers render. One file per analysis.

pub mod articulation;
pub mod betweenness;
pub mod bottleneck;
pub mod closure;
pub mod complementarity;
pub mod completeness;
pub mod components;
pub mod connectivity;
pub mod critical;
pub mod dominators;
pub mod figure;
pub mod fusion;
pub mod graph;
pub mod metrics;
pub mod scenario;
pub mod shortlist;
pub mod size;
pub mod sourcing;
pub mod stage_map;
pub mod summary;
pub mod verdict;

/// The rule for every employment-weighted figure: it is computed only when employment is
/// known for at least half of the `counted` firms it weighs (`known` of them); otherwise
/// the figure is `null` in JSON and `–` in tables, always with "employment known for k of n"
/// beside it (see [`employment_known_note`]).
pub fn employment_enough(known: usize, counted: usize) -> bool {
    counted > 0 && 2 * known >= counted
}

/// "employment known for k of n", the note that goes with every employment-weighted figure.
pub fn employment_known_note(known: usize, counted: usize) -> String {
    format!("employment known for {known} of {counted}")
}

/// "wafer fabrication (wafer_fab)": a stage of `chain` named by its label, with the id in
/// brackets; the bare id when the label is empty or the same.
pub fn stage_name(model: &crate::model::Model, chain: &str, stage: &str) -> String {
    let label = model
        .stage(&format!("{chain}/{stage}"))
        .map(|s| model.stages[s as usize].label.trim().to_string())
        .unwrap_or_default();
    if label.is_empty() || label == stage {
        stage.to_string()
    } else {
        format!("{label} ({stage})")
    }
}

pub use figure::FigureStatus;

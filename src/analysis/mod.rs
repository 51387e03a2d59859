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
pub mod fusion;
pub mod graph;
pub mod metrics;
pub mod scenario;
pub mod shortlist;
pub mod sourcing;
pub mod stage_map;
pub mod summary;
pub mod verdict;

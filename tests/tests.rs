//! The one integration-test binary (one link step on 2-core machines). Modules by concern;
//! shared helpers in `util`.

mod util;

mod absences;
mod analysis;
mod bad_inputs;
mod bottlenecks;
mod cities;
mod cli;
mod cli_case;
mod complement;
mod complement_matrix;
mod conformance;
mod exports;
mod exports_map;
mod fusion;
mod gba_counts;
mod generate;
mod groups;
mod honest;
mod import;
mod import_io;
mod importable_views;
mod keys;
mod loader_props;
mod loader_reference;
mod networkx;
mod networkx_pins;
mod output_guarantees;
mod properties;
mod report_settings;
mod shortlist;
mod snapshots;
mod sourcing;
mod triage;
mod undefined;
mod validation;

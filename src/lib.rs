//! chainatlas models a region's industrial chains as a graph and answers the questions
//! regional-industry analysts ask: is the chain complete here, where does it break, which
//! firms hold it together, how complementary are two cities.
//!
//! Data flow: [`load`] reads and validates a dataset folder into a [`model::Model`];
//! [`analysis`] modules read the model; [`cli`] subcommands render results and hand the
//! bytes to [`output`], the one place that writes.

pub mod analysis;
pub mod cli;
pub mod embedded;
pub mod error;
pub mod export;
pub mod generate;
pub mod geo;
pub mod import;
pub mod iotable;
pub mod load;
pub mod model;
pub mod output;
pub mod progress;
pub mod report;
mod rng;
pub mod text;

//! Arguments shared by the analysis commands: dataset, region, chain selection and the
//! completeness thresholds, validated into a plan before any work is done.

use clap::Args;

use super::DatasetArg;
use crate::analysis::completeness::{Mode, Options};
use crate::analysis::sourcing::ChokepointRule;
use crate::error::Error;
use crate::model::{ChainIdx, Model};

#[derive(Debug, Args)]
pub struct RegionArgs {
    #[command(flatten)]
    pub dataset: DatasetArg,
    /// Region treated as local: a region name (GBA) or a comma list of cities
    /// ("Guangzhou,Foshan") [default: GBA]
    #[arg(long, value_name = "R")]
    pub region: Option<String>,
}

#[derive(Debug, Args)]
pub struct ChainArgs {
    /// Only these chains (repeat or comma-separate) [default: all]
    #[arg(long = "chain", value_name = "C", value_delimiter = ',')]
    pub chains: Vec<String>,
}

impl ChainArgs {
    /// Resolves chain ids; an unknown one is a usage error listing the valid ones.
    pub fn resolve(&self, model: &Model) -> Result<Vec<ChainIdx>, Error> {
        let mut out = Vec::new();
        for name in self
            .chains
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
        {
            match model.chain(name) {
                Some(c) => out.push(c),
                None => {
                    let mut known: Vec<&str> = model.chains.iter().map(|c| c.id.as_str()).collect();
                    known.sort_unstable();
                    let hint = crate::text::suggest::hint(name, known.iter().copied());
                    return Err(Error::Usage(format!(
                        "unknown chain {name:?}{hint}; chains: {}",
                        known.join(", ")
                    )));
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }
}

#[derive(Debug, Args)]
pub struct ThresholdArgs {
    /// θ: local producers a stage needs to count as present
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_producers: u32,
    /// Chokepoint screen: minimum share local buyers source from outside the region
    #[arg(long, default_value_t = 0.5, value_name = "SHARE")]
    pub chokepoint_share: f64,
    /// Chokepoint screen: minimum HHI of the outside suppliers' countries
    #[arg(long, default_value_t = 0.4, value_name = "HHI")]
    pub chokepoint_hhi: f64,
    /// τ: local sourcing rate the verdict's H3 asks for
    #[arg(long, default_value_t = 0.5, value_name = "RATE")]
    pub sourcing_threshold: f64,
}

impl ThresholdArgs {
    pub fn options(&self, mode: Mode) -> Result<Options, Error> {
        for (name, v) in [
            ("--chokepoint-share", self.chokepoint_share),
            ("--chokepoint-hhi", self.chokepoint_hhi),
            ("--sourcing-threshold", self.sourcing_threshold),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::Usage(format!(
                    "{name} must be between 0 and 1, got {v}"
                )));
            }
        }
        if self.min_producers == 0 {
            return Err(Error::Usage("--min-producers must be at least 1".into()));
        }
        Ok(Options {
            mode,
            min_producers: self.min_producers,
            chokepoint: ChokepointRule {
                share: self.chokepoint_share,
                hhi: self.chokepoint_hhi,
            },
            sourcing_threshold: self.sourcing_threshold,
            ..Options::default()
        })
    }
}

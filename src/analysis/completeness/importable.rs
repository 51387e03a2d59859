//! Importable stages (`--importable SPEC`): stages the region is assumed to buy from
//! outside. They are closed in both bounds whatever their inputs, never breakpoints, and not
//! counted as present for coverage; in realised mode an input group containing one is met
//! for every local firm.

use crate::error::Error;
use crate::model::{Model, StageIdx, Tier, Vocabulary};
use crate::text::suggest::{hint, name_list};

/// A resolved `--importable` spec: whole tiers and single stages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Importable {
    /// Tiers every stage of which is importable.
    pub tiers: Vec<Tier>,
    /// Single stages (`chain/stage`).
    pub stages: Vec<StageIdx>,
}

impl Importable {
    /// Nothing importable.
    pub fn none() -> Importable {
        Importable::default()
    }

    /// Parses a comma-separated spec of tiers (`raw_material`) and stages (`chain/stage`).
    /// An unknown tier or stage, or an empty item, is [`Error::Usage`] with a "did you
    /// mean" when a spelling is close.
    ///
    /// # Examples
    ///
    /// ```
    /// use chainatlas::analysis::completeness::Importable;
    /// use chainatlas::load::{DatasetSource, LoadOptions, load};
    /// use chainatlas::model::Tier;
    ///
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/datasets/tiny");
    /// let model = load(&DatasetSource::from_arg(Some(dir.as_ref())), &LoadOptions::default())
    ///     .unwrap()
    ///     .model
    ///     .unwrap();
    /// let spec = Importable::parse(&model, "raw_material, robot/reducer").unwrap();
    /// assert_eq!(spec.tiers, [Tier::RawMaterial]);
    /// assert_eq!(spec.stages.len(), 1);
    /// let err = Importable::parse(&model, "raw_materal").unwrap_err().to_string();
    /// assert!(err.contains("did you mean \"raw_material\""), "{err}");
    /// ```
    pub fn parse(model: &Model, spec: &str) -> Result<Importable, Error> {
        let mut out = Importable::none();
        for item in spec.split(',').map(str::trim) {
            if item.is_empty() {
                return Err(Error::Usage(format!(
                    "{spec:?}: empty item; give tiers ({}) and/or chain/stage ids, comma-separated",
                    Tier::spellings().join(", ")
                )));
            }
            if let Some(tier) = Tier::parse(item) {
                if !out.tiers.contains(&tier) {
                    out.tiers.push(tier);
                }
                continue;
            }
            if let Some(s) = model.stage(item) {
                if !out.stages.contains(&s) {
                    out.stages.push(s);
                }
                continue;
            }
            let mut keys: Vec<&str> = model.stages.iter().map(|s| s.key.as_str()).collect();
            keys.sort_unstable();
            let what = if item.contains('/') {
                "stage"
            } else {
                "tier or stage"
            };
            let hint = hint(
                item,
                Tier::spellings().into_iter().chain(keys.iter().copied()),
            );
            return Err(Error::Usage(format!(
                "unknown {what} {item:?}{hint}; tiers: {}; stages: {}",
                Tier::spellings().join(", "),
                name_list(&keys)
            )));
        }
        out.tiers.sort_unstable();
        out.stages.sort_unstable();
        Ok(out)
    }

    /// Nothing is importable.
    pub fn is_empty(&self) -> bool {
        self.tiers.is_empty() && self.stages.is_empty()
    }

    /// Per stage of the model: importable.
    pub fn mask(&self, model: &Model) -> Vec<bool> {
        let mut mask: Vec<bool> = model
            .stages
            .iter()
            .map(|s| self.tiers.contains(&s.tier))
            .collect();
        for &s in &self.stages {
            mask[s as usize] = true;
        }
        mask
    }
}

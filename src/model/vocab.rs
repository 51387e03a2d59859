//! Closed vocabularies of the data contract: layers, tiers, kinds, evidence levels and
//! value-chain functions. Each knows its CSV spelling, so the loader, the reports and the
//! exports all read and write the same words.

use serde::Serialize;

/// A closed set of words read from a CSV cell.
pub trait Vocabulary: Sized + Copy + 'static {
    /// Every value in display order.
    const ALL: &'static [Self];
    /// The CSV spelling.
    fn as_str(self) -> &'static str;
    /// Parses the CSV spelling (exact match).
    fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.as_str() == text)
    }
    /// Every spelling, for "did you mean" and for error messages.
    fn spellings() -> Vec<&'static str> {
        Self::ALL.iter().map(|v| v.as_str()).collect()
    }
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident {
        $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl Vocabulary for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// The layer of a link: which of the article's chains it belongs to.
    Layer {
        /// Goods flow, supplier → buyer; the only layer completeness and closure read.
        Supply => "supply",
        /// A value-chain service: design, finance, logistics, sales channel, exhibition,
        /// OEM/ODM contract.
        Value => "value",
        /// Knowledge flow: tech transfer, licensing, joint lab, co-patent, spin-off,
        /// incubation.
        Innovation => "innovation",
        /// Ownership or investment, owner → owned.
        Capital => "capital",
    }
}

vocabulary! {
    /// Position of a stage in a chain template, upstream to downstream.
    Tier {
        /// The start of a chain (ore, copper); normally has no inputs.
        RawMaterial => "raw_material",
        /// A processed material (copper tube, steel sheet).
        Material => "material",
        /// A part (compressor, servo).
        Component => "component",
        /// An assembly of components (outdoor unit, controller).
        Module => "module",
        /// What the chain makes for its buyers (air conditioner, robot arm).
        FinalProduct => "final_product",
        /// A service after the product (installation, after-sales).
        Service => "service",
    }
}

vocabulary! {
    /// What sort of actor a firm row describes.
    Kind {
        /// A company.
        Firm => "firm",
        /// A research laboratory or institute.
        Lab => "lab",
        /// A university.
        University => "university",
        /// An intermediary platform (a marketplace, an exhibition, an incubator …).
        Platform => "platform",
        /// An investor (a fund, a bank …); typically the owner end of capital links.
        Investor => "investor",
        /// A public agency.
        Agency => "agency",
        /// An industry or trade association.
        Association => "association",
    }
}

vocabulary! {
    /// How well a link is supported, strongest first.
    Evidence {
        /// A citable public source.
        Documented => "documented",
        /// Press or a secondary source.
        Reported => "reported",
        /// An estimate.
        Estimated => "estimated",
        /// The modeller's assumption.
        Assumed => "assumed",
    }
}

vocabulary! {
    /// Value-chain functions a firm performs.
    Function {
        /// Research and development.
        Rnd => "rnd",
        /// Product or industrial design.
        Design => "design",
        /// Making things.
        Manufacturing => "manufacturing",
        /// Marketing and brand.
        Marketing => "marketing",
        /// Sales.
        Sales => "sales",
        /// Transport and warehousing.
        Logistics => "logistics",
        /// Financing and financial services.
        Finance => "finance",
        /// Installation, repair and maintenance after the sale.
        AfterSales => "after_sales",
        /// Headquarters functions.
        Hq => "hq",
    }
}

impl Layer {
    /// Dense index 0..4, for per-layer arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl Evidence {
    /// Dense index 0..4, for per-evidence counters.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A set of [`Function`]s stored as a bit set (one bit per function).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct FunctionSet(u16);

impl FunctionSet {
    /// Adds a function (no change when it is there already).
    pub fn insert(&mut self, function: Function) {
        self.0 |= 1 << function as u16;
    }
    /// Is the function in the set?
    pub fn contains(self, function: Function) -> bool {
        self.0 & (1 << function as u16) != 0
    }
    /// Is the set empty?
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The functions in vocabulary order.
    pub fn iter(self) -> impl Iterator<Item = Function> {
        Function::ALL
            .iter()
            .copied()
            .filter(move |f| self.contains(*f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip() {
        for tier in Tier::ALL {
            assert_eq!(Tier::parse(tier.as_str()), Some(*tier));
        }
        assert_eq!(Layer::parse("supply"), Some(Layer::Supply));
        assert_eq!(Layer::parse("Supply"), None);
        assert_eq!(Evidence::ALL.len(), 4);
    }

    #[test]
    fn function_set_keeps_order() {
        let mut set = FunctionSet::default();
        set.insert(Function::Hq);
        set.insert(Function::Rnd);
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            vec![Function::Rnd, Function::Hq]
        );
        assert!(!set.contains(Function::Sales));
    }
}

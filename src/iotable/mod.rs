//! `import-io`: an input-output flow matrix becomes a chainatlas dataset (docs/modelling.md
//! "Input-output tables"; docs/cli.md `import-io`). This module owns the conversion — from
//! the bytes of Z (and optional gross output and tiers) to the text of every file written;
//! `cli::import_io` reads the files and writes the set.
//!
//! The rules:
//! * One actor (a `firms.csv` row) per `REGION/SECTOR` label, id = the label, in city =
//!   REGION; one city per region, all in region [`TABLE_REGION`] (so `--region IO` is the
//!   whole table and the default region); a city's country is `--country` or, as a
//!   documented placeholder, the region label itself; no coordinates.
//! * One stage per sector in chain [`CHAIN`], tier `final_product` unless the tiers file
//!   says otherwise.
//! * A supply link i → j (documented; weight z_ij) when i ≠ j, z_ij > 0 and the input share
//!   `z_ij / Σ_i z_ij ≥ T`; own use (i = j) is dropped.
//! * Size: `revenue` = gross output (`--gross-output`), else the column sum Σ_i z_ij (the
//!   intermediate inputs, which leave out value added: an underestimate, said in the log).
//! * Template: see [`template`]; links whose sector pair is not a kept template edge are
//!   written anyway (they are flows of the table) and count for nothing in closure or
//!   sourcing, as any link whose stage is no input of the buyer's stage.
//!
//! Files: `read` (the input files), `template` (sector coefficients and the acyclic rule),
//! `render` (the dataset's files and the import log); this file holds the conversion.

mod read;
mod render;
pub mod template;

pub use read::{FlowMatrix, Input, Label};

use crate::model::Tier;
use template::Template;

/// The chain every sector becomes a stage of.
pub const CHAIN: &str = "io";

/// The region every city (table region) belongs to: `--region IO` is the whole table.
pub const TABLE_REGION: &str = "IO";

/// Default input-share threshold T.
pub const DEFAULT_THRESHOLD: f64 = 0.05;

/// Options of the conversion.
#[derive(Debug, Clone)]
pub struct Options {
    /// T: the input share a flow needs to become a link (and a sector coefficient to
    /// become a template edge).
    pub threshold: f64,
    /// The table's unit (`--unit`), for the log and report.toml.
    pub unit: Option<String>,
    /// The table's citation (`--source`); default `input-output table FILE`.
    pub source: Option<String>,
    /// The country of every region (`--country`); default: each region is its own country.
    pub country: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threshold: DEFAULT_THRESHOLD,
            unit: None,
            source: None,
            country: None,
        }
    }
}

/// The input files.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// Z.
    pub z: Input<'a>,
    /// Gross output (`label,value`), if given.
    pub gross_output: Option<Input<'a>>,
    /// Sector tiers (`sector,tier`), if given.
    pub tiers: Option<Input<'a>>,
}

/// Why a link (written) does or does not realise a template edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LinkRole {
    /// Its sector pair is a template edge: it can realise it.
    TemplateEdge,
    /// Supplier and buyer are the same sector in two regions: trade within a sector,
    /// which a template (acyclic, no self-input) cannot hold.
    SameSector,
    /// The sector pair's coefficient is below T at sector level.
    BelowSectorThreshold,
    /// The sector pair was dropped to keep the template acyclic.
    DroppedForCycle,
}

/// One link written.
#[derive(Debug, Clone, PartialEq)]
pub struct IoLink {
    /// Supplier label index.
    pub from: usize,
    /// Buyer label index.
    pub to: usize,
    /// z_ij.
    pub flow: f64,
    /// z_ij / Σ_i z_ij.
    pub share: f64,
    /// Whether it can realise a template edge.
    pub role: LinkRole,
}

/// The converted table, before rendering.
#[derive(Debug, Clone)]
pub struct Conversion {
    /// Z.
    pub matrix: FlowMatrix,
    /// Regions in order of first appearance.
    pub regions: Vec<String>,
    /// Sectors in order of first appearance.
    pub sectors: Vec<String>,
    /// The sector index of every label.
    pub sector_of: Vec<usize>,
    /// Tier of every sector.
    pub tiers: Vec<Tier>,
    /// Size of every label (revenue): gross output or column sum.
    pub size: Vec<f64>,
    /// Whether `size` is gross output from the file (else column sums).
    pub size_from_file: bool,
    /// Column sums Σ_i z_ij.
    pub column_sums: Vec<f64>,
    /// Links written, by supplier then buyer in table order.
    pub links: Vec<IoLink>,
    /// Off-diagonal flows z > 0 below the threshold (not written).
    pub below_threshold: usize,
    /// Own-use flows z_ii > 0 (dropped).
    pub own_use: usize,
    /// The sector template.
    pub template: Template,
    /// The options used.
    pub options: Options,
}

/// A dataset as text: the files in the order written, and a one-line summary.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// (file name, text).
    pub files: Vec<(&'static str, String)>,
    /// "48 actors in 6 regions, 163 supply links, …".
    pub summary: String,
}

/// Converts the table; every error names its file, line and column.
pub fn convert(inputs: &Inputs<'_>, options: &Options) -> Result<Conversion, String> {
    let t = options.threshold;
    if !(t.is_finite() && (0.0..=1.0).contains(&t)) {
        return Err(format!("threshold {t} must be between 0 and 1"));
    }
    let matrix = read::read_matrix(&inputs.z)?;
    let n = matrix.len();
    let mut regions: Vec<String> = Vec::new();
    let mut sectors: Vec<String> = Vec::new();
    let mut sector_of = Vec::with_capacity(n);
    for l in &matrix.labels {
        if !regions.contains(&l.region) {
            regions.push(l.region.clone());
        }
        let s = match sectors.iter().position(|s| *s == l.sector) {
            Some(s) => s,
            None => {
                sectors.push(l.sector.clone());
                sectors.len() - 1
            }
        };
        sector_of.push(s);
    }
    if regions.iter().any(|r| r == TABLE_REGION) {
        return Err(format!(
            "{}: a region is called {TABLE_REGION:?}, the name import-io gives the whole table's region; rename that region in the labels",
            inputs.z.name
        ));
    }
    let mut tiers = vec![Tier::FinalProduct; sectors.len()];
    if let Some(input) = &inputs.tiers {
        for (sector, tier) in read::read_tiers(input, &sectors)? {
            if let Some(s) = sectors.iter().position(|x| *x == sector) {
                tiers[s] = tier;
            }
        }
    }
    let column_sums: Vec<f64> = (0..n)
        .map(|j| (0..n).map(|i| matrix.at(i, j)).sum())
        .collect();
    let (size, size_from_file) = match &inputs.gross_output {
        Some(input) => (read::read_gross_output(input, &matrix)?, true),
        None => (column_sums.clone(), false),
    };

    let mut sector_flows = vec![vec![0.0; sectors.len()]; sectors.len()];
    for i in 0..n {
        for j in 0..n {
            sector_flows[sector_of[i]][sector_of[j]] += matrix.at(i, j);
        }
    }
    let template = template::build(&template::coefficients(&sector_flows), t);
    let dropped: Vec<(usize, usize)> = template
        .dropped
        .iter()
        .map(|d| (d.edge.from, d.edge.to))
        .collect();

    let (mut links, mut below_threshold, mut own_use) = (Vec::new(), 0, 0);
    for i in 0..n {
        for j in 0..n {
            let z = matrix.at(i, j);
            if z <= 0.0 {
                continue;
            }
            if i == j {
                own_use += 1;
                continue;
            }
            let share = z / column_sums[j];
            if share < t {
                below_threshold += 1;
                continue;
            }
            let (si, sj) = (sector_of[i], sector_of[j]);
            let role = if template.has(si, sj) {
                LinkRole::TemplateEdge
            } else if si == sj {
                LinkRole::SameSector
            } else if dropped.contains(&(si, sj)) {
                LinkRole::DroppedForCycle
            } else {
                LinkRole::BelowSectorThreshold
            };
            links.push(IoLink {
                from: i,
                to: j,
                flow: z,
                share,
                role,
            });
        }
    }
    Ok(Conversion {
        matrix,
        regions,
        sectors,
        sector_of,
        tiers,
        size,
        size_from_file,
        column_sums,
        links,
        below_threshold,
        own_use,
        template,
        options: options.clone(),
    })
}

/// Converts the table and renders the dataset's files: cities.csv, chains.csv, firms.csv,
/// links.csv, report.toml and import-log.md.
pub fn import(inputs: &Inputs<'_>, options: &Options) -> Result<Dataset, String> {
    let c = convert(inputs, options)?;
    Ok(render::dataset(&c, inputs))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 3 × 3 example of docs/cli.md, worked by hand. One region R, sectors a, b, c:
    ///
    /// ```text
    ///          R/a  R/b  R/c
    ///   R/a     10   30    4
    ///   R/b     50    0   16
    ///   R/c     40   70   20
    /// ```
    ///
    /// Column sums: a 100, b 100, c 40. Shares: b→a 0.5, c→a 0.4, a→b 0.3, c→b 0.7,
    /// a→c 0.1, b→c 0.4; own use a→a, c→c dropped. At T = 0.35: links b→a, c→a, c→b, b→c
    /// (a→b 0.3 and a→c 0.1 fall below). One region, so the sector coefficients are the
    /// shares; candidates ≥ 0.35, strongest first: c→b 0.7, b→a 0.5, c→a 0.4 and b→c 0.4
    /// (tie: supplier b before c in table order, so b→c first). c→b kept; b→a kept; b→c
    /// closes b → c → b: dropped; c→a kept. Template: a needs b and c, b needs c.
    #[test]
    fn hand_worked_three_sectors() {
        let z = b"Z,R/a,R/b,R/c\nR/a,10,30,4\nR/b,50,0,16\nR/c,40,70,20\n";
        let inputs = Inputs {
            z: Input {
                name: "z.csv",
                bytes: z,
            },
            gross_output: None,
            tiers: None,
        };
        let options = Options {
            threshold: 0.35,
            ..Options::default()
        };
        let c = convert(&inputs, &options).unwrap();
        assert_eq!(c.column_sums, [100.0, 100.0, 40.0]);
        assert_eq!(c.own_use, 2);
        assert_eq!(c.below_threshold, 2);
        let pairs: Vec<(usize, usize, LinkRole)> =
            c.links.iter().map(|l| (l.from, l.to, l.role)).collect();
        assert_eq!(
            pairs,
            [
                (1, 0, LinkRole::TemplateEdge),
                (1, 2, LinkRole::DroppedForCycle),
                (2, 0, LinkRole::TemplateEdge),
                (2, 1, LinkRole::TemplateEdge),
            ]
        );
        assert_eq!(c.template.candidates, 4);
        assert_eq!(c.template.dropped.len(), 1);
        assert_eq!(
            (
                c.template.dropped[0].edge.from,
                c.template.dropped[0].edge.to
            ),
            (1, 2)
        );
        assert_eq!(c.template.dropped[0].path, [2, 1]);
        assert_eq!(c.template.inputs_of(0), [1, 2]);
        assert_eq!(c.template.inputs_of(1), [2]);
        assert!(c.template.inputs_of(2).is_empty());
        assert_eq!(c.size, [100.0, 100.0, 40.0]);
    }

    #[test]
    fn a_region_named_like_the_table_region_is_refused() {
        let inputs = Inputs {
            z: Input {
                name: "z.csv",
                bytes: b"Z,IO/a\nIO/a,1\n",
            },
            gross_output: None,
            tiers: None,
        };
        let e = convert(&inputs, &Options::default()).unwrap_err();
        assert!(e.contains("a region is called \"IO\""), "{e}");
    }
}

//! Property tests of the loader, calling the library (`chainatlas::load::load`) directly:
//!
//! - any bytes as the content of one of the four files, the other three valid: loading
//!   returns without panicking, never as an `InvalidData` error, and every problem is
//!   located — it names a file of the dataset, a line inside that file when it has one, and
//!   a line whenever it names a column; a model exists exactly when there are no errors;
//! - a random valid dataset (quoted cells with commas, quotes, line breaks and Chinese;
//!   shuffled and optional columns; extra columns; inputs written bare or qualified and
//!   pointing forward; CRLF; BOM) always loads with 0 errors and the expected counts.

use std::path::Path;

use chainatlas::error::Error;
use chainatlas::load::{DatasetSource, FILES, LoadOptions, Loaded, Severity, load};
use chainatlas::model::Vocabulary;
use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::util::{BASE_CHAINS, BASE_CITIES, BASE_FIRMS, BASE_LINKS, TempDataset};

/// 64 cases each, so the suite stays fast; `PROPTEST_CASES=5000` for a longer hunt.
fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(64),
        failure_persistence: None,
        ..Config::default()
    }
}

fn load_dir(dir: &Path) -> Result<Loaded, Error> {
    load(
        &DatasetSource::Dir(dir.to_path_buf()),
        &LoadOptions::default(),
    )
}

// ---------------------------------------------------------------------------------------
// (a) hostile bytes

/// Pieces that mean something to a CSV reader or to the validator.
fn token() -> impl Strategy<Value = Vec<u8>> {
    let fixed: Vec<&'static [u8]> = vec![
        b",",
        b"\"",
        b"\"\"",
        b"\n",
        b"\r\n",
        b"\r",
        b";",
        b"|",
        b"/",
        b"\0",
        b" ",
        b"\t",
        b"\xEF\xBB\xBF",
        b"\xFF\xFE",
        b"\xFE\xFF",
        b"\xB9\xE3\xD6\xDD",
        b"\xC3",
        b"\xFC",
        b"\x80",
        "广州".as_bytes(),
        b"NaN",
        b"inf",
        b"1e400",
        b"-1",
        b"0",
        b"",
        b"cu",
        b"comp",
        b"ac1",
        b"ac",
        b"ac/copper",
        b"ac/board",
        b"copper",
        b"compressor;board",
        b"a|b",
        b"supply",
        b"firm",
        b"documented",
        b"Foshan",
        b"GBA",
        b"city",
        b"id",
        b"stage",
        b"source",
        b"target",
        b"inputs",
        b"tier",
        b"raw_material",
    ];
    prop_oneof![
        4 => prop::sample::select(fixed).prop_map(<[u8]>::to_vec),
        1 => any::<u8>().prop_map(|b| vec![b]),
        1 => "[a-z_/;|]{1,6}".prop_map(String::into_bytes),
    ]
}

/// An edit of a valid file: insert a token, delete a few bytes, or overwrite with a token.
#[derive(Debug, Clone)]
enum Edit {
    Insert(prop::sample::Index, Vec<u8>),
    Delete(prop::sample::Index, usize),
    Replace(prop::sample::Index, Vec<u8>),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<prop::sample::Index>(), token()).prop_map(|(i, t)| Edit::Insert(i, t)),
        (any::<prop::sample::Index>(), 1usize..6).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<prop::sample::Index>(), token()).prop_map(|(i, t)| Edit::Replace(i, t)),
    ]
}

fn apply(base: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut bytes = base.to_vec();
    for e in edits {
        match e {
            Edit::Insert(i, t) => {
                let at = i.index(bytes.len() + 1);
                bytes.splice(at..at, t.iter().copied());
            }
            Edit::Delete(i, n) if !bytes.is_empty() => {
                let at = i.index(bytes.len());
                bytes.drain(at..(at + n).min(bytes.len()));
            }
            Edit::Replace(i, t) if !bytes.is_empty() => {
                let at = i.index(bytes.len());
                bytes.splice(at..at + 1, t.iter().copied());
            }
            _ => {}
        }
    }
    bytes
}

/// Content for one file: raw bytes, a token soup, the valid file with a few edits, or the
/// valid header followed by token-soup rows.
fn hostile(base: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let header = base.split_inclusive('\n').next().unwrap_or("").as_bytes();
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300),
        prop::collection::vec(token(), 0..60).prop_map(|ts| ts.concat()),
        prop::collection::vec(edit(), 1..8).prop_map(move |es| apply(base.as_bytes(), &es)),
        prop::collection::vec(token(), 0..60).prop_map(move |ts| [header, &ts.concat()].concat()),
    ]
}

/// Loads the base dataset with `bytes` as file number `which`, and checks the invariants.
fn load_with(which: usize, bytes: &[u8]) -> Result<(), TestCaseError> {
    let d = TempDataset::base();
    d.write(FILES[which], bytes);
    let loaded = match load_dir(d.path()) {
        Ok(loaded) => loaded,
        Err(e) => {
            prop_assert!(
                matches!(e, Error::Usage(_) | Error::Io { .. }),
                "load returned a non-usage/IO error: {e:?}"
            );
            return Ok(());
        }
    };
    let contents: Vec<Vec<u8>> = FILES
        .iter()
        .map(|f| std::fs::read(d.file(f)).expect("read back"))
        .collect();
    for p in &loaded.problems {
        let shown = p.to_string(); // Display must not panic either.
        let index = FILES.iter().position(|f| p.file == d.shown(f));
        prop_assert!(
            index.is_some(),
            "problem names no file of the dataset: {shown}"
        );
        prop_assert!(!p.message.is_empty(), "empty message: {shown}");
        if let Some(line) = p.line {
            // Physical lines: \n, \r\n and a lone \r each end one.
            let bytes = &contents[index.unwrap()];
            let breaks = bytes
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
                .count() as u64;
            prop_assert!(
                line >= 1 && line <= breaks + 1,
                "line {line} outside the file: {shown}"
            );
        }
        if let Some(column) = &p.column {
            prop_assert!(p.line.is_some(), "a column without a line: {shown}");
            prop_assert!(!column.is_empty(), "an empty column name: {shown}");
        }
    }
    prop_assert_eq!(loaded.model.is_some(), loaded.errors() == 0);
    prop_assert!(
        loaded
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
            == loaded.errors()
    );
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_bytes_as_cities_csv(bytes in hostile(BASE_CITIES)) {
        load_with(0, &bytes)?;
    }

    #[test]
    fn any_bytes_as_chains_csv(bytes in hostile(BASE_CHAINS)) {
        load_with(1, &bytes)?;
    }

    #[test]
    fn any_bytes_as_firms_csv(bytes in hostile(BASE_FIRMS)) {
        load_with(2, &bytes)?;
    }

    #[test]
    fn any_bytes_as_links_csv(bytes in hostile(BASE_LINKS)) {
        load_with(3, &bytes)?;
    }
}

// ---------------------------------------------------------------------------------------
// (b) valid datasets

/// Choices read off a tape of random numbers (shrinking the tape towards zeros makes the
/// dataset simpler).
struct Tape {
    values: Vec<u32>,
    at: usize,
}

impl Tape {
    fn next(&mut self) -> u32 {
        let v = self.values[self.at % self.values.len()];
        self.at += 1;
        // Spread repeats when the tape wraps around.
        v.wrapping_add(((self.at / self.values.len()) as u32).wrapping_mul(2_654_435_761))
    }
    fn pick(&mut self, n: usize) -> usize {
        assert!(n > 0);
        self.next() as usize % n
    }
    fn chance(&mut self, percent: u32) -> bool {
        self.next() % 100 < percent
    }
    fn one<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.pick(items.len())]
    }
    /// A permutation of 0..n.
    fn shuffle(&mut self, n: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = self.pick(i + 1);
            order.swap(i, j);
        }
        order
    }
}

/// Free text for non-key cells: CSV specials, Chinese, formula-like and escape-like text.
const TEXTS: &[&str] = &[
    "",
    "Acme",
    "Acme, Inc.",
    "say \"hi\"",
    "two\nlines",
    "crlf\r\ninside",
    "格力电器",
    "佛山市顺德区",
    "=SUM(A1)",
    "semi;colon",
    "a|b/c",
    "\\N",
    " padded ",
    "tab\there",
];
const TIERS: &[&str] = &[
    "raw_material",
    "material",
    "component",
    "module",
    "final_product",
    "service",
];
const KINDS: &[&str] = &[
    "firm",
    "lab",
    "university",
    "platform",
    "investor",
    "agency",
    "association",
];
const FUNCTIONS: &[&str] = &[
    "rnd",
    "design",
    "manufacturing",
    "marketing",
    "sales",
    "logistics",
    "finance",
    "after_sales",
    "hq",
];
const LAYERS: &[&str] = &["supply", "value", "innovation", "capital"];
const EVIDENCE: &[&str] = &["documented", "reported", "estimated", "assumed"];

/// One CSV file: required and optional columns with a value per row.
struct Sheet {
    columns: Vec<(&'static str, bool)>, // (name, required)
    rows: Vec<Vec<String>>,
}

impl Sheet {
    fn new(columns: &[(&'static str, bool)]) -> Sheet {
        Sheet {
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    /// CSV bytes with the columns shuffled, optional columns dropped at random, maybe an
    /// extra column, CRLF or LF, maybe a BOM.
    fn write(&self, tape: &mut Tape, crlf: bool) -> Vec<u8> {
        let mut keep: Vec<usize> = self.shuffle_columns(tape);
        keep.retain(|&c| self.columns[c].1 || tape.chance(70));
        let extra = tape.chance(30);
        let mut w = csv::WriterBuilder::new()
            .terminator(if crlf {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .from_writer(Vec::new());
        let mut header: Vec<&str> = keep.iter().map(|&c| self.columns[c].0).collect();
        if extra {
            header.push("note 备注");
        }
        w.write_record(&header).unwrap();
        for row in &self.rows {
            let mut cells: Vec<String> = keep.iter().map(|&c| row[c].clone()).collect();
            if extra {
                cells.push(tape.one(TEXTS).to_string());
            }
            w.write_record(&cells).unwrap();
        }
        let body = w.into_inner().unwrap();
        if tape.chance(20) {
            [b"\xEF\xBB\xBF".as_slice(), &body].concat()
        } else {
            body
        }
    }

    fn shuffle_columns(&self, tape: &mut Tape) -> Vec<usize> {
        if tape.chance(50) {
            (0..self.columns.len()).collect()
        } else {
            tape.shuffle(self.columns.len())
        }
    }
}

/// What a generated dataset should load as.
#[derive(Debug)]
struct Want {
    cities: usize,
    chains: usize,
    stages: usize,
    firm_stages: Vec<(String, Vec<String>)>,
    links: Vec<(String, String, &'static str)>,
}

fn number(tape: &mut Tape, max: u32) -> String {
    let v = tape.next() % max;
    match tape.pick(3) {
        0 => v.to_string(),
        1 => format!("{v}.5"),
        _ => format!("{}e1", v / 10),
    }
}

/// Builds a valid dataset of the given size from the tape; writes it into `dir`.
fn valid_dataset(dir: &Path, tape: &mut Tape, sizes: (usize, usize, usize, usize)) -> Want {
    let (n_cities, n_chains, n_firms, n_links) = sizes;
    let crlf = tape.chance(30);

    let mut cities = Sheet::new(&[
        ("city", true),
        ("name_zh", false),
        ("region", true),
        ("country", true),
        ("lat", false),
        ("lon", false),
    ]);
    let city_ids: Vec<String> = (0..n_cities)
        .map(|i| {
            format!(
                "{}{i}",
                tape.one(&[
                    "Guangzhou",
                    "Hong Kong",
                    "São Paulo",
                    "广州",
                    "Ho, Chi Minh",
                    "O\"Hare"
                ])
            )
        })
        .collect();
    for id in &city_ids {
        let lat = if tape.chance(80) {
            format!("-{}", tape.pick(90))
        } else {
            String::new()
        };
        let lon = if tape.chance(80) {
            tape.pick(181).to_string()
        } else {
            String::new()
        };
        cities.rows.push(vec![
            id.clone(),
            tape.one(TEXTS).to_string(),
            tape.one(&["GBA", "Mainland", "Overseas"]).to_string(),
            tape.one(&["China", "Japan", "Germany"]).to_string(),
            lat,
            lon,
        ]);
    }

    // Chains: stage j's inputs are earlier stages, so every template is acyclic; rows are
    // shuffled, so inputs also point forward in the file.
    let mut chains = Sheet::new(&[
        ("chain", true),
        ("stage", true),
        ("label", false),
        ("tier", true),
        ("inputs", true),
    ]);
    let mut stage_keys: Vec<String> = Vec::new();
    let mut chain_rows = Vec::new();
    for c in 0..n_chains {
        let chain = format!("{}{c}", tape.one(&["ac", "链", "nev-x", "Robot Arm"]));
        let n_stages = 1 + tape.pick(6);
        let stage_ids: Vec<String> = (0..n_stages)
            .map(|s| format!("{}{s}", tape.one(&["s", "阶段", "cell.x", "Big Part"])))
            .collect();
        for (s, stage) in stage_ids.iter().enumerate() {
            let mut groups = Vec::new();
            if s > 0 {
                for _ in 0..tape.pick(3) {
                    let alternatives: Vec<String> = (0..1 + tape.pick(3))
                        .map(|_| {
                            let input = &stage_ids[tape.pick(s)];
                            if tape.chance(30) {
                                format!("{chain}/{input}")
                            } else {
                                input.clone()
                            }
                        })
                        .collect();
                    groups.push(alternatives.join(if tape.chance(20) { " | " } else { "|" }));
                }
            }
            chain_rows.push(vec![
                chain.clone(),
                stage.clone(),
                tape.one(TEXTS).to_string(),
                tape.one(TIERS).to_string(),
                groups.join(if tape.chance(20) { " ; " } else { ";" }),
            ]);
            stage_keys.push(format!("{chain}/{stage}"));
        }
    }
    for i in tape.shuffle(chain_rows.len()) {
        chains.rows.push(chain_rows[i].clone());
    }

    let mut firms = Sheet::new(&[
        ("id", true),
        ("name", true),
        ("name_zh", false),
        ("city", true),
        ("kind", true),
        ("stages", true),
        ("functions", false),
        ("employees", false),
        ("revenue", false),
        ("source", false),
    ]);
    let mut firm_stages: Vec<(String, Vec<String>)> = Vec::new();
    for i in 0..n_firms {
        let id = format!(
            "{}{i}",
            tape.one(&["f", "Firm ", "公司", "a,b", "q\"x", "F-"])
        );
        let mut stages: Vec<String> = (0..tape.pick(4))
            .map(|_| tape.one(&stage_keys).clone())
            .collect();
        let cell = stages.join(*tape.one(&[";", "; ", " ;"]));
        let functions: Vec<&str> = (0..tape.pick(4)).map(|_| *tape.one(FUNCTIONS)).collect();
        let employees = if tape.chance(70) {
            number(tape, 100_000)
        } else {
            String::new()
        };
        let revenue = if tape.chance(50) {
            number(tape, 1_000_000)
        } else {
            String::new()
        };
        firms.rows.push(vec![
            id.clone(),
            tape.one(TEXTS).to_string(),
            tape.one(TEXTS).to_string(),
            tape.one(&city_ids).clone(),
            tape.one(KINDS).to_string(),
            cell,
            functions.join(";"),
            employees,
            revenue,
            tape.one(TEXTS).to_string(),
        ]);
        stages.sort();
        stages.dedup();
        firm_stages.push((id, stages));
    }

    let mut links = Sheet::new(&[
        ("source", true),
        ("target", true),
        ("layer", true),
        ("stage", true), // optional in the format, but an ambiguous supply link would be an error
        ("weight", false),
        ("year", false),
        ("evidence", true),
        ("source_ref", false),
    ]);
    let mut want_links = Vec::new();
    if n_firms >= 2 {
        for _ in 0..n_links {
            let s = tape.pick(n_firms);
            let t = (s + 1 + tape.pick(n_firms - 1)) % n_firms;
            let made = &firm_stages[s].1;
            let mut layer = *tape.one(LAYERS);
            if layer == "supply" && made.is_empty() {
                layer = "value";
            }
            let stage = if layer == "supply" {
                if made.len() == 1 && tape.chance(50) {
                    String::new()
                } else {
                    tape.one(made).clone()
                }
            } else if tape.chance(30) {
                tape.one(&stage_keys).clone()
            } else {
                String::new()
            };
            let weight = if tape.chance(60) {
                number(tape, 10_000)
            } else {
                String::new()
            };
            let year = if tape.chance(60) {
                (1990 + tape.pick(40)).to_string()
            } else {
                String::new()
            };
            links.rows.push(vec![
                firm_stages[s].0.clone(),
                firm_stages[t].0.clone(),
                layer.to_string(),
                stage,
                weight,
                year,
                tape.one(EVIDENCE).to_string(),
                tape.one(TEXTS).to_string(),
            ]);
            want_links.push((firm_stages[s].0.clone(), firm_stages[t].0.clone(), layer));
        }
    }

    for (name, sheet) in [
        ("cities.csv", &cities),
        ("chains.csv", &chains),
        ("firms.csv", &firms),
        ("links.csv", &links),
    ] {
        std::fs::write(dir.join(name), sheet.write(tape, crlf)).expect("write dataset");
    }
    Want {
        cities: n_cities,
        chains: n_chains,
        stages: stage_keys.len(),
        firm_stages,
        links: want_links,
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn valid_datasets_load_without_errors(
        tape in prop::collection::vec(any::<u32>(), 64..256),
        n_cities in 1usize..6,
        n_chains in 1usize..4,
        n_firms in 1usize..20,
        n_links in 0usize..40,
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut tape = Tape { values: tape, at: 0 };
        let want = valid_dataset(dir.path(), &mut tape, (n_cities, n_chains, n_firms, n_links));
        let loaded = load_dir(dir.path()).expect("load");
        let errors: Vec<String> = loaded
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .map(ToString::to_string)
            .collect();
        prop_assert!(errors.is_empty(), "errors in a valid dataset:\n{}", errors.join("\n"));
        let model = loaded.model.expect("a model when there are no errors");
        prop_assert_eq!(model.cities.len(), want.cities);
        prop_assert_eq!(model.chains.len(), want.chains);
        prop_assert_eq!(model.stages.len(), want.stages);
        prop_assert_eq!(model.firms.len(), want.firm_stages.len());
        prop_assert_eq!(model.links.len(), want.links.len());

        let mut got_firms: Vec<(String, Vec<String>)> = model
            .firms
            .iter()
            .map(|f| {
                let mut stages: Vec<String> =
                    f.stages.iter().map(|&s| model.stages[s as usize].key.clone()).collect();
                stages.sort();
                (f.id.clone(), stages)
            })
            .collect();
        got_firms.sort();
        let mut want_firms = want.firm_stages.clone();
        want_firms.sort();
        prop_assert_eq!(got_firms, want_firms);

        let mut got_links: Vec<(String, String, &str)> = model
            .links
            .iter()
            .map(|l| {
                (
                    model.firms[l.source as usize].id.clone(),
                    model.firms[l.target as usize].id.clone(),
                    l.layer.as_str(),
                )
            })
            .collect();
        got_links.sort();
        let mut want_links = want.links.clone();
        want_links.sort();
        prop_assert_eq!(got_links, want_links);
    }
}

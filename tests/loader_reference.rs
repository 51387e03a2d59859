//! The optimised loader (parallel chunks, blocks, batched id lookups) against a deliberately
//! plain reference: the csv crate's reader row by row, `HashMap`s for every id, the data
//! contract's rules written out directly. On generated datasets both must give the same
//! model, field by field. Only valid data is compared here; problems are covered by the
//! bad-input corpus and `generate::chunked_loader_is_independent_of_chunk_size_and_threads`.

use std::collections::HashMap;
use std::path::Path;

use chainatlas::load::{DatasetSource, LoadOptions, load};
use chainatlas::model::{Model, Vocabulary};

/// A firm as plain text: id, name, name_zh, city, kind, stage keys (sorted), functions
/// (sorted), employees, revenue, source, group, extra cells.
type FirmText = (
    String,
    String,
    String,
    String,
    String,
    Vec<String>,
    Vec<String>,
    Option<f64>,
    Option<f64>,
    String,
    String,
    Vec<String>,
);

/// A link as plain text: source id, target id, layer, stage key, weight, year, evidence,
/// source_ref, extra cells.
type LinkText = (
    String,
    String,
    String,
    Option<String>,
    Option<f64>,
    Option<i32>,
    String,
    String,
    Vec<String>,
);

/// The cell as the data contract reads it: trimmed, a spreadsheet guard `'` before
/// `= + - @` dropped.
fn cell(record: &csv::StringRecord, column: Option<usize>) -> String {
    let text = column.and_then(|c| record.get(c)).unwrap_or("").trim();
    match text.as_bytes() {
        [b'\'', b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r', ..] => text[1..].to_string(),
        _ => text.to_string(),
    }
}

fn number<T: std::str::FromStr>(text: &str) -> Option<T> {
    (!text.is_empty()).then(|| text.parse().ok()).flatten()
}

struct Sheet {
    columns: HashMap<String, usize>,
    extra: Vec<usize>,
    rows: Vec<csv::StringRecord>,
}

fn sheet(path: &Path, known: &[&str]) -> Sheet {
    let mut reader = csv::Reader::from_path(path).expect("open");
    let headers: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let extra = (0..headers.len())
        .filter(|&i| !known.contains(&headers[i].as_str()))
        .collect();
    let columns = headers
        .into_iter()
        .enumerate()
        .map(|(i, h)| (h, i))
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("record"))
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    Sheet {
        columns,
        extra,
        rows,
    }
}

impl Sheet {
    fn col(&self, name: &str) -> Option<usize> {
        self.columns.get(name).copied()
    }
    fn extra(&self, row: &csv::StringRecord) -> Vec<String> {
        self.extra.iter().map(|&i| cell(row, Some(i))).collect()
    }
}

fn reference(dir: &Path) -> (Vec<FirmText>, Vec<LinkText>) {
    let firms = sheet(
        &dir.join("firms.csv"),
        &[
            "id",
            "name",
            "name_zh",
            "city",
            "kind",
            "stages",
            "functions",
            "employees",
            "revenue",
            "source",
            "group",
        ],
    );
    let mut firm_texts = Vec::new();
    let mut stages_of: HashMap<String, Vec<String>> = HashMap::new();
    for row in &firms.rows {
        let c = |name: &str| cell(row, firms.col(name));
        let list = |name: &str| {
            let mut items: Vec<String> = c(name)
                .split(';')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            items.sort();
            items.dedup();
            items
        };
        stages_of.insert(c("id"), list("stages"));
        firm_texts.push((
            c("id"),
            c("name"),
            c("name_zh"),
            c("city"),
            c("kind"),
            list("stages"),
            list("functions"),
            number(&c("employees")),
            number(&c("revenue")),
            c("source"),
            c("group"),
            firms.extra(row),
        ));
    }
    let links = sheet(
        &dir.join("links.csv"),
        &[
            "source",
            "target",
            "layer",
            "stage",
            "weight",
            "year",
            "evidence",
            "source_ref",
        ],
    );
    let mut link_texts = Vec::new();
    for row in &links.rows {
        let c = |name: &str| cell(row, links.col(name));
        let mut stage = Some(c("stage")).filter(|s| !s.is_empty());
        // A supply link with an empty stage takes its source's only stage.
        if stage.is_none() && c("layer") == "supply" {
            let made = &stages_of[&c("source")];
            assert_eq!(made.len(), 1, "generated data has no ambiguous supply link");
            stage = Some(made[0].clone());
        }
        link_texts.push((
            c("source"),
            c("target"),
            c("layer"),
            stage,
            number(&c("weight")),
            number(&c("year")),
            c("evidence"),
            c("source_ref"),
            links.extra(row),
        ));
    }
    (firm_texts, link_texts)
}

fn model_as_text(model: &Model) -> (Vec<FirmText>, Vec<LinkText>) {
    let key = |s: u32| model.stages[s as usize].key.clone();
    let firms = model
        .firms
        .iter()
        .map(|f| {
            let mut stages: Vec<String> = f.stages.iter().map(|&s| key(s)).collect();
            stages.sort();
            let mut functions: Vec<String> =
                f.functions.iter().map(|x| x.as_str().to_string()).collect();
            functions.sort();
            (
                f.id.clone(),
                f.name.clone(),
                f.name_zh.clone(),
                model.cities[f.city as usize].id.clone(),
                f.kind.as_str().to_string(),
                stages,
                functions,
                f.employees,
                f.revenue,
                f.source.clone(),
                f.group.clone(),
                f.extra.clone(),
            )
        })
        .collect();
    let links = model
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            (
                model.firms[l.source as usize].id.clone(),
                model.firms[l.target as usize].id.clone(),
                l.layer.as_str().to_string(),
                l.stage.map(key),
                l.weight,
                l.year,
                l.evidence.as_str().to_string(),
                model.source_ref(l).to_string(),
                model.link_extra(i as u32).to_vec(),
            )
        })
        .collect();
    (firms, links)
}

fn generate(dir: &Path, firms: &str, seed: &str) {
    let out = crate::util::bin()
        .args(["generate", "--firms", firms, "--seed", seed, "-o"])
        .arg(dir)
        .output()
        .expect("run generate");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Adds an extra column to links.csv and firms.csv (kept as attributes by both loaders).
fn add_extra_column(path: &Path, name: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut writer = csv::Writer::from_writer(Vec::new());
    for (i, record) in reader.records().enumerate() {
        let mut record = record.expect("record");
        record.push_field(&if i == 0 {
            name.to_string()
        } else {
            format!("{name}-{i}")
        });
        writer.write_record(&record).expect("write");
    }
    out.push_str(&String::from_utf8(writer.into_inner().expect("flush")).expect("utf8"));
    std::fs::write(path, out).expect("write");
}

/// Makes every third firm id longer than the id table stores inline (19 bytes), in
/// firms.csv and in both end columns of links.csv, so those ends take the long-id path.
fn lengthen_ids(dir: &Path) {
    let rewrite = |file: &str, columns: &[usize]| {
        let path = dir.join(file);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(&path)
            .expect("open");
        let mut writer = csv::Writer::from_writer(Vec::new());
        for (i, record) in reader.records().enumerate() {
            let record = record.expect("record");
            let fields: Vec<String> = record
                .iter()
                .enumerate()
                .map(|(c, field)| {
                    let digits: u64 = field.trim_start_matches('F').parse().unwrap_or(1);
                    if i > 0 && columns.contains(&c) && digits.is_multiple_of(3) {
                        format!("{field}-with-a-long-registry-suffix")
                    } else {
                        field.to_string()
                    }
                })
                .collect();
            writer.write_record(&fields).expect("write");
        }
        std::fs::write(&path, writer.into_inner().expect("flush")).expect("write");
    };
    rewrite("firms.csv", &[0]);
    rewrite("links.csv", &[0, 1]);
}

fn check(dir: &Path) {
    let loaded = load(
        &DatasetSource::Dir(dir.to_path_buf()),
        &LoadOptions::default(),
    )
    .expect("load");
    assert_eq!(loaded.errors(), 0, "{:?}", loaded.problems.first());
    let model = loaded.model.expect("model");
    let (want_firms, want_links) = reference(dir);
    let (got_firms, got_links) = model_as_text(&model);
    assert!(
        !want_firms.is_empty() && !want_links.is_empty(),
        "empty dataset"
    );
    assert_eq!(got_firms.len(), want_firms.len());
    assert_eq!(got_links.len(), want_links.len());
    for (i, (got, want)) in got_firms.iter().zip(&want_firms).enumerate() {
        assert_eq!(got, want, "firm {i}");
    }
    for (i, (got, want)) in got_links.iter().zip(&want_links).enumerate() {
        assert_eq!(got, want, "link {i}");
    }
    // Every firm id resolves to its own row through the loader's index.
    for (i, firm) in model.firms.iter().enumerate() {
        assert_eq!(model.firm(&firm.id), Some(i as u32));
    }
    assert_eq!(model.firm("no such firm"), None);
}

/// ~20,000 firms and ~200,000 links: several 2 MB chunks per file, quoted names with
/// commas, Chinese names, firms with several stages.
#[test]
fn optimised_loader_matches_a_plain_reference_on_generated_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    generate(dir.path(), "20000", "5");
    check(dir.path());
}

/// The same with extra columns in firms.csv and links.csv, ids too long to be stored
/// inline, and a second seed.
#[test]
fn optimised_loader_matches_the_reference_with_extra_columns() {
    let dir = tempfile::tempdir().expect("temp dir");
    generate(dir.path(), "3000", "8");
    add_extra_column(&dir.path().join("firms.csv"), "registry_no");
    add_extra_column(&dir.path().join("links.csv"), "invoice");
    lengthen_ids(dir.path());
    let firms = std::fs::read_to_string(dir.path().join("firms.csv")).expect("read");
    let long = firms
        .lines()
        .filter(|l| l.contains("-with-a-long-registry-suffix,"))
        .count();
    assert!(long > 500, "only {long} long ids");
    check(dir.path());
}

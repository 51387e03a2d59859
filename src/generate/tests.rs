//! End-to-end tests of `write_dataset`: determinism, validity against the data contract,
//! shares and failure handling.

use super::firms::FUNCTIONS;
use super::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;

fn generate(firms: usize, lpf: f64, seed: u64) -> (tempfile::TempDir, GenerateSummary) {
    let dir = tempfile::tempdir().expect("tempdir");
    let opts = GenerateOptions {
        firms,
        links_per_firm: lpf,
        seed,
    };
    let summary = write_dataset(&opts, dir.path()).expect("generate");
    (dir, summary)
}

fn read_all(dir: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for name in [
        "cities.csv",
        "chains.csv",
        "firms.csv",
        "links.csv",
        "absences.csv",
    ] {
        all.extend(fs::read(dir.join(name)).expect("read"));
    }
    all
}

fn rows(dir: &Path, name: &str, header: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(dir.join(name)).expect("open");
    let headers: Vec<String> = reader
        .headers()
        .expect("headers")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(headers.join(","), header, "{name} header");
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            assert_eq!(r.len(), headers.len(), "{name} width");
            headers
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Everything the loader checks, plus the generator's own promises.
fn validate(dir: &Path, summary: &GenerateSummary, expect_complete: bool) {
    let cities = rows(dir, "cities.csv", "city,name_zh,region,country,lat,lon");
    let city_ids: BTreeSet<String> = cities.iter().map(|r| r["city"].clone()).collect();
    assert_eq!(city_ids.len(), cities.len());
    assert_eq!(cities.len(), summary.cities);
    assert!(cities.iter().filter(|r| r["region"] == "GBA").count() >= 11);
    for r in &cities {
        let lat: f64 = r["lat"].parse().expect("lat");
        let lon: f64 = r["lon"].parse().expect("lon");
        assert!((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon));
    }
    let region: BTreeMap<String, String> = cities
        .iter()
        .map(|r| (r["city"].clone(), r["region"].clone()))
        .collect();

    let chains = rows(dir, "chains.csv", "chain,stage,label,tier,inputs");
    assert_eq!(chains.len(), summary.stages);
    let tiers = [
        "raw_material",
        "material",
        "component",
        "module",
        "final_product",
        "service",
    ];
    let mut by_chain: BTreeMap<String, Vec<BTreeMap<String, String>>> = BTreeMap::new();
    for r in &chains {
        assert!(tiers.contains(&r["tier"].as_str()), "tier {}", r["tier"]);
        by_chain
            .entry(r["chain"].clone())
            .or_default()
            .push(r.clone());
    }
    assert_eq!(by_chain.len(), 8);
    assert_eq!(by_chain.len(), summary.chains);
    // stage key -> input groups; and stage -> set of stages it feeds.
    let mut inputs: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for (chain, stages) in &by_chain {
        assert!(
            (6..=10).contains(&stages.len()),
            "{chain} has {} stages",
            stages.len()
        );
        assert!(stages.iter().any(|r| r["tier"] == "final_product"));
        assert!(
            stages.iter().any(|r| r["inputs"].contains('|')),
            "{chain} has no OR-group"
        );
        let ids: Vec<&str> = stages.iter().map(|r| r["stage"].as_str()).collect();
        let unique: BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len());
        for r in stages {
            let groups: Vec<Vec<String>> = r["inputs"]
                .split(';')
                .filter(|g| !g.is_empty())
                .map(|g| g.split('|').map(|s| format!("{chain}/{s}")).collect())
                .collect();
            assert_eq!(r["tier"] == "raw_material", groups.is_empty());
            for g in &groups {
                for s in g {
                    assert!(
                        ids.contains(&s.split('/').nth(1).unwrap_or("")),
                        "unknown input {s}"
                    );
                }
            }
            inputs.insert(format!("{chain}/{}", r["stage"]), groups);
        }
    }
    // Acyclic: Kahn's algorithm over input edges removes every stage.
    let mut remaining = inputs.clone();
    loop {
        let ready: Vec<String> = remaining
            .iter()
            .filter(|(_, g)| g.iter().flatten().all(|s| !remaining.contains_key(s)))
            .map(|(k, _)| k.clone())
            .collect();
        if ready.is_empty() {
            break;
        }
        for k in ready {
            remaining.remove(&k);
        }
    }
    assert!(remaining.is_empty(), "cycle among {:?}", remaining.keys());

    let firms = rows(
        dir,
        "firms.csv",
        "id,name,name_zh,city,kind,stages,functions,employees,revenue,source,group",
    );
    assert_eq!(firms.len(), summary.firms);
    let kinds = [
        "firm",
        "lab",
        "university",
        "platform",
        "investor",
        "agency",
        "association",
    ];
    let mut produces: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut produced_anywhere = BTreeSet::new();
    for r in &firms {
        assert!(city_ids.contains(&r["city"]), "city {}", r["city"]);
        assert!(kinds.contains(&r["kind"].as_str()));
        assert!(!r["name"].is_empty());
        let stages: BTreeSet<String> = r["stages"]
            .split(';')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        if r["kind"] != "firm" {
            assert!(stages.is_empty());
        } else {
            assert!((1..=2).contains(&stages.len()));
        }
        if stages.len() == 2 {
            let v: Vec<&String> = stages.iter().collect();
            let chain = |s: &str| s.split('/').next().unwrap_or("").to_string();
            assert_eq!(chain(v[0]), chain(v[1]));
            let adjacent = inputs[v[0]].iter().flatten().any(|s| s == v[1])
                || inputs[v[1]].iter().flatten().any(|s| s == v[0]);
            assert!(adjacent, "{v:?} not adjacent");
        }
        for s in &stages {
            assert!(inputs.contains_key(s), "unknown stage {s}");
            produced_anywhere.insert(s.clone());
        }
        for f in r["functions"].split(';').filter(|s| !s.is_empty()) {
            assert!(FUNCTIONS.contains(&f), "function {f}");
        }
        if !r["employees"].is_empty() {
            r["employees"].parse::<u64>().expect("employees");
        }
        if !r["revenue"].is_empty() {
            let v: f64 = r["revenue"].parse().expect("revenue");
            assert!(v.is_finite() && v >= 0.0);
        }
        assert!(
            produces.insert(r["id"].clone(), stages).is_none(),
            "duplicate id {}",
            r["id"]
        );
    }
    if expect_complete {
        assert_eq!(
            produced_anywhere.len(),
            inputs.len(),
            "a stage has no producer"
        );
    }
    let firm_region: BTreeMap<&String, &String> = firms
        .iter()
        .map(|r| (&r["id"], &region[&r["city"]]))
        .collect();
    // Outside-only stages really are outside.
    for r in &firms {
        for s in [
            "nev/lithium_ore",
            "electronics/silicon_wafer",
            "robotics/reducer",
        ] {
            if r["stages"].split(';').any(|x| x == s) {
                assert_ne!(firm_region[&r["id"]].as_str(), "GBA");
            }
        }
    }

    // Groups only on firms; the absences name the outside-only stages, in the GBA, but
    // robotics/reducer (left unknown: no producer in the GBA, no absence).
    for r in &firms {
        assert!(r["group"].is_empty() || (r["kind"] == "firm" && r["group"].ends_with(" Group")));
    }
    let absences = rows(dir, "absences.csv", "area,stage,evidence,source_ref,note");
    let absent: Vec<(&str, &str)> = absences
        .iter()
        .map(|r| (r["area"].as_str(), r["stage"].as_str()))
        .collect();
    assert_eq!(
        absent,
        [
            ("GBA", "nev/lithium_ore"),
            ("GBA", "electronics/silicon_wafer"),
        ]
    );

    let links = rows(
        dir,
        "links.csv",
        "source,target,layer,stage,weight,year,evidence,source_ref",
    );
    assert_eq!(links.len(), summary.links);
    let mut linked = BTreeSet::new();
    for r in &links {
        let (s, t) = (&r["source"], &r["target"]);
        assert!(
            produces.contains_key(s) && produces.contains_key(t),
            "dangling {s} -> {t}"
        );
        assert_ne!(s, t, "self-loop");
        linked.insert(s.clone());
        linked.insert(t.clone());
        assert!(["supply", "value", "innovation", "capital"].contains(&r["layer"].as_str()));
        if r["layer"] == "supply" {
            let u = &r["stage"];
            assert!(produces[s].contains(u), "{s} does not produce {u}");
            let feeds = produces[t]
                .iter()
                .any(|x| inputs[x].iter().flatten().any(|y| y == u));
            assert!(feeds, "{u} is not an input of what {t} produces");
        } else {
            assert!(r["stage"].is_empty());
        }
        if !r["weight"].is_empty() {
            let w: f64 = r["weight"].parse().expect("weight");
            assert!(w.is_finite() && w >= 0.0);
        }
        let year: u32 = r["year"].parse().expect("year");
        assert!((2015..=2024).contains(&year));
        assert!(
            ["documented", "reported", "estimated", "assumed"].contains(&r["evidence"].as_str())
        );
        assert!(!r["source_ref"].is_empty());
    }
    if expect_complete {
        assert_eq!(linked.len(), firms.len(), "some firm has no link");
    }
}

#[test]
fn same_seed_gives_same_bytes() {
    let (a, _) = generate(300, 10.0, 7);
    let (b, _) = generate(300, 10.0, 7);
    assert_eq!(read_all(a.path()), read_all(b.path()));
}

#[test]
fn different_seed_gives_different_bytes() {
    let (a, _) = generate(300, 10.0, 7);
    let (b, _) = generate(300, 10.0, 8);
    assert_ne!(
        fs::read(a.path().join("firms.csv")).ok(),
        fs::read(b.path().join("firms.csv")).ok()
    );
    assert_ne!(
        fs::read(a.path().join("links.csv")).ok(),
        fs::read(b.path().join("links.csv")).ok()
    );
}

#[test]
fn bytes_do_not_depend_on_thread_count() {
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        pool.install(|| {
            let (dir, _) = generate(40_000, 3.0, 11);
            read_all(dir.path())
        })
    };
    assert!(run(1) == run(3));
}

#[test]
fn small_datasets_are_valid() {
    for (firms, complete) in [
        (1, false),
        (2, false),
        (50, false),
        (200, true),
        (2_000, true),
    ] {
        let (dir, summary) = generate(firms, 10.0, 42);
        validate(dir.path(), &summary, complete);
    }
}

#[test]
fn sparse_and_dense_datasets_are_valid() {
    for lpf in [0.0, 0.5, 2.0, 40.0] {
        let (dir, summary) = generate(500, lpf, 3);
        validate(dir.path(), &summary, true);
    }
}

#[test]
fn link_count_tracks_links_per_firm() {
    let (_dir, summary) = generate(20_000, 10.0, 42);
    let ratio = summary.links as f64 / 200_000.0;
    assert!((0.95..1.08).contains(&ratio), "ratio {ratio}");
}

#[test]
fn supplier_out_degree_is_heavy_tailed() {
    let (dir, _) = generate(20_000, 10.0, 42);
    let links = rows(
        dir.path(),
        "links.csv",
        "source,target,layer,stage,weight,year,evidence,source_ref",
    );
    let mut out: BTreeMap<String, usize> = BTreeMap::new();
    for r in links.iter().filter(|r| r["layer"] == "supply") {
        *out.entry(r["source"].clone()).or_default() += 1;
    }
    let max = out.values().copied().max().unwrap_or(0);
    let mean = out.values().sum::<usize>() as f64 / out.len() as f64;
    assert!(max as f64 > 30.0 * mean, "max {max}, mean {mean}");
}

#[test]
fn shares_look_right() {
    let (dir, _) = generate(20_000, 10.0, 5);
    let firms = rows(
        dir.path(),
        "firms.csv",
        "id,name,name_zh,city,kind,stages,functions,employees,revenue,source,group",
    );
    let cities = rows(
        dir.path(),
        "cities.csv",
        "city,name_zh,region,country,lat,lon",
    );
    let gba: BTreeSet<&String> = cities
        .iter()
        .filter(|r| r["region"] == "GBA")
        .map(|r| &r["city"])
        .collect();
    let outside =
        firms.iter().filter(|r| !gba.contains(&r["city"])).count() as f64 / firms.len() as f64;
    assert!((0.10..0.25).contains(&outside), "outside share {outside}");
    let two =
        firms.iter().filter(|r| r["stages"].contains(';')).count() as f64 / firms.len() as f64;
    assert!((0.01..0.08).contains(&two), "vertical share {two}");
    let names = |c: char| firms.iter().filter(|r| r["name"].contains(c)).count();
    assert!(names(',') > 100 && names('"') > 100 && names('&') > 10);
    assert!(firms.iter().any(|r| {
        r["name"]
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }));
    assert!(firms.iter().any(|r| r["employees"].is_empty()));
    assert!(firms.iter().any(|r| r["revenue"].is_empty()));
    let links = rows(
        dir.path(),
        "links.csv",
        "source,target,layer,stage,weight,year,evidence,source_ref",
    );
    let supply =
        links.iter().filter(|r| r["layer"] == "supply").count() as f64 / links.len() as f64;
    assert!((0.6..0.8).contains(&supply), "supply share {supply}");
    for layer in ["value", "innovation", "capital"] {
        assert!(links.iter().any(|r| r["layer"] == layer));
    }
    assert!(links.iter().any(|r| r["weight"].is_empty()));
    for e in ["documented", "reported", "estimated", "assumed"] {
        assert!(links.iter().any(|r| r["evidence"] == e));
    }
}

#[test]
fn bad_options_are_rejected() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (firms, lpf) in [
        (0, 10.0),
        (10, -1.0),
        (10, f64::NAN),
        (10, f64::INFINITY),
        (1_000_000, 1e5),
    ] {
        let opts = GenerateOptions {
            firms,
            links_per_firm: lpf,
            seed: 1,
        };
        let err = write_dataset(&opts, dir.path()).expect_err("must fail");
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }
    assert_eq!(fs::read_dir(dir.path()).expect("dir").count(), 0);
}

#[test]
fn no_temporary_files_remain() {
    let (dir, _) = generate(100, 5.0, 1);
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // The five files and the set's marker (output::MARKER).
    assert_eq!(
        names,
        [
            ".chainatlas-output",
            "absences.csv",
            "chains.csv",
            "cities.csv",
            "firms.csv",
            "links.csv"
        ]
    );
}

#[test]
fn a_file_in_the_way_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blocker = dir.path().join("blocker");
    fs::write(&blocker, b"x").expect("write");
    let opts = GenerateOptions::default();
    assert!(write_dataset(&opts, &blocker.join("out")).is_err());
    // A folder this tool did not write (no marker): refused, nothing written or left.
    let out = dir.path().join("out");
    fs::create_dir_all(out.join("links.csv")).expect("mkdir");
    fs::write(out.join("links.csv").join("keep"), b"x").expect("write");
    let opts = GenerateOptions {
        firms: 100,
        ..GenerateOptions::default()
    };
    assert!(write_dataset(&opts, &out).is_err());
    assert!(out.join("links.csv").join("keep").exists());
    let mut left: Vec<String> = fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    left.sort();
    assert_eq!(left, ["blocker", "out"]);
}

#[test]
fn rows_stay_within_the_space_bounds() {
    // Every row at most its bound in `space`, and the files at most `estimated_bytes`.
    for (firms, lpf, seed) in [(3_000, 10.0, 1), (20_000, 6.0, 9), (500, 0.0, 4)] {
        let (dir, _) = generate(firms, lpf, seed);
        let id = firms.to_string().len().max(7) + 1;
        let longest = |name: &str| {
            fs::read_to_string(dir.path().join(name))
                .expect("read")
                .lines()
                .skip(1)
                .map(|l| l.len() + 1)
                .max()
                .unwrap_or(0)
        };
        assert!(longest("firms.csv") as u64 <= id as u64 + space::FIRM_ROW_REST);
        assert!(longest("links.csv") as u64 <= 2 * id as u64 + space::LINK_ROW_REST);
        let written: u64 = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").metadata().expect("metadata").len())
            .sum();
        let opts = GenerateOptions {
            firms,
            links_per_firm: lpf,
            seed,
        };
        assert!(written <= estimated_bytes(&opts), "{written} bytes");
    }
}

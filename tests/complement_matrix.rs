//! `complement --matrix --top N` on generated datasets with many cities: the streamed top N
//! equals a brute-force ranking of every pair (through the pair analysis) truncated to N,
//! in both closure modes, with and without importable stages; the output is the same at 1 and 2 threads; `--top` above the
//! pair count lists every pair; the memory check refuses a matrix that would not fit.
//! (Speed is measured by hand, docs/benchmarks.md; no test asserts a time.)

use std::process::Command;

use chainatlas::analysis::complementarity::{self, Options, analyse_importing, resolve_unit};
use chainatlas::analysis::completeness::{Importable, Mode};
use chainatlas::load::{DatasetSource, LoadOptions, load};
use chainatlas::model::{Model, Region};
use chainatlas::progress::Progress;
use serde_json::Value;

use crate::util::{Run, TempDataset, bin};

const CHAINS: &str = "\
chain,stage,label,tier,inputs
kit,ore,Ore,raw_material,
kit,alt,Alt ore,raw_material,
kit,part,Part,component,ore
kit,gear,Gear,component,ore|alt
kit,kit,Kit,final_product,part;gear
kit,set,Set,final_product,gear
toy,wood,Wood,raw_material,
toy,paint,Paint,raw_material,
toy,toy,Toy,final_product,wood;paint
";

/// The stages of `CHAINS` with their inputs (stage, OR-groups ANDed).
const STAGES: &[(&str, &[&[&str]])] = &[
    ("kit/ore", &[]),
    ("kit/alt", &[]),
    ("kit/part", &[&["kit/ore"]]),
    ("kit/gear", &[&["kit/ore", "kit/alt"]]),
    ("kit/kit", &[&["kit/part"], &["kit/gear"]]),
    ("kit/set", &[&["kit/gear"]]),
    ("toy/wood", &[]),
    ("toy/paint", &[]),
    ("toy/toy", &[&["toy/wood"], &["toy/paint"]]),
];

/// A deterministic world of `n` cities in region R (plus two outside): each city makes a
/// few stages (some firms two), and buyers take their inputs mostly from the neighbouring
/// cities, so many pairs close a final product only together, and S ties are common.
pub fn matrix_world(n: usize, seed: u64) -> TempDataset {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move |m: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % m
    };
    let mut cities = String::from("city,name_zh,region,country,lat,lon\n");
    let city = |c: usize| format!("c{c:04}");
    for c in 0..n {
        cities += &format!("{},,R,Testland,,\n", city(c));
    }
    cities += "far1,,Out,Elsewhere,,\nfar2,,Out,Elsewhere,,\n";
    let mut firms =
        String::from("id,name,name_zh,city,kind,stages,functions,employees,revenue,source\n");
    // (firm id, city, stages)
    let mut made: Vec<(String, usize, Vec<usize>)> = Vec::new();
    for c in 0..n + 2 {
        let count = 1 + next(4);
        for k in 0..count {
            let s = next(STAGES.len());
            let mut stages = vec![s];
            if next(8) == 0 && s + 1 < STAGES.len() {
                stages.push(s + 1);
            }
            let id = format!("f{c:04}_{k}");
            let keys: Vec<&str> = stages.iter().map(|&s| STAGES[s].0).collect();
            let place = if c < n {
                city(c)
            } else {
                format!("far{}", c - n + 1)
            };
            // A few firms without employees in small worlds: the count basis.
            let employees = if n < 50 && next(40) == 0 {
                String::new()
            } else {
                (10 + next(500)).to_string()
            };
            firms += &format!(
                "{id},Firm {id},,{place},firm,{},manufacturing,{employees},,test\n",
                keys.join(";")
            );
            made.push((id, c, stages));
        }
    }
    let mut links = String::from("source,target,layer,stage,weight,year,evidence,source_ref\n");
    for (buyer, c, stages) in &made {
        for &s in stages {
            for group in STAGES[s].1 {
                for input in group.iter() {
                    let u = STAGES.iter().position(|(k, _)| k == input).unwrap();
                    // Suppliers of u in the neighbouring cities, else anywhere.
                    let near: Vec<&(String, usize, Vec<usize>)> = made
                        .iter()
                        .filter(|(_, d, st)| st.contains(&u) && d.abs_diff(*c) <= 2 && d != c)
                        .collect();
                    let pick = if !near.is_empty() && next(4) != 0 {
                        Some(near[next(near.len())])
                    } else {
                        let all: Vec<_> =
                            made.iter().filter(|(_, _, st)| st.contains(&u)).collect();
                        (!all.is_empty()).then(|| all[next(all.len())])
                    };
                    if let Some((supplier, _, _)) = pick
                        && supplier != buyer
                    {
                        links +=
                            &format!("{supplier},{buyer},supply,{input},1,2024,documented,test\n");
                    }
                }
            }
        }
    }
    TempDataset::with(&cities, CHAINS, &firms, &links)
}

fn model_of(data: &TempDataset) -> Model {
    let options = LoadOptions {
        progress: Progress::HIDDEN,
        memory_check: false,
    };
    let loaded = load(&DatasetSource::from_arg(Some(data.path())), &options).unwrap();
    loaded.model.expect("the generated world is valid")
}

/// (a, b, joint gain, S, K, supply a→b, supply b→a) of one pair.
type Row = (
    String,
    String,
    Vec<String>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
);

/// Every pair through the pair analysis, ranked as docs/analyses.md says: joint-gain count
/// descending, then S ascending (null last), then the names.
fn brute_force(
    model: &Model,
    region: &Region,
    opts: &Options,
    importable: &Importable,
) -> Vec<Row> {
    let mut ids = region.cities.clone();
    ids.sort();
    let mut rows = Vec::new();
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            let (ua, ub) = (
                resolve_unit(model, a).unwrap(),
                resolve_unit(model, b).unwrap(),
            );
            let c = analyse_importing(model, &ua, &ub, region, opts, importable).unwrap();
            let supply = &c.link_intensity[0];
            assert_eq!(supply.layer, chainatlas::model::Layer::Supply);
            rows.push((
                a.clone(),
                b.clone(),
                c.joint_gain,
                c.similarity_unido,
                c.krugman,
                supply.a_to_b,
                supply.b_to_a,
            ));
        }
    }
    rows.sort_by(|x, y| {
        y.2.len()
            .cmp(&x.2.len())
            .then_with(|| match (x.3, y.3) {
                (Some(p), Some(q)) => p.total_cmp(&q),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| (&x.0, &x.1).cmp(&(&y.0, &y.1)))
    });
    rows
}

#[test]
fn top_n_equals_the_brute_force_ranking_truncated() {
    for seed in [1, 2] {
        let data = matrix_world(24, seed);
        let model = model_of(&data);
        let region = Region::resolve(&model, Some("R")).unwrap();
        // No importable stage; a whole tier and a component; a raw material and a final product.
        let specs = ["", "raw_material,kit/part", "kit/ore,kit/set"];
        for (spec, mode, min_producers) in specs.iter().flat_map(|&spec| {
            [Mode::Realised, Mode::Structural]
                .into_iter()
                .flat_map(move |mode| [1, 2].map(|theta| (spec, mode, theta)))
        }) {
            {
                let opts = Options {
                    mode,
                    min_producers,
                    ..Options::default()
                };
                let importable = if spec.is_empty() {
                    Importable::none()
                } else {
                    Importable::parse(&model, spec).unwrap()
                };
                let all = brute_force(&model, &region, &opts, &importable);
                assert_eq!(all.len(), 24 * 23 / 2);
                assert!(
                    all.iter().any(|r| !r.2.is_empty()) || min_producers > 1,
                    "the world has joint gains to rank ({mode:?}, {spec:?})"
                );
                for top in [1, 5, 40, all.len(), all.len() + 7] {
                    let m = if spec.is_empty() {
                        complementarity::matrix(&model, &region, &opts, top)
                    } else {
                        complementarity::matrix_importing(&model, &region, &opts, top, &importable)
                    };
                    let mut keys: Vec<String> = importable
                        .mask(&model)
                        .iter()
                        .enumerate()
                        .filter(|(_, m)| **m)
                        .map(|(s, _)| model.stages[s].key.clone())
                        .collect();
                    keys.sort();
                    assert_eq!(m.importable, keys);
                    assert_eq!(m.pairs_ranked, all.len());
                    assert_eq!(m.pairs_listed, top.min(all.len()));
                    let got: Vec<Row> = m
                        .pairs
                        .into_iter()
                        .map(|p| {
                            assert_eq!(p.joint_gain_count, p.joint_gain.len());
                            (
                                p.a,
                                p.b,
                                p.joint_gain,
                                p.similarity_unido,
                                p.krugman,
                                p.supply_a_to_b,
                                p.supply_b_to_a,
                            )
                        })
                        .collect();
                    let want = &all[..top.min(all.len())];
                    assert_eq!(
                        got, want,
                        "seed {seed}, {mode:?}, θ {min_producers}, importable {spec:?}, top {top}"
                    );
                }
            }
        }
    }
}

fn run_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd: Command = bin();
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run chainatlas");
    Run::from(out)
}

#[test]
fn three_hundred_cities_same_at_any_thread_count() {
    let data = matrix_world(300, 7);
    let path = data.path().display().to_string();
    let args = [
        "complement",
        &path,
        "--region",
        "R",
        "--matrix",
        "--format",
        "json",
        "--top",
        "60",
    ];
    let one = run_env(&args, &[("RAYON_NUM_THREADS", "1")]);
    let two = run_env(&args, &[("RAYON_NUM_THREADS", "2")]);
    crate::util::assert_same_output("--matrix at 1 and 2 threads", &one, &two);
    let m: Value = serde_json::from_str(&one.stdout).unwrap();
    assert_eq!(m["pairs_ranked"], 300 * 299 / 2);
    assert_eq!(m["pairs_listed"], 60);
    let pairs = m["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 60);
    assert!(pairs[0]["joint_gain_count"].as_u64().unwrap() > 0);
    // The default keeps 100, and the table says how many were ranked.
    let table = run_env(&["complement", &path, "--region", "R", "--matrix"], &[]);
    table
        .assert_code(0)
        .assert_contains("44850 pairs ranked; the top 100 are listed (--top).");
}

#[test]
fn top_above_the_pair_count_lists_every_pair() {
    let data = matrix_world(30, 3);
    let path = data.path().display().to_string();
    let r = run_env(
        &[
            "complement",
            &path,
            "--region",
            "R",
            "--matrix",
            "--format",
            "json",
            "--top",
            "1000",
        ],
        &[],
    );
    r.assert_code(0);
    let m: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(m["pairs_ranked"], 435);
    assert_eq!(m["pairs_listed"], 435);
    assert_eq!(m["pairs"].as_array().unwrap().len(), 435);
    let table = run_env(
        &[
            "complement",
            &path,
            "--region",
            "R",
            "--matrix",
            "--top",
            "1000",
        ],
        &[],
    );
    table
        .assert_code(0)
        .assert_contains("435 pairs ranked; all are listed.");
    for bad in ["0", "-1", "x"] {
        run_env(&["complement", &path, "--matrix", "--top", bad], &[]).assert_code(2);
    }
    // --top belongs to --matrix.
    run_env(&["complement", &path, "--top", "5"], &[])
        .assert_code(2)
        .assert_contains("--matrix");
}

#[test]
fn memory_check_refuses_a_matrix_that_would_not_fit() {
    let data = matrix_world(300, 5);
    let path = data.path().display().to_string();
    let args = [
        "complement",
        &path,
        "--region",
        "R",
        "--matrix",
        "--format",
        "json",
        "--top",
        "1000000",
    ];
    // Enough for loading the small files (3 bytes per byte), not for 44 850 kept pairs.
    let small = [("CHAINATLAS_AVAILABLE_MEMORY", "4000000")];
    run_env(&args, &small)
        .assert_code(2)
        .assert_contains("--matrix: ranking the pairs of 300 cities")
        .assert_contains("--no-memory-check");
    let mut skip = vec!["--no-memory-check"];
    skip.extend(args);
    let r = run_env(&skip, &small);
    r.assert_code(0);
    let m: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(m["pairs_listed"], 44850);
}

#[test]
fn matrix_takes_importable_stages() {
    let data = matrix_world(20, 4);
    let path = data.path().display().to_string();
    let base = ["complement", &path, "--region", "R", "--matrix"];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend(extra);
        run_env(&args, &[])
    };
    with(&["--importable", "raw_material"]).assert_code(0);
    let r = with(&[
        "--importable",
        "raw_material,kit/part",
        "--format",
        "json",
        "--top",
        "1000",
    ]);
    r.assert_code(0);
    let m: Value = serde_json::from_str(&r.stdout).unwrap();
    let keys = ["kit/alt", "kit/ore", "kit/part", "toy/paint", "toy/wood"];
    assert_eq!(m["importable"], serde_json::json!(keys));
    assert_eq!(m["pairs_listed"], 190);
    // Without --importable the JSON has no `importable`.
    let r = with(&["--format", "json"]);
    r.assert_code(0);
    let m: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(m.get("importable").is_none());
    // An unknown spec is a usage error naming the flag.
    with(&["--importable", "raw_materal"])
        .assert_code(2)
        .assert_contains("--importable");
}

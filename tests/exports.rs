//! `export` of the firm graph: DOT accepted by Graphviz, GraphML read back by an
//! independent XML parser, node-link JSON loaded by NetworkX, CSV tables
//! safe for spreadsheets, filters, a hostile dataset through every format, and snapshots.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::{TempDataset, assert_same_output, assert_snapshot, repo, require_program, run};

fn export(dataset: &Path, args: &[&str]) -> Vec<u8> {
    let mut all: Vec<&OsStr> = vec![OsStr::new("export"), dataset.as_os_str()];
    all.extend(args.iter().map(OsStr::new));
    let r = run(all);
    r.assert_code(0);
    r.stdout.into_bytes()
}

fn tiny() -> std::path::PathBuf {
    repo().join("datasets/tiny")
}

/// `dot -Tsvg` accepts the bytes; panics with dot's message when it does not. Callers check
/// `require_program("dot")` first (a failure with `CI` set, a loud skip elsewhere).
/// Graphviz 2.43's spline router can fail inside clusters on valid input ("triangulation
/// failed", "lost ... edge"): such a failure is retried once with straight edges
/// (`-Gsplines=line`), which skips the router but still parses and lays out every node.
fn assert_renders(what: &str, dot: &[u8]) {
    let (ok, stderr) = render(dot, &[]);
    let routing_bug = stderr.contains("routesplines") || stderr.contains("triangulation failed");
    let (ok, stderr) = if !ok && routing_bug {
        render(dot, &["-Gsplines=line"])
    } else {
        (ok, stderr)
    };
    assert!(
        ok,
        "dot rejected {what}: {stderr}\n{}",
        String::from_utf8_lossy(dot)
    );
}

/// Runs `dot -Tsvg` (plus `extra` arguments) on the bytes: (success, stderr). A hang guard,
/// not a timing assertion: a `dot` still running after a minute is killed and the test fails,
/// so one pathological layout cannot stall the whole suite.
fn render(dot: &[u8], extra: &[&str]) -> (bool, String) {
    const HANG_GUARD: Duration = Duration::from_secs(60);
    let mut child = Command::new("dot")
        .args(extra)
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn dot");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stderr = child.stderr.take().expect("stderr");
    let input = dot.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stderr.read_to_end(&mut buf);
        buf
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for dot") {
            break status;
        }
        if start.elapsed() > HANG_GUARD {
            let _ = child.kill();
            let _ = child.wait();
            panic!("dot was still running after {HANG_GUARD:?} (hang guard)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // A write error means dot exited early; its status and stderr say why.
    let _ = writer.join().expect("writer");
    let stderr = reader.join().expect("reader");
    (
        status.success(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

#[test]
fn dot_of_tiny_and_gba_renders_in_every_cluster_mode() {
    let gba = repo().join("datasets/gba");
    let graphviz = require_program("dot");
    for (name, dataset) in [("tiny", tiny()), ("gba", gba)] {
        for cluster in ["city", "stage", "none"] {
            let dot = export(
                &dataset,
                &[
                    "--format",
                    "dot",
                    "--cluster",
                    cluster,
                    "--highlight",
                    "bottlenecks",
                ],
            );
            let text = String::from_utf8(dot.clone()).unwrap();
            assert!(text.starts_with("digraph \"chainatlas\" {"));
            assert!(text.contains("rankdir=LR") && text.contains("newrank=true"));
            if cluster != "none" {
                assert!(text.contains("subgraph \"cluster_0\""));
            }
            if graphviz {
                assert_renders(&format!("{name} --cluster {cluster}"), &dot);
            }
        }
    }
}

#[test]
fn graphml_reads_back_with_the_same_counts_and_values() {
    let bytes = export(&tiny(), &["--format", "graphml"]);
    let text = String::from_utf8(bytes).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("GraphML is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "graphml");
    // Keys come first and are typed.
    let children: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    let first_graph = children
        .iter()
        .position(|n| n.tag_name().name() == "graph")
        .unwrap();
    assert!(
        children[..first_graph]
            .iter()
            .all(|n| n.tag_name().name() == "key")
    );
    let key_name = |id: &str| {
        children
            .iter()
            .find(|k| k.attribute("id") == Some(id))
            .map(|k| {
                (
                    k.attribute("attr.name").unwrap().to_string(),
                    k.attribute("attr.type").unwrap().to_string(),
                )
            })
            .unwrap()
    };
    let nodes: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("node"))
        .collect();
    let edges: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("edge"))
        .collect();
    assert_eq!((nodes.len(), edges.len()), (24, 30));
    let aircon = nodes
        .iter()
        .find(|n| n.attribute("id") == Some("fs_aircon"))
        .unwrap();
    let data = |node: &roxmltree::Node, attr: &str| -> Option<(String, String)> {
        node.children()
            .filter(|c| c.has_tag_name("data"))
            .map(|c| {
                (
                    key_name(c.attribute("key").unwrap()),
                    c.text().unwrap_or("").to_string(),
                )
            })
            .find(|((name, _), _)| name == attr)
            .map(|((_, t), v)| (t, v))
    };
    assert_eq!(
        data(aircon, "name"),
        Some(("string".into(), "Shunde Aircon Group".into()))
    );
    assert_eq!(
        data(aircon, "employees"),
        Some(("double".into(), "5000".into()))
    );
    assert_eq!(
        data(aircon, "local"),
        Some(("boolean".into(), "true".into()))
    );
    assert_eq!(
        data(aircon, "closure_critical_products"),
        Some(("int".into(), "1".into()))
    );
    let supply = edges
        .iter()
        .filter(|e| data(e, "layer").is_some_and(|(_, v)| v == "supply"))
        .count();
    assert_eq!(supply, 23);
}

#[test]
fn node_link_json_has_nodes_links_and_loads_in_networkx() {
    let bytes = export(&tiny(), &["--format", "json"]);
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["directed"], true);
    assert_eq!(v["multigraph"], true);
    assert_eq!(v["nodes"].as_array().unwrap().len(), 24);
    assert_eq!(v["links"].as_array().unwrap().len(), 30);
    if !require_program("networkx") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g.json");
    std::fs::write(&file, &bytes).unwrap();
    let script = "import json,sys,networkx as nx\nd=json.load(open(sys.argv[1]))\ng=nx.node_link_graph(d, edges='links')\nprint(g.number_of_nodes(), g.number_of_edges(), g.nodes['fs_aircon']['employees'])";
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "24 30 5000.0");
}

#[test]
fn csv_tables_use_gephi_columns() {
    let dir = tempfile::tempdir().unwrap();
    run([
        OsStr::new("export"),
        tiny().as_os_str(),
        OsStr::new("--format"),
        OsStr::new("csv"),
        OsStr::new("-o"),
        dir.path().as_os_str(),
    ])
    .assert_code(0);
    let nodes = std::fs::read_to_string(dir.path().join("nodes.csv")).unwrap();
    let edges = std::fs::read_to_string(dir.path().join("edges.csv")).unwrap();
    assert!(nodes.starts_with("Id,Label,name,"));
    assert!(edges.starts_with("Source,Target,Type,layer,"));
    assert_eq!(nodes.lines().count(), 25);
    run(["export", &tiny().display().to_string(), "--format", "csv"])
        .assert_code(2)
        .assert_contains("give a folder with -o DIR");
}

#[test]
fn filters_combine() {
    let count = |args: &[&str]| -> (usize, usize) {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let v: Value = serde_json::from_slice(&export(&tiny(), &all)).unwrap();
        (
            v["nodes"].as_array().unwrap().len(),
            v["links"].as_array().unwrap().len(),
        )
    };
    assert_eq!(count(&["--layer", "innovation"]).1, 3);
    assert_eq!(count(&["--layer", "innovation", "--layer", "capital"]).1, 5);
    let (n, _) = count(&["--city", "Foshan"]);
    assert!(n > 0 && n < 24);
    let (n, l) = count(&["--around", "fs_comp", "--depth", "1", "--layer", "supply"]);
    // fs_comp: suppliers fs_sheet, fs_tube, jp_comp? no — its supply neighbours only.
    assert!(n >= 3 && l >= 2, "{n} nodes {l} links");
    assert_eq!(count(&["--top", "3", "--by", "criticality"]).0, 3);
    let (n, _) = count(&["--chain", "robot"]);
    assert!(n > 0 && n < 24);
    run([
        "export",
        &tiny().display().to_string(),
        "--format",
        "dot",
        "--around",
        "nobody",
    ])
    .assert_code(2)
    .assert_contains("unknown firm id");
}

#[test]
fn hostile_names_survive_every_format() {
    let d = TempDataset::base();
    let long = "长".repeat(20_000);
    let hostile = format!(
        "\"Q\" \\N \\G </graphml> <script>alert(1)</script> =cmd|' /C calc'!A0 \n佛山 {long}"
    );
    let quoted = format!("\"{}\"", hostile.replace('"', "\"\""));
    d.replace("firms.csv", "Board Co", &quoted);
    d.check().assert_code(0);
    let dot = export(d.path(), &["--format", "dot"]);
    if require_program("dot") {
        assert_renders("hostile DOT", &dot);
    }
    let text = String::from_utf8(dot).unwrap();
    assert!(text.contains("\\\"Q\\\" \\\\N \\\\G </graphml>"));
    let graphml = String::from_utf8(export(d.path(), &["--format", "graphml"])).unwrap();
    let doc = roxmltree::Document::parse(&graphml).expect("hostile GraphML parses");
    assert!(doc.descendants().any(|n| {
        n.text()
            .is_some_and(|t| t.contains("</graphml> <script>") && t.contains(&long))
    }));
    let json: Value = serde_json::from_slice(&export(d.path(), &["--format", "json"])).unwrap();
    assert!(
        json["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["name"] == hostile.as_str())
    );
    let dir = tempfile::tempdir().unwrap();
    run([
        OsStr::new("export"),
        d.path().as_os_str(),
        OsStr::new("--format"),
        OsStr::new("csv"),
        OsStr::new("-o"),
        dir.path().as_os_str(),
    ])
    .assert_code(0);
    let mut rdr = csv::Reader::from_path(dir.path().join("nodes.csv")).unwrap();
    let labels: Vec<String> = rdr.records().map(|r| r.unwrap()[1].to_string()).collect();
    assert!(labels.contains(&hostile), "name read back intact from CSV");
    for cell in labels {
        assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']));
    }
}

#[test]
fn snapshots_of_every_format_on_tiny() {
    // A path relative to the package root (the tests' working directory): the dataset's
    // name is in the graph title, and must not depend on where the checkout lives.
    let tiny = std::path::PathBuf::from("datasets/tiny");
    let tiny = || tiny.clone();
    assert_snapshot("export-tiny.dot", export(&tiny(), &["--format", "dot"]));
    assert_snapshot(
        "export-tiny.graphml",
        export(&tiny(), &["--format", "graphml"]),
    );
    assert_snapshot("export-tiny.json", export(&tiny(), &["--format", "json"]));
    let dir = tempfile::tempdir().unwrap();
    run([
        OsStr::new("export"),
        tiny().as_os_str(),
        OsStr::new("--format"),
        OsStr::new("csv"),
        OsStr::new("-o"),
        dir.path().as_os_str(),
    ])
    .assert_code(0);
    assert_snapshot(
        "export-tiny.nodes.csv",
        std::fs::read(dir.path().join("nodes.csv")).unwrap(),
    );
    assert_snapshot(
        "export-tiny.edges.csv",
        std::fs::read(dir.path().join("edges.csv")).unwrap(),
    );
}

#[test]
fn dataset_export_round_trips_the_gba_data_and_extracts_a_filtered_subset() {
    let dir = tempfile::tempdir().unwrap();
    run([
        OsStr::new("export"),
        OsStr::new("--format"),
        OsStr::new("dataset"),
        OsStr::new("-o"),
        dir.path().as_os_str(),
    ])
    .assert_code(0);
    let a = run(["summary", "--format", "json"]);
    let b = run([
        OsStr::new("summary"),
        dir.path().as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    a.assert_ok();
    b.assert_ok();
    let strip = |s: &str| {
        s.lines()
            .filter(|l| !l.contains("\"dataset\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&a.stdout), strip(&b.stdout));
    let m1 = run(["metrics"]);
    let m2 = run([OsStr::new("metrics"), dir.path().as_os_str()]);
    assert_same_output("metrics of the round-tripped GBA data", &m1, &m2);
    // A filtered view is a dataset of its own.
    let sub = tempfile::tempdir().unwrap();
    run([
        OsStr::new("export"),
        tiny().as_os_str(),
        OsStr::new("--format"),
        OsStr::new("dataset"),
        OsStr::new("--chain"),
        OsStr::new("robot"),
        OsStr::new("-o"),
        sub.path().as_os_str(),
    ])
    .assert_code(0);
    run([OsStr::new("check"), sub.path().as_os_str()]).assert_code(0);
    run([
        "export",
        &tiny().display().to_string(),
        "--format",
        "dataset",
    ])
    .assert_code(2);
}

/// The dense graph of issue 18: 48 firms in 4 cities, 5 tiers of 3 stages, 499 links (a
/// third of them value, innovation or capital links). Written by the test, the same bytes
/// every run.
fn dense_48() -> TempDataset {
    let tiers = [
        "raw_material",
        "material",
        "component",
        "module",
        "final_product",
    ];
    let mut chains = String::from("chain,stage,label,tier,inputs\n");
    for (t, tier) in tiers.iter().enumerate() {
        for k in 0..3 {
            let inputs = if t == 0 {
                String::new()
            } else {
                (0..3)
                    .map(|j| format!("s{}_{j}", t - 1))
                    .collect::<Vec<_>>()
                    .join(";")
            };
            chains += &format!("c,s{t}_{k},Stage {t}.{k},{tier},{inputs}\n");
        }
    }
    let cities = "city,name_zh,region,country,lat,lon\nC0,,GBA,China,23,113\nC1,,GBA,China,23,113\nC2,,GBA,China,23,113\nC3,,GBA,China,23,113\n";
    let mut firms =
        String::from("id,name,name_zh,city,kind,stages,functions,employees,revenue,source\n");
    for i in 0..48 {
        let stage = i % 15;
        firms += &format!(
            "f{i:02},Firm {i},,C{},firm,c/s{}_{},manufacturing,100,10,test\n",
            i % 4,
            stage / 3,
            stage % 3
        );
    }
    let layers = ["value", "innovation", "capital"];
    let mut links = String::from("source,target,layer,stage,weight,year,evidence,source_ref\n");
    // Firm pairs drawn by a 64-bit LCG (Knuth's MMIX constants, seed 1): links in both
    // directions, cycles and links within a tier, as in a real dense graph. With city
    // clusters and tier rank groups together (earlier releases) Graphviz 2.43 ran past a
    // 40 s limit on this graph; by default it now takes 0.1 s.
    let mut x: u64 = 1;
    let mut n = 0;
    while n < 499 {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let (a, b) = ((x >> 33) % 48, (x >> 17) % 48);
        if a == b {
            continue;
        }
        let layer = if n % 3 == 0 {
            layers[n / 3 % 3]
        } else {
            "supply"
        };
        links += &format!("f{a:02},f{b:02},{layer},,,2023,reported,test\n");
        n += 1;
    }
    TempDataset::with(cities, &chains, &firms, &links)
}

#[test]
fn dense_48_firm_dot_drops_clusters_by_default_and_renders() {
    let d = dense_48();
    d.check().assert_code(0);
    let path = d.path().display().to_string();
    let dot_run = |cluster: &str| run(["export", &path, "--format", "dot", "--cluster", cluster]);
    // auto (the default): 499 links > 300 and more links than firms, so no clusters, the
    // tier rank groups instead, and a warning naming the forcing flag.
    let default = run(["export", &path, "--format", "dot"]);
    default.assert_code(0);
    assert_eq!(default.stdout, dot_run("auto").stdout);
    assert_eq!(
        default.stdout.matches(" -> ").count(),
        499 + 4,
        "499 links + 4 legend edges"
    );
    assert!(!default.stdout.contains("subgraph \"cluster_0\""));
    assert!(default.stdout.contains(
        "  /* chainatlas: 48 firms and 499 links are too many for Graphviz's clustered layout"
    ));
    assert_eq!(
        default.stdout.matches("rank=same").count(),
        5,
        "one group per tier"
    );
    assert!(
        default
            .stderr
            .contains("48 firms and 499 links are too many for Graphviz's clustered layout")
            && default.stderr.contains("`--cluster city` forces them"),
        "{}",
        default.stderr
    );
    // Forced clusters are kept, without rank groups, with a warning naming `--cluster none`.
    let city = dot_run("city");
    city.assert_code(0);
    assert!(city.stdout.contains("subgraph \"cluster_3\"") && !city.stdout.contains("rank=same"));
    assert!(
        city.stderr.contains("use `--cluster none`"),
        "{}",
        city.stderr
    );
    // Under the 60 s hang guard (Graphviz 2.43 ran for over 10 minutes on the clustered
    // export with rank groups); not a timing assertion.
    if require_program("dot") {
        assert_renders("dense 48-firm default DOT", default.stdout.as_bytes());
    }
}

#[test]
fn small_views_keep_their_clusters_quietly() {
    // tiny: 24 firms, 30 links: city clusters, no rank groups beside them, nothing on stderr.
    let r = run(["export", &tiny().display().to_string(), "--format", "dot"]);
    r.assert_code(0);
    assert!(r.stdout.contains("subgraph \"cluster_0\"") && !r.stdout.contains("rank=same"));
    assert_eq!(r.stderr, "");
    // The GBA data: 636 links > 300, but no more links than firms (sparse): clusters kept.
    let gba = run(["export", "--format", "dot"]);
    gba.assert_code(0);
    assert!(gba.stdout.contains("subgraph \"cluster_0\""));
    assert_eq!(gba.stderr, "");
    let none = run([
        "export",
        &tiny().display().to_string(),
        "--format",
        "dot",
        "--cluster",
        "none",
    ]);
    assert_eq!(
        none.stdout.matches("rank=same").count(),
        6,
        "six tiers in tiny"
    );
}

/// Runs the binary in the repository root with a `dot` that sleeps for a minute first on
/// PATH and `--layout-timeout 1`, and checks the fake was stopped well before its minute.
#[cfg(unix)]
fn run_with_slow_dot(args: &[&str]) -> crate::util::Run {
    use std::os::unix::fs::PermissionsExt;
    let bin = tempfile::tempdir().unwrap();
    let fake = bin.path().join("dot");
    std::fs::write(&fake, "#!/bin/sh\nexec sleep 60\n").unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = std::env::join_paths(std::iter::once(bin.path().to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let start = Instant::now();
    let out = crate::util::bin()
        .args(args)
        .args(["--layout-timeout", "1"])
        .current_dir(repo())
        .env("PATH", &path)
        .output()
        .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "the fake dot was not stopped"
    );
    crate::util::Run::from(out)
}

/// `map --format svg` with a `dot` that does not finish: stopped after `--layout-timeout`,
/// exit 2, and the message names the ways out.
#[cfg(unix)]
#[test]
fn map_stops_a_slow_graphviz_after_its_layout_timeout_and_names_the_ways_out() {
    let out = run_with_slow_dot(&[
        "map",
        "datasets/tiny",
        "--chain",
        "aircon",
        "--format",
        "svg",
    ]);
    out.assert_code(2).assert_contains(
        "Graphviz's dot did not finish within 1 second and was stopped; give it more time with \
         --layout-timeout SECONDS, draw it with --layout builtin (no Graphviz), or write \
         --format dot and render it later",
    );
    assert!(out.stdout.is_empty(), "nothing is written on a failure");
    crate::util::run([
        "map",
        "datasets/tiny",
        "--chain",
        "aircon",
        "--layout-timeout",
        "0",
    ])
    .assert_code(2);
}

/// A `dot` that never answers in time: the HTML report stops it when `--layout-timeout` is
/// spent, draws the maps with the built-in layout, and says so under each map and on stderr.
#[cfg(unix)]
#[test]
fn html_report_falls_back_to_the_built_in_layout_when_graphviz_runs_out_of_time() {
    let out = run_with_slow_dot(&[
        "report",
        "datasets/tiny",
        "--format",
        "html",
        "--layout",
        "graphviz",
    ]);
    out.assert_ok();
    let (html, stderr) = (out.stdout, out.stderr);
    // tiny has two chains: aircon spends the whole second, robot finds none left.
    assert_eq!(
        html.matches("Drawn by the built-in layout instead of Graphviz: ")
            .count(),
        2
    );
    assert!(
        html.contains(
            "Graphviz&apos;s dot did not finish in what was left of its 1 s for all chain maps and was stopped"
        ),
        "{html}"
    );
    assert!(html.contains(
        "Graphviz&apos;s time for the chain maps (1 s) was used up by the maps before it"
    ));
    assert!(!html.contains("Drawn by Graphviz."));
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("chainatlas: warning: chain map of "))
            .count(),
        2,
        "{stderr}"
    );
    assert!(stderr.contains("chain map of aircon: Graphviz's dot did not finish"));
    assert!(stderr.contains("drawn with the built-in layout instead"));
}

/// A car chain with services in mid-chain: `design` (no inputs) feeds the part, `transport`
/// carries the steel, `packaging` takes the transport and feeds the part, `aftersales`
/// follows the car.
fn service_chain() -> TempDataset {
    let chains = "chain,stage,label,tier,inputs\n\
        car,ore,Ore,raw_material,\n\
        car,steel,Steel,material,ore\n\
        car,transport,Transport,service,steel\n\
        car,packaging,Packaging,service,transport\n\
        car,design,Design,service,\n\
        car,part,Part,component,packaging;design\n\
        car,car,Car,final_product,part\n\
        car,aftersales,After-sales,service,car\n";
    let cities = "city,name_zh,region,country,lat,lon\nA,,GBA,China,23,113\n";
    let mut firms =
        String::from("id,name,name_zh,city,kind,stages,functions,employees,revenue,source\n");
    for s in [
        "ore",
        "steel",
        "transport",
        "packaging",
        "design",
        "part",
        "car",
        "aftersales",
    ] {
        firms += &format!("f_{s},Firm {s},,A,firm,car/{s},manufacturing,10,1,test\n");
    }
    let links = "source,target,layer,stage,weight,year,evidence,source_ref\n";
    TempDataset::with(cities, chains, &firms, links)
}

#[test]
fn chain_map_places_service_stages_by_their_inputs() {
    let d = service_chain();
    d.check().assert_code(0);
    let path = d.path().display().to_string();
    // Hand-worked: tier columns raw_material, material, component, final_product; design
    // (no inputs) goes right before its consumer part, transport right after its input
    // steel: one service column between material and component; packaging follows
    // transport in a column of its own; after-sales after the car, last.
    let dot = run(["map", &path, "--chain", "car", "--format", "dot"]);
    dot.assert_code(0);
    let columns: Vec<(String, Vec<String>)> = dot
        .stdout
        .split("  subgraph \"")
        .skip(1)
        .filter(|part| !part.starts_with("cluster_legend"))
        .map(|part| {
            let name = part.split('"').next().unwrap().to_string();
            let body = &part[..part.find("\n  }").unwrap()];
            let stages = body
                .lines()
                .filter_map(|l| l.trim().strip_prefix("\"car/"))
                .map(|l| l.split('"').next().unwrap().to_string())
                .collect();
            (name, stages)
        })
        .collect();
    let expected: Vec<(&str, Vec<&str>)> = vec![
        ("tier raw_material", vec!["ore"]),
        ("tier material", vec!["steel"]),
        ("column 2 service", vec!["design", "transport"]),
        ("column 3 service", vec!["packaging"]),
        ("tier component", vec!["part"]),
        ("tier final_product", vec!["car"]),
        ("column 6 service", vec!["aftersales"]),
    ];
    let got: Vec<(&str, Vec<&str>)> = columns
        .iter()
        .map(|(n, s)| (n.as_str(), s.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(got, expected, "{}", dot.stdout);
    // The built-in SVG in the HTML report: the same columns, so every arrow of the chain
    // runs left to right (each box's x is 16 + column × 312).
    let html = run(["report", &path, "--format", "html"]);
    html.assert_code(0);
    let x_of = |stage: &str| -> i64 {
        let at = html
            .stdout
            .find(&format!("<title>car/{stage}: "))
            .unwrap_or_else(|| panic!("no box for {stage}"));
        let rest = &html.stdout[at..];
        let x = &rest[rest.find("<rect x=\"").unwrap() + 9..];
        x[..x.find('"').unwrap()].parse().unwrap()
    };
    for (stage, column) in [
        ("ore", 0),
        ("steel", 1),
        ("design", 2),
        ("transport", 2),
        ("packaging", 3),
        ("part", 4),
        ("car", 5),
        ("aftersales", 6),
    ] {
        assert_eq!(x_of(stage), 16 + column * 312, "{stage}");
    }
}

/// A path of firms linked one after the other: `links` value links over `links + 1` firms.
fn firm_path(links: usize) -> TempDataset {
    let chains = "chain,stage,label,tier,inputs\nc,s,S,raw_material,\n";
    let cities = "city,name_zh,region,country,lat,lon\nA,,GBA,China,23,113\n";
    let mut firms =
        String::from("id,name,name_zh,city,kind,stages,functions,employees,revenue,source\n");
    let mut rows = String::from("source,target,layer,stage,weight,year,evidence,source_ref\n");
    for i in 0..=links {
        firms += &format!("f{i:05},F{i},,A,firm,c/s,manufacturing,1,1,test\n");
        if i > 0 {
            rows += &format!("f{:05},f{i:05},value,,,2023,reported,test\n", i - 1);
        }
    }
    TempDataset::with(cities, chains, &firms, &rows)
}

#[test]
fn views_over_2000_links_name_sfdp() {
    // 2,000 links over 2,001 firms: sparse but over 1,000 links, so no clusters (one
    // warning); dot is still quick, so no sfdp. 2,001 links: the sfdp warning as well.
    for (links, sfdp) in [(2_000, false), (2_001, true)] {
        let d = firm_path(links);
        let r = run(["export", &d.path().display().to_string(), "--format", "dot"]);
        r.assert_code(0);
        let warnings: Vec<&str> = r
            .stderr
            .lines()
            .filter(|l| l.starts_with("chainatlas: warning: "))
            .collect();
        assert_eq!(warnings.len(), 1 + usize::from(sfdp), "{}", r.stderr);
        assert!(warnings[0].contains(&format!(
            "{} firms and {links} links are too many for Graphviz's clustered layout",
            links + 1
        )));
        assert_eq!(
            r.stderr
                .contains("render with `sfdp -Tsvg FILE.dot -o FILE.svg`"),
            sfdp
        );
    }
}

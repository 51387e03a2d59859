//! Keys and names that other programs read (issue 13 items 6–8): control characters in keys
//! are located errors; extra columns named like a format's own fields are renamed so
//! NetworkX keeps every link; exports round-trip guarded headers; a full stderr never
//! panics; over-long DOT ids; a short error for an unknown region among many cities.

use std::process::Stdio;

use crate::util::{TempDataset, bin, require_program, run};

// ---------------------------------------------------------------------------------------
// Item 6: keys are printable

/// One control character in one key per case: (file, text to replace, replacement, line,
/// column, the character as the message escapes it).
const CONTROL_CASES: &[(&str, &str, &str, u32, &str, &str)] = &[
    (
        "cities.csv",
        "Guangzhou,广州",
        "Guang\u{1}zhou,广州",
        2,
        "city",
        "\\u{1}",
    ),
    (
        "cities.csv",
        "GBA,China,23.13",
        "G\u{1f}BA,China,23.13",
        2,
        "region",
        "\\u{1f}",
    ),
    (
        "chains.csv",
        "ac,copper,",
        "a\u{7f}c,copper,",
        2,
        "chain",
        "\\u{7f}",
    ),
    (
        "chains.csv",
        "ac,board,",
        "ac,bo\u{85}ard,",
        4,
        "stage",
        "\\u{85}",
    ),
    (
        "chains.csv",
        ",copper\n",
        ",cop\u{1}per\n",
        3,
        "inputs",
        "\\u{1}",
    ),
    (
        "firms.csv",
        "cu,Copper Co",
        "c\u{1}u,Copper Co",
        2,
        "id",
        "\\u{1}",
    ),
    (
        "firms.csv",
        ",Ningbo,",
        ",Ning\u{9f}bo,",
        2,
        "city",
        "\\u{9f}",
    ),
    (
        "firms.csv",
        "ac/copper,manufacturing",
        "ac/cop\u{9}per,manufacturing",
        2,
        "stages",
        "\\u{9}",
    ),
    (
        "links.csv",
        "cu,comp,supply",
        "c\u{1b}u,comp,supply",
        2,
        "source",
        "\\u{1b}",
    ),
    (
        "links.csv",
        "comp,ac1,supply",
        "comp,ac\u{1}1,supply",
        3,
        "target",
        "\\u{1}",
    ),
    (
        "links.csv",
        ",ac/compressor,20",
        ",ac/\u{80}compressor,20",
        3,
        "stage",
        "\\u{80}",
    ),
];

#[test]
fn a_control_character_in_any_key_is_a_located_error() {
    for &(file, from, to, line, column, shown) in CONTROL_CASES {
        let data = TempDataset::base();
        data.replace(file, from, to);
        let out = data.check();
        out.assert_code(1);
        let expected = format!(
            "{}:{line}: column {column:?}: control character {shown} at character",
            data.shown(file)
        );
        out.assert_contains(&expected);
        out.assert_contains("keys must be printable");
    }
}

/// The two later key columns: a firm's `group` and an absence's `area` and `stage`.
#[test]
fn a_control_character_in_a_group_or_an_absence_is_a_located_error() {
    let data = TempDataset::base();
    let firms = crate::util::BASE_FIRMS
        .replacen("source\n", "source,group\n", 1)
        .replacen(",test\n", ",test,Cu\u{1}Group\n", 1)
        .replace(",test\n", ",test,\n");
    data.write("firms.csv", firms);
    let out = data.check();
    out.assert_code(1).assert_contains(&format!(
        "{}:2: column \"group\": control character \\u{{1}} at character 3",
        data.shown("firms.csv")
    ));

    for (row, column) in [
        ("G\u{1}BA,ac/copper,estimated,src,", "area"),
        ("GBA,ac/cop\u{1}per,estimated,src,", "stage"),
    ] {
        let data = TempDataset::base();
        data.write(
            "absences.csv",
            format!("area,stage,evidence,source_ref,note\n{row}\n"),
        );
        data.check().assert_code(1).assert_contains(&format!(
            "{}:2: column {column:?}: control character \\u{{1}}",
            data.shown("absences.csv")
        ));
    }
}

/// `a\x01b` and `ab` were one node in DOT and GraphML; now the first is refused.
#[test]
fn a_key_differing_only_by_a_control_character_is_refused_not_merged() {
    let data = TempDataset::base();
    data.append(
        "firms.csv",
        "ab,AB Co,,Foshan,firm,,rnd,1,,test\n\"a\u{1}b\",AB2 Co,,Foshan,firm,,rnd,1,,test\n",
    );
    data.append("links.csv", "ab,comp,innovation,,,2024,assumed,test\n");
    let out = data.check();
    out.assert_code(1);
    out.assert_contains(&format!(
        "{}:8: column \"id\": control character \\u{{1}} at character 2 of \"a\\u{{1}}b\"",
        data.shown("firms.csv")
    ));
}

/// Printable non-ASCII keys (CJK, accents, no-break space inside) stay valid.
#[test]
fn printable_unicode_keys_stay_valid() {
    let data = TempDataset::base();
    data.replace("firms.csv", "cu,Copper Co", "铜\u{a0}é,Copper Co");
    data.replace("links.csv", "cu,comp,supply", "铜\u{a0}é,comp,supply");
    data.check().assert_code(0);
}

// ---------------------------------------------------------------------------------------
// Item 7: exports own their field names

/// The base dataset with extra columns named like format fields — `key` and `Label` on
/// links and firms, `Source` and `x_key` on links — and a parallel link (comp → ac1 twice)
/// whose `key` cells are equal, which NetworkX took as the multigraph key.
fn clashing_columns() -> TempDataset {
    let data = TempDataset::base();
    let widen = |file: &str, header_extra: &str, cells: &dyn Fn(usize) -> String| {
        let text = std::fs::read_to_string(data.file(file)).unwrap();
        let mut out = String::new();
        for (i, line) in text.lines().enumerate() {
            let extra = if i == 0 {
                header_extra.to_string()
            } else {
                cells(i)
            };
            out.push_str(&format!("{line},{extra}\n"));
        }
        data.write(file, out);
    };
    data.append("links.csv", "comp,ac1,value,,,2024,reported,test\n");
    widen("links.csv", "key,Label,Source,x_key", &|i| {
        format!("0,link {i},s{i},xk{i}")
    });
    widen("firms.csv", "key,Label", &|i| format!("0,firm {i}"));
    data
}

/// Exports the dataset in `dir` as `format` into `dir/file`.
fn export_to(dir: &std::path::Path, format: &str, file: &str) -> std::path::PathBuf {
    let path = dir.join(file);
    run([
        "export",
        &dir.display().to_string(),
        "--format",
        format,
        "-o",
        &path.display().to_string(),
    ])
    .assert_code(0);
    path
}

/// Runs a python3 script with networkx; its stdout, trimmed.
fn python(script: &str, arg: &std::path::Path) -> String {
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(arg)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn extra_columns_named_like_format_fields_are_prefixed() {
    let data = clashing_columns();
    data.check().assert_code(0);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(export_to(data.path(), "json", "g.json")).unwrap())
            .unwrap();
    let links = json["links"].as_array().unwrap();
    assert_eq!(links.len(), 5);
    // The multigraph key stays the exporter's: comp → ac1 has keys 0 and 1.
    let keys: Vec<&serde_json::Value> = links
        .iter()
        .filter(|l| l["source"] == "comp" && l["target"] == "ac1")
        .map(|l| &l["key"])
        .collect();
    assert_eq!(keys, [&serde_json::json!(0), &serde_json::json!(1)]);
    for l in links {
        for field in ["x_key", "x_Label", "x_Source", "x_x_key"] {
            assert!(l.get(field).is_some(), "{field} missing in {l}");
        }
        assert!(l["source"].is_string() && l["x_Source"].as_str().unwrap().starts_with('s'));
    }
    let firm = &json["nodes"].as_array().unwrap()[0];
    assert!(
        firm.get("x_key").is_some() && firm.get("x_Label").is_some(),
        "{firm}"
    );
    let graphml = std::fs::read_to_string(export_to(data.path(), "graphml", "g.graphml")).unwrap();
    for name in ["x_key", "x_Label", "x_Source", "x_x_key"] {
        assert!(graphml.contains(&format!("attr.name=\"{name}\"")), "{name}");
    }
    assert!(!graphml.contains("attr.name=\"key\""));
    // Gephi's CSV: the clashing columns do not repeat Id/Label/Source.
    let dir = data.path().join("csv");
    run([
        "export",
        &data.path().display().to_string(),
        "--format",
        "csv",
        "-o",
        &dir.display().to_string(),
    ])
    .assert_code(0);
    let nodes = std::fs::read_to_string(dir.join("nodes.csv")).unwrap();
    let edges = std::fs::read_to_string(dir.join("edges.csv")).unwrap();
    assert!(
        nodes.lines().next().unwrap().ends_with(",x_key,x_Label"),
        "{nodes}"
    );
    assert!(
        edges
            .lines()
            .next()
            .unwrap()
            .ends_with(",x_key,x_Label,x_Source,x_x_key"),
        "{edges}"
    );
}

#[test]
fn networkx_loads_every_link_despite_clashing_extra_columns() {
    let data = clashing_columns();
    let json = export_to(data.path(), "json", "g.json");
    let graphml = export_to(data.path(), "graphml", "g.graphml");
    if !require_program("networkx") {
        return;
    }
    let from_json = "import json,sys,networkx as nx\n\
        g=nx.node_link_graph(json.load(open(sys.argv[1])), edges='links')\n\
        e=sorted((u,v,d['x_key'],d['x_Label']) for u,v,d in g.edges(data=True) if (u,v)==('comp','ac1'))\n\
        print(g.number_of_nodes(), g.number_of_edges(), e, g.nodes['cu']['x_Label'])";
    assert_eq!(
        python(from_json, &json),
        "5 5 [('comp', 'ac1', '0', 'link 2'), ('comp', 'ac1', '0', 'link 5')] firm 1"
    );
    let from_graphml = "import sys,networkx as nx\n\
        g=nx.read_graphml(sys.argv[1])\n\
        print(type(g).__name__, g.number_of_nodes(), g.number_of_edges(), g.nodes['cu']['x_key'])";
    assert_eq!(python(from_graphml, &graphml), "MultiDiGraph 5 5 0");
}

/// `export --format dataset` and back: guarded cells and headers (`=x`, `-F1`, `'=y`)
/// read back unchanged, with no "surrounding spaces" warnings, and a second export gives
/// the same bytes.
#[test]
fn an_exported_dataset_reloads_guarded_headers_and_keys_unchanged() {
    let data = TempDataset::base();
    data.replace("firms.csv", "source\n", "source,=note,@tag\n");
    let firms = std::fs::read_to_string(data.file("firms.csv")).unwrap();
    let mut out = String::new();
    for line in firms.lines().skip(1) {
        out.push_str(&format!("{line},'=SUM(A1),'+x\n"));
    }
    data.write(
        "firms.csv",
        format!("{}\n{out}", firms.lines().next().unwrap()),
    );
    // A key starting with '-' and a name that itself starts with a guard mark.
    data.replace("firms.csv", "cu,Copper Co", "-cu,''=Copper Co");
    data.replace("links.csv", "cu,comp,supply", "-cu,comp,supply");
    let first = data.check();
    first.assert_code(0);
    assert!(
        !first.stdout.contains("surrounding spaces"),
        "{}",
        first.stdout
    );
    let exported = data.path().join("exported");
    let again = data.path().join("again");
    for (from, to) in [
        (data.path().to_path_buf(), &exported),
        (exported.clone(), &again),
    ] {
        run([
            "export",
            &from.display().to_string(),
            "--format",
            "dataset",
            "-o",
            &to.display().to_string(),
        ])
        .assert_code(0);
    }
    let firms = std::fs::read_to_string(exported.join("firms.csv")).unwrap();
    assert!(
        firms.starts_with(
            "id,name,name_zh,city,kind,stages,functions,employees,revenue,source,'=note,'@tag\n"
        ),
        "{firms}"
    );
    assert!(firms.contains("'-cu,''=Copper Co,"), "{firms}");
    let reloaded = run(["check", &exported.display().to_string()]);
    reloaded.assert_code(0);
    assert!(
        !reloaded.stdout.contains("surrounding spaces"),
        "{}",
        reloaded.stdout
    );
    for file in ["cities.csv", "chains.csv", "firms.csv", "links.csv"] {
        assert_eq!(
            std::fs::read(exported.join(file)).unwrap(),
            std::fs::read(again.join(file)).unwrap(),
            "{file} changed on a second round trip"
        );
    }
    // The reloaded model has the original header and values.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(export_to(&exported, "json", "g.json")).unwrap())
            .unwrap();
    let cu = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "-cu")
        .unwrap();
    assert_eq!(cu["name"], "'=Copper Co");
    assert_eq!(cu["=note"], "=SUM(A1)");
    assert_eq!(cu["@tag"], "+x");
}

// ---------------------------------------------------------------------------------------
// Item 8: a full stderr, over-long DOT ids, an unknown region among many cities

/// Environment variables for a run.
type Env<'a> = &'a [(&'a str, &'a str)];

/// Runs chainatlas with stderr on /dev/full (every write fails with "no space left").
fn run_with_full_stderr(args: &[&str], env: Env<'_>) -> i32 {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("open /dev/full");
    let mut cmd = bin();
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(full);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.status().expect("run chainatlas").code().unwrap_or(-1)
}

#[test]
fn a_full_stderr_keeps_the_exit_code_the_run_would_have_had() {
    let bad = TempDataset::base();
    bad.append("links.csv", "cu,nobody,supply,,,2024,documented,test\n");
    let bad = bad.path().display().to_string();
    let out = tempfile::tempdir().unwrap();
    let generated = out.path().join("gen").display().to_string();
    let cases: &[(&[&str], Env<'_>, i32)] = &[
        // Data errors listed on stderr, then the error line: 1.
        (&["summary", &bad], &[], 1),
        // A usage error: 2.
        (&["summary", "--region", "Atlantis"], &[], 2),
        // A successful run that reports on stderr: 0.
        (&["generate", "--firms", "30", "-o", &generated], &[], 0),
        (&["summary"], &[("CHAINATLAS_TIMINGS", "1")], 0),
    ];
    for (args, env, code) in cases {
        assert_eq!(
            run_with_full_stderr(args, env),
            *code,
            "chainatlas {args:?} with stderr on /dev/full"
        );
    }
}

/// A 21 KB CJK firm id (7,000 characters): over Graphviz's limit for a quoted string, so
/// the DOT node gets a short synthetic id, the label keeps the name and `dot` accepts it.
#[test]
fn an_over_long_id_gets_a_synthetic_dot_id_that_graphviz_accepts() {
    let long = "铜".repeat(7_000);
    assert_eq!(long.len(), 21_000);
    let data = TempDataset::base();
    data.replace("firms.csv", "cu,Copper Co,", &format!("{long},,"));
    data.replace(
        "links.csv",
        "cu,comp,supply",
        &format!("{long},comp,supply"),
    );
    let dot = export_to(data.path(), "dot", "g.dot");
    let text = std::fs::read_to_string(&dot).unwrap();
    assert!(text.contains("\" n0\" [label="), "{}", &text[..2000]);
    assert!(text.contains("\" n0\" -> \"comp\""));
    assert!(!text.contains(&long), "the full id is still a DOT id");
    // No quoted string of 16 KiB or more.
    for piece in text.split('"') {
        assert!(piece.len() < 16 * 1024, "a {} byte string", piece.len());
    }
    if !require_program("dot") {
        return;
    }
    let out = std::process::Command::new("dot")
        .arg("-Tsvg")
        .arg(&dot)
        .output()
        .expect("run dot");
    assert!(
        out.status.success(),
        "dot rejected the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("铜铜铜"));
}

/// 100,000 cities: an unknown `--region` lists 20 names and counts the rest, with a
/// suggestion, instead of a 1 MB line.
#[test]
fn an_unknown_region_among_100k_cities_gives_a_short_error_with_a_suggestion() {
    let mut cities = String::from("city,name_zh,region,country,lat,lon\n");
    cities.push_str("Foshan,佛山,GBA,China,23.02,113.12\n");
    for i in 0..99_999 {
        cities.push_str(&format!("City{i:05},,R{},China,,\n", i % 3));
    }
    let data = TempDataset::with(
        &cities,
        crate::util::BASE_CHAINS,
        &crate::util::BASE_FIRMS
            .replace(",Ningbo,", ",Foshan,")
            .replace(",Guangzhou,", ",Foshan,")
            .replace(",Tokyo,", ",Foshan,"),
        crate::util::BASE_LINKS,
    );
    let dir = data.path().display().to_string();
    let r = run(["summary", &dir, "--region", "Cty04242"]);
    r.assert_code(2);
    assert!(r.stderr.len() < 4_000, "{} bytes of error", r.stderr.len());
    r.assert_contains("unknown region or city \"Cty04242\"; did you mean \"City04242\"?");
    r.assert_contains("regions: GBA, R0, R1, R2; cities: City00000, City00001,");
    r.assert_contains("City00019 … and 99,980 more");
}

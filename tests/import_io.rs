//! `import-io` (issue 17 item 4): pymrio's test MRIO (tests/data/io, LGPL-3.0, see its
//! NOTICE.md) imports, checks clean, has the link count and template that
//! tests/data/io/convert_pymrio.py computes independently, lists the dropped cycle edges,
//! and `complement` compares its regions by output; hand-worked 3 × 3 and 2-region
//! examples; refusals leave nothing behind.

use std::path::{Path, PathBuf};

use crate::util::{repo, run};

fn data(name: &str) -> PathBuf {
    repo().join("tests/data/io").join(name)
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// Data rows of a CSV file written by import-io.
fn rows(dir: &Path, name: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(dir.join(name))
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect()
}

/// Writes `z` and the `extra` files into a temporary folder and runs import-io on them with
/// `flags` (`{name}` in a flag is the path of extra file `name`) into `out`; returns the
/// folder (kept alive) and `out`.
fn import_io(z: &str, extra: &[(&str, &str)], flags: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let z_path = tmp.path().join("z.csv");
    std::fs::write(&z_path, z).unwrap();
    for (name, text) in extra {
        std::fs::write(tmp.path().join(name), text).unwrap();
    }
    let out = tmp.path().join("out");
    let mut args: Vec<String> = vec!["import-io".into(), "--z".into(), path(&z_path)];
    for flag in flags {
        args.push(
            match flag.strip_prefix('{').and_then(|f| f.strip_suffix('}')) {
                Some(name) => path(&tmp.path().join(name)),
                None => flag.to_string(),
            },
        );
    }
    args.extend(["-o".to_string(), path(&out)]);
    run(&args).assert_code(0);
    (tmp, out)
}

fn path(p: &Path) -> String {
    p.to_str().unwrap().to_string()
}

fn expected() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(data("pymrio_test_expected.json")).unwrap())
        .unwrap()
}

fn complement(dir: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "complement",
        dir,
        "--cities",
        "reg1,reg2",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let r = run(&args);
    r.assert_ok();
    serde_json::from_str(&r.stdout).unwrap()
}

#[test]
fn pymrio_test_mrio_imports_checks_clean_and_matches_the_independent_count() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mrio");
    let d = dir.to_str().unwrap();
    let z = data("pymrio_test_Z.csv");
    let x = data("pymrio_test_x.csv");
    run([
        "import-io",
        "--z",
        z.to_str().unwrap(),
        "--gross-output",
        x.to_str().unwrap(),
        "--unit",
        "Mill USD",
        "-o",
        d,
    ])
    .assert_code(0)
    .assert_contains("48 actors in 6 regions");
    run(["check", d])
        .assert_ok()
        .assert_contains("0 errors, 0 warnings");

    let want = expected();
    assert_eq!(rows(&dir, "firms.csv").len(), 48);
    assert_eq!(rows(&dir, "cities.csv").len(), 6);
    // 163 at T = 0.05, computed by convert_pymrio.py from the pymrio data.
    assert_eq!(rows(&dir, "links.csv").len(), 163);
    assert_eq!(want["links"], 163);
    // The template: the kept edges are the script's, every dropped one is in the log.
    let mut kept: Vec<String> = Vec::new();
    for row in rows(&dir, "chains.csv") {
        for input in row[4].split(';').filter(|s| !s.is_empty()) {
            kept.push(format!("{input}->{}", &row[1]));
        }
    }
    kept.sort();
    let want_kept: Vec<String> = want["template_kept"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(kept, want_kept);
    let log = read(&dir, "import-log.md");
    let dropped = want["template_dropped"].as_array().unwrap();
    assert_eq!(dropped.len(), 8);
    for edge in dropped {
        let (from, to) = edge.as_str().unwrap().split_once("->").unwrap();
        assert!(
            log.contains(&format!("| io/{from} → io/{to} |")),
            "{from} -> {to} not in the log:\n{log}"
        );
    }
    assert!(log.contains(&format!(
        "- on a template edge (counted): {}",
        want["links_on_template_edges"]
    )));
    assert!(log.contains("Unit of the table: Mill USD"));
    assert!(read(&dir, "report.toml").contains("unit = \"Mill USD\""));
    // Gross output went into revenue: reg1/food's x.
    let food = rows(&dir, "firms.csv")
        .into_iter()
        .find(|r| &r[0] == "reg1/food")
        .unwrap();
    assert_eq!(&food[6], "239154.3864726197");

    // complement compares the regions by output: every firm states revenue and none
    // employment, so the default basis is revenue; S and K as the script computes them
    // from x.
    let c = complement(d, &[]);
    assert_eq!(c["basis_asked"], "default");
    assert_eq!(c["similarity_basis"]["basis"], "revenue");
    assert_eq!(c["similarity_basis"]["revenue_known_a"], 8);
    let s = c["similarity_unido"].as_f64().unwrap();
    let k = c["krugman"].as_f64().unwrap();
    assert!((s - want["reg1_reg2_unido_revenue"].as_f64().unwrap()).abs() < 1e-12);
    assert!((k - want["reg1_reg2_krugman_revenue"].as_f64().unwrap()).abs() < 1e-12);
    assert!((s - 0.944_401_472_927_405).abs() < 1e-12, "{s}");
    // By count every region has one actor per sector: identical structures.
    let c = complement(d, &["--basis", "count"]);
    assert_eq!(c["similarity_basis"]["basis"], "count");
    assert!((c["similarity_unido"].as_f64().unwrap() - 1.0).abs() < 1e-12);
    // Employment asked but known for none: firm count, labelled.
    let c = complement(d, &["--basis", "employment"]);
    assert_eq!(c["basis_asked"], "employment");
    assert_eq!(c["similarity_basis"]["basis"], "count");
}

/// The 3 × 3 example of docs/cli.md (worked by hand in src/iotable/mod.rs): at T = 0.35,
/// links b→a, b→c, c→a, c→b; the template keeps c→b, b→a, c→a and drops b→c, which would
/// close b → c → b; revenue = column sums 100, 100, 40.
#[test]
fn three_sectors_by_hand() {
    let (_tmp, dir) = import_io(
        "Z,R/a,R/b,R/c\nR/a,10,30,4\nR/b,50,0,16\nR/c,40,70,20\n",
        &[("tiers.csv", "sector,tier\nc,material\n")],
        &[
            "--threshold",
            "0.35",
            "--tiers",
            "{tiers.csv}",
            "--country",
            "China",
            "--source",
            "Hand table 2026",
        ],
    );
    let d = dir.to_str().unwrap();
    run(["check", d]).assert_ok().assert_contains("0 errors");
    assert_eq!(
        read(&dir, "chains.csv"),
        "chain,stage,label,tier,inputs\nio,a,a,final_product,b;c\nio,b,b,final_product,c\nio,c,c,material,\n"
    );
    assert_eq!(
        read(&dir, "cities.csv"),
        "city,name_zh,region,country,lat,lon\nR,,IO,China,,\n"
    );
    let links: Vec<(String, String, String)> = rows(&dir, "links.csv")
        .iter()
        .map(|r| (r[0].to_string(), r[1].to_string(), r[4].to_string()))
        .collect();
    let l = |a: &str, b: &str, w: &str| (a.to_string(), b.to_string(), w.to_string());
    assert_eq!(
        links,
        [
            l("R/b", "R/a", "50"),
            l("R/b", "R/c", "16"),
            l("R/c", "R/a", "40"),
            l("R/c", "R/b", "70")
        ]
    );
    let link = &rows(&dir, "links.csv")[0];
    assert_eq!(&link[5], "documented");
    assert_eq!(
        &link[6],
        "Hand table 2026 (z = 50; 0.5000 of the buyer's intermediate inputs)"
    );
    let revenue: Vec<String> = rows(&dir, "firms.csv")
        .iter()
        .map(|r| r[6].to_string())
        .collect();
    assert_eq!(revenue, ["100", "100", "40"]);
    let log = read(&dir, "import-log.md");
    assert!(
        log.contains("| io/b → io/c | 0.4000 | b → c → b |"),
        "{log}"
    );
    assert!(log.contains("- sector pair dropped to keep the template acyclic: 1"));
    assert!(log.contains("Not written: 2 flows with a share below 0.35; 2 own-use flows"));
    assert!(log.contains("Column sums count intermediate inputs only"));
}

/// Two regions × two sectors with gross output: A makes s 30, t 10; B makes s 10, t 30.
/// By revenue the stage shares are x = (0.75, 0.25), y = (0.25, 0.75):
/// S = (0.75·0.25 + 0.25·0.75) / (0.75² + 0.25²) = 0.375 / 0.625 = 0.6 and
/// K = 0.5 + 0.5 = 1. By count both have one actor per sector: S = 1, K = 0.
#[test]
fn complement_weighs_output_worked_by_hand() {
    let (_tmp, dir) = import_io(
        ",A/s,A/t,B/s,B/t\nA/s,0,5,1,0\nA/t,5,0,0,1\nB/s,1,0,0,5\nB/t,0,1,5,0\n",
        &[("x.csv", "label,x\nA/s,30\nA/t,10\nB/s,10\nB/t,30\n")],
        &["--gross-output", "{x.csv}"],
    );
    let d = dir.to_str().unwrap();
    let pair = |extra: &[&str]| {
        let mut args = vec!["complement", d, "--cities", "A,B", "--format", "json"];
        args.extend_from_slice(extra);
        let r = run(&args);
        r.assert_ok();
        serde_json::from_str::<serde_json::Value>(&r.stdout).unwrap()
    };
    for c in [pair(&[]), pair(&["--basis", "revenue"])] {
        assert_eq!(c["similarity_basis"]["basis"], "revenue");
        assert!((c["similarity_unido"].as_f64().unwrap() - 0.6).abs() < 1e-12);
        assert!((c["krugman"].as_f64().unwrap() - 1.0).abs() < 1e-12);
        // LQ of A in final_product against IO: every stage is final_product, so 1.
        assert_eq!(
            c["location_quotients"]["tier_basis"]["a"]["basis"],
            "revenue"
        );
    }
    let c = pair(&["--basis", "count"]);
    assert!((c["similarity_unido"].as_f64().unwrap() - 1.0).abs() < 1e-12);
    assert!(c["krugman"].as_f64().unwrap().abs() < 1e-12);
    let table = run(["complement", d, "--cities", "A,B"]);
    table.assert_ok().assert_contains(
        "weighed by revenue (A: revenue known for 2 of 2; B: revenue known for 2 of 2)",
    );
}

#[test]
fn refusals_name_the_place_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let z = tmp.path().join("z.csv");
    std::fs::write(&z, "Z,R/a,R/b\nR/a,1,2\nR/c,3,4\n").unwrap();
    let dir = tmp.path().join("out");
    let d = dir.to_str().unwrap();
    let zs = z.to_str().unwrap();
    run(["import-io", "--z", zs, "-o", d])
        .assert_code(2)
        .assert_contains("z.csv:3: column 1: row label \"R/c\" is not a column label")
        .assert_contains("nothing was written");
    assert!(!dir.exists());
    std::fs::write(&z, "Z,R/a,R/b\nR/a,1,2\nR/b,3,x\n").unwrap();
    run(["import-io", "--z", zs, "-o", d])
        .assert_code(2)
        .assert_contains("z.csv:3: column 3 (R/b): \"x\" is not a number");
    assert!(!dir.exists());
    std::fs::write(&z, "Z,R/a,R/b\nR/a,1,2\nR/b,3,4\n").unwrap();
    run(["import-io", "--z", zs, "--threshold", "1.5", "-o", d])
        .assert_code(2)
        .assert_contains("between 0 and 1");
    let x = tmp.path().join("x.csv");
    std::fs::write(&x, "label,x\nR/a,1\n").unwrap();
    run([
        "import-io",
        "--z",
        zs,
        "--gross-output",
        x.to_str().unwrap(),
        "-o",
        d,
    ])
    .assert_code(2)
    .assert_contains("no gross output for label \"R/b\"");
    assert!(!dir.exists());
    // A folder holding anything is refused and left as it was.
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    run(["import-io", "--z", zs, "-o", d])
        .assert_code(2)
        .assert_contains("not empty");
    assert_eq!(read(&dir, "notes.txt"), "mine");
    // The same input gives the same bytes.
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for out in [&a, &b] {
        run(["import-io", "--z", zs, "-o", out.to_str().unwrap()]).assert_code(0);
    }
    for file in [
        "cities.csv",
        "chains.csv",
        "firms.csv",
        "links.csv",
        "report.toml",
        "import-log.md",
    ] {
        assert_eq!(read(&a, file), read(&b, file), "{file}");
    }
}

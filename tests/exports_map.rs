//! The chain map (`map --format dot|svg`), its built-in SVG and the HTML report: Graphviz
//! accepts every DOT file, headless Chromium renders the page without a network request,
//! hostile names survive every format, and byte-for-byte snapshots on datasets/tiny.
//!
//! Graphviz (`dot`) and Chromium are installed by CI (.ci/run). Where one is missing, the
//! test that needs it fails when `CI` is set, and elsewhere prints `SKIPPED: …` to stderr
//! and passes (see `util::require_program`). Snapshots: `CHAINATLAS_UPDATE_SNAPSHOTS=1
//! cargo test exports_map` rewrites tests/data/snapshots/.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chainatlas::analysis::completeness::{Options, RegionState};
use chainatlas::analysis::stage_map as map;
use chainatlas::export::svg;
use chainatlas::load::{DatasetSource, LoadOptions, load};
use chainatlas::model::{Model, Region};

use crate::util::{
    TempDataset, assert_snapshot, chromium, repo, require_program, run, run_in_repo, tiny,
};

// ---------------------------------------------------------------- helpers

/// Chain ids of a dataset folder, sorted.
fn chain_ids(dataset: &Path) -> Vec<String> {
    let mut rdr = csv::Reader::from_path(dataset.join("chains.csv")).expect("chains.csv");
    let mut ids: Vec<String> = rdr
        .records()
        .map(|r| r.expect("row")[0].to_string())
        .collect();
    ids.sort();
    ids.dedup();
    assert!(!ids.is_empty(), "{}: no chains", dataset.display());
    ids
}

/// An empty folder to use as PATH, so the binary finds no `dot`.
fn empty_path() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// `dot -Tsvg` of a DOT text; panics with dot's message when Graphviz rejects it.
fn assert_graphviz_accepts(what: &str, dot: &str) -> String {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn dot");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = dot.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("dot output");
    writer.join().expect("writer").expect("write to dot");
    assert!(
        out.status.success(),
        "dot -Tsvg rejected {what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = String::from_utf8(out.stdout).expect("utf-8 svg");
    assert!(svg.contains("<svg"), "{what}: no svg");
    svg
}

/// Parses XML with an independent parser (roxmltree); panics with the error.
fn assert_xml(what: &str, text: &str) {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    if let Err(e) = roxmltree::Document::parse_with_options(text, opts) {
        panic!("{what} is not well-formed XML: {e}");
    }
}

/// Every inline `<svg …>…</svg>` element of an HTML page.
fn inline_svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let Some(len) = rest[start..].find("</svg>") else {
            panic!("unclosed <svg> element");
        };
        out.push(&rest[start..start + len + "</svg>".len()]);
        rest = &rest[start + len..];
    }
    out
}

/// The page references nothing outside itself: no script, no URL scheme, no `src`, no
/// external `href` or `url(…)`; the only URLs are SVG namespace names.
fn assert_self_contained(what: &str, html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"), "{what}: no doctype");
    assert!(html.trim_end().ends_with("</html>"), "{what}: not closed");
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "{what}: has a script");
    let stripped = lower
        .replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
        .replace("xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
    // A source address may be printed as text (an absence's source_ref); what must not
    // appear is anything that loads it: src=, <link>, @import, and href/url() below.
    for bad in [
        "src=",
        "@import",
        "@font-face",
        "<link",
        "<img",
        "<iframe",
        "<object",
        "<embed",
    ] {
        if let Some(at) = stripped.find(bad) {
            let from = stripped[..at]
                .char_indices()
                .rev()
                .nth(80)
                .map_or(0, |(i, _)| i);
            panic!(
                "{what}: found {bad:?} near {:?}",
                &stripped[from..(at + 40).min(stripped.len())]
            );
        }
    }
    for attr in ["href=\"", "url("] {
        for (at, _) in stripped.match_indices(attr) {
            let value = &stripped[at + attr.len()..];
            assert!(
                value.starts_with('#'),
                "{what}: {attr} points outside the page: {:?}",
                &value[..value.len().min(60)]
            );
        }
    }
}

fn load_dir(dir: &Path) -> Model {
    let loaded = load(
        &DatasetSource::Dir(dir.to_path_buf()),
        &LoadOptions::default(),
    )
    .expect("load");
    loaded.model.expect("valid dataset")
}

/// The built-in SVG of one chain (as the HTML report draws it without Graphviz).
fn builtin_svg(model: &Model, region: Option<&str>, chain: &str) -> String {
    let region = Region::resolve(model, region).expect("region");
    let opts = Options::default();
    let state = RegionState::new(model, &region, opts.min_producers);
    let c = model.chain(chain).expect("chain");
    svg::render(&map::build(&state, c, &opts), "cm")
}

// ---------------------------------------------------------------- map: DOT

#[test]
fn map_dot_of_every_chain_of_tiny_and_gba_is_accepted_by_graphviz() {
    let mut cases: Vec<(Option<String>, String, Option<&str>)> = Vec::new();
    for c in chain_ids(&repo().join("datasets/tiny")) {
        cases.push((Some(tiny()), c.clone(), None));
        cases.push((Some(tiny()), c, Some("Foshan")));
    }
    for c in chain_ids(&repo().join("datasets/gba")) {
        cases.push((None, c, None)); // the embedded GBA dataset
    }
    let graphviz = require_program("dot");
    for (dataset, chain, region) in &cases {
        let mut args: Vec<&str> = vec!["map"];
        args.extend(dataset.as_deref());
        args.extend(["--chain", chain]);
        if let Some(r) = region {
            args.extend(["--region", r]);
        }
        let r = run(&args);
        r.assert_code(0);
        assert!(r.stdout.starts_with("digraph "), "{args:?}");
        assert!(r.stdout.contains("rankdir=LR") && r.stdout.contains("newrank=true"));
        assert!(r.stdout.contains("\"cluster_legend\""));
        if graphviz {
            assert_graphviz_accepts(&format!("{args:?}"), &r.stdout);
        }
    }
}

#[test]
fn map_dot_colours_stages_and_edges_by_status() {
    let r = run(["map", &tiny(), "--chain", "robot", "--region", "Foshan"]);
    r.assert_code(0);
    let line = |key: &str| -> String {
        r.stdout
            .lines()
            .find(|l| l.trim_start().starts_with(key))
            .unwrap_or_else(|| panic!("no line {key}\n{}", r.stdout))
            .to_string()
    };
    // No producer in the data (no absences.csv): grey with a dashed border (absent would be
    // red); present but unclosed, amber; closed, green.
    assert!(line("\"robot/reducer\" [").contains("fillcolor=\"#eceff1\""));
    assert!(line("\"robot/reducer\" [").contains("style=\"rounded,filled,dashed\""));
    assert!(line("\"robot/agv\" [").contains("fillcolor=\"#ffe0b2\""));
    let gba = run(["map", &tiny(), "--chain", "aircon"]);
    gba.assert_code(0);
    assert!(gba.stdout.contains("\"aircon/split_ac\" [label=\"Split air conditioner\\n(split_ac)\\n1 local producer\\nclosed\\n• Shunde Aircon Group\""));
    assert!(gba.stdout.contains("fillcolor=\"#c8e6c9\""));
    // The blockage servo → agv (both present in Foshan, no local trade): red, bold, dashed.
    assert!(
        line("\"robot/servo\" -> \"robot/agv\" [")
            .contains("color=\"#c62828\", style=\"bold,dashed\"")
    );
    // hub_motor is an OR-alternative of servo for the AGV: dashed.
    assert!(line("\"robot/hub_motor\" -> \"robot/agv\" [").contains("style=\"dashed\""));
    // Tiers in order, one rank=same subgraph each.
    let tiers: Vec<&str> = r
        .stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("subgraph \"tier "))
        .collect();
    assert_eq!(
        tiers,
        [
            "material\" {",
            "component\" {",
            "module\" {",
            "final_product\" {"
        ]
    );
    // Top firms by employees.
    assert!(line("\"robot/servo\" [").contains("• Foshan Servo Motor Co."));
}

#[test]
fn map_output_file_is_written_whole_and_equals_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("robot.dot");
    let file_arg = file.display().to_string();
    run(["map", &tiny(), "--chain", "robot", "-o", &file_arg]).assert_code(0);
    let stdout = run(["map", &tiny(), "--chain", "robot"]);
    stdout.assert_ok();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), stdout.stdout);
}

#[test]
fn map_needs_a_known_chain() {
    run(["map", &tiny()])
        .assert_code(2)
        .assert_contains("--chain");
    run(["map", &tiny(), "--chain", "robott"])
        .assert_code(2)
        .assert_contains("unknown chain \"robott\"")
        .assert_contains("robot");
    run(["map", &tiny(), "--chain", "robot", "--format", "png"]).assert_code(2);
}

// ---------------------------------------------------------------- map: SVG via Graphviz

#[test]
fn map_svg_without_graphviz_exits_2_and_says_what_to_do() {
    let empty = empty_path();
    let r = run_in_repo(
        &[
            "map",
            "datasets/tiny",
            "--chain",
            "robot",
            "--format",
            "svg",
        ],
        &[("PATH", empty.path())],
    );
    r.assert_code(2).assert_contains(
        "Graphviz's `dot` was not found on PATH: install Graphviz (apt-get install graphviz), use --layout builtin (the built-in SVG layout) or --format dot",
    );
    assert!(r.stdout.is_empty());
    // DOT needs no Graphviz.
    run_in_repo(
        &["map", "datasets/tiny", "--chain", "robot"],
        &[("PATH", empty.path())],
    )
    .assert_code(0);
}

#[test]
fn map_svg_with_graphviz_is_an_svg_document() {
    if !require_program("dot") {
        return;
    }
    let r = run(["map", &tiny(), "--chain", "robot", "--format", "svg"]);
    r.assert_code(0);
    assert!(r.stdout.contains("<svg"));
    assert_xml("map --format svg", &r.stdout);
    assert!(r.stdout.contains("Precision reducer"));
}

// ---------------------------------------------------------------- built-in SVG

#[test]
fn builtin_svg_of_every_chain_is_well_formed_xml() {
    for (dir, model) in [
        ("tiny", load_dir(&repo().join("datasets/tiny"))),
        ("gba", load_dir(&repo().join("datasets/gba"))),
    ] {
        for chain in chain_ids(&repo().join("datasets").join(dir)) {
            let text = builtin_svg(&model, None, &chain);
            assert!(text.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
            assert_xml(&format!("built-in SVG of {dir}/{chain}"), &text);
            let doc = roxmltree::Document::parse(&text).unwrap();
            let boxes = doc
                .descendants()
                .filter(|n| {
                    n.has_tag_name("g")
                        && n.attribute("class")
                            .is_some_and(|c| c.starts_with("stage "))
                })
                .count();
            let stages = model.chains[model.chain(&chain).unwrap() as usize]
                .stages
                .len();
            assert_eq!(boxes, stages, "{dir}/{chain}");
        }
    }
}

// ---------------------------------------------------------------- HTML report

#[test]
fn html_report_is_self_contained_with_one_map_per_chain() {
    let empty = empty_path();
    let mut cases = vec![
        (
            "tiny, built-in maps",
            vec!["report", "datasets/tiny", "--format", "html"],
            true,
        ),
        (
            "GBA, built-in maps",
            vec!["report", "--format", "html"],
            true,
        ),
    ];
    if require_program("dot") {
        cases.push((
            "tiny, Graphviz maps",
            vec![
                "report",
                "datasets/tiny",
                "--format",
                "html",
                "--layout",
                "graphviz",
            ],
            false,
        ));
        cases.push((
            "GBA, Graphviz maps",
            vec!["report", "--format", "html", "--layout", "graphviz"],
            false,
        ));
    }
    for (what, args, builtin) in cases {
        let env: Vec<(&str, &Path)> = if builtin {
            vec![("PATH", empty.path())]
        } else {
            Vec::new()
        };
        let r = run_in_repo(&args, &env);
        r.assert_code(0);
        let html = &r.stdout;
        assert_self_contained(what, html);
        let chains = if args.contains(&"datasets/tiny") {
            chain_ids(&repo().join("datasets/tiny"))
        } else {
            chain_ids(&repo().join("datasets/gba"))
        };
        assert_eq!(html.matches("<figure>").count(), chains.len(), "{what}");
        let svgs = inline_svgs(html);
        assert!(svgs.len() >= chains.len(), "{what}: {} svgs", svgs.len());
        for (i, s) in svgs.iter().enumerate() {
            assert_xml(&format!("{what}: svg {i}"), s);
        }
        let engine = if builtin {
            "Drawn by the built-in layout."
        } else {
            "Drawn by Graphviz."
        };
        assert_eq!(html.matches(engine).count(), chains.len(), "{what}");
        assert!(html.contains("Bottlenecks and resilience"));
        assert!(html.contains("Claim 1 per chain") || html.contains("Per chain: complete"));
        for c in &chains {
            assert!(
                html.contains(&format!("<h2>Chain <code>{c}</code>")),
                "{what}: {c}"
            );
        }
    }
}

#[test]
fn html_report_opens_with_the_same_verdict_as_markdown() {
    let md = run(["report", &tiny()]);
    let html = run(["report", &tiny(), "--format", "html"]);
    md.assert_code(0);
    html.assert_code(0);
    let json = run(["report", &tiny(), "--format", "json"]);
    json.assert_code(0);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let summary = v["claim"]["summary"].as_str().unwrap();
    assert!(!summary.is_empty(), "empty summary");
    assert!(html.stdout.contains(summary), "summary missing from HTML");
    assert!(md.stdout.contains(summary), "summary missing from Markdown");
    let chains = v["chains"].as_array().unwrap();
    assert_eq!(chains.len(), 2, "tiny has two chains");
    for c in chains {
        let headline = c["headline"].as_str().unwrap();
        assert!(html.stdout.contains(headline), "HTML headline {headline:?}");
        assert!(
            md.stdout.contains(headline),
            "Markdown headline {headline:?}"
        );
    }
}

// ---------------------------------------------------------------- headless Chromium

/// Hosts Chromium itself calls (clock, component updater, accounts) even with background
/// networking disabled; a page of ours never names them (its URLs are checked above).
const BROWSER_HOSTS: [&str; 5] = [
    "google.com",
    "googleapis.com",
    "gstatic.com",
    "gvt1.com",
    "gvt2.com",
];

/// The host a proxied request line asks for: `GET http://host/…` or `CONNECT host:443`.
fn request_host(line: &str) -> String {
    let target = line.split_whitespace().nth(1).unwrap_or("");
    let rest = target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))
        .unwrap_or(target);
    let authority = rest.split('/').next().unwrap_or("");
    authority
        .rsplit_once(':')
        .map_or(authority, |(h, _)| h)
        .to_string()
}

fn is_browser_host(host: &str) -> bool {
    BROWSER_HOSTS
        .iter()
        .any(|b| host == *b || host.ends_with(&format!(".{b}")))
}

/// Runs Chromium headless on a file with every HTTP(S) request sent to a local proxy that
/// records them. Returns (exit ok, stdout, requests to hosts other than Chromium's own).
fn chromium_run(browser: &Path, page: &Path, extra: &[String]) -> (bool, String, Vec<String>) {
    let proxy = TcpListener::bind("127.0.0.1:0").expect("bind");
    proxy.set_nonblocking(true).expect("nonblocking");
    let port = proxy.local_addr().expect("addr").port();
    let profile = tempfile::tempdir().expect("profile dir");
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .arg(format!("--proxy-server=http://127.0.0.1:{port}"))
    .arg("--proxy-bypass-list=<-loopback>")
    .args(extra)
    .arg(format!("file://{}", page.display()))
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    let mut child = cmd.spawn().expect("spawn chromium");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let mut requests = Vec::new();
    let mut take = |proxy: &TcpListener| {
        while let Ok((mut conn, _)) = proxy.accept() {
            let _ = conn.set_nonblocking(false);
            let _ = conn.set_read_timeout(Some(Duration::from_secs(2)));
            let mut buf = [0u8; 512];
            let n = conn.read(&mut buf).unwrap_or(0);
            if n == 0 {
                // A socket opened to the proxy and closed without a request (Chromium
                // preconnects speculatively): nothing was fetched.
                continue;
            }
            let text = String::from_utf8_lossy(&buf[..n]).into_owned();
            let line = text
                .lines()
                .next()
                .unwrap_or("<no request line>")
                .to_string();
            if !is_browser_host(&request_host(&line)) {
                requests.push(line);
            }
        }
    };
    let start = Instant::now();
    let status = loop {
        take(&proxy);
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    take(&proxy);
    let out = reader.join().unwrap_or_default();
    (status.is_some_and(|s| s.success()), out, requests)
}

/// Renders `html` with headless Chromium: a screenshot that is not blank, the DOM with
/// every chain map, and no network request. Callers check `require_program("chromium")`
/// first.
fn assert_renders_in_chromium(test: &str, html: &str, chains: usize) {
    let browser = chromium().expect("Chromium (callers check require_program first)");
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, html).unwrap();
    let shot = dir.path().join("shot.png");
    let (ok, _, requests) = chromium_run(
        &browser,
        &page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000".into(),
        ],
    );
    assert!(ok, "{test}: chromium failed");
    assert!(
        requests.is_empty(),
        "{test}: the page made network requests: {requests:?}"
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{test}: not a PNG");
    // A blank 1280×2000 page compresses to a few KB; text, tables and maps take far more.
    let idat: usize = png_idat_bytes(&png);
    assert!(
        idat > 20_000,
        "{test}: screenshot looks blank ({idat} bytes of image data)"
    );

    let (ok, dom, requests) = chromium_run(&browser, &page, &["--dump-dom".into()]);
    assert!(ok, "{test}: chromium --dump-dom failed");
    assert!(
        requests.is_empty(),
        "{test}: the page made network requests: {requests:?}"
    );
    assert!(
        dom.contains("Claim 1 per chain") || dom.contains("Per chain: complete"),
        "{test}: DOM lacks the verdict"
    );
    assert_eq!(
        dom.matches("<figure>").count(),
        chains,
        "{test}: maps in the DOM"
    );
    assert!(
        !dom.to_lowercase().contains("<script"),
        "{test}: script in the DOM"
    );
}

/// Total length of a PNG's IDAT chunks.
fn png_idat_bytes(png: &[u8]) -> usize {
    let mut at = 8;
    let mut total = 0;
    while at + 8 <= png.len() {
        let len = u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]) as usize;
        if &png[at + 4..at + 8] == b"IDAT" {
            total += len;
        }
        at += 12 + len;
    }
    total
}

#[test]
fn html_report_renders_in_headless_chromium_without_network() {
    if !require_program("chromium") {
        return;
    }
    let empty = empty_path();
    let builtin = run_in_repo(
        &["report", "datasets/tiny", "--format", "html"],
        &[("PATH", empty.path())],
    );
    builtin.assert_code(0);
    assert_renders_in_chromium(
        "html report (tiny, built-in maps) in Chromium",
        &builtin.stdout,
        2,
    );
    let gba = run(["report", "--format", "html"]);
    gba.assert_code(0);
    let chains = chain_ids(&repo().join("datasets/gba")).len();
    assert_renders_in_chromium("html report (GBA) in Chromium", &gba.stdout, chains);
}

#[test]
fn chromium_check_notices_a_network_request() {
    // The proxy check above must be able to fail: a page with a remote image trips it.
    if !require_program("chromium") {
        return;
    }
    let browser = chromium().expect("found by require_program");
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("remote.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body><img src=\"http://example.invalid/x.png\"></body></html>",
    )
    .unwrap();
    let (_, _, requests) = chromium_run(&browser, &page, &["--dump-dom".into()]);
    assert!(
        requests
            .iter()
            .any(|r| request_host(r) == "example.invalid"),
        "the proxy saw no request for the image: {requests:?}"
    );
    assert_eq!(
        request_host("CONNECT update.googleapis.com:443 HTTP/1.1"),
        "update.googleapis.com"
    );
    assert!(is_browser_host("clients2.google.com") && !is_browser_host("example.invalid"));
}

// ---------------------------------------------------------------- hostile names

const LONG_LEN: usize = 20_000;

fn long_name() -> String {
    let mut s = String::from("Long");
    while s.chars().count() < LONG_LEN - 1 {
        s.push(if s.len() % 7 == 0 { '佛' } else { 'x' });
    }
    s.push('!');
    s
}

const NAMES: [&str; 5] = [
    "Copper \"Co\" \\N \\G",
    "</graphml><script>alert(1)</script>",
    "=cmd|' /C calc'!A0",
    "Line one\nLine two",
    "顺德空调集团 & 佛山",
];

fn csv_text(rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn hostile() -> TempDataset {
    let s = |x: &str| x.to_string();
    let chains = csv_text(&[
        vec![s("chain"), s("stage"), s("label"), s("tier"), s("inputs")],
        vec![s("ac"), s("copper"), s(NAMES[0]), s("raw_material"), s("")],
        vec![
            s("ac"),
            s("compressor"),
            s(NAMES[1]),
            s("component"),
            s("copper"),
        ],
        vec![s("ac"), s("board"), s(NAMES[2]), s("component"), s("")],
        vec![
            s("ac"),
            s("air_conditioner"),
            long_name(),
            s("final_product"),
            s("compressor;board"),
        ],
        vec![
            s("ac"),
            s("retail"),
            s("零售\n服务 \"<x>\""),
            s("service"),
            s("air_conditioner"),
        ],
    ]);
    let firm = |id: &str, name: &str, city: &str, stages: &str, emp: &str| {
        vec![
            s(id),
            s(name),
            s("佛山"),
            s(city),
            s("firm"),
            s(stages),
            s("manufacturing"),
            s(emp),
            s(""),
            s("test"),
        ]
    };
    let firms = csv_text(&[
        vec![
            s("id"),
            s("name"),
            s("name_zh"),
            s("city"),
            s("kind"),
            s("stages"),
            s("functions"),
            s("employees"),
            s("revenue"),
            s("source"),
        ],
        firm("cu", NAMES[0], "Ningbo", "ac/copper", "100"),
        firm("comp", NAMES[1], "Foshan", "ac/compressor", "500"),
        firm("brd", NAMES[2], "Guangzhou", "ac/board", "200"),
        firm("big", &long_name(), "Guangzhou", "ac/board", "900"),
        firm("ac1", NAMES[3], "Foshan", "ac/air_conditioner", "1000"),
        firm("shop", NAMES[4], "Foshan", "ac/retail", "50"),
    ]);
    let links = "\
source,target,layer,stage,weight,year,evidence,source_ref
cu,comp,supply,ac/copper,10,2024,documented,test
comp,ac1,supply,ac/compressor,20,2024,documented,test
brd,ac1,supply,,5,2024,reported,test
";
    TempDataset::with(crate::util::BASE_CITIES, &chains, &firms, links)
}

#[test]
fn hostile_names_go_through_every_format_intact() {
    let data = hostile();
    let path = data.path().display().to_string();
    data.check().assert_code(0);
    let long = long_name();

    // DOT: accepted by Graphviz; quotes and backslashes escaped.
    let dot = run(["map", &path, "--chain", "ac"]);
    dot.assert_code(0);
    assert!(
        dot.stdout.contains(r#"Copper \"Co\" \\N \\G"#),
        "{}",
        &dot.stdout[..2000]
    );
    assert!(dot.stdout.lines().all(|l| l.len() < 20_000));
    if require_program("dot") {
        let svg = assert_graphviz_accepts("hostile DOT", &dot.stdout);
        assert_xml("Graphviz SVG of hostile DOT", &svg);
        let doc = roxmltree::Document::parse_with_options(
            &svg,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .unwrap();
        let mut text: String = doc.descendants().filter_map(|n| n.text()).collect();
        for n in doc.descendants() {
            for a in n.attributes() {
                text += a.value();
            }
        }
        assert!(
            text.contains("Copper \"Co\" \\N \\G"),
            "Graphviz expanded \\N or lost quotes"
        );
        assert!(text.contains("</graphml><script>alert(1)</script>"));
        assert!(!doc.descendants().any(|n| n.has_tag_name("script")));
        let r = run(["map", &path, "--chain", "ac", "--format", "svg"]);
        r.assert_code(0);
        assert_xml("map --format svg (hostile)", &r.stdout);
    }

    // Built-in SVG: well-formed, the text is text (no element injected), full names kept
    // in the tooltips.
    let model = load_dir(data.path());
    let svg_text = builtin_svg(&model, None, "ac");
    assert_xml("built-in SVG (hostile)", &svg_text);
    let doc = roxmltree::Document::parse(&svg_text).unwrap();
    assert!(!doc.descendants().any(|n| n.has_tag_name("script")));
    let titles: String = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    for name in NAMES {
        assert!(titles.contains(name), "built-in SVG lost {name:?}");
    }
    assert!(titles.contains(&long), "built-in SVG lost the long name");
    let shown: String = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    assert!(shown.contains("• </graphml><script>"));
    assert!(shown.contains("• =cmd|' /C calc'!A0"));

    // HTML with built-in maps and with Graphviz maps: self-contained, escaped, renders.
    let empty = empty_path();
    let html = run_in_repo(
        &["report", &path, "--format", "html"],
        &[("PATH", empty.path())],
    );
    html.assert_code(0);
    assert_hostile_html("hostile HTML (built-in maps)", &html.stdout, &long);
    let chromium = require_program("chromium");
    if chromium {
        assert_renders_in_chromium("hostile HTML (built-in maps) in Chromium", &html.stdout, 1);
    }
    if require_program("dot") {
        let html = run(["report", &path, "--format", "html", "--layout", "graphviz"]);
        html.assert_code(0);
        assert_hostile_html("hostile HTML (Graphviz maps)", &html.stdout, &long);
        if chromium {
            assert_renders_in_chromium("hostile HTML (Graphviz maps) in Chromium", &html.stdout, 1);
        }
    }

    // Markdown and JSON reports carry the names too (JSON exactly).
    run(["report", &path]).assert_code(0);
    let json = run(["report", &path, "--format", "json"]);
    json.assert_code(0);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let mut strings = Vec::new();
    collect_strings(&v, &mut strings);
    for name in [NAMES[0], long.as_str()] {
        assert!(
            strings.iter().any(|s| s.contains(name)),
            "JSON report lost {name:?}"
        );
    }
    // The DOT file via -o is the same bytes as stdout.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hostile.dot");
    run([
        "map",
        &path,
        "--chain",
        "ac",
        "-o",
        &out.display().to_string(),
    ])
    .assert_code(0);
    assert_eq!(std::fs::read_to_string(out).unwrap(), dot.stdout);
}

fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

fn assert_hostile_html(what: &str, html: &str, long: &str) {
    assert_self_contained(what, html);
    assert!(
        html.contains("&lt;/graphml&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{what}"
    );
    assert!(!html.contains("</graphml>"), "{what}: raw </graphml>");
    // Each name is in the page, escaped by us or (inside Graphviz's SVG) by Graphviz.
    let mut decoded = String::new();
    for (i, svg) in inline_svgs(html).iter().enumerate() {
        assert_xml(&format!("{what}: svg {i}"), svg);
        let doc = roxmltree::Document::parse(svg).unwrap();
        for n in doc.descendants() {
            decoded.extend(n.text());
            for a in n.attributes() {
                decoded += a.value();
            }
        }
    }
    for name in [NAMES[0], NAMES[1], NAMES[2], NAMES[4]] {
        assert!(
            html.contains(&chainatlas::text::escape::html(name)) || decoded.contains(name),
            "{what}: {name:?} missing"
        );
    }
    // The long stage label is printed whole in the tables.
    assert!(html.contains(long), "{what}: long name cut");
    for (i, s) in inline_svgs(html).iter().enumerate() {
        assert_xml(&format!("{what}: svg {i}"), s);
    }
}

// ---------------------------------------------------------------- snapshots

#[test]
fn snapshot_map_dot_of_tiny() {
    for chain in ["aircon", "robot"] {
        let r = run_in_repo(&["map", "datasets/tiny", "--chain", chain], &[]);
        r.assert_code(0);
        assert_snapshot(&format!("tiny_map_{chain}.dot"), &r.stdout);
    }
}

#[test]
fn snapshot_builtin_svg_of_tiny() {
    let model = load_dir(&repo().join("datasets/tiny"));
    for chain in ["aircon", "robot"] {
        assert_snapshot(
            &format!("tiny_map_{chain}.svg"),
            builtin_svg(&model, None, chain),
        );
    }
}

#[test]
fn snapshot_html_report_of_tiny_without_graphviz() {
    let empty = empty_path();
    let r = run_in_repo(
        &["report", "datasets/tiny", "--format", "html"],
        &[("PATH", empty.path())],
    );
    r.assert_code(0);
    assert_snapshot("tiny_report.html", &r.stdout);
}

/// `map --format svg --layout builtin` draws the chain map with the built-in writer the HTML
/// report uses: no Graphviz needed, one standalone SVG document, the same bytes on every run.
#[test]
fn map_svg_with_the_builtin_layout_needs_no_graphviz() {
    let args = [
        "map",
        "datasets/tiny",
        "--chain",
        "aircon",
        "--format",
        "svg",
        "--layout",
        "builtin",
    ];
    // An empty PATH: no `dot` to find.
    let empty = tempfile::tempdir().unwrap();
    let a = crate::util::run_in_repo(&args, &[("PATH", empty.path())]);
    a.assert_ok();
    assert!(
        a.stdout
            .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{}",
        &a.stdout[..a.stdout.len().min(200)]
    );
    let doc = roxmltree::Document::parse(&a.stdout).expect("well-formed SVG");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    // Every stage of the aircon template is drawn with its label.
    for label in [
        "Split air conditioner",
        "Copper (recycled cathode)",
        "Steel",
    ] {
        assert!(a.stdout.contains(label), "{label}");
    }
    let b = crate::util::run_in_repo(&args, &[("PATH", empty.path())]);
    crate::util::assert_same_output("map svg builtin", &a, &b);
}

//! Errors that triage and encodings per file (issue 18 items 1–2): each file's encoding is
//! found on its own (a GBK file among UTF-8 ones loads, with or without `--encoding`, and
//! nothing is garbled); a workbook named .csv is named as one; `;`/tab separators and
//! Chinese headers get a hint; identical problems fold into one line (`--all` lists every
//! one); one mistake gives one problem, not a cascade of follow-on warnings.

use std::ffi::OsStr;
use std::path::Path;

use crate::util::{BASE_FIRMS, Run, TempDataset, bin, repo, run};

fn check(d: &TempDataset, extra: &[&str]) -> Run {
    let mut args: Vec<&OsStr> = vec![OsStr::new("check"), d.path().as_os_str()];
    args.extend(extra.iter().map(OsStr::new));
    run(args)
}

fn lines_starting(run: &Run, start: &str) -> Vec<String> {
    run.stdout
        .lines()
        .filter(|l| l.starts_with(start))
        .map(str::to_string)
        .collect()
}

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// The base dataset with the city Guangzhou renamed 北京 in a UTF-8 cities.csv, and
/// firms.csv in GBK naming 北京 and the firm ac1 格力电器: the case, where
/// `--encoding gbk` used to decode the valid UTF-8 cities.csv too (北京 → 鍖椾含).
fn gbk_firms_among_utf8() -> TempDataset {
    let d = TempDataset::base();
    d.replace("cities.csv", "Guangzhou,广州", "北京,北京");
    let firms = BASE_FIRMS
        .replace(",Guangzhou,", ",北京,")
        .replace("ac1,AC Co,,", "ac1,AC Co,格力电器,");
    d.write("firms.csv", gbk(&firms));
    d
}

#[test]
fn a_gbk_file_among_utf8_files_loads_without_flags_and_with_encoding() {
    let d = gbk_firms_among_utf8();
    let plain = check(&d, &[]);
    plain
        .assert_code(0)
        .assert_contains(&format!(
            "warning: {}: file is not UTF-8; read as GB18030 (GBK)",
            d.shown("firms.csv")
        ))
        .assert_contains("ok: 0 errors, 1 warning; 5 firms and 4 links loaded")
        .assert_contains(
            "hint: if a file read as GB18030 is in another encoding, give it with --encoding",
        );
    for flag in ["gb18030", "gbk"] {
        check(&d, &["--encoding", flag])
            .assert_code(0)
            .assert_contains("ok: 0 errors, 0 warnings; 5 firms and 4 links loaded");
    }
    // Nothing garbled, either way: the firm's Chinese name and its city (read from the
    // UTF-8 cities.csv, matched by the GBK firms.csv) come out as written.
    for extra in [&[][..], &["--encoding", "gb18030"][..]] {
        let mut args: Vec<&OsStr> = ["export", "--format", "json"]
            .into_iter()
            .map(OsStr::new)
            .collect();
        args.push(d.path().as_os_str());
        args.extend(extra.iter().map(OsStr::new));
        let export = run(args);
        export.assert_code(0);
        let json: serde_json::Value = serde_json::from_str(&export.stdout).unwrap();
        let nodes = json["nodes"].as_array().unwrap();
        let ac1 = nodes.iter().find(|n| n["id"] == "ac1").unwrap();
        assert_eq!(ac1["name_zh"], "格力电器", "{extra:?}");
        let brd = nodes.iter().find(|n| n["id"] == "brd").unwrap();
        assert_eq!(brd["city"], "北京", "{extra:?}");
        assert!(!export.stdout.contains("鍖椾含"), "{extra:?}");
    }
}

#[test]
fn the_former_corpus_cases_in_gb18030_and_gbk_load_with_a_warning() {
    for (case, file) in [("gb18030-firms", "firms.csv"), ("gbk-cities", "cities.csv")] {
        let dir = repo().join("tests/data/encodings").join(case);
        let out = run([OsStr::new("check"), dir.as_os_str()]);
        out.assert_code(0)
            .assert_contains(&format!(
                "warning: {}: file is not UTF-8; read as GB18030",
                dir.join(file).display()
            ))
            .assert_contains("ok: 0 errors, 1 warning; 5 firms and 4 links loaded");
    }
}

/// A large file is read in blocks; a GBK row after an all-ASCII first block is read as
/// GB18030 all the same; after non-ASCII UTF-8, a GBK row is an error (a file is in one
/// encoding).
#[test]
fn a_gbk_row_in_a_later_block_is_read_and_a_mixed_file_is_refused() {
    let d = TempDataset::base();
    let firms = BASE_FIRMS.replace("ac1,AC Co,,", "ac1,AC Co,格力电器,");
    d.write("firms.csv", gbk(&firms));
    let blocks = |d: &TempDataset| {
        let out = bin()
            .env("CHAINATLAS_BLOCK_BYTES", "64")
            .args([
                OsStr::new("export"),
                OsStr::new("--format"),
                OsStr::new("json"),
            ])
            .arg(d.path())
            .output()
            .unwrap();
        Run::from(out)
    };
    blocks(&d).assert_code(0).assert_contains("格力电器");
    // 格力 in UTF-8 on line 2, in GBK on line 5.
    let mut mixed = BASE_FIRMS
        .replace("cu,Copper Co,,", "cu,Copper Co,格力,")
        .into_bytes();
    let at = String::from_utf8_lossy(&mixed).find("ac1,AC Co,,").unwrap() + "ac1,AC Co,".len();
    mixed.splice(at..at, gbk("格力电器"));
    d.write("firms.csv", mixed);
    let bad = blocks(&d);
    bad.assert_code(1)
        .assert_contains("then not (byte 0xB8 at line 5");
}

#[test]
fn an_xlsx_named_firms_csv_is_named_as_an_excel_file() {
    let d = TempDataset::base();
    // The start of every XLSX: a ZIP local file header, then binary data.
    let mut xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00".to_vec();
    xlsx.extend_from_slice(&[0x62, 0xEE, 0x9D, 0x68, 0x5E, 0x01, 0x00, 0x00, 0xFF, 0xFE]);
    xlsx.extend_from_slice(b"[Content_Types].xml");
    d.write("firms.csv", &xlsx);
    for extra in [&[][..], &["--encoding", "gb18030"][..]] {
        let out = check(&d, extra);
        out.assert_code(1).assert_contains(&format!(
            "error: {}: file is an Excel workbook (XLSX: a ZIP archive), not CSV text, though it is named firms.csv; \
             convert it with `chainatlas import --firms WORKBOOK.xlsx -o DIR`, or open it in Excel and save it as \"CSV UTF-8 (Comma delimited)\"",
            d.shown("firms.csv")
        ));
        assert!(!out.stdout.contains("iconv"), "{}", out.stdout);
        assert!(!out.stderr.contains("--encoding"), "{}", out.stderr);
        // One error: nothing follows from the missing firms.
        assert_eq!(lines_starting(&out, "error:").len(), 1, "{}", out.stdout);
        assert!(
            lines_starting(&out, "warning:").is_empty(),
            "{}",
            out.stdout
        );
    }
}

#[test]
fn semicolons_tabs_and_chinese_headers_get_a_hint_naming_the_column() {
    let d = TempDataset::base();
    d.write("links.csv", crate::util::BASE_LINKS.replace(',', ";"));
    let out = check(&d, &[]);
    out.assert_code(1).assert_contains(&format!(
        "error: {}:1: the header is one column holding \";\": the file looks separated by \";\" \
         (its columns would be source, target, layer, stage, weight, year, …)",
        d.shown("links.csv")
    ));
    assert_eq!(lines_starting(&out, "error:").len(), 1, "{}", out.stdout);

    let d = TempDataset::base();
    d.write("links.csv", crate::util::BASE_LINKS.replace(',', "\t"));
    check(&d, &[])
        .assert_code(1)
        .assert_contains("the file looks separated by tabs");

    let d = TempDataset::base();
    d.replace("firms.csv", "id,name,", "编号,企业名称,");
    let out = check(&d, &[]);
    out.assert_code(1)
        .assert_contains("column \"name\": missing required column; the column \"企业名称\" looks like it: rename that header to name")
        .assert_contains("column \"id\": missing required column; the column \"编号\" looks like it: rename that header to id");
    // firms.csv was skipped: no "no producer" for every stage, no unknown firm ids.
    assert_eq!(lines_starting(&out, "error:").len(), 2, "{}", out.stdout);
    assert!(
        lines_starting(&out, "warning:").is_empty(),
        "{}",
        out.stdout
    );
}

/// The case: one bad stage in fs_aircon's row of datasets/tiny (it makes four
/// stages and has seven links) used to bring seven warnings ("no producer anywhere" for
/// its three stages no other firm makes, "has no links" for its four partners with no
/// other link).
#[test]
fn one_bad_stage_in_tiny_gives_one_error_and_no_follow_on_warning() {
    let tiny = repo().join("datasets/tiny");
    run([OsStr::new("check"), tiny.as_os_str()])
        .assert_code(0)
        .assert_contains("ok: 0 errors, 0 warnings");
    let d = copy_of(&tiny);
    d.replace(
        "firms.csv",
        "firm,aircon/heat_exchanger;aircon/outdoor_unit",
        "firm,aircon/heat_exchangr;aircon/outdoor_unit",
    );
    let out = check(&d, &[]);
    out.assert_code(1)
        .assert_contains("FAILED: 1 error, 0 warnings");
    let errors = lines_starting(&out, "error:");
    assert_eq!(
        errors,
        [format!(
            "error: {}:11: column \"stages\": unknown stage \"aircon/heat_exchangr\"; did you mean \"aircon/heat_exchanger\"?",
            d.shown("firms.csv")
        )]
    );
}

/// A firm row with one field too many is not read at all: links naming it are not
/// "unknown firm id … did you mean" another firm, its partner does not lose its links, and
/// the stage only it makes does not lose its producer.
#[test]
fn a_firm_row_not_read_brings_no_unknown_ids_and_no_warnings() {
    let d = TempDataset::base();
    d.replace(
        "firms.csv",
        "comp,Compressor Co,,Foshan,",
        "comp,Compressor Co,,Foshan,extra,",
    );
    let out = check(&d, &[]);
    out.assert_code(1)
        .assert_contains("FAILED: 1 error, 0 warnings");
    out.assert_contains(&format!(
        "error: {}:3: row has 11 fields but the header has 10",
        d.shown("firms.csv")
    ));
    assert!(!out.stdout.contains("unknown firm id"), "{}", out.stdout);
}

/// A quote never closed in firms.csv swallows the rest of the file: the firms after it
/// are not "unknown firm ids" in links.csv.
#[test]
fn an_unclosed_quote_in_firms_brings_no_unknown_ids() {
    let d = TempDataset::base();
    d.replace(
        "firms.csv",
        "comp,Compressor Co,,",
        "comp,\"Compressor Co,,",
    );
    let out = check(&d, &[]);
    out.assert_code(1).assert_contains(&format!(
        "error: {}:3: a quoted cell opens on this line and is never closed",
        d.shown("firms.csv")
    ));
    assert!(!out.stdout.contains("unknown firm id"), "{}", out.stdout);
    assert!(
        lines_starting(&out, "warning:").is_empty(),
        "{}",
        out.stdout
    );
}

/// A link dropped for its own error does not make its firms "have no links".
#[test]
fn a_link_dropped_for_an_error_leaves_its_firms_linked() {
    let d = TempDataset::base();
    d.replace("links.csv", "uni,comp,innovation", "uni,comp,inovation");
    let out = check(&d, &[]);
    out.assert_code(1)
        .assert_contains("FAILED: 1 error, 0 warnings");
    assert!(!out.stdout.contains("has no links"), "{}", out.stdout);
}

#[test]
fn number_errors_say_leave_the_cell_empty_when_unknown() {
    let d = TempDataset::base();
    d.replace(
        "firms.csv",
        "Copper Co,,Ningbo,firm,ac/copper,manufacturing,100,",
        "Copper Co,,Ningbo,firm,ac/copper,manufacturing,n/a,",
    );
    d.replace("links.csv", "ac/copper,10,2024", "ac/copper,-1,unknown");
    let out = check(&d, &["--all"]);
    out.assert_code(1)
        .assert_contains("column \"employees\": \"n/a\" is not a number; leave the cell empty when unknown")
        .assert_contains("column \"weight\": \"-1\" is negative; it must be ≥ 0; leave the cell empty when unknown")
        .assert_contains("column \"year\": \"unknown\" is not a whole number; leave the cell empty when unknown");
}

/// 40 rows with the same unknown stage: one line naming the first eight lines and the
/// count of the rest; `--all` lists all 40; the JSON keeps all 40, each saying 40.
#[test]
fn forty_identical_problems_fold_into_one_line_and_all_lists_forty() {
    let d = TempDataset::base();
    // The base firms are lines 2–6: the new rows are lines 7–46.
    let rows: String = (0..40)
        .map(|i| format!("x{i},X {i},,Foshan,firm,ac/zzzzzz,manufacturing,,,test\n"))
        .collect();
    d.append("firms.csv", &rows);
    let out = check(&d, &[]);
    out.assert_code(1)
        .assert_contains("FAILED: 40 errors, 0 warnings");
    assert_eq!(
        lines_starting(&out, "error:"),
        [format!(
            "error: {}:7: column \"stages\": unknown stage \"ac/zzzzzz\" in 40 rows: \
             lines 7, 8, 9, 10, 11, 12, 13, 14 … (and 32 more; --all lists every line)",
            d.shown("firms.csv")
        )]
    );
    let all = check(&d, &["--all"]);
    let every = lines_starting(&all, "error:");
    assert_eq!(every.len(), 40);
    for (line, text) in (7..=46).zip(&every) {
        assert_eq!(
            text,
            &format!(
                "error: {}:{line}: column \"stages\": unknown stage \"ac/zzzzzz\"",
                d.shown("firms.csv")
            )
        );
    }
    let json = check(&d, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let problems = v["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 40);
    assert!(problems.iter().all(|p| p["occurrences"] == 40));
    // Other commands print the errors folded too, and say where every line is listed.
    let summary = run([OsStr::new("summary"), d.path().as_os_str()]);
    summary
        .assert_code(1)
        .assert_contains("in 40 rows: lines 7, 8, 9, 10, 11, 12, 13, 14 … (and 32 more; `chainatlas check --all` lists every line)");
}

#[test]
fn an_unknown_value_folds_into_one_line_however_the_file_is_cut_into_chunks() {
    // Twelve unknown firm ids (more than any per-chunk budget of suggestions used to allow),
    // each on 30 rows spread over a links file read in many small chunks: each id must
    // fold into one line with its suggestion, at any chunk size and thread count (the
    // suggestions were searched per chunk, so an id got one line with "did you mean" and
    // another without).
    let d = TempDataset::base();
    d.append(
        "firms.csv",
        "compressor_works,Compressor Works,,Foshan,firm,ac/compressor,manufacturing,,,test\n",
    );
    let rows: String = (0..360)
        .map(|i| {
            let typo = (b'a' + (i % 12) as u8) as char;
            format!("compressor_works{typo},ac1,supply,ac/compressor,1,2024,reported,test\n")
        })
        .collect();
    d.append("links.csv", &rows);
    let runs: Vec<Run> = [("1", "64"), ("4", "64"), ("2", "1000000")]
        .iter()
        .map(|(threads, chunk)| {
            let out = bin()
                .args([OsStr::new("check"), d.path().as_os_str()])
                .env("RAYON_NUM_THREADS", threads)
                .env("CHAINATLAS_CHUNK_BYTES", chunk)
                .output()
                .unwrap();
            Run::from(out)
        })
        .collect();
    for r in &runs {
        r.assert_code(1);
        assert_eq!(
            r.stdout, runs[0].stdout,
            "output depends on chunks or threads"
        );
    }
    let errors = lines_starting(&runs[0], "error:");
    assert_eq!(errors.len(), 12, "{}", runs[0].stdout);
    // The base links are lines 2–5; the k-th typo is first on line 6 + k.
    for (k, line) in errors.iter().enumerate() {
        let typo = (b'a' + k as u8) as char;
        assert!(
            line.starts_with(&format!(
                "error: {}:{}: column \"source\": unknown firm id \"compressor_works{typo}\" (not in firms.csv); did you mean \"compressor_works\"? in 30 rows:",
                d.shown("links.csv"),
                6 + k
            )),
            "{line}"
        );
    }
}

/// A copy of a dataset folder in a temporary folder.
fn copy_of(dir: &Path) -> TempDataset {
    let d = TempDataset::base();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            std::fs::copy(&path, d.file(path.file_name().unwrap().to_str().unwrap())).unwrap();
        }
    }
    d
}

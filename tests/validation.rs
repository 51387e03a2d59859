//! One test per validation rule: a valid base dataset with one defect, checked for the exit
//! code and the exact `file:line: column "name": message` of the problem.

use crate::util::{Run, TempDataset, repo, run};

/// Asserts `check` exited 1 and reported an error at `file:line` in `column`, whose message
/// starts with `message`.
fn assert_error(
    d: &TempDataset,
    file: &str,
    line: Option<u64>,
    column: Option<&str>,
    message: &str,
) -> Run {
    let run = d.check();
    run.assert_code(1);
    run.assert_contains(&located("error", d, file, line, column, message));
    run
}

fn located(
    severity: &str,
    d: &TempDataset,
    file: &str,
    line: Option<u64>,
    column: Option<&str>,
    message: &str,
) -> String {
    let mut s = format!("{severity}: {}", d.shown(file));
    if let Some(line) = line {
        s += &format!(":{line}");
    }
    s += ": ";
    if let Some(column) = column {
        s += &format!("column {column:?}: ");
    }
    s + message
}

#[test]
fn base_fixture_is_valid_without_warnings() {
    let d = TempDataset::base();
    let run = d.check();
    run.assert_code(0)
        .assert_contains("ok: 0 errors, 0 warnings; 5 firms and 4 links loaded");
}

#[test]
fn missing_required_column() {
    let d = TempDataset::base();
    d.replace("firms.csv", "name_zh,city,kind", "name_zh,town,kind");
    assert_error(
        &d,
        "firms.csv",
        Some(1),
        Some("city"),
        "missing required column",
    );
}

#[test]
fn duplicate_header_column() {
    let d = TempDataset::base();
    d.replace("cities.csv", "lat,lon", "lat,lat");
    assert_error(
        &d,
        "cities.csv",
        Some(1),
        Some("lat"),
        "duplicate column in the header",
    );
}

#[test]
fn duplicate_firm_id() {
    let d = TempDataset::base();
    d.append(
        "firms.csv",
        "comp,Copy,,Foshan,firm,ac/compressor,,1,,test\n",
    );
    assert_error(
        &d,
        "firms.csv",
        Some(7),
        Some("id"),
        "duplicate firm id \"comp\" (first on line 3)",
    );
}

#[test]
fn duplicate_city_and_stage() {
    let d = TempDataset::base();
    d.append("cities.csv", "Foshan,佛山,GBA,China,,\n");
    d.append("chains.csv", "ac,board,Board again,component,\n");
    let run = assert_error(
        &d,
        "cities.csv",
        Some(6),
        Some("city"),
        "duplicate city \"Foshan\" (first on line 3)",
    );
    run.assert_contains(&located(
        "error",
        &d,
        "chains.csv",
        Some(7),
        Some("stage"),
        "duplicate stage \"ac/board\" (first on line 4)",
    ));
}

#[test]
fn unknown_city_suggests_the_close_one() {
    let d = TempDataset::base();
    d.replace("firms.csv", "Compressor Co,,Foshan", "Compressor Co,,Fosan");
    assert_error(
        &d,
        "firms.csv",
        Some(3),
        Some("city"),
        "unknown city \"Fosan\" (not in cities.csv); did you mean \"Foshan\"?",
    );
}

#[test]
fn unknown_firm_in_links_suggests() {
    let d = TempDataset::base();
    d.replace("links.csv", "cu,comp,supply", "cu,compp,supply");
    assert_error(
        &d,
        "links.csv",
        Some(2),
        Some("target"),
        "unknown firm id \"compp\" (not in firms.csv); did you mean \"comp\"?",
    );
}

#[test]
fn unknown_stage_in_firms() {
    let d = TempDataset::base();
    d.replace(
        "firms.csv",
        "ac/compressor,manufacturing,500",
        "ac/compresor,manufacturing,500",
    );
    assert_error(
        &d,
        "firms.csv",
        Some(3),
        Some("stages"),
        "unknown stage \"ac/compresor\"; did you mean \"ac/compressor\"?",
    );
}

#[test]
fn bare_stage_in_firms_says_how_to_write_it() {
    let d = TempDataset::base();
    d.replace(
        "firms.csv",
        "ac/compressor,manufacturing,500",
        "compressor,manufacturing,500",
    );
    assert_error(
        &d,
        "firms.csv",
        Some(3),
        Some("stages"),
        "unknown stage \"compressor\"; stages are written chain/stage: ac/compressor",
    );
}

#[test]
fn unknown_stage_in_links() {
    let d = TempDataset::base();
    d.replace("links.csv", "supply,ac/copper", "supply,ac/coper");
    assert_error(
        &d,
        "links.csv",
        Some(2),
        Some("stage"),
        "unknown stage \"ac/coper\" (not in chains.csv); did you mean \"ac/copper\"?",
    );
}

#[test]
fn unknown_layer() {
    let d = TempDataset::base();
    d.replace("links.csv", "comp,ac1,supply", "comp,ac1,suply");
    assert_error(
        &d,
        "links.csv",
        Some(3),
        Some("layer"),
        "unknown layer \"suply\"; did you mean \"supply\"?",
    );
}

#[test]
fn unknown_tier() {
    let d = TempDataset::base();
    d.replace("chains.csv", "Copper,raw_material", "Copper,raw_materal");
    assert_error(
        &d,
        "chains.csv",
        Some(2),
        Some("tier"),
        "unknown tier \"raw_materal\"; did you mean \"raw_material\"?",
    );
}

#[test]
fn unknown_kind() {
    let d = TempDataset::base();
    d.replace(
        "firms.csv",
        "Board Co,,Guangzhou,firm",
        "Board Co,,Guangzhou,frim",
    );
    assert_error(
        &d,
        "firms.csv",
        Some(4),
        Some("kind"),
        "unknown kind \"frim\"; did you mean \"firm\"?",
    );
}

#[test]
fn unknown_evidence() {
    let d = TempDataset::base();
    d.replace("links.csv", "2024,reported", "2024,reportd");
    assert_error(
        &d,
        "links.csv",
        Some(4),
        Some("evidence"),
        "unknown evidence level \"reportd\"; did you mean \"reported\"?",
    );
}

#[test]
fn empty_evidence() {
    let d = TempDataset::base();
    d.replace("links.csv", "2024,reported", "2024,");
    assert_error(
        &d,
        "links.csv",
        Some(4),
        Some("evidence"),
        "empty evidence; every link must say how it is known",
    );
}

#[test]
fn unknown_function() {
    let d = TempDataset::base();
    d.replace("firms.csv", ",rnd,50", ",r&d,50");
    assert_error(
        &d,
        "firms.csv",
        Some(6),
        Some("functions"),
        "unknown function \"r&d\"",
    );
}

#[test]
fn input_from_another_chain() {
    let d = TempDataset::base();
    d.append(
        "chains.csv",
        "tv,panel,Panel,raw_material,\ntv,set,TV set,final_product,tv/panel;ac/copper\n",
    );
    d.append(
        "firms.csv",
        "tvp,TV Co,,Foshan,firm,tv/panel;tv/set,,1,,test\n",
    );
    d.append("links.csv", "tvp,ac1,value,,,2024,assumed,test\n");
    assert_error(
        &d,
        "chains.csv",
        Some(8),
        Some("inputs"),
        "input \"ac/copper\" names a stage of chain \"ac\"; inputs must be stages of the same chain \"tv\"",
    );
}

#[test]
fn unknown_input_stage() {
    let d = TempDataset::base();
    d.replace("chains.csv", "component,copper", "component,coppr");
    assert_error(
        &d,
        "chains.csv",
        Some(3),
        Some("inputs"),
        "unknown stage \"coppr\" in chain \"ac\"; did you mean \"copper\"?",
    );
}

#[test]
fn template_cycle_names_its_stages() {
    let d = TempDataset::base();
    d.replace(
        "chains.csv",
        "Copper,raw_material,",
        "Copper,material,retail",
    );
    assert_error(
        &d,
        "chains.csv",
        Some(2),
        Some("inputs"),
        "chain \"ac\" has a cycle: copper → retail → air_conditioner → compressor → copper",
    );
}

#[test]
fn malformed_number() {
    let d = TempDataset::base();
    d.replace("firms.csv", "manufacturing,500", "manufacturing,5OO");
    assert_error(
        &d,
        "firms.csv",
        Some(3),
        Some("employees"),
        "\"5OO\" is not a number",
    );
}

#[test]
fn malformed_year() {
    let d = TempDataset::base();
    d.replace("links.csv", "20,2024", "20,2024.5");
    assert_error(
        &d,
        "links.csv",
        Some(3),
        Some("year"),
        "\"2024.5\" is not a whole number",
    );
}

#[test]
fn negative_weight() {
    let d = TempDataset::base();
    d.replace("links.csv", "ac/copper,10,", "ac/copper,-10,");
    assert_error(
        &d,
        "links.csv",
        Some(2),
        Some("weight"),
        "\"-10\" is negative; it must be ≥ 0",
    );
}

#[test]
fn nan_and_infinite_weights() {
    for bad in ["NaN", "inf", "-inf", "1e400"] {
        let d = TempDataset::base();
        d.replace("links.csv", "ac/copper,10,", &format!("ac/copper,{bad},"));
        assert_error(
            &d,
            "links.csv",
            Some(2),
            Some("weight"),
            &format!("{bad:?} is not a finite number"),
        );
    }
}

#[test]
fn latitude_out_of_range() {
    let d = TempDataset::base();
    d.replace("cities.csv", "23.13,113.26", "123.13,113.26");
    assert_error(
        &d,
        "cities.csv",
        Some(2),
        Some("lat"),
        "\"123.13\" is out of range -90..90",
    );
}

#[test]
fn self_loop_link() {
    let d = TempDataset::base();
    d.append("links.csv", "brd,brd,value,,,2024,assumed,test\n");
    assert_error(
        &d,
        "links.csv",
        Some(6),
        None,
        "self-loop: firm \"brd\" links to itself",
    );
}

#[test]
fn supply_stage_not_produced_by_source() {
    let d = TempDataset::base();
    d.replace(
        "links.csv",
        "brd,ac1,supply,,",
        "brd,ac1,supply,ac/compressor,",
    );
    assert_error(
        &d,
        "links.csv",
        Some(4),
        Some("stage"),
        "supply link of stage \"ac/compressor\" from firm \"brd\", which does not produce it (it produces: ac/board)",
    );
}

#[test]
fn ambiguous_supply_stage() {
    let d = TempDataset::base();
    d.append(
        "firms.csv",
        "shop,Shop,,Guangzhou,firm,ac/retail,sales,3,,test\n",
    );
    d.append("links.csv", "ac1,shop,supply,,,2024,assumed,test\n");
    assert_error(
        &d,
        "links.csv",
        Some(6),
        Some("stage"),
        "ambiguous supply link: firm \"ac1\" produces several stages (ac/air_conditioner, ac/retail); say which one flows",
    );
}

#[test]
fn supply_link_from_firm_without_stages() {
    let d = TempDataset::base();
    d.append("links.csv", "uni,ac1,supply,,,2024,assumed,test\n");
    assert_error(
        &d,
        "links.csv",
        Some(6),
        Some("stage"),
        "supply link from firm \"uni\", which produces no stage",
    );
}

#[test]
fn empty_file() {
    let d = TempDataset::base();
    d.write("chains.csv", "");
    assert_error(
        &d,
        "chains.csv",
        None,
        None,
        "file is empty; expected a header row with the columns chain,stage,tier,inputs",
    );
}

#[test]
fn header_only_file_where_rows_are_required() {
    let d = TempDataset::base();
    d.write(
        "firms.csv",
        "id,name,name_zh,city,kind,stages,functions,employees,revenue,source\n",
    );
    assert_error(
        &d,
        "firms.csv",
        None,
        None,
        "file has a header but no data rows",
    );
}

#[test]
fn header_only_links_is_a_warning() {
    let d = TempDataset::base();
    d.write(
        "links.csv",
        "source,target,layer,stage,weight,year,evidence,source_ref\n",
    );
    let run = d.check();
    run.assert_code(0);
    run.assert_contains(&located(
        "warning",
        &d,
        "links.csv",
        None,
        None,
        "file has a header but no data rows",
    ));
}

#[test]
fn row_with_wrong_field_count() {
    let d = TempDataset::base();
    d.append(
        "firms.csv",
        "x1,Comma, Inc,,Foshan,firm,ac/board,,1,,test\n",
    );
    assert_error(
        &d,
        "firms.csv",
        Some(7),
        None,
        "row has 11 fields but the header has 10",
    );
}

#[test]
fn missing_file() {
    let d = TempDataset::base();
    std::fs::remove_file(d.file("links.csv")).unwrap();
    assert_error(&d, "links.csv", None, None, "file is missing");
}

#[test]
fn folder_in_place_of_a_file() {
    let d = TempDataset::base();
    std::fs::remove_file(d.file("links.csv")).unwrap();
    std::fs::create_dir(d.file("links.csv")).unwrap();
    assert_error(
        &d,
        "links.csv",
        None,
        None,
        "is a folder; expected a CSV file",
    );
}

#[test]
fn missing_dataset_folder_is_a_usage_error() {
    let run = run(["check", "/nonexistent/chainatlas-dataset"]);
    run.assert_code(2).assert_contains("does not exist");
}

#[test]
fn non_utf8_file_gets_one_error() {
    let d = TempDataset::base();
    // GBK-only ideographs (丂丄 is 81 40 81 41, outside GB2312's range): it looks like
    // GBK, but not surely enough to be read so without being told; two rows of it must
    // still give a single error. (Common Chinese in GBK is read: tests/triage.rs.)
    let mut bytes = b"city,name_zh,region,country,lat,lon\nFoshan,".to_vec();
    bytes.extend_from_slice(&[0x81, 0x40, 0x81, 0x41]);
    bytes.extend_from_slice(b",GBA,China,,\nGuangzhou,");
    bytes.extend_from_slice(&[0x81, 0x40, 0x81, 0x41]);
    bytes.extend_from_slice(b",GBA,China,,\n");
    d.write("cities.csv", bytes);
    let run = assert_error(
        &d,
        "cities.csv",
        None,
        None,
        "file is not UTF-8: it looks like GB18030/GBK-encoded Chinese (byte 0x81 at line 2, byte 8)",
    );
    run.assert_contains("load it with the encoding gb18030");
    assert_eq!(
        run.stdout.matches(&d.shown("cities.csv")).count(),
        1,
        "{}",
        run.stdout
    );
}

#[test]
fn utf16_file_is_named() {
    let d = TempDataset::base();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "city,region,country\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    d.write("cities.csv", bytes);
    assert_error(&d, "cities.csv", None, None, "file is UTF-16 encoded");
}

#[test]
fn nul_byte_is_one_error() {
    let d = TempDataset::base();
    d.replace("firms.csv", "Board Co", "Board\0Co");
    assert_error(
        &d,
        "firms.csv",
        None,
        None,
        "file contains a NUL byte (line 4",
    );
}

#[test]
fn bom_and_crlf_are_accepted() {
    let d = TempDataset::base();
    for name in ["cities.csv", "chains.csv", "firms.csv", "links.csv"] {
        let text = std::fs::read_to_string(d.file(name)).unwrap();
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
        d.write(name, bytes);
    }
    d.check()
        .assert_code(0)
        .assert_contains("0 errors, 0 warnings");
}

#[test]
fn quoted_cells_with_commas_quotes_and_newlines() {
    let d = TempDataset::base();
    d.replace(
        "firms.csv",
        "Board Co,",
        "\"Board, \"\"Bright\"\"\nLtd 佛山\",",
    );
    d.check().assert_code(0);
}

#[test]
fn surrounding_spaces_in_ids_are_dropped_with_a_warning() {
    let d = TempDataset::base();
    d.replace("links.csv", "cu,comp,supply", "cu , comp,supply");
    let run = d.check();
    run.assert_code(0);
    run.assert_contains(&located(
        "warning",
        &d,
        "links.csv",
        Some(2),
        Some("source"),
        "surrounding spaces removed from \"cu\"",
    ));
}

#[test]
fn warns_about_firm_without_links_and_stage_without_producer() {
    let d = TempDataset::base();
    d.append(
        "firms.csv",
        "lonely,Lonely Co,,Foshan,firm,ac/board,,1,,test\n",
    );
    d.append(
        "chains.csv",
        "ac,installation,Installation,service,air_conditioner\n",
    );
    let run = d.check();
    run.assert_code(0);
    run.assert_contains(&located(
        "warning",
        &d,
        "firms.csv",
        Some(7),
        Some("id"),
        "firm \"lonely\" has no links",
    ));
    run.assert_contains(&located(
        "warning",
        &d,
        "chains.csv",
        Some(7),
        Some("stage"),
        "stage \"ac/installation\" has no producer anywhere in firms.csv",
    ));
}

#[test]
fn every_problem_is_reported_sorted() {
    let d = TempDataset::base();
    d.replace("firms.csv", "Compressor Co,,Foshan", "Compressor Co,,Fosan");
    d.replace(
        "firms.csv",
        "Board Co,,Guangzhou,firm",
        "Board Co,,Guangzhou,frim",
    );
    d.replace("links.csv", "comp,ac1,supply", "comp,ac1,suply");
    d.replace("links.csv", "ac/copper,10,", "ac/copper,-1,");
    let run = d.check();
    run.assert_code(1).assert_contains("FAILED: 4 errors");
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    assert!(
        lines[0].contains("firms.csv:3:") && lines[1].contains("firms.csv:4:"),
        "{lines:?}"
    );
    assert!(
        lines[2].contains("links.csv:2:") && lines[3].contains("links.csv:3:"),
        "{lines:?}"
    );
}

#[test]
fn check_json_lists_problems_with_locations() {
    let d = TempDataset::base();
    d.replace("links.csv", "comp,ac1,supply", "comp,ac1,suply");
    let run = crate::util::run([
        std::ffi::OsStr::new("check"),
        d.path().as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    run.assert_code(1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(v["errors"], 1);
    let p = &v["problems"][0];
    assert_eq!(p["severity"], "error");
    assert_eq!(p["line"], 3);
    assert_eq!(p["column"], "layer");
    assert_eq!(p["file"], d.shown("links.csv"));
}

#[test]
fn bundled_datasets_pass_check() {
    run(["check"])
        .assert_code(0)
        .assert_contains("embedded:gba: ok: 0 errors");
    for name in ["gba", "tiny"] {
        let dir = repo().join("datasets").join(name);
        if dir.join("links.csv").exists() {
            run([std::ffi::OsStr::new("check"), dir.as_os_str()])
                .assert_code(0)
                .assert_contains(": ok: 0 errors");
        } else {
            panic!("datasets/{name} is missing");
        }
    }
}

#[test]
fn empty_required_vocabulary_cell() {
    let d = TempDataset::base();
    d.replace("links.csv", "comp,ac1,supply", "comp,ac1,");
    assert_error(
        &d,
        "links.csv",
        Some(3),
        Some("layer"),
        "empty value; expected one of: supply, value, innovation, capital",
    );
}

#[test]
fn a_bad_tier_does_not_cascade_into_unknown_stages() {
    let d = TempDataset::base();
    d.replace(
        "chains.csv",
        "Control board,component",
        "Control board,componnet",
    );
    let run = assert_error(
        &d,
        "chains.csv",
        Some(4),
        Some("tier"),
        "unknown tier \"componnet\"; did you mean \"component\"?",
    );
    assert!(!run.stdout.contains("unknown stage"), "{}", run.stdout);
    run.assert_contains("FAILED: 1 error");
}

#[test]
fn duplicate_id_is_reported_even_when_the_row_has_other_errors() {
    let d = TempDataset::base();
    d.append(
        "firms.csv",
        "comp,Copy,,Nowhere,firm,ac/compressor,,1,,test\n",
    );
    let run = assert_error(
        &d,
        "firms.csv",
        Some(7),
        Some("id"),
        "duplicate firm id \"comp\"",
    );
    run.assert_contains("unknown city \"Nowhere\"");
}

#[test]
fn missing_city_column_does_not_flood_firms_with_unknown_cities() {
    let d = TempDataset::base();
    d.replace("cities.csv", "city,name_zh", "town,name_zh");
    let run = assert_error(
        &d,
        "cities.csv",
        Some(1),
        Some("city"),
        "missing required column",
    );
    assert!(!run.stdout.contains("unknown city"), "{}", run.stdout);
}

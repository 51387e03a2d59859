//! `chainatlas import` (issue 17 item 2): enterprise-database exports into a dataset. The
//! fixtures are in tests/data/import/ (firms.xlsx is made by make_firms_xlsx.py there); the
//! GBK and TSV inputs are written by the tests. Every expected value is worked by hand in
//! the comments beside it.

use std::path::Path;

use crate::util::{Run, repo, run};

fn fixture(name: &str) -> String {
    repo()
        .join("tests/data/import")
        .join(name)
        .display()
        .to_string()
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .expect("open csv");
    reader
        .records()
        .map(|r| r.expect("record").iter().map(str::to_string).collect())
        .collect()
}

/// Runs `import` with these `--FLAG FILE` pairs into `out`.
fn import(flags: &[(&str, &Path)], out: &Path) -> Run {
    let mut args = vec!["import".to_string()];
    for (flag, path) in flags {
        args.push(format!("--{flag}"));
        args.push(path.display().to_string());
    }
    args.extend(["-o".to_string(), out.display().to_string()]);
    run(args)
}

/// Imports the XLSX fixture with its link list, city list and map file into `out`.
fn import_xlsx_fixture(out: &Path) -> Run {
    let [firms, links, cities, map] = ["firms.xlsx", "links.csv", "cities.csv", "map.toml"]
        .map(|name| Path::new(&fixture(name)).to_path_buf());
    import(
        &[
            ("firms", &firms),
            ("links", &links),
            ("cities", &cities),
            ("map", &map),
        ],
        out,
    )
}

/// The cell of `column` in the row whose first cell is `id`.
fn cell(rows: &[Vec<String>], id: &str, column: &str) -> String {
    let at = rows[0]
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no column {column}"));
    let row = rows
        .iter()
        .find(|r| r[0] == id)
        .unwrap_or_else(|| panic!("no row {id}"));
    row[at].clone()
}

/// The XLSX fixture: a title row above Chinese headers; 经营范围 free text and 国标行业 codes
/// mapped to battery stages by map.toml; 万/亿 numbers; "-" as unknown; a repeated firm;
/// link endpoints given by name and by credit code. `check` passes on the output.
#[test]
fn xlsx_with_chinese_headers_imports_with_the_right_values_and_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("battery");
    let o = out.to_str().unwrap();
    import_xlsx_fixture(&out)
        .assert_code(0)
        .assert_contains("next: chainatlas check");
    let firms = read_csv(&out.join("firms.csv"));
    // Row 3: 甲, credit code as id; 佛山市 → Foshan through cities.csv's name_zh;
    // 经营范围 "正极材料的研发…" → keyword 正极材料 → battery/cathode; 1.2万 = 12000
    // persons; 3.5亿 (元) = 350,000,000 CNY = 350 CNY million.
    let a = "91440600000000001A";
    assert_eq!(cell(&firms, a, "name"), "甲正极材料有限公司");
    assert_eq!(cell(&firms, a, "name_zh"), "甲正极材料有限公司");
    assert_eq!(cell(&firms, a, "city"), "Foshan");
    assert_eq!(cell(&firms, a, "kind"), "firm");
    assert_eq!(cell(&firms, a, "stages"), "battery/cathode");
    assert_eq!(cell(&firms, a, "employees"), "12000");
    assert_eq!(cell(&firms, a, "revenue"), "350");
    assert_eq!(cell(&firms, a, "source"), "firms.xlsx row 3");
    assert_eq!(cell(&firms, a, "注册资本"), "1000万人民币");
    // Row 4: 乙, industry code C3841 → battery/cell; "3,500" = 3500; "12,000万元" =
    // 120,000,000 CNY = 120 CNY million; 广州 (no 市) → Guangzhou; 注册资本 "-" → empty.
    let b = "91440100000000002B";
    assert_eq!(cell(&firms, b, "city"), "Guangzhou");
    assert_eq!(cell(&firms, b, "stages"), "battery/cell");
    assert_eq!(cell(&firms, b, "employees"), "3500");
    assert_eq!(cell(&firms, b, "revenue"), "120");
    assert_eq!(cell(&firms, b, "注册资本"), "");
    // Row 5: 丙, credit code "-" → id is the name's slug; 电池包 → battery/pack;
    // 参保人数 "-" → unknown (empty, not 0); 2.5亿元 = 250 CNY million.
    let c = "丙新能源有限公司";
    assert_eq!(cell(&firms, c, "stages"), "battery/pack");
    assert_eq!(cell(&firms, c, "employees"), "");
    assert_eq!(cell(&firms, c, "revenue"), "250");
    // Row 6: 丁, "销售正极材料" vetoes the cathode keyword: no stage; 12人 = 12; 800 stored
    // as a number, no unit in cell or header → the map's revenue_unit 万元: 8,000,000 CNY
    // = 8 CNY million.
    let d = "91440600000000004D";
    assert_eq!(cell(&firms, d, "stages"), "");
    assert_eq!(cell(&firms, d, "employees"), "12");
    assert_eq!(cell(&firms, d, "revenue"), "8");
    // Row 8 repeats 乙's credit code: dropped, so 4 firms.
    assert_eq!(firms.len(), 1 + 4);
    let links = read_csv(&out.join("links.csv"));
    assert_eq!(
        links.len(),
        1 + 2,
        "row 4 (戊, not in the firm list) is dropped"
    );
    // 甲 → 乙 by name, 正极材料 (the cathode's label) → battery/cathode, 1.5亿 = 150;
    // 乙 (by credit code) → 丙, 3000万元 = 30, year "2024年" = 2024; evidence from the map.
    assert_eq!(
        links[1],
        [
            a,
            b,
            "supply",
            "battery/cathode",
            "150",
            "2024",
            "reported",
            "links.csv row 2"
        ]
    );
    assert_eq!(
        links[2][..7],
        [b, c, "supply", "battery/cell", "30", "2024", "reported"]
    );
    let chains = std::fs::read_to_string(out.join("chains.csv")).unwrap();
    assert_eq!(
        chains,
        "chain,stage,label,tier,inputs\nbattery,cathode,正极材料,material,\nbattery,cell,电芯,component,cathode\nbattery,pack,电池包,final_product,cell\n"
    );
    let cities = std::fs::read_to_string(out.join("cities.csv")).unwrap();
    assert!(cities.starts_with(
        "city,name_zh,region,country,lat,lon\nFoshan,佛山市,GBA,China,23.02,113.12\n"
    ));
    let log = std::fs::read_to_string(out.join("import-log.md")).unwrap();
    for expected in [
        "XLSX, sheet \"企业名单\"; header on row 2; 5 data rows",
        "| 注册资本 | (extra column) | unknown: kept as an extra column |",
        "| 经营范围 | scope (read for stages, not written) | built-in alias |",
        "ids: 1 from a slug of the name, 3 from the credit code",
        "stage battery/cell: 1 firm (0 from the stages column, 1 by industry code, 0 by keyword)",
        "no stage matched for 1 firm (kept, with an empty stages cell): rows 6",
        "revenue (营业收入): written in CNY million; cells: 1 in bare number (万元), 1 in 万元, 1 in 亿, 1 in 亿元; bare numbers read in 万元 (from the map file)",
        "firms.xlsx row 8: firm \"91440100000000002B\" again (first on row 4); the first row is kept",
        "links.csv row 4: supplier \"戊材料有限公司\" is not in the firm list",
    ] {
        assert!(log.contains(expected), "log lacks {expected:?}:\n{log}");
    }
    // The output is a valid dataset: 0 errors (丁 has no links: the one warning).
    run(["check", o])
        .assert_code(0)
        .assert_contains("0 errors, 1 warning");
    // The same inputs give the same bytes.
    let again = tmp.path().join("again");
    import_xlsx_fixture(&again).assert_code(0);
    for file in ["firms.csv", "links.csv", "chains.csv", "cities.csv"] {
        assert_eq!(
            std::fs::read(out.join(file)).unwrap(),
            std::fs::read(again.join(file)).unwrap(),
            "{file}"
        );
    }
}

/// A `;`-separated firm list in GBK, a TSV chain template with Chinese headers and a TSV
/// link list: the delimiter is sniffed, GBK decoded, stages named by label resolved; without
/// --cities no cities.csv is written and the log says so.
#[test]
fn gbk_semicolon_csv_and_tsv_tables_import() {
    let tmp = tempfile::tempdir().unwrap();
    let firms = tmp.path().join("firms.csv");
    let text = "企业名称;所在城市;环节;员工人数（千人）;营业收入（万元）\n甲公司;佛山市;电芯;1.2;3,000\n乙公司;深圳市;battery/pack;-;1.5亿\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    std::fs::write(&firms, &gbk).unwrap();
    let chains = tmp.path().join("chains.tsv");
    std::fs::write(&chains, "产业链\t环节\t环节名称\t层级\t投入\nbattery\tcell\t电芯\t零部件\t\nbattery\tpack\t电池包\t终端产品\tcell\n").unwrap();
    let links = tmp.path().join("links.tsv");
    std::fs::write(
        &links,
        "supplier\tcustomer\tamount\tevidence\n甲公司\t乙公司\t1,000\tdocumented\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    import(
        &[("firms", &firms), ("chains", &chains), ("links", &links)],
        &out,
    )
    .assert_code(0);
    let rows = read_csv(&out.join("firms.csv"));
    // 甲公司: no id or credit code → its name as id; 佛山市 → 佛山; 电芯 (a label) →
    // battery/cell; 1.2 under 员工人数（千人） = 1200; 3,000 under 营业收入（万元） = 30,000,000 CNY = 30.
    assert_eq!(
        rows[1][..9],
        [
            "甲公司",
            "甲公司",
            "甲公司",
            "佛山",
            "firm",
            "battery/cell",
            "",
            "1200",
            "30"
        ]
    );
    // 乙公司: "-" employees unknown; 1.5亿 in the cell wins over the header's 万元: 150.
    assert_eq!(
        rows[2][..9],
        [
            "乙公司",
            "乙公司",
            "乙公司",
            "深圳",
            "firm",
            "battery/pack",
            "",
            "",
            "150"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(out.join("chains.csv")).unwrap(),
        "chain,stage,label,tier,inputs\nbattery,cell,电芯,component,\nbattery,pack,电池包,final_product,cell\n"
    );
    // A bare 1,000 with no unit anywhere is read in the dataset's unit, CNY million.
    let links = read_csv(&out.join("links.csv"));
    assert_eq!(
        links[1][..7],
        ["甲公司", "乙公司", "supply", "", "1000", "", "documented"]
    );
    assert!(!out.join("cities.csv").exists());
    let log = std::fs::read_to_string(out.join("import-log.md")).unwrap();
    for expected in [
        "text, delimiter ';', GB18030/GBK (not UTF-8; converted)",
        "text, delimiter tab, UTF-8",
        "no city list given: no cities.csv written",
        "bare numbers read in CNY million (the dataset's unit: no unit in the header or the map file)",
        "bare numbers read in 万元 (from the header)",
        "employees (员工人数（千人）): 1 in bare number (千人, from the header)",
    ] {
        assert!(log.contains(expected), "log lacks {expected:?}:\n{log}");
    }
}

/// Bad numbers are errors at their file, row and column; the import stops and writes
/// nothing.
#[test]
fn bad_numbers_are_reported_with_row_and_column_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let firms = tmp.path().join("firms.csv");
    std::fs::write(
        &firms,
        "企业名称,城市,环节,参保人数,营业收入\n甲公司,佛山,battery/cell,很多,1亿\n乙公司,佛山,battery/cell,50-99人,3亿美元\n",
    )
    .unwrap();
    let map = tmp.path().join("map.toml");
    std::fs::write(
        &map,
        "[[stage]]\nchain = \"battery\"\nstage = \"cell\"\ntier = \"final_product\"\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let f = firms.display().to_string();
    import(&[("firms", &firms), ("map", &map)], &out)
    .assert_code(1)
    .assert_contains(&format!(
        "error: {f}:2: column \"参保人数\": \"很多\" is not a number"
    ))
    .assert_contains(&format!("error: {f}:3: column \"参保人数\": \"50-99人\""))
    .assert_contains(&format!(
        "error: {f}:3: column \"营业收入\": \"3亿美元\": unit \"亿美元\" is not an amount in CNY"
    ))
    .assert_contains("import stopped: 3 errors; nothing was written");
    assert!(!out.exists());
    // A typo in the map file is an error naming the file, not a silent no-op.
    std::fs::write(&map, "[[stage]]\nchain = \"battery\"\nstage = \"cell\"\ntier = \"final_product\"\nkeyword = [\"电芯\"]\n").unwrap();
    import(&[("firms", &firms), ("map", &map)], &out)
        .assert_code(1)
        .assert_contains("unknown field `keyword`");
    assert!(!out.exists());
}

/// Like `init`, `import` writes only into a missing or empty folder.
#[test]
fn import_refuses_a_non_empty_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    import_xlsx_fixture(&out)
        .assert_code(2)
        .assert_contains("not empty");
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
}

/// Ids made from names are stable and distinct: a slug per name, `_2` for a second name
/// with the same slug, the same name again dropped as a repeat; link cells find firms by
/// name ignoring letter case, spaces and bracket width, and an unknown or ambiguous name
/// drops the row with its reason.
#[test]
fn ids_from_names_and_names_in_link_lists() {
    let tmp = tempfile::tempdir().unwrap();
    let firms = tmp.path().join("firms.csv");
    std::fs::write(
        &firms,
        "name,city,stages\n\
         \"Foshan Example Co., Ltd.\",Foshan,x/y\n\
         Foshan Example Co Ltd,Foshan,x/y\n\
         \"Foshan Example Co., Ltd.\",Foshan,x/y\n\
         示例（佛山）有限公司,佛山市,x/y\n",
    )
    .unwrap();
    let links = tmp.path().join("links.csv");
    std::fs::write(
        &links,
        "supplier,customer,evidence\n\
         \"foshan example co., ltd.\",示例(佛山)有限公司,assumed\n\
         Foshan Example Co Ltd,nobody,assumed\n",
    )
    .unwrap();
    let map = tmp.path().join("map.toml");
    std::fs::write(
        &map,
        "[[stage]]\nchain = \"x\"\nstage = \"y\"\ntier = \"final_product\"\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    import(&[("firms", &firms), ("links", &links), ("map", &map)], &out).assert_code(0);
    let rows = read_csv(&out.join("firms.csv"));
    let ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    // "Foshan Example Co., Ltd." → foshan_example_co_ltd; "Foshan Example Co Ltd" has the
    // same slug but another name → _2; row 4 repeats row 2's name → dropped; the Chinese
    // name keeps its characters, brackets become one _.
    assert_eq!(
        ids,
        [
            "foshan_example_co_ltd",
            "foshan_example_co_ltd_2",
            "示例_佛山_有限公司"
        ]
    );
    let links = read_csv(&out.join("links.csv"));
    // Row 2: the supplier in lower case finds "Foshan Example Co., Ltd."; the customer
    // with ASCII brackets finds 示例（佛山）有限公司. Row 3: "nobody" is not found.
    let log = std::fs::read_to_string(out.join("import-log.md")).unwrap();
    assert!(
        log.contains("firms.csv row 4: firm \"foshan_example_co_ltd\" again (first on row 2)"),
        "{log}"
    );
    assert!(
        log.contains("links.csv row 3: customer \"nobody\" is not in the firm list"),
        "{log}"
    );
    assert_eq!(links.len(), 1 + 1, "{log}");
    assert_eq!(
        links[1][..2],
        ["foshan_example_co_ltd", "示例_佛山_有限公司"]
    );
}

/// Issue 17's "Done when": the XLSX with Chinese headers imports without a city list, and
/// the dataset it writes (no cities.csv) checks clean on the built-in cities and works with
/// the GBA preset: 佛山市 and 广州市 become Foshan and Guangzhou.
#[test]
fn xlsx_without_a_city_list_checks_clean_on_the_built_in_cities() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("no_cities");
    let [firms, links, map] =
        ["firms.xlsx", "links.csv", "map.toml"].map(|name| Path::new(&fixture(name)).to_path_buf());
    import(&[("firms", &firms), ("links", &links), ("map", &map)], &out).assert_code(0);
    assert!(!out.join("cities.csv").exists());
    let o = out.to_str().unwrap();
    run(["check", o])
        .assert_code(0)
        .assert_contains("0 errors, 1 warning");
    let v = crate::util::json(&[
        "completeness",
        o,
        "--region",
        "粤港澳大湾区",
        "--format",
        "json",
    ]);
    let mut cities: Vec<String> = v["region"]["cities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    cities.sort();
    assert_eq!(cities, ["Foshan", "Guangzhou"]);
    assert_eq!(v["chains"][0]["verdict"], "holds");
}

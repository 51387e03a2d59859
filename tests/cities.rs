//! Built-in cities and region presets (issue 17 item 3): a dataset without cities.csv, an
//! override row, homonyms (`Suzhou (Jiangsu)` / `Suzhou (Anhui)`), an ambiguous bare name,
//! a place that is not built in, and `--region` by preset id, Chinese or English name.

use crate::util::{BASE_CHAINS, BASE_LINKS, TempDataset, json, run};

/// BASE_FIRMS with their cities written as an analyst's export would: a full Chinese name
/// (广州市), a short one (佛山), pinyin (Shenzhen), 香港, and 宁波市 outside the GBA.
const FIRMS_BY_NAME: &str = "\
id,name,name_zh,city,kind,stages,functions,employees,revenue,source
cu,Copper Co,,宁波市,firm,ac/copper,manufacturing,100,,test
comp,Compressor Co,,佛山,firm,ac/compressor,manufacturing,500,,test
brd,Board Co,,Shenzhen,firm,ac/board,manufacturing,200,,test
ac1,AC Co,,香港,firm,ac/air_conditioner;ac/retail,manufacturing;sales,1000,,test
uni,University,,广州市,university,,rnd,50,,test
";

/// The base chains and links with [`FIRMS_BY_NAME`] and no cities.csv.
fn without_cities_csv() -> TempDataset {
    let d = TempDataset::with("", BASE_CHAINS, FIRMS_BY_NAME, BASE_LINKS);
    std::fs::remove_file(d.file("cities.csv")).expect("remove cities.csv");
    d
}

fn completeness(d: &TempDataset, region: &str) -> serde_json::Value {
    let path = d.path().display().to_string();
    json(&[
        "completeness",
        &path,
        "--region",
        region,
        "--format",
        "json",
    ])
}

fn region_cities(v: &serde_json::Value) -> Vec<String> {
    v["region"]["cities"]
        .as_array()
        .expect("region.cities")
        .iter()
        .map(|c| c.as_str().expect("a city id").to_string())
        .collect()
}

#[test]
fn a_dataset_without_cities_csv_loads_checks_clean_and_takes_the_gba_preset() {
    let d = without_cities_csv();
    let check = d.check();
    check.assert_code(0).assert_contains("0 errors, 0 warnings");
    let gba = completeness(&d, "GBA");
    assert_eq!(gba["region"]["name"], "GBA");
    assert_eq!(
        region_cities(&gba),
        ["Foshan", "Guangzhou", "Hong Kong", "Shenzhen"]
    );
    // Hand-worked: the 5 stages of `ac`; copper is made only in Ningbo (YRD), so 4 of 5
    // stages have a GBA producer, and the air conditioner cannot close on local copper.
    let ac = crate::util::chain(&gba, "ac");
    assert_eq!(ac["stage_coverage"], 0.8);
    assert_eq!(gba["closed_final_products"], 0);
    assert_eq!(gba["total_final_products"], 1);
    // The preset by its Chinese and English names is the same region.
    for name in ["粤港澳大湾区", "Greater Bay Area", "gba"] {
        assert_eq!(completeness(&d, name)["region"], gba["region"], "{name}");
    }
    // Ningbo is built in with the YRD preset.
    let yrd = completeness(&d, "Yangtze River Delta");
    assert_eq!(yrd["region"]["name"], "YRD");
    assert_eq!(region_cities(&yrd), ["Ningbo"]);
}

#[test]
fn a_cities_csv_row_overrides_the_built_in_city_of_the_same_id() {
    let d = without_cities_csv();
    d.write(
        "cities.csv",
        "city,name_zh,region,country,lat,lon\nFoshan,佛山,Pearl West,China,23.0,113.1\n",
    );
    d.check().assert_code(0);
    // 佛山 resolves to the file's row, so Foshan leaves the GBA for the file's region.
    let gba = completeness(&d, "GBA");
    assert_eq!(region_cities(&gba), ["Guangzhou", "Hong Kong", "Shenzhen"]);
    let west = completeness(&d, "Pearl West");
    assert_eq!(region_cities(&west), ["Foshan"]);
}

#[test]
fn homonyms_resolve_by_province_key_and_a_bare_name_is_ambiguous() {
    let d = without_cities_csv();
    d.replace(
        "firms.csv",
        "cu,Copper Co,,宁波市,",
        "cu,Copper Co,,Suzhou (Anhui),",
    )
    .replace(
        "firms.csv",
        "brd,Board Co,,Shenzhen,",
        "brd,Board Co,,苏州,",
    );
    d.check().assert_code(0).assert_contains("0 errors");
    let yrd = completeness(&d, "长三角");
    assert_eq!(region_cities(&yrd), ["Suzhou (Anhui)", "Suzhou (Jiangsu)"]);

    d.replace("firms.csv", "brd,Board Co,,苏州,", "brd,Board Co,,suzhou,");
    let check = d.check();
    check.assert_code(1).assert_contains(&format!(
        "{}:4: column \"city\": ambiguous city \"suzhou\": it names \
         \"Suzhou (Jiangsu)\" (苏州市, Jiangsu) or \"Suzhou (Anhui)\" (宿州市, Anhui)",
        d.shown("firms.csv")
    ));
}

#[test]
fn a_place_not_built_in_needs_a_cities_csv_row() {
    let d = without_cities_csv();
    d.replace(
        "firms.csv",
        "brd,Board Co,,Shenzhen,",
        "brd,Board Co,,Kunshan,",
    );
    d.check().assert_code(1).assert_contains(&format!(
        "{}:4: column \"city\": unknown city \"Kunshan\" (not built in, and the dataset has \
         no cities.csv)",
        d.shown("firms.csv")
    ));
    d.write(
        "cities.csv",
        "city,name_zh,region,country,lat,lon\nKunshan,昆山,Mainland,China,31.38,120.98\n",
    );
    d.check().assert_code(0);
}

#[test]
fn a_preset_with_no_city_in_the_dataset_is_a_usage_error() {
    let d = without_cities_csv();
    let path = d.path().display().to_string();
    let r = run(["completeness", &path, "--region", "京津冀"]);
    r.assert_code(2)
        .assert_contains("is the region preset JJJ (Jing-Jin-Ji, 京津冀)");
}

#[test]
fn a_preset_the_dataset_codes_otherwise_suggests_its_member_cities_as_a_list() {
    // datasets/gba codes Beijing, Tianjin, Shijiazhuang and Qinhuangdao (Hebei) `Mainland`:
    // the four JJJ cities it has, found by id or Chinese name.
    let r = run(["summary", "--region", "京津冀"]);
    r.assert_code(2).assert_contains(
        "its cities in the dataset, under another region, as a city list: \
         \"Beijing,Qinhuangdao,Shijiazhuang,Tianjin\"",
    );
    run([
        "summary",
        "--region",
        "Beijing,Qinhuangdao,Shijiazhuang,Tianjin",
    ])
    .assert_ok()
    // Four cities selected, whatever the dataset's total.
    .assert_contains("(4 of ");
}

#[test]
fn the_embedded_gba_preset_by_chinese_name_is_the_gba_region() {
    let by_id = run(["completeness", "--region", "GBA", "--format", "json"]);
    let by_name = run([
        "completeness",
        "--region",
        "粤港澳大湾区",
        "--format",
        "json",
    ]);
    crate::util::assert_same_output("completeness by preset name", &by_id, &by_name);
}

/// City lists in `--region`, `complement --cities` and `report --pair` take a city by its
/// Chinese name (with or without 市) or its id in any case, as firms' city cells do.
#[test]
fn city_lists_take_chinese_names_and_any_case() {
    let by_id = crate::util::json(&[
        "completeness",
        "--region",
        "Guangzhou,Foshan",
        "--format",
        "json",
    ]);
    for spec in ["广州,佛山市", "guangzhou, FOSHAN", "广州市,Foshan"] {
        let v = crate::util::json(&["completeness", "--region", spec, "--format", "json"]);
        assert_eq!(v["region"]["cities"], by_id["region"]["cities"], "{spec}");
        assert_eq!(v["chains"], by_id["chains"], "{spec}");
    }
    let a = run(["complement", "--cities", "Guangzhou,Foshan"]);
    let b = run(["complement", "--cities", "广州,佛山"]);
    crate::util::assert_same_output("complement by Chinese names", &a, &b);
    run(["report", "--pair", "广州市,佛山市"])
        .assert_ok()
        .assert_contains("## Guangzhou–Foshan (claim 3: complementary?)");
    run(["summary", "--region", "广州,亚特兰蒂斯"])
        .assert_code(2)
        .assert_contains("unknown region or city \"亚特兰蒂斯\"");
}

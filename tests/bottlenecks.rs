//! bottlenecks, simulate and metrics end to end on datasets/tiny, with hand-worked values,
//! and the determinism of metrics at any thread count.

use std::ffi::OsStr;

use crate::util::{chain, json, run, tiny};

#[test]
fn stage_concentration_hand_worked() {
    let b = json(&["bottlenecks", &tiny(), "--format", "json"]);
    let aircon = chain(&b, "aircon");
    let hex = aircon["concentration"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "heat_exchanger")
        .unwrap();
    // fs_aircon: 5000 employees over 4 stages = 1250; fs_hex: 350. Shares 0.78125, 0.21875.
    let hhi = 0.78125f64.powi(2) + 0.21875f64.powi(2);
    assert!((hex["hhi"].as_f64().unwrap() - hhi).abs() < 1e-12);
    assert!((hex["n_eff"].as_f64().unwrap() - 1.0 / hhi).abs() < 1e-9);
    assert_eq!(hex["basis"], "employment");
    assert_eq!(hex["top_producer"], "fs_aircon");
    assert_eq!(hex["single_source"], false);
    let single: Vec<&str> = aircon["single_source_stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(single.len(), 10);
    assert!(!single.contains(&"heat_exchanger"));
}

#[test]
fn closure_critical_firms_and_cut_hand_worked() {
    let b = json(&["bottlenecks", &tiny(), "--format", "json"]);
    let aircon = chain(&b, "aircon");
    let critical: Vec<&str> = aircon["critical_firms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["firm"].as_str().unwrap())
        .collect();
    // Every single-source stage on split_ac's realised derivation except fs_hex (fs_aircon
    // makes its own heat exchangers) and gz_install (a service after the final product).
    assert_eq!(
        critical,
        [
            "fs_aircon",
            "fs_comp",
            "fs_copper",
            "fs_sheet",
            "fs_tube",
            "gz_board",
            "gz_steel"
        ]
    );
    assert_eq!(aircon["connectivity"]["connectivity"], 1);
    assert_eq!(
        aircon["connectivity"]["cut"],
        serde_json::json!(["fs_aircon"])
    );
    let robot = chain(&b, "robot");
    assert!(robot["critical_firms"].as_array().unwrap().is_empty());
    assert_eq!(robot["connectivity"]["raw_material_firms"], 0);
}

#[test]
fn simulate_removing_the_compressor_maker() {
    let s = json(&[
        "simulate",
        &tiny(),
        "--remove",
        "firm:fs_comp",
        "--format",
        "json",
    ]);
    let aircon = chain(&s, "aircon");
    assert_eq!(aircon["complete_before"], true);
    assert_eq!(aircon["complete_after"], false);
    assert_eq!(
        aircon["lost_final_products"],
        serde_json::json!(["split_ac"])
    );
    let new: Vec<(&str, &str)> = aircon["new_breakpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["stage"].as_str().unwrap(), b["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(new, [("compressor", "no_data")]);
    assert_eq!(s["removed_firms"], 1);
    assert_eq!(
        s["cut_off_firms"],
        serde_json::json!(["fs_aircon", "gz_install"])
    );
}

#[test]
fn simulate_removing_a_city_and_a_layer() {
    let s = json(&[
        "simulate",
        &tiny(),
        "--remove",
        "city:Guangzhou",
        "--format",
        "json",
    ]);
    assert_eq!(chain(&s, "aircon")["complete_after"], false);
    let s = json(&[
        "simulate",
        &tiny(),
        "--remove",
        "layer:supply",
        "--format",
        "json",
    ]);
    let aircon = chain(&s, "aircon");
    assert_eq!(
        aircon["lost_final_products"],
        serde_json::json!(["split_ac"])
    );
    let s = json(&[
        "simulate",
        &tiny(),
        "--remove",
        "layer:innovation",
        "--format",
        "json",
    ]);
    assert_eq!(
        chain(&s, "aircon")["complete_after"],
        true,
        "innovation links do not carry supply"
    );
}

#[test]
fn simulate_usage_errors() {
    run(["simulate", &tiny(), "--remove", "firm:nope"])
        .assert_code(2)
        .assert_contains("unknown firm id");
    run(["simulate", &tiny(), "--remove", "town:Foshan"])
        .assert_code(2)
        .assert_contains("unknown kind \"town\"");
    run(["simulate", &tiny(), "--remove", "layer:suply"])
        .assert_code(2)
        .assert_contains("unknown layer");
    run(["simulate", &tiny()]).assert_code(2);
}

#[test]
fn metrics_columns_and_order() {
    let r = run(["metrics", &tiny()]);
    r.assert_code(0);
    let mut lines = r.stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,name,city,local,in_degree,out_degree,betweenness,articulation_point,bridges,dominated_final_firms,closure_critical_products,weak_component_size,strong_component_size"
    );
    let ids: Vec<&str> = lines.map(|l| l.split(',').next().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    assert_eq!(ids.len(), 24);
}

#[test]
fn metrics_identical_at_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    run([
        OsStr::new("generate"),
        OsStr::new("--firms"),
        OsStr::new("3000"),
        OsStr::new("--seed"),
        OsStr::new("5"),
        OsStr::new("-o"),
        dir.path().as_os_str(),
    ])
    .assert_code(0);
    let outputs: Vec<Vec<u8>> = ["1", "2", "4"]
        .iter()
        .map(|threads| {
            let mut cmd = crate::util::bin();
            cmd.env("RAYON_NUM_THREADS", threads)
                .arg("metrics")
                .arg(dir.path())
                .args(["--samples", "200", "--seed", "9"]);
            let out = cmd.output().unwrap();
            assert!(out.status.success(), "{threads} threads");
            assert!(!out.stdout.is_empty(), "{threads} threads: no output");
            out.stdout
        })
        .collect();
    assert_eq!(outputs[0], outputs[1], "1 vs 2 threads");
    assert_eq!(outputs[0], outputs[2], "1 vs 4 threads");
    // Exact betweenness too.
    let exact: Vec<Vec<u8>> = ["1", "3"]
        .iter()
        .map(|threads| {
            let mut cmd = crate::util::bin();
            cmd.env("RAYON_NUM_THREADS", threads)
                .arg("metrics")
                .arg(dir.path())
                .args(["--format", "json"]);
            let out = cmd.output().unwrap();
            assert!(out.status.success(), "{threads} threads");
            assert!(!out.stdout.is_empty(), "{threads} threads: no output");
            out.stdout
        })
        .collect();
    assert_eq!(exact[0], exact[1]);
}

#[test]
fn stage_concentration_says_how_much_employment_is_known() {
    // tests/data/mixed_case: Copper_Tube's one local producer (FS_Tube) has no employees, so
    // its shares are by count with "employment known for 0 of 1"; the heat exchangers of
    // datasets/tiny have both producers' employment (2 of 2).
    let data = crate::util::repo().join("tests/data/mixed_case");
    let data = data.display().to_string();
    let b = json(&["bottlenecks", &data, "--format", "json"]);
    let stage = |chain_id: &str, s: &str| {
        chain(&b, chain_id)["concentration"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["stage"] == s)
            .unwrap()
            .clone()
    };
    let tube = stage("AirCon", "Copper_Tube");
    assert_eq!(tube["basis"], "count");
    assert_eq!(tube["employment_known"], 0);
    assert_eq!(tube["employment_counted"], 1);
    let board = stage("AirCon", "Control_Board");
    assert_eq!(board["basis"], "employment");
    assert_eq!(board["employment_known"], 1);
    assert_eq!(board["employment_counted"], 1);
    let table = run(["bottlenecks", data.as_str()]);
    assert_eq!(table.code, 0);
    let text = table.stdout;
    assert!(
        text.contains("count; employment known for 0 of 1"),
        "{text}"
    );

    let t = json(&["bottlenecks", &tiny(), "--format", "json"]);
    let hex = chain(&t, "aircon")["concentration"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "heat_exchanger")
        .unwrap()
        .clone();
    assert_eq!(hex["employment_known"], 2);
    assert_eq!(hex["employment_counted"], 2);
}

/// "Largest producer" never falls back to name order (issue 15 item 5): with employment
/// unknown, board makers are ranked by supply links out (zb_big supplies two buyers, ab_small
/// one), and by revenue once every producer has one (ab_small is the larger then).
#[test]
fn largest_producer_falls_back_to_revenue_then_supply_links() {
    use crate::util::{BASE_CHAINS, BASE_CITIES, TempDataset};
    let firms = "\
id,name,name_zh,city,kind,stages,functions,employees,revenue,source
cu,Copper Co,,Ningbo,firm,ac/copper,manufacturing,,,test
comp,Compressor Co,,Foshan,firm,ac/compressor,manufacturing,,,test
ab_small,Small Board,,Guangzhou,firm,ac/board,manufacturing,,REV_A,test
zb_big,Big Board,,Guangzhou,firm,ac/board,manufacturing,,REV_Z,test
ac1,AC Co,,Foshan,firm,ac/air_conditioner,manufacturing,,,test
ac2,AC Two,,Guangzhou,firm,ac/air_conditioner,manufacturing,,,test
";
    let links = "\
source,target,layer,stage,weight,year,evidence,source_ref
cu,comp,supply,ac/copper,,2024,documented,test
comp,ac1,supply,ac/compressor,,2024,documented,test
ab_small,ac1,supply,ac/board,,2024,documented,test
zb_big,ac1,supply,ac/board,,2024,documented,test
zb_big,ac2,supply,ac/board,,2024,documented,test
";
    let board = |revenue_a: &str, revenue_z: &str| {
        let firms = firms
            .replace("REV_A", revenue_a)
            .replace("REV_Z", revenue_z);
        let d = TempDataset::with(BASE_CITIES, BASE_CHAINS, &firms, links);
        let v = json(&[
            "bottlenecks",
            d.path().to_str().unwrap(),
            "--format",
            "json",
        ]);
        chain(&v, "ac")["concentration"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["stage"] == "board")
            .unwrap()
            .clone()
    };
    let by_links = board("", "");
    assert_eq!(by_links["basis"], "count");
    assert_eq!(by_links["top_producer"], "zb_big");
    assert_eq!(by_links["largest_by"], "supply_degree");
    assert_eq!(by_links["top_unit"], "zb_big");
    // Revenue for one only: still supply links.
    assert_eq!(board("900", "")["largest_by"], "supply_degree");
    let by_revenue = board("900", "100");
    assert_eq!(by_revenue["largest_by"], "revenue");
    assert_eq!(by_revenue["top_producer"], "ab_small");
}

/// A chain ore → part → good → trade in Foshan: one raw-material firm `r1`, one part
/// maker `m` feeding two good makers, and a trade fair (kind `platform`) at `trade`.
fn platform_and_dominators() -> crate::util::TempDataset {
    crate::util::TempDataset::with(
        crate::util::BASE_CITIES,
        "chain,stage,label,tier,inputs\n\
         k,ore,Ore,raw_material,\n\
         k,part,Part,component,ore\n\
         k,good,Good,final_product,part\n\
         k,trade,Trade,service,good\n",
        "id,name,name_zh,city,kind,stages,functions,employees,revenue,source\n\
         r1,Ore Co,,Foshan,firm,k/ore,manufacturing,,,test\n\
         m,Part Co,,Foshan,firm,k/part,manufacturing,,,test\n\
         g1,Good One,,Foshan,firm,k/good,manufacturing,,,test\n\
         g2,Good Two,,Foshan,firm,k/good,manufacturing,,,test\n\
         fair,Trade Fair,,Foshan,platform,k/trade,marketing,,,test\n",
        "source,target,layer,stage,weight,year,evidence,source_ref\n\
         r1,m,supply,k/ore,,2024,estimated,test\n\
         m,g1,supply,k/part,,2024,documented,test\n\
         m,g2,supply,k/part,,2024,estimated,test\n",
    )
}

#[test]
fn dominators_state_the_evidence_of_their_local_supply_links() {
    // Every local supply path to g1 and g2 runs r1 -> m: both dominate 2 final-product
    // firms. r1's one local supply link is estimated; m's two are 1 documented, 1 estimated.
    let data = platform_and_dominators();
    let dir = data.path().to_str().unwrap();
    let b = json(&["bottlenecks", dir, "--region", "GBA", "--format", "json"]);
    let doms = b["dominators"].as_array().unwrap();
    let ids: Vec<&str> = doms.iter().map(|d| d["firm"].as_str().unwrap()).collect();
    assert_eq!(ids, ["m", "r1"]);
    let count = |d: &serde_json::Value, level: &str| {
        d["supply_link_evidence"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["evidence"] == level)
            .unwrap()["links"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(
        (count(&doms[0], "documented"), count(&doms[0], "estimated")),
        (1, 1)
    );
    assert_eq!(
        (count(&doms[1], "documented"), count(&doms[1], "estimated")),
        (0, 1)
    );
    run(["report", dir, "--region", "GBA"])
        .assert_code(0)
        .assert_contains("its supply links to local firms (evidence)")
        .assert_contains("| 1 link: 1 estimated (100.0%)")
        .assert_contains(
            "where a chain has one local raw-material producer it is one by construction",
        )
        // r1's only local supply link is estimated: named as an inference; m has a
        // documented one and is not named.
        .assert_contains(
            "r1 lies on every path only through estimated or assumed supply links: an inference from the modeller's links, not a recorded dependency.",
        );
    let html = run(["report", dir, "--region", "GBA", "--format", "html"]);
    html.assert_code(0)
        .assert_contains("<p>r1 lies on every path only through estimated or assumed supply links");
}

#[test]
fn blockage_does_not_pair_a_platform_as_a_buyer() {
    // good -> trade: both stages have local producers, no link; the only producer of
    // trade is a fair, which hosts trade rather than buying: nothing to pair.
    let data = platform_and_dominators();
    let dir = data.path().to_str().unwrap();
    let g = json(&["gaps", dir, "--region", "GBA", "--format", "json"]);
    let blockages = crate::util::chain(&g, "k")["blockages"]
        .as_array()
        .unwrap()
        .clone();
    let b = blockages.iter().find(|b| b["to"] == "trade").unwrap();
    assert_eq!(
        (b["suppliers"].as_u64(), b["buyers"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(b["candidates"], serde_json::json!([]));
    assert_eq!(
        b["not_paired"],
        serde_json::json!([{"firm": "fair", "kind": "platform"}])
    );
    run(["report", dir, "--region", "GBA"])
        .assert_code(0)
        .assert_contains("none: the only producers at one end are not firms: `fair` (platform); a fair or market hosts trade, it does not buy");
}

#[test]
fn blockage_marks_a_pair_of_one_group() {
    // part -> good in Foshan, no link: the only pair is two plants of group G, an in-group
    // flow the data may not record rather than two firms to introduce.
    let data = crate::util::TempDataset::with(
        crate::util::BASE_CITIES,
        "chain,stage,label,tier,inputs\n\
         k,part,Part,component,\n\
         k,good,Good,final_product,part\n",
        "id,name,name_zh,city,kind,stages,functions,employees,revenue,source,group\n\
         p1,Part Plant,,Foshan,firm,k/part,manufacturing,,,test,G\n\
         g1,Good Plant,,Foshan,firm,k/good,manufacturing,,,test,G\n",
        "source,target,layer,stage,weight,year,evidence,source_ref\n",
    );
    let dir = data.path().to_str().unwrap();
    let g = json(&["gaps", dir, "--region", "GBA", "--format", "json"]);
    let pair = &chain(&g, "k")["blockages"][0]["candidates"][0];
    assert_eq!(
        (pair["supplier"].as_str(), pair["buyer"].as_str()),
        (Some("p1"), Some("g1"))
    );
    assert_eq!(pair["same_group"], true);
    run(["gaps", dir, "--region", "GBA"])
        .assert_code(0)
        .assert_contains("p1 (Foshan) → g1 (Foshan) (same group)");
    run(["report", dir, "--region", "GBA"])
        .assert_code(0)
        .assert_contains("`p1` → `g1` (same city) (same group)");
}

//! A dataset's report.toml (issue 17 item 5): the report's title, claims, default region and
//! city pair come from it; without it the report is neutral (no article wording, no city
//! pair) and `complement` says how to give a pair.

use crate::util::{repo, run};
use std::path::Path;

/// A copy of datasets/tiny (its CSV files) in a temporary folder, with `report_toml` as its
/// report.toml (none when `None`).
fn tiny_with(report_toml: Option<&str>) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for file in ["cities.csv", "chains.csv", "firms.csv", "links.csv"] {
        std::fs::copy(
            repo().join("datasets/tiny").join(file),
            tmp.path().join(file),
        )
        .unwrap();
    }
    if let Some(text) = report_toml {
        std::fs::write(tmp.path().join("report.toml"), text).unwrap();
    }
    tmp
}

fn path(dir: &Path) -> &str {
    dir.to_str().unwrap()
}

#[test]
fn a_dataset_without_report_toml_gets_a_neutral_report() {
    let tmp = tiny_with(None);
    let d = path(tmp.path());
    for format in ["md", "html", "json"] {
        let r = run(["report", d, "--format", format]);
        r.assert_ok();
        let lower = r.stdout.to_lowercase();
        for word in [
            "article",
            "claim 1",
            "claim 3",
            "dual cycle",
            "domestic cycle",
        ] {
            assert!(
                !lower.contains(word),
                "{format}: {word:?} in a neutral report"
            );
        }
        assert!(
            !r.stdout.contains("Guangzhou–Foshan"),
            "{format}: a city pair"
        );
        if format != "json" {
            r.assert_contains("Is the chain complete in GBA?")
                .assert_contains("Does GBA have a complete supply and production chain")
                .assert_contains("No city pair was given")
                .assert_contains("--pair A,B");
        }
    }
    // The pair from the flag, not a claim: compared, with no claim number.
    run(["report", d, "--pair", "Guangzhou,Foshan"])
        .assert_ok()
        .assert_contains("## Guangzhou–Foshan: complementary?")
        .assert_contains("- Guangzhou–Foshan: undetermined");
    run(["report", d, "--pair", "Guangzhou"])
        .assert_code(2)
        .assert_contains("must name exactly two cities");
    // A command that needs a pair says how to give one.
    run(["complement", d])
        .assert_code(2)
        .assert_contains("--cities A,B")
        .assert_contains("report.toml");
}

#[test]
fn report_toml_gives_title_claims_region_and_pair() {
    let tmp = tiny_with(Some(
        "title = \"Kettles and robots in {region}\"\nsource = \"the 2031 plan\"\n\
         region = \"Guangzhou,Foshan\"\npair = [\"Foshan\", \"Guangzhou\"]\n\
         [[claims]]\nid = \"completeness\"\ntext = \"{region} makes everything it needs\"\n\
         [[claims]]\nid = \"complementarity\"\ntext = \"the two cities fit\"\nnumber = 7\n\
         caveat = \"The pair was surveyed twice as hard.\"\n",
    ));
    let d = path(tmp.path());
    let r = run(["report", d]);
    r.assert_ok()
        .assert_contains("# Kettles and robots in Guangzhou,Foshan\n")
        .assert_contains(
            "**Claim tested:** Guangzhou,Foshan makes everything it needs (the 2031 plan, claim 1).",
        )
        .assert_contains("## Claim 1 per chain: complete from raw materials to final products")
        .assert_contains("## Foshan–Guangzhou (claim 7: complementary?)")
        .assert_contains("- Claim 7, Foshan–Guangzhou: ")
        // The claim's caveat follows its summary line and its quote under the heading.
        .assert_contains(" Caveat (from the dataset's report.toml): The pair was surveyed twice as hard.\n")
        .assert_contains("(the 2031 plan, claim 7). Caveat (from the dataset's report.toml): The pair was surveyed twice as hard.")
        // Claims the file does not make are asked neutrally.
        .assert_contains("## Stability (H3–H5)")
        .assert_contains("- The four chains as one system: ");
    // The default region is the file's; --region still wins.
    run(["report", d, "--region", "GBA"])
        .assert_ok()
        .assert_contains("# Kettles and robots in GBA\n");
    let json = crate::util::json(&["report", d, "--format", "json"]);
    assert_eq!(json["region"]["name"], "Guangzhou,Foshan");
    assert_eq!(json["framing"]["claims"][1]["id"], "complementarity");
    assert_eq!(json["framing"]["claims"][1]["number"], 7);
    assert_eq!(
        json["framing"]["claims"][1]["caveat"],
        "The pair was surveyed twice as hard."
    );
    assert!(json["framing"]["claims"][0].get("caveat").is_none());
    assert_eq!(json["framing"]["pair"][0], "Foshan");
    // complement compares the file's pair by default.
    run(["complement", d])
        .assert_ok()
        .assert_contains("Foshan")
        .assert_contains("Guangzhou");
}

#[test]
fn a_bad_report_toml_is_an_error_naming_line_and_column() {
    let tmp = tiny_with(Some(
        "title = \"x\"\n\n[[claims]]\nid = \"growth\"\ntext = \"t\"\n",
    ));
    let d = path(tmp.path());
    let r = run(["report", d]);
    r.assert_code(1)
        .assert_contains("report.toml:4:6: ")
        .assert_contains("growth")
        .assert_contains("completeness");
    std::fs::write(tmp.path().join("report.toml"), "region = \"Atlantis\"\n").unwrap();
    run(["completeness", d])
        .assert_code(2)
        .assert_contains("report.toml `region`")
        .assert_contains("Atlantis");
}

#[test]
fn the_embedded_gba_data_carries_the_articles_claims() {
    run(["report"])
        .assert_ok()
        .assert_contains("**Claim tested:** GBA has a complete supply and production chain, from raw materials to final products (2020 article, claim 1).")
        .assert_contains("## Guangzhou–Foshan (claim 3: complementary?)")
        .assert_contains("## Four chains as one system (claim 2)")
        .assert_contains("The boundary ladder answers the 2020 article's \"dual cycle\" (claim 5)");
}

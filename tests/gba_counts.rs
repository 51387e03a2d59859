//! Floors under the embedded GBA dataset's counts, so later edits of datasets/gba cannot
//! erode them: organisations in GBA cities, links, supply links, documented links and
//! organisations with a group. The floors are the counts when this test was written (see
//! datasets/gba/README.md); raise them as the dataset grows.
//!
//! Issue 16's targets, which these floors climb towards: ≥ 600 organisations in the 11 GBA
//! cities, ≥ 600 links, ≥ 300 supply links, ≥ 70% documented (assumed links are allowed,
//! outside that share) and ≥ 50 organisations with a group.

use chainatlas::load::{DatasetSource, LoadOptions, load};
use chainatlas::model::{Evidence, Layer, Model};

use crate::util::repo;

/// Organisations whose city has region `GBA` (the 11 cities).
const MIN_GBA_ORGANISATIONS: usize = 697;
/// Links of every layer.
const MIN_LINKS: usize = 659;
/// Links of the supply layer.
const MIN_SUPPLY_LINKS: usize = 315;
/// Documented links (a count, not a share: a new `reported` link must not fail the test,
/// a lost documented one must). Since build.py grades by the data contract (`documented` = a
/// party's own statement, an exchange filing even when read from a verbatim copy, or a public
/// record; press and Wikipedia are `reported`), 198 of 659 − 18 = 641 non-assumed links
/// (30.9%) are documented, far below issue 16's 70%.
const MIN_DOCUMENTED: usize = 198;
/// Organisations with a filled `group` (issue 16 asks for ≥ 50).
const MIN_GROUPED: usize = 347;

/// The counts the floors are about.
#[derive(Debug, PartialEq)]
struct Counts {
    gba_organisations: usize,
    links: usize,
    supply_links: usize,
    documented: usize,
    assumed: usize,
    grouped: usize,
}

fn counts(model: &Model) -> Counts {
    let in_gba = |f: &chainatlas::model::Firm| model.cities[f.city as usize].region == "GBA";
    Counts {
        gba_organisations: model.firms.iter().filter(|f| in_gba(f)).count(),
        links: model.links.len(),
        supply_links: model
            .links
            .iter()
            .filter(|l| l.layer == Layer::Supply)
            .count(),
        documented: model
            .links
            .iter()
            .filter(|l| l.evidence == Evidence::Documented)
            .count(),
        assumed: model
            .links
            .iter()
            .filter(|l| l.evidence == Evidence::Assumed)
            .count(),
        grouped: model.firms.iter().filter(|f| !f.group.is_empty()).count(),
    }
}

fn model_of(source: DatasetSource) -> Model {
    let loaded = load(&source, &LoadOptions::default()).expect("load the GBA dataset");
    assert_eq!(loaded.errors(), 0, "the GBA dataset has errors");
    loaded.model.expect("valid dataset")
}

#[test]
fn embedded_gba_counts_stay_above_their_floors() {
    let embedded = counts(&model_of(DatasetSource::Embedded));
    // The binary embeds datasets/gba at build time: the folder and the embedded copy agree.
    let folder = counts(&model_of(DatasetSource::Dir(repo().join("datasets/gba"))));
    assert_eq!(embedded, folder, "embedded data differs from datasets/gba");

    let c = embedded;
    assert!(
        c.gba_organisations >= MIN_GBA_ORGANISATIONS,
        "organisations in GBA cities: {} < {MIN_GBA_ORGANISATIONS}",
        c.gba_organisations
    );
    assert!(c.links >= MIN_LINKS, "links: {} < {MIN_LINKS}", c.links);
    assert!(
        c.supply_links >= MIN_SUPPLY_LINKS,
        "supply links: {} < {MIN_SUPPLY_LINKS}",
        c.supply_links
    );
    assert!(
        c.documented >= MIN_DOCUMENTED,
        "documented links: {} < {MIN_DOCUMENTED}",
        c.documented
    );
    assert!(
        c.grouped >= MIN_GROUPED,
        "organisations with a group: {} < {MIN_GROUPED}",
        c.grouped
    );
}

/// Hand-counted groups of the fact base (facts/base/groups.csv) and facts/plants: Midea's
/// members, and a plant in its own city sharing its parent's group.
#[test]
fn gba_groups_hold_plants_in_their_own_cities() {
    let model = model_of(DatasetSource::Embedded);
    let firm = |id: &str| {
        model
            .firms
            .iter()
            .find(|f| f.id == id)
            .unwrap_or_else(|| panic!("firm {id}"))
    };
    let city = |id: &str| model.cities[firm(id).city as usize].id.as_str();
    let mut midea: Vec<&str> = model
        .firms
        .iter()
        .filter(|f| f.group == "Midea")
        .map(|f| f.id.as_str())
        .collect();
    midea.sort_unstable();
    // The hand-counted members stay (later folders may add more, e.g. hualing_gz_ac).
    for member in [
        "clivet",
        "gat_thailand",
        "gmcc",
        "kuka",
        "kuka_china",
        "little_swan",
        "midea",
        "midea_nansha",
        "servotronix",
        "toshiba_lifestyle",
        "welling",
        "welling_anqing",
    ] {
        assert!(midea.contains(&member), "{member} not in Midea: {midea:?}");
    }
    assert_eq!(
        (city("midea"), city("midea_nansha")),
        ("Foshan", "Guangzhou")
    );
    // Head offices outside the GBA carry no production stage; their plants do.
    for head_office in ["cnooc", "sinopec"] {
        assert!(
            firm(head_office).stages.is_empty(),
            "{head_office} has stages"
        );
    }
    assert_eq!(firm("cnooc_offshore").group, "CNOOC");
    assert_eq!(firm("cspc").group, "CNOOC");
    assert_eq!(firm("sinopec_shengli").group, "Sinopec");
    assert_eq!(city("sinopec_shengli"), "Dongying");
}

/// Issue 16's stage survey: every stage of every chain ends with a GBA producer, a recorded
/// absence, or as unknown; unknown stays at most 10% of the stages, and at least 10 absences
/// each carry a source address. Hand count at session 10: 99 present, 19 absent, 13 unknown
/// of 131 (9.9%): precision bearings and special steel for robots became estimated absences.
#[test]
fn gba_stage_survey_leaves_at_most_a_tenth_of_stages_unknown() {
    let c = crate::util::json(&["completeness", "--mode", "structural", "--format", "json"]);
    let mut status = std::collections::BTreeMap::<String, usize>::new();
    for chain in c["chains"].as_array().unwrap() {
        for s in chain["stages"].as_array().unwrap() {
            *status
                .entry(s["status"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    let total: usize = status.values().sum();
    let unknown = status.get("unknown").copied().unwrap_or(0);
    assert_eq!(total, 131, "{status:?}");
    assert!(
        unknown * 10 <= total,
        "unknown stages {unknown} of {total}: above issue 16's 10% ({status:?})"
    );
    let model = model_of(DatasetSource::Embedded);
    let sourced = model
        .absences
        .iter()
        .filter(|a| a.source_ref.contains("http"))
        .count();
    assert!(sourced >= 10, "absences with a source address: {sourced}");
    assert_eq!(sourced, model.absences.len(), "an absence without a source");
}

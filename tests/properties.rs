//! Property tests of the completeness analysis on random small models built directly
//! through the library (no CSV): rates in [0, 1]; realised-closed ⊆ structural-closed;
//! adding a local supply link never reduces closure; removing a firm never adds closure;
//! the shortlist's incremental "admit a firm" equals a recompute from scratch. Weak and
//! strong components of random small graphs equal a brute-force reference (reachability by
//! BFS from every node).

use chainatlas::analysis::closure::{ConsumerIndex, RealisedClosure};
use chainatlas::analysis::completeness::{Mode, Options, RegionState, Verdict, analyse};
use chainatlas::analysis::components::{Components, strong_components, weak_components};
use chainatlas::analysis::critical::closure_critical;
use chainatlas::analysis::graph::SupplyGraph;
use chainatlas::export::dataset;
use chainatlas::export::view::GraphView;
use chainatlas::load::{DatasetSource, LoadOptions, load};
use chainatlas::model::{
    Absence, Area, Chain, City, Evidence, Firm, FunctionSet, Kind, Layer, Link, Model, ModelParts,
    Region, Stage, Tier,
};
use proptest::prelude::*;

/// A random model: cities 0 and 1 are in region GBA, city 2 is outside.
#[derive(Debug, Clone)]
struct Spec {
    /// Per chain, per stage: input groups as indices of earlier stages of the chain.
    chains: Vec<Vec<Vec<Vec<usize>>>>,
    /// Per firm: city, and (chain, stage) pairs it produces.
    firms: Vec<(u32, Vec<(usize, usize)>)>,
    /// Supply links as (source firm, which of its stages, target firm, weight).
    links: Vec<(usize, usize, usize, Option<u8>)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    let chain = (3usize..7).prop_flat_map(|n| {
        let stages: Vec<_> = (0..n)
            .map(|i| {
                if i == 0 {
                    Just(Vec::new()).boxed()
                } else {
                    prop::collection::vec(prop::collection::vec(0..i, 1..3), 0..3).boxed()
                }
            })
            .collect();
        stages
    });
    prop::collection::vec(chain, 1..3)
        .prop_flat_map(|chains| {
            let sizes: Vec<usize> = chains.iter().map(Vec::len).collect();
            let pick = (0..sizes.len()).prop_flat_map(move |c| (Just(c), 0..sizes[c]));
            let firm = (0u32..3, prop::collection::vec(pick, 1..3));
            (Just(chains), prop::collection::vec(firm, 2..14)).prop_flat_map(|(chains, firms)| {
                let n = firms.len();
                let link = (0..n, 0usize..2, 0..n, prop::option::of(0u8..50));
                (
                    Just(chains),
                    Just(firms),
                    prop::collection::vec(link, 0..30),
                )
            })
        })
        .prop_map(|(chains, firms, links)| Spec {
            chains,
            firms,
            links,
        })
}

fn build(spec: &Spec) -> Model {
    let cities = ["A", "B", "X"]
        .iter()
        .enumerate()
        .map(|(i, id)| City {
            id: id.to_string(),
            name_zh: String::new(),
            region: if i < 2 { "GBA".into() } else { "Out".into() },
            country: if i < 2 {
                "China".into()
            } else {
                "Japan".into()
            },
            lat: None,
            lon: None,
            extra: Vec::new(),
        })
        .collect();
    let mut chains = Vec::new();
    let mut stages = Vec::new();
    let mut offset = Vec::new();
    for (c, chain) in spec.chains.iter().enumerate() {
        offset.push(stages.len() as u32);
        let base = stages.len() as u32;
        let last = chain.len() - 1;
        chains.push(Chain {
            id: format!("c{c}"),
            stages: (0..chain.len() as u32).map(|i| base + i).collect(),
        });
        for (i, groups) in chain.iter().enumerate() {
            let mut inputs: Vec<Vec<u32>> = groups
                .iter()
                .map(|g| {
                    let mut g: Vec<u32> = g.iter().map(|&u| base + u as u32).collect();
                    g.sort_unstable();
                    g.dedup();
                    g
                })
                .collect();
            inputs.retain(|g| !g.is_empty());
            stages.push(Stage {
                chain: c as u32,
                id: format!("s{i}"),
                key: format!("c{c}/s{i}"),
                label: String::new(),
                tier: if i == last {
                    Tier::FinalProduct
                } else if inputs.is_empty() {
                    Tier::RawMaterial
                } else {
                    Tier::Component
                },
                inputs,
                extra: Vec::new(),
            });
        }
    }
    let firms: Vec<Firm> = spec
        .firms
        .iter()
        .enumerate()
        .map(|(i, (city, made))| {
            let mut s: Vec<u32> = made.iter().map(|&(c, k)| offset[c] + k as u32).collect();
            s.sort_unstable();
            s.dedup();
            Firm {
                id: format!("f{i:02}"),
                name: String::new(),
                name_zh: String::new(),
                city: *city,
                kind: Kind::Firm,
                stages: s,
                functions: FunctionSet::default(),
                employees: Some(10.0 * (i + 1) as f64),
                revenue: None,
                source: String::new(),
                group: String::new(),
                extra: Vec::new(),
            }
        })
        .collect();
    let links = spec
        .links
        .iter()
        .filter(|(s, _, t, _)| s != t)
        .map(|&(s, k, t, w)| {
            let made = &firms[s].stages;
            Link {
                source: s as u32,
                target: t as u32,
                layer: Layer::Supply,
                stage: Some(made[k % made.len()]),
                weight: w.map(f64::from),
                year: None,
                evidence: Evidence::Documented,
                source_ref: 0,
            }
        })
        .collect();
    Model::new(ModelParts {
        origin: "proptest".into(),
        cities,
        chains,
        stages,
        firms,
        links,
        texts: vec![String::new()],
        city_extra_columns: Vec::new(),
        stage_extra_columns: Vec::new(),
        firm_extra_columns: Vec::new(),
        link_extra_columns: Vec::new(),
        link_extra: Vec::new(),
        absences: Vec::new(),
        has_group_column: false,
    })
}

fn gba(model: &Model) -> Region {
    Region::resolve(model, Some("GBA")).unwrap()
}

fn closed_sets(model: &Model) -> (Vec<bool>, Vec<bool>) {
    let region = gba(model);
    let state = RegionState::new(model, &region, 1);
    (
        state.realised_closed.clone(),
        state.structural_closed.clone(),
    )
}

/// Absences (stage index modulo the stage count, area 0 = region GBA, 1 = country China,
/// 2 = city A, 3 = the outside city X) added to a built model.
fn with_absences(mut model: Model, absences: &[(usize, u8)]) -> Model {
    let n = model.stages.len();
    for (i, &(s, area)) in absences.iter().enumerate() {
        let (area_id, area) = match area % 4 {
            0 => ("GBA".to_string(), Area::Region("GBA".into())),
            1 => ("China".to_string(), Area::Country("China".into())),
            2 => ("A".to_string(), Area::City(0)),
            _ => ("X".to_string(), Area::City(2)),
        };
        model.absences.push(Absence {
            area_id,
            area,
            stage: (s % n) as u32,
            evidence: Evidence::Documented,
            source_ref: format!("src{i}"),
            note: String::new(),
            line: i as u64 + 2,
        });
    }
    model
}

/// Per chain, the verdict in `mode` with the stages flagged in `importable` (by index
/// modulo the stage count) importable.
fn verdicts(model: &Model, mode: Mode, importable: &[usize]) -> Vec<Verdict> {
    let region = gba(model);
    let mut mask = vec![false; model.stages.len()];
    for &s in importable {
        mask[s % model.stages.len()] = true;
    }
    let state = RegionState::with_importable(model, &region, 1, mask);
    let opts = Options {
        mode,
        ..Options::default()
    };
    analyse(&state, &[], &opts)
        .chains
        .iter()
        .map(|c| c.verdict)
        .collect()
}

/// The closed final products (realised, by stage index) of `state` that are no longer closed
/// when the firms `victims` move out of the region and lose their links (recomputed).
fn lost_by_removing(spec: &Spec, state: &RegionState<'_>, victims: &[usize]) -> Vec<u32> {
    let mut less = spec.clone();
    for &i in victims {
        less.firms[i].0 = 2;
    }
    less.links
        .retain(|&(s, _, t, _)| !victims.contains(&s) && !victims.contains(&t));
    let after_model = build(&less);
    let after_region = gba(&after_model);
    let after = RegionState::new(&after_model, &after_region, state.min_producers);
    (0..after_model.stages.len())
        .filter(|&s| after_model.stages[s].tier == Tier::FinalProduct)
        .filter(|&s| state.realised_closed[s] && !after.realised_closed[s])
        .map(|s| s as u32)
        .collect()
}

fn subset(a: &[bool], b: &[bool]) -> bool {
    a.iter().zip(b).all(|(x, y)| !x || *y)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn rates_are_in_unit_interval_and_realised_within_structural(spec in spec()) {
        let model = build(&spec);
        let region = gba(&model);
        let state = RegionState::new(&model, &region, 1);
        prop_assert!(subset(&state.realised_closed, &state.structural_closed));
        let result = analyse(&state, &[], &Options::default());
        for c in &result.chains {
            for v in [Some(c.stage_coverage), c.stage_coverage_employment, c.link_coverage, c.local_sourcing_rate]
                .into_iter()
                .flatten()
            {
                prop_assert!((0.0..=1.0).contains(&v), "{} out of range in {}", v, c.chain);
            }
            if let Some(s) = &c.sourcing {
                prop_assert!((s.local + s.rest_of_country + s.overseas - 1.0).abs() < 1e-9);
            }
            for b in &c.breakpoints {
                prop_assert!(b.blocks >= 1 && b.blocks <= c.final_products.len());
            }
        }
    }

    /// On random data with random absences and importable stages: `holds` means every final
    /// product is closed in the pessimistic closure; `fails` means some final product is not
    /// closed in the optimistic bound (recomputed here by plain iteration to a fixpoint); and
    /// adding an absence never turns `fails` into `holds` (it keeps `fails`).
    #[test]
    fn verdicts_agree_with_the_bounds_and_absences_only_confirm_failure(
        spec in spec(),
        absences in prop::collection::vec((0usize..20, 0u8..4), 0..5),
        extra in (0usize..20, 0u8..4),
        importable in prop::collection::vec(0usize..20, 0..3),
        structural in any::<bool>(),
    ) {
        let mode = if structural { Mode::Structural } else { Mode::Realised };
        let model = with_absences(build(&spec), &absences);
        let region = gba(&model);
        let mut mask = vec![false; model.stages.len()];
        for &s in &importable {
            mask[s % model.stages.len()] = true;
        }
        let state = RegionState::with_importable(&model, &region, 1, mask.clone());
        let result = analyse(&state, &[], &Options { mode, ..Options::default() });
        // The optimistic bound by brute force: unknown stages present, importable given.
        let absent: Vec<bool> = (0..model.stages.len())
            .map(|s| {
                state.presence[s] == 0
                    && model.absences.iter().any(|a| {
                        a.stage as usize == s && model.absence_applies(a, &region)
                    })
            })
            .collect();
        let mut optimistic = mask.clone();
        loop {
            let mut changed = false;
            for s in 0..model.stages.len() {
                if !optimistic[s]
                    && !absent[s]
                    && model.stages[s].inputs.iter().all(|g| g.iter().any(|&u| optimistic[u as usize]))
                {
                    optimistic[s] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let closed = state.closed(mode);
        for (c, chain) in result.chains.iter().zip(&model.chains) {
            let finals: Vec<usize> = chain
                .stages
                .iter()
                .map(|&s| s as usize)
                .filter(|&s| model.stages[s].tier == Tier::FinalProduct)
                .collect();
            match c.verdict {
                Verdict::Holds => prop_assert!(finals.iter().all(|&f| closed[f]), "{}", c.chain),
                Verdict::Fails => prop_assert!(finals.iter().any(|&f| !optimistic[f]), "{}", c.chain),
                Verdict::Undetermined => prop_assert!(
                    finals.iter().all(|&f| optimistic[f]) && finals.iter().any(|&f| !closed[f]),
                    "{}", c.chain
                ),
                Verdict::NotApplicable => prop_assert!(finals.is_empty()),
            }
            prop_assert_eq!(c.complete, c.verdict == Verdict::Holds);
        }
        let before = verdicts(&model, mode, &importable);
        let mut more = absences.clone();
        more.push(extra);
        let after = verdicts(&with_absences(build(&spec), &more), mode, &importable);
        for (b, a) in before.iter().zip(&after) {
            if *b == Verdict::Fails {
                prop_assert_eq!(*a, Verdict::Fails);
            }
            if *b == Verdict::Holds {
                prop_assert_eq!(*a, Verdict::Holds);
            }
        }
    }

    #[test]
    fn adding_a_local_supply_link_never_reduces_closure(spec in spec(), s in 0usize..14, k in 0usize..2, t in 0usize..14) {
        let model = build(&spec);
        let n = spec.firms.len();
        let (s, t) = (s % n, t % n);
        prop_assume!(s != t);
        let (before_r, before_s) = closed_sets(&model);
        let mut more = spec.clone();
        more.links.push((s, k, t, None));
        let (after_r, after_s) = closed_sets(&build(&more));
        prop_assert!(subset(&before_r, &after_r));
        prop_assert!(subset(&before_s, &after_s));
    }

    #[test]
    fn removing_a_firm_never_adds_closure(spec in spec(), victim in 0usize..14) {
        let model = build(&spec);
        let victim = victim % spec.firms.len();
        let (before_r, before_s) = closed_sets(&model);
        // Removing = moving it out of the region and dropping its links.
        let mut less = spec.clone();
        less.firms[victim].0 = 2;
        less.links.retain(|&(s, _, t, _)| s != victim && t != victim);
        let (after_r, after_s) = closed_sets(&build(&less));
        prop_assert!(subset(&after_r, &before_r));
        prop_assert!(subset(&after_s, &before_s));
    }

    #[test]
    fn admitting_a_firm_equals_recomputing(spec in spec(), newcomer in 0usize..14) {
        let model = build(&spec);
        let newcomer = (newcomer % spec.firms.len()) as u32;
        let region = gba(&model);
        let consumers = ConsumerIndex::new(&model);
        let local = region.local_firms(&model);
        let mut incremental = RealisedClosure::compute(&model, &consumers, local.clone());
        incremental.admit(&model, &consumers, newcomer);
        let mut with = local;
        with[newcomer as usize] = true;
        let scratch = RealisedClosure::compute(&model, &consumers, with);
        for f in 0..model.firms.len() as u32 {
            for &s in &model.firms[f as usize].stages {
                prop_assert_eq!(incremental.is_supplied(&model, f, s), scratch.is_supplied(&model, f, s));
            }
        }
    }

    #[test]
    fn closure_critical_equals_removing_each_firm(spec in spec(), min_producers in 1u32..3) {
        let model = build(&spec);
        let region = gba(&model);
        let state = RegionState::new(&model, &region, min_producers);
        let critical = closure_critical(&state);
        for victim in 0..spec.firms.len() {
            let brute = lost_by_removing(&spec, &state, &[victim]);
            prop_assert_eq!(&critical.lost[victim], &brute, "firm f{:02}", victim);
        }
    }

    #[test]
    fn closure_critical_groups_equal_removing_each_group(
        spec in spec(),
        picks in prop::collection::vec(0u8..4, 14),
        min_producers in 1u32..3,
    ) {
        // Firm i is in group g{picks[i]} (0: no group); removing a group removes every
        // local firm of it at once.
        let group_of = |i: usize| (picks[i] > 0).then(|| format!("g{}", picks[i]));
        let mut model = build(&spec);
        for (i, firm) in std::sync::Arc::make_mut(&mut model.firms).iter_mut().enumerate() {
            firm.group = group_of(i).unwrap_or_default();
        }
        let region = gba(&model);
        let state = RegionState::new(&model, &region, min_producers);
        let critical = closure_critical(&state);
        for g in 1u8..4 {
            let name = format!("g{g}");
            let members: Vec<usize> = (0..spec.firms.len())
                .filter(|&i| picks[i] == g && spec.firms[i].0 < 2)
                .collect();
            let brute = lost_by_removing(&spec, &state, &members);
            match critical.groups.names.iter().position(|n| *n == name) {
                Some(k) => {
                    prop_assert!(members.len() >= 2);
                    prop_assert_eq!(&critical.group_lost[k], &brute, "group {}", name);
                }
                // A lone local firm's loss is the firm-level result.
                None if members.len() == 1 => {
                    prop_assert_eq!(&critical.lost[members[0]], &brute, "group {}", name)
                }
                None => prop_assert!(members.is_empty()),
            }
        }
    }

    #[test]
    fn writing_a_model_out_and_loading_it_gives_an_equal_model(spec in spec()) {
        let model = build(&spec);
        // Names and references a spreadsheet or a CSV writer could mangle.
        const NAMES: [&str; 6] = ["=cmd|' /C calc'!A0", "Comma, \"Quoted\" Co.", "佛山\n照明", "@handle", "-minus", "plain"];
        let mut firms = model.firms.to_vec();
        for (i, firm) in firms.iter_mut().enumerate() {
            firm.name = NAMES[i % NAMES.len()].to_string();
            firm.name_zh = "广州".to_string();
            firm.source = NAMES[(i + 1) % NAMES.len()].to_string();
        }
        let model = Model::new(chainatlas::model::ModelParts {
            origin: model.origin.clone(),
            cities: model.cities.clone(),
            chains: model.chains.clone(),
            stages: model.stages.clone(),
            firms,
            links: model.links.clone(),
            texts: vec!["+1 ref, with comma".to_string()],
            city_extra_columns: Vec::new(),
            stage_extra_columns: Vec::new(),
            firm_extra_columns: Vec::new(),
            link_extra_columns: Vec::new(),
            link_extra: Vec::new(),
            absences: Vec::new(),
            has_group_column: false,
        });
        let view = GraphView {
            model: &model,
            nodes: (0..model.firms.len() as u32).collect(),
            edges: (0..model.links.len() as u32).collect(),
            local: vec![true; model.firms.len()],
            metrics: None,
            highlight: vec![false; model.firms.len()],
            title: String::new(),
        };
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in dataset::files(&view) {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        let loaded = load(&DatasetSource::Dir(dir.path().to_path_buf()), &LoadOptions::default()).unwrap();
        let errors: Vec<String> = loaded.problems.iter().filter(|p| p.severity == chainatlas::load::Severity::Error).map(|p| p.to_string()).collect();
        prop_assert!(errors.is_empty(), "{errors:?}");
        let back = loaded.model.unwrap();
        prop_assert_eq!(&back.cities, &model.cities);
        prop_assert_eq!(&back.chains, &model.chains);
        prop_assert_eq!(&back.stages, &model.stages);
        prop_assert_eq!(&back.firms, &model.firms);
        prop_assert_eq!(back.links.len(), model.links.len());
        for (a, b) in back.links.iter().zip(&model.links) {
            prop_assert_eq!((a.source, a.target, a.layer, a.stage, a.weight, a.year, a.evidence), (b.source, b.target, b.layer, b.stage, b.weight, b.year, b.evidence));
            prop_assert_eq!(back.source_ref(a), model.source_ref(b));
        }
    }
}

/// A random simple directed graph: node count and edges (no self-loops; duplicates are
/// merged by `from_edges`).
fn small_graph() -> impl Strategy<Value = (usize, Vec<(u32, u32)>)> {
    (1usize..16).prop_flat_map(|n| {
        let edge = (0..n as u32, 0..n as u32);
        let edges = prop::collection::vec(edge, 0..48).prop_map(|mut e| {
            e.retain(|(a, b)| a != b);
            e
        });
        (Just(n), edges)
    })
}

/// `reach[u][v]`: v is reachable from u (u included) following `next`.
fn reachability(n: usize, next: impl Fn(u32) -> Vec<u32>) -> Vec<Vec<bool>> {
    (0..n as u32)
        .map(|u| {
            let mut seen = vec![false; n];
            seen[u as usize] = true;
            let mut queue = std::collections::VecDeque::from([u]);
            while let Some(v) = queue.pop_front() {
                for w in next(v) {
                    if !seen[w as usize] {
                        seen[w as usize] = true;
                        queue.push_back(w);
                    }
                }
            }
            seen
        })
        .collect()
}

/// Components of the equivalence relation `same`, numbered by smallest node.
fn classes(n: usize, same: impl Fn(usize, usize) -> bool) -> Components {
    let mut label = vec![u32::MAX; n];
    let mut sizes = Vec::new();
    for u in 0..n {
        if label[u] != u32::MAX {
            continue;
        }
        let c = sizes.len() as u32;
        let members: Vec<usize> = (u..n).filter(|&v| same(u, v)).collect();
        for &v in &members {
            label[v] = c;
        }
        sizes.push(members.len() as u32);
    }
    Components { label, sizes }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn components_equal_brute_force((n, edges) in small_graph()) {
        let ids: Vec<u32> = (0..n as u32).collect();
        let g = SupplyGraph::from_edges(ids.clone(), ids, &mut edges.clone());
        let directed = reachability(n, |v| g.out(v).to_vec());
        let undirected = reachability(n, |v| g.undirected(v));
        let strong = classes(n, |u, v| directed[u][v] && directed[v][u]);
        let weak = classes(n, |u, v| undirected[u][v]);
        prop_assert_eq!(strong_components(&g), strong.clone(), "strong, edges {:?}", edges);
        prop_assert_eq!(weak_components(&g), weak.clone(), "weak, edges {:?}", edges);
        prop_assert_eq!(strong.count(), strong.sizes.len());
        for v in 0..n as u32 {
            prop_assert!(strong.size_of(v) <= weak.size_of(v));
        }
    }
}

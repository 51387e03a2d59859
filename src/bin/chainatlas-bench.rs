//! Phase timings of chainatlas on a dataset folder (release build; see docs/benchmarks.md
//! and tests/bench/README.md). Not a test: timings never gate `cargo test`.
//!
//! * `chainatlas-bench DATASET [--region R] [--json]` loads the dataset once and times each
//!   phase separately: one line per phase with wall-clock seconds, or with `--json` one JSON
//!   object per line (`{"phase": …, "seconds": …}` for a timing, `{"info": …, "value": …}`
//!   for a result count).
//! * `chainatlas-bench DATASET --step STEP` is the mode `tests/bench/compare.py` runs, one
//!   process per step so that each step's peak memory is measured on its own: it loads the
//!   dataset (timed), builds the supply graph and the raw-material / final-product firm
//!   sets, runs that one step (timed) and prints one JSON object
//!   `{"step", "seconds", "load_seconds", "nodes", "edges", "result"}`. Steps:
//!   - `load`: `load` (parse + validate + build the model) + `SupplyGraph::new` over all
//!     firms + the two firm sets; `seconds` = `load_seconds`.
//!   - `components`: weakly and strongly connected components of the supply graph
//!     (`analysis::components`).
//!   - `cuts`: articulation points + bridges of its undirected projection (`cut_structure`).
//!   - `betweenness`: `betweenness` with 256 sampled sources (`--samples K`), seed 42.
//!   - `maxflow`: whole-graph s–t vertex connectivity — a super-source feeds every firm
//!     producing a raw_material stage of any chain, every firm producing a final_product
//!     stage drains to a super-sink; firms split in → out with capacity 1, supply links
//!     unbounded; Dinic's algorithm as in `analysis::connectivity`.
//!   - `chain-connectivity`: `chain_connectivity` for every chain (the per-chain version).

use std::path::PathBuf;
use std::time::Instant;

use chainatlas::analysis::articulation::cut_structure;
use chainatlas::analysis::betweenness::{BetweennessOptions, betweenness};
use chainatlas::analysis::closure::{ConsumerIndex, RealisedClosure, structural};
use chainatlas::analysis::completeness::{Options, RegionState, analyse, presence};
use chainatlas::analysis::components::{strong_components, weak_components};
use chainatlas::analysis::connectivity::chain_connectivity;
use chainatlas::analysis::critical::closure_critical;
use chainatlas::analysis::dominators::dominators;
use chainatlas::analysis::graph::SupplyGraph;
use chainatlas::load::{DatasetSource, LoadOptions, load};
use chainatlas::model::{Model, Region, Tier};
use chainatlas::report::analyst;
use serde_json::json;

const USAGE: &str = "usage: chainatlas-bench DATASET [--region R] [--json] | DATASET --step \
                     load|components|cuts|betweenness|maxflow|chain-connectivity [--samples K]";

fn fail(code: i32, message: &str) -> ! {
    eprintln!("chainatlas-bench: {message}");
    std::process::exit(code)
}

/// Prints phase timings and result counts as text or as JSON lines.
struct Out {
    json: bool,
}

impl Out {
    fn time(&self, name: &str, start: Instant) {
        let s = start.elapsed().as_secs_f64();
        if self.json {
            println!("{}", json!({"phase": name, "seconds": s}));
        } else {
            println!("{name:<36} {s:>9.3} s");
        }
    }

    fn info(&self, name: &str, value: String) {
        if self.json {
            println!("{}", json!({"info": name, "value": value}));
        } else {
            println!("{name:<36} {value:>9}");
        }
    }
}

fn main() {
    let mut dir = None;
    let mut region_arg = None;
    let mut step = None;
    let mut json_out = false;
    let mut samples = 256usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--region" => region_arg = Some(args.next().unwrap_or_else(|| fail(2, USAGE))),
            "--step" => step = Some(args.next().unwrap_or_else(|| fail(2, USAGE))),
            "--json" => json_out = true,
            "--samples" => {
                samples = args
                    .next()
                    .and_then(|k| k.parse().ok())
                    .unwrap_or_else(|| fail(2, USAGE))
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            _ if dir.is_none() && !a.starts_with('-') => dir = Some(a),
            _ => fail(2, USAGE),
        }
    }
    let dir = dir.unwrap_or_else(|| fail(2, USAGE));
    match step {
        Some(step) => run_step(&dir, &step, samples),
        None => all_phases(&dir, region_arg, &Out { json: json_out }),
    }
}

fn load_model(dir: &str) -> Model {
    let loaded = load(
        &DatasetSource::Dir(PathBuf::from(dir)),
        &LoadOptions::default(),
    )
    .unwrap_or_else(|e| fail(2, &e.to_string()));
    loaded
        .model
        .unwrap_or_else(|| fail(1, "the dataset has errors; run chainatlas check"))
}

/// Nodes (of a graph over all firms, node = firm) producing a stage of tier `tier`.
fn firms_of_tier(model: &Model, tier: Tier) -> Vec<u32> {
    (0..model.firms.len() as u32)
        .filter(|&f| {
            model.firms[f as usize]
                .stages
                .iter()
                .any(|&s| model.stages[s as usize].tier == tier)
        })
        .collect()
}

/// The compare.py mode: load, then one step, as one JSON object.
fn run_step(dir: &str, step: &str, samples: usize) {
    const STEPS: [&str; 6] = [
        "load",
        "components",
        "cuts",
        "betweenness",
        "maxflow",
        "chain-connectivity",
    ];
    if !STEPS.contains(&step) {
        fail(2, USAGE);
    }
    let t = Instant::now();
    let model = load_model(dir);
    let all = vec![true; model.firms.len()];
    let g = SupplyGraph::new(&model, &all);
    let raw = firms_of_tier(&model, Tier::RawMaterial);
    let fin = firms_of_tier(&model, Tier::FinalProduct);
    let load_seconds = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let result = match step {
        "load" => json!({"raw_material_firms": raw.len(), "final_product_firms": fin.len()}),
        "components" => {
            let weak = weak_components(&g);
            let weak_seconds = t.elapsed().as_secs_f64();
            let strong = strong_components(&g);
            json!({"weak": weak.count(), "largest_weak": weak.largest(),
                   "strong": strong.count(), "largest_strong": strong.largest(),
                   "weak_seconds": weak_seconds})
        }
        "cuts" => {
            let cuts = cut_structure(&g);
            json!({"articulation_points": cuts.articulation.iter().filter(|&&a| a).count(),
                   "bridges": cuts.bridges.len()})
        }
        "betweenness" => {
            let opts = BetweennessOptions {
                samples: Some(samples),
                seed: 42,
                exact_limit: usize::MAX,
            };
            let bc = betweenness(&g, &opts);
            json!({"sources": samples, "max": bc.values.iter().copied().fold(0.0f64, f64::max)})
        }
        "maxflow" => json!({"flow": whole_graph_connectivity(&g, &raw, &fin)}),
        _ => {
            let conn: Vec<Option<u32>> = (0..model.chains.len() as u32)
                .map(|c| chain_connectivity(&model, &all, c).connectivity)
                .collect();
            json!({"per_chain": conn})
        }
    };
    let seconds = if step == "load" {
        load_seconds
    } else {
        t.elapsed().as_secs_f64()
    };
    println!(
        "{}",
        json!({"step": step, "seconds": seconds, "load_seconds": load_seconds,
               "nodes": g.node_count(), "edges": g.edge_count(), "result": result})
    );
}

/// Whole-graph vertex connectivity from the `sources` firms to the `sinks` firms over the
/// supply graph: the network of `analysis::connectivity` (node splitting, capacity 1 per
/// firm, unbounded links) over every firm and every supply link, solved by the same Dinic
/// algorithm ([`chainatlas::analysis::connectivity::vertex_cut`]).
fn whole_graph_connectivity(g: &SupplyGraph, sources: &[u32], sinks: &[u32]) -> i64 {
    let edges: Vec<(u32, u32)> = (0..g.node_count() as u32)
        .flat_map(|a| g.out(a).iter().map(move |&b| (a, b)))
        .collect();
    i64::from(
        chainatlas::analysis::connectivity::vertex_cut(g.node_count(), &edges, sources, sinks).0,
    )
}

fn all_phases(dir: &str, region_arg: Option<String>, out: &Out) {
    // Baseline: a bare csv-crate pass over the same files (every record, no validation).
    let t = Instant::now();
    let mut records = 0usize;
    for file in chainatlas::load::FILES {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(PathBuf::from(dir).join(file))
            .unwrap_or_else(|e| fail(2, &e.to_string()));
        let mut record = csv::ByteRecord::new();
        while rdr.read_byte_record(&mut record).unwrap_or(false) {
            records += 1;
        }
    }
    out.time("bare csv pass (baseline)", t);
    out.info("records", records.to_string());

    let t = Instant::now();
    let model = load_model(dir);
    out.time("load + validate + build model", t);
    out.info(
        "size",
        format!("{} firms, {} links", model.firms.len(), model.links.len()),
    );
    let region =
        Region::resolve(&model, region_arg.as_deref()).unwrap_or_else(|e| fail(2, &e.to_string()));
    let local = region.local_firms(&model);

    let t = Instant::now();
    let p = presence(&model, &local);
    let consumers = ConsumerIndex::new(&model);
    out.time("presence + consumer index", t);
    let t = Instant::now();
    let closure = RealisedClosure::compute(&model, &consumers, local.clone());
    let closed = closure.stage_closed(&model, &p, 1);
    out.time("realised closure (fixpoint)", t);
    let t = Instant::now();
    let s = structural(&model, &p, 1);
    out.time("structural closure", t);
    out.info(
        "closed stages",
        format!(
            "{} realised, {} structural",
            closed.iter().filter(|&&c| c).count(),
            s.iter().filter(|&&c| c).count()
        ),
    );

    let t = Instant::now();
    let state = RegionState::new(&model, &region, 1);
    out.time("region state (all of the above)", t);
    let t = Instant::now();
    let result = analyse(&state, &[], &Options::default());
    out.time("completeness (all chains)", t);
    out.info(
        "complete chains",
        result
            .chains
            .iter()
            .filter(|c| c.complete)
            .count()
            .to_string(),
    );
    let t = Instant::now();
    let critical = closure_critical(&state);
    out.time("closure-critical (all firms)", t);
    out.info(
        "closure-critical firms",
        critical
            .lost
            .iter()
            .filter(|l| !l.is_empty())
            .count()
            .to_string(),
    );
    let t = Instant::now();
    let dom = dominators(&model, &local);
    out.time("dominators (petgraph simple_fast)", t);
    out.info(
        "firms dominating a final firm",
        dom.dominated_final_firms
            .iter()
            .filter(|&&d| d > 0)
            .count()
            .to_string(),
    );

    let all = vec![true; model.firms.len()];
    let t = Instant::now();
    let g = SupplyGraph::new(&model, &all);
    out.time("supply graph (simple, all firms)", t);
    let t = Instant::now();
    let weak = weak_components(&g).count();
    let strong = strong_components(&g).count();
    out.time("weak + strong components", t);
    out.info("components", format!("{weak} weak, {strong} strong"));
    let t = Instant::now();
    let cuts = cut_structure(&g);
    out.time("articulation points + bridges", t);
    out.info(
        "undirected projection",
        format!(
            "{} points, {} bridges",
            cuts.articulation.iter().filter(|&&a| a).count(),
            cuts.bridges.len()
        ),
    );
    let t = Instant::now();
    let opts = BetweennessOptions {
        samples: Some(256),
        seed: 42,
        exact_limit: usize::MAX,
    };
    let bc = betweenness(&g, &opts);
    out.time("betweenness, 256 sampled sources", t);
    out.info(
        "max betweenness",
        format!("{:.3e}", bc.values.iter().copied().fold(0.0f64, f64::max)),
    );
    let t = Instant::now();
    let conn: Vec<Option<u32>> = (0..model.chains.len() as u32)
        .map(|c| chain_connectivity(&model, &local, c).connectivity)
        .collect();
    out.time("vertex connectivity, all chains", t);
    out.info("connectivity per chain", format!("{conn:?}"));
    let t = Instant::now();
    let raw = firms_of_tier(&model, Tier::RawMaterial);
    let fin = firms_of_tier(&model, Tier::FinalProduct);
    let flow = whole_graph_connectivity(&g, &raw, &fin);
    out.time("vertex connectivity, whole graph", t);
    out.info("raw → final connectivity", flow.to_string());

    let t = Instant::now();
    let report = analyst::build(&model, &region, &Options::default(), &Default::default());
    out.time("full report (incl. documented-only)", t);
    out.info("claim", format!("{:?}", report.claim.status));
}

//! Phase timings of chainatlas on a dataset folder (release build; see docs/benchmarks.md):
//! `cargo run --release --bin chainatlas-bench -- DATASET [--region R]`. Prints one line per
//! phase with wall-clock seconds. Not a test: timings never gate `cargo test`.

use std::path::PathBuf;
use std::time::Instant;

use chainatlas::analysis::articulation::cut_structure;
use chainatlas::analysis::betweenness::{BetweennessOptions, betweenness};
use chainatlas::analysis::closure::{ConsumerIndex, RealisedClosure, structural};
use chainatlas::analysis::completeness::{Options, RegionState, analyse, presence};
use chainatlas::analysis::connectivity::chain_connectivity;
use chainatlas::analysis::critical::closure_critical;
use chainatlas::analysis::dominators::dominators;
use chainatlas::analysis::graph::SupplyGraph;
use chainatlas::load::{DatasetSource, load};
use chainatlas::model::Region;
use chainatlas::report::analyst;

fn time(name: &str, start: Instant) {
    println!("{name:<36} {:>9.3} s", start.elapsed().as_secs_f64());
}

fn fail(code: i32, message: &str) -> ! {
    eprintln!("chainatlas-bench: {message}");
    std::process::exit(code)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .unwrap_or_else(|| fail(2, "usage: chainatlas-bench DATASET [--region R]"));
    let region_arg = match (args.next().as_deref(), args.next()) {
        (Some("--region"), Some(r)) => Some(r),
        _ => None,
    };

    let t = Instant::now();
    let loaded =
        load(&DatasetSource::Dir(PathBuf::from(&dir))).unwrap_or_else(|e| fail(2, &e.to_string()));
    time("load + validate + build model", t);
    let model = loaded
        .model
        .unwrap_or_else(|| fail(1, "the dataset has errors; run chainatlas check"));
    println!(
        "{:<36} {:>9} firms, {} links",
        "size",
        model.firms.len(),
        model.links.len()
    );
    let region =
        Region::resolve(&model, region_arg.as_deref()).unwrap_or_else(|e| fail(2, &e.to_string()));
    let local = region.local_firms(&model);

    let t = Instant::now();
    let p = presence(&model, &local);
    let consumers = ConsumerIndex::new(&model);
    time("presence + consumer index", t);
    let t = Instant::now();
    let closure = RealisedClosure::compute(&model, &consumers, local.clone());
    let closed = closure.stage_closed(&model, &p, 1);
    time("realised closure (fixpoint)", t);
    let t = Instant::now();
    let s = structural(&model, &p, 1);
    time("structural closure", t);
    println!(
        "{:<36} {:>9} realised, {} structural",
        "closed stages",
        closed.iter().filter(|&&c| c).count(),
        s.iter().filter(|&&c| c).count()
    );

    let t = Instant::now();
    let state = RegionState::new(&model, &region, 1);
    time("region state (all of the above)", t);
    let t = Instant::now();
    let result = analyse(&state, &[], &Options::default());
    time("completeness (all chains)", t);
    println!(
        "{:<36} {:>9}",
        "complete chains",
        result.chains.iter().filter(|c| c.complete).count()
    );
    let t = Instant::now();
    let critical = closure_critical(&state);
    time("closure-critical (all firms)", t);
    println!(
        "{:<36} {:>9}",
        "closure-critical firms",
        critical.lost.iter().filter(|l| !l.is_empty()).count()
    );
    let t = Instant::now();
    let dom = dominators(&model, &local);
    time("dominators (petgraph simple_fast)", t);
    println!(
        "{:<36} {:>9}",
        "firms dominating a final firm",
        dom.dominated_final_firms.iter().filter(|&&d| d > 0).count()
    );

    let all = vec![true; model.firms.len()];
    let t = Instant::now();
    let g = SupplyGraph::new(&model, &all);
    time("supply graph (simple, all firms)", t);
    let t = Instant::now();
    let cuts = cut_structure(&g);
    time("articulation points + bridges", t);
    println!(
        "{:<36} {:>9} points, {} bridges",
        "undirected projection",
        cuts.articulation.iter().filter(|&&a| a).count(),
        cuts.bridges.len()
    );
    let t = Instant::now();
    let opts = BetweennessOptions {
        samples: Some(256),
        seed: 42,
        exact_limit: usize::MAX,
    };
    let bc = betweenness(&g, &opts);
    time("betweenness, 256 sampled sources", t);
    println!(
        "{:<36} {:>9.3e}",
        "max betweenness",
        bc.values.iter().copied().fold(0.0f64, f64::max)
    );
    let t = Instant::now();
    let conn: Vec<u32> = (0..model.chains.len() as u32)
        .map(|c| chain_connectivity(&model, &local, c).connectivity)
        .collect();
    time("vertex connectivity, all chains", t);
    println!("{:<36} {:>9?}", "connectivity per chain", conn);

    let t = Instant::now();
    let report = analyst::build(&model, &region, &Options::default());
    time("full report (incl. documented-only)", t);
    println!("{:<36} {:>9?}", "claim", report.claim.status);
}

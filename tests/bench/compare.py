#!/usr/bin/env python3
"""Times chainatlas against NetworkX, igraph and rustworkx on the same generated datasets.

See tests/bench/README.md. One-time setup (creates a venv and pip-installs the libraries):

    python3 tests/bench/compare.py --setup --workdir /tmp/cabench

Then:

    python3 tests/bench/compare.py --sizes 10000 100000 1000000 --workdir /tmp/cabench

The orchestrator uses the standard library only. It builds chainatlas (`cargo build
--release`), generates `WORKDIR/chain-N` with `chainatlas generate --firms N
--links-per-firm 10 --seed 42` (reused when present), then runs every (size, step,
library) in its own subprocess: the library's worker loads the dataset (untimed, except in
the `load` step), runs the one step (timed inside the worker with a monotonic clock) and
prints JSON. Peak memory is the child's maximum resident set size from `os.wait4`, so it
covers load + step. Each subprocess has a wall-clock timeout (`--timeout`, default 600 s);
a step that exceeds it is reported as "> 600 s". Results are appended to
`WORKDIR/results.jsonl` as they finish (`--resume` skips what is already there), and one
Markdown table per size is printed at the end (`--table-only` prints it again).

Steps (the same definition on every side; see README.md for details):

* load        — parse firms.csv, links.csv, chains.csv into a simple directed graph of the
                supply layer over all firms (parallel links merged), plus the sets of
                raw-material and final-product firms.
* components  — weakly + strongly connected components (count and largest size).
* cuts        — articulation points + bridges of the undirected projection.
* betweenness — directed betweenness from 256 sampled sources.
* maxflow     — s–t vertex connectivity: super-source -> every raw-material firm, every
                final-product firm -> super-sink, each firm split in -> out with
                capacity 1, supply links unbounded; value of the maximum flow.
"""

import argparse
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LIBS = ["chainatlas", "networkx", "igraph", "rustworkx"]
STEPS = ["load", "components", "cuts", "betweenness", "maxflow"]
STEP_NAMES = {
    "load": "load CSVs -> supply digraph",
    "components": "weak + strong components",
    "cuts": "articulation points + bridges",
    "betweenness": "betweenness, 256 sampled sources",
    "maxflow": "s-t max-flow (raw -> final, node-split)",
}
PIP_PACKAGES = ["networkx", "igraph", "rustworkx", "pandas"]
SAMPLES = 256
SEED = 42
# Steps a library does not offer; the reason is printed under the table.
UNSUPPORTED = {
    ("rustworkx", "betweenness"): "rustworkx has no sampled (or source-subset) betweenness; "
    "only exact all-pairs",
    ("rustworkx", "maxflow"): "rustworkx has no s-t maximum flow in its Python API",
}


# ---------------------------------------------------------------------------------------
# Workers: run inside the venv (libraries) — one step per process.
# ---------------------------------------------------------------------------------------


def load_tables(data):
    """pandas part of `load`, shared by every library: all columns, default options."""
    import pandas as pd

    firms = pd.read_csv(data / "firms.csv")
    links = pd.read_csv(data / "links.csv")
    chains = pd.read_csv(data / "chains.csv")
    ids = pd.Index(firms["id"])
    supply = links[links["layer"] == "supply"]
    edges = pd.DataFrame(
        {"s": ids.get_indexer(supply["source"]), "t": ids.get_indexer(supply["target"])}
    )
    edges = edges[(edges["s"] >= 0) & (edges["t"] >= 0) & (edges["s"] != edges["t"])]
    edges = edges.drop_duplicates()
    key = chains["chain"] + "/" + chains["stage"]
    stages = firms["stages"].fillna("").str.split(";").explode()

    def firms_of(tier):
        keys = set(key[chains["tier"] == tier])
        return sorted(set(stages[stages.isin(keys)].index.tolist()))

    n = len(firms)
    return n, edges["s"].to_numpy(), edges["t"].to_numpy(), firms_of("raw_material"), \
        firms_of("final_product")


def build(lib, n, s, t):
    if lib == "networkx":
        import networkx as nx

        g = nx.DiGraph()
        g.add_nodes_from(range(n))
        g.add_edges_from(zip(s.tolist(), t.tolist()))
        return g
    if lib == "igraph":
        import igraph as ig
        import numpy as np

        return ig.Graph(n=n, edges=np.column_stack([s, t]), directed=True)
    if lib == "rustworkx":
        import rustworkx as rx

        # The edges are already unique (drop_duplicates above), so no per-edge duplicate
        # check: with multigraph=False, rustworkx looks each edge up first, and that
        # lookup is linear in the degree (over 10 minutes at 1M firms here).
        g = rx.PyDiGraph(multigraph=True)
        g.add_nodes_from(range(n))
        g.add_edges_from_no_data(list(zip(s.tolist(), t.tolist())))
        return g
    raise SystemExit(f"unknown library {lib}")


def node_count(lib, g):
    return g.number_of_nodes() if lib == "networkx" else (
        g.vcount() if lib == "igraph" else g.num_nodes())


def edge_count(lib, g):
    return g.number_of_edges() if lib == "networkx" else (
        g.ecount() if lib == "igraph" else g.num_edges())


def step_components(lib, g):
    if lib == "networkx":
        import networkx as nx

        weak = [len(c) for c in nx.weakly_connected_components(g)]
        strong = [len(c) for c in nx.strongly_connected_components(g)]
    elif lib == "igraph":
        weak = g.connected_components(mode="weak").sizes()
        strong = g.connected_components(mode="strong").sizes()
    else:
        import rustworkx as rx

        weak = [len(c) for c in rx.weakly_connected_components(g)]
        strong = [len(c) for c in rx.strongly_connected_components(g)]
    return {"weak": len(weak), "largest_weak": max(weak, default=0),
            "strong": len(strong), "largest_strong": max(strong, default=0)}


def step_cuts(lib, g):
    # The undirected projection (both directions -> one edge) is built inside the timed
    # step, as chainatlas' cut_structure builds its own undirected adjacency.
    if lib == "networkx":
        import networkx as nx

        u = g.to_undirected()
        points = sum(1 for _ in nx.articulation_points(u))
        bridges = sum(1 for _ in nx.bridges(u))
    elif lib == "igraph":
        u = g.as_undirected(mode="collapse")
        points = len(u.articulation_points())
        bridges = len(u.bridges())
    else:
        import rustworkx as rx

        u = g.to_undirected(multigraph=False)
        points = len(rx.articulation_points(u))
        bridges = len(rx.bridges(u))
    return {"articulation_points": points, "bridges": bridges}


def step_betweenness(lib, g, n):
    if lib == "networkx":
        import networkx as nx

        bc = nx.betweenness_centrality(g, k=SAMPLES, seed=SEED)
        return {"sources": SAMPLES, "max": max(bc.values(), default=0.0)}
    # igraph: betweenness restricted to 256 source vertices (all targets), the same
    # k BFS + dependency accumulations as sampled Brandes; raw sums, not rescaled.
    sources = sorted(random.Random(SEED).sample(range(n), min(SAMPLES, n)))
    bc = g.betweenness(directed=True, sources=sources)
    k = len(sources)
    scale = n / k / ((n - 1) * (n - 2)) if n > 2 else 0.0
    return {"sources": k, "max": max(bc, default=0.0) * scale}


def step_maxflow(lib, n, s, t, raw, fin):
    # Node-split network, built inside the timed step (chainatlas builds its own too):
    # firm v -> in 2v, out 2v+1; super-source 2n, super-sink 2n+1.
    src, snk = 2 * n, 2 * n + 1
    if lib == "networkx":
        import networkx as nx

        h = nx.DiGraph()
        h.add_nodes_from(range(2 * n + 2))
        h.add_edges_from(((2 * v, 2 * v + 1) for v in range(n)), capacity=1)
        # No capacity attribute = unbounded in NetworkX.
        h.add_edges_from(zip((2 * s + 1).tolist(), (2 * t).tolist()))
        h.add_edges_from((src, 2 * v) for v in raw)
        h.add_edges_from((2 * v + 1, snk) for v in fin)
        return {"flow": int(nx.maximum_flow_value(h, src, snk))}
    import igraph as ig
    import numpy as np

    inf = n + 1  # larger than any cut
    split = np.arange(n, dtype=np.int64)
    raw_a = np.asarray(raw, dtype=np.int64)
    fin_a = np.asarray(fin, dtype=np.int64)
    edges = np.concatenate([
        np.column_stack([2 * split, 2 * split + 1]),
        np.column_stack([2 * s + 1, 2 * t]),
        np.column_stack([np.full(len(raw_a), src), 2 * raw_a]),
        np.column_stack([2 * fin_a + 1, np.full(len(fin_a), snk)]),
    ])
    caps = [1] * n + [inf] * (len(edges) - n)
    h = ig.Graph(n=2 * n + 2, edges=edges, directed=True)
    return {"flow": int(round(h.maxflow_value(src, snk, capacity=caps)))}


def worker(lib, step, data):
    data = Path(data)
    t0 = time.perf_counter()
    n, s, t, raw, fin = load_tables(data)
    g = build(lib, n, s, t)
    load_seconds = time.perf_counter() - t0
    t1 = time.perf_counter()
    if step == "load":
        result = {"raw_material_firms": len(raw), "final_product_firms": len(fin)}
    elif step == "components":
        result = step_components(lib, g)
    elif step == "cuts":
        result = step_cuts(lib, g)
    elif step == "betweenness":
        result = step_betweenness(lib, g, n)
    elif step == "maxflow":
        result = step_maxflow(lib, n, s, t, raw, fin)
    else:
        raise SystemExit(f"unknown step {step}")
    seconds = load_seconds if step == "load" else time.perf_counter() - t1
    print(json.dumps({"step": step, "seconds": seconds, "load_seconds": load_seconds,
                      "nodes": node_count(lib, g), "edges": edge_count(lib, g),
                      "result": result}))


# ---------------------------------------------------------------------------------------
# Orchestrator (standard library only).
# ---------------------------------------------------------------------------------------


def venv_python(venv):
    return venv / "bin" / "python"


def setup_venv(venv):
    if not venv_python(venv).exists():
        print(f"creating venv {venv}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv_python(venv)), "-m", "pip", "install", "--quiet", "--upgrade",
                    "pip"], check=True)
    subprocess.run([str(venv_python(venv)), "-m", "pip", "install", "--quiet",
                    *PIP_PACKAGES], check=True)


def library_versions(venv):
    code = ("import json, networkx, igraph, rustworkx, pandas, numpy, sys; print(json.dumps("
            "{'python': sys.version.split()[0], 'networkx': networkx.__version__, "
            "'igraph': igraph.__version__, 'rustworkx': rustworkx.__version__, "
            "'pandas': pandas.__version__, 'numpy': numpy.__version__}))")
    out = subprocess.run([str(venv_python(venv)), "-c", code], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


def run_measured(cmd, timeout, mem_limit, env=None):
    """Runs `cmd`; returns (status, stdout, stderr tail, wall seconds, peak RSS bytes)."""
    def limit():
        os.setsid()
        if mem_limit:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (mem_limit, mem_limit))

    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"cabench-{os.getpid()}.out"
    err_path = out_path.with_suffix(".err")
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, preexec_fn=limit, env=env)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - start
    stdout = out_path.read_text()
    stderr = err_path.read_text()[-2000:]
    out_path.unlink()
    err_path.unlink()
    if timed_out.is_set():
        state = "timeout"
    elif proc.returncode != 0:
        state = "memory" if "MemoryError" in stderr or "bad_alloc" in stderr else "failed"
    else:
        state = "ok"
    return state, stdout, stderr, wall, usage.ru_maxrss * 1024


def git_commit():
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=REPO, capture_output=True, text=True).stdout.strip()
        return out + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def read_results(path):
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def fmt_time(r, timeout):
    if r is None:
        return "—"
    if r["state"] == "timeout":
        return f"> {r.get('timeout', timeout):.0f} s"
    if r["state"] == "memory":
        return "out of memory"
    if r["state"] != "ok":
        return "failed"
    s = r["seconds"]
    return f"{s:.3f} s" if s < 10 else f"{s:.1f} s"


def fmt_mem(r):
    if r is None or r.get("peak_rss") is None:
        return "—"
    return f"{r['peak_rss'] / 1e9:.2f} GB" if r["peak_rss"] >= 1e9 else \
        f"{r['peak_rss'] / 1e6:.0f} MB"


def fmt_ratio(r, base, timeout):
    if r is None or base is None or base["state"] != "ok" or base["seconds"] <= 0:
        return ""
    if r["state"] == "timeout":
        return f"> {r.get('timeout', timeout) / base['seconds']:.0f}×"
    if r["state"] != "ok":
        return ""
    x = r["seconds"] / base["seconds"]
    return f"{x:.1f}×" if x < 100 else f"{x:.0f}×"


def table(results, sizes, libs, steps, timeout):
    """One Markdown table per size; returns the text."""
    lines = []
    notes = set()
    mismatches = []
    for n in sizes:
        by = {(r["lib"], r["step"]): r for r in results if r["firms"] == n}
        if not by:
            continue
        base_load = by.get(("chainatlas", "load"))
        shape = ""
        if base_load and base_load["state"] == "ok":
            shape = f" — {base_load['nodes']:,} firms, {base_load['edges']:,} supply edges"
        lines.append(f"#### {n:,} firms{shape}")
        lines.append("")
        head = ["step", "chainatlas", "peak"]
        for lib in libs[1:]:
            head += [lib, "ratio", "peak"]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "---|" * len(head))
        for step in steps:
            base = by.get(("chainatlas", step))
            row = [STEP_NAMES[step], fmt_time(base, timeout), fmt_mem(base)]
            for lib in libs[1:]:
                if (lib, step) in UNSUPPORTED:
                    notes.add(f"{lib}, {step}: {UNSUPPORTED[(lib, step)]}.")
                    row += ["n/a", "", ""]
                    continue
                r = by.get((lib, step))
                row += [fmt_time(r, timeout), fmt_ratio(r, base, timeout), fmt_mem(r)]
                if r and base and r["state"] == "ok" and base["state"] == "ok":
                    for k, v in base["result"].items():
                        if k in ("max", "sources") or k.endswith("_seconds"):
                            continue  # sampled betweenness: different samples
                        if r["result"].get(k) != v:
                            mismatches.append(f"{n} firms, {step}: {lib} {k}="
                                              f"{r['result'].get(k)}, chainatlas {v}")
            lines.append("| " + " | ".join(row) + " |")
        lines.append("")
        answers = {}
        for step in steps:
            base = by.get(("chainatlas", step))
            if base and base["state"] == "ok":
                answers.update({k: v for k, v in base["result"].items()
                                if k != "max" and not k.endswith("_seconds")})
        lines.append("Answers (chainatlas; every library that finished agrees unless listed "
                     "below): " + ", ".join(f"{k} {v}" for k, v in answers.items()))
        lines.append("")
    lines.append("Ratio = library time / chainatlas time (above 1 means chainatlas is "
                 "faster). Peak = maximum resident set size of the step's process, which "
                 "loads the dataset first.")
    for note in sorted(notes):
        lines.append(f"n/a: {note}")
    if mismatches:
        lines.append("")
        lines.append("RESULT MISMATCHES:")
        lines += [f"- {m}" for m in mismatches]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/cabench"))
    ap.add_argument("--shape", choices=["chain", "random"], default="chain",
                    help="chain: `chainatlas generate` data (default); random: a uniform "
                         "random supply graph (random_dataset.py). Use one workdir per shape.")
    ap.add_argument("--venv", type=Path, help="default: WORKDIR/venv")
    ap.add_argument("--libs", nargs="+", default=LIBS, choices=LIBS)
    ap.add_argument("--steps", nargs="+", default=STEPS, choices=STEPS)
    ap.add_argument("--timeout", type=float, default=600.0,
                    help="wall-clock limit per step process, seconds (default 600)")
    ap.add_argument("--mem-limit-gb", type=float, default=16.0,
                    help="address-space limit per library process, GB (0 = none)")
    ap.add_argument("--no-build", action="store_true", help="skip cargo build --release")
    ap.add_argument("--commit", help="commit to record (default: git rev-parse --short HEAD, "
                    "+dirty when the work tree has changes)")
    ap.add_argument("--bin-dir", type=Path,
                    help="take chainatlas and chainatlas-bench from here (implies no build)")
    ap.add_argument("--resume", action="store_true",
                    help="skip (size, library, step) already in WORKDIR/results.jsonl")
    ap.add_argument("--table-only", action="store_true",
                    help="print the table from WORKDIR/results.jsonl and exit")
    ap.add_argument("--setup", action="store_true",
                    help="create the venv and pip-install the libraries, then exit")
    ap.add_argument("--worker", nargs=3, metavar=("LIB", "STEP", "DATA"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        worker(*args.worker)
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    venv = args.venv or args.workdir / "venv"
    results_path = args.workdir / "results.jsonl"
    libs = ["chainatlas"] + [lib for lib in args.libs if lib != "chainatlas"]
    if args.setup:
        setup_venv(venv)
        print(json.dumps(library_versions(venv)))
        return
    if args.table_only:
        print(table(read_results(results_path), args.sizes, libs, args.steps, args.timeout))
        return
    if len(libs) > 1 and not venv_python(venv).exists():
        setup_venv(venv)

    # The run uses copies in WORKDIR/bin, so that a rebuild in the work tree during a long
    # run cannot swap the binaries. --no-build keeps the copies of an earlier run (or takes
    # target/release as it is when there are none); --bin-dir takes them from elsewhere.
    bindir = args.workdir / "bin"
    bindir.mkdir(exist_ok=True)
    source = args.bin_dir
    if not args.no_build and source is None:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bins"], cwd=REPO,
                       check=True)
        source = REPO / "target" / "release"
    if source is None and not (bindir / "chainatlas-bench").exists():
        source = REPO / "target" / "release"
    if source is not None:
        for name in ("chainatlas", "chainatlas-bench"):
            shutil.copy2(Path(source) / name, bindir / name)
    chainatlas, bench = bindir / "chainatlas", bindir / "chainatlas-bench"

    meta = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "commit": args.commit or git_commit(),
        "nproc": os.cpu_count(),
        "machine": platform.platform(),
        "shape": args.shape,
    }
    if len(libs) > 1:
        meta.update(library_versions(venv))
    print("# " + json.dumps(meta), file=sys.stderr)

    if not args.resume and results_path.exists():
        results_path.rename(results_path.with_suffix(".jsonl.old"))
    done = {(r["firms"], r["lib"], r["step"]) for r in read_results(results_path)}
    mem_limit = int(args.mem_limit_gb * 1e9) if args.mem_limit_gb > 0 else None

    for n in args.sizes:
        data = args.workdir / f"{args.shape}-{n}"
        if not (data / "links.csv").exists():
            tmp = args.workdir / f"{args.shape}-{n}.partial"
            shutil.rmtree(tmp, ignore_errors=True)
            if args.shape == "chain":
                subprocess.run([str(chainatlas), "generate", "--firms", str(n),
                                "--links-per-firm", "10", "--seed", str(SEED), "-o", str(tmp)],
                               check=True, stdout=subprocess.DEVNULL)
            else:
                # A uniform random supply graph over the generator's cities and chains.
                template = args.workdir / "template"
                if not (template / "chains.csv").exists():
                    subprocess.run([str(chainatlas), "generate", "--firms", "100",
                                    "-o", str(template)], check=True, stdout=subprocess.DEVNULL)
                subprocess.run([sys.executable, str(Path(__file__).with_name("random_dataset.py")),
                                "--firms", str(n), "--links-per-firm", "10", "--seed", str(SEED),
                                "--template", str(template), "-o", str(tmp)], check=True)
            tmp.rename(data)
        for step in args.steps:
            for lib in libs:
                if (lib, step) in UNSUPPORTED or (n, lib, step) in done:
                    continue
                if lib == "chainatlas":
                    cmd, limit = [str(bench), str(data), "--step", step], None
                else:
                    cmd = [str(venv_python(venv)), str(Path(__file__).resolve()),
                           "--worker", lib, step, str(data)]
                    limit = mem_limit
                state, out, err, wall, rss = run_measured(cmd, args.timeout, limit)
                record = {"firms": n, "lib": lib, "step": step, "state": state,
                          "wall": wall, "peak_rss": rss, "timeout": args.timeout, **meta}
                if state == "ok":
                    try:
                        record.update(json.loads(out.strip().splitlines()[-1]))
                    except (IndexError, json.JSONDecodeError):
                        state = record["state"] = "failed"
                        record["stderr"] = "not JSON: " + out[-300:] + err[-200:]
                if state != "ok":
                    record.setdefault("stderr", err[-500:])
                with open(results_path, "a") as f:
                    f.write(json.dumps(record) + "\n")
                shown = f"{record.get('seconds', wall):.3f} s" if state == "ok" else state
                print(f"{n:>9} {step:<12} {lib:<10} {shown:>12}  peak {fmt_mem(record)}",
                      file=sys.stderr, flush=True)

    print(table(read_results(results_path), args.sizes, libs, args.steps, args.timeout))


if __name__ == "__main__":
    main()

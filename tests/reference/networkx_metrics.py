#!/usr/bin/env python3
"""Independent NetworkX reference for chainatlas' supply-graph metrics.

What it computes
----------------
For a dataset folder (cities.csv, chains.csv, firms.csv, links.csv, as docs/data-format.md
describes them), read with Python's csv module only (no chainatlas code), this script writes
one JSON pin with the graph metrics of docs/analyses.md (bottlenecks, closure-critical
firms, dominators, vertex connectivity, components, metrics):

1. Supply graph G: nx.DiGraph, nodes = firm ids, edges = `supply` links source -> target
   (parallel links merged; value / innovation / capital layers ignored). Two node sets:
     "all" = every row of firms.csv (every `kind`, isolated firms included);
     "GBA" = only firms whose city has region GBA, edges only between them.
2. Betweenness: nx.betweenness_centrality(G, normalized=True) (exact, directed,
   i.e. divided by (n-1)(n-2)), for each node set, every node listed.
3. Articulation points and bridges on the undirected projection G.to_undirected():
   sorted ids; bridges as sorted [a, b] pairs with a < b (string order). Per node set.
3b. Components, per node set: "weak_component_size" / "strong_component_size" = for
   every node, the number of nodes in its component of nx.weakly_connected_components(G)
   / nx.strongly_connected_components(G); "weak_components" / "strong_components" = how
   many components there are.
4. Dominators (local = GBA): graph D = local firms + "__source__"; edges
   "__source__" -> every local firm producing a stage of tier raw_material (any chain),
   plus every supply link with both ends local (merged). "immediate_dominators" =
   nx.immediate_dominators(D, "__source__") (every node reachable from the source except
   the source; the idom may be "__source__"). "dominated_final_firms"[x] for every local
   firm x = number of local final-product firms d != x (d produces a final_product-tier
   stage of any chain), reachable from the source, such that x lies on the dominator-tree
   path from d up to the source (x strictly dominates d). Cross-checked by brute force
   (x strictly dominates d <=> d unreachable from the source once x is removed).
5. Vertex connectivity per chain c (local = GBA): sources = local firms producing a
   raw_material stage of c; sinks = local firms producing a final_product stage of c;
   edges = supply links with both ends local whose (resolved) stage is a stage of c.
   Node splitting f_in -> f_out capacity 1 for every local firm; a -> b as
   a_out -> b_in, S -> f_in for sources, f_out -> T for sinks, all infinite;
   k = nx.maximum_flow_value(H, S, T) (cross-checked with nx.node_connectivity on the
   unsplit graph plus S and T). 0 with a note in "notes" when c has no local
   source or no local sink firm.

A supply link's `stage` cell names `chain/stage`; when empty it means the single stage
its source produces (the loader rejects an empty stage otherwise). `stages` and `inputs`
cells are `;` lists; an inputs group uses `|` for alternatives.

Output: /work/main/tests/data/networkx/<name>.json with keys sorted, floats written with
repr (Python's json does that), and the networkx version used:
    {"dataset", "networkx", "all": {"betweenness", "articulation_points", "bridges",
     "weak_component_size", "strong_component_size", "weak_components",
     "strong_components"},
     "GBA": {...same...}, "immediate_dominators", "dominated_final_firms",
     "vertex_connectivity", "notes"}

Random datasets
---------------
`--generate SEED OUTDIR` writes a small deterministic dataset (random.Random(SEED)):
3 GBA cities + 1 Mainland + 1 Overseas city, 1-2 chains of 4-7 stages with AND/OR inputs
(raw materials first, one final_product last), 15-60 firms each producing 1-2 stages
(plus one university), 20-150 links, mostly supply (some with an empty stage cell, some
duplicated source->target pairs, some isolated firms, some "noise" links that may close
supply cycles), plus a few innovation links. The profile is PROFILES[seed % 3]: "dense"
(noise links, 2-stage firms: supply cycles), "dag" (one stage per firm, template-consistent
links only: acyclic), "sparse" (two chains, firms inside one chain, 20-35 links: several
components). The files are a pure function of the seed and of this script; `--all` asserts
that at least one random supply graph is cyclic and one has several components.

How to run
----------
    python3 -m venv /tmp/nxvenv && /tmp/nxvenv/bin/pip install networkx
    cd /work/main

    # one dataset -> JSON on stdout (or -o FILE)
    /tmp/nxvenv/bin/python tests/reference/networkx_metrics.py datasets/tiny

    # regenerate everything (random datasets + all pins) with one command:
    /tmp/nxvenv/bin/python tests/reference/networkx_metrics.py --all

    # after --all, validate the random datasets with the Rust loader (exit 0 required):
    for d in tests/data/networkx/random_*/; do cargo run -q --release --bin chainatlas -- check $d; done
"""

import argparse
import csv
import json
import os
import random
import sys

import networkx as nx

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT_DIR = os.path.join(ROOT, "tests", "data", "networkx")
SEEDS = [1, 2, 3, 4, 5, 6]
REGION = "GBA"
SOURCE = "__source__"


# ----------------------------------------------------------------------------- loading

def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def split_list(cell):
    return [x.strip() for x in (cell or "").split(";") if x.strip()]


def load(folder):
    cities = {r["city"].strip(): r for r in read_csv(os.path.join(folder, "cities.csv"))}
    tier = {}  # "chain/stage" -> tier
    chain_of = {}  # "chain/stage" -> chain
    chains = []
    for r in read_csv(os.path.join(folder, "chains.csv")):
        sid = r["chain"].strip() + "/" + r["stage"].strip()
        tier[sid] = r["tier"].strip()
        chain_of[sid] = r["chain"].strip()
        if r["chain"].strip() not in chains:
            chains.append(r["chain"].strip())
    firms = {}
    for r in read_csv(os.path.join(folder, "firms.csv")):
        fid = r["id"].strip()
        firms[fid] = {
            "city": r["city"].strip(),
            "stages": split_list(r.get("stages", "")),
        }
    supply = []  # (source, target, resolved stage)
    for r in read_csv(os.path.join(folder, "links.csv")):
        if r["layer"].strip() != "supply":
            continue
        s, t = r["source"].strip(), r["target"].strip()
        st = (r.get("stage") or "").strip()
        if not st:
            produced = firms[s]["stages"]
            if len(produced) != 1:
                raise SystemExit(f"{folder}: supply link {s}->{t} has an empty stage but "
                                 f"its source makes {len(produced)} stages")
            st = produced[0]
        supply.append((s, t, st))
    local = {f for f, r in firms.items() if cities[r["city"]]["region"].strip() == REGION}
    return {"cities": cities, "tier": tier, "chain_of": chain_of, "chains": chains,
            "firms": firms, "supply": supply, "local": local}


# ----------------------------------------------------------------------------- metrics

def graph_metrics(G):
    bc = nx.betweenness_centrality(G, normalized=True)
    U = G.to_undirected()
    aps = sorted(nx.articulation_points(U))
    bridges = sorted(sorted([a, b]) for a, b in nx.bridges(U))
    weak = [set(c) for c in nx.weakly_connected_components(G)]
    strong = [set(c) for c in nx.strongly_connected_components(G)]
    weak_size = {n: len(c) for c in weak for n in c}
    strong_size = {n: len(c) for c in strong for n in c}
    return {"betweenness": {n: bc[n] for n in sorted(G.nodes)},
            "articulation_points": aps,
            "bridges": bridges,
            "weak_component_size": {n: weak_size[n] for n in sorted(G.nodes)},
            "strong_component_size": {n: strong_size[n] for n in sorted(G.nodes)},
            "weak_components": len(weak),
            "strong_components": len(strong)}


def dominators(ds):
    firms, local, tier = ds["firms"], ds["local"], ds["tier"]
    D = nx.DiGraph()
    D.add_node(SOURCE)
    D.add_nodes_from(local)
    for f in local:
        if any(tier.get(s) == "raw_material" for s in firms[f]["stages"]):
            D.add_edge(SOURCE, f)
    for s, t, _ in ds["supply"]:
        if s in local and t in local:
            D.add_edge(s, t)
    idom = nx.immediate_dominators(D, SOURCE)
    idom.pop(SOURCE, None)  # networkx >= 3.5 already leaves it out
    reach = set(idom)
    finals = {f for f in local if any(tier.get(s) == "final_product" for s in firms[f]["stages"])}
    count = {f: 0 for f in local}
    for d in finals & reach:
        x = idom[d]
        while x != SOURCE:
            count[x] += 1
            x = idom[x]
    # brute-force cross-check of strict dominance
    for x in local:
        H = D.copy()
        H.remove_node(x)
        still = nx.descendants(H, SOURCE)
        n = sum(1 for d in finals & reach if d != x and d not in still)
        assert n == count[x], (x, n, count[x])
    return dict(sorted(idom.items())), dict(sorted(count.items()))


def vertex_connectivity(ds):
    firms, local, tier, chain_of = ds["firms"], ds["local"], ds["tier"], ds["chain_of"]
    result, notes = {}, {}
    for c in ds["chains"]:
        def produces(f, t):
            return any(chain_of.get(s) == c and tier.get(s) == t for s in firms[f]["stages"])
        sources = sorted(f for f in local if produces(f, "raw_material"))
        sinks = sorted(f for f in local if produces(f, "final_product"))
        if not sources or not sinks:
            result[c] = 0
            notes[c] = ("no local raw_material firm" if not sources else "") + \
                       (" and " if not sources and not sinks else "") + \
                       ("no local final_product firm" if not sinks else "")
            continue
        H = nx.DiGraph()
        S, T = ("S",), ("T",)  # tuples cannot collide with (kind, firm) node names
        for f in local:
            H.add_edge(("in", f), ("out", f), capacity=1)
        for s, t, st in ds["supply"]:
            if s in local and t in local and chain_of.get(st) == c:
                H.add_edge(("out", s), ("in", t))  # no capacity attribute = infinite
        for f in sources:
            H.add_edge(S, ("in", f))
        for f in sinks:
            H.add_edge(("out", f), T)
        result[c] = nx.maximum_flow_value(H, S, T)
        # cross-check through a different networkx code path (local node connectivity)
        K = nx.DiGraph()
        K.add_edges_from((("f", s), ("f", t)) for s, t, st in ds["supply"]
                         if s in local and t in local and chain_of.get(st) == c and s != t)
        K.add_edges_from((S, ("f", f)) for f in sources)
        K.add_edges_from((("f", f), T) for f in sinks)
        assert nx.node_connectivity(K, S, T) == result[c], (c, result[c])
    return dict(sorted(result.items())), notes


def compute(folder):
    ds = load(folder)
    G_all = nx.DiGraph()
    G_all.add_nodes_from(ds["firms"])
    for s, t, _ in ds["supply"]:
        G_all.add_edge(s, t)
    G_loc = G_all.subgraph(ds["local"]).copy()
    idom, dom = dominators(ds)
    vc, vc_notes = vertex_connectivity(ds)
    rel = os.path.relpath(os.path.abspath(folder), ROOT)
    notes = {"vertex_connectivity": vc_notes} if vc_notes else {}
    return {
        "dataset": rel.replace(os.sep, "/"),
        "networkx": nx.__version__,
        "all": graph_metrics(G_all),
        REGION: graph_metrics(G_loc),
        "immediate_dominators": idom,
        "dominated_final_firms": dom,
        "vertex_connectivity": vc,
        "notes": notes,
    }


def dumps(obj):
    # json writes floats with float.__repr__ (shortest round-trip repr, full precision)
    return json.dumps(obj, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


# ----------------------------------------------------------------------------- generator

CITIES = [
    ("Guangzhou", "广州", "GBA", "China", "23.13", "113.26"),
    ("Foshan", "佛山", "GBA", "China", "23.02", "113.12"),
    ("Shenzhen", "深圳", "GBA", "China", "22.54", "114.06"),
    ("Ningbo", "宁波", "Mainland", "China", "29.87", "121.54"),
    ("Osaka", "大阪", "Overseas", "Japan", "34.69", "135.50"),
]
MIDDLE_TIERS = ["material", "component", "module"]
# dense: noise links (off-template targets) and 2-stage firms -> supply cycles;
# dag: one stage per firm, template-consistent links only -> acyclic supply graph;
# sparse: two chains, firms inside one chain, few links -> several components.
PROFILES = ["dense", "dag", "sparse"]  # profile = PROFILES[seed % 3]


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def generate(seed, outdir):
    rng = random.Random(seed)
    profile = PROFILES[seed % len(PROFILES)]
    os.makedirs(outdir, exist_ok=True)
    write_csv(os.path.join(outdir, "cities.csv"),
              ["city", "name_zh", "region", "country", "lat", "lon"], CITIES)

    # --- chains: raw materials first, one final_product last, inputs from earlier stages
    chain_rows, stages, tier_of, inputs_of = [], [], {}, {}
    for ci in range(2 if profile == "sparse" else rng.randint(1, 2)):
        chain = f"c{ci + 1}"
        n = rng.randint(4, 7)
        n_raw = rng.randint(1, min(2, n - 2))
        names = [f"s{i + 1}" for i in range(n)]
        for i, st in enumerate(names):
            if i < n_raw:
                tier, groups = "raw_material", []
            elif i == n - 1:
                tier = "final_product"
            else:
                tier = MIDDLE_TIERS[min(2, (i - n_raw) * 3 // max(1, n - 1 - n_raw))]
            if i >= n_raw:
                earlier = names[:i]
                pool = earlier[:]
                rng.shuffle(pool)
                groups = []
                k = rng.randint(1, min(3, len(pool)))
                used = set()
                for _ in range(k):
                    cand = [x for x in pool if x not in used]
                    if not cand:
                        break
                    size = rng.choice([1, 1, 2]) if len(cand) >= 2 else 1
                    g = rng.sample(cand, size)
                    if not groups and names[i - 1] not in g and rng.random() < 0.8:
                        g[0] = names[i - 1]  # mostly feed on the previous stage: deeper chains
                    used.update(g)
                    groups.append(g)
                if i < n - 1 and rng.random() < 0.1:
                    groups = []  # a component without inputs (like tiny's control_board)
            sid = f"{chain}/{st}"
            stages.append(sid)
            tier_of[sid] = tier
            inputs_of[sid] = [[f"{chain}/{u}" for u in g] for g in groups]
            chain_rows.append([chain, st, f"{chain} stage {i + 1}", tier,
                               ";".join("|".join(g) for g in groups)])
    write_csv(os.path.join(outdir, "chains.csv"),
              ["chain", "stage", "label", "tier", "inputs"], chain_rows)

    # --- firms
    n_firms = rng.randint(15, 60)
    firm_rows, produced, city_of = [], {}, {}
    city_weights = [3, 3, 3, 1, 1]
    for i in range(n_firms):
        fid = f"f{i + 1:02d}"
        city = rng.choices([c[0] for c in CITIES], weights=city_weights)[0]
        k = 1 if profile == "dag" or rng.random() < 0.7 else 2
        pool = stages
        if profile == "sparse":  # firms stay inside one chain: chains form separate components
            chain = rng.choice(sorted({x.split("/")[0] for x in stages}))
            pool = [x for x in stages if x.startswith(chain + "/")]
        ss = sorted(rng.sample(pool, k))
        produced[fid] = ss
        city_of[fid] = city
        firm_rows.append([fid, f"Firm {i + 1}", "", city, "firm", ";".join(ss),
                          "manufacturing", str(rng.randint(10, 5000)), "", "random"])
    univ = "u01"
    firm_rows.append([univ, "Random University", "", rng.choice(["Guangzhou", "Foshan", "Shenzhen"]),
                      "university", "", "rnd", "", "", "random"])
    write_csv(os.path.join(outdir, "firms.csv"),
              ["id", "name", "name_zh", "city", "kind", "stages", "functions", "employees",
               "revenue", "source"], firm_rows)

    # --- links
    firm_ids = sorted(produced)
    isolated = set(rng.sample(firm_ids, rng.randint(1, max(1, n_firms // 8))))
    active = [f for f in firm_ids if f not in isolated]
    buyers_of = {}  # stage -> firms producing a stage that takes it as input
    for f in active:
        for s in produced[f]:
            for g in inputs_of[s]:
                for u in g:
                    buyers_of.setdefault(u, []).append(f)
    p_noise = 0.0 if profile != "dense" else rng.choice([0.05, 0.15, 0.3])
    n_links = rng.randint(20, 35) if profile == "sparse" else rng.randint(20, 150)
    supply = []
    tries = 0
    while len(supply) < n_links and tries < 20 * n_links:
        tries += 1
        s = rng.choice(active)
        st = rng.choice(produced[s])
        cands = [b for b in buyers_of.get(st, []) if b != s]
        if rng.random() < p_noise or (not cands and profile == "dense"):
            cands = [b for b in active if b != s]
        if not cands:
            continue  # nobody buys this stage (e.g. a final product) in dag/sparse profiles
        t = rng.choice(cands)
        supply.append((s, t, st))
    # duplicates of existing source->target pairs on purpose
    for _ in range(rng.randint(1, 5)):
        if supply:
            supply.append(rng.choice(supply))
    link_rows = []
    for s, t, st in supply:
        cell = "" if len(produced[s]) == 1 and rng.random() < 0.3 else st
        w = "" if rng.random() < 0.2 else str(rng.randint(1, 500))
        link_rows.append([s, t, "supply", cell, w, str(rng.randint(2019, 2024)),
                          "documented", "random"])
    for _ in range(rng.randint(1, 4)):
        link_rows.append([univ, rng.choice(firm_ids), "innovation", "", "",
                          str(rng.randint(2015, 2024)), "documented", "random"])
    for _ in range(rng.randint(0, 2)):
        a, b = rng.sample(active, 2)
        link_rows.append([a, b, "innovation", "", "", str(rng.randint(2015, 2024)),
                          "documented", "random"])
    rng.shuffle(link_rows)
    write_csv(os.path.join(outdir, "links.csv"),
              ["source", "target", "layer", "stage", "weight", "year", "evidence",
               "source_ref"], link_rows)


def supply_shape(folder):
    ds = load(folder)
    G = nx.DiGraph()
    G.add_nodes_from(ds["firms"])
    G.add_edges_from((s, t) for s, t, _ in ds["supply"])
    return {"cyclic": not nx.is_directed_acyclic_graph(G),
            "weak_components": nx.number_weakly_connected_components(G),
            "components_with_edges": sum(1 for c in nx.weakly_connected_components(G) if len(c) > 1),
            "firms": G.number_of_nodes(), "edges": G.number_of_edges(),
            "supply_links": len(ds["supply"])}


# ----------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dataset", nargs="?", help="dataset folder")
    ap.add_argument("-o", "--output", help="write JSON here instead of stdout")
    ap.add_argument("--generate", nargs=2, metavar=("SEED", "OUTDIR"),
                    help="write a seeded random dataset")
    ap.add_argument("--all", action="store_true",
                    help="regenerate random_<seed> datasets and every pin in tests/data/networkx")
    a = ap.parse_args()
    if a.generate:
        generate(int(a.generate[0]), a.generate[1])
        return
    if a.all:
        targets = [("tiny", os.path.join(ROOT, "datasets", "tiny")),
                   ("gba", os.path.join(ROOT, "datasets", "gba"))]
        shapes = {}
        for seed in SEEDS:
            d = os.path.join(OUT_DIR, f"random_{seed}")
            generate(seed, d)
            targets.append((f"random_{seed}", d))
            shapes[seed] = supply_shape(d)
            print(f"random_{seed}: {shapes[seed]}", file=sys.stderr)
        assert any(s["cyclic"] for s in shapes.values()), "no random dataset with a supply cycle"
        assert any(s["components_with_edges"] > 1 for s in shapes.values()), \
            "no random dataset with several components"
        for name, d in targets:
            with open(os.path.join(OUT_DIR, name + ".json"), "w", encoding="utf-8") as f:
                f.write(dumps(compute(d)))
            print(f"wrote tests/data/networkx/{name}.json", file=sys.stderr)
        return
    if not a.dataset:
        ap.error("give a dataset folder, --generate SEED OUTDIR, or --all")
    text = dumps(compute(a.dataset))
    if a.output:
        with open(a.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()

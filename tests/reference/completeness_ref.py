#!/usr/bin/env python3
"""Independent reference implementation of chainatlas' chain-completeness measures.

Python 3 standard library only. Deliberately simple (brute force where the Rust
engine must be clever) so that it can serve as an oracle for the Rust code.

Usage
-----
    # completeness + closure-critical firms of a dataset, as JSON (shape of expected.json)
    python3 tests/reference/completeness_ref.py datasets/tiny \
        --region GBA --region Foshan --region Guangzhou,Foshan

    # compare every <dir>/*/expected.json with what this script computes (exit 1 on a diff)
    python3 tests/reference/completeness_ref.py --check-conformance tests/data/conformance

    # compare one dataset against one expected file (same shape)
    python3 tests/reference/completeness_ref.py datasets/tiny --check tests/data/tiny_expected.json

    # the evidence-aware results (stage status, nearest, final-product status, fails_on,
    # closes_within, verdict, complete_from, possible_from, breakpoint reasons) in the shape
    # of the kettle case's `runs`, one run per region x mode x importable spec; with
    # --check, compared with a file that has `runs` (exit 1 on a difference)
    python3 tests/reference/completeness_ref.py tests/data/conformance/kettle --runs \
        --region GBA --region Foshan --importable none --importable raw_material \
        --importable kettle/bimetal --check tests/data/conformance/kettle/expected.json

Definitions (docs/analyses.md, "completeness", made precise; the
conformance cases in tests/data/conformance are normative):

* Region R: a region name (every city whose `region` column equals it) or a comma
  list of city names. local(f) <=> city(f) in R.
* P(s) = number of local firms producing stage s; present(s) <=> P(s) >= theta (theta = 1).
  stage_coverage = |present stages| / |stages of the chain|.
* Template edges: u -> s for every u of every input group of s (distinct pairs).
  Realised when a `supply` link f -> g exists, f and g local, f produces u, g produces s
  and the link's stage is u (an empty stage = the single stage its source produces),
  or when one local firm produces both u and s (vertical integration).
  link_coverage = realised / template edges; 1.0 for a chain without template edges.
  Blockage = template edge with both ends present but unrealised (mode-independent).
* Structural closure: closed(s) = present(s) and every input group has a closed member.
* Realised closure, per (firm, stage): a local producer f of s is locally supplied for s
  when every input group of s has a member u such that a supply link h -> f of stage u
  comes from a local firm h that is locally supplied for u, or f itself produces u and is
  locally supplied for u. No input groups => supplied. Stage closed when some local
  producer is supplied. Because the template is acyclic, one pass in topological stage
  order computes the least fixpoint.
* complete <=> every final_product stage closed (in the mode).
* Breakpoints (per mode): walk down from each unclosed final product: a stage without
  local producer is root cause `absent` when an absence of absences.csv applies to R (every
  city of R lies in its area), else `no_data` (no descent); a present unclosed stage descends
  into every member of every input group that has no closed member; if no such group
  exists the stage itself is root cause `blocked`. blocks = number of distinct final
  products whose walk reaches the root cause.
* local_sourcing_rate: supply links whose (resolved) stage u belongs to the chain, whose
  target is local and makes a stage of the chain that has u in one of its input groups; share with a local source; weighted by `weight` when every counted link
  has one (and their sum is > 0), otherwise by count; null when there is no such link.
* closure_critical_products[firm]: number of final products (all chains) that are
  realised-closed in region GBA and no longer closed when that firm and its links are
  removed (brute force: full recomputation per firm).

Output order: regions as requested; inside a region one entry per chain (sorted by chain
id) and mode (realised, then structural); stage lists sorted by stage id, blockages by
(from, to), firms by id. Floats rounded to 6 decimals.
"""

import argparse
import csv
import json
import os
import sys

THETA = 1
MODES = ("realised", "structural")
LAYERS = {"supply", "value", "innovation", "capital"}
TIERS = {"raw_material", "material", "component", "module", "final_product", "service"}
KINDS = {"firm", "lab", "university", "platform", "investor", "agency", "association"}
EVIDENCE = {"documented", "reported", "estimated", "assumed"}
DEFAULT_REGIONS = ["GBA", "Foshan", "Guangzhou,Foshan"]
CRITICAL_REGION = "GBA"


class DataError(Exception):
    pass


# ----------------------------------------------------------------------------- loading

def read_csv(path, required):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [c for c in required if c not in header]
        if missing:
            raise DataError(f"{path}: missing column(s) {', '.join(missing)}")
        rows = []
        for lineno, raw in enumerate(reader, start=2):
            row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
            rows.append((lineno, row))
        return rows


def split_list(cell):
    return [x.strip() for x in cell.split(";") if x.strip()]


class Dataset:
    """cities: {city: region}; chains: {chain: {stage: {tier, groups}}};
    firms: {id: {city, kind, stages: set((chain, stage))}};
    links: [{source, target, layer, stage: (chain, stage)|None, weight: float|None}]"""

    def __init__(self, folder):
        errors = []
        self.folder = folder
        self.cities = {}
        for ln, r in read_csv(os.path.join(folder, "cities.csv"),
                              ["city", "name_zh", "region", "country", "lat", "lon"]):
            if r["city"] in self.cities:
                errors.append(f"cities.csv:{ln}: duplicate city {r['city']!r}")
            self.cities[r["city"]] = {"region": r["region"], "country": r["country"]}

        self.chains = {}
        for ln, r in read_csv(os.path.join(folder, "chains.csv"),
                              ["chain", "stage", "label", "tier", "inputs"]):
            ch = self.chains.setdefault(r["chain"], {})
            if r["stage"] in ch:
                errors.append(f"chains.csv:{ln}: duplicate stage {r['chain']}/{r['stage']}")
            if r["tier"] not in TIERS:
                errors.append(f"chains.csv:{ln}: unknown tier {r['tier']!r}")
            groups = []
            for g in r["inputs"].split(";"):
                members = [m.strip() for m in g.split("|") if m.strip()]
                if members:
                    groups.append(sorted(set(members)))
            ch[r["stage"]] = {"tier": r["tier"], "groups": groups, "line": ln}
        for c, stages in self.chains.items():
            for s, st in stages.items():
                for g in st["groups"]:
                    for u in g:
                        if u not in stages:
                            errors.append(f"chains.csv:{st['line']}: stage {c}/{s}: "
                                          f"unknown input stage {u!r}")
        if errors:
            raise DataError("\n".join(errors))
        self.topo = {c: self._topo_order(c) for c in self.chains}

        self.firms = {}
        for ln, r in read_csv(os.path.join(folder, "firms.csv"),
                              ["id", "name", "name_zh", "city", "kind", "stages",
                               "functions", "employees", "revenue", "source"]):
            if r["id"] in self.firms:
                errors.append(f"firms.csv:{ln}: duplicate firm id {r['id']!r}")
            if r["city"] not in self.cities:
                errors.append(f"firms.csv:{ln}: unknown city {r['city']!r}")
            if r["kind"] not in KINDS:
                errors.append(f"firms.csv:{ln}: unknown kind {r['kind']!r}")
            stages = set()
            for cs in split_list(r["stages"]):
                ref = self._stage_ref(cs)
                if ref is None:
                    errors.append(f"firms.csv:{ln}: unknown stage {cs!r}")
                else:
                    stages.add(ref)
            self.firms[r["id"]] = {"city": r["city"], "kind": r["kind"], "stages": stages}

        self.links = []
        for ln, r in read_csv(os.path.join(folder, "links.csv"),
                              ["source", "target", "layer", "stage", "weight", "year",
                               "evidence", "source_ref"]):
            for end in ("source", "target"):
                if r[end] not in self.firms:
                    errors.append(f"links.csv:{ln}: unknown {end} firm {r[end]!r}")
            if r["layer"] not in LAYERS:
                errors.append(f"links.csv:{ln}: unknown layer {r['layer']!r}")
            if r["evidence"] and r["evidence"] not in EVIDENCE:
                errors.append(f"links.csv:{ln}: unknown evidence {r['evidence']!r}")
            weight = None
            if r["weight"]:
                try:
                    weight = float(r["weight"])
                except ValueError:
                    errors.append(f"links.csv:{ln}: weight {r['weight']!r} is not a number")
                else:
                    if weight < 0:
                        errors.append(f"links.csv:{ln}: negative weight")
            stage = None
            if r["layer"] == "supply":
                if r["stage"]:
                    stage = self._stage_ref(r["stage"])
                    if stage is None:
                        errors.append(f"links.csv:{ln}: unknown stage {r['stage']!r}")
                elif r["source"] in self.firms:
                    produced = self.firms[r["source"]]["stages"]
                    if len(produced) == 1:
                        stage = next(iter(produced))
                    else:
                        errors.append(f"links.csv:{ln}: supply link without stage from "
                                      f"{r['source']!r}, which makes {len(produced)} stages")
            self.links.append({"source": r["source"], "target": r["target"],
                               "layer": r["layer"], "stage": stage, "weight": weight})
        if errors:
            raise DataError("\n".join(errors))

        # absences.csv (optional): (area, (chain, stage)); the area is a city, else a
        # region, else a country of cities.csv.
        self.absences = []
        path = os.path.join(folder, "absences.csv")
        if os.path.exists(path):
            for ln, r in read_csv(path, ["area", "stage", "evidence", "source_ref", "note"]):
                chain, _, stage = r["stage"].partition("/")
                self.absences.append((r["area"], (chain, stage)))

    def area_cities(self, area):
        """The cities an absence's area names: a city, else a region, else a country."""
        if area in self.cities:
            return {area}
        by_region = {c for c, v in self.cities.items() if v["region"] == area}
        if by_region:
            return by_region
        return {c for c, v in self.cities.items() if v["country"] == area}

    def absent_in(self, region, chain):
        """Stages of `chain` with an absence that applies to `region` (every city of the
        region lies in the absence's area)."""
        return {stage for area, (c, stage) in self.absences
                if c == chain and region and region <= self.area_cities(area)}

    def _stage_ref(self, text):
        if "/" not in text:
            return None
        c, s = text.split("/", 1)
        if c in self.chains and s in self.chains[c]:
            return (c, s)
        return None

    def _topo_order(self, chain):
        stages = self.chains[chain]
        state, order = {}, []

        def visit(s, path):
            if state.get(s) == 2:
                return
            if state.get(s) == 1:
                cyc = path[path.index(s):] + [s]
                raise DataError(f"chains.csv: cycle in chain {chain}: "
                                + " -> ".join(f"{chain}/{x}" for x in cyc))
            state[s] = 1
            for g in stages[s]["groups"]:
                for u in g:
                    visit(u, path + [s])
            state[s] = 2
            order.append(s)

        for s in sorted(stages):
            visit(s, [])
        return order  # inputs before the stages that use them

    def resolve_region(self, spec):
        regions = {v["region"] for v in self.cities.values()}
        if spec in regions:
            return {c for c, v in self.cities.items() if v["region"] == spec}
        cities = [c.strip() for c in spec.split(",") if c.strip()]
        unknown = [c for c in cities if c not in self.cities]
        if unknown or not cities:
            raise DataError(f"region {spec!r}: neither a region name nor a list of known "
                            f"cities (unknown: {', '.join(unknown)})")
        return set(cities)


# ----------------------------------------------------------------------------- analysis

def breakpoint_roots(stages, fp, closed, available, absent):
    """The root causes of an unclosed final product `fp`: walk down from it; a stage not
    `available` is a root (`absent` when in `absent`, else `no_data`); an available unclosed
    stage descends into every member of every input group without a closed member, and is
    itself a root (`blocked`) when there is none. A set of (stage, reason)."""
    found, seen = set(), set()

    def walk(s):
        if s in seen:
            return
        seen.add(s)
        if not available(s):
            found.add((s, "absent" if s in absent else "no_data"))
            return
        open_groups = [g for g in stages[s]["groups"] if not any(closed[u] for u in g)]
        if not open_groups:
            found.add((s, "blocked"))
            return
        for g in open_groups:
            for u in g:
                walk(u)

    if not closed[fp]:
        walk(fp)
    return found


def breakpoint_list(stages, finals, closed, available, absent):
    """Breakpoints: each root cause with the number of final products it blocks."""
    causes = {}
    for fp in finals:
        for key in breakpoint_roots(stages, fp, closed, available, absent):
            causes[key] = causes.get(key, 0) + 1
    return [{"stage": s, "reason": reason, "blocks": n}
            for (s, reason), n in sorted(causes.items())]


def r6(x):
    return None if x is None else round(x, 6)


def analyse_chain(ds, chain, region, removed=frozenset()):
    """All completeness measures of one chain; returns a dict with both modes."""
    stages = ds.chains[chain]
    order = ds.topo[chain]
    alive = {f for f in ds.firms if f not in removed}
    local = {f for f in alive if ds.firms[f]["city"] in region}
    absent = ds.absent_in(region, chain)

    def makes(f, s):
        return (chain, s) in ds.firms[f]["stages"]

    producers = {s: sorted(f for f in local if makes(f, s)) for s in stages}
    present = {s: len(producers[s]) >= THETA for s in stages}

    supply = [l for l in ds.links if l["layer"] == "supply"
              and l["source"] in alive and l["target"] in alive]
    local_supply = [l for l in supply if l["source"] in local and l["target"] in local
                    and l["source"] != l["target"] and l["stage"] is not None
                    and l["stage"][0] == chain]

    # template edges and their realisation
    edges = sorted({(u, s) for s in stages for g in stages[s]["groups"] for u in g})

    def realised(u, s):
        for l in local_supply:
            if l["stage"][1] == u and makes(l["source"], u) and makes(l["target"], s):
                return True
        return any(makes(f, u) and makes(f, s) for f in local)

    real = {e: realised(*e) for e in edges}
    link_cov = (sum(real.values()) / len(edges)) if edges else 1.0
    blockages = [{"from": u, "to": s} for (u, s) in edges
                 if present[u] and present[s] and not real[(u, s)]]

    # structural closure
    sclosed = {}
    for s in order:
        sclosed[s] = present[s] and all(any(sclosed[u] for u in g)
                                        for g in stages[s]["groups"])

    # realised closure: (firm, stage) pairs that are locally supplied
    inbound = {}
    for l in local_supply:
        inbound.setdefault(l["target"], []).append((l["source"], l["stage"][1]))
    supplied = set()
    for s in order:
        for f in producers[s]:
            ok = True
            for g in stages[s]["groups"]:
                if not any(((f, u) in supplied) or
                           any(uu == u and (h, u) in supplied
                               for (h, uu) in inbound.get(f, []))
                           for u in g):
                    ok = False
                    break
            if ok:
                supplied.add((f, s))
    rclosed = {s: any((f, s) in supplied for f in producers[s]) for s in stages}

    finals = sorted(s for s in stages if stages[s]["tier"] == "final_product")

    def breakpoints(closed):
        return breakpoint_list(stages, finals, closed, lambda s: present[s], absent)

    # local sourcing rate
    # (a link counts only when its buyer makes a stage of the chain that takes the link's
    # stage as an input, in some group)
    counted = [l for l in supply if l["stage"] is not None and l["stage"][0] == chain
               and l["target"] in local
               and any(makes(l["target"], s)
                       for s in stages if any(l["stage"][1] in g for g in stages[s]["groups"]))]
    if not counted:
        rate = None
    else:
        weights = [l["weight"] for l in counted]
        if all(w is not None for w in weights) and sum(weights) > 0:
            rate = sum(l["weight"] for l in counted if l["source"] in local) / sum(weights)
        else:
            rate = sum(1 for l in counted if l["source"] in local) / len(counted)

    final_products = [{"stage": s, "closed": rclosed[s], "structural_closed": sclosed[s]}
                      for s in finals]
    out = {}
    for mode, closed in (("realised", rclosed), ("structural", sclosed)):
        out[mode] = {
            "mode": mode,
            "chain": chain,
            "complete": all(closed[s] for s in finals),
            "stage_coverage": r6(sum(present.values()) / len(stages)),
            "link_coverage": r6(link_cov),
            "local_sourcing_rate": r6(rate),
            "final_products": final_products,
            "closed_stages": sorted(s for s in stages if closed[s]),
            "breakpoints": breakpoints(closed),
            "blockages": blockages,
        }
    return out


def completeness(ds, region_spec, modes=MODES):
    region = ds.resolve_region(region_spec)
    entries = []
    for chain in sorted(ds.chains):
        res = analyse_chain(ds, chain, region)
        entries.extend(res[m] for m in modes)
    return entries


def closed_finals(ds, region, removed=frozenset()):
    out = set()
    for chain in sorted(ds.chains):
        res = analyse_chain(ds, chain, region, removed)["realised"]
        out |= {(chain, fp["stage"]) for fp in res["final_products"] if fp["closed"]}
    return out


def closure_critical(ds, region_spec=CRITICAL_REGION):
    region = ds.resolve_region(region_spec)
    base = closed_finals(ds, region)
    return {f: len(base - closed_finals(ds, region, frozenset([f])))
            for f in sorted(ds.firms)}


def run(folder, regions, modes=MODES, description=None):
    ds = Dataset(folder)
    out = {}
    if description is not None:
        out["description"] = description
    out["completeness"] = {r: completeness(ds, r, modes) for r in regions}
    out["closure_critical_products"] = closure_critical(ds)
    return out


# ----------------------------------------------------------------------------- evidence-aware runs
# DESIGN.md "What the data can show", computed the plain way from the definitions, in the
# shape of the kettle conformance case's `runs` (conformance/kettle/expected.json).

TIER_ORDER = ["raw_material", "material", "component", "module", "final_product", "service"]


def importable_stages(ds, chain, spec):
    """The stages of `chain` a `--importable` spec (tiers and/or chain/stage, comma-separated)
    names."""
    out = set()
    for item in filter(None, (x.strip() for x in (spec or "").split(","))):
        if "/" in item:
            c, st = item.split("/", 1)
            if c == chain:
                out.add(st)
        else:
            out |= {st for st, v in ds.chains[chain].items() if v["tier"] == item}
    return out


def structural_closure(stages, order, available, given):
    """closed[s] = s given, or s available and every input group has a closed member."""
    closed = {}
    for s in order:
        closed[s] = s in given or (available(s) and all(any(closed[u] for u in g)
                                                         for g in stages[s]["groups"]))
    return closed


def evidence_run_chain(ds, chain, region, mode, spec):
    stages, order = ds.chains[chain], ds.topo[chain]
    given = importable_stages(ds, chain, spec)
    local = {f for f in ds.firms if ds.firms[f]["city"] in region}
    countries = {ds.cities[c]["country"] for c in region}
    in_country = {f for f in ds.firms if ds.cities[ds.firms[f]["city"]]["country"] in countries}

    def producers(s, firms):
        return [f for f in firms if (chain, s) in ds.firms[f]["stages"]]

    present = {s: len(producers(s, local)) >= THETA for s in stages}
    absent = ds.absent_in(region, chain)
    status = {s: "present" if present[s] else ("absent" if s in absent else "unknown")
              for s in stages}

    def nearest(s):
        if present[s]:
            return None
        if producers(s, in_country - local):
            return "country"
        if producers(s, set(ds.firms) - local):
            return "world"
        return None

    # pessimistic closure in the run's mode
    if mode == "structural":
        pess = structural_closure(stages, order, lambda s: present[s], given)
    else:
        supplied = set()
        links = [l for l in ds.links if l["layer"] == "supply" and l["stage"] is not None
                 and l["stage"][0] == chain and l["source"] in local and l["target"] in local
                 and l["source"] != l["target"]]
        for s in order:
            for f in producers(s, local):
                def met(g):
                    return any(u in given or (f, u) in supplied
                               or any(l["target"] == f and l["stage"][1] == u
                                      and (l["source"], u) in supplied for l in links)
                               for u in g)
                if all(met(g) for g in stages[s]["groups"]):
                    supplied.add((f, s))
        pess = {s: s in given or (present[s] and any((f, s) in supplied
                                                      for f in producers(s, local)))
                for s in stages}
    opt = structural_closure(stages, order, lambda s: status[s] != "absent", given)
    finals = sorted(s for s in stages if stages[s]["tier"] == "final_product")

    absent_here = {st for st in stages if status[st] == "absent"}
    breakpoints = breakpoint_list(stages, finals, pess, lambda st: present[st], absent_here)

    def closes_within(fp):
        for name, firms in (("region", local), ("country", in_country), ("world", set(ds.firms))):
            closed = structural_closure(stages, order,
                                        lambda s: len(producers(s, firms)) >= THETA, given)
            if closed[fp]:
                return name
        return None

    final_products = []
    for fp in finals:
        st = "closed" if pess[fp] else ("open" if not opt[fp] else "undetermined")
        roots = breakpoint_roots(stages, fp, opt, lambda s: status[s] != "absent", absent_here)
        fails_on = sorted(s for s, _ in roots) if st == "open" else []
        final_products.append({"stage": fp, "status": st, "closes_within": closes_within(fp),
                               "fails_on": fails_on})
    if not finals:
        verdict = "not_applicable"
    elif all(f["status"] == "closed" for f in final_products):
        verdict = "holds"
    elif any(f["status"] == "open" for f in final_products):
        verdict = "fails"
    else:
        verdict = "undetermined"

    def lowest_tier(ok):
        if not finals:
            return None
        tiers = [t for t in TIER_ORDER[:TIER_ORDER.index("final_product") + 1]
                 if any(v["tier"] == t for v in stages.values())]
        for i, t in enumerate(tiers):
            more = given | {st for st, v in stages.items() if v["tier"] in tiers[:i]}
            if ok(more):
                return t
        return None

    def holds(more):
        closed = structural_closure(stages, order, lambda s: present[s], more)
        return all(closed[f] for f in finals)

    def not_fails(more):
        closed = structural_closure(stages, order, lambda s: status[s] != "absent", more)
        return all(closed[f] for f in finals)

    return {
        "chain": chain,
        "verdict": verdict,
        "complete": verdict == "holds",
        "complete_from": lowest_tier(holds),
        "possible_from": lowest_tier(not_fails),
        "final_products": final_products,
        "stages": [{"stage": s, "status": status[s], "nearest": nearest(s)}
                   for s in sorted(stages)],
        "breakpoints": breakpoints,
    }


def evidence_runs(folder, regions, modes, importables):
    ds = Dataset(folder)
    runs = []
    for region_spec in regions:
        region = ds.resolve_region(region_spec)
        for mode in modes:
            for spec in importables:
                runs.append({"region": region_spec, "mode": mode, "importable": spec,
                             "chains": [evidence_run_chain(ds, c, region, mode, spec)
                                        for c in sorted(ds.chains)]})
    return {"runs": runs}


# ----------------------------------------------------------------------------- checking

def diff(expected, actual, path="$"):
    """List of human-readable differences (floats compared to 1e-9)."""
    out = []
    if isinstance(expected, dict) and isinstance(actual, dict):
        for k in sorted(set(expected) | set(actual)):
            if k not in actual:
                out.append(f"{path}.{k}: missing in computed result")
            elif k not in expected:
                out.append(f"{path}.{k}: not in expected ({json.dumps(actual[k])})")
            else:
                out.extend(diff(expected[k], actual[k], f"{path}.{k}"))
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            out.append(f"{path}: expected {len(expected)} items, computed {len(actual)}: "
                       f"expected {json.dumps(expected)} computed {json.dumps(actual)}")
        else:
            for i, (e, a) in enumerate(zip(expected, actual)):
                out.extend(diff(e, a, f"{path}[{i}]"))
    elif (isinstance(expected, (int, float)) and isinstance(actual, (int, float))
          and not isinstance(expected, bool) and not isinstance(actual, bool)):
        if abs(expected - actual) > 1e-9:
            out.append(f"{path}: expected {expected}, computed {actual}")
    elif expected != actual or type(expected) is not type(actual):
        out.append(f"{path}: expected {json.dumps(expected)}, computed {json.dumps(actual)}")
    return out


def check_one(folder, expected_path):
    with open(expected_path, encoding="utf-8") as fh:
        expected = json.load(fh)
    if "runs" in expected:
        # An evidence-aware case (kettle): the runs it lists, in its order.
        ds = Dataset(folder)
        actual = {"description": expected.get("description"), "runs": [
            {"region": r["region"], "mode": r["mode"], "importable": r["importable"],
             "chains": [evidence_run_chain(ds, c, ds.resolve_region(r["region"]), r["mode"],
                                           r["importable"]) for c in sorted(ds.chains)]}
            for r in expected["runs"]]}
        problems = diff(expected, actual)
        print(f"{folder} vs {expected_path}: "
              + ("ok" if not problems else f"{len(problems)} difference(s)"))
        for p in problems:
            print(f"  {p}")
        return not problems
    regions = list(expected.get("completeness", {}).keys())
    actual = run(folder, regions, description=expected.get("description"))
    problems = diff(expected, actual)
    status = "ok" if not problems else f"{len(problems)} difference(s)"
    print(f"{folder} vs {expected_path}: {status}")
    for p in problems:
        print(f"  {p}")
    return not problems


def check_conformance(root):
    cases = sorted(d for d in os.listdir(root)
                   if os.path.isfile(os.path.join(root, d, "expected.json")))
    if not cases:
        print(f"{root}: no cases (sub-folders with expected.json) found")
        return False
    ok = True
    for case in cases:
        folder = os.path.join(root, case)
        ok &= check_one(folder, os.path.join(folder, "expected.json"))
    return ok


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dataset", nargs="?", help="dataset folder (cities/chains/firms/links.csv)")
    ap.add_argument("--region", action="append",
                    help="region name or comma list of cities (repeatable; default: "
                         + "; ".join(DEFAULT_REGIONS) + ")")
    ap.add_argument("--mode", choices=["realised", "structural", "both"], default="both")
    ap.add_argument("--description", help="description to put into the JSON output")
    ap.add_argument("--check", metavar="EXPECTED_JSON",
                    help="compare the dataset's results with this file; exit 1 on a difference")
    ap.add_argument("--runs", action="store_true",
                    help="the evidence-aware results (verdict, statuses, nearest, ladder, "
                         "complete_from/possible_from) in the shape of kettle's `runs`")
    ap.add_argument("--importable", action="append",
                    help="with --runs: an importable spec per run (repeatable; `none` = no "
                         "import; default: none)")
    ap.add_argument("--check-conformance", metavar="DIR",
                    help="check every DIR/*/expected.json against its folder; exit 1 on a difference")
    args = ap.parse_args(argv)
    try:
        if args.check_conformance:
            ok = check_conformance(args.check_conformance)
            if args.dataset and args.check:
                ok &= check_one(args.dataset, args.check)
            return 0 if ok else 1
        if not args.dataset:
            ap.error("a dataset folder is required")
        if args.check and not args.runs:
            return 0 if check_one(args.dataset, args.check) else 1
        modes = MODES if args.mode == "both" else (args.mode,)
        if args.runs:
            specs = [None if x == "none" else x for x in (args.importable or ["none"])]
            out = evidence_runs(args.dataset, args.region or DEFAULT_REGIONS, modes, specs)
            if args.check:
                with open(args.check, encoding="utf-8") as fh:
                    expected = {"runs": json.load(fh)["runs"]}
                problems = diff(expected, out)
                print(f"{args.dataset} runs vs {args.check}: "
                      + ("ok" if not problems else f"{len(problems)} difference(s)"))
                for p in problems:
                    print(f"  {p}")
                return 0 if not problems else 1
            json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
            sys.stdout.write("\n")
            return 0
        out = run(args.dataset, args.region or DEFAULT_REGIONS, modes, args.description)
        json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    except BrokenPipeError:  # `| head` is not an error
        return 0
    except DataError as e:
        print(f"data error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

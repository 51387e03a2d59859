#!/usr/bin/env python3
"""Independent recomputation of the hand-worked values of tests/data/honest (issue 15, items 1-7).

Standard library only. It reads the dataset's CSV files and recomputes every figure from the
definitions in DESIGN.md (shared/DESIGN.md) and docs/analyses.md, by the plainest method that
works on a small dataset (fixpoints by repetition, criticality and vertex cuts by brute force),
and prints JSON. It never imports chainatlas code nor reads its output; tests/honest.rs
compares the two.

Usage: honest_ref.py DATASET_DIR [REGION] [CITY_A CITY_B]   (defaults: Bay, Alpha Beta)
"""

import csv
import itertools
import json
import os
import sys

MIN_LINKS = 5          # H3/H4 evidence floor and complement --min-links default
TAU = 0.5              # --sourcing-threshold
CHOKE_SHARE = 0.5      # --chokepoint-share
CHOKE_HHI = 0.4        # --chokepoint-hhi
LAYERS = ["supply", "value", "innovation", "capital"]


def read(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def split(cell):
    return [x.strip() for x in (cell or "").split(";") if x.strip()]


class Data:
    def __init__(self, folder, region):
        self.cities = {r["city"]: r for r in read(folder, "cities.csv")}
        self.region_cities = {c for c, r in self.cities.items() if r["region"] == region}
        self.region_name = region
        self.countries = {self.cities[c]["country"] for c in self.region_cities}
        self.stages = {}  # "chain/stage" -> {tier, inputs: [[full ids]]}
        self.chain_stages = {}
        for r in read(folder, "chains.csv"):
            sid = r["chain"] + "/" + r["stage"]
            groups = [
                [r["chain"] + "/" + u for u in g.split("|") if u]
                for g in split(r["inputs"])
            ]
            self.stages[sid] = {"chain": r["chain"], "tier": r["tier"], "inputs": groups}
            self.chain_stages.setdefault(r["chain"], []).append(sid)
        self.firms = {}
        for r in read(folder, "firms.csv"):
            emp = r.get("employees", "").strip()
            self.firms[r["id"]] = {
                "city": r["city"],
                "stages": split(r["stages"]),
                "functions": split(r["functions"]),
                "employees": float(emp) if emp else None,
                "group": (r.get("group") or "").strip(),
                "kind": r["kind"],
            }
        self.links = []
        for r in read(folder, "links.csv"):
            stage = r["stage"].strip()
            if r["layer"] == "supply" and not stage:
                made = self.firms[r["source"]]["stages"]
                stage = made[0] if len(made) == 1 else ""
            self.links.append({"source": r["source"], "target": r["target"],
                               "layer": r["layer"], "stage": stage,
                               "evidence": r["evidence"]})
        self.absences = read(folder, "absences.csv")

    def local(self, firm, cities=None):
        return self.firms[firm]["city"] in (cities or self.region_cities)

    def country(self, firm):
        return self.cities[self.firms[firm]["city"]]["country"]

    def unit(self, firm):
        return self.firms[firm]["group"] or firm

    def supply(self):
        return [l for l in self.links if l["layer"] == "supply"]


# ---------------------------------------------------------------------------------------
# Closure (realised, least fixpoint by repetition) and breakpoints


def supplied_pairs(d, cities=None, removed=frozenset(), extra_local=frozenset()):
    """(firm, stage) pairs locally supplied. `extra_local`: outside firms admitted as local."""

    def is_local(f):
        return f not in removed and (d.local(f, cities) or f in extra_local)

    supplied = set()
    changed = True
    while changed:
        changed = False
        for f, firm in d.firms.items():
            if not is_local(f):
                continue
            for s in firm["stages"]:
                if (f, s) in supplied:
                    continue
                ok = True
                for group in d.stages[s]["inputs"]:
                    met = any((f, u) in supplied for u in group) or any(
                        l["target"] == f and l["stage"] in group and is_local(l["source"])
                        and (l["source"], l["stage"]) in supplied
                        for l in d.supply()
                    )
                    if not met:
                        ok = False
                        break
                if ok:
                    supplied.add((f, s))
                    changed = True
    return supplied


def closed_stages(d, **kw):
    return {s for (_, s) in supplied_pairs(d, **kw)}


def producers(d, stage, local_only=True, removed=frozenset()):
    return sorted(f for f, x in d.firms.items()
                  if stage in x["stages"] and f not in removed
                  and (not local_only or d.local(f)))


def stage_status(d, s):
    if producers(d, s):
        return "present"
    for a in d.absences:
        if a["stage"] != s:
            continue
        area = a["area"]
        inside = all(c == area or d.cities[c]["region"] == area
                     or d.cities[c]["country"] == area for c in d.region_cities)
        if inside:
            return "absent"
    return "unknown"


def finals(d, chain):
    return [s for s in d.chain_stages[chain] if d.stages[s]["tier"] == "final_product"]


def breakpoints(d, chain, closed):
    roots = {}

    def walk(s, final, seen):
        if s in closed or s in seen:
            return
        seen.add(s)
        if not producers(d, s):
            reason = "absent" if stage_status(d, s) == "absent" else "no_data"
            roots.setdefault((s, reason), set()).add(final)
            return
        open_groups = [g for g in d.stages[s]["inputs"] if not any(u in closed for u in g)]
        if not open_groups:
            roots.setdefault((s, "blocked"), set()).add(final)
            return
        for g in open_groups:
            for u in g:
                walk(u, final, seen)

    for fp in finals(d, chain):
        walk(fp, fp, set())
    return [{"stage": s.split("/")[1], "reason": r, "final_products": sorted(x.split("/")[1] for x in fps)}
            for (s, r), fps in sorted(roots.items())]


# ---------------------------------------------------------------------------------------
# Sourcing and chokepoints (items 1 and 2)


def counted(d, chain, link):
    """Item 1: a supply link counts for `chain` when its buyer is local and makes a stage of
    the chain that takes the link's stage as an input (in some group)."""
    u = link["stage"]
    if link["layer"] != "supply" or u not in d.chain_stages[chain] or not d.local(link["target"]):
        return False
    return any(any(u in g for g in d.stages[s]["inputs"])
               for s in d.firms[link["target"]]["stages"] if s in d.chain_stages[chain])


def origin(d, link):
    if d.local(link["source"]):
        return "local"
    return "rest_of_country" if d.country(link["source"]) in d.countries else "overseas"


def shares(d, links):
    n = len(links)
    if n == 0:
        return None
    out = {"links": n, "local": 0, "rest_of_country": 0, "overseas": 0}
    for l in links:
        out[origin(d, l)] += 1
    for k in ("local", "rest_of_country", "overseas"):
        out[k] = out[k] / n
    return out


def hhi(counts):
    total = sum(counts.values())
    return sum((c / total) ** 2 for c in counts.values())


def chokepoints(d, links):
    out = []
    for s in sorted({l["stage"] for l in links}):
        mine = [l for l in links if l["stage"] == s]
        outside = [l for l in mine if not d.local(l["source"])]
        share = len(outside) / len(mine)
        if not outside or share < CHOKE_SHARE:
            continue
        by_country, by_firm = {}, {}
        for l in outside:
            c = d.country(l["source"])
            by_country[c] = by_country.get(c, 0) + 1
            by_firm[l["source"]] = by_firm.get(l["source"], 0) + 1
        if hhi(by_country) < CHOKE_HHI:
            continue
        rest = sum(1 for l in outside if origin(d, l) == "rest_of_country") / len(mine)
        over = sum(1 for l in outside if origin(d, l) == "overseas") / len(mine)
        out.append({
            "stage": s.split("/")[1], "links": len(mine), "outside_share": share,
            "rest_of_country_share": rest, "overseas_share": over,
            "hhi_countries": hhi(by_country), "hhi_firms": hhi(by_firm),
            "countries": sorted(by_country),
            "scope": "international" if over > rest else "domestic",
        })
    return out


# ---------------------------------------------------------------------------------------
# Bottlenecks: per firm and per producer unit (item 6), criticality by brute force


def lost_finals(d, chain, closed_before, removed):
    after = closed_stages(d, removed=frozenset(removed))
    after = {s for s in after if len(producers(d, s, removed=frozenset(removed))) >= 1}
    return sorted(s.split("/")[1] for s in finals(d, chain) if s in closed_before and s not in after)


def concentration(d, s):
    local = producers(d, s)
    known = [f for f in local if d.firms[f]["employees"] is not None]
    if len(known) == len(local):
        w = {f: d.firms[f]["employees"] / len(d.firms[f]["stages"]) for f in local}
        basis = "employment"
    else:
        w = {f: 1.0 for f in local}
        basis = "count"
    units = {}
    for f in local:
        units[d.unit(f)] = units.get(d.unit(f), 0) + w[f]
    return {"producers": len(local), "hhi": hhi(w), "basis": basis,
            "employment_known": len(known), "employment_counted": len(local),
            "units": len(units), "hhi_units": hhi(units)}


def connectivity(d, chain):
    sources = [f for f in d.firms if d.local(f) and any(
        s in d.chain_stages[chain] and d.stages[s]["tier"] == "raw_material" for s in d.firms[f]["stages"])]
    sinks = [f for f in d.firms if d.local(f) and any(
        s in d.chain_stages[chain] and d.stages[s]["tier"] == "final_product" for s in d.firms[f]["stages"])]
    if not sources or not sinks:
        return {"status": "not_applicable", "value": None, "cut": None,
                "raw_material_firms": len(sources), "final_product_firms": len(sinks)}
    edges = {(l["source"], l["target"]) for l in d.supply()
             if l["stage"] in d.chain_stages[chain] and d.local(l["source"]) and d.local(l["target"])}
    nodes = sorted({f for f in d.firms if d.local(f)})

    def separated(cut):
        frontier = [f for f in sources if f not in cut]
        seen = set(frontier)
        while frontier:
            f = frontier.pop()
            if f in sinks:
                return False
            for (a, b) in edges:
                if a == f and b not in cut and b not in seen:
                    seen.add(b)
                    frontier.append(b)
        return True

    for k in range(len(nodes) + 1):
        cuts = [set(c) for c in itertools.combinations(nodes, k) if separated(set(c))]
        if cuts:
            return {"status": "computed", "value": k, "min_cuts": [sorted(c) for c in cuts],
                    "raw_material_firms": len(sources), "final_product_firms": len(sinks)}


# ---------------------------------------------------------------------------------------
# Shortlist (item 5)


def shortlist(d, chain, bps, all_closed):
    out = []
    for bp in bps:
        if bp["reason"] not in ("absent", "no_data"):
            continue
        s = chain + "/" + bp["stage"]
        also = sorted({b["stage"] for b in bps if b["stage"] != bp["stage"]
                       and set(b["final_products"]) & set(bp["final_products"])})
        cands = []
        for f in producers(d, s, local_only=False):
            if d.local(f):
                continue
            after = closed_stages(d, extra_local=frozenset([f]))
            closes = sorted(x for c in d.chain_stages for x in finals(d, c)
                            if x in after and x not in all_closed)
            g = d.firms[f]["group"]
            cands.append({
                "firm": f, "group": g or None,
                "group_local": sorted(h for h in d.firms if g and d.firms[h]["group"] == g and d.local(h)),
                "also_needed": also, "closes": closes,
                "employees": d.firms[f]["employees"],
            })
        cands.sort(key=lambda c: (-len(c["closes"]), -(c["employees"] or 0), c["firm"]))
        out.append({"stage": bp["stage"],
                    "stage_status": bp["reason"],
                    "action": "attract" if bp["reason"] == "absent" else "check_local_first",
                    "candidates": cands})
    return out


# ---------------------------------------------------------------------------------------
# Per chain


def chain_figures(d, chain, all_closed):
    stages = d.chain_stages[chain]
    present = [s for s in stages if producers(d, s)]
    # Employment-weighted coverage (item 4): producers anywhere of the chain's stages.
    makers = sorted({f for f, x in d.firms.items() if any(s in stages for s in x["stages"])})
    known = [f for f in makers if d.firms[f]["employees"] is not None]
    weight = {s: 0.0 for s in stages}
    for f in known:
        for s in d.firms[f]["stages"]:
            if s in weight:
                weight[s] += d.firms[f]["employees"] / len(d.firms[f]["stages"])
    total = sum(weight.values())
    cov_emp = None
    if 2 * len(known) >= len(makers) and total > 0:
        cov_emp = sum(weight[s] for s in present) / total

    supply_in_chain = [l for l in d.supply() if l["stage"] in stages and d.local(l["target"])]
    used = [l for l in supply_in_chain if counted(d, chain, l)]
    spurious = [l["source"] + "->" + l["target"] for l in supply_in_chain if not counted(d, chain, l)]
    src = shares(d, used)
    chokes = chokepoints(d, used)

    closed_finals = [s for s in finals(d, chain) if s in all_closed]
    if src is None:
        h3 = {"status": "not_computed", "links": 0, "rate": None}
    elif src["links"] < MIN_LINKS:
        h3 = {"status": "not_computed", "links": src["links"], "rate": src["local"],
              "reason": "too few links (%d)" % src["links"]}
    else:
        h3 = {"status": "pass" if src["local"] >= TAU else "fail", "links": src["links"], "rate": src["local"]}
    international = [c["stage"] for c in chokes if c["scope"] == "international"]
    domestic = [c["stage"] for c in chokes if c["scope"] == "domestic"]
    n_links = len(used)
    if international:
        h4 = "fail"
    elif n_links < MIN_LINKS:
        h4 = "not_computed"
    else:
        h4 = "pass"

    local_firms = sorted(f for f in d.firms if d.local(f))
    critical = [f for f in local_firms if lost_finals(d, chain, all_closed, [f])]
    groups = sorted({d.firms[f]["group"] for f in local_firms if d.firms[f]["group"]})
    critical_groups = []
    for g in groups:
        members = [f for f in local_firms if d.firms[f]["group"] == g]
        lost = lost_finals(d, chain, all_closed, members)
        if lost:
            critical_groups.append({"group": g, "firms": members, "final_products_lost": lost})
    if not closed_finals:
        h5 = h5_groups = "not_applicable"
    else:
        h5 = "fail" if critical else "pass"
        h5_groups = "fail" if critical_groups else "pass"

    conc = {s.split("/")[1]: concentration(d, s) for s in present}
    bps = breakpoints(d, chain, all_closed)
    return {
        "stage_coverage": len(present) / len(stages),
        "stage_coverage_employment": cov_emp,
        "stage_coverage_employment_status": "computed" if cov_emp is not None else "not_computed",
        "employment_known": len(known),
        "employment_counted": len(makers),
        "stage_status": {s.split("/")[1]: stage_status(d, s) for s in stages},
        "closed_final_products": sorted(s.split("/")[1] for s in closed_finals),
        "breakpoints": bps,
        "spurious_links": spurious,
        "sourcing": src,
        "sourcing_if_spurious_counted": shares(d, supply_in_chain),
        "chokepoints": chokes,
        "H3": h3,
        "H4": {"status": h4, "international": international, "domestic": domestic},
        "H5": {"status": h5, "critical_firms": critical},
        "H5_groups": {"status": h5_groups, "critical_groups": critical_groups},
        "concentration": conc,
        "single_source_stages": sorted(s for s, c in conc.items() if c["producers"] == 1),
        "single_source_groups": sorted(s for s, c in conc.items() if c["units"] == 1),
        "connectivity": connectivity(d, chain),
        "shortlist": shortlist(d, chain, bps, all_closed),
    }


# ---------------------------------------------------------------------------------------
# Complementarity of two cities (item 7), count basis


def complement(d, city_a, city_b):
    a, b = {city_a}, {city_b}
    region = d.region_cities
    firms_in = lambda cs: [f for f in d.firms if d.firms[f]["city"] in cs]
    n_a, n_b, n_r = len(firms_in(a)), len(firms_in(b)), len(firms_in(region))
    intensity = {}
    for layer in LAYERS:
        ls = [l for l in d.links if l["layer"] == layer]
        row = {}
        for name, x, y, n_y in (("a_to_b", a, b, n_b), ("b_to_a", b, a, n_a)):
            out_x = [l for l in ls if d.firms[l["source"]]["city"] in x]
            x_y = [l for l in out_x if d.firms[l["target"]]["city"] in y]
            row[name] = (len(x_y) / len(out_x)) / (n_y / n_r) if out_x and n_r and n_y else None
            row["links_" + name] = len(x_y)
            row[name + "_enough_links"] = len(x_y) >= MIN_LINKS
        intensity[layer] = row

    def merchant(f):
        g = d.firms[f]["group"]
        return not g or any(l["source"] == f and d.unit(l["target"]) != g for l in d.supply())

    candidates = []
    for side, buyers, other in (("a", a, b), ("b", b, a)):
        by_stage = {}
        for l in d.supply():
            # Chain-scoped like item 1: the buyer makes a stage that takes the link's stage.
            uses = any(any(l["stage"] in g for g in d.stages[s]["inputs"])
                       for s in d.firms[l["target"]]["stages"])
            if d.firms[l["target"]]["city"] in buyers and not d.local(l["source"]) \
                    and d.firms[l["source"]]["city"] not in other and uses:
                by_stage.setdefault(l["stage"], []).append(l)
        for s, ls in sorted(by_stage.items()):
            makers = [f for f in producers(d, s, local_only=False) if d.firms[f]["city"] in other]
            merchants = [f for f in makers if merchant(f)]
            if merchants:
                candidates.append({"buyer_side": side, "stage": s,
                                   "buyers": sorted({l["target"] for l in ls}),
                                   "outside_suppliers": sorted({l["source"] for l in ls}),
                                   "producers_in_other": merchants,
                                   "captive_in_other": [f for f in makers if not merchant(f)],
                                   "links": len(ls)})
            else:
                candidates.append({"buyer_side": side, "stage": s, "not_listed": True,
                                   "captive_in_other": makers})

    def fn_ratio(cs):
        """Jobs in rnd+design+hq over manufacturing jobs (a firm's employees split evenly
        over its functions); None under the half rule: employment known for fewer than half
        of the firms with a function. No count fallback."""
        with_fn = [f for f in firms_in(cs) if d.firms[f]["functions"]]
        known = [f for f in with_fn if d.firms[f]["employees"] is not None]
        if 2 * len(known) < len(with_fn):
            return None
        top = man = 0.0
        for f in known:
            fs = d.firms[f]["functions"]
            for fn in fs:
                if fn in ("rnd", "design", "hq"):
                    top += d.firms[f]["employees"] / len(fs)
                elif fn == "manufacturing":
                    man += d.firms[f]["employees"] / len(fs)
        return top / man if man else None

    ra, rb, rr = fn_ratio(a), fn_ratio(b), fn_ratio(region)
    fs = {"a": ra / rr if ra is not None and rr else None, "b": rb / rr if rb is not None and rr else None}

    def stage_shares(cs):
        w = {}
        for f in firms_in(cs):
            for s in d.firms[f]["stages"]:
                w[s] = w.get(s, 0) + 1 / len(d.firms[f]["stages"])
        t = sum(w.values())
        return {s: v / t for s, v in w.items()}

    x, y = stage_shares(a), stage_shares(b)
    keys = set(x) | set(y)
    dot = sum(x.get(k, 0) * y.get(k, 0) for k in keys)
    unido = dot / (sum(v * v for v in x.values()) * sum(v * v for v in y.values())) ** 0.5
    krugman = sum(abs(x.get(k, 0) - y.get(k, 0)) for k in keys)

    joint = []
    closed_a = closed_stages(d, cities=a)
    closed_b = closed_stages(d, cities=b)
    closed_ab = closed_stages(d, cities=a | b)
    for c in d.chain_stages:
        joint += [s for s in finals(d, c) if s in closed_ab and s not in closed_a and s not in closed_b]
    listed = [c for c in candidates if not c.get("not_listed")]
    signals = {
        "joint_gain": bool(joint),
        "functional_specialisation": None not in fs.values()
        and ((fs["a"] > 1 > fs["b"]) or (fs["b"] > 1 > fs["a"])),
        "link_intensity": any((r[k] or 0) > 1 and r[k + "_enough_links"]
                              for r in intensity.values() for k in ("a_to_b", "b_to_a")),
        "outsourcing": bool(listed),
    }
    # A signal the data cannot assess is neither present nor absent: FS undefined on a side;
    # link intensity with no direction on enough links, or one above 1 on too few.
    pairs = [(r[k], r[k + "_enough_links"]) for r in intensity.values() for k in ("a_to_b", "b_to_a")]
    thin = any((v or 0) > 1 and not enough for v, enough in pairs)
    assessed = {
        "joint_gain": True,
        # Not computed (half rule) leaves FS unassessed; FS without meaning (no R&D,
        # design or hq firm in the region) is assessed and absent.
        "functional_specialisation": None not in (ra, rb, rr),
        "link_intensity": signals["link_intensity"] or (not thin and any(e for _, e in pairs)),
        "outsourcing": True,
    }
    count = sum(signals.values())
    unassessed = sum(1 for k in assessed if not assessed[k])

    def verdict_at(n):
        return "complementary" if n >= 3 else (
            "competitive" if n <= 1 and unido >= 0.6 else "mixed")

    low, high = verdict_at(count), verdict_at(count + unassessed)
    verdict = low if low == high else "undetermined"
    with_stage = [f for f in firms_in(region) if d.firms[f]["stages"] or d.firms[f]["functions"]]
    return {
        "firms_a": n_a, "firms_b": n_b, "firms_region": n_r,
        "employment_known": sum(1 for f in with_stage if d.firms[f]["employees"] is not None),
        "employment_counted": len(with_stage),
        "link_intensity": intensity,
        "outsourcing_candidates": candidates,
        "functional_specialisation": fs,
        "similarity_unido": unido, "krugman": krugman,
        "joint_gain": sorted(joint),
        "signals": signals, "assessed": assessed, "signal_count": count, "verdict": verdict,
    }


def main(argv):
    folder = argv[1]
    region = argv[2] if len(argv) > 2 else "Bay"
    city_a, city_b = (argv[3], argv[4]) if len(argv) > 4 else ("Alpha", "Beta")
    d = Data(folder, region)
    all_closed = {s for s in closed_stages(d) if producers(d, s)}
    chains = {c: chain_figures(d, c, all_closed) for c in sorted(d.chain_stages)}
    total_finals = sum(len(finals(d, c)) for c in d.chain_stages)
    out = {
        "region": region,
        "closed_final_products": sum(len(v["closed_final_products"]) for v in chains.values()),
        "total_final_products": total_finals,
        "chains": chains,
        "complement": complement(d, city_a, city_b),
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)

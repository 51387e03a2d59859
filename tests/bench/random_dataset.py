#!/usr/bin/env python3
"""A uniform random supply graph as a valid chainatlas dataset, for benchmarks.

`chainatlas generate` makes chain-shaped data: supply flows downstream through a few tiers,
so a BFS from a firm reaches only a few tiers of buyers. Real registries joined with
invoice data can look very different. This script writes the other extreme: every firm
produces one random stage of the same chain templates, and each link goes from a uniformly
random firm to another uniformly random firm (carrying the source's stage), so the graph
has one giant strongly connected component and a BFS reaches almost every firm.

    python3 tests/bench/random_dataset.py --firms 1000000 --links-per-firm 10 \
        --seed 7 --template /tmp/cabench/data-10000 -o /tmp/cabench/random-1000000

`--template` is any dataset folder (e.g. one made by `chainatlas generate`): its
cities.csv and chains.csv are copied. Standard library only; deterministic for a seed.
About 1 minute per 10M links.
"""

import argparse
import csv
import random
import shutil
from pathlib import Path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--firms", type=int, required=True)
    ap.add_argument("--links-per-firm", type=int, default=10)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--template", type=Path, required=True,
                    help="dataset folder whose cities.csv and chains.csv are reused")
    ap.add_argument("-o", "--out", type=Path, required=True)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    for name in ("cities.csv", "chains.csv"):
        shutil.copyfile(args.template / name, args.out / name)
    with open(args.template / "cities.csv", newline="", encoding="utf-8") as f:
        cities = [row["city"] for row in csv.DictReader(f)]
    with open(args.template / "chains.csv", newline="", encoding="utf-8") as f:
        stages = [f"{row['chain']}/{row['stage']}" for row in csv.DictReader(f)]

    n = args.firms
    width = len(str(n))
    ids = [f"R{i:0{width}d}" for i in range(n)]
    made = [rng.randrange(len(stages)) for _ in range(n)]
    with open(args.out / "firms.csv", "w", newline="", encoding="utf-8") as f:
        f.write("id,name,city,kind,stages,source\n")
        lines = []
        for i in range(n):
            city = cities[rng.randrange(len(cities))]
            lines.append(f"{ids[i]},Firm {i},{city},firm,{stages[made[i]]},synthetic\n")
        f.writelines(lines)

    evidence = ("reported", "estimated", "assumed")
    with open(args.out / "links.csv", "w", newline="", encoding="utf-8") as f:
        f.write("source,target,layer,stage,evidence,source_ref\n")
        batch = []
        for _ in range(n * args.links_per_firm):
            a = rng.randrange(n)
            b = rng.randrange(n - 1)
            if b >= a:
                b += 1  # no self-loops
            batch.append(f"{ids[a]},{ids[b]},supply,{stages[made[a]]},"
                         f"{evidence[rng.randrange(3)]},random graph\n")
            if len(batch) >= 100_000:
                f.writelines(batch)
                batch.clear()
        f.writelines(batch)


if __name__ == "__main__":
    main()

"""Converts pymrio's test MRIO (`pymrio.load_test()`: 6 regions x 8 sectors, Mill USD) into
the files `chainatlas import-io` reads, and computes, independently of chainatlas, the
figures tests/import_io.rs pins.

    python3 -m venv venv && venv/bin/pip install pymrio==0.7.0
    venv/bin/python tests/data/io/convert_pymrio.py tests/data/io

Writes into the given folder:
- pymrio_test_Z.csv: the 48 x 48 flow matrix Z; first row and first column are
  `REGION/SECTOR` labels, rows are suppliers, columns buyers.
- pymrio_test_x.csv: gross output x per label (header `label,gross_output`).
- pymrio_test_expected.json: the pinned figures (see `expected` below).

The data is pymrio's (LGPL-3.0, see NOTICE.md); this script is chainatlas's (MIT OR
Apache-2.0).
"""

import csv
import json
import math
import os
import sys

import pymrio

THRESHOLD = 0.05


def main(out):
    mrio = pymrio.load_test()
    mrio.calc_all()
    z = mrio.Z
    labels = [f"{r}/{s}" for r, s in z.index]
    assert labels == [f"{r}/{s}" for r, s in z.columns]
    values = z.values
    n = len(labels)

    with open(os.path.join(out, "pymrio_test_Z.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["supplier\\buyer"] + labels)
        for i in range(n):
            w.writerow([labels[i]] + [repr(float(values[i][j])) for j in range(n)])

    x = [float(v) for v in mrio.x["indout"].values]
    with open(os.path.join(out, "pymrio_test_x.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["label", "gross_output"])
        for label, v in zip(labels, x):
            w.writerow([label, repr(v)])

    # Links: i != j, z_ij > 0 and z_ij / sum_i z_ij >= THRESHOLD.
    col_sum = [sum(float(values[i][j]) for i in range(n)) for j in range(n)]
    links = [
        (i, j)
        for j in range(n)
        for i in range(n)
        if i != j and values[i][j] > 0 and col_sum[j] > 0
        and float(values[i][j]) / col_sum[j] >= THRESHOLD
    ]

    # Sector-level coefficients a_IJ = sum over regions of z(rI, sJ) / sum of all inputs of
    # sector J over every region; candidate template edges I -> J (I != J) with a_IJ >= T.
    sectors = list(dict.fromkeys(s for _, s in z.index))
    sector_of = [s for _, s in z.index]
    flow = {(a, b): 0.0 for a in sectors for b in sectors}
    inputs = {b: 0.0 for b in sectors}
    for i in range(n):
        for j in range(n):
            flow[(sector_of[i], sector_of[j])] += float(values[i][j])
            inputs[sector_of[j]] += float(values[i][j])
    candidates = [
        (flow[(a, b)] / inputs[b], a, b)
        for a in sectors
        for b in sectors
        if a != b and inputs[b] > 0 and flow[(a, b)] / inputs[b] >= THRESHOLD
    ]
    # Greedy: strongest first (ties by supplier, then buyer label); an edge that would close
    # a cycle with the edges kept so far is dropped.
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    kept, dropped = [], []

    def reaches(src, dst):
        seen, todo = {src}, [src]
        while todo:
            u = todo.pop()
            if u == dst:
                return True
            for a, b in kept:
                if a == u and b not in seen:
                    seen.add(b)
                    todo.append(b)
        return False

    for coef, a, b in candidates:
        if reaches(b, a):
            dropped.append((a, b, coef))
        else:
            kept.append((a, b))

    # Links whose sector pair is a kept template edge (the only ones closure can use).
    kept_set = set(kept)
    usable = sum(1 for i, j in links if (sector_of[i], sector_of[j]) in kept_set)

    # UNIDO similarity of reg1 and reg2 on revenue (= gross output): stage shares
    # x_s = x(reg1/s) / sum over s of x(reg1/.), likewise y for reg2.
    def shares(region):
        v = [x[k] for k in range(n) if labels[k].startswith(region + "/")]
        total = sum(v)
        return [e / total for e in v]

    a, b = shares("reg1"), shares("reg2")
    unido = sum(p * q for p, q in zip(a, b)) / math.sqrt(
        sum(p * p for p in a) * sum(q * q for q in b)
    )
    krugman = sum(abs(p - q) for p, q in zip(a, b))
    # The same on firm counts: every region has all 8 sectors, so S = 1 and K = 0.
    expected = {
        "threshold": THRESHOLD,
        "firms": n,
        "links": len(links),
        "links_on_template_edges": usable,
        "template_candidates": len(candidates),
        "template_kept": sorted(f"{a}->{b}" for a, b in kept),
        "template_dropped": [f"{a}->{b}" for a, b, _ in dropped],
        "reg1_reg2_unido_revenue": unido,
        "reg1_reg2_krugman_revenue": krugman,
    }
    with open(os.path.join(out, "pymrio_test_expected.json"), "w") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")

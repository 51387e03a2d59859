#!/usr/bin/env bash
# Records the stdout and written files of every command x format on datasets/tiny, the
# embedded GBA data and the conformance cases, one file per run, into OUTDIR. Used around a
# refactor that must keep the bytes: record before, record after, `diff -r` the two folders.
# stderr and --help are not recorded. Exit codes are, in OUTDIR/exit-codes.txt.
#
#   scripts/output-snapshot.sh OUTDIR [BINARY]   (BINARY defaults to target/release/chainatlas)
set -uo pipefail
out=${1:?usage: output-snapshot.sh OUTDIR [BINARY]}
bin=$(readlink -f "${2:-target/release/chainatlas}")
cd "$(dirname "$(readlink -f "$0")")/.."
rm -rf "$out"; mkdir -p "$out"; out=$(readlink -f "$out")
codes="$out/exit-codes.txt"
export RAYON_NUM_THREADS=2

# run NAME ARGS...: stdout to OUTDIR/NAME.out
run() {
    local name=$1; shift
    "$bin" --quiet "$@" >"$out/$name.out" 2>/dev/null
    echo "$name $?" >>"$codes"
}
# run_o NAME EXT ARGS...: the file written with -o to OUTDIR/NAME.EXT (a folder for csv/dataset)
run_o() {
    local name=$1 ext=$2; shift 2
    "$bin" --quiet "$@" -o "$out/$name.$ext" >"$out/$name.out" 2>/dev/null
    echo "$name $?" >>"$codes"
}

declare -A data=([gba]="" [tiny]=datasets/tiny)
for c in tests/data/conformance/*/; do data[conf-$(basename "$c")]=${c%/}; done
for c in tests/data/complement/*/; do data[compl-$(basename "$c")]=${c%/}; done

for d in "${!data[@]}"; do
    ds=${data[$d]}
    run "$d.check.text" check $ds
    run "$d.check.json" check $ds --format json
    for f in table json; do run "$d.summary.$f" summary $ds --format $f; done
    for cmd in completeness gaps; do
        for f in table json csv; do
            for m in realised structural; do run "$d.$cmd.$m.$f" $cmd $ds --mode $m --format $f; done
        done
    done
    for f in table json csv; do run "$d.bottlenecks.$f" bottlenecks $ds --format $f; done
    for f in csv json; do run "$d.metrics.$f" metrics $ds --format $f; done
    run_o "$d.metrics.file" csv metrics $ds
    for f in table json; do
        run "$d.complement.$f" complement $ds --format $f
        run "$d.complement.matrix.$f" complement $ds --matrix --format $f
        run "$d.fusion.$f" fusion $ds --format $f
    done
    for f in md json html; do run_o "$d.report" $f report $ds --format $f; done
    run "$d.report.stdout.md" report $ds
    run "$d.report.structural.md" report $ds --mode structural
    for f in dot graphml json; do run_o "$d.export" $f export $ds --format $f; done
    for f in csv dataset; do run_o "$d.export.$f" dir export $ds --format $f; done
    run_o "$d.export.top" dot export $ds --format dot --top 5 --highlight bottlenecks
    run_o "$d.export.cluster-stage" dot export $ds --format dot --cluster stage
    run_o "$d.export.region" json export $ds --format json --region Foshan --layer supply
    # Every chain: map, simulate without each firm's city
    chains=$(tail -n +2 "${ds:-datasets/gba}/chains.csv" | cut -d, -f1 | sort -u)
    for ch in $chains; do
        run "$d.map.$ch.dot" map $ds --chain $ch
        run "$d.completeness.$ch.table" completeness $ds --chain $ch
        run "$d.bottlenecks.$ch.table" bottlenecks $ds --chain $ch
    done
    for f in table json; do
        run "$d.simulate.shenzhen.$f" simulate $ds --remove city:Shenzhen --format $f
        run "$d.simulate.layer.$f" simulate $ds --remove layer:supply --format $f
    done
done
run "tiny.simulate.firm.table" simulate datasets/tiny --remove firm:fs_comp --remove city:Shenzhen
run "tiny.complement.region.table" complement datasets/tiny --region Guangzhou,Foshan
run "tiny.completeness.region.json" completeness datasets/tiny --region Guangzhou,Foshan --format json
run "gba.complement.a-b.table" complement --a Guangzhou --b Foshan,Shenzhen
run_o "gen.small" dir generate --firms 300 --links-per-firm 4 --seed 7
sort -o "$codes" "$codes"

#!/usr/bin/env bash
# Pipeline throughput (issue: "The pipeline end to end"): a backlog of N one-megapixel photos through
# `./cbn run --workers 2` versus `./cbn convert` on the same files in one process using both cores.
# Prints both wall times and their ratio (target: pipeline <= 1.15 x convert). Not a test: run it by hand.
#   N=500 bench/pipeline-bench.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${N:-500}"
IMAGES="${CBN_IMAGES:-$ROOT/../shared/images}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
srcs=("$IMAGES/webp_lossy_sunset_1mp.webp" "$IMAGES/jpeg_progressive_meadow_1.3mp.jpg" "$IMAGES/tiff_lzw_marbles_1.4mp.tif")
for f in "${srcs[@]}"; do [ -f "$f" ] || { echo "missing $f (set CBN_IMAGES)"; exit 2; }; done
for i in $(seq 1 "$N"); do
  f="${srcs[$((i % ${#srcs[@]}))]}"; d="$tmp/src/d$((i % 10))"; mkdir -p "$d"
  cp "$f" "$d/img$i.${f##*.}"
done
"$ROOT/cbn" summary --admin-path "$tmp/none" >/dev/null 2>&1 || true   # builds now if needed, outside the timings

echo "== $N photos (~1-1.4 MP each), $(nproc) cores"
t0=$(date +%s.%N)
"$ROOT/cbn" convert --threads "$(nproc)" --out "$tmp/convert-out" $(find "$tmp/src" -type f | sort) > "$tmp/convert.log" || true
t1=$(date +%s.%N)
conv=$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')
awk -v c="$conv" -v n="$N" -v p="$(nproc)" 'BEGIN{printf "convert (1 JVM, %d threads): %.1f s  (%.1f files/s)\n", p, c, n/c}'

"$ROOT/cbn" run --workers 2 --source-paths "$tmp/src" --output-path "$tmp/run-out" --admin-path "$tmp/admin" > "$tmp/run.out" 2> "$tmp/run.err" || true
line=$(grep -E "files complete .* after enqueue" "$tmp/run.err" || true)
echo "run: $line"
pipe=$(echo "$line" | sed -E 's/.*complete ([0-9.]+) s after.*/\1/')
if [ -n "$pipe" ]; then
  awk -v a="$pipe" -v c="$conv" 'BEGIN{printf "ratio pipeline/convert: %.3f (target <= 1.15)\n", a/c}'
else
  echo "run did not complete:"; tail -20 "$tmp/run.err"
fi
tail -8 "$tmp/run.out"

#!/usr/bin/env bash
# Whole-process speed (issue 11 item 7), JVM start included, pinned to one core (taskset -c 0):
#  1. one `./cbn convert` process on four ~1 MP photos (k=16, min region 20 px, no resize) against fast-pbn 0.1.5 on
#     the same photos with the same settings (one node process per photo, as fast-pbn takes one input);
#  2. the 20 MP JPEG at default settings to all five outputs including NAME.pdf, -Xmx512m, with stage times.
# Prints wall and CPU (user+sys) seconds per process, RUNS (default 3) rounds (part 2: best of RUNS). The speed drifts
# by 10-30% over minutes, so each repetition runs cbn and then fast-pbn's four photos back to back and prints that
# round's CPU ratio; the median of those ratios is the figure to quote (best-of-each can pair a fast and a slow minute).
# fast-pbn is installed with npm into a temp dir (never committed); without npm part 1 prints cbn alone.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
IMAGES="${CBN_IMAGES:-$ROOT/../shared/images}"
RUNS="${RUNS:-3}"
PHOTOS=(webp_lossy_sunset_1mp.webp jpeg_progressive_meadow_1.3mp.jpg tiff_lzw_marbles_1.4mp.tif jpeg_exif_orient6_landscape.jpg)
BIG=jpeg_large_baseline_kleiber_20mp.jpg
OUT="$(mktemp -d /tmp/cbn-process-bench.XXXXXX)"
cd "$ROOT"
./cbn convert --help >/dev/null # builds when stale
tm() { /usr/bin/time -f "%e %U %S" -o "$OUT/time" "$@" >"$OUT/log" 2>&1 || { cat "$OUT/log"; return 1; }; awk '{printf "%.2f %.2f", $1, $2 + $3}' "$OUT/time"; }
best() { sort -t' ' -k2 -n | head -1; }

files=(); for p in "${PHOTOS[@]}"; do files+=("$IMAGES/$p"); done
echo "# $(date -u +%FT%TZ) $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f converter/target/cbn-converter.jsa
echo "cbn convert, first run after a build (writes the class-data archive): $(tm taskset -c 0 ./cbn convert "${files[@]}" --out "$OUT/cbn" --colors 16 --min-region-px 20 --max-size 0) s wall/cpu"
if command -v npm >/dev/null 2>&1 && npm install --silent --no-audit --no-fund --prefix "$OUT/npm" fast-paint-by-numbers@0.1.5 >/dev/null 2>&1; then
  FP="$OUT/npm/node_modules/.bin/fast-pbn"
else FP=""; echo "# npm or fast-pbn not available: comparison skipped"; fi
: > "$OUT/rounds"
for i in $(seq "$RUNS"); do
  c=$(tm taskset -c 0 ./cbn convert "${files[@]}" --out "$OUT/cbn" --colors 16 --min-region-px 20 --max-size 0)
  line="round $i: cbn $c s wall/cpu"
  if [ -n "$FP" ]; then
    fw=0; fc=0; per=""
    for f in "${files[@]}"; do
      r=$(tm taskset -c 0 "$FP" -i "$f" -o "$OUT/fp" -k 16 --remove-facets-smaller-than 20 --no-resize --quiet)
      fw=$(echo "$fw ${r% *}" | awk '{print $1 + $2}'); fc=$(echo "$fc ${r#* }" | awk '{print $1 + $2}'); per="$per ${r#* }"
    done
    ratio=$(echo "$fc ${c#* }" | awk '{printf "%.2f", $1 / $2}')
    line="$line; fast-pbn $fw s wall, $fc s cpu (per photo:$per); cpu ratio ${ratio}x"
    echo "$ratio" >> "$OUT/rounds"
  fi
  echo "$line"
done
[ -n "$FP" ] && echo "fast-pbn/cbn cpu ratio, median of $RUNS rounds: $(sort -n "$OUT/rounds" | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) "x"}')"
big=$(for i in $(seq "$RUNS"); do r=$(JAVA_OPTS="-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1" tm taskset -c 0 ./cbn convert "$IMAGES/$BIG" --out "$OUT/big" --stages); echo "$r $(grep -o 'stages=.*' "$OUT/log")"; done | best)
echo "cbn convert $BIG (default settings, all outputs incl. PDF, -Xmx512m, one core): $big"
rm -rf "$OUT"

#!/usr/bin/env bash
# Paintability benchmark (issue 11 items 1-3): converts the 15 corpus photos at default settings (ConverterBench, one
# run each, no warm-up) and prints per photo: regions, sliver1mm, sliver2mm, stairSteps (../shared/tools/paintability.py
# on PREVIEW + SVG), label fit, smallest digit, dE00 with its k-means floor and the issue limit
# max(before + 0.5, floor + 1.5) (TemplateCheck), cpu ms, and which targets fail.
# Usage: bench/paintable-bench.sh [FILE...]   (JOBS=2 runs two converter JVMs side by side; OUT=DIR keeps the outputs)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
IMAGES="${CBN_IMAGES:-$ROOT/../shared/images}"
TOOLS="${CBN_TOOLS:-$ROOT/../shared/tools}"
OUT="${OUT:-$(mktemp -d /tmp/cbn-paint.XXXXXX)}"
JOBS="${JOBS:-1}"
mkdir -p "$OUT"
cd "$ROOT"
if [ -z "${BENCH_CP:-}" ]; then # BENCH_CP: an already built class path (skips the build)
  ./mvnw -B -q -o -pl converter test-compile dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib \
    || ./mvnw -B -q -pl converter test-compile dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib
fi
CP="${BENCH_CP:-converter/target/test-classes:converter/target/classes:converter/target/lib/*}"
if [ "$#" -gt 0 ]; then FILES=("$@"); else
  FILES=()
  for n in jpeg_large_progressive_dragonfly_13mp.jpg jpeg_gray_pier_4mp.jpg jpeg_progressive_meadow_1.3mp.jpg \
           webp_large_wood_17mp.webp jpeg_large_baseline_kleiber_20mp.jpg jpeg_icc_forest_path_4mp.jpg \
           jpeg_cmyk_multichunk_icc_10mp.jpg tiff_lzw_marbles_1.4mp.tif webp_lossy_sunset_1mp.webp \
           jpeg_exif_orient6_landscape.jpg tiff_raw_balloons.tif png_rgb_icc_astronaut.png png_gray8_camera.png \
           webp_lossless_gophers.webp png_large_rgb_milkyway_15mp.png; do FILES+=("$IMAGES/$n"); done
fi
# split the files over JOBS converter JVMs
pids=()
for ((j = 0; j < JOBS; j++)); do
  part=()
  for ((i = j; i < ${#FILES[@]}; i += JOBS)); do part+=("${FILES[$i]}"); done
  java -Xmx512m -cp "$CP" io.cbn.converter.bench.ConverterBench --out "$OUT" --check "$TOOLS/TemplateCheck.java" \
    --runs 1 --warmup 0 "${part[@]}" > "$OUT/bench-$j.log" 2>&1 &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
cat "$OUT"/bench-*.log | grep -v '^#' | grep -v '^##' | grep -v '^file ' > "$OUT/bench.txt" || true
for f in "${FILES[@]}"; do b="$(basename "${f%.*}")"; [ -f "$OUT/$b-preview.png" ] && echo "$b"; done \
  | xargs -P "$JOBS" -I{} sh -c "echo {} \$(/usr/bin/python3 '$TOOLS/paintability.py' '$OUT/{}-preview.png' '$OUT/{}.svg') > '$OUT/{}.paint'"
cat "$OUT"/*.paint > "$OUT/paint.txt"
/usr/bin/python3 - "$OUT" <<'PY'
import json, sys, os
out = sys.argv[1]
# "before" dE00 of bench/README.md's paintable-regions table (commit 30d8568)
before = {"jpeg_large_baseline_kleiber_20mp": 4.26, "jpeg_large_progressive_dragonfly_13mp": 5.73,
          "jpeg_cmyk_multichunk_icc_10mp": 2.29, "jpeg_icc_forest_path_4mp": 4.48, "jpeg_gray_pier_4mp": 3.11,
          "tiff_lzw_marbles_1.4mp": 7.26, "jpeg_progressive_meadow_1.3mp": 2.21, "webp_lossy_sunset_1mp": 5.00,
          "jpeg_exif_orient6_landscape": 4.79, "tiff_raw_balloons": 4.39, "png_rgb_icc_astronaut": 4.62,
          "png_gray8_camera": 1.82, "webp_lossless_gophers": 3.58, "png_large_rgb_milkyway_15mp": 1.90,
          "webp_large_wood_17mp": 2.19}
paint = {}
for line in open(os.path.join(out, "paint.txt")):
    name, js = line.split(" ", 1)
    paint[name] = json.loads(js)
print("| photo | regions | sliver1mm | sliver2mm | stairSteps | label fit | smallest digit mm | dE00 (floor; limit) | cpu ms | fails |")
print("|---|---|---|---|---|---|---|---|---|---|")
ok_all = 0; n = 0
for line in open(os.path.join(out, "bench.txt")):
    parts = line.split()
    if len(parts) < 10 or "|" not in parts: 
        print("# " + line.strip()); continue
    name = parts[0].rsplit(".", 1)[0]
    cpu = parts[4]
    tc = parts[parts.index("|") + 1:]
    fit, de, p95, floor, digit = float(tc[0]), float(tc[1]), tc[2], float(tc[3]), float(tc[4])
    p = paint.get(name, {})
    s1, s2, st = p.get("sliver1mm", 9), p.get("sliver2mm", 9), p.get("stairSteps", 9)
    lim = max(before.get(name, 0) + 0.5, floor + 1.5)
    fails = []
    if s1 > 0.005: fails.append("s1")
    if s2 > 0.05: fails.append("s2")
    if st > 0.05: fails.append("stair")
    if fit < 1: fails.append("fit")
    if digit < 2: fails.append("digit")
    if de > lim + 1e-9: fails.append("dE")
    n += 1; ok_all += not fails
    print(f"| {name} | {p.get('regions','?')} | {100*s1:.2f}% | {100*s2:.2f}% | {st:.3f} | {100*fit:.0f}% | {digit:.2f} | {de:.2f} ({floor:.2f}; {lim:.2f}) | {cpu} | {' '.join(fails) or 'ok'} |")
print(f"# all targets hold on {ok_all} of {n} photos; outputs in {out}")
PY

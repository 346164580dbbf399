#!/usr/bin/env bash
# Converter benchmark: per sample photo megapixels, per-stage ms, regions, label fit, dE00 mean/p95, peak heap, and
# TemplateCheck's independent verdict and k-means floor; plus fast-pbn (npm fast-paint-by-numbers@0.1.5, installed
# into a temp dir, never committed) side by side on 1 MP photos when npm is available.
# Runs on ONE core (taskset) with -Xmx512m, after JIT warm-up. Usage: bench/run-converter-bench.sh [FILE...]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
IMAGES="${CBN_IMAGES:-$ROOT/../shared/images}"
CHECK="${CBN_TEMPLATE_CHECK:-$ROOT/../shared/tools/TemplateCheck.java}"
OUT="$(mktemp -d /tmp/cbn-bench.XXXXXX)"
[ -d "$IMAGES" ] || { echo "sample images not found at $IMAGES (set CBN_IMAGES)" >&2; exit 2; }

cd "$ROOT"
./mvnw -B -q -o -pl converter test-compile dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib \
  || ./mvnw -B -q -pl converter test-compile dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib
CP="converter/target/test-classes:converter/target/classes:converter/target/lib/*"

if [ "$#" -gt 0 ]; then FILES=("$@"); else
  FILES=("$IMAGES/jpeg_large_baseline_kleiber_20mp.jpg" "$IMAGES/jpeg_large_progressive_dragonfly_13mp.jpg"
         "$IMAGES/jpeg_cmyk_multichunk_icc_10mp.jpg" "$IMAGES/jpeg_icc_forest_path_4mp.jpg" "$IMAGES/jpeg_gray_pier_4mp.jpg"
         "$IMAGES/tiff_lzw_marbles_1.4mp.tif" "$IMAGES/jpeg_progressive_meadow_1.3mp.jpg" "$IMAGES/webp_lossy_sunset_1mp.webp"
         "$IMAGES/jpeg_exif_orient6_landscape.jpg" "$IMAGES/tiff_raw_balloons.tif" "$IMAGES/png_rgb_icc_astronaut.png"
         "$IMAGES/png_gray8_camera.png" "$IMAGES/webp_lossless_gophers.webp" "$IMAGES/png_large_rgb_milkyway_15mp.png"
         "$IMAGES/webp_large_wood_17mp.webp")
fi
PBN_FILES=(--pbn "$IMAGES/webp_lossy_sunset_1mp.webp" --pbn "$IMAGES/jpeg_progressive_meadow_1.3mp.jpg")

FAST_PBN=()
if command -v npm >/dev/null 2>&1; then
  NPMDIR="$(mktemp -d /tmp/fast-pbn.XXXXXX)"
  if npm install --silent --no-audit --no-fund --prefix "$NPMDIR" fast-paint-by-numbers@0.1.5 >/dev/null 2>&1; then
    FAST_PBN=(--fast-pbn "$NPMDIR/node_modules/.bin/fast-pbn")
  else echo "# fast-pbn could not be installed: comparison skipped"; fi
else echo "# npm not found: fast-pbn comparison skipped"; fi

PIN=()
command -v taskset >/dev/null 2>&1 && PIN=(taskset -c 0)
"${PIN[@]}" java -Xmx512m -XX:ActiveProcessorCount=1 -cp "$CP" io.cbn.converter.bench.ConverterBench \
  --out "$OUT" --check "$CHECK" "${FAST_PBN[@]}" "${PBN_FILES[@]}" "${FILES[@]}"
echo "# outputs in $OUT"

#!/usr/bin/env bash
# End to end at backlog scale (issue 8 item 4): N small real photos (copies of samples/images/jpeg_tiny_lizard_128.jpg
# under distinct names in 20 folders) through `./cbn run --workers 2`. Prints the producer's enqueue rate, end-to-end
# jobs/s, the aggregator's peak heap (sampled with jstat every second) and the time from enqueue to COMPLETE, then
# re-derives the accounting from the run's files: COMPLETE, expected = processed = N, every jobId once in items.jsonl,
# one line per source file. Conversions run at the photo's own size (--max-size 0). Not a test: run it by hand.   bench/scale-bench.sh 100000
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-${N:-10000}}"
SAMPLE="$ROOT/samples/images/jpeg_tiny_lizard_128.jpg"
work="${CBN_BENCH_DIR:-$(mktemp -d)}"
[ -n "${CBN_BENCH_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
echo "== $N copies of $(basename "$SAMPLE") in 20 folders under $work/src"
for d in $(seq 0 19); do mkdir -p "$work/src/f$d"; done
# hard links: distinct names (distinct job ids), no disk cost; the worker reads each like any file. A file system
# allows ~65,000 links per inode (ext4), so the links are spread over one copy of the sample per 50,000
python3 - "$SAMPLE" "$work" "$N" <<'PY'
import os, shutil, sys
sample, work, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
seeds = (n + 49999) // 50000
os.makedirs(f"{work}/seed", exist_ok=True)
for s in range(1, seeds + 1): shutil.copyfile(sample, f"{work}/seed/{s}.jpg")
for i in range(1, n + 1): os.link(f"{work}/seed/{i % seeds + 1}.jpg", f"{work}/src/f{i % 20}/img{i}.jpg")
PY
"$ROOT/cbn" summary --admin-path "$work/none" >/dev/null 2>&1 || true   # build now if needed, outside the timings

peak_file="$work/aggregator-peak-heap-kb"; echo 0 > "$peak_file"
sample_heap() {   # peak used heap (S0U+S1U+EU+OU, KB) of the aggregator JVM, once a second
  local pid=""
  while [ -z "$pid" ]; do sleep 1; pid=$(pgrep -f "$ROOT/aggregator/target/quarkus-app/quarkus-run.jar" | head -1 || true); done
  # ONE jstat for the whole run, printing every second (a jstat per sample would start a JVM a second: half a core)
  jstat -gc "$pid" 1000 2>/dev/null | awk -v f="$peak_file" '$1 ~ /^[0-9.]+$/ { u = $3 + $4 + $6 + $8; if (u > p) { p = u; printf "%d\n", p > f; close(f) } }'
}
sample_heap & sampler=$!
t0=$(date +%s.%N)
set +e
# --max-size 0: convert at the photo's own 128 px (the default 1600 px long side would upscale it 12x and make this a
# converter benchmark); CBN_BENCH_RUN_ARGS replaces it
# shellcheck disable=SC2086
"$ROOT/cbn" run --workers 2 ${CBN_BENCH_RUN_ARGS:---max-size 0} --timeout "${CBN_BENCH_TIMEOUT:-PT3H}" --source-paths "$work/src" --output-path "$work/out" \
  --admin-path "$work/admin" > "$work/run.out" 2> "$work/run.err"
rc=$?
set -e
t1=$(date +%s.%N)
kill "$sampler" 2>/dev/null || true
echo "== ./cbn run exit $rc, wall $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s"
grep -E "sealed: .* jobs/s|files complete" "$work/run.err" || tail -20 "$work/run.err"
summary=$(ls "$work"/admin/runs/*/summary.json | head -1)
items="$(dirname "$summary")/items.jsonl"
python3 - "$summary" "$items" "$N" "$(cat "$peak_file")" <<'PY'
import json, sys
summary, items, n, peak = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
s = json.load(open(summary))
ids, paths = [], set()
with open(items, encoding="utf-8") as f:
    for line in f:
        it = json.loads(line); ids.append(it["jobId"]); paths.add(it["sourcePath"])
dup = len(ids) - len(set(ids))
print(f"state {s['state']}  expected {s['expected']}  processed {s['processed']}  created {s['created']}  "
      f"rejected {s['rejected']}  failed {s['failed']}  duplicatesIgnored {s['duplicatesIgnored']}")
print(f"items.jsonl: {len(ids)} lines, {len(set(ids))} distinct jobIds, {len(paths)} distinct source paths; "
      f"lost {n - len(set(ids))}, counted twice {dup}")
print(f"aggregator peak heap: {peak / 1024:.0f} MB")
ok = s["state"] == "COMPLETE" and s["expected"] == n and s["processed"] == n and len(set(ids)) == n and dup == 0
print("ACCOUNTING OK" if ok else "ACCOUNTING WRONG")
sys.exit(0 if ok else 1)
PY

#!/usr/bin/env bash
# Pipeline throughput (issue: "The pipeline end to end"): a backlog of N one-megapixel photos through
# `./cbn run` (one worker JVM converting on every core) versus `./cbn convert` on the same files in one process using
# every core.
# Prints both wall times and their ratio (target: pipeline <= 1.10 x convert), and the same ratio in CPU seconds
# (robust to other load on a shared machine): convert's whole process against every pipeline process (broker,
# aggregator, workers, producer, launcher) from the start of the enqueue to COMPLETE, with the share of each.
# Not a test: run it by hand.
#   N=500 bench/pipeline-bench.sh            TWO_JVMS=1 N=100 bench/pipeline-bench.sh   (also --workers <cores> --concurrency 1)
#   ROUNDS=2 N=500 bench/pipeline-bench.sh   (convert, pipeline, convert, pipeline, convert: each pipeline against both neighbours)
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

hz=$(getconf CLK_TCK)
# CPU ticks of a process and all its descendants: its own, its reaped children's, and its live children's
tree_ticks() {
  local pid=$1 t=0 c
  t=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
  for c in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do t=$(( t + $(tree_ticks "$c") )); done
  echo "$t"
}
# one line per live descendant: ticks and a short name (broker, aggregator, worker-N, producer)
tree_parts() {
  local pid=$1 c name
  for c in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
    name=$(tr '\0' ' ' < "/proc/$c/cmdline" 2>/dev/null | grep -oE 'cbn\.worker\.worker-id=[^ ]+|cbn-deploy|aggregator|cbn-producer' | head -1 | sed 's/.*=//')
    [ -n "$name" ] && echo "$(tree_ticks "$c") $name $c"
    tree_parts "$c"
  done
}

echo "== $N photos (~1-1.4 MP each), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "${COMMIT:-unknown}")"
# convert: sets conv (wall s), conv_ticks, conv_cpu; $1 = output folder
run_convert() {
  local t0 t1
  rm -rf "$1"
  t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$tmp/convert.time" "$ROOT/cbn" convert --threads "$(nproc)" --out "$1" \
    $(find "$tmp/src" -type f | sort) > "$tmp/convert.log" || true
  conv_ticks=$(awk -v hz="$hz" 'END { printf "%d", ($1 + $2) * hz }' "$tmp/convert.time")
  t1=$(date +%s.%N)
  conv=$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')
  conv_cpu=$(awk -v t="$conv_ticks" -v hz="$hz" 'BEGIN{printf "%.1f", t/hz}')
  awk -v c="$conv" -v n="$N" -v p="$(nproc)" -v cpu="$conv_cpu" 'BEGIN{printf "convert (1 JVM, %d threads): %.1f s  (%.1f files/s), %.1f CPU s (%.3f CPU s per photo)\n", p, c, n/c, cpu, cpu/n}'
}
run_convert "$tmp/convert-out"

# CPU ticks of every worker JVM by kind of thread (conversion, JIT, GC, Kafka client, ...); "exited" = threads
# gone by now (the JIT's dynamic compiler threads, finished pools), from the process's own total
thread_kinds() {   # $1 = file with "ticks name pid" lines (tree_parts)
  local pid
  for pid in $(awk '$2 ~ /^worker/ { print $3 }' "$1"); do
    [ -d "/proc/$pid" ] || continue
    awk '{ print $14 + $15 }' "/proc/$pid/stat" | sed 's/^/process /'
    for t in /proc/"$pid"/task/*; do
      echo "$(awk '{ print $14 + $15 }' "$t/stat" 2>/dev/null || echo 0) $(cat "$t/comm" 2>/dev/null)"
    done
  done | awk '
    $1 == "process" { total += $2; next }
    { n = $0; sub(/^[0-9]+ /, "", n); k = "other"
      if (n ~ /^cbn-conversion/) k = "conversion"; else if (n ~ /^cbn-convert/) k = "job-handling"
      else if (n ~ /^C[12] Compiler/) k = "jit"; else if (n ~ /^(GC Thread|G1 |VM Thread|VM Periodic)/) k = "gc+vm"
      else if (n ~ /^(smallrye-kafka|kafka-|cbn-jobs-poll)/) k = "kafka-client"; else if (n ~ /^cbn-output/) k = "output-force"
      t[k] += $1; live += $1 }
    END { for (k in t) print k, t[k]; print "exited", total - live }' | sort
}

# "tid ticks name" of every thread of every worker JVM (for the busiest threads during the run)
worker_threads() {   # $1 = file with "ticks name pid" lines (tree_parts)
  local pid t
  for pid in $(awk '$2 ~ /^worker/ { print $3 }' "$1"); do
    for t in /proc/"$pid"/task/*; do
      echo "$(basename "$t") $(awk '{ print $14 + $15 }' "$t/stat" 2>/dev/null || echo 0) $(tr ' ' _ < "$t/comm" 2>/dev/null)"
    done
  done | sort
}


# one pipeline: $1 = label, the rest = `cbn run` options
run_pipeline() {
  local label=$1; shift
  local dir="$tmp/$label" run_pid start_ticks="" end_ticks="" line pipe
  mkdir -p "$dir"
  "$ROOT/cbn" run "$@" --source-paths "$tmp/src" --output-path "$dir/out" --admin-path "$dir/admin" > "$dir/run.out" 2> "$dir/run.err" &
  run_pid=$!
  while kill -0 "$run_pid" 2>/dev/null; do
    if [ -z "$start_ticks" ] && tree_parts "$run_pid" | grep -q ' cbn-producer '; then
      start_ticks=$(tree_ticks "$run_pid"); tree_parts "$run_pid" > "$dir/parts-start.txt"
      thread_kinds "$dir/parts-start.txt" > "$dir/kinds-start.txt"
      worker_threads "$dir/parts-start.txt" > "$dir/threads-start.txt"
    fi
    if [ -z "$end_ticks" ] && grep -qE "files complete .* after enqueue" "$dir/run.err"; then
      end_ticks=$(tree_ticks "$run_pid"); tree_parts "$run_pid" > "$dir/parts.txt"
      thread_kinds "$dir/parts.txt" > "$dir/kinds.txt"
      worker_threads "$dir/parts.txt" > "$dir/threads.txt"
    fi
    sleep 0.2
  done
  wait "$run_pid" || true
  line=$(grep -E "files complete .* after enqueue" "$dir/run.err" || true)
  echo "run ($label: cbn run $*): $line"
  pipe=$(echo "$line" | sed -E 's/.*complete ([0-9.]+) s after.*/\1/')
  if [ -n "$pipe" ] && [ -n "$start_ticks" ] && [ -n "$end_ticks" ]; then
    awk -v a="$pipe" -v c="$conv" 'BEGIN{printf "  ratio pipeline/convert: %.3f wall (target <= 1.10)\n", a/c}'
    last_pipe=$pipe
    awk -v s="$start_ticks" -v e="$end_ticks" -v c="$conv_ticks" -v hz="$hz" -v n="$N" 'BEGIN{
      printf "  pipeline CPU from the enqueue to COMPLETE: %.1f CPU s (%.3f per photo); ratio pipeline/convert in CPU seconds: %.3f\n",
        (e-s)/hz, (e-s)/hz/n, (e-s)/c }'
    echo "  per process, CPU s: at the enqueue (start-up) / at COMPLETE / during the run"
    awk -v hz="$hz" 'NR==FNR { at[$2] = $1; next } { printf "    %-12s %8.1f %8.1f %8.1f\n", $2, at[$2]/hz, $1/hz, ($1-at[$2])/hz }' \
      "$dir/parts-start.txt" "$dir/parts.txt"
  else
    echo "  run did not complete:"; tail -20 "$dir/run.err"
  fi
  echo "  worker JVMs' CPU s during the run by kind of thread (all workers together):"
  awk -v hz="$hz" 'NR==FNR { at[$1] = $2; next } { printf "    %-14s %8.1f\n", $1, ($2 - at[$1]) / hz }' \
    "$dir/kinds-start.txt" "$dir/kinds.txt" 2>/dev/null || true
  echo "  busiest other worker threads during the run, CPU s:"
  join -a 2 -e 0 -o 0,1.2,2.2,2.3 "$dir/threads-start.txt" "$dir/threads.txt" 2>/dev/null \
    | awk -v hz="$hz" '$4 !~ /^cbn-conversion/ && $3 > $2 { printf "%.1f %s\n", ($3 - $2) / hz, $4 }' | sort -rn | head -8 \
    | sed 's/^/    /' || true
  grep -E "Files Successfully Created|Duplicates" "$dir/run.out" | sed 's/^/  /'
  # balance: a worker that ran out of jobs early leaves its core idle while the other finishes (partitions are
  # assigned whole, convert's threads share one queue)
  python3 - "$dir"/admin/runs/*/items.jsonl <<'PY' || true
import json, sys, datetime
by = {}
for line in open(sys.argv[1], encoding="utf-8"):
    it = json.loads(line)
    t = datetime.datetime.fromisoformat(it["finishedAt"].replace("Z", "+00:00")).timestamp()
    w = by.setdefault(it.get("workerId") or "?", [0, 0, t, t])
    w[0] += 1; w[1] += it.get("durationMs") or 0; w[2] = min(w[2], t); w[3] = max(w[3], t)
end = max(w[3] for w in by.values())
for name, (n, busy, first, last) in sorted(by.items()):
    print(f"  {name}: {n} jobs, conversions {busy / 1000:.1f} s ({busy / max(1, n):.0f} ms each), "
          f"last result {end - last:.1f} s before the run's last")
PY
}

# `./cbn run` as the README gives it: one worker JVM converting on every core (what convert does in one process).
# ROUNDS=R (default 1): R pipelines, each followed by convert again, and each pipeline's ratio also against the mean of
# the converts just before and just after it (this VM's speed drifts by several per cent over minutes).
for ((round = 1; round <= ${ROUNDS:-1}; round++)); do
  [ "${ROUNDS:-1}" -gt 1 ] && echo "-- round $round"
  before=$conv; last_pipe=""
  run_pipeline "default-$round"
  if [ "${ROUNDS:-1}" -gt 1 ]; then
    run_convert "$tmp/convert-out"
    [ -n "$last_pipe" ] && awk -v a="$last_pipe" -v b="$before" -v c="$conv" \
      'BEGIN{printf "  round ratio: pipeline %.1f s / mean of the converts before and after (%.1f s, %.1f s) = %.3f (target <= 1.10)\n", a, b, c, a / ((b + c) / 2)}'
  fi
done
# TWO_JVMS=1: also a worker JVM per core with one conversion each (as a cluster of one-core pods would run)
[ -z "${TWO_JVMS:-}" ] || run_pipeline two-jvms --workers "$(nproc)" --concurrency 1

#!/usr/bin/env bash
# Aggregator at backlog scale (issue 8, item 3): synthetic but well-formed results published straight to
# cbn.results (and OPENED/SEALED to cbn.runs) on a real local broker, read by the packaged aggregator pinned to one
# core (taskset -c 0, -Xmx512m). The aggregator cannot tell them from a worker's. Prints:
#   - ingest results/s, wall and per CPU-second (from the aggregator's own "caught up" log line: N results read from its
#     checkpoint on, the wall time and the process CPU from its first record; the broker and publisher on other cores)
#   - peak heap (largest heap-before-GC in -Xlog:gc) while the big run is open
#   - last result -> COMPLETE with every file written (ack of the last result to summary.json saying COMPLETE)
#   - restart-to-ready with the history (process start to /q/health/ready 200)
#   - that no closed run's file changed across that restart (sha256 and mtime of every report file)
# Not a test: run it by hand. Parameters (environment):
#   N=1000000 HISTORY_RUNS=20 HISTORY_ITEMS=100000 bench/aggregator-bench.sh      # the issue's sizes (default)
#   N=100000 HISTORY_RUNS=5 HISTORY_ITEMS=20000 bench/aggregator-bench.sh         # a quick look
#   VERIFY=STAT ...   completion-time output check (default NONE: the synthetic outputs are not on disk)
#   AGG_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/agg-LABEL.jfr" ...   profile each aggregator (LABEL: history, big, restart)
#   CBN_HTTP_USER=u CBN_HTTP_PASSWORD=p ...   basic credentials for the aggregator's HTTP endpoints, when they need them
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${N:-1000000}"
HISTORY_RUNS="${HISTORY_RUNS:-20}"
HISTORY_ITEMS="${HISTORY_ITEMS:-100000}"
VERIFY="${VERIFY:-NONE}"
AGG_JAVA_OPTS="${AGG_JAVA_OPTS:-}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
AGG_JAR="$ROOT/aggregator/target/quarkus-app/quarkus-run.jar"
CP="$ROOT/aggregator/target/quarkus-app/lib/main/*"

for jar in deploy/target/cbn-deploy.jar aggregator/target/quarkus-app/quarkus-run.jar; do
  [ -f "$ROOT/$jar" ] || (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl schemas,deploy,aggregator -am install) >&2
done

# the aggregator gets core 0 to itself: the broker and the publisher run on the others (on one core, they share it)
OTHER_CORES=()
[ "$(nproc)" -ge 2 ] && OTHER_CORES=(taskset -c "1-$(( $(nproc) - 1 ))")
tmp="$(mktemp -d)"
broker_pid=""
agg_pid=""
cleanup() {
  for pid in "$agg_pid" "$broker_pid"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  done
  [ -n "${KEEP:-}" ] && { echo "kept $tmp" >&2; return; }
  rm -rf "$tmp"
}
trap cleanup EXIT
admin="$tmp/admin"; out="$tmp/out"; state="$tmp/aggregator-state"
now_ms() { date +%s%3N; }

"${OTHER_CORES[@]}" "$JAVA" -Xmx1g -jar "$ROOT/deploy/target/cbn-deploy.jar" --port 0 --data-dir "$tmp/kafka" > "$tmp/broker.out" 2> "$tmp/broker.err" &
broker_pid=$!
for _ in $(seq 1 600); do
  grep -q "^BROKER READY " "$tmp/broker.out" 2>/dev/null && break
  kill -0 "$broker_pid" 2>/dev/null || { echo "broker died:"; cat "$tmp/broker.err"; exit 2; }
  sleep 0.1
done
bootstrap=$(sed -n 's/^BROKER READY //p' "$tmp/broker.out")
[ -n "$bootstrap" ] || { echo "broker not ready after 60 s"; exit 2; }
echo "== broker $bootstrap ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2

publish() { "${OTHER_CORES[@]}" "$JAVA" -Xmx1g -cp "$CP" "$ROOT/bench/AggregatorBenchPublisher.java" "$bootstrap" "$@"; }

port=$(( 20000 + RANDOM % 20000 ))
# the aggregator's HTTP login (README, Operations: HTTP login): a throwaway user for this bench, files mode 600
http_user=bench
http_password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
(umask 077; mkdir -p "$tmp/http"
 printf '%s=%s\n' "$http_user" "$(printf '%s' "$http_user:cbn:$http_password" | md5sum | cut -c1-32)" > "$tmp/http/users.properties"
 printf '%s=viewer\n' "$http_user" > "$tmp/http/roles.properties")
export CBN_HTTP_USERS_FILE="$tmp/http/users.properties" CBN_HTTP_ROLES_FILE="$tmp/http/roles.properties"
start_agg() { # $1 = label; sets agg_pid, agg_started
  agg_started=$(now_ms)
  taskset -c 0 "$JAVA" -Xmx512m ${AGG_JAVA_OPTS//LABEL/$1} -Xlog:gc:file="$tmp/gc-$1.log" -Dquarkus.http.port=$port -Dquarkus.http.host=127.0.0.1 \
    -Dkafka.bootstrap.servers="$bootstrap" -Dcbn.aggregator.state-dir="$state" -Dcbn.aggregator.verify-outputs="$VERIFY" \
    -jar "$AGG_JAR" > "$tmp/aggregator-$1.log" 2>&1 &
  agg_pid=$!
}
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$agg_pid/stat"; }
wait_ready() { # $1 = seconds between looks (default 0.05); prints ms from start to ready
  local every="${1:-0.05}"
  for _ in $(seq 1 6000); do
    if curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready"; then echo $(( $(now_ms) - agg_started )); return; fi
    kill -0 "$agg_pid" 2>/dev/null || { echo "aggregator died" >&2; tail -20 "$tmp/aggregator-$label.log" >&2; exit 2; }
    sleep "$every"
  done
  echo "aggregator not ready after 300 s" >&2; exit 2
}
stop_agg() { kill -TERM "$agg_pid"; wait "$agg_pid" 2>/dev/null || true; agg_pid=""; }
complete() { grep -q '"state": "COMPLETE"' "$admin/runs/$1/summary.json" 2>/dev/null; }
peak_heap() { grep -oE '[0-9]+M->[0-9]+M' "$1" | cut -dM -f1 | sort -n | tail -1; }
# "N records replayed in T ms (W ms from the first record, C ms of process CPU)" -> N W C
caught_up() { sed -n 's/.*caught up: \([0-9]*\) records replayed in [0-9]* ms (\([0-9]*\) ms from the first record, \([0-9]*\) ms of process CPU).*/\1 \2 \3/p' "$1" | tail -1; }
snapshot() { # every report file: path, mtime, size, sha256
  find "$admin/runs" -type f \( -name summary.json -o -name summary.txt -o -name items.jsonl -o -name late.json \) \
    -printf '%p %T@ %s\n' | sort | while read -r f m z; do echo "$f $m $z $(sha256sum < "$f" | cut -c1-64)"; done
}

echo "== history: $HISTORY_RUNS runs x $HISTORY_ITEMS results" >&2
publish history "$HISTORY_RUNS" "$HISTORY_ITEMS" "$admin" "$out"
label=history; start_agg history
wait_ready > /dev/null
for r in $(seq 0 $(( HISTORY_RUNS - 1 ))); do
  id=$(printf 'hist-%02d' "$r")
  until complete "$id"; do kill -0 "$agg_pid" || exit 2; sleep 0.1; done
done
read -r hist_records hist_ms hist_cpu <<< "$(caught_up "$tmp/aggregator-history.log")"
stop_agg
echo "   history read from the beginning: $hist_records records in $hist_ms ms" >&2

echo "== big run: $N results (1% duplicates, 2% FAILED/REJECTED) published while the aggregator is down" >&2
publish big big-run "$N" "$admin" "$out"
label=big; start_agg big
# looked at once a second: each look is an HTTP request the aggregator's core serves (and compiles code for) while
# it reads the backlog; the rate comes from the aggregator's own log line, not from this
ready_big=$(wait_ready 1)
cpu_big=$(cpu_ms)
read -r big_records big_ms big_cpu <<< "$(caught_up "$tmp/aggregator-big.log")"
echo "   backlog read from the checkpoint on: $big_records records in $big_ms ms, $big_cpu ms of process CPU (ready $ready_big ms after start)" >&2
last_ack=$(publish last big-run "$N")
until complete big-run; do kill -0 "$agg_pid" || exit 2; sleep 0.02; done
complete_ms=$(( $(now_ms) - last_ack ))
processed=$(sed -n 's/^  "processed": \([0-9]*\),/\1/p' "$admin/runs/big-run/summary.json")
dups=$(sed -n 's/^  "duplicatesIgnored": \([0-9]*\),/\1/p' "$admin/runs/big-run/summary.json")
lines=$(wc -l < "$admin/runs/big-run/items.jsonl")

# the same aggregator, warm (its JIT done by the first backlog), given a second backlog of N results: stopped
# (SIGSTOP) while they are published, then let go; wall and process CPU from SIGCONT to that run's COMPLETE
echo "== warm: a second run of $N results published while the same aggregator is stopped (SIGSTOP)" >&2
kill -STOP "$agg_pid"
publish big warm-run "$N" "$admin" "$out"
publish last warm-run "$N" > /dev/null
warm_cpu0=$(cpu_ms); warm_t0=$(now_ms)
kill -CONT "$agg_pid"
until complete warm-run; do kill -0 "$agg_pid" || exit 2; sleep 0.02; done
warm_ms=$(( $(now_ms) - warm_t0 )); warm_cpu=$(( $(cpu_ms) - warm_cpu0 ))
warm_records=$(( N + (N - 1 + 62) / 100 + 2 ))   # results, 1% duplicates (i % 100 == 37), OPENED + SEALED
warm_processed=$(sed -n 's/^  "processed": \([0-9]*\),/\1/p' "$admin/runs/warm-run/summary.json")
stop_agg
heap_big=$(peak_heap "$tmp/gc-big.log")

snapshot > "$tmp/before.txt"
label=restart; start_agg restart
ready_restart=$(wait_ready)
cpu_restart=$(cpu_ms)
# give it a few of its periodic rounds (poll timeout 0.5 s) to do whatever it would do, then stop it
closed_listed=0
for _ in $(seq 1 40); do
  closed_listed=$(curl -sf -u "$http_user:$http_password" "http://127.0.0.1:$port/runs" | grep -c '"closed" : true\|"closed": true' || true)
  [ "$closed_listed" -ge $(( HISTORY_RUNS + 2 )) ] && break
  sleep 0.1
done
sleep 2
stop_agg
snapshot > "$tmp/after.txt"
changed=$(diff "$tmp/before.txt" "$tmp/after.txt" | grep -c '^>' || true)
files=$(grep -c ' ' "$tmp/before.txt" || true)

rate=$(( big_records * 1000 / (big_ms > 0 ? big_ms : 1) ))
# CPU of the aggregator process (all threads: consumer, Kafka client, GC, JIT) from its first record to caught up,
# as the aggregator logs it: the rate a core of its own gives, whatever else runs on the machine
cpu_rate=$(( big_records * 1000 / (big_cpu > 0 ? big_cpu : 1) ))
hist_rate=$(( hist_records * 1000 / (hist_ms > 0 ? hist_ms : 1) ))
warm_rate=$(( warm_records * 1000 / (warm_ms > 0 ? warm_ms : 1) ))
warm_cpu_rate=$(( warm_records * 1000 / (warm_cpu > 0 ? warm_cpu : 1) ))
cat <<TXT

aggregator-bench: N=$N, history $HISTORY_RUNS x $HISTORY_ITEMS, output check $VERIFY, aggregator on 1 core (taskset -c 0) -Xmx512m, broker and publisher on ${OTHER_CORES[*]:-the same core}
load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (shared machine)

| measure | value | target |
|---|---|---|
| ingest, big run from the checkpoint on, wall clock (aggregator alone on core 0) | $(printf "%'d" "$rate") results/s ($big_records records in $big_ms ms) | >= 100,000/s |
| ingest per CPU-second of the aggregator process (${big_cpu} ms CPU from the first record to caught up) | $(printf "%'d" "$cpu_rate") results/s | >= 100,000/s |
| ingest, warm: a second $N-result run read by the same aggregator, to COMPLETE (wall / per CPU-second, $warm_records records, ${warm_cpu} ms CPU) | $(printf "%'d" "$warm_rate") / $(printf "%'d" "$warm_cpu_rate") results/s ($warm_processed processed in $warm_ms ms) | >= 100,000/s |
| ingest, history from offset 0 (no checkpoint) | $(printf "%'d" "$hist_rate") results/s ($hist_records records in $hist_ms ms) | - |
| peak heap while the $N-item run is open | ${heap_big} MB | <= 512 MB |
| last result -> COMPLETE, files written | ${complete_ms} ms | < 10 s |
| aggregator CPU at ready: big run (start + backlog) / restart (start only) | ${cpu_big} ms / ${cpu_restart} ms | - |
| restart to ready ($((HISTORY_RUNS + 2)) closed runs; JVM start included) | ${ready_restart} ms wall, ${cpu_restart} ms CPU | < 10 s |
| closed runs' report files changed by the restart | $changed of $files (sha256 + mtime) | 0 |
| big run: processed / duplicatesIgnored / items.jsonl lines | $processed / $dups / $lines | $N / ~1% / $N |
TXT
[ "$changed" = 0 ] && [ "$processed" = "$N" ] && [ "$warm_processed" = "$N" ]

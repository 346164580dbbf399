#!/usr/bin/env bash
# Producer throughput: a tree of N small files (default 100,000 in 100 directories) enqueued by
# `cbn-producer.jar` to a fresh local broker (`cbn-deploy.jar`). Prints the producer's own rate
# (walk + encode + send, acks=all, from OPENED to SEALED acknowledged) and the wall time of the
# whole process (JVM start, topic creation). Target: >= 20,000 jobs/s. Not a test: run it by hand.
#   N=100000 bench/producer-bench.sh
#   PRODUCER_JAVA_OPTS="-Xmx512m -XX:TieredStopAtLevel=1" bench/producer-bench.sh   # try JVM flags
# On a busy 2-core machine most of the producer's CPU is JIT compilation; C1 only (TieredStopAtLevel=1) halves it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${N:-100000}"
DIRS=100
PER_DIR=$(( (N + DIRS - 1) / DIRS ))
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PRODUCER_JAVA_OPTS="${PRODUCER_JAVA_OPTS:--Xmx512m}"   # what ./cbn enqueue uses by default

for jar in deploy/target/cbn-deploy.jar producer/target/cbn-producer.jar; do
  [ -f "$ROOT/$jar" ] || (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl schemas,deploy,producer -am install) >&2
done

tmp="$(mktemp -d)"
broker_pid=""
cleanup() {
  if [ -n "$broker_pid" ] && kill -0 "$broker_pid" 2>/dev/null; then
    kill "$broker_pid"; wait "$broker_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== creating $N small files in $DIRS directories under $tmp/src" >&2
made=0
for d in $(seq -w 1 "$DIRS"); do
  [ "$made" -ge "$N" ] && break
  n=$(( N - made < PER_DIR ? N - made : PER_DIR ))
  mkdir -p "$tmp/src/d$d"
  # split writes one file per input line: fast, and every file is a few bytes
  seq 1 "$n" | (cd "$tmp/src/d$d" && split -l 1 -a 6 -d --additional-suffix=.jpg - img_)
  made=$(( made + n ))
done
echo "   $(find "$tmp/src" -type f | wc -l) files" >&2

"$JAVA" -Xmx1g -jar "$ROOT/deploy/target/cbn-deploy.jar" --port 0 --data-dir "$tmp/kafka" > "$tmp/broker.out" 2> "$tmp/broker.err" &
broker_pid=$!
for _ in $(seq 1 600); do
  grep -q "^BROKER READY " "$tmp/broker.out" 2>/dev/null && break
  kill -0 "$broker_pid" 2>/dev/null || { echo "broker died:"; cat "$tmp/broker.err"; exit 2; }
  sleep 0.1
done
bootstrap=$(sed -n 's/^BROKER READY //p' "$tmp/broker.out")
[ -n "$bootstrap" ] || { echo "broker not ready after 60 s"; cat "$tmp/broker.err"; exit 2; }
echo "== broker $bootstrap; enqueueing with java $PRODUCER_JAVA_OPTS ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2

t0=$(date +%s.%N)
"$JAVA" $PRODUCER_JAVA_OPTS -jar "$ROOT/producer/target/cbn-producer.jar" --source-paths "$tmp/src" \
  --output-path "$tmp/out" --admin-path "$tmp/admin" --bootstrap-servers "$bootstrap" \
  > "$tmp/producer.out" 2> "$tmp/producer.err" || { echo "producer failed:"; cat "$tmp/producer.err"; exit 2; }
t1=$(date +%s.%N)

cat "$tmp/producer.out"
rate_line=$(grep "sealed:" "$tmp/producer.err" || true)
echo "producer: ${rate_line#cbn enqueue: }"
enqueued=$(sed -n 's/^ENQUEUED \([0-9]*\) .*/\1/p' "$tmp/producer.out")
[ "$enqueued" = "$N" ] || { echo "expected $N jobs, enqueued $enqueued"; exit 2; }
awk -v a="$t0" -v b="$t1" -v n="$N" 'BEGIN{printf "whole process (JVM start, topics, walk, send, seal): %.2f s = %.0f jobs/s\n", b-a, n/(b-a)}'
echo "$rate_line" | sed -E 's/.*\(([0-9]+) jobs\/s\).*/\1/' | awk '{printf "PRODUCER_JOBS_PER_S %d (target >= 20000): %s\n", $1, ($1 >= 20000 ? "OK" : "BELOW TARGET")}'

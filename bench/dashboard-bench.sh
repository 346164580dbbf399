#!/usr/bin/env bash
# The dashboard's item paging on a big run (bench/DashboardBench.java): N lines of items.jsonl (default 1,000,000),
# one core (taskset -c 0), -Xmx256m. Not a test: run it by hand, e.g. N=1000000 bench/dashboard-bench.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[ -f "$ROOT/aggregator/target/quarkus-app/quarkus-run.jar" ] || (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl schemas,deploy,aggregator -am install) >&2
CP="$ROOT/aggregator/target/quarkus-app/app/*:$ROOT/aggregator/target/quarkus-app/lib/main/*"
exec taskset -c 0 "$JAVA" -Xmx256m -cp "$CP" "$ROOT/bench/DashboardBench.java"

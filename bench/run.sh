#!/bin/sh
# Agent overhead on the hand-off benchmark: child JVMs alternately without and with the agent, pinned to
# CPU 0. Run from anywhere after `mvn package`; extra arguments go to OverheadHarness (--help lists them).
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
bench_jar="$root/bench/target/offcpu-bench.jar"
if [ ! -f "$bench_jar" ]; then
    echo "run.sh: $bench_jar is missing: build it with 'mvn -pl bench package'" >&2
    exit 2
fi
exec java -cp "$bench_jar" io.offcpu.bench.OverheadHarness --agent "$root/javaagent/target/offcpu.jar" "$@"

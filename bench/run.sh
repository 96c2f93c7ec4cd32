#!/bin/sh
# Hand-off steady state (goals: docs/ARCHITECTURE.md, Goals): HandoffBenchmark in child JVMs pinned to CPU 0, without a profiler, with
# offcpu at the defaults, threshold=0 and sampling=1ms, with JFR profile and async-profiler wall, in
# rotating order. Run as root after `mvn package`; extra arguments go to OverheadHarness (--help lists them).
set -e
. "$(dirname "$0")/lib.sh"
require_bench_jar
exec java -cp "$bench_jar" io.offcpu.bench.handoff.OverheadHarness --agent "$agent_jar" "$@"

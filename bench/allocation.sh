#!/bin/sh
# Steady-state heap allocation by the agent's threads (goals: docs/ARCHITECTURE.md, Goals): the HTTP server under wrk, measured 20 s
# after a 20 s settle, with and without offcpu (and JFR profile for comparison). Run as root after
# `mvn package`; extra arguments go to AllocationHarness (--help lists them).
set -e
. "$(dirname "$0")/lib.sh"
require_bench_jar
require_wrk
exec java -cp "$bench_jar" io.offcpu.bench.allocation.AllocationHarness --agent "$agent_jar" "$@"

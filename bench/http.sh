#!/bin/sh
# HTTP server (goals: docs/ARCHITECTURE.md, Goals): the JDK HttpServer pinned to CPU 0 under wrk on CPU 1, without a profiler, with
# offcpu, JFR profile and async-profiler wall, 3 rounds in rotating order. Run as root after `mvn package`;
# extra arguments go to HttpHarness (--help lists them).
set -e
. "$(dirname "$0")/lib.sh"
require_bench_jar
require_wrk
exec java -cp "$bench_jar" io.offcpu.bench.http.HttpHarness --agent "$agent_jar" "$@"

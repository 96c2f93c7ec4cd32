#!/bin/sh
# Start-up and memory (goals: docs/ARCHITECTURE.md, Goals): hello world and the HTTP server, without a profiler, with offcpu, a plain
# JFR recording and async-profiler wall: main() delay, CPU, RSS, heap and young GCs 10 s after launch.
# Run as root after `mvn package`; extra arguments go to StartupHarness (--help lists them).
set -e
. "$(dirname "$0")/lib.sh"
require_bench_jar
case " $* " in *" --http-load yes "*) require_wrk ;; esac
exec java -cp "$bench_jar" io.offcpu.bench.startup.StartupHarness --agent "$agent_jar" "$@"

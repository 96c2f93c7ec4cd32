#!/bin/sh
# The agent's consumer thread (CPU per event, allocation, drops) at ~10k and ~100k events/s, the 'before'
# jar and this build side by side. Run after `mvn package`; arguments go to ConsumerBenchmark (--help).
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
bench_jar="$root/bench/target/offcpu-bench.jar"
if [ ! -f "$bench_jar" ]; then
    echo "consumer.sh: $bench_jar is missing: build it with 'mvn -pl bench package'" >&2
    exit 2
fi
exec java -cp "$bench_jar" io.offcpu.bench.consumer.ConsumerBenchmark --after "$root/javaagent/target/offcpu.jar" "$@"

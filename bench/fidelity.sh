#!/bin/sh
# Stack fidelity (docs/ARCHITECTURE.md, Goals): FidelitySample with the agent on JDK 17 and 25, with and without
# -XX:+PreserveFramePointer; prints the scores and mismatch causes. Run as root after `mvn package`;
# extra arguments go to FidelityHarness (--help lists them).
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
bench_jar="$root/bench/target/offcpu-bench.jar"
samples_jar="$root/samples/target/offcpu-samples.jar"
for jar in "$bench_jar" "$samples_jar"; do
    if [ ! -f "$jar" ]; then
        echo "fidelity.sh: $jar is missing: build it with 'mvn -pl bench -am package -DskipTests'" >&2
        exit 2
    fi
done
exec java -cp "$bench_jar:$samples_jar" io.offcpu.bench.fidelity.FidelityHarness \
    --agent "$root/javaagent/target/offcpu.jar" "$@"

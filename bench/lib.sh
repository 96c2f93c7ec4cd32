# Shared by the benchmark scripts (sourced): where things are, and wrk for the HTTP benchmarks.
root=$(cd "$(dirname "$0")/.." && pwd)
bench_jar="$root/bench/target/offcpu-bench.jar"
agent_jar="$root/javaagent/target/offcpu.jar"

require_bench_jar() {
    if [ ! -f "$bench_jar" ]; then
        echo "$(basename "$0"): $bench_jar is missing: build it with 'mvn -pl bench -am package -DskipTests'" >&2
        exit 2
    fi
}

# Debian's wrk drives the HTTP server; installed here, not by scripts/setup.sh (CI does not need it).
require_wrk() {
    if ! command -v wrk >/dev/null 2>&1; then
        echo "$(basename "$0"): installing wrk (apt-get install -y wrk)" >&2
        apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; } || {
            echo "$(basename "$0"): cannot install wrk: run 'apt-get install -y wrk' as root" >&2
            exit 2
        }
    fi
}

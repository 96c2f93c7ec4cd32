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

# Has the kernel count every BPF program's run time until the script exits (kernel.bpf_stats_enabled).
count_bpf_run_time() {
    stats_before=$(sysctl -n kernel.bpf_stats_enabled)
    sysctl -q -w kernel.bpf_stats_enabled=1
    trap 'sysctl -q -w kernel.bpf_stats_enabled=$stats_before' EXIT
}

# The BPF program ids a process holds open (libbpf keeps one fd per loaded program): other agents on
# the machine load programs of the same names.
prog_ids() {
    for fdinfo in /proc/"$1"/fdinfo/*; do
        sed -n 's/^prog_id:\s*//p' "$fdinfo" 2>/dev/null
    done | sort -un | paste -sd, -
}

# name run_cnt run_time_ns, one line per program of the given ids (kernel.bpf_stats_enabled must be 1).
prog_stats() {
    bpftool -j prog show | jq -r --arg ids "$1" \
        '($ids | split(",") | map(tonumber)) as $want | .[] | select(.id as $i | $want | index($i))
         | "\(.name) \(.run_cnt // 0) \(.run_time_ns // 0)"' | sort
}

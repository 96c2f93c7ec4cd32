#!/bin/bash
# Kernel-side cost of the agent per BPF program under bench/http.sh's load: the HTTP server pinned to CPU 0
# with the agent, wrk on CPU 1, and per program of that JVM (counted by the kernel: kernel.bpf_stats_enabled)
# calls per second, ns per call and ms of CPU per second over a window after a warm-up. Programs run on
# whichever CPU the event happens on: sys_exit runs for every syscall of every process, wrk's included.
# Run as root after `mvn package`.
set -e
. "$(dirname "$0")/lib.sh"
require_bench_jar
require_wrk

usage() {
    cat <<EOF
usage: $(basename "$0") [--agent JAR] [--java JDK_HOME] [--warmup S] [--seconds S] [OPTIONS...]
  OPTIONS   agent option sets, one per run (default: ''); '' = the defaults
  --agent   the agent jar (default: $agent_jar)
  --warmup  seconds of load before the window (default 27)
  --seconds length of the window (default 10)
Prints per run: requests/s of the whole load, then per program calls/s, ns/call and CPU ms per second; then the sum.
EOF
}

java_home=""
warmup=27
seconds=10
sets=()
while [ $# -gt 0 ]; do
    case "$1" in
    --agent) agent_jar="$2"; shift 2 ;;
    --java) java_home="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --help | -h) usage; exit 0 ;;
    *) sets+=("$1"); shift ;;
    esac
done
[ ${#sets[@]} -gt 0 ] || sets=("")
java_bin="${java_home:+$java_home/bin/}java"
out_dir=/tmp/offcpu-bench
mkdir -p "$out_dir"

count_bpf_run_time

for options in "${sets[@]}"; do
    label="offcpu${options:+:$options}"
    log="$out_dir/bpf-cost-http.log"
    # The server runs until its stdin closes.
    coproc server {
        exec taskset -c 0 "$java_bin" -XX:+PreserveFramePointer \
            "-javaagent:$agent_jar=file=$out_dir/bpf-cost-http.jfr${options:+,$options}" \
            -cp "$bench_jar" io.offcpu.bench.http.HttpServerWorkload 16 >"$log" 2>&1
    }
    child=$server_PID
    for _ in $(seq 50); do
        port=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' "$log")
        [ -n "$port" ] && break
        sleep 0.1
    done
    if [ -z "$port" ]; then
        echo "$label: the server did not start (log: $log)" >&2
        kill "$child" 2>/dev/null || true
        continue
    fi
    taskset -c 1 wrk -t1 -c32 -d"$((warmup + seconds + 2))s" "http://127.0.0.1:$port/" >"$out_dir/bpf-cost-http.wrk" &
    load=$!
    sleep "$warmup"
    ids=$(prog_ids "$child")
    before=$(prog_stats "$ids")
    start=$(date +%s.%N)
    sleep "$seconds"
    after=$(prog_stats "$ids")
    end=$(date +%s.%N)
    wait "$load" || true
    exec {server[1]}>&-
    wait "$child" 2>/dev/null || true
    rate=$(sed -n 's/^Requests\/sec:\s*//p' "$out_dir/bpf-cost-http.wrk")
    echo "== $label: ${rate:-?} requests/s over the whole load"
    if [ -z "$ids" ]; then
        echo "no BPF programs in pid $child (log: $log)" >&2
        continue
    fi
    join <(echo "$before") <(echo "$after") | awk -v start="$start" -v end="$end" '
        BEGIN { printf "%-28s %12s %10s %12s\n", "program", "calls/s", "ns/call", "CPU ms/s" }
        { calls = $4 - $2; ns = $5 - $3; s = end - start
          if (calls == 0) next
          printf "%-28s %12.0f %10.0f %12.2f\n", $1, calls / s, ns / calls, ns / s / 1e6
          sum += ns }
        END { printf "%-28s %12s %10s %12.2f\n", "all programs", "", "", sum / (end - start) / 1e6 }'
done

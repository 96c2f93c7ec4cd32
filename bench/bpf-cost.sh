#!/bin/bash
# Kernel-side cost of the agent per BPF program: run time per call and calls per hand-off, counted by the
# kernel (kernel.bpf_stats_enabled: run_time_ns and run_cnt per program), so far less sensitive to other
# load on the machine than a throughput. Runs HandoffBenchmark pinned to CPU 0 with the agent, once per
# option set, and reads the programs of that JVM only (their ids from the JVM's own BPF fds, since other
# agents on the machine load programs of the same names) over a window after a warm-up.
# Run as root after `mvn package`.
set -e
. "$(dirname "$0")/lib.sh"
require_bench_jar

usage() {
    cat <<EOF
usage: $(basename "$0") [--agent JAR] [--java JDK_HOME] [--warmup S] [--seconds S] [--cpus LIST] [OPTIONS...]
  OPTIONS   agent option sets, one per run (default: '' threshold=0 sampling=1ms); '' = the defaults
  --agent   the agent jar (default: $agent_jar)
  --warmup  seconds from launch before the window (default 12)
  --seconds length of the window (default 8)
  --cpus    taskset CPU list for the child (default 0)
  --jvm-option OPT  one more JVM option for the child (repeatable), e.g. -Doffcpu.library.path=<liboffcpu.so>
Prints per run and program: calls, ns per call, calls per hand-off, BPF ns per hand-off; then the sum.
EOF
}

java_home=""
warmup=12
seconds=8
cpus=0
sets=()
jvm_options=()
while [ $# -gt 0 ]; do
    case "$1" in
    --agent) agent_jar="$2"; shift 2 ;;
    --java) java_home="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --cpus) cpus="$2"; shift 2 ;;
    --jvm-option) jvm_options+=("$2"); shift 2 ;;
    --help | -h) usage; exit 0 ;;
    *) sets+=("$1"); shift ;;
    esac
done
[ ${#sets[@]} -gt 0 ] || sets=("" "threshold=0" "sampling=1ms")
java_bin="${java_home:+$java_home/bin/}java"
out_dir=/tmp/offcpu-bench
mkdir -p "$out_dir"

count_bpf_run_time

for options in "${sets[@]}"; do
    label="offcpu${options:+:$options}"
    log="$out_dir/bpf-cost.log"
    total=$((warmup + seconds + 3))
    taskset -c "$cpus" "$java_bin" -XX:+PreserveFramePointer "${jvm_options[@]}" \
        "-javaagent:$agent_jar=file=$out_dir/bpf-cost.jfr${options:+,$options}" \
        -cp "$bench_jar" io.offcpu.bench.handoff.HandoffBenchmark "$((seconds + 3))" "$warmup" >"$log" 2>&1 &
    child=$!
    sleep "$warmup"
    ids=$(prog_ids "$child")
    if [ -z "$ids" ]; then
        echo "$label: no BPF programs in pid $child (log: $log)" >&2
        kill "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
        continue
    fi
    before=$(prog_stats "$ids")
    start=$(date +%s.%N)
    sleep "$seconds"
    after=$(prog_stats "$ids")
    end=$(date +%s.%N)
    wait "$child" || true
    rate=$(sed -n 's/.*handoffsPerSecond=\([0-9.]*\).*/\1/p' "$log")
    echo "== $label: ${rate:-?} hand-offs/s (the child's own measured part; ${total}s run)"
    join <(echo "$before") <(echo "$after") | awk -v rate="${rate:-0}" -v start="$start" -v end="$end" '
        BEGIN { printf "%-28s %12s %10s %14s %14s\n", "program", "calls", "ns/call", "calls/handoff", "ns/handoff" }
        { calls = $4 - $2; ns = $5 - $3
          if (calls == 0) next
          handoffs = rate * (end - start)
          printf "%-28s %12d %10.0f %14.3f %14.0f\n", $1, calls, ns / calls,
                 handoffs ? calls / handoffs : 0, handoffs ? ns / handoffs : 0
          sum += ns }
        END { handoffs = rate * (end - start)
              printf "%-28s %12s %10s %14s %14.0f\n", "all programs", "", "", "", handoffs ? sum / handoffs : 0 }'
done

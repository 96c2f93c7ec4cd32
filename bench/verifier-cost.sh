#!/bin/bash
# What the kernel's verifier spends loading the agent's BPF programs, which the profiled JVM pays in
# system time at start-up: per program, the instructions the verifier processed, its states and the
# verification time it measured (log level 4, BPF_LOG_STATS), and the system CPU time of the whole load.
# The instruction and state counts do not depend on other load on the machine; the times do.
# Loads the object of this tree's build (jni/target/native, made by `mvn package`) with the agent's
# default options and hooks (bench/verifier/verifier_cost.c). Run as root.
set -e
. "$(dirname "$0")/lib.sh"

usage() {
    cat <<EOF2
usage: $(basename "$0") [--raw] [--runs N]
  --raw    load the raw_tp fallback hooks (kernels that refuse tp_btf) instead of the tp_btf ones
  --runs   loads to make (default 3); the per-program table is printed for the last
EOF2
}

raw=""
runs=3
while [ $# -gt 0 ]; do
    case "$1" in
    --raw) raw="--raw"; shift ;;
    --runs) runs="$2"; shift 2 ;;
    --help | -h) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
    esac
done
native="$root/jni/target/native"
libbpf_a=$(ls /usr/lib/x86_64-linux-gnu/libbpf.a /usr/lib64/libbpf.a /usr/lib/libbpf.a 2>/dev/null | head -1)
if [ ! -f "$native/offcpu.skel.h" ] || [ -z "$libbpf_a" ]; then
    echo "$(basename "$0"): needs $native/offcpu.skel.h (mvn package) and libbpf.a (libbpf-dev)" >&2
    exit 2
fi
harness="$native/verifier_cost"
gcc -O2 -Wall -I"$native" -I"$root/bpf" -o "$harness" "$root/bench/verifier/verifier_cost.c" \
    "$libbpf_a" -lelf -lz
for run in $(seq "$runs"); do
    if [ "$run" -lt "$runs" ]; then
        "$harness" $raw | tail -1
    else
        "$harness" $raw
    fi
done

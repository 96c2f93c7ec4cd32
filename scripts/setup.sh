#!/usr/bin/env bash
# Installs what building and running offcpu needs on Debian/Ubuntu, when missing:
# clang and bpftool for the BPF object, libbpf-dev/libelf-dev/zlib1g-dev for the JNI library,
# clang-format for the C sources' layout, a JDK 17 and Maven for the rest. Safe to run again; does nothing when all is present.
set -euo pipefail

need=()
command -v clang >/dev/null || need+=(clang llvm)
command -v clang-format >/dev/null || need+=(clang-format)
command -v bpftool >/dev/null || need+=(bpftool)
command -v make >/dev/null || need+=(make)
command -v gcc >/dev/null || need+=(gcc)
command -v objcopy >/dev/null || need+=(binutils)
command -v mvn >/dev/null || need+=(maven)
command -v javac >/dev/null || need+=(openjdk-17-jdk-headless)
[ -f /usr/include/bpf/libbpf.h ] && [ -f /usr/lib/x86_64-linux-gnu/libbpf.a ] || need+=(libbpf-dev)
[ -f /usr/include/gelf.h ] || need+=(libelf-dev)
[ -f /usr/include/zlib.h ] || need+=(zlib1g-dev)

if [ ${#need[@]} -gt 0 ]; then
  echo "offcpu setup: installing ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "offcpu setup: need root to apt-get install ${need[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# tp_btf and raw_tp programs do not need tracefs, but bpftool and debugging do.
if [ "$(id -u)" -eq 0 ] && ! mountpoint -q /sys/kernel/tracing 2>/dev/null; then
  mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || true
fi

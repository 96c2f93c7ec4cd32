#!/usr/bin/env bash
# Builds offcpu.jar (and the samples) when missing or older than the sources.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=javaagent/target/offcpu.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml */pom.xml bpf jni/src jni/Makefile jni/generator codemap/src symbols/src jfr-bridge/src javaagent/src samples/src -newer "$jar" -print -quit)" ]; then
  mvn -q -B package -DskipTests
fi

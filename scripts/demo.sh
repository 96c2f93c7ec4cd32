#!/usr/bin/env bash
# The demo: profiles the samples (sleep, park, contended monitor, socket read, fsync, page faults) for ~10 s,
# writes demo.jfr (with the JVM's own recording: jfr=default) and demo-flame.html, and prints the off-CPU summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
seconds=${DEMO_SECONDS:-10}
rm -f demo.jfr demo-flame.html
java -XX:+PreserveFramePointer \
  -javaagent:javaagent/target/offcpu.jar=file=demo.jfr,jfr=default \
  -cp samples/target/offcpu-samples.jar io.offcpu.samples.AllSamples "${seconds}s"
java -jar javaagent/target/offcpu.jar report demo.jfr --html demo-flame.html
echo
echo "Recording: $(pwd)/demo.jfr  (open in JDK Mission Control, or: jfr print --events offcpu.OffCpu demo.jfr)"

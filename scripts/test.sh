#!/usr/bin/env bash
# Runs every test: the layout of the C sources (the Java sources' is checked in `mvn verify`), unit
# tests, then integration tests that load the agent into sample JVMs on JDK 17 and JDK 25 against
# the real kernel (root needed; with OFFCPU_REQUIRE_BPF=1 they fail rather than skip when eBPF is
# unavailable; a JDK that is not installed skips its tests, or fails them with OFFCPU_REQUIRE_JDKS=1).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/check-format.sh
mvn -B verify "$@"

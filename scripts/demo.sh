#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the main demo with the gcc preset (CMakePresets.json) and runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/configure.sh gcc
cmake --build --preset gcc -j"${JOBS:-2}" --target regspace-demo
./build/gcc/examples/regspace-demo "$@"

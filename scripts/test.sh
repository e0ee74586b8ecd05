#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds everything with GCC, then Clang, then Clang with AddressSanitizer and
# UndefinedBehaviorSanitizer (one after the other: the machines have two cores), and runs the whole
# test suite with each. Exits non-zero on the first failure; a sanitizer report is a failure
# (-fno-sanitize-recover, and ASan stops at its first error).
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${JOBS:-2}
# The configurations are CMakePresets.json's (also usable by hand: cmake --preset clang, ...).
for cfg in gcc clang sanitize; do
  echo "== $cfg: configure, build, test (build/$cfg)"
  cmake --preset "$cfg" >/dev/null
  cmake --build --preset "$cfg" -j"$jobs"
  ctest --preset "$cfg" -j"$jobs"
done
echo "== all tests passed with GCC, Clang and Clang+ASan+UBSan"

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds everything with GCC, then with Clang under AddressSanitizer and UndefinedBehaviorSanitizer
# (one after the other: the machines have two cores), and runs the whole test suite with each.
# Each compiler's warnings, compile-fail diagnostics and header checks are in its build, the
# libFuzzer targets in Clang's; what cannot share a process with ASan (ThreadSanitizer, valgrind,
# a Rust or plain C++ consumer of the installed libraries) runs in GCC's. A plain Clang build
# (preset clang) would add no test of its own, only a second build of the same code: it is left to
# the benchmark figures. Exits non-zero on the first failure; a sanitizer report is a failure
# (-fno-sanitize-recover, and ASan stops at its first error). A test reported skipped (its outside
# tool missing: scripts/setup.sh installs them all) is a failure too, unless
# REGSPACE_ALLOW_SKIPS=1: the suite is whole or it says so.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${JOBS:-2}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$SECONDS
# The configurations are CMakePresets.json's (also usable by hand: cmake --preset clang, ...).
for cfg in gcc sanitize; do
  t0=$SECONDS
  echo "== $cfg: configure, build, test (build/$cfg)"
  ./scripts/configure.sh "$cfg"
  cmake --build --preset "$cfg" -j"$jobs"
  t1=$SECONDS
  ctest --preset "$cfg" -j"$jobs" | tee "$log"
  if grep -q '(Skipped)' "$log" && [ "${REGSPACE_ALLOW_SKIPS:-0}" != 1 ]; then
    echo "== $cfg: tests were skipped (a tool is missing; run scripts/setup.sh, or set REGSPACE_ALLOW_SKIPS=1)"
    exit 1
  fi
  echo "== $cfg: built in $((t1 - t0)) s, tested in $((SECONDS - t1)) s"
done
echo "== all tests passed with GCC and Clang+ASan+UBSan in $((SECONDS - start)) s"

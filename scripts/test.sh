#!/usr/bin/env bash
# Builds everything with GCC and then Clang (one after the other: the machines have two cores)
# and runs the whole test suite with each. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${JOBS:-2}
for cxx in g++ clang++; do
  case $cxx in g++) dir=build/gcc ;; *) dir=build/clang ;; esac
  echo "== $cxx: configure, build, test ($dir)"
  cmake -S . -B "$dir" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$dir" -j"$jobs"
  (cd "$dir" && ctest --output-on-failure -j"$jobs")
done
echo "== all tests passed with GCC and Clang"

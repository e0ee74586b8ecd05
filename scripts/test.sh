#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds everything with GCC, then Clang, then Clang with AddressSanitizer and
# UndefinedBehaviorSanitizer (one after the other: the machines have two cores), and runs the whole
# test suite with each. Exits non-zero on the first failure; a sanitizer report is a failure
# (-fno-sanitize-recover, and ASan stops at its first error).
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${JOBS:-2}
for cfg in gcc clang sanitize; do
  dir=build/$cfg
  case $cfg in
    gcc)      args=(-DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Release) ;;
    clang)    args=(-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release) ;;
    sanitize) args=(-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo
                    "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer") ;;
  esac
  echo "== $cfg: configure, build, test ($dir)"
  cmake -S . -B "$dir" "${args[@]}" >/dev/null
  cmake --build "$dir" -j"$jobs"
  (cd "$dir" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
     ctest --output-on-failure -j"$jobs")
done
echo "== all tests passed with GCC, Clang and Clang+ASan+UBSan"

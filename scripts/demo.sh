#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the examples with GCC and runs the main demo.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build/gcc -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/gcc -j"${JOBS:-2}" --target regspace-demo
./build/gcc/examples/regspace-demo "$@"

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Configures one preset of CMakePresets.json (scripts/configure.sh gcc) into build/<preset>. A
# tree made by another generator (the presets used make before Ninja) cannot be reconfigured in
# place, so it is removed first.
set -euo pipefail
cd "$(dirname "$0")/.."
cfg=$1
if [ -f "build/$cfg/CMakeCache.txt" ] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "build/$cfg/CMakeCache.txt"; then
  echo "configure: build/$cfg was made by another generator; removing it"
  rm -rf "build/$cfg"
fi
cmake --preset "$cfg" >/dev/null

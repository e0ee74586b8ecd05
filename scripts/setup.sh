#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs, from Debian 12's own archive, whatever regspace needs to build and test that is not
# already on the machine. Safe to run again: it installs nothing when everything is present.
set -euo pipefail

packages=(
  cmake make g++ clang          # the two compilers every target is built with
  libclang-rt-14-dev            # Clang's sanitizer runtimes (the ASan/UBSan and TSan builds)
  clang-16                      # prints names readably in compile errors (tests/compile_fail)
  libboost1.81-dev              # Boost.Hana (header-only)
  doctest-dev                   # unit tests
  libbenchmark-dev              # regspace-bench
  pciutils                      # lspci -F: the independent decoder the PCI tests check against
  qemu-system-x86               # the real q35 machine the Q35 differential test runs against
  valgrind                      # memcheck of the Q35 CLI; instruction counts (benchmarks/instructions.sh)
)

# Node.js and npm render the register diagrams (docs/bit-field, the pinned npm package bit-field).
# A machine that already has them (any version >= 12) keeps its own.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: all build dependencies present"
fi

# bit-field, exactly as docs/bit-field/package-lock.json pins it, from the npm registry.
bitfield="$(cd "$(dirname "$0")/.." && pwd)/docs/bit-field"
if [ ! -f "$bitfield/node_modules/bit-field/package.json" ]; then
  echo "setup: installing the bit-field npm package into docs/bit-field/node_modules"
  (cd "$bitfield" && npm ci --no-audit --no-fund --loglevel=error)
fi

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Records the configuration accesses the main demo's firmware makes to the SR-IOV NIC's PF
# (00:02.0) on the Q35 board: the ECAM scan and capability walk, BAR and VF BAR sizing and
# placement, COMMAND, MSI-X enable and function mask, NumVFs and VF Enable. The `enumerate/nic`
# workload of regspace-bench replays them.
# Output lines, in the order the demo makes them: "r OFFSET SIZE" or "w OFFSET SIZE VALUE" (hex).
#   benchmarks/traces/record-demo-nic.sh [BUILD_DIR]    (default build/gcc; build regspace-demo first)
# writes benchmarks/traces/demo-q35-nic.trace (the demo with its default options).
set -euo pipefail
cd "$(dirname "$0")/../.."
demo=${1:-build/gcc}/examples/regspace-demo
[ -x "$demo" ] || { echo "record-demo-nic.sh: build $demo first" >&2; exit 1; }
"$demo" --record-nic benchmarks/traces/demo-q35-nic.trace >/dev/null

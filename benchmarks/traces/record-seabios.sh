#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Records the configuration accesses SeaBIOS makes to the Q35 MCH (00:00.0) while QEMU 7.2 boots
# it: the `enumerate` workload of regspace-bench replays them (docs/performance.md).
# Output lines, in boot order: "r OFFSET SIZE" or "w OFFSET SIZE VALUE" (hex).
#   benchmarks/traces/record-seabios.sh > benchmarks/traces/seabios-q35-mch.trace
# QEMU's memory_region_ops_* trace events show every access to the CONFIG_ADDRESS/CONFIG_DATA
# ports and to the ECAM window (SeaBIOS moves to ECAM once it has set PCIEXBAR); the ones that
# reach bus 0, device 0, function 0 are kept.
set -euo pipefail
cf8=0
timeout 4 qemu-system-x86_64 -M q35 -nodefaults -display none -trace 'memory_region_ops_*' 2>&1 |
grep -E "name '(pci-conf-idx|pci-conf-data|pcie-mmcfg-mmio)'" |
while read -r event _cpu _n _mr _ptr _addr addr _value value _size size _name name; do
    if [[ $name == "'pci-conf-idx'" ]]; then
        [[ $event == memory_region_ops_write && $size == 4 ]] && cf8=$((value))
        continue
    fi
    if [[ $name == "'pci-conf-data'" ]]; then
        (( cf8 & 0x80000000 )) || continue
        bus=$(( (cf8 >> 16) & 0xff )); devfn=$(( (cf8 >> 8) & 0xff )); off=$(( (cf8 & 0xfc) | (addr & 3) ))
    else
        bus=$(( (addr >> 20) & 0xff )); devfn=$(( (addr >> 12) & 0xff )); off=$(( addr & 0xfff ))
    fi
    (( bus == 0 && devfn == 0 )) || continue
    if [[ $event == memory_region_ops_write ]]; then
        printf 'w 0x%02x %d 0x%x\n' "$off" "$size" "$((value))"
    else
        printf 'r 0x%02x %d\n' "$off" "$size"
    fi
done

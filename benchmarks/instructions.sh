#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Instructions per access for every workload, device and implementation, counted by callgrind
# (valgrind): stable on a noisy machine, unlike time. Each is regspace-count run with R1 and R2
# rounds; (Ir(R2) - Ir(R1)) / (accesses(R2) - accesses(R1)) cancels start-up and trace loading.
#   benchmarks/instructions.sh [BUILD_DIR]     (default build/gcc; valgrind must be installed)
set -euo pipefail
build=${1:-build/gcc}
count=$build/benchmarks/regspace-count
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
[ -x "$count" ] || { echo "instructions.sh: build $count first" >&2; exit 1; }
ir() {  # instructions of one run: callgrind's summary line
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$count" "$@" 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf '| workload | device | implementation | instructions/access | vs handwritten |\n|---|---|---|---|---|\n'
for wd in enumerate/mch random/mch typed/mch enumerate/nic random/nic typed/nic msix_mask/nic; do
    w=${wd%/*}; d=${wd#*/}
    declare -A per=()
    for impl in handwritten regspace qemu_style list_style; do
        r1=2; r2=12
        [ "$w" = enumerate ] && r1=20 && r2=120
        a1=$("$count" "$w" "$d" "$impl" $r1); a2=$("$count" "$w" "$d" "$impl" $r2)
        i1=$(ir "$w" "$d" "$impl" $r1); i2=$(ir "$w" "$d" "$impl" $r2)
        per[$impl]=$(awk -v a="$i1" -v b="$i2" -v x="$a1" -v y="$a2" 'BEGIN { printf "%.2f", (b - a) / (y - x) }')
    done
    for impl in regspace handwritten qemu_style list_style; do
        printf '| %s | %s | %s | %s | %s |\n' "$w" "$d" "$impl" "${per[$impl]}" \
            "$(awk -v a="${per[$impl]}" -v b="${per[handwritten]}" 'BEGIN { printf "%.2fx", a / b }')"
    done
    unset per
done

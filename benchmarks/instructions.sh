#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Instructions per access for every workload, device and implementation, counted by callgrind
# (valgrind): stable on a noisy machine, unlike time. Each is regspace-count run with R1 and R2
# rounds; (Ir(R2) - Ir(R1)) / (accesses(R2) - accesses(R1)) cancels start-up and trace loading.
# `gross` includes the workload's own loop; `net` subtracts the `null` implementation's figure
# (the same loop around handlers that do nothing: benchmarks/null_baseline.hpp), which leaves
# what each handler costs. Ratios are of net figures.
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
per_access() {  # WORKLOAD DEVICE IMPL: instructions per access
    local r1=2 r2=12 a1 a2 i1 i2
    [ "$1" = enumerate ] && r1=20 && r2=120
    # A typed round is 320 or 384 operations: over 10 rounds, the work outside them that depends
    # on the numbers read and printed (20-50 instructions with their digits) is 0.01 per
    # operation, the size of the gaps measured; over 800 it is below 0.001.
    [ "$1" = typed ] && r1=100 && r2=900
    a1=$("$count" "$1" "$2" "$3" $r1); a2=$("$count" "$1" "$2" "$3" $r2)
    i1=$(ir "$1" "$2" "$3" $r1); i2=$(ir "$1" "$2" "$3" $r2)
    awk -v a="$i1" -v b="$i2" -v x="$a1" -v y="$a2" 'BEGIN { printf "%.2f", (b - a) / (y - x) }'
}
ratio() {  # A B: A / B as 1.23x, or n/a when B is too small to divide by or absent
    awk -v a="$1" -v b="$2" 'BEGIN { if (b == "" || b < 0.2) print "n/a"; else printf "%.2fx", a / b }'
}
printf '| workload | device | implementation | gross | net | net vs handwritten | net vs qemu_style | net vs list_style |\n'
printf '|---|---|---|---:|---:|---:|---:|---:|\n'
for wd in enumerate/mch random/mch typed/mch enumerate/nic random/nic typed/nic msix_mask/nic random/bank; do
    w=${wd%/*}; d=${wd#*/}
    impls="handwritten regspace qemu_style list_style"
    [ "$d" = bank ] && impls="handwritten regspace"  # the bank has a hand-written switch only
    declare -A per=() net=()
    null=$(per_access "$w" "$d" null)
    for impl in $impls; do
        per[$impl]=$(per_access "$w" "$d" "$impl")
        # typed: the operations (a load or a masked store each) are scheduled into the loop around
        # them, so no null handler separates the two: net is not defined; ratios are of gross.
        if [ "$w" = typed ]; then net[$impl]=${per[$impl]}
        else net[$impl]=$(awk -v a="${per[$impl]}" -v b="$null" 'BEGIN { printf "%.2f", a - b }'); fi
    done
    for impl in $impls; do
        shown=${net[$impl]}; [ "$w" = typed ] && shown="n/a (gross ratios)"
        printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$w" "$d" "$impl" "${per[$impl]}" "$shown" \
            "$(ratio "${net[$impl]}" "${net[handwritten]}")" "$(ratio "${net[$impl]}" "${net[qemu_style]:-}")" \
            "$(ratio "${net[$impl]}" "${net[list_style]:-}")"
    done
    printf '| %s | %s | null | %s | 0.00 | | | |\n' "$w" "$d" "$null"
    unset per net
done
# The C ABI (regspace/c_api.h through the static regspace-devices library) against regspace
# inline, where regspace-count was built with it.
if "$count" random mch c_api 1 >/dev/null 2>&1; then
    printf '\n| workload | device | C ABI | regspace inline | C ABI / inline |\n|---|---|---|---|---|\n'
    for wd in enumerate/mch random/mch typed/mch enumerate/nic random/nic typed/nic; do
        w=${wd%/*}; d=${wd#*/}
        c=$(per_access "$w" "$d" c_api); r=$(per_access "$w" "$d" regspace)
        printf '| %s | %s | %s | %s | %s |\n' "$w" "$d" "$c" "$r" "$(awk -v a="$c" -v b="$r" 'BEGIN { printf "%.2fx", a / b }')"
    done
fi

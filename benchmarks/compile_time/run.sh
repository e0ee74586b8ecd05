#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh - compile time and peak memory of generated devices: regspace descriptions against the
# hand-written code they replace (see gen.sh for the layouts). From the repo root:
#
#   benchmarks/compile_time/run.sh            # prints a Markdown table
#
# Environment (all optional):
#   CXXS="g++ clang++"   compilers (missing ones are skipped)     FLAGS="-std=c++20 -O2"
#   REGS="16 64 256 1024" register counts    CAPS="1 8 32" capability counts
#   REPS=1       runs per configuration; the fastest is reported (peak memory of that run)
#   TIMEOUT=900  seconds per compile (status "timeout"; larger sizes of that series are skipped)
#   MEM_MB=12288 address-space cap per compile, so a runaway compile fails instead of the OOM killer
#   OUT=dir      TUs, logs and results.tsv (default: a new directory under /tmp, kept)
#   INCLUDE=dir  regspace headers (default: this checkout's include/)
#   SPACE_STYLE=struct|alias  how the `regs` TUs name their space (gen.sh; default struct)
# Wall time on a shared machine is noisy: the table header records nproc and the load average.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
CXXS=${CXXS:-g++ clang++}; FLAGS=${FLAGS:--std=c++20 -O2}
REGS=${REGS:-16 64 256 1024}; CAPS=${CAPS:-1 8 32}
REPS=${REPS:-1}; TIMEOUT=${TIMEOUT:-900}; MEM_MB=${MEM_MB:-12288}
INCLUDE=${INCLUDE:-$root/include}
OUT=${OUT:-$(mktemp -d /tmp/regspace-compile-time.XXXXXX)}
export SPACE_STYLE=${SPACE_STYLE:-struct}
mkdir -p "$OUT"
results=$OUT/results.tsv; : > "$results"

g++ -O2 -o "$OUT/measure" "$here/measure.cpp"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# measure STYLE KIND N CXX: compile the generated TU REPS times, append the fastest run to results.
measure() {
  local style=$1 kind=$2 n=$3 cxx=$4 tag best="" line t mib rc
  tag=$style-$kind-$n; local src=$OUT/$tag.cpp log=$OUT/$tag.$cxx.log
  [[ -f $src ]] || "$here/gen.sh" "$style" "$kind" "$n" > "$src"
  for ((r = 0; r < REPS; r++)); do
    # shellcheck disable=SC2086  # FLAGS is a list of words
    line=$("$OUT/measure" -o "$log" -t "$TIMEOUT" -m "$MEM_MB" -- "$cxx" $FLAGS -c -I"$INCLUDE" "$src" -o "$OUT/$tag.$cxx.o")
    read -r t mib rc <<< "$line"
    [[ -z $best || $rc != 0 ]] && best=$line
    [[ $rc != 0 ]] && break                                 # a failure is not retried
    awk -v a="$t" -v b="${best%% *}" 'BEGIN { exit !(a < b) }' && best=$line
  done
  read -r t mib rc <<< "$best"
  local status=ok
  case $rc in
    0) ;;
    124) status="timeout after ${TIMEOUT}s" ;;
    *) status=$(grep -m1 -E 'error|exhausted|Killed' "$log" | sed -E 's/^[^ ]*(error|fatal error): //' | cut -c1-90 || true)
       status="FAILED ($rc): ${status:-see $log}" ;;
  esac
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$style" "$kind" "$n" "$cxx" "$t" "$mib" "$status" >> "$results"
  echo "  $cxx $tag: ${t}s ${mib} MiB $status" >&2
  [[ $rc == 0 ]]
}

for cxx in $CXXS; do
  command -v "$cxx" > /dev/null || { echo "skipping $cxx: not installed" >&2; continue; }
  echo "== $cxx" >&2
  for kind in regs caps; do
    measure baseline "$kind" 0 "$cxx" || true
    sizes=$REGS; [[ $kind == caps ]] && sizes=$CAPS
    for style in handwritten regspace; do
      stop=""
      for n in $sizes; do
        if [[ -n $stop ]]; then
          printf '%s\t%s\t%s\t%s\t-\t-\tskipped (%s)\n' "$style" "$kind" "$n" "$cxx" "$stop" >> "$results"
          continue
        fi
        measure "$style" "$kind" "$n" "$cxx" || { tail -n1 "$results" | grep -q timeout && stop="smaller size timed out"; }
      done
    done
  done
done

# ---- report ------------------------------------------------------------------------------------
echo "### Compile time: regspace vs hand-written ($FLAGS, fastest of $REPS, space style $SPACE_STYLE)"
echo
echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $load_before before / $(cut -d' ' -f1-3 /proc/loadavg) after;"
echo "  other jobs may share the machine, so times are indicative (compare ratios, not absolutes)."
for cxx in $CXXS; do command -v "$cxx" > /dev/null && echo "- $cxx: $("$cxx" --version | head -n1)"; done
echo "- headers: $INCLUDE ($(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet -- include 2>/dev/null || echo ', include/ modified'))"
echo "- growth: time (memory) ratio to the previous size of the same series; ratio: regspace / handwritten;"
echo "  net: regspace seconds minus the baseline (the same #includes, no device)"
echo
awk -F'\t' '
  { key = $1 FS $2 FS $4; t[$0] = $5; row[NR] = $0 }
  function num(x) { return x ~ /^[0-9.]+$/ }
  BEGIN { print "| style | kind | N | compiler | seconds | peak MiB | growth vs previous N | regspace / handwritten | net s | status |"
          print "|---|---|---:|---|---:|---:|---|---|---:|---|" }
  {
    style = $1; kind = $2; n = $3; cxx = $4; s = $5; m = $6; st = $7
    k = style FS kind FS cxx
    growth = ""
    if (k in prev_n && num(s) && num(prev_t[k]) && prev_t[k] > 0)
      growth = sprintf("x%.1f (x%.1f) for %s->%s", s / prev_t[k], m / prev_m[k], prev_n[k], n)
    prev_n[k] = n; prev_t[k] = s; prev_m[k] = m
    hw_t[kind FS n FS cxx] = (style == "handwritten") ? s : hw_t[kind FS n FS cxx]
    hw_m[kind FS n FS cxx] = (style == "handwritten") ? m : hw_m[kind FS n FS cxx]
    ratio = ""
    if (style == "regspace" && num(s) && num(hw_t[kind FS n FS cxx]) && hw_t[kind FS n FS cxx] > 0)
      ratio = sprintf("x%.0f time, x%.1f memory", s / hw_t[kind FS n FS cxx], m / hw_m[kind FS n FS cxx])
    if (style == "baseline") base[kind FS cxx] = s
    net = (style == "regspace" && num(s) && num(base[kind FS cxx])) ? sprintf("%.2f", s - base[kind FS cxx]) : ""
    label = (style == "baseline") ? "baseline (#include only)" : style
    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", label, kind, n, cxx, s, m, growth, ratio, net, st
  }' "$results"
echo
echo "TUs, compiler logs and results.tsv: $OUT" >&2

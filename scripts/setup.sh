#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs, from Debian 12's own archive, whatever regspace needs to build and test that is not
# already on the machine. Safe to run again: it installs nothing when everything is present.
set -euo pipefail

packages=(
  cmake make g++ clang          # the two compilers every target is built with
  ninja-build                   # the presets' generator (a clean GCC build: 207 s, 223 s with make)
  libclang-rt-14-dev            # Clang's sanitizer runtimes (the ASan/UBSan and TSan builds)
  clang-16                      # prints names readably in compile errors (tests/compile_fail)
  libboost1.81-dev              # Boost.Hana (header-only)
  doctest-dev                   # unit tests
  libbenchmark-dev              # regspace-bench
  pciutils                      # lspci -F: the independent decoder the PCI tests check against
  qemu-system-x86               # the real q35 machine the Q35 differential test runs against
  valgrind                      # memcheck of the Q35 CLI; instruction counts (benchmarks/instructions.sh)
  busybox-static cpio           # the Linux guest's initramfs (tests/guest/make-initramfs.sh)
  rustc                         # the Rust consumer of the C ABI (tests/c_api)
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

# The Linux guest's kernel (tests/guest): Debian's cloud kernel, unpacked into the build tree and
# never installed (that would pull in udev and initramfs-tools and write /boot). The meta
# package names the current kernel; only its boot/ directory is kept (no modules are loaded).
kernel_dir="$(cd "$(dirname "$0")/.." && pwd)/build/guest-kernel"
if ! ls "$kernel_dir"/boot/vmlinuz-* >/dev/null 2>&1; then
  kernel_pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-/{print $2; exit}')
  if [ -z "$kernel_pkg" ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    kernel_pkg=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-/{print $2; exit}')
  fi
  echo "setup: unpacking $kernel_pkg into build/guest-kernel"
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -qq "$kernel_pkg" 2>/dev/null) || {
    echo "setup: apt-get download $kernel_pkg failed" >&2
    exit 1
  }
  dpkg-deb -x "$tmp"/*.deb "$tmp/x"
  mkdir -p "$kernel_dir"
  rm -rf "$kernel_dir/boot"
  mv "$tmp/x/boot" "$kernel_dir/boot"
  rm -rf "$tmp"
fi

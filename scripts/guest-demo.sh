#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Boots a real Linux (Debian 12's cloud kernel, QEMU 7.2 q35, TCG) with QEMU's edu device served
# out of process by regspace-remote --trace through x-pci-proxy-dev. The trace on stderr shows
# every config access of QEMU's realize probe, SeaBIOS and the kernel's PCI probe, then the
# guest's MMIO (identification, liveness, a factorial), each explained field by field; the
# guest's own view (lspci, devmem) follows. Run scripts/setup.sh first (kernel, busybox, cpio).
set -euo pipefail
cd "$(dirname "$0")/.."
kernel=$(ls build/guest-kernel/boot/vmlinuz-* 2>/dev/null | sort | tail -1 || true)
if [ -z "$kernel" ]; then
  echo "guest-demo: no guest kernel under build/guest-kernel: run scripts/setup.sh" >&2
  exit 1
fi
./scripts/configure.sh gcc
cmake --build --preset gcc -j"${JOBS:-2}" --target regspace-remote regspace-pair
out=build/gcc/guest-demo
mkdir -p "$out"
tests/guest/make-initramfs.sh "$out/initramfs.cpio"
rm -f "$out"/{console.log,guest.txt}
echo "== regspace-remote --trace edu (QEMU's realize probe, SeaBIOS, Linux, the guest's MMIO)" >&2
timeout -k 5 120 build/gcc/examples/regspace-pair build/gcc/examples/regspace-remote --fd @FD@ --trace edu -- \
  qemu-system-x86_64 -M q35,memory-backend=mem0 -object memory-backend-memfd,id=mem0,size=256M -m 256M \
  -accel tcg -cpu max -nodefaults -display none -no-reboot \
  -kernel "$kernel" -initrd "$out/initramfs.cpio" \
  -append "console=ttyS0 panic=-1 quiet regspace.test=edu-demo" \
  -chardev file,id=con,path="$out/console.log" -serial chardev:con \
  -chardev file,id=out,path="$out/guest.txt" -serial chardev:out \
  -device x-pci-proxy-dev,addr=3,fd=@FD0@
echo "== what the guest saw ($out/guest.txt; kernel console: $out/console.log)"
grep -v '^@@ ' "$out/guest.txt"
grep -q '^@@ DONE' "$out/guest.txt"

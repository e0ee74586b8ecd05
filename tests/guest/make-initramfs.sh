#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the guest's initramfs: busybox (static), the host's own lspci and setpci with the shared
# libraries they load, pci.ids, tests/guest/init as /init and the guest scripts under /tests.
# No root needed: cpio writes every file as owned by root (-R 0:0), and the kernel provides
# /dev/console itself.
#   make-initramfs.sh OUT.cpio
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
for tool in busybox cpio lspci setpci ldd; do
  command -v "$tool" >/dev/null || { echo "make-initramfs: $tool is missing: run scripts/setup.sh" >&2; exit 1; }
done
busybox=$(command -v busybox)
if ldd "$busybox" >/dev/null 2>&1; then echo "make-initramfs: $busybox is not static (install busybox-static)" >&2; exit 1; fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/share/misc,proc,sys,dev,tmp,tests}
cp "$busybox" "$root/bin/busybox"
# The real pciutils (busybox has no lspci), called by full path: busybox's ash prefers applets.
for tool in lspci setpci; do
  bin=$(command -v "$tool")
  cp "$bin" "$root/usr/bin/$tool"
  ldd "$bin" | awk '/=> \//{print $3} /^\t\/.*ld-linux/{print $1}' | while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
done
for ids in /usr/share/misc/pci.ids /usr/share/hwdata/pci.ids; do
  if [ -f "$ids" ]; then gzip -9c "$ids" > "$root/usr/share/misc/pci.ids.gz"; break; fi
done
cp "$here/init" "$root/init"
chmod 755 "$root/init"
cp "$here"/guest-*.sh "$root/tests/"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$out.tmp"
mv "$out.tmp" "$out"

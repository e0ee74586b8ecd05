# SPDX-License-Identifier: MIT
# In the guest, for scripts/guest-demo.sh: the kernel's view of edu at 00:03.0, then a few MMIO
# accesses through devmem, each of which the remote's trace explains.
dev=/sys/bus/pci/devices/0000:00:03.0
section lspci sh -c "/usr/bin/lspci -vv -s 00:03.0 2>/dev/null"  # (no module indexes: libkmod would warn)
bar=$(awk 'NR==1{print $1}' $dev/resource)
mmio() {
  echo "ID        = $(devmem $((bar + 0x00)) 32)   (major 1, minor 0, EDh)"
  devmem $((bar + 0x04)) 32 0x12345678
  echo "LIVENESS  = $(devmem $((bar + 0x04)) 32)   (the inverse of 12345678h)"
  devmem $((bar + 0x08)) 32 6
  while [ $(( $(devmem $((bar + 0x20)) 32) & 1 )) -ne 0 ]; do :; done
  echo "FACTORIAL = $(devmem $((bar + 0x08)) 32)   (6! = 720 = 2D0h)"
}
section mmio mmio

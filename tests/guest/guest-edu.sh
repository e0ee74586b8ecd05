# SPDX-License-Identifier: MIT
# In the guest: what Linux made of the edu function at 00:03.0, then edu's MMIO interface
# through devmem (QEMU docs/specs/edu.txt): identification, liveness, factorial, interrupts.
dev=/sys/bus/pci/devices/0000:00:03.0
section probe sh -c "dmesg | grep '0000:00:03.0'"
section lspci /usr/bin/lspci -vvv -xxxx -s 00:03.0
section config hexdump -v -e '16/1 "%02x " "\n"' $dev/config
section resource cat $dev/resource
bar=$(awk 'NR==1{print $1}' $dev/resource)
mmio() {
  echo "id $(devmem $((bar + 0x00)) 32)"
  devmem $((bar + 0x04)) 32 0x12345678
  echo "liveness $(devmem $((bar + 0x04)) 32)"
  devmem $((bar + 0x08)) 32 10
  n=0
  while [ $(( $(devmem $((bar + 0x20)) 32) & 1 )) -ne 0 ] && [ $n -lt 100 ]; do n=$((n + 1)); done
  echo "factorial $(devmem $((bar + 0x08)) 32)"
  devmem $((bar + 0x60)) 32 0x40
  echo "irq_status $(devmem $((bar + 0x24)) 32)"
  echo "pci_status $(/usr/bin/setpci -s 00:03.0 STATUS)"
  devmem $((bar + 0x64)) 32 0x40
  echo "irq_status_after_ack $(devmem $((bar + 0x24)) 32)"
  echo "pci_status_after_ack $(/usr/bin/setpci -s 00:03.0 STATUS)"
  echo "undecoded $(devmem $((bar + 0x40)) 32)"
}
section mmio mmio
section config_after hexdump -v -e '16/1 "%02x " "\n"' $dev/config

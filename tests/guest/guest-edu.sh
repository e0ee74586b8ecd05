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
# DMA through guest RAM (the remote maps it from SYNC_SYSMEM): 16 bytes of SeaBIOS at F0000h
# into edu's buffer, then back out to E8000h (below 1 MiB, outside Linux's RAM, so devmem may
# read it). With Bus Master Enable clear the same transfer to E8100h must write nothing.
dma_run() {  # src dst count cmd
  devmem $((bar + 0x80)) 32 $1; devmem $((bar + 0x88)) 32 $2; devmem $((bar + 0x90)) 32 $3; devmem $((bar + 0x98)) 32 $4
  n=0
  while [ $(( $(devmem $((bar + 0x98)) 32) & 1 )) -ne 0 ] && [ $n -lt 2000 ]; do n=$((n + 1)); done
  echo "dma_cmd_after $(devmem $((bar + 0x98)) 32)"
}
dma() {
  /usr/bin/setpci -s 00:03.0 COMMAND=0x0107
  for o in 0 4 8 12; do echo "ram_f0000+$o $(devmem $((0xf0000 + o)) 32)"; done
  dma_run 0xf0000 0x40000 16 1
  dma_run 0x40000 0xe8000 16 3
  for o in 0 4 8 12; do echo "ram_e8000+$o $(devmem $((0xe8000 + o)) 32)"; done
  before=$(devmem 0xe8100 32)
  /usr/bin/setpci -s 00:03.0 COMMAND=0x0103
  dma_run 0x40000 0xe8100 16 3
  echo "without_bus_master_unchanged $([ "$(devmem 0xe8100 32)" = "$before" ] && echo yes || echo no)"
}
section dma dma
section config_after hexdump -v -e '16/1 "%02x " "\n"' $dev/config

# SPDX-License-Identifier: MIT
# In the guest: the endpoint passed through with only PM and PCI Express visible
# (passthrough:pm,pcie:endpoint). The guest writes host-owned COMMAND bits, a hidden
# capability's bytes and a read-only ID; the host's test checks none of it reached the device.
dev=/sys/bus/pci/devices/0000:00:03.0
section lspci /usr/bin/lspci -vvv -xxxx -s 00:03.0
section reset_method cat $dev/reset_method
bar0=$(awk 'NR==1{print $1}' $dev/resource)
writes() {
  /usr/bin/setpci -s 00:03.0 COMMAND=0x0546
  echo "command $(/usr/bin/setpci -s 00:03.0 COMMAND)"
  /usr/bin/setpci -s 00:03.0 0x5c.w=0x1234
  echo "hidden_msi_data $(/usr/bin/setpci -s 00:03.0 0x5c.w)"
  /usr/bin/setpci -s 00:03.0 0x00.w=0xffff
  echo "vendor $(/usr/bin/setpci -s 00:03.0 0x00.w)"
  echo "id $(devmem $((bar0 + 0x00)) 32)"
  devmem $((bar0 + 0x08)) 32 1
  echo "status_intx_disabled $(/usr/bin/setpci -s 00:03.0 STATUS)"
}
section writes writes
section config_after hexdump -v -e '16/1 "%02x " "\n"' $dev/config

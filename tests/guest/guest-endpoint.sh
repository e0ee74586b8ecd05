# SPDX-License-Identifier: MIT
# In the guest: the PCIe endpoint at 00:03.0 (examples/endpoint.hpp) as Linux sees it, its INTx
# doorbell, and a reset through sysfs: Linux picks FLR, saves and restores what it knows of the
# config space around it; what it does not restore must read its reset value afterwards.
dev=/sys/bus/pci/devices/0000:00:03.0
section probe sh -c "dmesg | grep '0000:00:03.0'"
section lspci /usr/bin/lspci -vvv -xxxx -s 00:03.0
section reset_method cat $dev/reset_method
bar0=$(awk 'NR==1{print $1}' $dev/resource)
bar1=$(awk 'NR==2{print $1}' $dev/resource)
intx() {
  devmem $((bar0 + 0x08)) 32 1
  echo "status_raised $(/usr/bin/setpci -s 00:03.0 STATUS)"
  devmem $((bar0 + 0x08)) 32 0
  echo "status_lowered $(/usr/bin/setpci -s 00:03.0 STATUS)"
}
state() {
  echo "id $(devmem $((bar0 + 0x00)) 32)"
  echo "scratch $(devmem $((bar0 + 0x04)) 32)"
  echo "msix_data $(devmem $((bar1 + 0x08)) 32)"
  echo "msix_ctrl $(devmem $((bar1 + 0x0c)) 32)"
  echo "msi_data $(/usr/bin/setpci -s 00:03.0 CAP_MSI+0x0c.w)"
}
change() {
  devmem $((bar0 + 0x04)) 32 0xabcd1234
  devmem $((bar1 + 0x08)) 32 0x55
  devmem $((bar1 + 0x0c)) 32 0
  /usr/bin/setpci -s 00:03.0 CAP_MSI+0x0c.w=4321
  state
}
section intx intx
section before change
section reset sh -c "echo 1 > $dev/reset"
section after state
section config_after hexdump -v -e '16/1 "%02x " "\n"' $dev/config

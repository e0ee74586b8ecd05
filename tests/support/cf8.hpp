// SPDX-License-Identifier: MIT
// Configuration accesses to the example Q35 board through CONFIG_ADDRESS/CONFIG_DATA (0xCF8 /
// 0xCFC, PCI LB 3.0 §3.2.2.3.2), as firmware makes them: bus 0, the function's devfn, the dword
// offset in CF8 and the byte lane in CFC.
#pragma once

#include <cstdint>

#include "q35_board.hpp"

namespace regspace::test {
inline void cf8_write(board::q35_board& b, unsigned devfn, unsigned off, unsigned size, std::uint64_t v) {
    b.platform.io_write(0xcf8, 4, 0x80000000u | devfn << 8 | (off & 0xfc));
    b.platform.io_write(static_cast<std::uint16_t>(0xcfc + (off & 3)), size, v);
}
inline std::uint64_t cf8_read(board::q35_board& b, unsigned devfn, unsigned off, unsigned size) {
    b.platform.io_write(0xcf8, 4, 0x80000000u | devfn << 8 | (off & 0xfc));
    return b.platform.io_read(static_cast<std::uint16_t>(0xcfc + (off & 3)), size);
}
}  // namespace regspace::test

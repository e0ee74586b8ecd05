// SPDX-License-Identifier: MIT
// regspace/pci/capability_walk.hpp - the capability chains of a configuration space, read back
// from its bytes (PCI LB 3.0 §6.7; PCIe r6.0 §7.6), malformed chains refused.
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <regspace/detail/text.hpp>

namespace regspace::pci {

struct found_capability {
    std::uint16_t id;
    unsigned offset;
    bool extended;
};

// Walks both capability chains of a backing space. A pointer into the header, a misaligned or
// out-of-range pointer, or a chain that revisits a capability is malformed: std::invalid_argument
// naming the offset, never an endless loop.
template <class Backing>
std::vector<found_capability> walk_capabilities(const Backing& b, unsigned space_size) {
    std::vector<found_capability> out;
    std::array<bool, 4096> seen{};
    if (b.read(0x06, 2) & 0x10) {
        // The bottom two bits of a pointer are reserved: software masks them (PCI LB 3.0 §6.7).
        unsigned p = static_cast<unsigned>(b.read(0x34, 1)) & ~3u;
        while (p != 0) {
            if (p < 0x40 || p > 0xfc)
                throw std::invalid_argument("capability pointer " + regspace::detail::hex(p, 1) + " is outside 0x40-0xFC");
            if (seen[p]) throw std::invalid_argument("capability chain loops back to " + regspace::detail::hex(p, 1));
            seen[p] = true;
            out.push_back({static_cast<std::uint16_t>(b.read(p, 1)), p, false});
            p = static_cast<unsigned>(b.read(p + 1, 1)) & ~3u;
        }
    }
    if (space_size > 0x100 && b.read(0x100, 4) != 0 && b.read(0x100, 4) != 0xffffffff) {
        unsigned p = 0x100;
        while (p != 0) {
            if (p < 0x100 || p + 4 > space_size)
                throw std::invalid_argument("extended capability pointer " + regspace::detail::hex(p, 1) + " is out of range");
            if (seen[p]) throw std::invalid_argument("extended capability chain loops back to " + regspace::detail::hex(p, 1));
            seen[p] = true;
            const auto hdr = static_cast<std::uint32_t>(b.read(p, 4));
            out.push_back({static_cast<std::uint16_t>(hdr & 0xffff), p, true});
            p = (hdr >> 20) & 0xffc;
        }
    }
    return out;
}

}  // namespace regspace::pci

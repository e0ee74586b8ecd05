// SPDX-License-Identifier: MIT
// regspace/pci/dump.hpp - configuration space dumps in the format `lspci -xxx` / `-xxxx` prints,
// which `lspci -F FILE` reads back: an independent decoder to check a description against.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace regspace::pci {

// One function's dump: a "BB:DD.F" line, then 16 bytes per line as "OO: xx xx ...", the bytes
// from peek(offset) (what a guest would read, without read side effects).
template <class Peek>
std::string lspci_dump_bytes(std::string_view bdf, unsigned size, Peek&& peek) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(bdf);
    out += " Device\n";  // lspci -F ignores the description; it decodes the bytes itself
    for (unsigned line = 0; line < size; line += 16) {
        if (line >= 0x100) {
            out += hex[(line >> 8) & 0xf];
        }
        out += hex[(line >> 4) & 0xf];
        out += hex[line & 0xf];
        out += ':';
        for (unsigned i = 0; i < 16; ++i) {
            const auto b = static_cast<std::uint8_t>(peek(line + i));
            out += ' ';
            out += hex[b >> 4];
            out += hex[b & 0xf];
        }
        out += '\n';
    }
    return out;
}

// A device's dump (device::peek: no read side effects, no hooks).
template <class Device>
std::string lspci_dump(const Device& dev, std::string_view bdf = "00:00.0") {
    return lspci_dump_bytes(bdf, static_cast<unsigned>(Device::size), [&](unsigned off) { return dev.peek(off, 1); });
}

}  // namespace regspace::pci

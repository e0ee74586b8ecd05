// SPDX-License-Identifier: MIT
// regspace/detail/text.hpp - number formatting shared by the printers and the exporters.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace regspace::detail {

// "0x00ff": `digits` hexadecimal digits at least.
inline std::string hex(std::uint64_t v, unsigned digits) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%0*llx", static_cast<int>(digits > 16 ? 16 : digits),
                  static_cast<unsigned long long>(v));
    return buf;
}

// A field's bits as datasheets write them: "7" or "15:8".
inline std::string bit_range(unsigned lsb, unsigned width) {
    return width <= 1 ? std::to_string(lsb) : std::to_string(lsb + width - 1) + ":" + std::to_string(lsb);
}

}  // namespace regspace::detail

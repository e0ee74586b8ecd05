// SPDX-License-Identifier: MIT
// libFuzzer target: the configuration-space dump loader (pci::config_dump::parse, lspci -x/-xxx/
// -xxxx text). Any text either throws std::invalid_argument, with a message, or gives a dump of
// 64 to 4096 bytes; an accepted dump written back in lspci's format (pci::lspci_dump_bytes) parses
// to the same bytes; reads and writes of any size at any offset stay inside it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include <regspace/pci/dump.hpp>
#include <regspace/pci/config_dump.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using regspace::pci::config_dump;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        config_dump d = config_dump::parse(text);
        if (d.length() < 64 || d.length() > 4096 || d.length() % 16 != 0) std::abort();
        const auto again = config_dump::parse(regspace::pci::lspci_dump_bytes(
            "00:00.0", d.length(), [&](unsigned off) { return d.read(off, 1); }));
        if (again.length() != d.length()) std::abort();
        for (unsigned off = 0; off < d.length(); ++off)
            if (again.read(off, 1) != d.read(off, 1)) std::abort();
        for (unsigned n : {0u, 1u, 2u, 3u, 4u, 8u, 9u, 64u}) {  // past the end included
            (void)d.read(4090, n);
            d.write(4090, n, ~0ull);
        }
    } catch (const std::invalid_argument& e) {
        if (std::string_view(e.what()).empty()) std::abort();
    }
    return 0;
}

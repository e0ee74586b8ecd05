// SPDX-License-Identifier: MIT
// regspace/pci/config_mirror.hpp - configuration space mirrored inside a BAR.
//
// Some devices expose their configuration space again in a memory BAR (many NICs and GPUs do);
// a guest that must not touch a register through config cycles must not reach it that way
// either. config_mirror is the fallback of an unmapped::forward MMIO space: accesses that fall
// inside [Window, Window + config size) go to the very same config-space device, through its
// guest handler, so every policy, hook and filter applies there too.
#pragma once

#include <cstdint>

#include <regspace/detail/bits.hpp>

namespace regspace::pci {

template <class ConfigDevice, unsigned Window>
struct config_mirror {
    ConfigDevice* config = nullptr;

    static constexpr bool inside(unsigned offset, unsigned size) {
        return offset >= Window && offset - Window < ConfigDevice::size &&
               size <= ConfigDevice::size - (offset - Window);
    }
    // Accesses straddling the window's edges, or outside it, read 0 and write nothing: the BAR's
    // own registers are answered by the MMIO space before the fallback is asked. Inside the
    // window only the bytes the MMIO space hands over (`owned`: bits 8i..8i+7 for byte i) reach
    // the config space. An access it owns entirely goes as it is (an 8-byte one is then refused
    // by the config space); one it owns in part goes as naturally aligned pieces of 1, 2 or 4
    // bytes of the owned runs. So a BAR register inside the window keeps its bytes from the
    // config space, and reading it has no config read side effects (XSA-128's class: a write
    // spanning several owners must not leak into the wrong one).
    std::uint64_t read(unsigned offset, unsigned size, std::uint64_t owned) const {
        std::uint64_t out = 0;
        if (inside(offset, size))
            for_owned(offset - Window, size, owned, [&](unsigned at, unsigned n, unsigned shift) {
                out |= config->read(at, n) << shift;
            });
        return out;
    }
    void write(unsigned offset, unsigned size, std::uint64_t value, std::uint64_t owned) const {
        if (inside(offset, size))
            for_owned(offset - Window, size, owned, [&](unsigned at, unsigned n, unsigned shift) {
                config->write(at, n, (value >> shift) & regspace::detail::all_ones(n));
            });
    }

private:
    // f(config offset, size, bit position in the access) for each aligned piece of each run of
    // owned bytes.
    template <class F>
    static void for_owned(unsigned base, unsigned size, std::uint64_t owned, F&& f) {
        const std::uint64_t all = regspace::detail::all_ones(size);
        if ((owned & all) == all) return f(base, size, 0u);  // the whole access: the config space's own rules
        unsigned i = 0;
        while (i < size) {
            if (!((owned >> (8 * i)) & 0xff)) {
                ++i;
                continue;
            }
            unsigned end = i;
            while (end < size && ((owned >> (8 * end)) & 0xff)) ++end;
            while (i < end) {
                unsigned n = 4;
                while (n > 1 && (((base + i) % n) != 0 || i + n > end)) n /= 2;
                f(base + i, n, 8 * i);
                i += n;
            }
        }
    }
};

}  // namespace regspace::pci

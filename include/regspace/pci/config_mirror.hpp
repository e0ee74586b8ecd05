// regspace/pci/config_mirror.hpp - configuration space mirrored inside a BAR.
//
// Some devices expose their configuration space again in a memory BAR (many NICs and GPUs do);
// a guest that must not touch a register through config cycles must not reach it that way
// either. config_mirror is the fallback of an unmapped::forward MMIO space: accesses that fall
// inside [Window, Window + config size) go to the very same config-space device, through its
// guest handler, so every policy, hook and filter applies there too.
#pragma once

#include <cstdint>

namespace regspace::pci {

template <class ConfigDevice, unsigned Window>
struct config_mirror {
    ConfigDevice* config = nullptr;

    static constexpr bool inside(unsigned offset, unsigned size) {
        return offset >= Window && offset - Window < ConfigDevice::size &&
               size <= ConfigDevice::size - (offset - Window);
    }
    // Accesses straddling the window's edges, or outside it, read 0 and write nothing: the BAR's
    // own registers are answered by the MMIO space before the fallback is asked.
    std::uint64_t read(unsigned offset, unsigned size) const {
        return inside(offset, size) ? config->read(offset - Window, size) : 0;
    }
    void write(unsigned offset, unsigned size, std::uint64_t value, std::uint64_t) const {
        if (inside(offset, size)) config->write(offset - Window, size, value);
    }
};

}  // namespace regspace::pci

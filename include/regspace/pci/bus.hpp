// regspace/pci/bus.hpp - functions on a bus, reached by device/function number, and the hot
// reset a bridge's Secondary Bus Reset sends down to them.
//
// A bus holds references to devices of any type (each its own regspace::device), so several
// emulators' functions can share one bus. A config access to an empty slot ends in a master
// abort: reads return all-ones, writes vanish (PCI LB 3.0 §6.1).
#pragma once

#include <array>
#include <cstdint>
#include <functional>

#include <regspace/hooks.hpp>
#include <regspace/pci/reset.hpp>

namespace regspace::pci {

class bus {
public:
    static constexpr unsigned slots = 256;  // device << 3 | function

    template <class Device>
    void attach(unsigned devfn, Device& dev, bus* secondary = nullptr) {
        function& f = functions_.at(devfn);
        f.read = [&dev](unsigned off, unsigned size) { return dev.read(off, size); };
        f.write = [&dev](unsigned off, unsigned size, std::uint64_t v) { dev.write(off, size, v); };
        f.reset = [&dev](reset_kind k) { dev.reset(k); };
        f.secondary = secondary;
    }
    void detach(unsigned devfn) { functions_.at(devfn) = function{}; }
    [[nodiscard]] bool present(unsigned devfn) const { return devfn < slots && functions_[devfn].read != nullptr; }

    std::uint64_t config_read(unsigned devfn, unsigned off, unsigned size) const {
        if (!present(devfn)) return size >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * size)) - 1;
        return functions_[devfn].read(off, size);
    }
    void config_write(unsigned devfn, unsigned off, unsigned size, std::uint64_t v) const {
        if (present(devfn)) functions_[devfn].write(off, size, v);
    }

    // A hot reset of everything on this bus and, through bridges, below it (PCIe r6.0 §6.6.1):
    // sticky bits survive.
    void hot_reset() const {
        for (const function& f : functions_) {
            if (!f.reset) continue;
            f.reset(reset_kind::warm);
            if (f.secondary) f.secondary->hot_reset();
        }
    }

private:
    struct function {
        std::function<std::uint64_t(unsigned, unsigned)> read;
        std::function<void(unsigned, unsigned, std::uint64_t)> write;
        std::function<void(reset_kind)> reset;
        bus* secondary = nullptr;
    };
    std::array<function, slots> functions_{};
};

// Hooks for a type 1 bridge: Secondary Bus Reset hot-resets its secondary bus.
struct bridge_hooks {
    bus* secondary = nullptr;
    void pci_reset(reset_method m) const {
        if (m == reset_method::secondary_bus_reset && secondary) secondary->hot_reset();
    }
};

}  // namespace regspace::pci

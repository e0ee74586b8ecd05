// SPDX-License-Identifier: MIT
// regspace/pci/bus.hpp - functions on a bus, reached by device/function number; configuration
// accesses forwarded through type 1 bridges by bus number; the hot reset a bridge's Secondary
// Bus Reset sends down to them.
//
// A bus holds references to devices of any type (each its own regspace::device), so several
// emulators' functions can share one bus. A config access to an empty slot ends in a master
// abort: reads return all-ones, writes vanish (PCI LB 3.0 §6.1). An access to another bus
// number goes through the bridge whose Secondary..Subordinate range holds it (PCI-to-PCI Bridge
// 1.2 §3.1.2.2): as a type 0 access on its secondary bus, or on down. Below a PCIe root or
// downstream port only device 0 answers (the link has one device) unless the port's ARI
// Forwarding Enable lets functions 8-255 through (PCIe r6.0 §6.13, §7.3.1); others are
// Unsupported Requests, which read all-ones too.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <type_traits>
#include <utility>
#include <vector>

#include <regspace/detail/bits.hpp>
#include <regspace/detail/locate.hpp>
#include <regspace/explain.hpp>
#include <regspace/hooks.hpp>
#include <regspace/pci/reset.hpp>

namespace regspace::pci {

class bus {
public:
    static constexpr unsigned slots = 256;  // device << 3 | function

    // What a bus needs of a function: guest config accesses, reset, and its config space size
    // (256 or 4096 bytes; accesses past it read all-ones, as QEMU's pci_host_config_read_common).
    struct function {
        std::function<std::uint64_t(unsigned, unsigned)> read;
        std::function<void(unsigned, unsigned, std::uint64_t)> write;
        std::function<void(reset_kind)> reset;
        bus* secondary = nullptr;
        unsigned size = 256;
        std::function<std::uint64_t(unsigned, unsigned)> peek;  // a read without side effects
        // The access performed with an explain trace (regspace/explain.hpp): write?, value.
        std::function<explanation(unsigned, unsigned, bool, std::uint64_t)> explain;
        // A PCIe root or downstream port (device 0 only below it), and whether it forwards ARI
        // function numbers now (DEVCTL2 ARI Forwarding Enable). attach() fills both in.
        bool downstream_port = false;
        std::function<bool()> ari_forwarding{};
        // Whether the function has power now (a card in a hot-plug slot: pci::slot_powered of its
        // port, QEMU's has_power). While it says no, the function stays attached but answers as
        // an absent one: reads all-ones, writes dropped, nothing forwarded behind it. Empty: always.
        std::function<bool()> powered{};
    };

    template <class Device>
    void attach(unsigned devfn, Device& dev, bus* secondary = nullptr) {
        attach(devfn, function{[&dev](unsigned off, unsigned size) { return dev.read(off, size); },
                               [&dev](unsigned off, unsigned size, std::uint64_t v) { dev.write(off, size, v); },
                               [&dev](reset_kind k) { dev.reset(k); }, secondary,
                               static_cast<unsigned>(Device::size),
                               [&dev](unsigned off, unsigned size) { return dev.peek(off, size); },
                               [&dev](unsigned off, unsigned size, bool write, std::uint64_t v) {
                                   return write ? explain_write(dev, off, size, v) : explain_read(dev, off, size);
                               },
                               port_kind<typename Device::space_type>::downstream, nullptr});
        if constexpr (port_kind<typename Device::space_type>::downstream) {
            using devctl2 = regspace::detail::register_named<typename Device::space_type, "PCIe", "DEVCTL2">;
            functions_.at(devfn).ari_forwarding = [&dev] { return dev.template get<devctl2, "ARIFE">() != 0; };
        }
    }
    void attach(unsigned devfn, function f) { functions_.at(devfn) = std::move(f); }
    void detach(unsigned devfn) { functions_.at(devfn) = function{}; }
    // What is attached at devfn (a function with no members where nothing is): to wrap it.
    [[nodiscard]] const function& at(unsigned devfn) const { return functions_.at(devfn); }
    [[nodiscard]] bool present(unsigned devfn) const { return devfn < slots && functions_[devfn].read != nullptr; }
    // The bus behind the bridge at devfn, or nullptr.
    [[nodiscard]] const bus* secondary(unsigned devfn) const { return present(devfn) ? functions_[devfn].secondary : nullptr; }
    [[nodiscard]] unsigned config_size(unsigned devfn) const { return present(devfn) ? functions_[devfn].size : 0; }
    // What a guest would read, without read side effects (for dumps and debuggers); functions
    // attached without a peek are read normally.
    [[nodiscard]] std::uint64_t config_peek(unsigned devfn, unsigned off, unsigned size) const {
        if (!present(devfn) || unpowered(functions_[devfn])) return regspace::detail::all_ones(size);
        const function& f = functions_[devfn];
        return f.peek ? f.peek(off, size) : f.read(off, size);
    }

    // A configuration access to bus `target`, issued on this bus, which has number `own` (the
    // host bridge's bus, 0 on a PC, or what the parent bridge's Secondary Bus Number says).
    std::uint64_t config_read(unsigned own, unsigned target, unsigned devfn, unsigned off, unsigned size) const {
        const bus* b = route(own, target, devfn);
        return b ? b->config_read(devfn, off, size) : regspace::detail::all_ones(size);
    }
    void config_write(unsigned own, unsigned target, unsigned devfn, unsigned off, unsigned size,
                      std::uint64_t v) const {
        if (const bus* b = route(own, target, devfn)) b->config_write(devfn, off, size, v);
    }
    // The bus that takes a type 0 access for `target`, or nullptr (no bridge forwards it, or a
    // port's link does not reach that device).
    [[nodiscard]] const bus* route(unsigned own, unsigned target, unsigned devfn) const {
        if (target == own) return this;
        for (const function& f : functions_) {
            if (!f.secondary || !f.peek || unpowered(f)) continue;
            const auto secondary = static_cast<unsigned>(f.peek(0x19, 1));
            const auto subordinate = static_cast<unsigned>(f.peek(0x1a, 1));
            if (secondary <= own || target < secondary || target > subordinate) continue;
            if (target != secondary) return f.secondary->route(secondary, target, devfn);
            const bool ari = f.ari_forwarding && f.ari_forwarding();
            if (f.downstream_port && !ari && (devfn >> 3) != 0) return nullptr;
            return f.secondary;
        }
        return nullptr;
    }

    std::uint64_t config_read(unsigned devfn, unsigned off, unsigned size) const {
        if (!present(devfn)) return regspace::detail::all_ones(size);
        const function& f = functions_[devfn];
        if (explained_ && f.explain) {
            explained_->push_back(unpowered(f) ? not_reached(off, size, false, 0) : f.explain(off, size, false, 0));
            return explained_->back().value;
        }
        return unpowered(f) ? regspace::detail::all_ones(size) : f.read(off, size);
    }
    void config_write(unsigned devfn, unsigned off, unsigned size, std::uint64_t v) const {
        if (!present(devfn)) return;
        const function& f = functions_[devfn];
        if (explained_ && f.explain) explained_->push_back(unpowered(f) ? not_reached(off, size, true, v) : f.explain(off, size, true, v));
        else if (!unpowered(f)) f.write(off, size, v);
    }

    // While `sink` is set, every config access to a function that can explain itself (attached
    // as a device) is performed with an explain trace, appended to *sink. nullptr: off. Returns
    // the previous sink; `explaining scope(bus, &v)` sets it and restores the previous one at the
    // end of the scope, also when an access throws, and nests (an access made from a hook).
    std::vector<explanation>* explain_into(std::vector<explanation>* sink) const {
        std::vector<explanation>* prev = explained_;
        explained_ = sink;
        return prev;
    }
    struct explaining {
        const bus* on;
        std::vector<explanation>* prev;
        explaining(const bus* b, std::vector<explanation>* sink) : on(b), prev(b ? b->explain_into(sink) : nullptr) {}
        ~explaining() {
            if (on) on->explain_into(prev);
        }
        explaining(const explaining&) = delete;
        explaining& operator=(const explaining&) = delete;
    };

    // A reset of every function on this bus (a platform reset sends `cold` to every bus).
    void reset_all(reset_kind k) const {
        for (const function& f : functions_)
            if (f.reset) f.reset(k);
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
    [[nodiscard]] static bool unpowered(const function& f) { return f.powered && !f.powered(); }
    // The trace of an access that reached no register (the function has no power).
    [[nodiscard]] static explanation not_reached(unsigned off, unsigned size, bool write, std::uint64_t v) {
        explanation e;
        e.write = write;
        e.offset = off;
        e.size = size;
        e.value = write ? v : regspace::detail::all_ones(size);
        return e;
    }

    // Whether a function is a PCIe root or downstream port (a type 1 header with a PCIe
    // capability of port type 4 or 6), from its description.
    template <class Space>
    struct port_kind {
        using cap = regspace::detail::register_named<Space, "PCIe", "PCIE_CAP">;
        static constexpr bool downstream = [] {
            if constexpr (std::is_void_v<cap>) return false;
            else {
                constexpr auto type = regspace::detail::field_named<cap, "TYPE">::reset;
                return type == 0x4 || type == 0x6;
            }
        }();
    };
    std::array<function, slots> functions_{};
    mutable std::vector<explanation>* explained_ = nullptr;
};

// Hooks for a type 1 bridge: Secondary Bus Reset hot-resets its secondary bus.
struct bridge_hooks {
    using notified = regspace::notified<notice::reset>;
    bus* secondary = nullptr;
    void pci_reset(reset_method m) const {
        if (m == reset_method::secondary_bus_reset && secondary) secondary->hot_reset();
    }
};

}  // namespace regspace::pci

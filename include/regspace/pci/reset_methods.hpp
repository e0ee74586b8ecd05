// SPDX-License-Identifier: MIT
// regspace/pci/reset_methods.hpp - resetting a function the way Linux 6.x does it, from the host
// side, and the device side of the wait that follows.
//
// Host side (a hypervisor resetting a function it passes through; a test playing the guest's
// kernel): probe_reset() reads what the function advertises through configuration reads,
// reset_methods_for() lists the methods in Linux's order (drivers/pci/pci.c
// pci_reset_fn_methods[]: device_specific, flr, af_flr, pm, bus; ACPI _RST and CXL are outside a
// PCI model), with the quirks of drivers/pci/quirks.c applied as data (reset_quirks,
// quirks_for()), and reset_function() runs the first one with Linux's timing: 100 ms after FLR,
// d3hot_delay around D3hot, 2 ms of Secondary Bus Reset and 100 ms after it, none of it with
// Immediate Readiness, then pci_dev_wait's polling (Vendor ID until it is not the RRS value 0001h
// when the root port has RRS Software Visibility on, else Command until it is not all-ones;
// doubling from 1 ms, 60 s at most). It tells the caller which method ran and how long it took.
//
// Device side: a function that is not ready yet after a reset answers configuration requests
// with Request Retry Status (PCIe r6.0 §2.3.1, §6.6.1): readiness tracks the window and
// rrs_answer() is what the requester sees (0001h in Vendor ID with RRS Software Visibility, else
// all-ones: the root complex gave up re-issuing; writes are dropped).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <regspace/detail/bits.hpp>

namespace regspace::pci {

// Linux's names (sysfs reset_method), in its order.
enum class reset_choice : std::uint8_t { device_specific, flr, af_flr, pm, bus };

[[nodiscard]] constexpr std::string_view to_string(reset_choice c) noexcept {
    switch (c) {
        case reset_choice::device_specific: return "device_specific";
        case reset_choice::flr: return "flr";
        case reset_choice::af_flr: return "af_flr";
        case reset_choice::pm: return "pm";
        case reset_choice::bus: return "bus";
    }
    return "?";
}

// What configuration space says about resetting the function (read through configuration
// reads, as Linux does at enumeration: a real device behind passthrough works the same way).
struct reset_capabilities {
    bool bridge = false;               // a type 1 header: Linux never bus-resets a bridge this way
    bool immediate_readiness = false;  // Status bit 0 (PCIe r6.0 §7.5.1.1.4)
    bool flr = false;                  // Device Capabilities Function Level Reset Capability
    bool af_flr = false;               // Advanced Features: both TP and FLR capable
    bool pm_reset = false;             // a PM capability with No_Soft_Reset clear
    unsigned pcie = 0, af = 0, pm = 0; // capability offsets (0: none)
    friend constexpr bool operator==(const reset_capabilities&, const reset_capabilities&) = default;
};

// Read(offset, size) -> value: the function's configuration space.
template <class Read>
[[nodiscard]] constexpr reset_capabilities probe_reset(Read&& read) {
    reset_capabilities c;
    if (read(0x00, 2) == 0xffff) return c;
    c.bridge = (read(0x0e, 1) & 0x7f) == 1;
    const std::uint64_t status = read(0x06, 2);
    c.immediate_readiness = status & 0x1;
    if (!(status & 0x10)) return c;
    // The capability list, at most 48 entries (a loop in it ends the walk), walked here rather
    // than with pci::walk_capabilities on purpose: Linux's walk (__pci_find_next_cap_ttl) stops
    // after 48 and tolerates a broken chain, so a reset is still found; walk_capabilities throws
    // on one, and is not constexpr.
    for (unsigned ptr = read(0x34, 1) & 0xfc, n = 0; ptr >= 0x40 && n < 48; ptr = read(ptr + 1, 1) & 0xfc, ++n) {
        switch (read(ptr, 1)) {
            case 0x10: c.pcie = ptr; break;
            case 0x13: c.af = ptr; break;
            case 0x01: c.pm = ptr; break;
            default: break;
        }
    }
    if (c.pcie) c.flr = (read(c.pcie + 0x04, 4) >> 28) & 1;      // DEVCAP bit 28
    if (c.af) c.af_flr = (read(c.af + 0x03, 1) & 0x3) == 0x3;   // AF_CAP TP and FLR
    if (c.pm) c.pm_reset = !((read(c.pm + 0x04, 2) >> 3) & 1);  // PMCSR No_Soft_Reset
    return c;
}

// The quirks of drivers/pci/quirks.c that change how a function is reset, as data.
struct reset_quirks {
    bool no_bus_reset = false;      // PCI_DEV_FLAGS_NO_BUS_RESET (GPUs and NICs that hang after SBR)
    bool no_flr = false;            // PCI_DEV_FLAGS_NO_FLR_RESET: FLR hangs it (flr and af_flr)
    bool no_pm_reset = false;       // PCI_DEV_FLAGS_NO_PM_RESET: NoSoftRst- but D3hot->D0 resets nothing
    bool device_specific = false;   // listed in pci_dev_reset_methods[]: the caller's routine
    unsigned extra_delay_ms = 0;    // after the reset, before the polling (the 250 ms NVMe quirk)
    unsigned d3hot_delay_ms = 10;   // PCI_PM_D3HOT_WAIT; 20 for NVIDIA HDA, 0 for some Intel SoC functions
    friend constexpr bool operator==(const reset_quirks&, const reset_quirks&) = default;
};

// One row of the quirk table: a vendor, a device ID under a mask, optionally a class.
struct reset_quirk_entry {
    std::uint16_t vendor = 0;
    std::uint16_t device = 0;
    std::uint16_t device_mask = 0xffff;
    std::uint32_t class_code = 0;     // base class << 16 | sub-class << 8; 0: any
    std::uint32_t class_mask = 0;
    reset_quirks quirks{};
    const char* why = "";
};

// Entries from Linux 6.x quirks.c (research: ../shared/research/pci-capabilities-landscape.md §3.4-3.6).
inline constexpr std::array<reset_quirk_entry, 9> linux_reset_quirks{{
    {0x10de, 0x2340, 0xffc0, 0, 0, reset_quirks{.no_bus_reset = true}, "quirk_nvidia_no_bus_reset: SBR breaks these GPUs"},
    {0x168c, 0x0030, 0xffff, 0, 0, reset_quirks{.no_bus_reset = true}, "Atheros: config space never accessible again after SBR"},
    {0x168c, 0x003c, 0xffff, 0, 0, reset_quirks{.no_bus_reset = true}, "Atheros: config space never accessible again after SBR"},
    {0x1b21, 0x1164, 0xffff, 0, 0, reset_quirks{.no_bus_reset = true}, "ASM1164: fails to retrain after SBR"},
    {0x1022, 0x1487, 0xffff, 0, 0, reset_quirks{.no_flr = true}, "AMD Starship/Matisse HDA: FLR hangs it"},
    {0x8086, 0x1502, 0xffff, 0, 0, reset_quirks{.no_flr = true}, "Intel 82579LM: FLR hangs it"},
    {0x1002, 0x0000, 0x0000, 0x030000, 0xff0000, reset_quirks{.no_pm_reset = true}, "ATI/AMD VGA: D3hot->D0 resets nothing"},
    {0x15b3, 0xcb84, 0xffff, 0, 0, reset_quirks{.no_pm_reset = true}, "Mellanox Spectrum: D3hot->D0 resets nothing"},
    {0x8086, 0x0953, 0xffff, 0, 0, reset_quirks{.extra_delay_ms = 250}, "Intel NVMe: enable times out if touched too soon after FLR"},
}};

// The quirks of a function: every matching row of `table`, combined.
template <std::size_t N>
[[nodiscard]] constexpr reset_quirks quirks_for(std::uint16_t vendor, std::uint16_t device, std::uint32_t class_code,
                                                const std::array<reset_quirk_entry, N>& table) {
    reset_quirks q;
    for (const reset_quirk_entry& e : table) {
        if (e.vendor != vendor || (device & e.device_mask) != e.device) continue;
        if ((class_code & e.class_mask) != e.class_code) continue;
        q.no_bus_reset |= e.quirks.no_bus_reset;
        q.no_flr |= e.quirks.no_flr;
        q.no_pm_reset |= e.quirks.no_pm_reset;
        q.device_specific |= e.quirks.device_specific;
        q.extra_delay_ms += e.quirks.extra_delay_ms;
        if (e.quirks.d3hot_delay_ms != reset_quirks{}.d3hot_delay_ms) q.d3hot_delay_ms = e.quirks.d3hot_delay_ms;
    }
    return q;
}
[[nodiscard]] constexpr reset_quirks quirks_for(std::uint16_t vendor, std::uint16_t device, std::uint32_t class_code) {
    return quirks_for(vendor, device, class_code, linux_reset_quirks);
}

// Where the function sits: Linux bus-resets it through its parent bridge only off the root bus
// and when it is the only device on its bus.
struct reset_topology {
    bool root_bus = false;
    bool alone_on_bus = true;
};

// The methods a function can be reset by, in Linux's order.
struct reset_methods {
    std::array<reset_choice, 5> list{};
    unsigned count = 0;
    [[nodiscard]] constexpr bool has(reset_choice c) const {
        for (unsigned i = 0; i < count; ++i)
            if (list[i] == c) return true;
        return false;
    }
    // As sysfs reset_method reads: names separated by spaces ("" when none).
    [[nodiscard]] std::string text() const {
        std::string s;
        for (unsigned i = 0; i < count; ++i) {
            if (i) s += ' ';
            s += to_string(list[i]);
        }
        return s;
    }
    friend constexpr bool operator==(const reset_methods&, const reset_methods&) = default;
};

[[nodiscard]] constexpr reset_methods reset_methods_for(const reset_capabilities& c, const reset_quirks& q,
                                                        const reset_topology& t) {
    reset_methods m;
    const auto add = [&m](reset_choice x) { m.list[m.count++] = x; };
    if (q.device_specific) add(reset_choice::device_specific);
    if (c.flr && !q.no_flr) add(reset_choice::flr);
    if (c.af_flr && !q.no_flr) add(reset_choice::af_flr);
    if (c.pm_reset && !q.no_pm_reset) add(reset_choice::pm);
    if (!t.root_bus && !c.bridge && t.alone_on_bus && !q.no_bus_reset) add(reset_choice::bus);
    return m;
}

// What the host needs to reset a function: configuration access to it and to its parent bridge,
// a clock, and the device-specific routine where the quirks list one.
struct reset_host {
    std::function<std::uint64_t(unsigned off, unsigned size)> read;
    std::function<void(unsigned off, unsigned size, std::uint64_t v)> write;
    std::function<std::uint64_t(unsigned off, unsigned size)> parent_read;  // the bridge above (bus reset)
    std::function<void(unsigned off, unsigned size, std::uint64_t v)> parent_write;
    std::function<void(unsigned ms)> sleep;
    std::function<void()> device_specific;
    bool rrs_visibility = false;  // the root port's RRS Software Visibility Enable is set
};

struct reset_outcome {
    bool done = false;            // a method ran
    reset_choice method{};        // which one
    bool ready = false;           // Linux's wait passed within 60 s (pci_dev_wait returned 0)
    bool answering = false;       // and the function is back: its ID dword is not all-ones
    unsigned waited_ms = 0;       // the sleeps, fixed delays and polling together
};

namespace detail {
// pci_dev_wait: poll until the function answers, doubling from 1 ms, PCIE_RESET_READY_POLL_MS.
inline bool wait_ready(reset_host& h, unsigned& waited) {
    constexpr unsigned timeout_ms = 60000;
    for (unsigned delay = 1;; delay *= 2) {
        const bool answering = h.rrs_visibility ? h.read(0x00, 2) != 0x0001 : h.read(0x04, 4) != 0xffffffff;
        if (answering) return true;
        if (waited > timeout_ms) return false;
        h.sleep(delay);
        waited += delay;
    }
}
}  // namespace detail

// __pci_reset_function_locked: the first method of the list, with its delays and the wait.
inline reset_outcome reset_function(reset_host& h, const reset_capabilities& c, const reset_quirks& q,
                                    const reset_methods& m) {
    reset_outcome out;
    if (m.count == 0) return out;
    out.done = true;
    out.method = m.list[0];
    const auto sleep = [&](unsigned ms) {
        if (ms == 0) return;
        h.sleep(ms);
        out.waited_ms += ms;
    };
    const unsigned settle = c.immediate_readiness ? 0 : 100;  // PCIe r6.0 §6.6.2: 100 ms after FLR
    switch (out.method) {
        case reset_choice::device_specific:
            if (h.device_specific) h.device_specific();
            break;
        case reset_choice::flr:
            h.write(c.pcie + 0x08, 2, h.read(c.pcie + 0x08, 2) | 0x8000);  // DEVCTL Initiate FLR
            sleep(settle);
            break;
        case reset_choice::af_flr:
            h.write(c.af + 0x04, 1, 0x01);  // AF_CTL Initiate FLR
            sleep(settle);
            break;
        case reset_choice::pm: {
            const std::uint64_t csr = h.read(c.pm + 0x04, 2) & ~std::uint64_t{0x8003};  // keep PME Status
            h.write(c.pm + 0x04, 2, csr | 0x3);  // D3hot
            sleep(q.d3hot_delay_ms);
            h.write(c.pm + 0x04, 2, csr);        // D0: the function resets itself (No_Soft_Reset clear)
            sleep(q.d3hot_delay_ms);
            break;
        }
        case reset_choice::bus: {
            const std::uint64_t bctl = h.parent_read(0x3e, 2);
            h.parent_write(0x3e, 2, bctl | 0x40);  // Secondary Bus Reset, at least Trst (1 ms): Linux holds 2
            sleep(2);
            h.parent_write(0x3e, 2, bctl & ~std::uint64_t{0x40});
            sleep(c.immediate_readiness ? 0 : 100);  // PCIE_RESET_CONFIG_WAIT_MS (a link of 5 GT/s or less)
            break;
        }
    }
    sleep(q.extra_delay_ms);
    unsigned polled = 0;
    out.ready = detail::wait_ready(h, polled);
    out.waited_ms += polled;
    out.answering = out.ready && h.read(0x00, 4) != 0xffffffff;
    return out;
}

// ---- device side ---------------------------------------------------------------------------------

// The window after a reset in which the function answers Request Retry Status, on the
// platform's clock (any unit, as long as it is one).
class readiness {
public:
    void reset_done(std::uint64_t now, std::uint64_t recovery) noexcept { ready_at_ = now + recovery; }
    [[nodiscard]] bool ready(std::uint64_t now) const noexcept { return now >= ready_at_; }
    [[nodiscard]] std::uint64_t ready_at() const noexcept { return ready_at_; }

private:
    std::uint64_t ready_at_ = 0;
};

// A configuration read of a function that answers RRS, as the requester sees it (PCIe r6.0
// §2.3.2): with RRS Software Visibility, a read that includes both bytes of Vendor ID returns
// 0001h there and all-ones elsewhere; any other read, and every read without it, all-ones.
[[nodiscard]] constexpr std::uint64_t rrs_answer(unsigned off, unsigned size, bool rrs_visibility) noexcept {
    const std::uint64_t ones = regspace::detail::all_ones(size);
    if (rrs_visibility && off == 0 && size >= 2) return (ones & ~std::uint64_t{0xffff}) | 0x0001;
    return ones;
}

}  // namespace regspace::pci

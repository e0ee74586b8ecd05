// SPDX-License-Identifier: MIT
// regspace/pci/sriov.hpp - the SR-IOV extended capability (PCIe r6.0 §9.3.3) and the virtual
// functions it brings up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <regspace/detail/diagnostic.hpp>
#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/device.hpp>
#include <regspace/field.hpp>
#include <regspace/pci/bar.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/pci/header_common.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

struct sriov_params {
    std::uint16_t initial_vfs = 0;
    std::uint16_t total_vfs = 0;
    std::uint16_t vf_device_id = 0xffff;
    std::uint8_t function_dependency_link = 0;
    std::uint32_t supported_page_sizes = 0x553;  // 4K, 8K, 64K, 256K, 1M, 4M (a common value)
};

namespace notice {
// vfs_changed(device&): NumVFs, VF Enable or ARI changed, so the PF's VFs may have (told after
// First VF Offset and VF Stride are recomputed).
struct vfs_changed {
    template <class Part, class Device>
    static constexpr bool taken_by = requires(Part& p, Device& d) { p.vfs_changed(d); };
};
}  // namespace notice

// VF routing: First VF Offset and VF Stride as the device computes them from NumVFs and the ARI
// Capable Hierarchy bit (§9.3.3.9-10); both may change when either input changes. A routing type
// has two static constexpr functions; this one puts VFs right after the PF, one apart.
struct consecutive_vfs {
    static constexpr std::uint16_t first_vf_offset(std::uint16_t, bool) { return 1; }
    static constexpr std::uint16_t vf_stride(std::uint16_t, bool) { return 1; }
};

namespace detail {
// System Page Size values (bit n: 4 KB << n), PCIe r6.0 §9.3.3.13.
struct page_sizes : values<value<0x1, "4 KB">, value<0x2, "8 KB">, value<0x4, "16 KB">, value<0x8, "32 KB">,
                           value<0x10, "64 KB">, value<0x20, "128 KB">, value<0x40, "256 KB">, value<0x80, "512 KB">,
                           value<0x100, "1 MB">, value<0x200, "2 MB">, value<0x400, "4 MB">> {};
}  // namespace detail

// The rules of these types (regspace/detail/diagnostic.hpp).
namespace detail {
REGSPACE_DETAIL_RULE(vf_bars_are_memory_bars,
                     "pci::sriov: VF BARs are memory BARs only (PCIe r6.0 section 9.3.3.14)",
                     class VfBars)
REGSPACE_DETAIL_RULE(vf_bar_starts_in_slot,
                     "pci::vf_bar_address: no VF BAR starts in this slot",
                     class Cap, unsigned Slot)
template <class... B>
constexpr bool no_io_bar(bars<B...>*) {
    return ((B::kind != bar_kind::io) && ...);
}
}  // namespace detail

// The SR-IOV capability of a PF with parameters P, VF BARs VfBars (sizes are per VF) and VF
// routing rule Routing.
template <sriov_params P, class VfBars = bars<>, class Routing = consecutive_vfs>
struct sriov {
    static_assert(regspace::detail::reported(detail::vf_bars_are_memory_bars<VfBars, detail::no_io_bar(static_cast<VfBars*>(nullptr))>()));
    static constexpr std::uint16_t id = 0x0010;
    static constexpr bool extended = true;
    static constexpr unsigned bytes = 0x40;
    using vf_bars = VfBars;
    using fvo = reg<"FIRST_VF_OFFSET", 0x14, 2, doc<"First VF Offset">, spec<"PCIe r6.0 section 9.3.3.9">,
                    field<"OFFSET", 0, 16, access::ro, Routing::first_vf_offset(0, false),
                          "routing ID offset of the first VF">>;
    using stride = reg<"VF_STRIDE", 0x16, 2, doc<"VF Stride">, spec<"PCIe r6.0 section 9.3.3.10">,
                       field<"STRIDE", 0, 16, access::ro, Routing::vf_stride(0, false),
                             "routing ID distance between VFs">>;

    // Recomputes First VF Offset and VF Stride after a write to NumVFs or to SR-IOV Control (ARI),
    // then tells the device's hooks parts that list notice::vfs_changed (`vfs_changed(dev)`) that
    // VFs may have changed.
    struct recompute;
    // VF BARs align to the System Page Size (§9.3.3.13-14): address bits below the page read 0,
    // so sizing with a 64 KiB page reads back at least 64 KiB. Runs after writes to the VF BARs
    // and to System Page Size.
    struct align_vf_bars;
    using vf_bar_regs = typename VfBars::template registers_at<0x24, true, action<align_vf_bars>>;

    using cap = reg<"SRIOV_CAP", 0x04, 4, doc<"SR-IOV Capabilities">, spec<"PCIe r6.0 section 9.3.3.2">,
        bit<"VFMC", 0, access::ro, 0, "VF migration capable">,
        bit<"ARI_PRESERVED", 1, access::ro, 0, "ARI capable hierarchy preserved">>;
    using ctl = reg<"SRIOV_CTL", 0x08, 2, doc<"SR-IOV Control">, spec<"PCIe r6.0 section 9.3.3.3">, action<recompute>,
        bit<"VFE", 0, access::rw, 0, "VF enable">, bit<"VFME", 1, access::rsvdp, 0, "VF migration enable">,
        bit<"VFMIE", 2, access::rsvdp, 0, "VF migration interrupt enable">,
        bit<"VFMSE", 3, access::rw, 0, "VF memory space enable">,
        bit<"ARI", 4, access::rw, 0, "ARI capable hierarchy">>;
    using sta = reg<"SRIOV_STA", 0x0a, 2, doc<"SR-IOV Status">, spec<"PCIe r6.0 section 9.3.3.4">,
                    bit<"VFMS", 0, access::rw1c, 0, "VF migration status">>;
    using initial = reg<"INITIAL_VFS", 0x0c, 2, doc<"InitialVFs">, spec<"PCIe r6.0 section 9.3.3.5">,
                        field<"INITIAL", 0, 16, access::ro, P.initial_vfs, "initial number of VFs">>;
    using total = reg<"TOTAL_VFS", 0x0e, 2, doc<"TotalVFs">, spec<"PCIe r6.0 section 9.3.3.6">,
                      field<"TOTAL", 0, 16, access::ro, P.total_vfs, "maximum number of VFs">>;
    // §9.3.3.7: NumVFs may be written only while VF Enable is clear: RW-L locked by VFE.
    using num = reg<"NUM_VFS", 0x10, 2, doc<"NumVFs">, spec<"PCIe r6.0 section 9.3.3.7">, action<recompute>,
        field<"NUM", 0, 16, access::rw_lock<"SRIOV_CTL", "VFE">, 0, "number of VFs">>;
    using fdl = reg<"FDL", 0x12, 1, doc<"Function Dependency Link">, spec<"PCIe r6.0 section 9.3.3.8">,
                    field<"FDL", 0, 8, access::ro, P.function_dependency_link, "function number of the dependency">>;
    using vf_did = reg<"VF_DID", 0x1a, 2, doc<"VF Device ID">, spec<"PCIe r6.0 section 9.3.3.11">,
                       field<"DID", 0, 16, access::ro, P.vf_device_id, "VF device ID">>;
    using page_sizes = reg<"SUPPORTED_PAGE_SIZES", 0x1c, 4, doc<"Supported Page Sizes">, spec<"PCIe r6.0 section 9.3.3.12">,
        field<"SIZES", 0, 32, access::ro, P.supported_page_sizes, "supported page sizes (bit n: 4K << n)">>;
    using system_page = reg<"SYSTEM_PAGE_SIZE", 0x20, 4, doc<"System Page Size">, spec<"PCIe r6.0 section 9.3.3.13">,
        action<align_vf_bars>,
        field<"SIZE", 0, 32, access::rw, 1, "page size for VF BAR alignment (bit n: 4K << n)",
              detail::page_sizes>>;

    // Bytes of one VF's share of VF BAR Slot: its size, at least one system page.
    template <class PfDevice>
    static std::uint64_t vf_bar_stride(const PfDevice& pf, unsigned slot) {
        const std::uint64_t page = page_bytes(pf.template get<system_page>());
        return VfBars::sizes[slot] > page ? VfBars::sizes[slot] : page;
    }
    static constexpr std::uint64_t page_bytes(std::uint32_t sps) {
        unsigned n = 0;
        while (n < 31 && !((sps >> n) & 1)) ++n;
        return sps ? std::uint64_t{4096} << n : 4096;
    }
    using migration = reg<"VF_MIGRATION_STATE", 0x3c, 4,
                          doc<"VF Migration State Array Offset (not implemented)">, spec<"PCIe r6.0 section 9.3.3.15">>;

    template <std::uint16_t Next>
    using block = block_of<"SR-IOV",
        ext_cap_header<id, 1, Next>, reg_list<cap, ctl, sta, initial, total, num, fdl, fvo, stride, vf_did,
                                                      page_sizes, system_page>,
        vf_bar_regs, reg_list<migration>>;
};

template <sriov_params P, class VfBars, class Routing>
struct sriov<P, VfBars, Routing>::recompute {
    template <class Device>
    static constexpr void on_write(Device& dev, const write_event&) { update(dev); }
    template <class Device>
    static constexpr void update(Device& dev) {
        const auto n = static_cast<std::uint16_t>(dev.template get<num>());
        const bool ari = dev.template get<ctl, "ARI">();
        dev.template set<fvo>(Routing::first_vf_offset(n, ari));
        dev.template set<stride>(Routing::vf_stride(n, ari));
        regspace::detail::notify_parts<notice::vfs_changed>(dev, [&](auto& part) { part.vfs_changed(dev); });
    }
    // A PF reset clears VF Enable and NumVFs: its VFs disappear (§9.3.3.3.1).
    template <class Device>
    static constexpr void on_reset(Device& dev, reset_kind) {
        update(dev);
    }
};

template <sriov_params P, class VfBars, class Routing>
struct sriov<P, VfBars, Routing>::align_vf_bars {
    template <class Device>
    static constexpr void on_write(Device& dev, const write_event&) {
        const std::uint64_t page = page_bytes(dev.template get<system_page>());
        // Memory BAR address bits 31:4 below the page are cleared in each lower dword; the upper
        // dword of a 64-bit BAR holds bits 63:32, above any page size.
        const auto low_bits = static_cast<std::uint32_t>((page - 1) & ~std::uint64_t{0xf});
        []<class... R>(regspace::detail::type_list<R...>, Device& d, std::uint32_t clear) {
            ((has_type_field<R>() ? d.template set<R>(d.template get<R>() & ~clear) : void()), ...);
        }(vf_bar_regs{}, dev, low_bits);
    }
    template <class R>
    static constexpr bool has_type_field() {
        bool t = false;
        [&]<class... F>(regspace::detail::type_list<F...>) { ((t |= F::name.view() == "TYPE"), ...); }(typename R::fields{});
        return t;
    }
};

// A VF's configuration space header (§9.3.4.1): Vendor and Device ID read FFFFh, BARs are RO
// zero (a VF's BARs are the PF's VF BARs plus index x size), Command has no I/O or memory enable.
template <std::uint8_t CapPtr>
struct vf_header_regs {
    using vid = reg<"VID", 0x00, 2, doc<"Vendor ID (reads FFFFh in a VF)">, spec<"PCIe r6.0 section 9.3.4.1.1">,
                    field<"VID", 0, 16, access::ro, 0xffff, "vendor ID", values<value<0xffff, "invalid">>>>;
    using did = reg<"DID", 0x02, 2, doc<"Device ID (reads FFFFh in a VF)">, spec<"PCIe r6.0 section 9.3.4.1.2">,
                    field<"DID", 0, 16, access::ro, 0xffff, "device ID (the PF's VF Device ID applies)">>;
    // §9.3.4.1.3: I/O and memory enables are RsvdP in a VF (the PF's VF MSE governs), Interrupt
    // Disable does not apply (VFs have no INTx) and reads 0.
    using command = reg<"COMMAND", 0x04, 2, doc<"Command">, spec<"PCIe r6.0 section 9.3.4.1.3">,
                        bit<"BME", 2, access::rw, 0, "bus master enable">>;
    using status = reg<"STATUS", 0x06, 2, doc<"Status">, spec<"PCIe r6.0 section 9.3.4.1.4">,
                       bit<"CL", 4, access::ro, (CapPtr != 0), "capabilities list">,
                       bit<"STA", 11, access::rw1c, 0, "signaled target abort">,
                       bit<"RTA", 12, access::rw1c, 0, "received target abort">,
                       bit<"RMA", 13, access::rw1c, 0, "received master abort">,
                       bit<"SSE", 14, access::rw1c, 0, "signaled system error">,
                       bit<"DPE", 15, access::rw1c, 0, "detected parity error">>;
    using cap_ptr = reg<"CAP_PTR", 0x34, 1, doc<"Capabilities Pointer">, spec<"PCIe r6.0 section 9.3.4.1.16">,
                        field<"PTR", 0, 8, access::ro, CapPtr, "first capability", values<value<0, "none">>>>;
};

// The VF header: identity registers as the spec fixes them; class code and revision from Id.
template <identity Id>
struct vf_header {
    template <std::uint8_t CapPtr>
    struct with_cap_ptr {
        using common = vf_header_regs<CapPtr>;
        using rid = reg<"RID", 0x08, 1, doc<"Revision ID">, spec<"PCIe r6.0 section 9.3.4.1.5">,
                        field<"RID", 0, 8, access::ro, Id.revision, "revision ID">>;
        using cc = reg<"CLASS", 0x09, 1, doc<"Class Code: Programming Interface">, spec<"PCIe r6.0 section 9.3.4.1.6">,
                       field<"PI", 0, 8, access::ro, (Id.class_code & 0xff), "programming interface">>;
        using scc = reg<"SCC", 0x0a, 1, doc<"Class Code: Sub-Class">, spec<"PCIe r6.0 section 9.3.4.1.6">,
                        field<"SCC", 0, 8, access::ro, ((Id.class_code >> 8) & 0xff), "sub-class">>;
        using bcc = reg<"BCC", 0x0b, 1, doc<"Class Code: Base Class">, spec<"PCIe r6.0 section 9.3.4.1.6">,
                        field<"BCC", 0, 8, access::ro, ((Id.class_code >> 16) & 0xff), "base class">>;
        using svid = reg<"SVID", 0x2c, 2, doc<"Subsystem Vendor ID">, spec<"PCIe r6.0 section 9.3.4.1.13">,
                         field<"SVID", 0, 16, access::ro, Id.subsystem_vendor, "subsystem vendor ID">>;
        using ssid = reg<"SSID", 0x2e, 2, doc<"Subsystem ID">, spec<"PCIe r6.0 section 9.3.4.1.14">,
                         field<"SSID", 0, 16, access::ro, Id.subsystem, "subsystem ID">>;
        using registers = regspace::detail::type_list<typename common::vid, typename common::did, typename common::command,
                                            typename common::status, rid, cc, scc, bcc, svid, ssid,
                                            typename common::cap_ptr>;
    };
};

// The virtual functions of a PF: created when VF Enable is set, NumVFs of them, each a device of
// its own VfSpace; removed when it is cleared (§9.3.3.3.1). Routing IDs follow First VF Offset
// and VF Stride. Use it from the PF's hooks: void vfs_changed(auto& pf) { vfs.sync<Cap>(pf); }
template <class VfSpace>
class virtual_functions {
public:
    template <class Cap, class PfDevice>
    void sync(const PfDevice& pf) {
        const bool enabled = pf.template get<typename Cap::ctl, "VFE">();
        const unsigned n = enabled ? pf.template get<typename Cap::num>() : 0;
        const unsigned total = pf.template get<typename Cap::total>();
        const unsigned count = n <= total ? n : 0;  // NumVFs > TotalVFs: undefined; we enable none
        if (count != vfs_.size()) vfs_.assign(count, device<VfSpace>{});
        first_offset_ = pf.template get<typename Cap::fvo>();
        stride_ = pf.template get<typename Cap::stride>();
    }
    [[nodiscard]] std::size_t size() const noexcept { return vfs_.size(); }
    [[nodiscard]] device<VfSpace>& operator[](std::size_t i) { return vfs_[i]; }
    // Routing ID of VF i (0-based) relative to the PF's: First VF Offset + i * VF Stride.
    [[nodiscard]] unsigned routing_offset(std::size_t i) const noexcept {
        return first_offset_ + static_cast<unsigned>(i) * stride_;
    }
    // The VF that answers at `pf_rid + offset`, or nullptr.
    [[nodiscard]] device<VfSpace>* at_routing_offset(unsigned offset) {
        for (std::size_t i = 0; i < vfs_.size(); ++i)
            if (routing_offset(i) == offset) return &vfs_[i];
        return nullptr;
    }

private:
    std::vector<device<VfSpace>> vfs_;
    unsigned first_offset_ = 0, stride_ = 0;
};

// Address of VF `index`'s BAR `Slot`: the PF's VF BAR base plus index times the per-VF size
// (§9.3.3.14), for 32- and 64-bit VF BARs.
template <class Cap, unsigned Slot, class PfDevice>
std::uint64_t vf_bar_address(const PfDevice& pf, unsigned index) {
    using B = typename Cap::vf_bars;
    static_assert(regspace::detail::reported(detail::vf_bar_starts_in_slot<Cap, Slot, (Slot < 6 && B::sizes[Slot] != 0)>()));
    using regs = typename Cap::vf_bar_regs;  // one register per slot, in order
    using lo = regspace::detail::nth_t<Slot, regs>;
    std::uint64_t base = pf.template get<lo>() & ~std::uint64_t{0xf};
    if ((pf.template get<lo>() & 0x6) == 0x4) base |= std::uint64_t{pf.template get<regspace::detail::nth_t<Slot + 1, regs>>()} << 32;
    return base + std::uint64_t{index} * Cap::vf_bar_stride(pf, Slot);
}

}  // namespace regspace::pci

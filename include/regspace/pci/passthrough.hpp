// SPDX-License-Identifier: MIT
// regspace/pci/passthrough.hpp - a filtered view of a real function's configuration space.
//
// A hypervisor that passes a device through shows the guest the device's own config space, but
// only what it has reviewed (Xen's XSA-131: writes to undescribed config bytes reached hardware
// and could wedge the host). This view wraps a backing space (a real device's, or a dump loaded
// with config_dump) and
//   - forwards the type 0 header, writing only the bits the PCI spec makes writable and keeping
//     the backing's own value in every other bit (RsvdP preserved, RO untouched);
//   - exposes only an allowlist of capabilities, relinking Capabilities Pointer and every NEXT
//     past the hidden ones, and clearing Status.CL when none remain;
//   - makes hidden and undescribed bytes read 0 and ignore writes;
//   - hides the extended space (0x100-0xFFF reads 0) unless an extended capability is allowed.
// Inside allowed capabilities the spec's writable bits (from this library's own description of PM,
// MSI, MSI-X and PCIe) are forwarded and every other bit keeps the device's value; an allowed
// capability the library does not describe (for now every extended one) is visible but read-only.
// MSI mask bits of vectors the function does not have keep the device's value.
//
// Host-owned bits (host_owned.hpp, on by default) are emulated as QEMU's xen_pt and Xen's pciback
// do: the guest reads and writes a copy, the device keeps the host's value. on_emulated_write
// tells the host when the guest changed its copy; filter_bar_write lets it see, and refuse, every
// BAR or expansion ROM change before it reaches the device.
//
// The backing's capabilities are found by walk_capabilities (capability_walk.hpp); config_dump
// (config_dump.hpp) is a backing loaded from lspci's hex dump.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <vector>

#include <regspace/detail/bits.hpp>
#include <regspace/detail/layout.hpp>
#include <regspace/device.hpp>
#include <regspace/pci/capability_walk.hpp>
#include <regspace/pci/config_dump.hpp>
#include <regspace/pci/config_space.hpp>
#include <regspace/pci/header_type0.hpp>
#include <regspace/pci/host_owned.hpp>
#include <regspace/pci/msi.hpp>
#include <regspace/pci/msix.hpp>
#include <regspace/pci/pcie.hpp>
#include <regspace/pci/pm.hpp>

namespace regspace::pci {

namespace detail {
// Per byte of a capability placed at 0: the bits a guest may write (RW, RW1C, RW1S and friends).
// (Delay: a template parameter of the caller, so that the call is evaluated only when the caller
// is instantiated.)
template <class Block, std::size_t Len, class Delay = void>
constexpr std::array<std::uint8_t, 64> writable_bytes() {
    using S = space<"mask", 64, place<Block, 0>>;
    const auto& m = regspace::detail::model_of<S>;
    std::array<std::uint8_t, 64> out{};
    for (std::size_t i = 0; i < Len && i < 64; ++i) {
        const auto& l = m.lanes[i / 8];
        out[i] = static_cast<std::uint8_t>((l.writable | l.w1c | l.w1s) >> ((i % 8) * 8));
    }
    return out;
}
// T, named through a template's parameter (Context), so that what it names is evaluated when
// that template is instantiated.
template <class T, class Context>
struct delayed {
    using type = T;
};
// Variable templates, so that only a translation unit that instantiates passthrough_view pays
// for folding these capabilities (about a second of GCC's time; docs/performance.md). The view
// names them, and its header's model, through delayed<..., Backing>: Clang evaluates a constant
// that a template names without a dependent argument where the template is defined, in every
// translation unit that includes this header (0.6 s of Clang 14's 2 s for pci.hpp).
template <class T = void>
inline constexpr auto pm_mask = writable_bytes<pm<>::block<0>, 8, T>();
template <class T = void>
inline constexpr auto msi_masks = std::array{
    writable_bytes<msi<msi_params{.vectors = 32, .address_64 = false}>::block<0>, 10, T>(),
    writable_bytes<msi<msi_params{.vectors = 32, .address_64 = true}>::block<0>, 14, T>(),
    writable_bytes<msi<msi_params{.vectors = 32, .address_64 = false, .per_vector_mask = true}>::block<0>, 20, T>(),
    writable_bytes<msi<msi_params{.vectors = 32, .address_64 = true, .per_vector_mask = true}>::block<0>, 24, T>()};
template <class T = void>
inline constexpr auto msix_mask =
    writable_bytes<msix::capability<msix::params{.vectors = 1, .bar_size = 4096}>::block<0>, 12, T>();
template <class T = void>
inline constexpr auto pcie_ep_mask = writable_bytes<pcie<pcie_params{}>::block<0>, 0x3c, T>();
template <class T = void>
inline constexpr auto pcie_rp_mask =
    writable_bytes<pcie<pcie_params{.type = port_type::root_port, .slot = true}>::block<0>, 0x3c, T>();
}  // namespace detail

template <class Backing>
class passthrough_view {
public:
    static constexpr unsigned size = 4096;

    // Called after a guest write changed bits the host owns (their copy), with the access: e.g.
    // to program the physical MSI when the guest enables its own.
    std::function<void(unsigned offset, unsigned size)> on_emulated_write;
    // Called before a guest write changes a BAR (slot 0-5) or the expansion ROM (slot 6) in the
    // device, with the register's current and would-be value; false refuses those bytes of the
    // write (a host that must not let the guest move a BAR the host has mapped).
    std::function<bool(unsigned slot, std::uint32_t old, std::uint32_t now)> filter_bar_write;

    // `allowed` / `allowed_ext`: capability IDs the guest may see (e.g. 0x01 PM, 0x05 MSI, 0x10
    // PCIe; 0x0001 AER). `capability_bytes` gives each visible capability's length, read from the
    // backing where the spec makes it variable.
    passthrough_view(Backing* backing, std::initializer_list<std::uint8_t> allowed,
                     std::initializer_list<std::uint16_t> allowed_ext = {}, host_owned owned = {})
        : passthrough_view(backing, std::span<const std::uint8_t>(allowed.begin(), allowed.size()),
                           std::span<const std::uint16_t>(allowed_ext.begin(), allowed_ext.size()), owned) {}
    // The same with lists known only at run time (a command line's).
    passthrough_view(Backing* backing, std::span<const std::uint8_t> allowed, std::span<const std::uint16_t> allowed_ext,
                     host_owned owned = {})
        : backing_(backing) {
        caps_ = walk_capabilities(*backing, size);
        std::vector<found_capability> shown_std, shown_ext;
        for (const found_capability& c : caps_) {
            bool ok = false;
            if (!c.extended) {
                for (auto id : allowed) ok |= id == c.id;
                if (ok) shown_std.push_back(c);
            } else {
                for (auto id : allowed_ext) ok |= id == c.id;
                if (ok) shown_ext.push_back(c);
            }
        }
        if ((backing->read(0x0e, 1) & 0x7f) != 0)
            throw std::invalid_argument("passthrough_view: only type 0 (endpoint) headers are supported");
        for (std::size_t i = 0; i < size; ++i) src_[i] = static_cast<std::uint16_t>(i);
        // Header: every byte forwarded through the type 0 header's writable masks...
        for (unsigned i = 0; i < 0x40; ++i) {
            kind_[i] = byte_kind::header;
            const auto& m = header_model.lanes[i / 8];
            wmask_[i] = static_cast<std::uint8_t>((m.writable | m.w1c | m.w1s) >> ((i % 8) * 8));
        }
        // ...except the BARs, whose writable bits follow the device's own BAR types (§6.2.5.1):
        // I/O bits 31:2, memory bits 31:4, all of the upper dword of a 64-bit BAR, ROM 31:11 and
        // its enable. The device's read-back of all-ones then sizes the BAR as usual.
        for (unsigned slot = 0; slot < 6; ++slot) {
            const auto bar = static_cast<std::uint32_t>(backing->read(0x10 + 4 * slot, 4));
            std::uint32_t mask = (bar & 1) ? 0xfffffffcu : 0xfffffff0u;
            set_mask(0x10 + 4 * slot, mask);
            if (!(bar & 1) && (bar & 6) == 4 && slot < 5) set_mask(0x10 + 4 * ++slot, 0xffffffffu);
        }
        set_mask(0x30, 0xfffff801u);
        emask_[0x04] = static_cast<std::uint8_t>(owned.command & wmask_[0x04]);
        emask_[0x05] = static_cast<std::uint8_t>((owned.command >> 8) & wmask_[0x05]);
        cap_ptr_ = shown_std.empty() ? 0 : static_cast<std::uint8_t>(shown_std.front().offset);
        // A capability's bytes end at the next capability (visible or not), so an assumed length
        // never spills into a neighbour; IDs and links are marked last so nothing overwrites them.
        for (const found_capability& c : shown_std) {
            const unsigned len = std::min(capability_length(c), next_start(c) - c.offset);
            const std::array<std::uint8_t, 64>* mask = writable_mask(c);
            for (unsigned i = 2; i < len; ++i) {
                kind_[c.offset + i] = byte_kind::forwarded;
                wmask_[c.offset + i] = mask && i < 64 ? (*mask)[i] : 0;
            }
            if (c.id == 0x05) {
                limit_msi_mask(c, len);
                if (owned.msi) emulate_msi(c, len);
            }
        }
        for (std::size_t k = 0; k < shown_std.size(); ++k) {
            const found_capability& c = shown_std[k];
            kind_[c.offset] = byte_kind::cap_id;
            kind_[c.offset + 1] = byte_kind::relinked;
            next_[c.offset + 1] = k + 1 < shown_std.size() ? static_cast<std::uint16_t>(shown_std[k + 1].offset) : 0;
        }
        for (std::size_t k = 0; k < shown_ext.size(); ++k) {
            const found_capability& c = shown_ext[k];
            const unsigned len = std::min(capability_length(c), next_start(c) - c.offset);
            for (unsigned i = 4; i < len; ++i) kind_[c.offset + i] = byte_kind::forwarded;
            for (unsigned i = 0; i < 4; ++i) kind_[c.offset + i] = byte_kind::ext_header;
            next_[c.offset] = k + 1 < shown_ext.size() ? static_cast<std::uint16_t>(shown_ext[k + 1].offset) : 0;
        }
        // The guest finds the extended list at 0x100: when the first shown capability lives
        // elsewhere, all of it is presented at 0x100 too (its header relinked as at home).
        if (!shown_ext.empty() && shown_ext.front().offset != 0x100) {
            const found_capability& c = shown_ext.front();
            const unsigned len = std::min(capability_length(c), next_start(c) - c.offset);
            for (unsigned i = 0; i < len && 0x100 + i < c.offset; ++i) {
                kind_[0x100 + i] = kind_[c.offset + i];
                wmask_[0x100 + i] = wmask_[c.offset + i];
                src_[0x100 + i] = static_cast<std::uint16_t>(c.offset + i);
            }
            next_[0x100] = next_[c.offset];
        }
    }

    [[nodiscard]] const std::vector<found_capability>& backing_capabilities() const { return caps_; }

    // The function was reset: the guest's copies of host-owned bits return to their reset value,
    // 0 (COMMAND's enables; MSI Enable, address, data and masks), as the device's own did.
    void reset_emulated() noexcept { shadow_.fill(0); }

    std::uint64_t read(unsigned off, unsigned n) const {
        if (!(n == 1 || n == 2 || n == 4) || off >= size || n > size - off) return regspace::detail::all_ones(n);
        std::uint64_t v = 0;
        for (unsigned i = 0; i < n; ++i) v |= std::uint64_t{read_byte(off + i)} << (8 * i);
        return v;
    }

    void write(unsigned off, unsigned n, std::uint64_t v) {
        if (!(n == 1 || n == 2 || n == 4) || off >= size || n > size - off) return;
        const unsigned refused = refused_bar_bytes(off, n, v);
        bool emulated = false;
        for (unsigned i = 0; i < n; ++i) {
            const unsigned o = off + i;
            const auto b = static_cast<std::uint8_t>(v >> (8 * i));
            if ((refused >> i) & 1) continue;
            switch (kind_[o]) {
                case byte_kind::header:
                case byte_kind::forwarded: {
                    // Host-owned writable bits go to the guest's copy...
                    const auto e = static_cast<std::uint8_t>(wmask_[o] & emask_[o]);
                    if (e) {
                        const std::uint8_t was = shadow_[o];
                        shadow_[o] = static_cast<std::uint8_t>((b & e) | (shadow_[o] & ~e));
                        if (o == msi_ctl_) clamp_mme();
                        emulated |= shadow_[o] != was;
                    }
                    // ...the other writable bits to the device, every other bit as it has it.
                    const auto w = static_cast<std::uint8_t>(wmask_[o] & ~emask_[o]);
                    if (w == 0) break;
                    const auto cur = static_cast<std::uint8_t>(backing_->read(src_[o], 1));
                    backing_->write(src_[o], 1, static_cast<std::uint8_t>((b & w) | (cur & ~w)));
                    break;
                }
                default: break;  // hidden, undescribed, capability IDs and links: read-only
            }
        }
        if (emulated && on_emulated_write) on_emulated_write(off, n);
    }

private:
    enum class byte_kind : std::uint8_t { hidden, header, forwarded, cap_id, relinked, ext_header };
    using header_space = config_space_t<"passthrough header", type0<identity{}, bars<mem32_bar<16>, mem32_bar<16>,
                                        mem32_bar<16>, mem32_bar<16>, mem32_bar<16>, mem32_bar<16>>, rom_bar<2048>>>;
    static constexpr const auto& header_model = regspace::detail::model_of<
        typename detail::delayed<header_space, Backing>::type>;

    std::uint8_t read_byte(unsigned o) const {
        const std::uint8_t device = device_byte(o);
        return static_cast<std::uint8_t>((device & ~emask_[o]) | (shadow_[o] & emask_[o]));
    }
    std::uint8_t device_byte(unsigned o) const {
        switch (kind_[o]) {
            case byte_kind::hidden: return 0;
            case byte_kind::header:
                if (o == 0x34) return cap_ptr_;
                if (o == 0x06) {
                    const auto s = static_cast<std::uint8_t>(backing_->read(0x06, 1));
                    return static_cast<std::uint8_t>(cap_ptr_ ? s | 0x10 : s & ~0x10);
                }
                return static_cast<std::uint8_t>(backing_->read(o, 1));
            case byte_kind::forwarded:
            case byte_kind::cap_id: return static_cast<std::uint8_t>(backing_->read(src_[o], 1));
            case byte_kind::relinked: return static_cast<std::uint8_t>(next_[o]);
            case byte_kind::ext_header: {
                const unsigned base = o & ~3u;
                const auto hdr = static_cast<std::uint32_t>(backing_->read(src_[base], 4));
                const std::uint32_t relinked = (hdr & 0x000fffff) | (static_cast<std::uint32_t>(next_[base]) << 20);
                return static_cast<std::uint8_t>(relinked >> (8 * (o - base)));
            }
        }
        return 0;
    }

    // Bytes of [off, off+n) that belong to a BAR or the ROM whose change filter_bar_write refuses
    // (bit i: byte off+i). A register's bytes are judged together, as the value it would hold.
    unsigned refused_bar_bytes(unsigned off, unsigned n, std::uint64_t v) const {
        if (!filter_bar_write) return 0;
        unsigned refused = 0;
        for (unsigned slot = 0; slot < 7; ++slot) {
            const unsigned base = slot < 6 ? 0x10 + 4 * slot : 0x30;
            if (off >= base + 4 || base >= off + n) continue;
            const auto old = static_cast<std::uint32_t>(backing_->read(base, 4));
            std::uint32_t now = old;
            unsigned bytes = 0;
            for (unsigned j = 0; j < 4; ++j) {
                if (base + j < off || base + j >= off + n) continue;
                const std::uint32_t w = wmask_[base + j] & static_cast<std::uint8_t>(~emask_[base + j]);
                const auto b = static_cast<std::uint32_t>((v >> (8 * (base + j - off))) & 0xff);
                now = (now & ~(w << (8 * j))) | ((b & w) << (8 * j));
                bytes |= 1u << (base + j - off);
            }
            if (now != old && !filter_bar_write(slot, old, now)) refused |= bytes;
        }
        return refused;
    }

    // MSI as the guest's copy (host_owned::msi): Message Control's writable bits, the address,
    // data and mask bits; Pending reads 0. Multiple Message Capable, 64-bit and Per-Vector
    // Masking still come from the device.
    void emulate_msi(const found_capability& c, unsigned len) {
        const auto ctl = backing_->read(c.offset + 2, 2);
        const unsigned pending_at = c.offset + ((ctl & 0x80) ? 0x14 : 0x10);
        for (unsigned i = 2; i < len; ++i) {
            const unsigned o = c.offset + i;
            emask_[o] = (ctl & 0x100) && o >= pending_at && o < pending_at + 4 ? 0xff : wmask_[o];
        }
        msi_ctl_ = c.offset + 2;
        msi_mmc_ = static_cast<unsigned>((ctl >> 1) & 7);
    }
    // Multiple Message Enable never exceeds Multiple Message Capable (PCI LB 3.0 §6.8.1.3).
    void clamp_mme() {
        const unsigned mme = (shadow_[msi_ctl_] >> 4) & 7;
        if (mme > msi_mmc_)
            shadow_[msi_ctl_] = static_cast<std::uint8_t>((shadow_[msi_ctl_] & ~0x70u) | (msi_mmc_ << 4));
    }

    // MSI Mask Bits beyond the function's vector count are reserved (PCI LB 3.0 §6.8.1.7): they
    // keep the device's value.
    void limit_msi_mask(const found_capability& c, unsigned len) {
        const auto ctl = backing_->read(c.offset + 2, 2);
        if (!(ctl & 0x100)) return;
        const unsigned mask_at = c.offset + ((ctl & 0x80) ? 0x10 : 0x0c);
        const unsigned vectors = 1u << ((ctl >> 1) & 7);
        const auto bits = static_cast<std::uint32_t>(regspace::detail::low_bits(vectors));
        if (mask_at + 4 <= c.offset + len) set_mask(mask_at, bits);
    }
    void set_mask(unsigned off, std::uint32_t mask) {
        for (unsigned i = 0; i < 4; ++i) wmask_[off + i] = static_cast<std::uint8_t>(mask >> (8 * i));
    }
    // Where the capability at c.offset must end: the next capability of the same kind in the
    // device, or the end of its region.
    unsigned next_start(const found_capability& c) const {
        unsigned end = c.extended ? size : 0x100u;
        for (const found_capability& o : caps_)
            if (o.extended == c.extended && o.offset > c.offset && o.offset < end) end = o.offset;
        return end;
    }

    // Writable bits of the capabilities this library describes; nullptr: read-only to the guest.
    const std::array<std::uint8_t, 64>* writable_mask(const found_capability& c) const {
        namespace pd = detail;
        using when = typename pd::delayed<void, Backing>::type;
        switch (c.id) {
            case 0x01: return &pd::pm_mask<when>;
            case 0x05: {
                const auto ctl = backing_->read(c.offset + 2, 2);
                return &pd::msi_masks<when>[((ctl >> 7) & 1) | (((ctl >> 8) & 1) << 1)];
            }
            case 0x11: return &pd::msix_mask<when>;
            case 0x10: {
                const auto type = (backing_->read(c.offset + 2, 2) >> 4) & 0xf;
                return type == 0x4 ? &pd::pcie_rp_mask<when> : &pd::pcie_ep_mask<when>;
            }
            default: return nullptr;
        }
    }

    // Lengths of the capabilities this view can expose (PCI LB 3.0 §6.7-6.8, PCIe r6.0 §7).
    unsigned capability_length(const found_capability& c) const {
        if (!c.extended) {
            switch (c.id) {
                case 0x01: return 8;                                     // PM
                case 0x05: {                                             // MSI
                    const auto ctl = backing_->read(c.offset + 2, 2);
                    const unsigned base = (ctl & 0x80) ? 14 : 10;
                    return (ctl & 0x100) ? base + 10 : base;
                }
                case 0x10:                                               // PCIe: v1 0x24, v2 0x3c
                    return (backing_->read(c.offset + 2, 1) & 0xf) >= 2 ? 0x3c : 0x24;
                case 0x11: return 12;                                    // MSI-X
                default: return 4;                                       // header and one dword
            }
        }
        switch (c.id) {
            case 0x0001: return 0x48;  // AER
            case 0x0010: return 0x40;  // SR-IOV
            default: return 4;
        }
    }

    Backing* backing_;
    std::vector<found_capability> caps_;
    std::array<byte_kind, size> kind_{};
    std::array<std::uint16_t, size> next_{};
    std::array<std::uint8_t, size> wmask_{};  // guest-writable bits per forwarded byte
    std::array<std::uint16_t, size> src_{};   // the backing offset each byte comes from
    std::array<std::uint8_t, size> emask_{};  // host-owned bits: the guest sees shadow_ there
    std::array<std::uint8_t, size> shadow_{};
    unsigned msi_ctl_ = size;                 // offset of MSI Message Control's low byte, if emulated
    unsigned msi_mmc_ = 0;
    std::uint8_t cap_ptr_ = 0;
};

}  // namespace regspace::pci

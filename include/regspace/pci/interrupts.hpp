// SPDX-License-Identifier: MIT
// regspace/pci/interrupts.hpp - signalling interrupts from the device side: INTx and MSI.
//
// A device model decides *that* it interrupts; the spec decides *how*, from registers the guest
// programs. These helpers read those registers, so a model never re-derives them:
//
//   INTx (PCI LB 3.0 §2.2.6, §6.2.2-6.2.3): level-triggered. While the function has an
//   interrupt pending, Status.Interrupt Status reads 1, whatever Command.Interrupt Disable says;
//   the line the platform sees is asserted while it is pending and not disabled. Writing
//   Interrupt Disable therefore changes the line without changing the pending state
//   (intx_level() recomputes it).
//
//   MSI (§6.8.1): a memory write of Message Data to Message Address, sent only while MSI Enable
//   is set; the vector is added to the data's low bits (Multiple Message Enable says how many).
//   With Per-vector Masking a masked vector sets its Pending bit instead; unmasking it sends the
//   message (msi_unmasked()). The write is a bus-master transaction: with Bus Master Enable clear
//   it is not sent (QEMU drops it: pci_msi_trigger on bus_master_as).
#pragma once

#include <cstdint>
#include <optional>

#include <regspace/pci/header_common.hpp>
#include <regspace/pci/msix.hpp>

namespace regspace::pci {

// The message an MSI (or MSI-X) vector sends: the platform performs this write.
struct msi_message {
    std::uint64_t address = 0;
    std::uint32_t data = 0;
    friend constexpr bool operator==(const msi_message&, const msi_message&) = default;
};

// INTx: sets Status.Interrupt Status to `pending` and returns the line level the platform must
// see (pending and Command.Interrupt Disable clear). Status is the header's STATUS register type
// (config_space<>::header::status).
template <class Status, class Cfg>
constexpr bool set_intx(Cfg& cfg, bool pending) {
    cfg.template set<Status, "INTS">(pending ? 1 : 0);
    return pending && !cfg.template get<command_reg, "INTxD">();
}
// The line level for the current state (after the guest wrote Interrupt Disable, say).
template <class Status, class Cfg>
[[nodiscard]] constexpr bool intx_level(const Cfg& cfg) {
    return cfg.template get<Status, "INTS">() && !cfg.template get<command_reg, "INTxD">();
}

// MSI: whether the function signals by MSI (MSI Enable set).
template <class Msi, class Cfg>
[[nodiscard]] constexpr bool msi_enabled(const Cfg& cfg) {
    return cfg.template get<typename Msi::msgctl, "MSIE">() != 0;
}

// MSI vector `vector`: the message to send now, or nothing (MSI off, bus mastering off, a vector
// beyond those enabled, or masked: then its Pending bit is set and the message waits for
// msi_unmasked()).
template <class Msi, class Cfg>
constexpr std::optional<msi_message> msi_signal(Cfg& cfg, unsigned vector = 0) {
    if (!msi_enabled<Msi>(cfg)) return std::nullopt;
    // MME above MMC (the device side may set it) enables no more than the function has.
    const unsigned mme = static_cast<unsigned>(cfg.template get<typename Msi::msgctl, "MME">());
    const unsigned enabled = mme > Msi::mmc ? Msi::vectors : 1u << mme;
    if (vector >= enabled) return std::nullopt;
    // A masked vector is held pending whether or not the function may master the bus (QEMU msi_notify).
    if constexpr (Msi::params.per_vector_mask) {
        if ((cfg.template get<typename Msi::mask>() >> vector) & 1) {
            cfg.template set<typename Msi::pending>(cfg.template get<typename Msi::pending>() | (1u << vector));
            return std::nullopt;
        }
    }
    if (!cfg.template get<command_reg, "BME">()) return std::nullopt;
    msi_message m;
    m.address = cfg.template get<typename Msi::msgaddr>();
    if constexpr (Msi::params.address_64) m.address |= std::uint64_t{cfg.template get<typename Msi::msguaddr>()} << 32;
    // §6.8.1.6: the function modifies the low log2(enabled) bits of the data to pick the vector.
    m.data = (cfg.template get<typename Msi::msgdata>() & ~(enabled - 1)) | vector;
    return m;
}

// After the guest unmasks vector `vector`: the message it held pending, if any (the Pending bit
// clears as it is sent).
template <class Msi, class Cfg>
constexpr std::optional<msi_message> msi_unmasked(Cfg& cfg, unsigned vector) {
    if constexpr (!Msi::params.per_vector_mask) {
        (void)cfg, (void)vector;
        return std::nullopt;
    } else {
        if (vector >= Msi::vectors) return std::nullopt;
        const auto pend = cfg.template get<typename Msi::pending>();
        if (!((pend >> vector) & 1) || ((cfg.template get<typename Msi::mask>() >> vector) & 1)) return std::nullopt;
        auto m = msi_signal<Msi>(cfg, vector);
        if (m) cfg.template set<typename Msi::pending>(pend & ~(1u << vector));
        return m;
    }
}

// MSI-X through the same interface: vector `vector`'s message from its table entry, or nothing
// (MSI-X off; masked by the entry or Function Mask, which sets its Pending bit as
// pci::msix_signal does; bus mastering off, which drops it as QEMU's msi_send_message does).
template <class Cap, class Cfg, class Table, class Pba>
std::optional<msi_message> msix_message(Cfg& cfg, Table& table, Pba& pba, unsigned vector) {
    std::optional<msi_message> m;
    msix_signal<Cap>(cfg, table, pba, vector,
                     [&](std::uint64_t address, std::uint32_t data) { m = msi_message{address, data}; });
    if (!cfg.template get<command_reg, "BME">()) return std::nullopt;
    return m;
}

}  // namespace regspace::pci

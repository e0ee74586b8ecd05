// SPDX-License-Identifier: MIT
// regspace/pci/msix.hpp - the MSI-X capability and its table and PBA (PCI Local Bus Spec 3.0
// §6.8.2; PCIe r6.0 §7.7.2).
//
// The capability lives in configuration space; the table (16 bytes per vector) and the Pending
// Bit Array live in memory BARs, so they are an MMIO space of their own (max_access<8>) that the
// platform maps over the named BAR. Both are derived from the same parameters, so they agree.
#pragma once

#include <cstdint>

#include <regspace/detail/diagnostic.hpp>
#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/field.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/register.hpp>
#include <regspace/space.hpp>

namespace regspace::pci {

namespace msix {
// The capability's parameters: the vector count (Table Size + 1, §6.8.2.3), where the table and
// the PBA live (Table/PBA BIR and offset, §6.8.2.4-5) and the size of the BAR(s) holding them.
struct params {
    unsigned vectors = 1;
    std::uint8_t table_bir = 0;
    std::uint32_t table_offset = 0;
    std::uint8_t pba_bir = 0;
    std::uint32_t pba_offset = 0;
    std::uint64_t bar_size = 0;  // size of the BAR(s) holding table and PBA
};

// One table entry (§6.8.2.6-9): Message Address (bits 1:0 reserved), Upper Address, Data and
// Vector Control whose Mask bit is set at reset.
using addr_lo = reg<"ADDR_LO", 0x0, 4, doc<"Message Address">, spec<"PCI LB 3.0 section 6.8.2.6">,
                    field<"ADDR", 2, 30, access::rw, 0, "message address [31:2]">>;
using addr_hi = reg<"ADDR_HI", 0x4, 4, doc<"Message Upper Address">, spec<"PCI LB 3.0 section 6.8.2.7">,
                    field<"ADDR", 0, 32, access::rw, 0, "message upper address">>;
using data = reg<"DATA", 0x8, 4, doc<"Message Data">, spec<"PCI LB 3.0 section 6.8.2.8">,
                 field<"DATA", 0, 32, access::rw, 0, "message data">>;
using vector_control = reg<"VECTOR_CTRL", 0xc, 4, doc<"Vector Control">, spec<"PCI LB 3.0 section 6.8.2.9">,
                           bit<"MASK", 0, access::rw, 1, "vector masked",
                               values<value<0, "unmasked">, value<1, "masked">>>>;
using table_entry = block<"MSIX_ENTRY", addr_lo, addr_hi, data, vector_control>;
// 64 pending bits per qword, read-only to the guest, set by the device side (§6.8.2.10).
using pending = reg<"PENDING", 0x0, 8, doc<"Pending Bits">, spec<"PCI LB 3.0 section 6.8.2.10">,
                    field<"PENDING", 0, 64, access::ro, 0, "pending bits of 64 vectors, set by the device side">>;
using pba_qword = block<"MSIX_PBA", pending>;
}  // namespace msix

namespace detail {
// The layout rules of an MSI-X capability Cap (a msix::capability<...>), each naming it.
REGSPACE_DETAIL_RULE(msix_table_does_not_fit_its_bar, "the MSI-X table does not fit its BAR", class Cap)
REGSPACE_DETAIL_RULE(msix_pba_does_not_fit_its_bar, "the MSI-X PBA does not fit its BAR", class Cap)
REGSPACE_DETAIL_RULE(msix_table_and_pba_overlap, "the MSI-X table and PBA overlap", class Cap)
REGSPACE_DETAIL_RULE(msix_bad_layout, "MSI-X BIRs must be 0-5 and offsets qword aligned", class Cap)
REGSPACE_DETAIL_RULE(msix_vectors_1_to_2048,
                     "pci::msix::capability: msix::params::vectors must be 1 to 2048 (Table Size, PCI LB 3.0 section 6.8.2.3)",
                     unsigned Vectors)
// Table BIR / PBA BIR (§6.8.2.4): the BAR at 10h + 4 * BIR; 110b and 111b are reserved.
struct bir_values : values<value<0, "BAR0", "10h">, value<1, "BAR1", "14h">, value<2, "BAR2", "18h">,
                          value<3, "BAR3", "1Ch">, value<4, "BAR4", "20h">, value<5, "BAR5", "24h">> {};

// The end of the table BAR's size rule: its whole size, within what a rule's bounds hold (a BAR
// of 0 bytes is reported by the capability's own check, not by an empty rule).
constexpr unsigned msix_rule_end(std::uint64_t bar_size) noexcept {
    return bar_size == 0 ? 1u : bar_size > 0xffffffffu ? 0xffffffffu : static_cast<unsigned>(bar_size);
}
}  // namespace detail

namespace msix {
template <params P>
struct capability {
    static_assert(regspace::detail::reported(detail::msix_vectors_1_to_2048<P.vectors, (P.vectors >= 1 && P.vectors <= 2048)>()));
    static constexpr std::uint8_t id = 0x11;
    static constexpr bool extended = false;
    static constexpr unsigned bytes = 12;
    static constexpr unsigned vectors = P.vectors;
    static constexpr msix::params params = P;
    static constexpr std::uint64_t table_bytes = 16ull * P.vectors;
    static constexpr std::uint64_t pba_bytes = 8ull * ((P.vectors + 63) / 64);

    static constexpr bool valid =
        detail::msix_bad_layout<capability, (P.table_bir <= 5 && P.pba_bir <= 5 && P.table_offset % 8 == 0 &&
                                             P.pba_offset % 8 == 0)>() &&
        detail::msix_table_does_not_fit_its_bar<capability, (P.table_offset + table_bytes <= P.bar_size)>() &&
        detail::msix_pba_does_not_fit_its_bar<capability, (P.pba_offset + pba_bytes <= P.bar_size)>() &&
        detail::msix_table_and_pba_overlap<capability, (P.table_bir != P.pba_bir ||
                                                        P.table_offset + table_bytes <= P.pba_offset ||
                                                        P.pba_offset + pba_bytes <= P.table_offset)>();

    using msgctl = reg<"MSGCTL", 0x02, 2, doc<"Message Control">, spec<"PCI LB 3.0 section 6.8.2.3">,
        field<"TABLE_SIZE", 0, 11, access::ro, P.vectors - 1, "table size minus one">,
        bit<"FM", 14, access::rw, 0, "function mask">, bit<"MSIXE", 15, access::rw, 0, "MSI-X enable">>;
    using table = reg<"TABLE", 0x04, 4, doc<"Table Offset/Table BIR">, spec<"PCI LB 3.0 section 6.8.2.4">,
                      field<"BIR", 0, 3, access::ro, P.table_bir, "BAR indicator of the table", detail::bir_values>,
                      field<"OFFSET", 3, 29, access::ro, P.table_offset / 8, "table offset / 8">>;
    using pba = reg<"PBA", 0x08, 4, doc<"PBA Offset/PBA BIR">, spec<"PCI LB 3.0 section 6.8.2.5">,
                    field<"BIR", 0, 3, access::ro, P.pba_bir, "BAR indicator of the PBA", detail::bir_values>,
                    field<"OFFSET", 3, 29, access::ro, P.pba_offset / 8, "PBA offset / 8">>;

    template <std::uint8_t Next>
    using block = block_of<"MSI-X",
        cap_header<id, Next>, reg_list<msgctl, table, pba>>;

    // The MMIO space of the table's BAR (the PBA too when it shares the BAR), and of the PBA's BAR
    // when it does not. Bytes between and after them read 0 and ignore writes. Software accesses
    // the table and the PBA with aligned DWORDs or aligned QWORDs only (PCI LB 3.0 section 6.8.2;
    // QEMU's msix.c takes 4 to 8 bytes, never unaligned, and Xen's msix_accept the same): any
    // other access is refused, reads all-ones and changes nothing.
    using aligned_dwords_or_qwords = range_accepts<0, detail::msix_rule_end(P.bar_size),
                                                   sizes<4, 8>, naturally_aligned>;
    using table_space = std::conditional_t<
        P.table_bir == P.pba_bir,
        space<"MSI-X table+PBA", P.bar_size, max_access<8>, aligned_dwords_or_qwords,
              repeat<table_entry, P.table_offset, P.vectors, 16>, repeat<pba_qword, P.pba_offset, (P.vectors + 63) / 64, 8>>,
        space<"MSI-X table", P.bar_size, max_access<8>, aligned_dwords_or_qwords,
              repeat<table_entry, P.table_offset, P.vectors, 16>>>;
    using pba_space = space<"MSI-X PBA", P.bar_size, max_access<8>, aligned_dwords_or_qwords,
                            repeat<pba_qword, P.pba_offset, (P.vectors + 63) / 64, 8>>;
};
}  // namespace msix

}  // namespace regspace::pci

namespace regspace::pci {

namespace detail {
template <class TableDevice, class Deliver>
void send_msix_message(const TableDevice& table, unsigned vector, Deliver& deliver) {
    const std::uint64_t address = (std::uint64_t{table.template get<msix::addr_hi>(vector)} << 32) |
                                  table.template get<msix::addr_lo>(vector);
    deliver(address, static_cast<std::uint32_t>(table.template get<msix::data>(vector)));
}
}  // namespace detail

// The device side of MSI-X delivery (PCI LB 3.0 §6.8.2.8-9): a vector that fires while it or the
// whole function is masked sets its Pending bit instead of sending the message; when it is
// unmasked again the message is sent and the bit cleared. `deliver(address, data)` sends one.
// Returns true if the message was delivered now.
template <class Cap, class ConfigDevice, class TableDevice, class PbaDevice, class Deliver>
bool msix_signal(const ConfigDevice& cfg, TableDevice& table, PbaDevice& pba, unsigned vector, Deliver&& deliver) {
    if (vector >= Cap::vectors || !cfg.template get<typename Cap::msgctl, "MSIXE">()) return false;
    const bool masked = cfg.template get<typename Cap::msgctl, "FM">() ||
                        table.template get<msix::vector_control, "MASK">(vector);
    if (masked) {
        pba.template set<msix::pending>(pba.template get<msix::pending>(vector / 64) | (std::uint64_t{1} << (vector % 64)),
                                        vector / 64);
        return false;
    }
    detail::send_msix_message(table, vector, deliver);
    return true;
}

// After the guest unmasks vectors or the function: delivers every pending vector that is no
// longer masked and clears its Pending bit. Returns how many were delivered.
template <class Cap, class ConfigDevice, class TableDevice, class PbaDevice, class Deliver>
unsigned msix_flush_pending(const ConfigDevice& cfg, TableDevice& table, PbaDevice& pba, Deliver&& deliver) {
    if (!cfg.template get<typename Cap::msgctl, "MSIXE">() || cfg.template get<typename Cap::msgctl, "FM">()) return 0;
    unsigned n = 0;
    for (unsigned v = 0; v < Cap::vectors; ++v) {
        const std::uint64_t bits = pba.template get<msix::pending>(v / 64);
        if (!(bits >> (v % 64) & 1) || table.template get<msix::vector_control, "MASK">(v)) continue;
        pba.template set<msix::pending>(bits & ~(std::uint64_t{1} << (v % 64)), v / 64);
        detail::send_msix_message(table, v, deliver);
        ++n;
    }
    return n;
}

}  // namespace regspace::pci

// regspace/pci/pcie.hpp - the PCI Express capability (PCIe Base Specification r6.0 §7.5.3),
// version 2 layout (60 bytes), for endpoints and root ports.
#pragma once

#include <cstdint>
#include <type_traits>

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/field.hpp>
#include <regspace/hooks.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/pci/reset.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

enum class port_type : std::uint8_t { endpoint = 0x0, legacy_endpoint = 0x1, root_port = 0x4 };

struct pcie_params {
    port_type type = port_type::endpoint;
    std::uint8_t max_payload_supported = 0;  // 0: 128 bytes ... 5: 4096 bytes
    bool flr = true;                         // Function Level Reset capable (DEVCAP bit 28)
    std::uint8_t max_link_speed = 1;         // LNKCAP 3:0, 1 = 2.5 GT/s
    std::uint8_t max_link_width = 1;         // LNKCAP 9:4
    std::uint8_t port_number = 0;            // LNKCAP 31:24
    bool slot = false;                       // root port: slot implemented
    std::uint16_t physical_slot = 0;         // SLOTCAP 31:19
};

namespace pcie_detail {
// Device Control bit 15, Initiate Function Level Reset: "a write of 1b initiates FLR; the value
// read by software from this bit is always 0b" (§7.5.3.4). The write resets the function; the
// device's hooks see reset_kind::flr through on_reset.
struct initiate_flr {
    template <class Device>
    static constexpr void on_write(Device& dev, std::uint64_t, std::uint64_t now) {
        if (now & 0x8000) {
            reset_detail::perform(dev, reset_method::flr, reset_kind::flr);
        }
    }
};
// The FLR bit itself must read 0 after any write.
constexpr std::uint64_t flr_reads_zero(std::uint64_t, std::uint64_t now) { return now & 0x7fff; }
}  // namespace pcie_detail

template <pcie_params P = pcie_params{}>
struct pcie {
    static constexpr std::uint8_t id = 0x10;
    static constexpr bool extended = false;
    static constexpr unsigned bytes = 0x3c;
    static constexpr bool root = P.type == port_type::root_port;
    // §7.5.3.3: Function Level Reset applies to endpoints only; hardwired 0 for other types.
    static constexpr bool flr = P.flr && !root;

    using pcie_cap = reg<"PCIE_CAP", 0x02, 2, doc<"PCI Express Capabilities (§7.5.3.2)">,
        field<"VERSION", 0, 4, access::ro, 2>,
        field<"TYPE", 4, 4, access::ro, static_cast<std::uint8_t>(P.type), "device/port type">,
        bit<"SLOT", 8, access::ro, (root && P.slot)>, field<"IMN", 9, 5, access::ro, 0>>;
    using devcap = reg<"DEVCAP", 0x04, 4, doc<"Device Capabilities (§7.5.3.3)">,
        field<"MPSS", 0, 3, access::ro, P.max_payload_supported, "max payload size supported">,
        field<"PHANTOM", 3, 2, access::ro>, bit<"ETAG", 5, access::ro>,
        field<"L0S_LAT", 6, 3, access::ro>, field<"L1_LAT", 9, 3, access::ro>,
        bit<"RBER", 15, access::ro, 1, "role-based error reporting">,
        field<"CSPLV", 18, 8, access::ro>, field<"CSPLS", 26, 2, access::ro>,
        bit<"FLR", 28, access::ro, flr, "function level reset capable">>;
    using devctl = reg<"DEVCTL", 0x08, 2, doc<"Device Control (§7.5.3.4)">,
        rule<&pcie_detail::flr_reads_zero>,
        std::conditional_t<flr, action<pcie_detail::initiate_flr>, nothing>,
        bit<"CERE", 0, access::rw>, bit<"NFERE", 1, access::rw>, bit<"FERE", 2, access::rw>,
        bit<"URRE", 3, access::rw>, bit<"ERO", 4, access::rw, 1, "relaxed ordering">,
        field<"MPS", 5, 3, access::rw, 0, "max payload size">, bit<"ETE", 8, access::rw>,
        bit<"PFE", 9, access::rw>, bit<"APPE", 10, access::rw>, bit<"ENS", 11, access::rw, 1, "no snoop">,
        field<"MRRS", 12, 3, access::rw, 2, "max read request size: 512 bytes">,
        std::conditional_t<flr, bit<"BCR_FLR", 15, access::rw, 0, "initiate FLR (reads 0)">,
                           bit<"BCR_FLR", 15, access::rsvdp>>>;
    using devsta = reg<"DEVSTA", 0x0a, 2, doc<"Device Status (§7.5.3.5)">,
        bit<"CED", 0, access::rw1c>, bit<"NFED", 1, access::rw1c>, bit<"FED", 2, access::rw1c>,
        bit<"URD", 3, access::rw1c>, bit<"AUXPD", 4, access::ro>, bit<"TP", 5, access::ro>>;
    using lnkcap = reg<"LNKCAP", 0x0c, 4, doc<"Link Capabilities (§7.5.3.6)">,
        field<"MLS", 0, 4, access::ro, P.max_link_speed>, field<"MLW", 4, 6, access::ro, P.max_link_width>,
        field<"ASPMS", 10, 2, access::ro>, field<"L0SEL", 12, 3, access::ro>, field<"L1EL", 15, 3, access::ro>,
        bit<"DLLLARC", 20, access::ro, root>, field<"PN", 24, 8, access::ro, P.port_number>>;
    using lnkctl = reg<"LNKCTL", 0x10, 2, doc<"Link Control (§7.5.3.7)">,
        field<"ASPMC", 0, 2, access::rw>, bit<"RCB", 3, access::ro>,
        std::conditional_t<root, bit<"LD", 4, access::rw, 0, "link disable">, bit<"LD", 4, access::rsvdp>>,
        bit<"CCC", 6, access::rw>, bit<"ES", 7, access::rw>>;
    using lnksta = reg<"LNKSTA", 0x12, 2, doc<"Link Status (§7.5.3.8)">,
        field<"CLS", 0, 4, access::ro, P.max_link_speed>, field<"NLW", 4, 6, access::ro, P.max_link_width>,
        bit<"LT", 11, access::ro>, bit<"SCC", 12, access::ro>, bit<"DLLLA", 13, access::ro, root>,
        bit<"LBMS", 14, access::rw1c>, bit<"LABS", 15, access::rw1c>>;
    // Slot and root registers: implemented by root ports; RsvdP (read 0) for endpoints.
    using slotcap = reg<"SLOTCAP", 0x14, 4, doc<"Slot Capabilities (§7.5.3.9)">,
        field<"PSN", 19, 13, std::conditional_t<root && P.slot, access::hwinit, access::rsvdp>,
              (root && P.slot) ? P.physical_slot : 0, "physical slot number">>;
    using slotctl = reg<"SLOTCTL", 0x18, 2,
        field<"CTL", 0, 13, std::conditional_t<root && P.slot, access::rw, access::rsvdp>>>;
    using slotsta = reg<"SLOTSTA", 0x1a, 2,
        field<"EVENTS", 0, 5, std::conditional_t<root && P.slot, access::rw1c, access::rsvdp>>,
        bit<"PDS", 6, access::ro, (root && !P.slot), "presence detect: hardwired 1 without a slot (§7.5.3.11)">,
        bit<"DLLSC", 8, std::conditional_t<root && P.slot, access::rw1c, access::rsvdp>>>;
    using rootctl = reg<"ROOTCTL", 0x1c, 2,
        // Bits 3:0 (error reporting, PME interrupt); CRS Software Visibility (bit 4) stays 0 as
        // ROOTCAP does not advertise it (§7.5.3.12-13).
        field<"CTL", 0, 4, std::conditional_t<root, access::rw, access::rsvdp>>>;
    using rootcap = reg<"ROOTCAP", 0x1e, 2>;
    using rootsta = reg<"ROOTSTA", 0x20, 4,
        field<"PME_RID", 0, 16, std::conditional_t<root, access::ro, access::rsvdp>>,
        bit<"PME_STATUS", 16, std::conditional_t<root, access::rw1c, access::rsvdp>>,
        bit<"PME_PENDING", 17, std::conditional_t<root, access::ro, access::rsvdp>>>;
    using devcap2 = reg<"DEVCAP2", 0x24, 4, field<"CTRS", 0, 4, access::ro>, bit<"CTDS", 4, access::ro, 1>>;
    // No Completion Timeout ranges advertised (CTRS 0): the value field is hardwired 0 (§7.5.3.16).
    using devctl2 = reg<"DEVCTL2", 0x28, 2, field<"CTV", 0, 4, access::ro>, bit<"CTD", 4, access::rw>>;
    using devsta2 = reg<"DEVSTA2", 0x2a, 2>;
    using lnkcap2 = reg<"LNKCAP2", 0x2c, 4,
        field<"SLSV", 1, 7, access::ro, (1u << P.max_link_speed) - 1, "supported link speeds vector">>;
    using lnkctl2 = reg<"LNKCTL2", 0x30, 2, field<"TLS", 0, 4, access::rws, P.max_link_speed, "target link speed">>;
    using lnksta2 = reg<"LNKSTA2", 0x32, 2>;
    using slotcap2 = reg<"SLOTCAP2", 0x34, 4>;
    using slotctl2 = reg<"SLOTCTL2", 0x38, 2>;
    using slotsta2 = reg<"SLOTSTA2", 0x3a, 2>;

    template <std::uint8_t Next>
    using block = typename regspace::detail::block_from<"PCIe", typename detail::join<
        cap_header<id, Next>,
        detail::type_list<pcie_cap, devcap, devctl, devsta, lnkcap, lnkctl, lnksta, slotcap, slotctl,
                          slotsta, rootctl, rootcap, rootsta, devcap2, devctl2, devsta2, lnkcap2, lnkctl2,
                          lnksta2, slotcap2, slotctl2, slotsta2>>::type>::type;
};

}  // namespace regspace::pci

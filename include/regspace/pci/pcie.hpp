// SPDX-License-Identifier: MIT
// regspace/pci/pcie.hpp - the PCI Express capability (PCIe Base Specification r6.0 §7.5.3),
// version 2 layout (60 bytes), for endpoints, root ports and switch ports, with the hot-plug
// slot of a root or downstream port (its controller: regspace/pci/slot.hpp).
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
#include <regspace/pci/slot.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

enum class port_type : std::uint8_t {
    endpoint = 0x0, legacy_endpoint = 0x1, root_port = 0x4, upstream_port = 0x5, downstream_port = 0x6,
};

struct pcie_params {
    port_type type = port_type::endpoint;
    std::uint8_t max_payload_supported = 0;  // 0: 128 bytes ... 5: 4096 bytes
    bool flr = true;                         // Function Level Reset capable (DEVCAP bit 28)
    std::uint8_t max_link_speed = 1;         // LNKCAP 3:0, 1 = 2.5 GT/s
    std::uint8_t max_link_width = 1;         // LNKCAP 9:4
    std::uint8_t port_number = 0;            // LNKCAP 31:24
    // Root and downstream ports: a slot, and what it has (Slot Capabilities, §7.5.3.9).
    bool slot = false;                       // slot implemented (PCIE_CAP bit 8)
    std::uint16_t physical_slot = 0;         // SLOTCAP 31:19
    bool hot_plug = false;                   // Hot-Plug Capable: the hot-plug controller (regspace/pci/slot.hpp)
    bool surprise = false;                   // Hot-Plug Surprise: removal without notice is allowed
    bool attention_button = false;
    bool power_controller = false;
    bool mrl_sensor = false;
    bool attention_indicator = false;
    bool power_indicator = false;
    bool interlock = false;                  // electromechanical interlock
    bool no_command_completed = false;       // No Command Completed Support
    // Downstream ports: ARI Forwarding Supported (DEVCAP2 bit 5), so a device below may have
    // functions 8-255 at device number 0 (§6.13).
    bool ari_forwarding = false;
    // Root ports: Request Retry Status Software Visibility (ROOTCAP bit 0, ROOTCTL bit 4, §2.3.2):
    // software may have RRS completions of Vendor ID reads returned as 0001h.
    bool rrs_visibility = false;
};

namespace detail {
// Device Control bit 15, Initiate Function Level Reset: "a write of 1b initiates FLR; the value
// read by software from this bit is always 0b" (§7.5.3.4). The write resets the function; the
// device's hooks see reset_kind::flr through on_reset.
// Device Control's Initiate FLR bit, named once for the register, its rule and its action.
template <bool Flr>
using devctl_bcr_flr = std::conditional_t<Flr, bit<"BCR_FLR", 15, access::rw, 0, "initiate FLR (reads 0)">,
                                          bit<"BCR_FLR", 15, access::rsvdp, 0, "initiate FLR (not capable)">>;
// `written`: the rule below makes the stored bit 0.
using initiate_flr = flr_on_write<devctl_bcr_flr<true>::mask, reset_method::flr>;
// The FLR bit itself must read 0 after any write.
constexpr std::uint64_t flr_reads_zero(std::uint64_t, std::uint64_t now) { return now & ~devctl_bcr_flr<true>::mask; }

// The encodings §7.5.3 names.
struct port_types : values<value<0x0, "endpoint", "PCI Express endpoint">, value<0x1, "legacy endpoint">,
                          value<0x4, "root port">, value<0x5, "upstream switch port">,
                          value<0x6, "downstream switch port">, value<0x7, "PCIe to PCI bridge">,
                          value<0x8, "PCI to PCIe bridge">, value<0x9, "RC integrated endpoint">,
                          value<0xa, "RC event collector">> {};
// Max_Payload_Size (Supported) and Max_Read_Request_Size.
struct payload_sizes : values<value<0, "128 bytes">, value<1, "256 bytes">, value<2, "512 bytes">, value<3, "1024 bytes">,
                             value<4, "2048 bytes">, value<5, "4096 bytes">> {};
struct l0s_latencies : values<value<0, "64 ns">, value<1, "128 ns">, value<2, "256 ns">, value<3, "512 ns">,
                             value<4, "1 us">, value<5, "2 us">, value<6, "4 us">, value<7, "no limit">> {};
struct l1_latencies : values<value<0, "1 us">, value<1, "2 us">, value<2, "4 us">, value<3, "8 us">,
                            value<4, "16 us">, value<5, "32 us">, value<6, "64 us">, value<7, "no limit">> {};
struct power_scales : values<value<0, "1.0x">, value<1, "0.1x">, value<2, "0.01x">, value<3, "0.001x">> {};
// Link speeds: the bit of the Supported Link Speeds Vector the value selects.
struct link_speeds : values<value<1, "2.5 GT/s">, value<2, "5.0 GT/s">, value<3, "8.0 GT/s">, value<4, "16.0 GT/s">,
                           value<5, "32.0 GT/s">, value<6, "64.0 GT/s">> {};
struct link_widths : values<value<1, "x1">, value<2, "x2">, value<4, "x4">, value<8, "x8">, value<12, "x12">,
                           value<16, "x16">, value<32, "x32">> {};
struct indicators : values<value<1, "on">, value<2, "blink">, value<3, "off">> {};
struct power_controls : values<value<0, "power on">, value<1, "power off">> {};
struct aspm_states : values<value<0, "none", "no ASPM support">, value<1, "L0s">, value<2, "L1">,
                           value<3, "L0s and L1">> {};
struct aspm_control : values<value<0, "disabled">, value<1, "L0s">, value<2, "L1">, value<3, "L0s and L1">> {};
struct l0s_exit_latencies : values<value<0, "< 64 ns">, value<1, "64-128 ns">, value<2, "128-256 ns">,
                                  value<3, "256-512 ns">, value<4, "512 ns-1 us">, value<5, "1-2 us">,
                                  value<6, "2-4 us">, value<7, "> 4 us">> {};
struct l1_exit_latencies : values<value<0, "< 1 us">, value<1, "1-2 us">, value<2, "2-4 us">, value<3, "4-8 us">,
                                 value<4, "8-16 us">, value<5, "16-32 us">, value<6, "32-64 us">, value<7, "> 64 us">> {};
// Completion Timeout Ranges Supported: A 50 us-10 ms, B 10-250 ms, C 250 ms-4 s, D 4-64 s.
struct timeout_ranges : values<value<0x0, "not supported">, value<0x1, "A">, value<0x2, "B">, value<0x3, "A B">,
                              value<0x6, "B C">, value<0x7, "A B C">, value<0xe, "B C D">, value<0xf, "A B C D">> {};
struct timeout_values : values<value<0x0, "50 us-50 ms", "default range">, value<0x1, "50-100 us">,
                              value<0x2, "1-10 ms">, value<0x5, "16-55 ms">, value<0x6, "65-210 ms">,
                              value<0x9, "260-900 ms">, value<0xa, "1-3.5 s">, value<0xd, "4-13 s">,
                              value<0xe, "17-64 s">> {};
}  // namespace detail

template <pcie_params P = pcie_params{}>
struct pcie {
    static constexpr std::uint8_t id = 0x10;
    static constexpr bool extended = false;
    static constexpr unsigned bytes = 0x3c;
    static constexpr bool root = P.type == port_type::root_port;
    // A port facing down a link: a root port or a switch's downstream port (link control, slot).
    static constexpr bool downstream = root || P.type == port_type::downstream_port;
    static constexpr bool endpoint = P.type == port_type::endpoint || P.type == port_type::legacy_endpoint;
    static constexpr bool slot = downstream && P.slot;
    static constexpr bool hot_plug = slot && P.hot_plug;
    // §7.5.3.3: Function Level Reset applies to endpoints only; hardwired 0 for other types.
    static constexpr bool flr = P.flr && endpoint;

    using pcie_cap = reg<"PCIE_CAP", 0x02, 2, doc<"PCI Express Capabilities">, spec<"PCIe r6.0 section 7.5.3.2">,
        field<"VERSION", 0, 4, access::ro, 2, "capability version", values<value<2, "version 2">>>,
        field<"TYPE", 4, 4, access::ro, static_cast<std::uint8_t>(P.type), "device/port type",
              detail::port_types>,
        bit<"SLOT", 8, access::ro, slot, "slot implemented">,
        field<"IMN", 9, 5, access::ro, 0, "interrupt message number">>;
    using devcap = reg<"DEVCAP", 0x04, 4, doc<"Device Capabilities">, spec<"PCIe r6.0 section 7.5.3.3">,
        field<"MPSS", 0, 3, access::ro, P.max_payload_supported, "max payload size supported",
              detail::payload_sizes>,
        field<"PHANTOM", 3, 2, access::ro, 0, "phantom functions supported", values<value<0, "none">>>,
        bit<"ETAG", 5, access::ro, 0, "extended tag field supported">,
        field<"L0S_LAT", 6, 3, access::ro, 0, "endpoint L0s acceptable latency", detail::l0s_latencies>,
        field<"L1_LAT", 9, 3, access::ro, 0, "endpoint L1 acceptable latency", detail::l1_latencies>,
        bit<"RBER", 15, access::ro, 1, "role-based error reporting">,
        field<"CSPLV", 18, 8, access::ro, 0, "captured slot power limit value">,
        field<"CSPLS", 26, 2, access::ro, 0, "captured slot power limit scale", detail::power_scales>,
        bit<"FLR", 28, access::ro, flr, "function level reset capable">>;
    using devctl = reg<"DEVCTL", 0x08, 2, doc<"Device Control">, spec<"PCIe r6.0 section 7.5.3.4">,
        rule<&detail::flr_reads_zero>,
        std::conditional_t<flr, action<detail::initiate_flr>, nothing>,
        bit<"CERE", 0, access::rw, 0, "correctable error reporting enable">,
        bit<"NFERE", 1, access::rw, 0, "non-fatal error reporting enable">,
        bit<"FERE", 2, access::rw, 0, "fatal error reporting enable">,
        bit<"URRE", 3, access::rw, 0, "unsupported request reporting enable">,
        bit<"ERO", 4, access::rw, 1, "relaxed ordering">,
        field<"MPS", 5, 3, access::rw, 0, "max payload size", detail::payload_sizes>,
        bit<"ETE", 8, access::rw, 0, "extended tag field enable">,
        bit<"PFE", 9, access::rw, 0, "phantom functions enable">,
        bit<"APPE", 10, access::rw, 0, "aux power PM enable">, bit<"ENS", 11, access::rw, 1, "no snoop">,
        field<"MRRS", 12, 3, access::rw, 2, "max read request size", detail::payload_sizes>,
        detail::devctl_bcr_flr<flr>>;
    using devsta = reg<"DEVSTA", 0x0a, 2, doc<"Device Status">, spec<"PCIe r6.0 section 7.5.3.5">,
        bit<"CED", 0, access::rw1c, 0, "correctable error detected">,
        bit<"NFED", 1, access::rw1c, 0, "non-fatal error detected">,
        bit<"FED", 2, access::rw1c, 0, "fatal error detected">,
        bit<"URD", 3, access::rw1c, 0, "unsupported request detected">,
        bit<"AUXPD", 4, access::ro, 0, "aux power detected">,
        bit<"TP", 5, access::ro, 0, "transactions pending">>;
    using lnkcap = reg<"LNKCAP", 0x0c, 4, doc<"Link Capabilities">, spec<"PCIe r6.0 section 7.5.3.6">,
        field<"MLS", 0, 4, access::ro, P.max_link_speed, "max link speed", detail::link_speeds>,
        field<"MLW", 4, 6, access::ro, P.max_link_width, "maximum link width", detail::link_widths>,
        field<"ASPMS", 10, 2, access::ro, 0, "ASPM support", detail::aspm_states>,
        field<"L0SEL", 12, 3, access::ro, 0, "L0s exit latency", detail::l0s_exit_latencies>,
        field<"L1EL", 15, 3, access::ro, 0, "L1 exit latency", detail::l1_exit_latencies>,
        bit<"DLLLARC", 20, access::ro, downstream, "data link layer link active reporting capable">,
        field<"PN", 24, 8, access::ro, P.port_number, "port number">>;
    using lnkctl = reg<"LNKCTL", 0x10, 2, doc<"Link Control">, spec<"PCIe r6.0 section 7.5.3.7">,
        field<"ASPMC", 0, 2, access::rw, 0, "ASPM control", detail::aspm_control>,
        bit<"RCB", 3, access::ro, 0, "read completion boundary",
            values<value<0, "64 bytes">, value<1, "128 bytes">>>,
        std::conditional_t<downstream, bit<"LD", 4, access::rw, 0, "link disable">,
                           bit<"LD", 4, access::rsvdp, 0, "link disable (ports only)">>,
        bit<"CCC", 6, access::rw, 0, "common clock configuration">,
        bit<"ES", 7, access::rw, 0, "extended synch">>;
    using lnksta = reg<"LNKSTA", 0x12, 2, doc<"Link Status">, spec<"PCIe r6.0 section 7.5.3.8">,
        field<"CLS", 0, 4, access::ro, P.max_link_speed, "current link speed", detail::link_speeds>,
        field<"NLW", 4, 6, access::ro, P.max_link_width, "negotiated link width", detail::link_widths>,
        bit<"LT", 11, access::ro, 0, "link training">,
        bit<"SCC", 12, access::ro, 0, "slot clock configuration">,
        // Without a slot the link is up (something is attached for good); a slot's link
        // follows what is plugged and powered (slot.hpp), and survives the port's own resets.
        std::conditional_t<slot, bit<"DLLLA", 13, access::ros, 0, "data link layer link active">,
                           bit<"DLLLA", 13, access::ro, downstream, "data link layer link active">>,
        bit<"LBMS", 14, access::rw1c, 0, "link bandwidth management status">,
        bit<"LABS", 15, access::rw1c, 0, "link autonomous bandwidth status">>;
    // Slot registers (§7.5.3.9-11), bit by bit: a control bit is writable where the slot has the
    // feature it controls, an event bit RW1C where the slot can raise it; RsvdP without a slot.
    template <bool Has>
    using slot_rw = std::conditional_t<slot && Has, access::rw, std::conditional_t<slot, access::ro, access::rsvdp>>;
    template <bool Has>
    using slot_rw1c = std::conditional_t<slot && Has, access::rw1c, std::conditional_t<slot, access::ro, access::rsvdp>>;
    using slot_ro = std::conditional_t<slot, access::ro, access::rsvdp>;
    using slot_hw = std::conditional_t<slot, access::hwinit, access::rsvdp>;
    using slotcap = reg<"SLOTCAP", 0x14, 4, doc<"Slot Capabilities">, spec<"PCIe r6.0 section 7.5.3.9">,
        bit<"ABP", 0, slot_hw, (slot && P.attention_button), "attention button present">,
        bit<"PCP", 1, slot_hw, (slot && P.power_controller), "power controller present">,
        bit<"MRLSP", 2, slot_hw, (slot && P.mrl_sensor), "MRL sensor present">,
        bit<"AIP", 3, slot_hw, (slot && P.attention_indicator), "attention indicator present">,
        bit<"PIP", 4, slot_hw, (slot && P.power_indicator), "power indicator present">,
        bit<"HPS", 5, slot_hw, (hot_plug && P.surprise), "hot-plug surprise">,
        bit<"HPC", 6, slot_hw, hot_plug, "hot-plug capable">,
        field<"SPLV", 7, 8, slot_hw, 0, "slot power limit value">,
        field<"SPLS", 15, 2, slot_hw, 0, "slot power limit scale", detail::power_scales>,
        bit<"EIP", 17, slot_hw, (slot && P.interlock), "electromechanical interlock present">,
        bit<"NCCS", 18, slot_hw, (slot && P.no_command_completed), "no command completed support">,
        field<"PSN", 19, 13, slot_hw, (slot ? P.physical_slot : 0), "physical slot number">>;
    using slotctl = reg<"SLOTCTL", 0x18, 2, doc<"Slot Control">, spec<"PCIe r6.0 section 7.5.3.10">,
        std::conditional_t<hot_plug, action<detail::slot_control_written>, nothing>,
        bit<"ABPE", 0, slot_rw<P.attention_button>, 0, "attention button pressed enable">,
        bit<"PFDE", 1, slot_rw<P.power_controller>, 0, "power fault detected enable">,
        bit<"MRLSCE", 2, slot_rw<P.mrl_sensor>, 0, "MRL sensor changed enable">,
        bit<"PDCE", 3, slot_rw<true>, 0, "presence detect changed enable">,
        bit<"CCIE", 4, slot_rw<(P.hot_plug && !P.no_command_completed)>, 0, "command completed interrupt enable">,
        bit<"HPIE", 5, slot_rw<P.hot_plug>, 0, "hot-plug interrupt enable">,
        field<"AIC", 6, 2, slot_rw<P.attention_indicator>, (slot && P.attention_indicator) ? 3 : 0,
              "attention indicator control", detail::indicators>,
        field<"PIC", 8, 2, slot_rw<P.power_indicator>, (slot && P.power_indicator) ? 3 : 0,
              "power indicator control", detail::indicators>,
        // An empty slot with a power controller is off after reset (QEMU pcie_cap_slot_reset).
        bit<"PCC", 10, slot_rw<P.power_controller>, (slot && P.power_controller), "power controller control",
            detail::power_controls>,
        bit<"EIC", 11, std::conditional_t<slot && P.interlock, access::strobe, slot_ro>, 0,
            "electromechanical interlock control (a write of 1 toggles the interlock, reads 0)">,
        bit<"DLLSCE", 12, slot_rw<true>, 0, "data link layer state changed enable">>;
    using slotsta = reg<"SLOTSTA", 0x1a, 2, doc<"Slot Status">, spec<"PCIe r6.0 section 7.5.3.11">,
        std::conditional_t<hot_plug, action<detail::slot_status_written>, nothing>,
        bit<"ABP", 0, slot_rw1c<P.attention_button>, 0, "attention button pressed">,
        bit<"PFD", 1, slot_rw1c<P.power_controller>, 0, "power fault detected">,
        bit<"MRLSC", 2, slot_rw1c<P.mrl_sensor>, 0, "MRL sensor changed">,
        bit<"PDC", 3, slot_rw1c<true>, 0, "presence detect changed">,
        bit<"CC", 4, slot_rw1c<!P.no_command_completed>, 0, "command completed">,
        bit<"MRLSS", 5, slot_ro, 0, "MRL sensor state">,
        // §7.5.3.11: hardwired 1 in a downstream port without a slot; a slot's presence survives
        // the port's resets (sticky) as the device stays in it.
        std::conditional_t<slot, bit<"PDS", 6, access::ros, 0, "presence detect state">,
                           bit<"PDS", 6, access::ro, downstream, "presence detect: hardwired 1 without a slot (section 7.5.3.11)">>,
        bit<"EIS", 7, slot_ro, 0, "electromechanical interlock status">,
        bit<"DLLSC", 8, slot_rw1c<true>, 0, "data link layer state changed">>;
    // RRS Software Visibility Enable (bit 4) is writable where ROOTCAP advertises it (§7.5.3.12-13).
    // The three System Error enables turn received error messages into a system error to the
    // platform (§6.2.6; pci::aer_collect reports it).
    using root_rw = std::conditional_t<root, access::rw, access::rsvdp>;
    using rootctl = reg<"ROOTCTL", 0x1c, 2, doc<"Root Control">, spec<"PCIe r6.0 section 7.5.3.12">,
        bit<"SECEE", 0, root_rw, 0, "system error on correctable error enable">,
        bit<"SENFEE", 1, root_rw, 0, "system error on non-fatal error enable">,
        bit<"SEFEE", 2, root_rw, 0, "system error on fatal error enable">,
        bit<"PMEIE", 3, root_rw, 0, "PME interrupt enable">,
        bit<"RRSSVE", 4, std::conditional_t<root && P.rrs_visibility, access::rw, access::rsvdp>, 0,
            "RRS software visibility enable">>;
    using rootcap = reg<"ROOTCAP", 0x1e, 2, doc<"Root Capabilities">, spec<"PCIe r6.0 section 7.5.3.13">,
        bit<"RRSSV", 0, std::conditional_t<root, access::ro, access::rsvdp>, (root && P.rrs_visibility),
            "RRS software visibility">>;
    using rootsta = reg<"ROOTSTA", 0x20, 4, doc<"Root Status">, spec<"PCIe r6.0 section 7.5.3.14">,
        field<"PME_RID", 0, 16, std::conditional_t<root, access::ro, access::rsvdp>, 0, "PME requester ID">,
        bit<"PME_STATUS", 16, std::conditional_t<root, access::rw1c, access::rsvdp>, 0, "PME status">,
        bit<"PME_PENDING", 17, std::conditional_t<root, access::ro, access::rsvdp>, 0, "PME pending">>;
    static constexpr bool ari_forwarding = downstream && P.ari_forwarding;
    using devcap2 = reg<"DEVCAP2", 0x24, 4, doc<"Device Capabilities 2">, spec<"PCIe r6.0 section 7.5.3.15">,
        field<"CTRS", 0, 4, access::ro, 0, "completion timeout ranges supported", detail::timeout_ranges>,
        bit<"CTDS", 4, access::ro, 1, "completion timeout disable supported">,
        bit<"ARIFS", 5, access::ro, ari_forwarding, "ARI forwarding supported">>;
    // No Completion Timeout ranges advertised (CTRS 0): the value field is hardwired 0 (§7.5.3.16).
    using devctl2 = reg<"DEVCTL2", 0x28, 2, doc<"Device Control 2">, spec<"PCIe r6.0 section 7.5.3.16">,
        field<"CTV", 0, 4, access::ro, 0, "completion timeout value", detail::timeout_values>,
        bit<"CTD", 4, access::rw, 0, "completion timeout disable">,
        bit<"ARIFE", 5, std::conditional_t<ari_forwarding, access::rw, access::ro>, 0, "ARI forwarding enable">>;
    using devsta2 = reg<"DEVSTA2", 0x2a, 2, doc<"Device Status 2">, spec<"PCIe r6.0 section 7.5.3.17">>;
    using lnkcap2 = reg<"LNKCAP2", 0x2c, 4, doc<"Link Capabilities 2">, spec<"PCIe r6.0 section 7.5.3.18">,
        field<"SLSV", 1, 7, access::ro, (1u << P.max_link_speed) - 1, "supported link speeds vector">>;
    using lnkctl2 = reg<"LNKCTL2", 0x30, 2, doc<"Link Control 2">, spec<"PCIe r6.0 section 7.5.3.19">,
        field<"TLS", 0, 4, access::rws, P.max_link_speed, "target link speed", detail::link_speeds>>;
    using lnksta2 = reg<"LNKSTA2", 0x32, 2, doc<"Link Status 2">, spec<"PCIe r6.0 section 7.5.3.20">>;
    using slotcap2 = reg<"SLOTCAP2", 0x34, 4, doc<"Slot Capabilities 2">, spec<"PCIe r6.0 section 7.5.3.21">>;
    using slotctl2 = reg<"SLOTCTL2", 0x38, 2, doc<"Slot Control 2">, spec<"PCIe r6.0 section 7.5.3.22">>;
    using slotsta2 = reg<"SLOTSTA2", 0x3a, 2, doc<"Slot Status 2">, spec<"PCIe r6.0 section 7.5.3.23">>;

    template <std::uint8_t Next>
    using block = block_of<"PCIe",
        cap_header<id, Next>,
        reg_list<pcie_cap, devcap, devctl, devsta, lnkcap, lnkctl, lnksta, slotcap, slotctl,
                          slotsta, rootctl, rootcap, rootsta, devcap2, devctl2, devsta2, lnkcap2, lnkctl2,
                          lnksta2, slotcap2, slotctl2, slotsta2>>;
};

}  // namespace regspace::pci

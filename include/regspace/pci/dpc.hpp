// SPDX-License-Identifier: MIT
// regspace/pci/dpc.hpp - the Downstream Port Containment extended capability (PCIe r6.0 §7.9.15)
// of a root or switch downstream port: on an uncorrectable error from below (or software's
// trigger) the port takes its link down and reports why (§6.2.11). Without RP Extensions.
#pragma once

#include <cstdint>
#include <type_traits>

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/field.hpp>
#include <regspace/hooks.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

struct dpc_params {
    std::uint8_t interrupt_message = 0;   // DPC Interrupt Message Number
    bool software_trigger = true;         // DPC Software Triggering Supported
    bool poisoned_egress_blocking = false;
    bool dl_active_err_cor = false;
};

// Why DPC triggered (DPC Status Trigger Reason, with its Extension when Reason is 11b).
enum class dpc_reason : std::uint8_t {
    unmasked_uncorrectable = 0,  // an unmasked uncorrectable error the port itself detected
    err_nonfatal = 1,            // ERR_NONFATAL received from below
    err_fatal = 2,               // ERR_FATAL received from below
    software = 4,                // DPC Software Trigger (reason 11b, extension 01b)
};

namespace detail {
struct dpc_trigger_enables : values<value<0, "disabled">, value<1, "ERR_FATAL">, value<2, "ERR_FATAL or ERR_NONFATAL">> {};
struct dpc_reasons : values<value<0, "unmasked uncorrectable error">, value<1, "ERR_NONFATAL received">,
                           value<2, "ERR_FATAL received">, value<3, "see the reason extension">> {};
struct dpc_reason_extensions : values<value<0, "RP PIO error">, value<1, "DPC software trigger">> {};
}  // namespace detail

// What dpc_trigger did: whether containment started (it does not restart while triggered) and
// whether the DPC interrupt is due (DPC Interrupt Enable set, §6.2.11.1).
struct dpc_outcome {
    bool triggered = false;
    bool interrupt = false;
};

template <dpc_params P = dpc_params{}>
struct dpc {
    static constexpr std::uint16_t id = 0x001d;
    static constexpr bool extended = true;
    static constexpr unsigned bytes = 0x0c;
    struct software_trigger;
    using cap = reg<"DPC_CAP", 0x04, 2, doc<"DPC Capability">, spec<"PCIe r6.0 section 7.9.15.2">,
        field<"IMN", 0, 5, access::ro, P.interrupt_message, "DPC interrupt message number">,
        bit<"RP_EXT", 5, access::ro, 0, "RP extensions for DPC">,
        bit<"POISONED_BLOCKING", 6, access::ro, P.poisoned_egress_blocking, "poisoned TLP egress blocking supported">,
        bit<"SW_TRIGGER", 7, access::ro, P.software_trigger, "DPC software triggering supported">,
        field<"PIO_LOG_SIZE", 8, 4, access::ro, 0, "RP PIO log size">,
        bit<"DL_ACTIVE_ERR_COR", 12, access::ro, P.dl_active_err_cor, "DL_Active ERR_COR signaling supported">>;
    using ctl = reg<"DPC_CTL", 0x06, 2, doc<"DPC Control">, spec<"PCIe r6.0 section 7.9.15.3">,
        std::conditional_t<P.software_trigger, action<software_trigger>, nothing>,
        field<"TRIGGER_ENABLE", 0, 2, access::rw, 0, "DPC trigger enable", detail::dpc_trigger_enables>,
        bit<"COMPLETION_CTL", 2, access::rw, 0, "DPC completion control (UR instead of CA)">,
        bit<"INT_EN", 3, access::rw, 0, "DPC interrupt enable">,
        bit<"ERR_COR_EN", 4, access::rw, 0, "DPC ERR_COR enable">,
        bit<"POISONED_BLOCKING", 5, std::conditional_t<P.poisoned_egress_blocking, access::rw, access::ro>, 0,
            "poisoned TLP egress blocking enable">,
        std::conditional_t<P.software_trigger, bit<"SW_TRIGGER", 6, access::strobe, 0, "DPC software trigger (reads 0)">,
                           bit<"SW_TRIGGER", 6, access::ro, 0, "DPC software trigger (not supported)">>,
        bit<"DL_ACTIVE_ERR_COR", 7, std::conditional_t<P.dl_active_err_cor, access::rw, access::ro>, 0,
            "DL_Active ERR_COR enable">>;
    // Status survives the resets containment brings (sticky): software reads why after the link
    // recovered, then clears Trigger Status to release the port.
    using sta = reg<"DPC_STA", 0x08, 2, doc<"DPC Status">, spec<"PCIe r6.0 section 7.9.15.4">,
        bit<"TRIGGER", 0, access::rw1cs, 0, "DPC trigger status (1 clears: leaves containment)">,
        field<"REASON", 1, 2, access::ros, 0, "DPC trigger reason", detail::dpc_reasons>,
        bit<"INT", 3, access::rw1cs, 0, "DPC interrupt status">,
        bit<"RP_BUSY", 4, access::ros, 0, "DPC RP busy">,
        field<"REASON_EXT", 5, 2, access::ros, 0, "DPC trigger reason extension", detail::dpc_reason_extensions>>;
    using source = reg<"DPC_SOURCE", 0x0a, 2, doc<"DPC Error Source ID">, spec<"PCIe r6.0 section 7.9.15.5">,
        field<"ID", 0, 16, access::ros, 0, "requester ID of the ERR_FATAL/ERR_NONFATAL that triggered DPC">>;
    template <std::uint16_t Next>
    using block = block_of<"DPC", ext_cap_header<id, 1, Next>, cap, ctl, sta, source>;

    // Containment from the device side: an uncorrectable error detected by the port, or an
    // ERR_FATAL / ERR_NONFATAL from `source_id` below it. It triggers only as DPC Trigger Enable
    // allows (§7.9.15.3: 01b ERR_FATAL, 10b ERR_FATAL or ERR_NONFATAL) and only while not
    // already triggered; Error Source ID is logged for received messages only.
    template <class Device>
    static constexpr dpc_outcome trigger(Device& dev, dpc_reason why, std::uint16_t source_id = 0) {
        const auto enable = dev.template get<ctl, "TRIGGER_ENABLE">();
        const bool allowed = why == dpc_reason::software ? enable != 0
                             : why == dpc_reason::err_nonfatal ? enable == 2
                                                               : enable == 1 || enable == 2;
        if (!allowed || dev.template get<sta, "TRIGGER">()) return {};
        dev.template set<sta, "TRIGGER">(1);
        dev.template set<sta, "REASON">(why == dpc_reason::software ? 3 : static_cast<unsigned>(why));
        dev.template set<sta, "REASON_EXT">(why == dpc_reason::software ? 1 : 0);
        const bool received = why == dpc_reason::err_fatal || why == dpc_reason::err_nonfatal;
        dev.template set<source>(received ? source_id : 0);
        const bool interrupt = dev.template get<ctl, "INT_EN">() != 0;
        if (interrupt) dev.template set<sta, "INT">(1);
        return {true, interrupt};
    }
    [[nodiscard]] static constexpr bool contained(const auto& dev) { return dev.template get<sta, "TRIGGER">() != 0; }
};

// §7.9.15.3: "If DPC is enabled and DPC Trigger Status is Clear, when software writes 1b to this
// bit, DPC is triggered."
template <dpc_params P>
struct dpc<P>::software_trigger {
    template <class Device>
    static constexpr void on_write(Device& dev, const write_event& e) {
        if ((e.written >> 6) & 1) trigger(dev, dpc_reason::software);
    }
};

}  // namespace regspace::pci

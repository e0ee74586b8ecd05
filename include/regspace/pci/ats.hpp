// SPDX-License-Identifier: MIT
// regspace/pci/ats.hpp - Address Translation Services, Page Request Interface and PASID: the
// three extended capabilities of a function that caches IOMMU translations and faults pages in
// (shared virtual addressing): ATS (PCIe r6.0 §10.5.1), PRI (§10.5.2), PASID (§7.8.9).
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

struct ats_params {
    std::uint8_t invalidate_queue_depth = 0;  // 0 means 32 outstanding invalidations
    bool page_aligned_request = false;
    bool global_invalidate = false;
    bool relaxed_ordering = false;
};

template <ats_params P = ats_params{}>
struct ats {
    static constexpr std::uint16_t id = 0x000f;
    static constexpr bool extended = true;
    static constexpr unsigned bytes = 0x08;
    using cap = reg<"ATS_CAP", 0x04, 2, doc<"ATS Capability">, spec<"PCIe r6.0 section 10.5.1.2">,
        field<"IQD", 0, 5, access::ro, P.invalidate_queue_depth, "invalidate queue depth",
              values<value<0, "32 entries">>>,
        bit<"PAR", 5, access::ro, P.page_aligned_request, "page aligned request">,
        bit<"GIS", 6, access::ro, P.global_invalidate, "global invalidate supported">,
        bit<"ROS", 7, access::ro, P.relaxed_ordering, "relaxed ordering supported">>;
    using ctl = reg<"ATS_CTL", 0x06, 2, doc<"ATS Control">, spec<"PCIe r6.0 section 10.5.1.3">,
        field<"STU", 0, 5, access::rw, 0, "smallest translation unit (4 KiB << STU)">,
        bit<"ENABLE", 15, access::rw, 0, "ATS enable">>;
    template <std::uint16_t Next>
    using block = block_of<"ATS", ext_cap_header<id, 1, Next>, cap, ctl>;
};

struct pri_params {
    std::uint32_t capacity = 32;  // Outstanding Page Request Capacity
    bool prg_response_pasid_required = false;
};

// PRI. Stopped reads 1 while the interface is disabled (§10.5.2.3: "Stopped ... Set when Enable
// is Clear"); this model has no requests in flight, so enabling clears it at once and disabling
// sets it at once. Reset (bit 1) reads 0.
template <pri_params P = pri_params{}>
struct pri {
    static constexpr std::uint16_t id = 0x0013;
    static constexpr bool extended = true;
    static constexpr unsigned bytes = 0x10;
    struct track_stopped;
    using ctl = reg<"PRI_CTL", 0x04, 2, doc<"Page Request Control">, spec<"PCIe r6.0 section 10.5.2.2">,
        action<track_stopped>, bit<"ENABLE", 0, access::rw, 0, "page request enable">,
        bit<"RESET", 1, access::strobe, 0, "reset the request credits and pending state (reads 0)">>;
    using sta = reg<"PRI_STA", 0x06, 2, doc<"Page Request Status">, spec<"PCIe r6.0 section 10.5.2.3">,
        bit<"RF", 0, access::rw1c, 0, "response failure">,
        bit<"UPRGI", 1, access::rw1c, 0, "unexpected page request group index">,
        bit<"STOPPED", 8, access::ro, 1, "stopped: no requests outstanding while disabled">,
        bit<"PASID_REQUIRED", 15, access::ro, P.prg_response_pasid_required, "PRG response PASID required">>;
    using capacity = reg<"PRI_CAPACITY", 0x08, 4, doc<"Outstanding Page Request Capacity">,
                         spec<"PCIe r6.0 section 10.5.2.4">,
                         field<"CAPACITY", 0, 32, access::ro, P.capacity, "outstanding page requests supported">>;
    using allocation = reg<"PRI_ALLOCATION", 0x0c, 4, doc<"Outstanding Page Request Allocation">,
                           spec<"PCIe r6.0 section 10.5.2.5">,
                           field<"ALLOCATION", 0, 32, access::rw, 0, "outstanding page requests allowed">>;
    template <std::uint16_t Next>
    using block = block_of<"PRI", ext_cap_header<id, 1, Next>, ctl, sta, capacity, allocation>;
};
template <pri_params P>
struct pri<P>::track_stopped {
    template <class Device>
    static constexpr void on_write(Device& dev, const write_event&) {
        dev.template set<sta, "STOPPED">(dev.template get<ctl, "ENABLE">() ? 0 : 1);
    }
};

struct pasid_params {
    std::uint8_t max_width = 20;  // Max PASID Width, 1-20 bits
    bool execute = false;         // Execute Permission Supported
    bool privileged = false;      // Privileged Mode Supported
};

template <pasid_params P = pasid_params{}>
struct pasid {
    static constexpr std::uint16_t id = 0x001b;
    static constexpr bool extended = true;
    static constexpr unsigned bytes = 0x08;
    using cap = reg<"PASID_CAP", 0x04, 2, doc<"PASID Capability">, spec<"PCIe r6.0 section 7.8.9.2">,
        bit<"EXEC", 1, access::ro, P.execute, "execute permission supported">,
        bit<"PRIV", 2, access::ro, P.privileged, "privileged mode supported">,
        field<"WIDTH", 8, 5, access::ro, P.max_width, "max PASID width in bits">>;
    using ctl = reg<"PASID_CTL", 0x06, 2, doc<"PASID Control">, spec<"PCIe r6.0 section 7.8.9.3">,
        bit<"ENABLE", 0, access::rw, 0, "PASID enable">,
        bit<"EXEC", 1, std::conditional_t<P.execute, access::rw, access::ro>, 0, "execute permission enable">,
        bit<"PRIV", 2, std::conditional_t<P.privileged, access::rw, access::ro>, 0, "privileged mode enable">>;
    template <std::uint16_t Next>
    using block = block_of<"PASID", ext_cap_header<id, 1, Next>, cap, ctl>;
};

}  // namespace regspace::pci

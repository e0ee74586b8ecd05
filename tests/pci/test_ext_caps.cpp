// SPDX-License-Identifier: MIT
// The extended capabilities beyond SR-IOV (PCIe r6.0 §7.7-7.9, §10.5): each one's registers and
// policies, AER's error recording and root collection, DPC's trigger, Resizable BAR's size, and
// each decoded by the real `lspci -vvv` as intended.
#include <doctest/doctest.h>

#include <string>

#include "devices.hpp"
#include "support/lspci.hpp"

namespace tests_pci_ext_caps {

using namespace regspace;
using namespace regspace::test;

namespace {
using ep_pcie = p::pcie<p::pcie_params{.type = p::port_type::endpoint}>;
using rp_pcie = p::pcie<p::pcie_params{.type = p::port_type::root_port}>;
using ep_aer = p::aer<>;
using rp_aer = p::aer<p::aer_params{.root_port = true, .interrupt_message = 3}>;
using acs40 = p::acs<p::acs_params{.source_validation = true, .request_redirect = true, .egress_control = true,
                                   .egress_vector_bits = 40}>;
using acs_fixed = p::acs<p::acs_params{.source_validation = true, .request_redirect = true,
                                       .control_fixed = true, .control = 0x05}>;
using my_vsec = p::vsec<p::vsec_params{.id = 0x1234, .revision = 2, .length = 0x10}, "my VSEC",
                        reg<"SCRATCH", 0x08, 4, field<"V", 0, 32, access::rw, 0>>>;
using my_dvsec = p::dvsec<p::dvsec_params{.vendor = 0x8086, .id = 0x0007, .revision = 1, .length = 0x10}, "my DVSEC",
                          reg<"MODE", 0x0c, 4, field<"M", 0, 4, access::rw, 0>>>;
using rebar = p::resizable_bar<p::rebar_params{.slot = 0, .sizes = 0x4500, .initial = 8}>;  // 256 MiB, 1 GiB, 16 GiB
using rebar_fixed = p::resizable_bar<p::rebar_params{.slot = 0, .sizes = 0x4500, .initial = 10,
                                                     .current_size_only = true}>;

// An endpoint carrying every new capability the library ships.
using endpoint = p::config_space<"endpoint", p::type0<nic_id, p::bars<rebar::bar_slot>>,
    p::at<ep_pcie, 0x40>, p::at<ep_aer, 0x100>, p::at<p::device_serial_number<0x0011223344556677ull>, 0x12c>,
    p::at<p::ari<p::ari_params{.next_function = 2}>, 0x138>, p::at<acs40, 0x140>, p::at<p::ats<>, 0x150>,
    p::at<p::pri<>, 0x158>, p::at<p::pasid<p::pasid_params{.max_width = 16, .execute = true}>, 0x168>,
    p::at<p::ltr, 0x170>, p::at<p::l1_pm_substates<>, 0x178>, p::at<p::secondary_pcie<4>, 0x18c>,
    p::at<p::ptm<>, 0x1a0>, p::at<my_vsec, 0x1ac>, p::at<my_dvsec, 0x1bc>, p::at<rebar, 0x1cc>>;
using root_port = p::config_space<"root port", p::type1<p::identity{.vendor = 0x1b36, .device = 0x000c,
                                                                     .class_code = 0x060400}>,
    p::at<rp_pcie, 0x40>, p::at<rp_aer, 0x100>, p::at<p::dpc<>, 0x138>, p::at<acs_fixed, 0x144>,
    p::at<p::ptm<p::ptm_params{.requester = false, .responder = true, .root = true}>, 0x14c>>;
using fixed_bar_fn = p::config_space<"fixed", p::type0<nic_id, p::bars<rebar_fixed::bar_slot>>,
    p::at<ep_pcie, 0x40>, p::at<rebar_fixed, 0x100>>;

using E = device<endpoint::type>;
using R = device<root_port::type>;

constexpr std::uint32_t b32(unsigned n) { return std::uint32_t{1} << n; }

// The contract, as the library states it, holds for every shipped capability.
static_assert(p::capability_type<ep_aer> && p::capability_type<acs40> && p::capability_type<p::ltr> &&
              p::capability_type<my_vsec> && p::capability_type<rebar> && p::capability_type<p::pm<>> &&
              p::capability_type<p::sriov<p::sriov_params{}>>);
static_assert(!p::capability_type<int> && !p::capability_type<p::pcie_params>);
// Sizes follow the parameters: the ACS egress vector takes ceil(40 / 32) dwords, Secondary PCIe
// two bytes a lane, AER's root registers only in a root port.
static_assert(acs40::bytes == 0x10 && p::acs<>::bytes == 0x08 && p::secondary_pcie<4>::bytes == 0x14 &&
              p::secondary_pcie<16>::bytes == 0x2c && ep_aer::bytes == 0x2c && rp_aer::bytes == 0x38);
}  // namespace

TEST_CASE("the extended capability chain lists every capability in order") {
    const E d;
    struct peeked {
        const E& dev;
        std::uint64_t read(unsigned offset, unsigned size) const { return dev.peek(offset, size); }
    };
    const auto caps = p::walk_capabilities(peeked{d}, 4096);
    const std::uint16_t ids[] = {0x10, 0x0001, 0x0003, 0x000e, 0x000d, 0x000f, 0x0013, 0x001b,
                                 0x0018, 0x001e, 0x0019, 0x001f, 0x000b, 0x0023, 0x0015};
    REQUIRE(caps.size() == std::size(ids));
    for (std::size_t i = 0; i < caps.size(); ++i) CHECK(caps[i].id == ids[i]);
    CHECK(d.peek(0x100, 4) == (0x12cu << 20 | 2u << 16 | 0x0001u));  // AER is version 2
    CHECK((d.peek(0x1cc, 4) >> 20) == 0);                              // the last one ends the chain
}

// The capability docs/pci.md "Writing a capability" shows, as written there.
struct my_cap {
    static constexpr std::uint16_t id = 0x0003;
    static constexpr bool extended = true;
    static constexpr unsigned bytes = 0x0c;
    using lo = reg<"SERIAL_LO", 0x04, 4, field<"SN", 0, 32, access::ro, 0x1234>>;
    using hi = reg<"SERIAL_HI", 0x08, 4, field<"SN", 0, 32, access::ro, 0>>;
    template <std::uint16_t Next>
    using block = block_of<"MY", p::ext_cap_header<id, 1, Next>, lo, hi>;
};
TEST_CASE("a capability written to the documented contract is placed and chained like a shipped one") {
    static_assert(p::capability_type<my_cap>);
    using fn = p::config_space<"mine", p::type0<nic_id>, p::at<ep_pcie, 0x40>, p::at<p::ltr, 0x100>,
                               p::at<my_cap, 0x108>>;
    device<fn::type> d;
    CHECK(d.read(0x100, 4) == (0x108u << 20 | 1u << 16 | 0x18));
    CHECK(d.read(0x108, 4) == (1u << 16 | 0x3));
    CHECK(d.read(0x10c, 4) == 0x1234);
    d.write(0x10c, 4, 0);
    CHECK(d.get<my_cap::lo>() == 0x1234);
}

// ---- AER ----------------------------------------------------------------------------------------

TEST_CASE("AER registers: spec defaults, RW1CS status, RWS masks, sticky across FLR") {
    E d;
    CHECK(d.read(0x10c, 4) == 0x00462030);  // severity: DLP, SDES, FCP, RO, MTLP, UIE fatal
    CHECK(d.read(0x114, 4) == 0x0000e000);  // ANFE, CIE, HLO masked
    d.write(0x108, 4, 0xffffffff);
    CHECK(d.read(0x108, 4) == 0x07fff030);  // only implemented errors are maskable
    d.write(0x104, 4, 0xffffffff);          // the guest cannot set a status bit
    CHECK(d.read(0x104, 4) == 0);
    p::aer_record(d, p::aer_uncorrectable::completion_timeout);
    CHECK(d.read(0x104, 4) == b32(14));
    d.reset(reset_kind::flr);  // sticky: status and masks survive
    CHECK(d.read(0x104, 4) == b32(14));
    CHECK(d.read(0x108, 4) == 0x07fff030);
    d.write(0x104, 4, b32(14));  // 1 clears
    CHECK(d.read(0x104, 4) == 0);
    d.reset(reset_kind::cold);
    CHECK(d.read(0x108, 4) == 0);
}

TEST_CASE("AER: an unmasked non-fatal error sets status, logs the first header and sends ERR_NONFATAL") {
    E d;
    d.write(0x48, 2, 0x0002);  // DEVCTL: non-fatal reporting enable
    const p::tlp_header h{{0x4a000001, 0x01000004, 0xfee00000, 0}};
    const p::aer_report r = p::aer_record(d, p::aer_uncorrectable::completion_timeout, h);
    CHECK(r.message == p::aer_message::err_nonfatal);
    CHECK_FALSE(r.fatal);
    REQUIRE(r.trace.count == 4);
    CHECK(r.trace.steps[0] == p::aer_step::device_status);
    CHECK(r.trace.steps[1] == p::aer_step::error_status);
    CHECK(r.trace.steps[2] == p::aer_step::first_error_logged);
    CHECK(r.trace.steps[3] == p::aer_step::message_sent);
    CHECK(d.read(0x4a, 2) == 0x2);              // DEVSTA: non-fatal error detected
    CHECK((d.read(0x118, 4) & 0x1f) == 14);     // First Error Pointer
    CHECK(d.read(0x11c, 4) == 0x4a000001);
    CHECK(d.read(0x124, 4) == 0xfee00000);

    // A second error while the first is pending keeps the log (no multiple header recording).
    const p::aer_report r2 = p::aer_record(d, p::aer_uncorrectable::unexpected_completion, p::tlp_header{{9, 9, 9, 9}});
    CHECK(r2.trace.has(p::aer_step::log_kept));
    CHECK((d.read(0x118, 4) & 0x1f) == 14);
    CHECK(d.read(0x11c, 4) == 0x4a000001);
    CHECK(d.read(0x104, 4) == (b32(14) | b32(16)));
    // Software clears the first error: the pointer is no longer valid and the next error logs.
    d.write(0x104, 4, b32(14));
    const p::aer_report r3 = p::aer_record(d, p::aer_uncorrectable::unexpected_completion, p::tlp_header{{7, 0, 0, 0}});
    CHECK(r3.trace.has(p::aer_step::first_error_logged));
    CHECK((d.read(0x118, 4) & 0x1f) == 16);
    CHECK(d.read(0x11c, 4) == 7);
}

TEST_CASE("AER: masks, severity, SERR#, Unsupported Request and advisory non-fatal") {
    SUBCASE("a masked error is recorded in status only") {
        E d;
        d.write(0x48, 2, 0x000f);
        d.write(0x108, 4, b32(14));
        const p::aer_report r = p::aer_record(d, p::aer_uncorrectable::completion_timeout, p::tlp_header{{5, 5, 5, 5}});
        CHECK(r.message == p::aer_message::none);
        CHECK(r.trace.has(p::aer_step::masked));
        CHECK(d.read(0x104, 4) == b32(14));
        CHECK(d.read(0x11c, 4) == 0);
        CHECK(d.read(0x4a, 2) == 0x2);  // Device Status regardless of the mask (§7.5.3.5)
    }
    SUBCASE("a fatal-by-severity error goes as ERR_FATAL through SERR# Enable alone") {
        E d;
        d.write(0x04, 2, 0x0100);  // COMMAND.SERRE, no DEVCTL enables
        const p::aer_report r = p::aer_record(d, p::aer_uncorrectable::data_link_protocol);
        CHECK(r.fatal);
        CHECK(r.message == p::aer_message::err_fatal);
        CHECK(r.trace.steps[r.trace.count - 1] == p::aer_step::signaled_system_error);
        CHECK((d.read(0x06, 2) & 0x4000) != 0);  // Status.SSE
        CHECK(d.read(0x4a, 2) == 0x4);
    }
    SUBCASE("without enables nothing is sent") {
        E d;
        const p::aer_report r = p::aer_record(d, p::aer_uncorrectable::malformed_tlp);
        CHECK(r.message == p::aer_message::none);
        CHECK(r.trace.has(p::aer_step::not_enabled));
        CHECK(r.trace.has(p::aer_step::first_error_logged));  // logging does not depend on enables
    }
    SUBCASE("Unsupported Request also needs its reporting enable") {
        E d;
        d.write(0x48, 2, 0x0002);
        CHECK(p::aer_record(d, p::aer_uncorrectable::unsupported_request).message == p::aer_message::none);
        CHECK(d.read(0x4a, 2) == 0xa);  // non-fatal and UR detected
        d.write(0x48, 2, 0x000a);
        d.write(0x104, 4, 0xffffffff);
        CHECK(p::aer_record(d, p::aer_uncorrectable::unsupported_request).message == p::aer_message::err_nonfatal);
    }
    SUBCASE("advisory non-fatal is an ERR_COR once ANFE is unmasked") {
        E d;
        d.write(0x48, 2, 0x0001);
        const p::aer_report masked = p::aer_record(d, p::aer_uncorrectable::unexpected_completion, {}, true);
        CHECK(masked.message == p::aer_message::none);  // ANFE masked by default
        CHECK(d.read(0x110, 4) == b32(13));
        d.write(0x114, 4, 0);
        const p::aer_report r = p::aer_record(d, p::aer_uncorrectable::unexpected_completion, {}, true);
        CHECK(r.message == p::aer_message::err_cor);
        CHECK(r.trace.has(p::aer_step::advisory));
        CHECK(d.read(0x4a, 2) == 0x1);  // correctable error detected, not non-fatal
    }
    SUBCASE("correctable errors") {
        E d;
        CHECK(p::aer_record(d, p::aer_correctable::receiver).message == p::aer_message::none);  // CERE clear
        d.write(0x48, 2, 0x0001);
        CHECK(p::aer_record(d, p::aer_correctable::bad_tlp).message == p::aer_message::err_cor);
        CHECK(p::aer_record(d, p::aer_correctable::corrected_internal).message == p::aer_message::none);  // masked
        CHECK(d.read(0x110, 4) == (b32(0) | b32(6) | b32(14)));
    }
    SUBCASE("an error the function does not implement is not detected at all") {
        using only_cto = p::config_space<"only CTO", p::type0<nic_id>, p::at<ep_pcie, 0x40>,
                                         p::at<p::aer<p::aer_params{.uncorrectable = b32(14), .correctable = 0}>, 0x100>>;
        device<only_cto::type> d;
        d.write(0x48, 2, 0x000f);
        CHECK(p::aer_record(d, p::aer_uncorrectable::data_link_protocol).trace.count == 0);
        CHECK(p::aer_record(d, p::aer_correctable::receiver).message == p::aer_message::none);
        CHECK(d.read(0x4a, 2) == 0);     // no Device Status bit either
        CHECK(d.read(0x118, 4) == 0);    // nor a First Error Pointer
        CHECK(d.read(0x104, 4) == 0);
        CHECK(d.read(0x110, 4) == 0);
        CHECK(d.read(0x10c, 4) == 0);  // no severity bit for what is not there
    }
}

TEST_CASE("AER root port: collection, Multiple bits, source IDs, the interrupt edge and the system error") {
    R rp;
    rp.write(0x12c, 4, 0x7);  // Root Error Command: interrupts for all classes
    const p::aer_root_report a = p::aer_collect(rp, p::aer_message::err_cor, 0x0100);
    CHECK(a.interrupt);
    CHECK(a.trace.steps[0] == p::aer_step::root_received);
    const p::aer_root_report b = p::aer_collect(rp, p::aer_message::err_cor, 0x0200);
    CHECK_FALSE(b.interrupt);  // status already set: no new edge
    CHECK(b.trace.steps[0] == p::aer_step::root_multiple);
    CHECK((rp.read(0x134, 4) & 0xffff) == 0x0100);  // the first source is kept
    // The interrupt condition is (status & enable) as a whole: with ERR_COR still set, an
    // ERR_FATAL makes no new edge.
    const p::aer_root_report c = p::aer_collect(rp, p::aer_message::err_fatal, 0x0300);
    CHECK_FALSE(c.interrupt);
    CHECK_FALSE(c.system_error);
    CHECK(rp.read(0x130, 4) == (3u << 27 | 0x40 | 0x10 | 0x4 | 0x2 | 0x1));
    CHECK((rp.read(0x134, 4) >> 16) == 0x0300);
    rp.write(0x5c, 2, 0x4);  // ROOTCTL: system error on fatal
    const p::aer_root_report d = p::aer_collect(rp, p::aer_message::err_fatal, 0x0400);
    CHECK(d.system_error);
    CHECK((rp.read(0x130, 4) & 0x8) != 0);  // multiple ERR_FATAL/NONFATAL
    rp.write(0x130, 4, 0xffffffff);         // software clears the status
    CHECK(rp.read(0x130, 4) == 3u << 27);
    CHECK(p::aer_collect(rp, p::aer_message::err_nonfatal, 0x0500).interrupt);  // a new edge
}

TEST_CASE("AER end to end: an endpoint's error collected by its root port") {
    // At compile time too: record and collect are constexpr over constexpr devices.
    static_assert([] {
        E ep;
        R rp;
        ep.write(0x48, 2, 0x0004);
        rp.write(0x12c, 4, 0x4);
        const p::aer_report r = p::aer_record(ep, p::aer_uncorrectable::data_link_protocol);
        const p::aer_root_report rr = p::aer_collect(rp, r.message, 0x0108);
        return r.message == p::aer_message::err_fatal && rr.interrupt && (rp.read(0x134, 4) >> 16) == 0x0108;
    }());
    E ep;
    R rp;
    ep.write(0x48, 2, 0x0001);
    const p::aer_report r = p::aer_record(ep, p::aer_correctable::bad_dllp);
    const p::aer_root_report rr = p::aer_collect(rp, r.message, 0x0108);
    CHECK_FALSE(rr.interrupt);  // Root Error Command clear
    CHECK((rp.read(0x130, 4) & 1) == 1);
    CHECK(p::to_string(rr.trace.steps[0]) == "root received");
}

// ---- ACS, ARI, ATS, PRI, PASID, PTM, LTR, L1SS, Secondary PCIe ------------------------------------

TEST_CASE("ACS: control writable where capable, the egress vector sized by its capability, fixed control") {
    E d;
    CHECK(d.read(0x144, 2) == (40u << 8 | 0x25));
    d.write(0x146, 2, 0xffff);
    CHECK(d.read(0x146, 2) == 0x25);  // SV, RR, EC only
    d.write(0x148, 4, 0xffffffff);
    d.write(0x14c, 4, 0xffffffff);
    CHECK(d.read(0x148, 4) == 0xffffffff);
    CHECK(d.read(0x14c, 4) == 0xff);  // bits 32-39 only
    d.reset(reset_kind::flr);
    CHECK(d.read(0x146, 2) == 0);
    R rp;
    CHECK(rp.read(0x14a, 2) == 0x05);  // fixed at the VMM's value...
    rp.write(0x14a, 2, 0);
    CHECK(rp.read(0x14a, 2) == 0x05);  // ...and read-only
}

TEST_CASE("ARI: next function and groups, and VF routing IDs that span devices without ARI") {
    E d;
    CHECK(d.read(0x13c, 2) == 0x0200);
    d.write(0x13e, 2, 0xffff);
    CHECK(d.read(0x13e, 2) == 0);  // no function groups capability: all read-only 0
    // PF at 01:00.0, First VF Offset 1, Stride 1: VF 8 is routing ID 0109h, which a non-ARI
    // requester reads as device 1 function 1, an ARI one as function 9.
    constexpr std::uint16_t vf8 = p::vf_routing_id(0x0100, 1, 1, 8);
    static_assert(vf8 == 0x0109 && ((vf8 >> 3) & 0x1f) == 1 && (vf8 & 7) == 1 && (vf8 & 0xff) == 9);
    static_assert(p::vf_routing_id(0x01f8, 8, 2, 4) == 0x0208);  // onto the next bus
    CHECK(p::vf_routing_id(0xfffe, 1, 1, 2) == 0x0001);          // 16-bit arithmetic wraps
}

TEST_CASE("ATS, PRI and PASID") {
    E d;
    d.write(0x156, 2, 0xffff);
    CHECK(d.read(0x156, 2) == 0x801f);  // Enable and STU
    CHECK(d.read(0x15e, 2) == 0x0100);  // PRI stopped while disabled
    d.write(0x15c, 2, 0x0003);          // enable + reset
    CHECK(d.read(0x15c, 2) == 0x0001);  // reset reads 0
    CHECK(d.read(0x15e, 2) == 0x0000);
    d.write(0x15c, 2, 0);
    CHECK(d.read(0x15e, 2) == 0x0100);
    CHECK(d.read(0x160, 4) == 32);
    d.write(0x164, 4, 16);
    CHECK(d.read(0x164, 4) == 16);
    CHECK(d.read(0x16c, 2) == (16u << 8 | 0x2));
    d.write(0x16e, 2, 0x7);
    CHECK(d.read(0x16e, 2) == 0x3);  // privileged mode not supported
}

TEST_CASE("PTM, LTR, L1 PM Substates and Secondary PCIe") {
    E d;
    d.write(0x1a8, 4, 0xffffffff);
    CHECK(d.read(0x1a8, 4) == 0xff01);  // Root Select read-only 0 in a requester
    R rp;
    rp.write(0x154, 4, 0x3);
    CHECK(rp.read(0x154, 4) == 0x3);
    d.write(0x174, 4, 0xffffffff);
    CHECK(d.read(0x174, 4) == 0x1fff1fff);
    CHECK(d.read(0x17c, 4) == 0x0028001f);  // L1SS caps: all four, substates, T_POWER_ON 5 x 2 us
    CHECK(d.read(0x184, 4) == 0x28);        // Control 2 default T_POWER_ON value 00101b
    d.write(0x190, 4, 0xffffffff);
    CHECK(d.read(0x190, 4) == 0xfe03);
    d.set<p::secondary_pcie<4>::lane_errors>(0xf);
    d.write(0x194, 4, 0x5);
    CHECK(d.read(0x194, 4) == 0xa);         // lane errors are RW1CS, one bit per lane
    d.write(0x198, 4, 0xffffffff);          // lane equalization presets are HwInit
    CHECK(d.read(0x198, 4) == 0);
}

// ---- DPC ----------------------------------------------------------------------------------------

TEST_CASE("DPC: software trigger, trigger enables, sticky status released by RW1C") {
    using dpc = p::dpc<>;
    R rp;
    rp.write(0x13e, 2, 0x0040);  // software trigger while DPC is disabled: nothing
    CHECK(rp.read(0x140, 2) == 0);
    rp.write(0x13e, 2, 0x0049);  // trigger enable ERR_FATAL, interrupt enable, software trigger
    CHECK(rp.read(0x13e, 2) == 0x0009);
    CHECK(rp.read(0x140, 2) == (1u << 5 | 3u << 1 | 0x8 | 0x1));  // reason 11b, extension 01b
    CHECK(dpc::contained(rp));
    CHECK_FALSE(dpc::trigger(rp, p::dpc_reason::err_fatal, 0x0200).triggered);  // already triggered
    rp.reset(reset_kind::warm);
    CHECK(dpc::contained(rp));  // sticky
    rp.write(0x140, 2, 0x0009);
    CHECK_FALSE(dpc::contained(rp));
    CHECK_FALSE(dpc::trigger(rp, p::dpc_reason::err_nonfatal, 0x0200).triggered);  // enable is ERR_FATAL only
    rp.write(0x13e, 2, 0x0002);
    const p::dpc_outcome o = dpc::trigger(rp, p::dpc_reason::err_nonfatal, 0x0200);
    CHECK(o.triggered);
    CHECK_FALSE(o.interrupt);
    CHECK(rp.read(0x142, 2) == 0x0200);
    CHECK(((rp.read(0x140, 2) >> 1) & 3) == 1);
}

// ---- VSEC, DVSEC, Resizable BAR -----------------------------------------------------------------

TEST_CASE("VSEC and DVSEC headers and vendor registers") {
    E d;
    CHECK(d.read(0x1b0, 4) == (0x010u << 20 | 2u << 16 | 0x1234));
    d.write(0x1b4, 4, 0xdeadbeef);
    CHECK(d.read(0x1b4, 4) == 0xdeadbeef);
    CHECK(d.read(0x1c0, 4) == (0x010u << 20 | 1u << 16 | 0x8086));
    CHECK(d.read(0x1c4, 2) == 0x0007);
    d.write(0x1c8, 4, 0xff);
    CHECK(d.read(0x1c8, 4) == 0xf);
}

TEST_CASE("Resizable BAR: the BAR's size follows BAR Size") {
    E d;
    d.write(0x10, 4, 0xffffffff);
    d.write(0x14, 4, 0xffffffff);
    CHECK(d.read(0x10, 4) == 0xf000000c);  // 256 MiB, 64-bit prefetchable
    CHECK(d.read(0x14, 4) == 0xffffffff);
    CHECK(p::decode_bars(d)[0].size == 0x10000000);
    d.write(0x1d4, 4, 10u << 8);  // 1 GiB
    CHECK(d.read(0x10, 4) == 0xc000000c);
    d.write(0x10, 4, 0xffffffff);
    CHECK(d.read(0x10, 4) == 0xc000000c);
    CHECK(p::decode_bars(d)[0].size == 0x40000000);
    d.write(0x1d4, 4, 9u << 8);  // 512 MiB is not supported: the size stays
    CHECK(((d.read(0x1d4, 4) >> 8) & 0x3f) == 10);
    d.write(0x1d4, 4, 14u << 8);  // 16 GiB: the whole low dword's address is gone
    CHECK(d.read(0x10, 4) == 0x0000000c);
    CHECK(d.read(0x14, 4) == 0xfffffffc);
    CHECK(p::decode_bars(d)[0].size == 0x400000000ull);
    CHECK(d.read(0x1d0, 4) == 0x4500u << 4);
    CHECK(d.read(0x1d4, 4) == (14u << 8 | 1u << 5));
}

TEST_CASE("Resizable BAR, current size only: one size advertised, BAR Size read-only") {
    device<fixed_bar_fn::type> d;
    CHECK(d.read(0x104, 4) == (1u << 10) << 4);
    d.write(0x108, 4, 8u << 8);
    CHECK(((d.read(0x108, 4) >> 8) & 0x3f) == 10);
    d.write(0x10, 4, 0xffffffff);
    CHECK(d.read(0x10, 4) == 0xc000000c);
}

// ---- lspci --------------------------------------------------------------------------------------

TEST_CASE("lspci decodes each new extended capability of the endpoint") {
    REGSPACE_NEEDS_LSPCI();
    E d;
    d.write(0x48, 2, 0x0002);
    p::aer_record(d, p::aer_uncorrectable::completion_timeout, p::tlp_header{{0x4a000001, 0x01000004, 0xfee00000, 0}});
    d.write(0x146, 2, 0x0001);
    d.write(0x156, 2, 0x8000);
    d.write(0x16e, 2, 0x0001);
    d.write(0x1a8, 4, 0x1);
    d.write(0x1d4, 4, 10u << 8);
    const std::string out = lspci_decode(p::lspci_dump(d, "01:00.0"), "ext-endpoint");
    CAPTURE(out);
    CHECK(out.find("Capabilities: [100 v2] Advanced Error Reporting") != std::string::npos);
    CHECK(out.find("UESta:\tDLP- SDES- TLP- FCP- CmpltTO+ CmpltAbrt-") != std::string::npos);
    CHECK(out.find("UESvrt:\tDLP+ SDES+ TLP- FCP+ CmpltTO- CmpltAbrt- UnxCmplt- RxOF+ MalfTLP+") != std::string::npos);
    CHECK(out.find("CEMsk:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr+") != std::string::npos);
    CHECK(out.find("AERCap:\tFirst Error Pointer: 0e") != std::string::npos);
    CHECK(out.find("HeaderLog: 4a000001 01000004 fee00000 00000000") != std::string::npos);
    CHECK(out.find("Capabilities: [12c v1] Device Serial Number 00-11-22-33-44-55-66-77") != std::string::npos);
    CHECK(out.find("ARICap:\tMFVC- ACS-, Next Function: 2") != std::string::npos);
    CHECK(out.find("ACSCap:\tSrcValid+ TransBlk- ReqRedir+ CmpltRedir- UpstreamFwd- EgressCtrl+ DirectTrans-") !=
          std::string::npos);
    CHECK(out.find("ACSCtl:\tSrcValid+ TransBlk- ReqRedir-") != std::string::npos);
    CHECK(out.find("ATSCtl:\tEnable+, Smallest Translation Unit: 00") != std::string::npos);
    CHECK(out.find("PRISta: RF- UPRGI- Stopped+") != std::string::npos);
    CHECK(out.find("Page Request Capacity: 00000020") != std::string::npos);
    CHECK(out.find("PASIDCap: Exec+ Priv-, Max PASID Width: 10") != std::string::npos);
    CHECK(out.find("PASIDCtl: Enable+ Exec- Priv-") != std::string::npos);
    CHECK(out.find("Capabilities: [170 v1] Latency Tolerance Reporting") != std::string::npos);
    CHECK(out.find("L1SubCap: PCI-PM_L1.2+ PCI-PM_L1.1+ ASPM_L1.2+ ASPM_L1.1+ L1_PM_Substates+") != std::string::npos);
    CHECK(out.find("L1SubCtl2: T_PwrOn=10us") != std::string::npos);
    CHECK(out.find("Capabilities: [18c v1] Secondary PCI Express") != std::string::npos);
    CHECK(out.find("PTMCap: Requester:+ Responder:- Root:-") != std::string::npos);
    CHECK(out.find("PTMControl: Enabled:+ RootSelected:-") != std::string::npos);
    CHECK(out.find("Vendor Specific Information: ID=1234 Rev=2 Len=010") != std::string::npos);
    CHECK(out.find("Designated Vendor-Specific: Vendor=8086 ID=0007 Rev=1 Len=16") != std::string::npos);
    CHECK(out.find("Physical Resizable BAR") != std::string::npos);
    CHECK(out.find("BAR 0: current size: 1GB, supported: 256MB 1GB 16GB") != std::string::npos);
}

TEST_CASE("lspci decodes the root port's AER, DPC, fixed ACS and PTM root") {
    REGSPACE_NEEDS_LSPCI();
    R rp;
    rp.write(0x12c, 4, 0x7);
    p::aer_collect(rp, p::aer_message::err_fatal, 0x0300);
    rp.write(0x13e, 2, 0x0041);
    const std::string out = lspci_decode(p::lspci_dump(rp, "00:1c.0"), "ext-root-port");
    CAPTURE(out);
    CHECK(out.find("Capabilities: [100 v2] Advanced Error Reporting") != std::string::npos);
    CHECK(out.find("RootCmd: CERptEn+ NFERptEn+ FERptEn+") != std::string::npos);
    CHECK(out.find("RootSta: CERcvd- MultCERcvd- UERcvd+ MultUERcvd-") != std::string::npos);
    CHECK(out.find("FirstFatal+ NonFatalMsg- FatalMsg+ IntMsg 3") != std::string::npos);
    CHECK(out.find("ErrorSrc: ERR_COR: 0000 ERR_FATAL/NONFATAL: 0300") != std::string::npos);
    CHECK(out.find("Capabilities: [138 v1] Downstream Port Containment") != std::string::npos);
    CHECK(out.find("DpcSta:\tTrigger+ Reason:03") != std::string::npos);
    CHECK(out.find("ACSCtl:\tSrcValid+ TransBlk- ReqRedir+") != std::string::npos);
    CHECK(out.find("PTMCap: Requester:- Responder:+ Root:+") != std::string::npos);
}
}  // namespace tests_pci_ext_caps

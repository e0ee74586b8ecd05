// SPDX-License-Identifier: MIT
// Reset methods as Linux 6.x detects and runs them (pci/reset_methods.hpp), against device
// models on a bus behind a root port: FLR, AF FLR, PM, bus reset; Immediate Readiness and the
// Request Retry Status window; reset quirks as data, and the seed's case: a GPU that hangs after
// a secondary bus reset, reset another way, the platform told which method ran.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "devices.hpp"
#include "support/lspci.hpp"

namespace tests_pci_reset_methods {

using namespace regspace;
using namespace regspace::test;

namespace {
// ---- the functions -------------------------------------------------------------------------
constexpr p::identity root_id{.vendor = 0x1b36, .device = 0x000c, .class_code = 0x060400};
using root_port = p::config_space<"root port", p::type1<root_id>,
    p::at<p::pcie<p::pcie_params{.type = p::port_type::root_port, .rrs_visibility = true}>, 0x40>>;

// A PCI Express endpoint: FLR, and D3hot->D0 resets it (No_Soft_Reset clear).
constexpr p::identity ep_id{.vendor = 0x1234, .device = 0x0001, .class_code = 0xff0000};
using endpoint = p::config_space<"endpoint", p::type0<ep_id>, p::at<p::pm<p::pm_params{.no_soft_reset = false}>, 0x40>,
                                 p::at<p::pcie<p::pcie_params{.flr = true}>, 0x50>>;
// The same with Immediate Readiness (Status bit 0).
constexpr p::identity ready_id{.vendor = 0x1234, .device = 0x0002, .class_code = 0xff0000, .immediate_readiness = true};
using ready_endpoint = p::config_space<"immediately ready", p::type0<ready_id>, p::at<p::pcie<p::pcie_params{.flr = true}>, 0x40>>;
// A conventional function with Advanced Features FLR and PM that keeps its state.
constexpr p::identity conv_id{.vendor = 0x1234, .device = 0x0003, .class_code = 0xff0000};
using conventional = p::config_space<"conventional", p::type0<conv_id>, p::at<p::advanced_features<>, 0x40>,
                                     p::at<p::pm<>, 0x48>>;
// The seed's GPU: NVIDIA 10de:2342 (quirk_nvidia_no_bus_reset), no FLR, No_Soft_Reset set, so
// the only standard method left is a bus reset, which hangs it.
constexpr p::identity gpu_id{.vendor = 0x10de, .device = 0x2342, .class_code = 0x030000};
using gpu = p::config_space<"gpu", p::type0<gpu_id, p::bars<p::mem32_bar<0x1000>>>, p::at<p::pm<>, 0x40>,
                            p::at<p::pcie<p::pcie_params{.flr = false}>, 0x50>>;

// The platform's clock, in ms.
struct clock {
    std::uint64_t now = 0;
};

// A function's logic: after any reset it is not ready for `recovery` ms; a GPU-like function
// hangs on a hot reset (config space reads all-ones until power is cycled).
struct model {
    using notified = regspace::notified<p::notice::reset>;
    clock* clk = nullptr;
    p::readiness* ready = nullptr;
    std::uint64_t recovery = 0;
    bool hangs_on_hot_reset = false;
    bool hung = false;
    std::vector<p::reset_method> self_resets{};  // what the function reported doing to itself
    void pci_reset(p::reset_method m) { self_resets.push_back(m); }
    void on_reset(auto&, reset_kind k) {
        if (k == reset_kind::warm && hangs_on_hot_reset) hung = true;
        if (k == reset_kind::cold) hung = false;
        ready->reset_done(clk->now, recovery);
    }
};

// The root port with one function behind it, as the host reaches them.
template <class Cfg>
struct rig {
    clock clk;
    p::readiness ready;
    p::bus bus0, bus1;
    device<root_port::type, p::bridge_hooks> rp{p::bridge_hooks{&bus1}};
    device<typename Cfg::type, model> fn;
    std::vector<std::string> host_log;  // what the host did, in order

    explicit rig(std::uint64_t recovery = 0, bool hangs = false) : fn(model{&clk, &ready, recovery, hangs}) {
        bus0.attach(0x08, rp, &bus1);
        bus1.attach(0x00, fn);
        // What reaches the function: nothing while it hangs, RRS while it recovers.
        p::bus::function f = bus1.at(0x00);
        f.read = [this](unsigned off, unsigned size) -> std::uint64_t {
            if (fn.hooks().hung) return regspace::detail::all_ones(size);
            if (!ready.ready(clk.now)) return p::rrs_answer(off, size, rrs_on());
            return fn.read(off, size);
        };
        f.write = [this](unsigned off, unsigned size, std::uint64_t v) {
            if (!fn.hooks().hung && ready.ready(clk.now)) fn.write(off, size, v);
        };
        bus1.attach(0x00, std::move(f));
        rp.write(0x18, 4, 0x00010100);  // primary 0, secondary 1, subordinate 1
        rp.write(0x5c, 2, 0x0010);      // Root Control: RRS Software Visibility Enable
    }
    bool rrs_on() { return (rp.peek(0x5c, 2) & 0x10) != 0; }
    p::reset_host host() {
        p::reset_host h;
        h.read = [this](unsigned off, unsigned size) { return bus0.config_read(0, 1, 0x00, off, size); };
        h.write = [this](unsigned off, unsigned size, std::uint64_t v) { bus0.config_write(0, 1, 0x00, off, size, v); };
        h.parent_read = [this](unsigned off, unsigned size) { return bus0.config_read(0x08, off, size); };
        h.parent_write = [this](unsigned off, unsigned size, std::uint64_t v) { bus0.config_write(0x08, off, size, v); };
        h.sleep = [this](unsigned ms) { clk.now += ms; };
        h.rrs_visibility = rrs_on();
        return h;
    }
    p::reset_capabilities probe() {
        p::reset_host h = host();
        return p::probe_reset(h.read);
    }
};

constexpr p::reset_topology below_port{.root_bus = false, .alone_on_bus = true};
}  // namespace

// Compile time: the method list from what the function advertises, and the quirk table.
static_assert(p::reset_methods_for(p::reset_capabilities{.flr = true, .pm_reset = true}, {}, below_port).count == 3);
static_assert(!p::reset_methods_for(p::reset_capabilities{.flr = true}, {}, p::reset_topology{.root_bus = true}).has(p::reset_choice::bus));
static_assert(!p::reset_methods_for(p::reset_capabilities{.bridge = true}, {}, below_port).has(p::reset_choice::bus));
static_assert(!p::reset_methods_for({}, {}, p::reset_topology{.alone_on_bus = false}).has(p::reset_choice::bus));
static_assert(p::quirks_for(0x10de, 0x2342, 0x030000).no_bus_reset);     // 2340-237f
static_assert(!p::quirks_for(0x10de, 0x2382, 0x030000).no_bus_reset);
static_assert(p::quirks_for(0x1002, 0x6798, 0x030000).no_pm_reset);      // any ATI/AMD VGA
static_assert(!p::quirks_for(0x1002, 0x6798, 0x040300).no_pm_reset);     // its HDA function is not VGA
static_assert(p::quirks_for(0x8086, 0x0953, 0x010802).extra_delay_ms == 250);
static_assert(p::rrs_answer(0, 4, true) == 0xffff0001 && p::rrs_answer(0, 2, true) == 0x0001 &&
              p::rrs_answer(0, 1, true) == 0xff && p::rrs_answer(4, 4, true) == 0xffffffff &&
              p::rrs_answer(0, 4, false) == 0xffffffff);

TEST_CASE("reset methods: what each function advertises, in Linux's order, as sysfs reset_method lists them") {
    rig<endpoint> e;
    const p::reset_capabilities c = e.probe();
    CHECK(c.pcie == 0x50);
    CHECK(c.pm == 0x40);
    CHECK(c.flr);
    CHECK(c.pm_reset);
    CHECK_FALSE(c.immediate_readiness);
    CHECK(p::reset_methods_for(c, {}, below_port).text() == "flr pm bus");
    CHECK(p::reset_methods_for(c, {}, p::reset_topology{.root_bus = true}).text() == "flr pm");
    p::reset_quirks no_flr;
    no_flr.no_flr = true;
    CHECK(p::reset_methods_for(c, no_flr, below_port).text() == "pm bus");

    rig<conventional> a;
    const p::reset_capabilities ca = a.probe();
    CHECK(ca.af == 0x40);
    CHECK(ca.af_flr);
    CHECK_FALSE(ca.pm_reset);  // No_Soft_Reset set: D3hot->D0 keeps its state
    CHECK(p::reset_methods_for(ca, {}, below_port).text() == "af_flr bus");

    rig<gpu> g;
    const p::reset_capabilities cg = g.probe();
    CHECK(p::reset_methods_for(cg, {}, below_port).text() == "bus");
    const p::reset_quirks q = p::quirks_for(0x10de, 0x2342, 0x030000);
    CHECK(p::reset_methods_for(cg, q, below_port).text() == "");
    p::reset_quirks with_routine = q;
    with_routine.device_specific = true;
    CHECK(p::reset_methods_for(cg, with_routine, below_port).text() == "device_specific");
}

TEST_CASE("FLR: 100 ms, then polling through the RRS window until Vendor ID is not 0001h") {
    rig<endpoint> e(350);  // 350 ms before it answers again
    e.fn.write(0x04, 2, 0x0006);
    const p::reset_capabilities c = e.probe();
    p::reset_host h = e.host();
    std::vector<std::uint64_t> seen;  // what the host's polls read
    const auto inner = h.read;
    h.read = [&](unsigned off, unsigned size) {
        const std::uint64_t v = inner(off, size);
        if (off == 0 && size == 2) seen.push_back(v);
        return v;
    };
    const p::reset_outcome r = p::reset_function(h, c, {}, p::reset_methods_for(c, {}, below_port));
    CHECK(r.done);
    CHECK(r.method == p::reset_choice::flr);
    CHECK(r.ready);
    CHECK(e.fn.hooks().self_resets == std::vector<p::reset_method>{p::reset_method::flr});
    CHECK(e.fn.read(0x04, 2) == 0);  // Command reset
    // 100 ms, then 1 + 2 + ... + 128 = 255 ms of polling crosses 350 ms; every poll before it read RRS.
    CHECK(r.waited_ms == 355);
    CHECK(e.clk.now == 355);
    REQUIRE(seen.size() == 9);
    for (std::size_t i = 0; i + 1 < seen.size(); ++i) CHECK(seen[i] == 0x0001);
    CHECK(seen.back() == 0x1234);
}

TEST_CASE("Immediate Readiness: no wait after FLR, the function answers at once") {
    rig<ready_endpoint> e;
    const p::reset_capabilities c = e.probe();
    CHECK(c.immediate_readiness);
    p::reset_host h = e.host();
    const p::reset_outcome r = p::reset_function(h, c, {}, p::reset_methods_for(c, {}, below_port));
    CHECK(r.method == p::reset_choice::flr);
    CHECK(r.ready);
    CHECK(r.waited_ms == 0);
}

TEST_CASE("without RRS Software Visibility the host polls Command until it is not all-ones, quirk delays add up") {
    rig<endpoint> e(120);
    e.rp.write(0x5c, 2, 0x0000);
    const p::reset_capabilities c = e.probe();
    p::reset_host h = e.host();
    CHECK_FALSE(h.rrs_visibility);
    CHECK(e.host().read(0x00, 4) == 0x00011234);
    const p::reset_quirks q = p::quirks_for(0x8086, 0x0953, 0x010802);  // the NVMe quirk: 250 ms more
    const p::reset_outcome r = p::reset_function(h, c, q, p::reset_methods_for(c, q, below_port));
    CHECK(r.method == p::reset_choice::flr);
    CHECK(r.ready);
    CHECK(r.waited_ms == 350);  // 100 + 250, ready by then: the first poll answers
}

TEST_CASE("AF FLR on a conventional function, PM D3hot->D0 on another, a bus reset through the parent") {
    rig<conventional> a;
    p::reset_host ha = a.host();
    const p::reset_capabilities ca = a.probe();
    const p::reset_outcome ra = p::reset_function(ha, ca, {}, p::reset_methods_for(ca, {}, below_port));
    CHECK(ra.method == p::reset_choice::af_flr);
    CHECK(a.fn.hooks().self_resets == std::vector<p::reset_method>{p::reset_method::af_flr});
    CHECK(a.fn.read(0x44, 1) == 0);  // AF Control's Initiate FLR reads 0

    rig<endpoint> e;
    e.fn.write(0x44, 2, 0x0000);
    const p::reset_capabilities c = e.probe();
    p::reset_quirks no_flr;
    no_flr.no_flr = true;
    p::reset_host h = e.host();
    const p::reset_outcome r = p::reset_function(h, c, no_flr, p::reset_methods_for(c, no_flr, below_port));
    CHECK(r.method == p::reset_choice::pm);
    CHECK(r.waited_ms == 20);  // d3hot_delay twice
    CHECK(e.fn.hooks().self_resets == std::vector<p::reset_method>{p::reset_method::pm_d3hot_to_d0});
    CHECK((e.fn.read(0x44, 2) & 0x3) == 0);  // back in D0

    rig<endpoint> b;
    b.fn.write(0x04, 2, 0x0006);
    const p::reset_capabilities cb = b.probe();
    p::reset_methods only_bus;
    only_bus.list[0] = p::reset_choice::bus;
    only_bus.count = 1;
    p::reset_host hb = b.host();
    const p::reset_outcome rb = p::reset_function(hb, cb, {}, only_bus);
    CHECK(rb.method == p::reset_choice::bus);
    CHECK(rb.ready);
    CHECK(rb.waited_ms == 102);
    CHECK(b.fn.read(0x04, 2) == 0);
    CHECK(b.fn.hooks().self_resets.empty());  // a hot reset from the bridge, not the function's own
    CHECK((b.rp.read(0x3e, 2) & 0x40) == 0);  // SBR released
}

TEST_CASE("the seed's GPU: a secondary bus reset hangs it, with its quirk it is reset another way and the platform told which") {
    // Without the quirk Linux would choose "bus" and the GPU never answers again. With RRS
    // Software Visibility the wait even passes (all-ones is not the RRS value 0001h): only the
    // next read shows the function is gone. Without it the wait runs out after 60 s.
    for (const bool rrs : {true, false}) {
        CAPTURE(rrs);
        rig<gpu> g(0, true);
        if (!rrs) g.rp.write(0x5c, 2, 0x0000);
        const p::reset_capabilities c = g.probe();
        p::reset_host h = g.host();
        const p::reset_methods m = p::reset_methods_for(c, {}, below_port);
        REQUIRE(m.text() == "bus");
        const p::reset_outcome r = p::reset_function(h, c, {}, m);
        CHECK(r.method == p::reset_choice::bus);
        CHECK(r.ready == rrs);
        CHECK_FALSE(r.answering);
        CHECK(g.fn.hooks().hung);
        CHECK(h.read(0x00, 4) == 0xffffffff);
        if (!rrs) CHECK(r.waited_ms > 60000);
    }
    // With it (quirk_nvidia_no_bus_reset) the bus reset is gone; the VMM's device-specific routine
    // (here: the function's own reset, as a vendor register would trigger) is the method.
    {
        rig<gpu> g(50, true);
        g.fn.write(0x10, 4, 0xfe000000);
        g.fn.write(0x04, 2, 0x0006);
        const p::reset_capabilities c = g.probe();
        p::reset_quirks q = p::quirks_for(gpu_id.vendor, gpu_id.device, gpu_id.class_code);
        q.device_specific = true;
        p::reset_host h = g.host();
        int routine_runs = 0;
        h.device_specific = [&] {
            ++routine_runs;
            g.fn.reset(reset_kind::flr);
        };
        const p::reset_methods m = p::reset_methods_for(c, q, below_port);
        REQUIRE(m.text() == "device_specific");
        const p::reset_outcome r = p::reset_function(h, c, q, m);
        CHECK(r.done);
        CHECK(r.method == p::reset_choice::device_specific);  // what the platform is told
        CHECK(r.ready);
        CHECK(r.answering);
        CHECK(routine_runs == 1);
        CHECK_FALSE(g.fn.hooks().hung);
        CHECK(h.read(0x00, 4) == 0x234210de);
        CHECK(h.read(0x10, 4) == 0);      // the BAR was reset
        CHECK(r.waited_ms == 63);         // 50 ms of RRS: polls of 1, 2, ... 32 ms
    }
}

TEST_CASE("lspci decodes the Advanced Features capability and RRS Software Visibility") {
    REGSPACE_NEEDS_LSPCI();
    rig<conventional> a;
    const std::string af = lspci_decode(p::lspci_dump(a.fn, "01:00.0"), "af-function");
    CAPTURE(af);
    CHECK(af.find("Capabilities: [40] PCI Advanced Features") != std::string::npos);
    CHECK(af.find("AFCap: TP+ FLR+") != std::string::npos);
    CHECK(af.find("AFCtrl: FLR-") != std::string::npos);
    CHECK(af.find("AFStatus: TP-") != std::string::npos);
    const std::string rp = lspci_decode(p::lspci_dump(a.rp, "00:01.0"), "rrs-root-port");
    CAPTURE(rp);
    CHECK(rp.find("RootCap: CRSVisible+") != std::string::npos);
    CHECK(rp.find("CRSVisible+") != rp.rfind("CRSVisible+"));  // RootCtl's enable too
}
}  // namespace tests_pci_reset_methods

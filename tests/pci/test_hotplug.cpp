// SPDX-License-Identifier: MIT
// Switch ports and the hot-plug slot of root and downstream ports: Slot Capabilities, Control and
// Status bit by bit, the hot-plug controller's QEMU semantics, plug and unplug from the device
// side, the events the platform hears, and lspci's reading of it.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "devices.hpp"
#include "support/lspci.hpp"

namespace tests_pci_hotplug {

using namespace regspace;
using namespace regspace::test;

namespace {
constexpr p::identity port_id{.vendor = 0x1b36, .device = 0x000c, .class_code = 0x060400};
// QEMU's pcie-root-port slot with a power controller (its compat property) and an interlock.
using hp_root = p::pcie<p::pcie_params{.type = p::port_type::root_port, .slot = true, .physical_slot = 7,
                                       .hot_plug = true, .attention_button = true, .power_controller = true,
                                       .attention_indicator = true, .power_indicator = true, .interlock = true}>;
// A switch downstream port without a power controller (QEMU's xio3130-downstream default), with
// ARI forwarding.
using hp_down = p::pcie<p::pcie_params{.type = p::port_type::downstream_port, .slot = true, .physical_slot = 2,
                                       .hot_plug = true, .attention_button = true, .attention_indicator = true,
                                       .power_indicator = true, .ari_forwarding = true}>;
using up = p::pcie<p::pcie_params{.type = p::port_type::upstream_port}>;
using root_cfg = p::config_space<"hp root", p::type1<port_id>, p::at<hp_root, 0x40>>;
using down_cfg = p::config_space<"hp down", p::type1<port_id>, p::at<hp_down, 0x40>>;
using up_cfg = p::config_space<"up", p::type1<port_id>, p::at<up, 0x40>>;

// The platform side: what the slot told it, in order.
struct platform {
    using notified = regspace::notified<p::notice::slot>;
    std::vector<p::slot_event> events;
    void slot_event(auto&, p::slot_event e) { events.push_back(e); }
    int interrupts() const {
        int n = 0;
        for (p::slot_event e : events) n += e == p::slot_event::interrupt;
        return n;
    }
};
using R = device<root_cfg::type, platform>;
using D = device<down_cfg::type, platform>;

// Offsets in the PCIe capability at 0x40.
constexpr unsigned slotcap = 0x54, slotctl = 0x58, slotsta = 0x5a, lnksta = 0x52;
// Slot Control bits (§7.5.3.10) and Slot Status bits (§7.5.3.11) the tests write.
constexpr std::uint16_t abpe = 0x1, pdce = 0x8, ccie = 0x10, hpie = 0x20, dllsce = 0x1000;
constexpr std::uint16_t pic_on = 1u << 8, pic_blink = 2u << 8, pic_off = 3u << 8, aic_off = 3u << 6;
constexpr std::uint16_t pcc_off = 0x400, eic = 0x800;
constexpr std::uint16_t abp = 0x1, pdc = 0x8, cc = 0x10, pds = 0x40, eis = 0x80, dllsc = 0x100;
constexpr std::uint16_t dllla = 0x2000;

// The whole plug / request / guest removal sequence, at compile time.
static_assert([] {
    device<root_cfg::type> d;
    d.write(slotctl, 2, pic_on | aic_off);  // the guest powers the empty slot on
    const bool plugged = p::slot_plug(d) == p::slot_result::done && p::slot_occupied(d);
    const bool asked = p::slot_request_unplug(d) == p::slot_result::requested;
    d.write(slotctl, 2, pic_off | aic_off | pcc_off);
    return plugged && asked && !p::slot_occupied(d) && (d.read(slotsta, 2) & pdc);
}());
}  // namespace

TEST_CASE("port types and the slot's capabilities, control and status bit by bit") {
    R d;
    CHECK(d.read(0x42, 2) == 0x0142);                 // version 2, root port, slot implemented
    CHECK(d.read(slotcap, 4) == (7u << 19 | 1u << 17 | 0x5b));  // ABP PCP AIP PIP HPC, EIP
    CHECK(d.read(slotctl, 2) == (pcc_off | pic_off | aic_off));  // empty slot: powered off, dark
    d.write(slotctl, 2, 0xffff);
    // Every enable, both indicators and the power controller; EIC is a strobe (reads 0); MRL
    // sensor changed enable stays 0 (no MRL sensor).
    CHECK(d.read(slotctl, 2) == 0x17fb);
    CHECK(d.read(0x52, 2) == 0x0011);                 // an empty slot's link is down
    D dn;
    CHECK(dn.read(0x42, 2) == 0x0162);                // downstream port
    CHECK((dn.read(0x64, 4) & 0x20) != 0);            // ARI Forwarding Supported
    dn.write(0x68, 2, 0x20);
    CHECK((dn.read(0x68, 2) & 0x20) != 0);            // and its enable is writable
    device<up_cfg::type> u;
    CHECK(u.read(0x42, 2) == 0x0052);                 // upstream port: no slot
    CHECK(u.read(slotcap, 4) == 0);
    u.write(0x68, 2, 0x20);
    CHECK((u.read(0x68, 2) & 0x20) == 0);             // no ARI forwarding there
    CHECK((u.read(0x44, 4) & (1u << 28)) == 0);       // FLR is an endpoint's
}

TEST_CASE("every Slot Control write completes a command and may interrupt on the rising edge") {
    R d;
    d.write(slotctl, 2, ccie | hpie);
    CHECK((d.read(slotsta, 2) & cc) != 0);
    CHECK(d.hooks().interrupts() == 1);
    d.write(slotctl, 2, ccie | hpie | abpe);  // still pending: no new edge
    CHECK(d.hooks().interrupts() == 1);
    d.write(slotsta, 2, cc);                  // the guest acknowledges
    CHECK((d.read(slotsta, 2) & cc) == 0);
    d.write(slotctl, 2, ccie | hpie | abpe);  // the next command rises again
    CHECK(d.hooks().interrupts() == 2);
    // A pending event interrupts when the guest enables its notification later (crosvm).
    R e;
    p::slot_plug(e);
    CHECK(e.hooks().interrupts() == 0);
    e.write(slotctl, 2, pdce | hpie);
    CHECK(e.hooks().interrupts() == 1);
}

TEST_CASE("a Slot Status write clearing events the guest cannot have seen clears none (QEMU)") {
    R d;
    p::slot_plug(d);  // PDC and ABP
    d.write(slotsta, 2, 0x011f);  // all-ones: CC, PFD, DLLSC... were 0, so nothing is cleared
    CHECK((d.read(slotsta, 2) & (pdc | abp)) == (pdc | abp));
    d.write(slotsta, 2, pdc | abp);  // what it saw: cleared
    CHECK((d.read(slotsta, 2) & (pdc | abp)) == 0);
}

TEST_CASE("plug: presence, the link when powered, Presence Detect Changed and Attention Button") {
    R d;
    d.write(slotctl, 2, pic_off | aic_off);  // power on (PCC 0)
    d.write(slotsta, 2, cc);
    CHECK(p::slot_plug(d) == p::slot_result::done);
    CHECK(d.read(slotsta, 2) == (pds | pdc | abp | dllsc));
    CHECK((d.read(lnksta, 2) & dllla) != 0);
    CHECK(p::slot_plug(d) == p::slot_result::refused_occupied);
    // Power off with the indicator on: the link drops, the device stays.
    d.write(slotctl, 2, pic_on | aic_off | pcc_off);
    CHECK((d.read(lnksta, 2) & dllla) == 0);
    CHECK(p::slot_occupied(d));
    CHECK(d.hooks().events.back() == p::slot_event::power_off);
}

TEST_CASE("the interlock: EIC toggles EIS, and an engaged interlock refuses plug and unplug") {
    R d;
    d.write(slotctl, 2, eic | pcc_off | pic_off | aic_off);
    CHECK((d.read(slotsta, 2) & eis) != 0);
    CHECK((d.read(slotctl, 2) & eic) == 0);
    CHECK(p::slot_plug(d) == p::slot_result::refused_locked);
    d.write(slotctl, 2, eic | pcc_off | pic_off | aic_off);
    CHECK((d.read(slotsta, 2) & eis) == 0);
    CHECK(p::slot_plug(d) == p::slot_result::done);
}

TEST_CASE("unplug: asked of the guest, removed when it powers off with the indicator off") {
    R d;
    p::slot_cold_plug(d);
    CHECK(d.read(slotctl, 2) == (pic_on | aic_off));  // occupied at power-on: powered, indicator on
    CHECK(d.read(slotsta, 2) == pds);                  // no event for a cold-plugged device
    CHECK((d.read(lnksta, 2) & dllla) != 0);
    d.write(slotctl, 2, pic_blink | aic_off);
    CHECK(p::slot_request_unplug(d) == p::slot_result::refused_busy);  // the guest is busy with the slot
    d.write(slotctl, 2, pic_on | aic_off);
    d.write(slotsta, 2, cc);
    CHECK(p::slot_request_unplug(d) == p::slot_result::requested);
    CHECK(d.read(slotsta, 2) == (pds | abp));
    d.hooks().events.clear();
    d.write(slotctl, 2, pic_off | aic_off | pcc_off);  // the guest's answer (Linux pciehp)
    const std::vector<p::slot_event> want{p::slot_event::power_off, p::slot_event::removed_by_guest};
    CHECK(d.hooks().events == want);
    CHECK(!p::slot_occupied(d));
    CHECK((d.read(lnksta, 2) & dllla) == 0);
    CHECK((d.read(slotsta, 2) & (pdc | dllsc)) == (pdc | dllsc));
    CHECK(p::slot_request_unplug(d) == p::slot_result::refused_empty);
    // A slot already off and dark gives its device up at once.
    CHECK(p::slot_plug(d) == p::slot_result::done);
    CHECK(p::slot_request_unplug(d) == p::slot_result::done);
    CHECK(!p::slot_occupied(d));
}

TEST_CASE("a port reset keeps what is plugged and powers an occupied slot") {
    R d;
    p::slot_cold_plug(d);
    d.write(slotctl, 2, pic_off | aic_off | hpie);
    d.reset(reset_kind::warm);
    CHECK(p::slot_occupied(d));
    CHECK(d.read(slotctl, 2) == (pic_on | aic_off));  // enables cleared, power on, indicator on
    CHECK((d.read(lnksta, 2) & dllla) != 0);
}

TEST_CASE("a slot without a power controller: link and presence follow the device alone") {
    D d;
    d.write(slotctl, 2, pdce | dllsce | hpie);
    d.write(slotsta, 2, cc);
    CHECK(p::slot_plug(d) == p::slot_result::done);
    CHECK(d.hooks().interrupts() == 1);  // the plug (the command's CC has no enable here)
    CHECK((d.read(lnksta, 2) & dllla) != 0);
    CHECK(p::slot_request_unplug(d) == p::slot_result::requested);  // never "already off"
    p::slot_surprise_removal(d);
    CHECK(!p::slot_occupied(d));
    p::slot_link(d, true);  // no device, but the link is the platform's to report
    CHECK((d.read(lnksta, 2) & dllla) != 0);
}

TEST_CASE("a slot that is not hot-plug capable refuses hot-plug and has no controller") {
    using plain = p::pcie<p::pcie_params{.type = p::port_type::root_port, .slot = true, .physical_slot = 1}>;
    using cfg = p::config_space<"plain", p::type1<port_id>, p::at<plain, 0x40>>;
    device<cfg::type> d;
    CHECK(p::slot_plug(d) == p::slot_result::refused_no_hot_plug);
    d.write(slotctl, 2, 0xffff);
    CHECK(d.read(slotctl, 2) == (pdce | dllsce));  // no CC on writes, HPIE read-only
    CHECK((d.read(slotsta, 2) & cc) == 0);
    p::slot_cold_plug(d);
    CHECK(p::slot_occupied(d));
}

TEST_CASE("lspci decodes the hot-plug slot, the downstream port and ARI forwarding") {
    REGSPACE_NEEDS_LSPCI();
    R d;
    d.write(slotctl, 2, abpe | pdce | ccie | hpie | pic_off | aic_off);
    p::slot_plug(d);
    const std::string out = lspci_decode(p::lspci_dump(d, "00:1c.0"), "hotplug-root");
    CAPTURE(out);
    CHECK(out.find("Express (v2) Root Port (Slot+)") != std::string::npos);
    CHECK(out.find("SltCap:\tAttnBtn+ PwrCtrl+ MRL- AttnInd+ PwrInd+ HotPlug+ Surprise-") != std::string::npos);
    CHECK(out.find("Slot #7, PowerLimit 0W; Interlock+ NoCompl-") != std::string::npos);
    CHECK(out.find("SltCtl:\tEnable: AttnBtn+ PwrFlt- MRL- PresDet+ CmdCplt+ HPIrq+ LinkChg-") != std::string::npos);
    // lspci's Power+ is the Power Controller Control bit: set means off.
    CHECK(out.find("Control: AttnInd Off, PwrInd Off, Power- Interlock-") != std::string::npos);
    CHECK(out.find("SltSta:\tStatus: AttnBtn+ PowerFlt- MRL- CmdCplt+ PresDet+ Interlock-") != std::string::npos);
    CHECK(out.find("Changed: MRL- PresDet+ LinkState+") != std::string::npos);
    CHECK(out.find("DLActive+") != std::string::npos);
    D dn;
    dn.write(0x68, 2, 0x20);
    const std::string o2 = lspci_decode(p::lspci_dump(dn, "02:00.0"), "hotplug-down");
    CAPTURE(o2);
    CHECK(o2.find("Express (v2) Downstream Port (Slot+)") != std::string::npos);
    CHECK(o2.find("ARIFwd+") != std::string::npos);
    CHECK(o2.find("SltCap:\tAttnBtn+ PwrCtrl- MRL- AttnInd+ PwrInd+ HotPlug+ Surprise-") != std::string::npos);
    device<up_cfg::type> u;
    CHECK(lspci_decode(p::lspci_dump(u, "01:00.0"), "upstream").find("Express (v2) Upstream Port") != std::string::npos);
}
}  // namespace tests_pci_hotplug

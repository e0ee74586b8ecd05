// SPDX-License-Identifier: MIT
// The Q35 board's PCI Express tree (examples/pcie_ports.hpp, q35_board.hpp): bus numbering as
// firmware does it, hot-plug at 00:1c.0 driven the way Linux's pciehp drives a slot, the
// hot-plug interrupt as MSI and as INTx, what an unpowered slot answers, resets through the tree
// and the tree in the board's snapshot.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "q35_board.hpp"

namespace tests_q35_board_tree {

namespace p = regspace::pci;

namespace {
constexpr std::uint64_t ecam = 0xe0000000;
// PCI Express capability at 40h and MSI at 80h in every port (pcie_ports.hpp).
constexpr unsigned lnksta = 0x52, slotctl = 0x58, slotsta = 0x5a;
constexpr unsigned abpe = 0x1, pdce = 0x8, ccie = 0x10, hpie = 0x20, dllsce = 0x1000;
constexpr unsigned aic_off = 0xc0, pic_on = 0x100, pic_off = 0x300, pcc_off = 0x400;
constexpr unsigned abp = 0x1, pdc = 0x8, cc = 0x10, pds = 0x40, dllsc = 0x100;
constexpr unsigned dllla = 0x2000;

std::uint64_t cfg(board::q35_board& b, unsigned bus, unsigned devfn, unsigned off, unsigned size) {
    return b.platform.mem_read(ecam + (std::uint64_t{bus} << 20) + (std::uint64_t{devfn} << 12) + off, size);
}
void cfg_write(board::q35_board& b, unsigned bus, unsigned devfn, unsigned off, unsigned size, std::uint64_t v) {
    b.platform.mem_write(ecam + (std::uint64_t{bus} << 20) + (std::uint64_t{devfn} << 12) + off, size, v);
}
void ecam_on(board::q35_board& b) {
    b.platform.io_write(0xcf8, 4, 0x80000060);
    b.platform.io_write(0xcfc, 4, ecam | 1);  // 256 buses
}

// What the slots told the platform, one line each.
struct recorder {
    std::vector<std::string> lines;
    void attach(board::q35_board& b) {
        b.on_slot = [this](const char* port, const ports::port_event& e) {
            std::string l = std::string(port) + " " + std::string(p::to_string(e.what));
            if (e.msi) l += " msi " + std::to_string(e.msi->address) + ":" + std::to_string(e.msi->data);
            lines.push_back(l);
        };
        b.on_intx = [this](const char* port, bool level) { lines.push_back(std::string(port) + " intx " + (level ? "1" : "0")); };
    }
    std::vector<std::string> take() { return std::exchange(lines, {}); }
};
}  // namespace

TEST_CASE("board tree: nothing behind the root ports answers until firmware numbers the buses") {
    board::q35_board b;
    ecam_on(b);
    const std::vector<std::pair<unsigned, unsigned>> at_reset = b.platform.functions();
    CHECK(at_reset == std::vector<std::pair<unsigned, unsigned>>{{0, 0x00}, {0, 0x10}, {0, 0xe0}, {0, 0xe8}});
    CHECK(cfg(b, 1, 0, 0, 4) == 0xffffffff);
    CHECK(cfg(b, 0, board::hp_port_devfn, 0, 4) == 0x000c1b36);
    CHECK(cfg(b, 0, board::hp_port_devfn, 0x0e, 1) == 0x01);  // type 1 header

    CHECK(board::assign_bus_numbers(b.platform) == 5);
    // Depth first: 00:1c.0 gets bus 1 (empty slot), 00:1d.0 buses 2-4 (switch, its downstream
    // port, the endpoint).
    CHECK(cfg(b, 0, board::hp_port_devfn, 0x18, 4) == 0x00010100);
    CHECK(cfg(b, 0, board::sw_port_devfn, 0x18, 4) == 0x00040200);
    CHECK(cfg(b, 2, 0x00, 0x18, 4) == 0x00040302);
    CHECK(cfg(b, 3, 0x00, 0x18, 4) == 0x00040403);
    CHECK(b.platform.functions() == std::vector<std::pair<unsigned, unsigned>>{
                                        {0, 0x00}, {0, 0x10}, {0, 0xe0}, {0, 0xe8}, {2, 0}, {3, 0}, {4, 0}});
    CHECK(cfg(b, 2, 0, 0, 4) == 0x8232104c);  // XIO3130 upstream
    CHECK(cfg(b, 3, 0, 0, 4) == 0x8233104c);  // downstream
    CHECK(cfg(b, 4, 0, 0, 4) == 0x52551234);  // the endpoint, three bridges down
    CHECK(cfg(b, 4, 0x08, 0, 4) == 0xffffffff);  // below a port only device 0
    // The endpoint's serial number (DSN at 140h) through CF8/CFC cannot be reached (256 bytes),
    // through ECAM it can.
    CHECK(cfg(b, 4, 0, 0x144, 4) == 0x00000001);
    CHECK(cfg(b, 4, 0, 0x148, 4) == 0x00005253);
    // The switch and its endpoint were there from power-on: their slots are occupied, powered,
    // their links up; the empty slot is off and dark.
    CHECK(cfg(b, 0, board::sw_port_devfn, slotsta, 2) == pds);
    CHECK((cfg(b, 0, board::sw_port_devfn, lnksta, 2) & dllla) != 0);
    CHECK(cfg(b, 3, 0, slotctl, 2) == (pic_on | aic_off));
    CHECK(cfg(b, 0, board::hp_port_devfn, slotctl, 2) == (pcc_off | pic_off | aic_off));
    CHECK(cfg(b, 0, board::hp_port_devfn, slotsta, 2) == 0);
}

TEST_CASE("board tree: hot-plug at 00:1c.0 as pciehp drives it, the interrupt as MSI") {
    board::q35_board b;
    recorder rec;
    rec.attach(b);
    ecam_on(b);
    board::assign_bus_numbers(b.platform);
    const unsigned rp = board::hp_port_devfn;
    // portdrv: MSI vector for the port, bus mastering (the message is a memory write).
    cfg_write(b, 0, rp, 0x84, 4, 0xfee00000);
    cfg_write(b, 0, rp, 0x88, 4, 0);
    cfg_write(b, 0, rp, 0x8c, 2, 0x4041);
    cfg_write(b, 0, rp, 0x82, 2, 0x0001);
    cfg_write(b, 0, rp, 0x04, 2, 0x0004);
    // pciehp: enable the events; the write is a command, its completion the first interrupt.
    cfg_write(b, 0, rp, slotctl, 2, abpe | pdce | ccie | hpie | dllsce | aic_off | pic_off | pcc_off);
    CHECK(rec.take() == std::vector<std::string>{"00:1c.0 interrupt msi 4276092928:16449", "00:1c.0 intx 0"});
    cfg_write(b, 0, rp, slotsta, 2, cc);
    CHECK(rec.take() == std::vector<std::string>{"00:1c.0 interrupt cleared", "00:1c.0 intx 0"});

    // The device arrives: presence and the button, one interrupt. The slot is still off: the
    // endpoint does not answer yet (QEMU: a device without power reads all-ones).
    CHECK(b.plug() == p::slot_result::done);
    CHECK(b.plugged());
    CHECK(rec.take() == std::vector<std::string>{"00:1c.0 interrupt msi 4276092928:16449", "00:1c.0 intx 0"});
    CHECK(cfg(b, 0, rp, slotsta, 2) == (pds | pdc | abp));
    CHECK((cfg(b, 0, rp, lnksta, 2) & dllla) == 0);
    CHECK(cfg(b, 1, 0, 0, 4) == 0xffffffff);
    CHECK(b.plug() == p::slot_result::refused_occupied);
    // pciehp acknowledges, powers the slot and lights the indicator: the link comes up (DLL
    // State Changed, another interrupt) and the endpoint answers on bus 1.
    cfg_write(b, 0, rp, slotsta, 2, pdc | abp);
    cfg_write(b, 0, rp, slotctl, 2, abpe | pdce | ccie | hpie | dllsce | aic_off | pic_on);
    const std::vector<std::string> on = rec.take();
    CHECK(on == std::vector<std::string>{"00:1c.0 interrupt cleared", "00:1c.0 intx 0", "00:1c.0 power on",
                                         "00:1c.0 interrupt msi 4276092928:16449", "00:1c.0 intx 0"});
    CHECK(cfg(b, 0, rp, slotsta, 2) == (pds | cc | dllsc));
    CHECK((cfg(b, 0, rp, lnksta, 2) & dllla) != 0);
    CHECK(cfg(b, 1, 0, 0, 4) == 0x52551234);
    CHECK(cfg(b, 1, 0, 0x144, 4) == 0x00000002);  // the hot-plugged card's own serial number
    cfg_write(b, 0, rp, slotsta, 2, cc | dllsc);
    rec.take();

    // The operator asks for removal: the button again. pciehp powers the slot off with the
    // indicator off: the guest gave the device up, it leaves the bus.
    CHECK(b.unplug_request() == p::slot_result::requested);
    CHECK(rec.take() == std::vector<std::string>{"00:1c.0 interrupt msi 4276092928:16449", "00:1c.0 intx 0"});
    cfg_write(b, 0, rp, slotsta, 2, abp);
    cfg_write(b, 0, rp, slotctl, 2, abpe | pdce | ccie | hpie | dllsce | aic_off | pic_off | pcc_off);
    const std::vector<std::string> off = rec.take();
    CHECK(off.at(2) == "00:1c.0 power off");
    CHECK(off.at(3) == "00:1c.0 removed by the guest");
    CHECK_FALSE(b.plugged());
    CHECK(cfg(b, 1, 0, 0, 4) == 0xffffffff);
    CHECK((cfg(b, 0, rp, slotsta, 2) & (pds | pdc)) == pdc);
    CHECK(b.unplug_request() == p::slot_result::refused_empty);
}

TEST_CASE("board tree: with MSI off the hot-plug interrupt is INTx, a level that follows the events") {
    board::q35_board b;
    recorder rec;
    rec.attach(b);
    ecam_on(b);
    board::assign_bus_numbers(b.platform);
    const unsigned rp = board::hp_port_devfn;
    cfg_write(b, 0, rp, slotctl, 2, pdce | hpie | aic_off | pic_off | pcc_off);
    rec.take();
    CHECK(b.plug() == p::slot_result::done);
    CHECK(rec.take() == std::vector<std::string>{"00:1c.0 interrupt", "00:1c.0 intx 1"});
    CHECK((cfg(b, 0, rp, 0x06, 2) & 0x0008) != 0);  // Status.Interrupt Status
    // Interrupt Disable drops the line, not the pending state; clearing it raises the line again.
    cfg_write(b, 0, rp, 0x04, 2, 0x0400);
    CHECK(rec.take() == std::vector<std::string>{"00:1c.0 intx 0"});
    CHECK((cfg(b, 0, rp, 0x06, 2) & 0x0008) != 0);
    cfg_write(b, 0, rp, 0x04, 2, 0x0000);
    CHECK(rec.take() == std::vector<std::string>{"00:1c.0 intx 1"});
    // Acknowledging Presence Detect Changed ends the condition: the line falls.
    cfg_write(b, 0, rp, slotsta, 2, pdc);
    CHECK(rec.take() == std::vector<std::string>{"00:1c.0 interrupt cleared", "00:1c.0 intx 0"});
    CHECK((cfg(b, 0, rp, 0x06, 2) & 0x0008) == 0);
}

TEST_CASE("board tree: Secondary Bus Reset and a platform reset reach everything below, slots stay occupied") {
    board::q35_board b;
    ecam_on(b);
    board::assign_bus_numbers(b.platform);
    // The endpoint's Device Control (48h; reset value 2810h) and AER Uncorrectable Error Mask
    // (108h, sticky), the downstream port's slot enables.
    cfg_write(b, 4, 0, 0x48, 2, 0x2811);
    cfg_write(b, 4, 0, 0x108, 4, 0x00001000);
    cfg_write(b, 3, 0, slotctl, 2, pdce | hpie | pic_on | aic_off);
    REQUIRE(cfg(b, 4, 0, 0x48, 2) == 0x2811);
    // Secondary Bus Reset on 00:1d.0: the switch and the endpoint are hot-reset, the root port
    // keeps its own state (bus numbers).
    cfg_write(b, 0, board::sw_port_devfn, 0x3e, 2, 0x0040);
    cfg_write(b, 0, board::sw_port_devfn, 0x3e, 2, 0x0000);
    CHECK(cfg(b, 0, board::sw_port_devfn, 0x18, 4) == 0x00040200);
    CHECK(b.usp.peek(0x18, 4) == 0);          // the switch lost its bus numbers ...
    CHECK(cfg(b, 4, 0, 0, 4) == 0xffffffff);  // ... so the endpoint is out of reach
    CHECK(b.fixed_ep.peek(0x48, 2) == 0x2810);
    CHECK(b.fixed_ep.peek(0x108, 4) == 0x00001000);  // sticky bits survive a hot reset
    CHECK(b.dsp.peek(slotctl, 2) == (pic_on | aic_off));  // enables cleared, the slot still powered
    CHECK(b.dsp.peek(slotsta, 2) == pds);                  // and occupied
    // A platform reset (RST_CNT: full reset) does the same to every bridge, root ports included;
    // the hot-plugged card stays in its slot, which comes back powered (QEMU: an occupied slot).
    board::assign_bus_numbers(b.platform);
    CHECK(b.plug() == p::slot_result::done);
    b.platform.io_write(0xcf9, 1, 0x0e);
    CHECK(b.plugged());
    CHECK(b.hp_port.peek(0x18, 4) == 0);
    CHECK(b.hp_port.peek(slotctl, 2) == (pic_on | aic_off));
    CHECK(b.hp_port.peek(slotsta, 2) == pds);
    CHECK(b.sw_port.peek(slotsta, 2) == pds);
    CHECK(b.dsp.peek(slotsta, 2) == pds);
    ecam_on(b);
    board::assign_bus_numbers(b.platform);
    CHECK(cfg(b, 1, 0, 0, 4) == 0x52551234);
    CHECK(cfg(b, 4, 0, 0, 4) == 0x52551234);
    CHECK(cfg(b, 4, 0, 0x108, 4) == 0);  // a cold reset clears sticky bits too
}

TEST_CASE("board tree: a snapshot carries the tree, the bus numbers and what sits in the slot") {
    board::q35_board a;
    ecam_on(a);
    board::assign_bus_numbers(a.platform);
    cfg_write(a, 0, board::hp_port_devfn, slotctl, 2, pdce | hpie | aic_off | pic_on);  // powered
    CHECK(a.plug() == p::slot_result::done);
    cfg_write(a, 1, 0, 0x108, 4, 0x00400000);
    const std::vector<std::uint8_t> snap = a.save();

    board::q35_board b;
    REQUIRE(b.restore(snap));
    CHECK(b.plugged());
    CHECK(b.observable() == a.observable());
    CHECK(cfg(b, 1, 0, 0x108, 4) == 0x00400000);
    // The other way: a board with the card restored from one without it gives the card up.
    board::q35_board empty;
    CHECK(b.restore(empty.save()));
    CHECK_FALSE(b.plugged());
    CHECK(b.observable() == empty.observable());
}
}  // namespace tests_q35_board_tree

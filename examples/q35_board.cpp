// SPDX-License-Identifier: MIT
// The Q35 board's members (q35_board.hpp), compiled once into the library regspace_q35_board.
#include "q35_board.hpp"

#include <algorithm>
#include <utility>

#include <regspace/explain.hpp>

namespace board {
namespace {

constexpr std::array<std::uint8_t, 8> magic = {'Q', '3', '5', 'B', 'O', 'A', 'R', 'D'};
constexpr std::uint64_t board_version = 2;  // 2: the PCI Express tree
constexpr std::size_t first_vf_section = 9;  // platform, NIC, its table, six tree functions

void section(std::vector<std::uint8_t>& out, const std::vector<std::uint8_t>& s) {
    regspace::snapshot_put(out, s.size(), 4);
    out.insert(out.end(), s.begin(), s.end());
}

// The tree's sections on scratch devices, in save()'s order from parts[3].
template <class... Devices>
regspace::restore_result restore_tree(const std::vector<std::span<const std::uint8_t>>& parts) {
    regspace::restore_result r{};
    std::size_t i = 3;
    const auto one = [&]<class D>() {
        if (r) {
            D scratch;
            r = regspace::restore(scratch, parts[i]);
        }
        ++i;
    };
    (one.template operator()<Devices>(), ...);
    return r;
}

// A device in a port's slot, at device 0 below it: it answers only while the slot is powered
// (pci::slot_powered), as in QEMU.
template <class Port, class Device>
void seat(const Port& port, pci::bus& below, Device& dev, pci::bus* dev_secondary = nullptr) {
    below.attach(0x00, dev, dev_secondary);
    pci::bus::function f = below.at(0x00);
    f.powered = [&port] { return pci::slot_powered(port); };
    below.attach(0x00, std::move(f));
}

bool inside(std::uint64_t a, unsigned n, std::uint64_t base, std::uint64_t size) {
    return base != 0 && a >= base && a - base < size && n <= size - (a - base);
}
template <class Table>
void table_access(Table& t, std::uint64_t off, unsigned n, bool write, std::uint64_t& v) {
    if (write) t.write(static_cast<unsigned>(off), n, v);
    else v = t.read(static_cast<unsigned>(off), n);
}

}  // namespace

struct q35_board::parts {
    regspace::q35::platform<> platform;
    nic::pf_device nic;
    nic_table msix_table;
    std::vector<vf_table> vf_tables;
    hp_port_type hp_port;
    sw_port_type sw_port;
    ports::upstream_port usp;
    dsp_type dsp;
    fixed_ep_type fixed_ep;
    hot_ep_type hot_ep;
};

q35_board::~q35_board() = default;

q35_board::q35_board()
    : parts_(std::make_unique<parts>()), platform(parts_->platform), nic(parts_->nic), msix_table(parts_->msix_table),
      vf_tables(parts_->vf_tables), hp_port(parts_->hp_port), sw_port(parts_->sw_port), usp(parts_->usp),
      dsp(parts_->dsp), fixed_ep(parts_->fixed_ep), hot_ep(parts_->hot_ep) {
    platform.bus(0).attach(nic_devfn, pci::bus::function{
        [this](unsigned off, unsigned size) { return nic.read(off, size); },
        [this](unsigned off, unsigned size, std::uint64_t v) { nic.write(off, size, v); },
        [this](regspace::reset_kind k) {
            nic.reset(k);
            msix_table.reset(k);
            sync_vfs();
        },
        nullptr, static_cast<unsigned>(nic::pf_device::size),
        [this](unsigned off, unsigned size) { return nic.peek(off, size); },
        [this](unsigned off, unsigned size, bool write, std::uint64_t v) {
            return write ? regspace::explain_write(nic, off, size, v) : regspace::explain_read(nic, off, size);
        }});
    // VFs and resets are followed through the PF's hooks, so direct nic.write() calls and
    // resets keep the bus and the MSI-X tables in step as well as guest accesses do.
    nic.hooks().vfs_moved = [this] { sync_vfs(); };
    nic.hooks().function_reset = [this](pci::reset_method) {
        msix_table.reset(regspace::reset_kind::flr);
    };
    platform.add_mmio([this](std::uint64_t a, unsigned n, bool w, std::uint64_t& v) { return nic_mmio(a, n, w, v); });
    platform.add_io([this](std::uint64_t a, unsigned n, bool w, std::uint64_t& v) { return nic_io(a, n, w, v); });

    // The PCI Express tree: every port knows the bus behind it and tells the board its events.
    platform.bus(0).attach(hp_port_devfn, hp_port, &hp_bus);
    platform.bus(0).attach(sw_port_devfn, sw_port, &sw_bus);
    seat(sw_port, sw_bus, usp, &usp_bus);
    usp_bus.attach(0x00, dsp, &dsp_bus);
    seat(dsp, dsp_bus, fixed_ep);
    wire(hp_port, &hp_bus, "00:1c.0");
    wire(sw_port, &sw_bus, "00:1d.0");
    wire(usp, &usp_bus, "switch upstream port");
    wire(dsp, &dsp_bus, "switch downstream port");
    // The switch and its endpoint are there from power-on.
    pci::slot_cold_plug(sw_port);
    pci::slot_cold_plug(dsp);
}

pci::slot_result q35_board::plug() {
    if (plugged()) return pci::slot_result::refused_occupied;
    hot_ep.reset(regspace::reset_kind::cold);  // a fresh card
    seat(hp_port, hp_bus, hot_ep);
    const pci::slot_result r = pci::slot_plug(hp_port);
    if (r != pci::slot_result::done) hp_bus.detach(0x00);
    return r;
}
pci::slot_result q35_board::unplug_request() {
    const pci::slot_result r = pci::slot_request_unplug(hp_port);
    if (r == pci::slot_result::done) hp_bus.detach(0x00);
    return r;
}
void q35_board::surprise_removal() {
    pci::slot_surprise_removal(hp_port);
    hp_bus.detach(0x00);
}
bool q35_board::plugged() const { return hp_bus.present(0x00); }

unsigned q35_board::vf_rid(std::size_t i) const { return nic_devfn + nic.hooks().vfs.routing_offset(i); }

std::vector<std::uint8_t> q35_board::save() const {
    std::vector<std::uint8_t> out(magic.begin(), magic.end());
    regspace::snapshot_put(out, board_version, 2);
    section(out, platform.save());
    section(out, regspace::save(nic));
    section(out, regspace::save(msix_table));
    section(out, regspace::save(hp_port));
    section(out, regspace::save(sw_port));
    section(out, regspace::save(usp));
    section(out, regspace::save(dsp));
    section(out, regspace::save(fixed_ep));
    section(out, regspace::save(hot_ep));
    auto& vfs = const_cast<q35_board*>(this)->nic.hooks().vfs;  // read only: size and devices
    regspace::snapshot_put(out, vfs.size(), 4);
    for (std::size_t i = 0; i < vfs.size(); ++i) {
        section(out, regspace::save(vfs[i]));
        section(out, regspace::save(vf_tables[i]));
    }
    regspace::snapshot_put(out, regspace::snapshot_checksum(out), 8);
    return out;
}

regspace::restore_result q35_board::restore(std::span<const std::uint8_t> bytes) {
    using R = regspace::restore_result;
    using E = regspace::restore_error;
    if (bytes.size() < magic.size() + 2 + 8) return R{E::truncated, "board snapshot: shorter than its header"};
    if (!std::equal(magic.begin(), magic.end(), bytes.begin())) return R{E::bad_magic, "board snapshot: no Q35BOARD magic"};
    const std::span<const std::uint8_t> body = bytes.first(bytes.size() - 8);
    regspace::snapshot_reader sum(bytes.last(8)), in(body.subspan(magic.size()));
    std::uint64_t checksum = 0, version = 0, vf_count = 0;
    sum.take(checksum, 8);
    if (checksum != regspace::snapshot_checksum(body)) return R{E::corrupted, "board snapshot: checksum mismatch"};
    if (!in.take(version, 2) || version != board_version) return R{E::bad_version, "board snapshot: unknown version"};
    std::vector<std::span<const std::uint8_t>> parts;
    auto take_section = [&] {
        std::uint64_t n = 0;
        std::span<const std::uint8_t> part;
        if (!in.take(n, 4) || !in.take(part, static_cast<std::size_t>(n))) return false;
        parts.push_back(part);
        return true;
    };
    for (std::size_t i = 0; i < first_vf_section; ++i)
        if (!take_section()) return R{E::truncated, "board snapshot: a section is cut short"};
    if (!in.take(vf_count, 4)) return R{E::truncated, "board snapshot: a section is cut short"};
    for (std::size_t i = 0; i < 2 * vf_count; ++i)
        if (!take_section()) return R{E::truncated, "board snapshot: a VF section is cut short"};
    if (in.left() != 0) return R{E::corrupted, "board snapshot: bytes after the last section"};

    // Every section on scratch devices first: nothing of the board changes unless all pass.
    {
        regspace::q35::platform<> p;
        if (R r = p.restore(parts[0]); !r) return r;
        nic::pf_device pf;
        if (R r = regspace::restore(pf, parts[1]); !r) return r;
        nic_table t;
        if (R r = regspace::restore(t, parts[2]); !r) return r;
        if (R r = restore_tree<hp_port_type, sw_port_type, ports::upstream_port, dsp_type, fixed_ep_type, hot_ep_type>(parts); !r)
            return r;
        pf.hooks().vfs.sync<nic::sriov>(pf);
        if (pf.hooks().vfs.size() != vf_count)
            return R{E::invariant, "board snapshot: the VF sections do not match the NIC's SR-IOV state"};
        for (std::size_t i = 0; i < vf_count; ++i) {
            regspace::device<nic::vf_config::type> vf;
            if (R r = regspace::restore(vf, parts[first_vf_section + 2 * i]); !r) return r;
            vf_table vt;
            if (R r = regspace::restore(vt, parts[first_vf_section + 1 + 2 * i]); !r) return r;
        }
    }
    // Then the board (the same bytes: these cannot fail now).
    platform.restore(parts[0]);
    regspace::restore(nic, parts[1]);
    regspace::restore(msix_table, parts[2]);
    regspace::restore(hp_port, parts[3]);
    regspace::restore(sw_port, parts[4]);
    regspace::restore(usp, parts[5]);
    regspace::restore(dsp, parts[6]);
    regspace::restore(fixed_ep, parts[7]);
    regspace::restore(hot_ep, parts[8]);
    if (pci::slot_occupied(hp_port)) seat(hp_port, hp_bus, hot_ep);
    else hp_bus.detach(0x00);
    nic.hooks().vfs_changed(nic);  // VFs and their tables follow SR-IOV's registers
    for (std::size_t i = 0; i < vf_count; ++i) {
        regspace::restore(nic.hooks().vfs[i], parts[first_vf_section + 2 * i]);
        regspace::restore(vf_tables[i], parts[first_vf_section + 1 + 2 * i]);
    }
    return R{};
}

std::vector<std::uint64_t> q35_board::observable() const {
    std::vector<std::uint64_t> s;
    for (const auto& [bus, devfn] : platform.functions()) {
        s.push_back(bus << 8 | devfn);
        const pci::bus& bs = *platform.target_bus(bus, devfn);
        for (unsigned off = 0; off < bs.config_size(devfn); off += 4) s.push_back(bs.config_peek(devfn, off, 4));
    }
    // The MSI-X tables as the guest reads them (peek: no side effect), 8 bytes at a time.
    const auto table_bytes = [&s](const auto& table) {
        for (unsigned off = 0; off < table.size; off += 8) s.push_back(table.peek(off, 8));
    };
    table_bytes(msix_table);
    for (const auto& t : vf_tables) table_bytes(t);
    const regspace::q35::ecam_window w = platform.ecam();
    s.insert(s.end(), {w.enabled, w.valid, w.base, w.size, platform.config_address()});
    const regspace::q35::smram_state m = platform.smram();
    s.insert(s.end(), {m.enabled, m.open, m.closed, m.locked, m.tseg, m.tseg_mb, m.high});
    return s;
}

// A port's logic: the bus behind it, its events to the board. A slot losing power resets
// what is in it; the guest removing 00:1c.0's device (power off with the indicator off)
// takes it off the bus.
template <class Port>
void q35_board::wire(Port& port, pci::bus* secondary, const char* name) {
    port.hooks().secondary = secondary;
    port.hooks().on_event = [this, name, secondary](const ports::port_event& e) {
        if (e.what == pci::slot_event::power_off) secondary->reset_all(regspace::reset_kind::cold);
        if (e.what == pci::slot_event::removed_by_guest && secondary == &hp_bus) hp_bus.detach(0x00);
        if (on_slot) on_slot(name, e);
    };
    port.hooks().on_intx = [this, name](bool level) {
        if (on_intx) on_intx(name, level);
    };
}

// Attach the VFs that exist now at their routing IDs; detach the ones that went away.
void q35_board::sync_vfs() {
    auto& vfs = nic.hooks().vfs;
    for (unsigned rid : attached_) platform.bus(rid >> 8).detach(rid & 0xff);
    attached_.clear();
    if (vf_tables.size() != vfs.size()) vf_tables.assign(vfs.size(), vf_table{});
    for (std::size_t i = 0; i < vfs.size(); ++i) {
        const unsigned rid = vf_rid(i);
        if (rid > 0xffff) continue;
        platform.bus(rid >> 8).attach(rid & 0xff, vfs[i]);
        attached_.push_back(rid);
    }
}

bool q35_board::nic_mmio(std::uint64_t a, unsigned n, bool write, std::uint64_t& v) {
    if (nic.get<nic::pf_config::header::command, "MSE">()) {
        if (const std::uint64_t b3 = bar64(nic, 3); inside(a, n, b3, nic::msix::params.bar_size)) {
            table_access(msix_table, a - b3, n, write, v);
            return true;
        }
        if (inside(a, n, bar64(nic, 0), 0x20000)) {
            v = 0;
            return true;
        }
    }
    if (!nic.get<nic::sriov::ctl, "VFMSE">()) return false;
    for (std::size_t i = 0; i < vf_tables.size(); ++i) {
        const std::uint64_t b2 = pci::vf_bar_address<nic::sriov, 2>(nic, static_cast<unsigned>(i));
        if (inside(a, n, b2, nic::vf_msix::params.bar_size)) {
            table_access(vf_tables[i], a - b2, n, write, v);
            return true;
        }
        if (inside(a, n, pci::vf_bar_address<nic::sriov, 0>(nic, static_cast<unsigned>(i)), 0x4000)) {
            v = 0;
            return true;
        }
    }
    return false;
}
bool q35_board::nic_io(std::uint64_t port, unsigned n, bool, std::uint64_t& v) {
    if (!nic.get<nic::pf_config::header::command, "IOSE">()) return false;
    const std::uint64_t base = nic.peek(0x18, 4) & ~std::uint64_t{0x3};
    if (!inside(port, n, base, 32)) return false;
    v = 0;
    return true;
}

}  // namespace board

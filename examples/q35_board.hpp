// The Q35 board the CLI, the demo and the tests share: regspace's Q35 platform with the SR-IOV
// network function of sriov_nic.hpp at 00:02.0. Its VFs appear on bus 0 at their routing IDs
// (PF + First VF Offset + i * VF Stride) while VF Enable is set, and its BARs decode in memory
// and I/O space once assigned and enabled: BAR3 holds the MSI-X table and PBA, each VF's BAR2
// its own. BAR0 and BAR2 (the NIC's register file and I/O ports) are claimed but not modelled:
// they read 0 and ignore writes.
#pragma once

#include <cstdint>
#include <vector>

#include <regspace/q35/platform.hpp>

#include "sriov_nic.hpp"

namespace board {
namespace pci = regspace::pci;

inline constexpr unsigned nic_devfn = 0x10;  // 00:02.0

using nic_table = regspace::device<nic::msix::table_space>;
using vf_table = regspace::device<nic::vf_msix::table_space>;

class q35_board {
public:
    q35_board() {
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
    }
    q35_board(const q35_board&) = delete;
    q35_board& operator=(const q35_board&) = delete;

    regspace::q35::platform<> platform;
    nic::pf_device nic;
    nic_table msix_table;
    std::vector<vf_table> vf_tables;

    // Routing ID (bus << 8 | devfn) of VF i.
    [[nodiscard]] unsigned vf_rid(std::size_t i) const { return nic_devfn + nic.hooks().vfs.routing_offset(i); }

    // The 64-bit memory BAR in slots Slot/Slot+1 of a function's header (0: unassigned).
    template <class Dev>
    static std::uint64_t bar64(const Dev& d, unsigned slot) {
        const std::uint64_t lo = d.peek(0x10 + 4 * slot, 4), hi = d.peek(0x14 + 4 * slot, 4);
        return (lo & ~std::uint64_t{0xf}) | (hi << 32);
    }

private:
    // Attach the VFs that exist now at their routing IDs; detach the ones that went away.
    void sync_vfs() {
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

    static bool inside(std::uint64_t a, unsigned n, std::uint64_t base, std::uint64_t size) {
        return base != 0 && a >= base && a - base < size && n <= size - (a - base);
    }
    template <class Table>
    static void table_access(Table& t, std::uint64_t off, unsigned n, bool write, std::uint64_t& v) {
        if (write) t.write(static_cast<unsigned>(off), n, v);
        else v = t.read(static_cast<unsigned>(off), n);
    }

    bool nic_mmio(std::uint64_t a, unsigned n, bool write, std::uint64_t& v) {
        if (nic.get<nic::pf_config::header::command, "MSE">()) {
            if (const std::uint64_t b3 = bar64(nic, 3); inside(a, n, b3, nic::msix::layout.bar_size)) {
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
            if (inside(a, n, b2, nic::vf_msix::layout.bar_size)) {
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
    bool nic_io(std::uint64_t port, unsigned n, bool, std::uint64_t& v) {
        if (!nic.get<nic::pf_config::header::command, "IOSE">()) return false;
        const std::uint64_t base = nic.peek(0x18, 4) & ~std::uint64_t{0x3};
        if (!inside(port, n, base, 32)) return false;
        v = 0;
        return true;
    }

    std::vector<unsigned> attached_;
};

}  // namespace board

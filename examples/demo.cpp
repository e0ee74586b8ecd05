// SPDX-License-Identifier: MIT
// regspace-demo: firmware walks a Q35 machine built from regspace descriptions: the MCH host
// bridge (as QEMU 7.2 models it) and an SR-IOV network function, through the same CF8h/CFCh
// ports and ECAM window a BIOS uses. Run: ./scripts/demo.sh   (README command 1)
//
//   regspace-demo [--low-ram-mb N] [--mmio32-mb N] [--mmio64-gb N] [--record-nic FILE]
//     --low-ram-mb   RAM below 4 GiB (256 to 2816, default 2048): TOLUD, where the 32-bit hole starts
//     --mmio32-mb    how much of that hole firmware may use for BARs (default: all of it); when
//                    64-bit BARs do not fit there they go above 4 GiB
//     --mmio64-gb    the window above 4 GiB (default 64, 0: none); what fits nowhere is reported
//     --record-nic   also write every configuration access that reaches the NIC's PF (00:02.0)
//                    to FILE, one "r OFFSET SIZE" / "w OFFSET SIZE VALUE" line each: the
//                    `enumerate/nic` benchmark trace (benchmarks/traces/record-demo-nic.sh)
//
// Every register access below goes through regspace: the guest-facing handlers the compiler built
// from the descriptors, with QEMU's semantics (tests/q35/qemu_differential.cpp checks them).
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <regspace/introspect.hpp>
#include <regspace/print.hpp>
#include <regspace/pci/msix.hpp>

#include "q35_board.hpp"

namespace {

// ---- presentation ----
bool colour = false;
const char* c(const char* code) { return colour ? code : ""; }
const char* bold() { return c("\033[1m"); }
const char* dim() { return c("\033[2m"); }
const char* green() { return c("\033[32m"); }
const char* yellow() { return c("\033[33m"); }
const char* off() { return c("\033[0m"); }

void step(int n, const char* title) { std::printf("\n%s%d. %s%s\n", bold(), n, title, off()); }

std::string bdf(unsigned rid) {
    char s[16];
    std::snprintf(s, sizeof s, "%02x:%02x.%x", rid >> 8, (rid >> 3) & 0x1f, rid & 7);
    return s;
}
std::string size_text(std::uint64_t n) {
    char s[32];
    if (n >= (1ull << 30) && n % (1ull << 30) == 0) std::snprintf(s, sizeof s, "%llu GiB", static_cast<unsigned long long>(n >> 30));
    else if (n >= (1u << 20) && n % (1u << 20) == 0) std::snprintf(s, sizeof s, "%llu MiB", static_cast<unsigned long long>(n >> 20));
    else if (n >= 1024 && n % 1024 == 0) std::snprintf(s, sizeof s, "%llu KiB", static_cast<unsigned long long>(n >> 10));
    else std::snprintf(s, sizeof s, "%llu B", static_cast<unsigned long long>(n));
    return s;
}

// What pci.ids would say for the functions on this board.
const char* device_name(std::uint32_t id) {
    switch (id) {
        case 0x29c08086: return "Intel Corporation 82G33/G31/P35/P31 Express DRAM Controller";
        case 0x10c98086: return "Intel Corporation 82576 Gigabit Network Connection";
        case 0x10ca8086: return "Intel Corporation 82576 Virtual Function";
        case 0x000c1b36: return "Red Hat, Inc. QEMU PCIe Root port";
        case 0x8232104c: return "Texas Instruments XIO3130 PCI Express Switch (Upstream)";
        case 0x8233104c: return "Texas Instruments XIO3130 PCI Express Switch (Downstream)";
        case 0x52551234: return "regspace configuration-space endpoint";
        default: return "unknown device";
    }
}
const char* class_name(std::uint32_t cls) {
    switch (cls >> 8) {
        case 0x0600: return "Host bridge";
        case 0x0200: return "Ethernet controller";
        case 0x0604: return "PCI bridge";
        case 0xff00: return "Unassigned class";
        default: return "Device";
    }
}
const char* cap_name(unsigned id, bool ext) {
    if (ext) {
        switch (id) {
            case 0x01: return "AER";
            case 0x03: return "Device Serial Number";
            case 0x0d: return "ACS";
            case 0x0e: return "ARI";
            case 0x0f: return "ATS";
            case 0x13: return "PRI";
            case 0x1b: return "PASID";
            case 0x1d: return "DPC";
            case 0x1f: return "PTM";
            case 0x10: return "SR-IOV";
            case 0x18: return "LTR";
            case 0x1e: return "L1 PM Substates";
            default: return "extended";
        }
    }
    switch (id) {
        case 0x01: return "Power Management";
        case 0x05: return "MSI";
        case 0x09: return "Vendor Specific";
        case 0x10: return "PCI Express";
        case 0x11: return "MSI-X";
        default: return "capability";
    }
}

// ---- firmware's view: the machine through CF8h/CFCh and ECAM only ----
class firmware {
public:
    explicit firmware(board::q35_board& b) : b_(b) {}
    regspace::q35::platform<>& p() { return b_.platform; }

    std::uint32_t cf8_read(unsigned rid, unsigned off) {
        p().io_write(0xcf8, 4, 0x80000000u | rid << 8 | (off & 0xfc));
        return static_cast<std::uint32_t>(p().io_read(0xcfc, 4));
    }
    void cf8_write(unsigned rid, unsigned off, std::uint32_t v) {
        p().io_write(0xcf8, 4, 0x80000000u | rid << 8 | (off & 0xfc));
        p().io_write(0xcfc, 4, v);
    }
    std::uint64_t ecam_addr(unsigned rid, unsigned off) const { return ecam_ + (std::uint64_t{rid} << 12) + off; }
    std::uint32_t rd(unsigned rid, unsigned off, unsigned size = 4) {
        return static_cast<std::uint32_t>(p().mem_read(ecam_addr(rid, off), size));
    }
    void wr(unsigned rid, unsigned off, std::uint32_t v, unsigned size = 4) { p().mem_write(ecam_addr(rid, off), size, v); }
    void set_ecam(std::uint64_t base) { ecam_ = base; }

    // Capability offsets by ID, standard (0x34 chain) and extended (from 0x100).
    unsigned find_cap(unsigned rid, unsigned id) {
        if (!(rd(rid, 0x06, 2) & 0x10)) return 0;
        for (unsigned ptr = rd(rid, 0x34, 1) & 0xfc, n = 0; ptr && n < 48; ptr = rd(rid, ptr + 1, 1) & 0xfc, ++n)
            if (rd(rid, ptr, 1) == id) return ptr;
        return 0;
    }
    unsigned find_ext_cap(unsigned rid, unsigned id) {
        for (unsigned ptr = 0x100, n = 0; ptr && n < 960; ++n) {
            const std::uint32_t h = rd(rid, ptr);
            if (h == 0 || h == 0xffffffff) return 0;
            if ((h & 0xffff) == id) return ptr;
            ptr = h >> 20;
        }
        return 0;
    }
    std::string caps(unsigned rid) {
        std::string s;
        if (rd(rid, 0x06, 2) & 0x10)
            for (unsigned ptr = rd(rid, 0x34, 1) & 0xfc, n = 0; ptr && n < 48; ptr = rd(rid, ptr + 1, 1) & 0xfc, ++n)
                s += std::string(s.empty() ? "" : ", ") + cap_name(rd(rid, ptr, 1), false);
        for (unsigned ptr = 0x100, n = 0; ptr && n < 960; ++n) {
            const std::uint32_t h = rd(rid, ptr);
            if (h == 0 || h == 0xffffffff) break;
            s += std::string(s.empty() ? "" : ", ") + cap_name(h & 0xffff, true);
            ptr = h >> 20;
        }
        return s.empty() ? "none" : s;
    }

private:
    board::q35_board& b_;
    std::uint64_t ecam_ = 0;
};

// ---- BAR assignment ----
struct bar {
    unsigned rid;
    unsigned reg;        // config offset of the BAR (low dword)
    bool io, is64;
    std::uint64_t size;  // per BAR; for a VF BAR: per VF times TotalVFs
    std::string what;
    std::uint64_t align = 0;  // a BAR's own size; a VF BAR's per-VF size
    std::uint64_t addr = 0;
    bool placed = false;
};

// Sizes BAR register `reg` (and its upper half) the usual way: all-ones, read back, restore.
bool size_bar(firmware& fw, unsigned rid, unsigned reg, bar& out) {
    const std::uint32_t lo = fw.rd(rid, reg);
    fw.wr(rid, reg, 0xffffffff);
    const std::uint32_t mask_lo = fw.rd(rid, reg);
    fw.wr(rid, reg, lo);
    if (mask_lo == 0) return false;
    out.io = mask_lo & 1;
    out.is64 = !out.io && ((mask_lo >> 1) & 3) == 2;
    std::uint64_t mask = out.io ? (mask_lo & ~0x3u) | 0xffff0000u : mask_lo & ~0xfu;
    if (out.is64) {
        const std::uint32_t hi = fw.rd(rid, reg + 4);
        fw.wr(rid, reg + 4, 0xffffffff);
        mask |= std::uint64_t{fw.rd(rid, reg + 4)} << 32;
        fw.wr(rid, reg + 4, hi);
    } else {
        mask |= 0xffffffff00000000ull;
    }
    out.size = ~mask + 1;
    if (out.io) out.size &= 0xffff;
    return out.size != 0;
}

// First fit in a list of free [lo, hi) ranges, naturally aligned.
bool take(std::vector<std::pair<std::uint64_t, std::uint64_t>>& free, std::uint64_t size, std::uint64_t align,
          std::uint64_t& at) {
    for (auto& [lo, hi] : free) {
        const std::uint64_t a = (lo + align - 1) & ~(align - 1);
        if (a >= lo && a + size <= hi) {
            at = a;
            if (a == lo) lo = a + size;
            else if (a + size == hi) hi = a;
            else {
                const std::uint64_t old_hi = hi;
                hi = a;
                free.emplace_back(a + size, old_hi);
            }
            return true;
        }
    }
    return false;
}

void program_bar(firmware& fw, const bar& b) {
    fw.wr(b.rid, b.reg, static_cast<std::uint32_t>(b.addr) | (b.io ? 0 : (b.is64 ? 0x4 : 0)));
    if (b.is64) fw.wr(b.rid, b.reg + 4, static_cast<std::uint32_t>(b.addr >> 32));
}

// What a configuration access did, field by field and why (regspace/explain.hpp), indented.
void print_explained(const regspace::q35::config_access& a, regspace::text_style st) {
    for (const regspace::explanation& e : a.explained) {
        const std::string text = regspace::to_text(e, st);
        for (std::size_t from = 0; from < text.size();) {
            const std::size_t nl = text.find('\n', from);
            std::printf("     %s\n", text.substr(from, nl - from).c_str());
            from = nl == std::string::npos ? text.size() : nl + 1;
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    unsigned low_ram_mb = 2048;
    std::uint64_t mmio32_limit = ~0ull, mmio64_bytes = 64ull << 30;
    const char* record_nic = nullptr;
    for (int i = 1; i < argc; ++i) {
        const bool has_value = i + 1 < argc;
        if (!std::strcmp(argv[i], "--low-ram-mb") && has_value) low_ram_mb = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 0));
        else if (!std::strcmp(argv[i], "--mmio32-mb") && has_value) mmio32_limit = std::strtoull(argv[++i], nullptr, 0) << 20;
        else if (!std::strcmp(argv[i], "--mmio64-gb") && has_value) mmio64_bytes = std::strtoull(argv[++i], nullptr, 0) << 30;
        else if (!std::strcmp(argv[i], "--record-nic") && has_value) record_nic = argv[++i];
        else {
            std::fprintf(stderr, "usage: %s [--low-ram-mb N] [--mmio32-mb N] [--mmio64-gb N] [--record-nic FILE]\n", argv[0]);
            return 2;
        }
    }
    // ECAM sits at 0xb0000000, so RAM below 4 GiB ends there at the latest (as QEMU's q35 does).
    low_ram_mb = std::clamp(low_ram_mb, 256u, 2816u);
    const regspace::text_style style = regspace::text_style::for_stream(stdout);  // NO_COLOR honoured
    colour = style.color;

    std::ofstream trace;
    if (record_nic) {
        trace.open(record_nic);
        if (!trace) {
            std::fprintf(stderr, "%s: cannot write %s\n", argv[0], record_nic);
            return 2;
        }
    }
    board::q35_board b;
    firmware fw(b);
    b.platform.on_event = [](const regspace::q35::event& e) {
        std::printf("     %s=> %s%s\n", yellow(), e.text.c_str(), off());
    };
    // Accesses made while b.platform.explain is set are explained; with --record-nic, the NIC's
    // accesses are recorded.
    b.platform.on_config = [&trace, record_nic, style](const regspace::q35::config_access& a) {
            print_explained(a, style);
            if (!record_nic || a.bus != 0 || a.devfn != board::nic_devfn) return;
            char line[48];
            if (a.write) std::snprintf(line, sizeof line, "w 0x%02x %u 0x%llx\n", a.offset, a.size, static_cast<unsigned long long>(a.value));
            else std::snprintf(line, sizeof line, "r 0x%02x %u\n", a.offset, a.size);
            trace << line;
        };

    std::printf("%sregspace demo: firmware walks a Q35 machine%s\n", bold(), off());
    std::printf("%sEvery access below goes through handlers the compiler generated from register\n"
                "descriptions; '=>' lines are side effects the MCH reports to the platform.%s\n", dim(), off());

    // 1. The host bridge through the legacy mechanism, then the memory map.
    step(1, "Host bridge through CF8h/CFCh, then PCIEXBAR, the memory map, PAM and SMRAM");
    const std::uint32_t id = fw.cf8_read(0x00, 0x00);
    std::printf("   00:00.0 reads %08x: %s\n", id, device_name(id));
    const std::uint64_t ecam = 0xb0000000;  // 256 MiB, where SeaBIOS and OVMF put it on q35
    std::printf("   PCIEXBAR <- 0x%llx | enable (256 MiB)\n", static_cast<unsigned long long>(ecam));
    fw.cf8_write(0x00, 0x64, 0);
    fw.cf8_write(0x00, 0x60, static_cast<std::uint32_t>(ecam | 1));
    fw.set_ecam(ecam);
    const std::uint64_t tolud = std::uint64_t{low_ram_mb} << 20;
    std::printf("   TOLUD <- %u MiB: RAM below 4 GiB ends at 0x%llx\n", low_ram_mb, static_cast<unsigned long long>(tolud));
    fw.wr(0x00, 0xb0, static_cast<std::uint32_t>((tolud >> 20) << 4), 2);
    std::printf("   PAM0-PAM6 <- 0x33/0x30: BIOS area and option ROM space to RAM\n");
    fw.wr(0x00, 0x90, 0x30, 1);
    for (unsigned n = 1; n <= 6; ++n) fw.wr(0x00, 0x90 + n, 0x33, 1);
    std::printf("   SMRAM: TSEG 8 MiB, compatible SMRAM enabled, then D_LCK\n");
    fw.wr(0x00, 0x9e, 0x05, 1);  // TSEG_SZ 8 MB, T_EN
    fw.wr(0x00, 0x9d, 0x0a, 1);  // G_SMRAME
    fw.wr(0x00, 0x9d, 0x1a, 1);  // D_LCK
    // A late attempt to turn TSEG off, explained field by field (regspace/explain.hpp).
    b.platform.explain = true;
    fw.wr(0x00, 0x9e, 0x00, 1);
    b.platform.explain = false;
    std::printf("   ESMRAMC <- 0x00 after the lock: reads 0x%02x, TSEG stays on\n", fw.rd(0x00, 0x9e, 1));

    // 2. Number the buses behind the bridges, then enumerate every bus through ECAM.
    step(2, "Number the buses behind the bridges, scan every bus through ECAM");
    // SeaBIOS's pci_bios_init_bus, depth first (q35_board.hpp). It runs through the platform's
    // configuration path directly, before the scan, so the recorded NIC trace is the scan's.
    const unsigned bus_count = board::assign_bus_numbers(b.platform);
    std::printf("   bridges numbered depth first: buses 00-%02x\n", bus_count - 1);
    std::vector<unsigned> found, bridges;
    for (unsigned bus = 0; bus < bus_count; ++bus)
        for (unsigned dev = 0; dev < 32; ++dev)
            for (unsigned fn = 0; fn < 8; ++fn) {
                const unsigned rid = bus << 8 | dev << 3 | fn;
                const std::uint32_t v = fw.rd(rid, 0x00);
                if (v == 0xffffffff) {
                    if (fn == 0) break;
                    continue;
                }
                found.push_back(rid);
                // Reads in a fixed order (not as printf arguments), so --record-nic traces are the
                // same whatever the compiler's argument evaluation order.
                const std::uint32_t cls = fw.rd(rid, 0x08) >> 8;
                const std::string caps = fw.caps(rid);
                const std::uint32_t header = fn == 0 ? fw.rd(rid, 0x0e, 1) : 0;
                std::string below;
                if ((header & 0x7f) == 1) {
                    bridges.push_back(rid);
                    const std::uint32_t numbers = fw.rd(rid, 0x18);
                    char t[32];
                    std::snprintf(t, sizeof t, "  -> buses %02x-%02x", (numbers >> 8) & 0xff, (numbers >> 16) & 0xff);
                    below = t;
                }
                std::printf("   %s %04x:%04x class %06x  capabilities: %s%s\n", bdf(rid).c_str(), v & 0xffff, v >> 16,
                            cls, caps.c_str(), below.c_str());
                if (fn == 0 && !(header & 0x80)) break;
            }
    const auto is_bridge = [&bridges](unsigned rid) { return std::find(bridges.begin(), bridges.end(), rid) != bridges.end(); };

    // 3. Size and place every BAR, the NIC's VF BARs included.
    step(3, "Size and assign BARs");
    std::vector<bar> bars;
    for (unsigned rid : found) {
        if (fw.rd(rid, 0x0e, 1) & 0x7f) continue;  // the bridges here have no BARs
        for (unsigned slot = 0; slot < 6; ++slot) {
            bar x{rid, 0x10 + 4 * slot, false, false, 0, "BAR" + std::to_string(slot)};
            if (!size_bar(fw, rid, x.reg, x)) continue;
            bars.push_back(x);
            if (x.is64) ++slot;
        }
        if (const unsigned sr = fw.find_ext_cap(rid, 0x0010)) {
            const unsigned total = fw.rd(rid, sr + 0x0e, 2);
            for (unsigned slot = 0; slot < 6; ++slot) {
                bar x{rid, sr + 0x24 + 4 * slot, false, false, 0, "VF BAR" + std::to_string(slot)};
                if (!size_bar(fw, rid, x.reg, x)) continue;
                x.what += " (" + std::to_string(total) + " VFs x " + size_text(x.size) + ")";
                x.align = x.size;
                x.size *= total;
                bars.push_back(x);
                if (x.is64) ++slot;
            }
        }
    }
    // The 32-bit hole: TOLUD to the IOAPIC at 0xfec00000, minus the ECAM window.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> hole{{tolud, 0xfec00000}};
    for (auto it = hole.begin(); it != hole.end(); ++it)
        if (ecam < it->second && ecam + (256u << 20) > it->first) {
            const auto [lo, hi] = *it;
            hole.erase(it);
            if (lo < ecam) hole.emplace_back(lo, ecam);
            if (ecam + (256u << 20) < hi) hole.emplace_back(ecam + (256u << 20), hi);
            break;
        }
    std::sort(hole.begin(), hole.end());
    std::uint64_t hole_bytes = 0;
    for (auto& [lo, hi] : hole) {  // --mmio32-mb: only the bottom of the hole is ours
        const std::uint64_t room = mmio32_limit > hole_bytes ? mmio32_limit - hole_bytes : 0;
        hi = lo + std::min(hi - lo, room);
        hole_bytes += hi - lo;
    }
    const std::uint64_t high_base = 0x100000000ull + (std::uint64_t{3072 - std::min(low_ram_mb, 3072u)} << 20);
    std::printf("   32-bit MMIO: %s between TOLUD 0x%llx and 0xfec00000, ECAM excluded\n", size_text(hole_bytes).c_str(),
                static_cast<unsigned long long>(tolud));
    std::printf("   64-bit MMIO: %s from 0x%llx (above the %u MiB of RAM over 4 GiB)\n",
                mmio64_bytes ? size_text(mmio64_bytes).c_str() : "none", static_cast<unsigned long long>(high_base),
                3072 - std::min(low_ram_mb, 3072u));
    std::vector<std::pair<std::uint64_t, std::uint64_t>> io{{0xc000, 0x10000}};
    std::vector<std::pair<std::uint64_t, std::uint64_t>> high{{high_base, high_base + mmio64_bytes}};
    std::stable_sort(bars.begin(), bars.end(), [](const bar& a, const bar& x) { return a.size > x.size; });
    std::vector<std::string> unplaced;
    for (bar& x : bars) {
        const std::uint64_t align = x.align ? x.align : x.size;
        if (x.io) x.placed = take(io, x.size, x.size, x.addr);
        else if (!(x.placed = take(hole, x.size, align, x.addr)) && x.is64) x.placed = take(high, x.size, align, x.addr);
        if (!x.placed) {
            unplaced.push_back(bdf(x.rid) + " " + x.what);
            continue;
        }
        program_bar(fw, x);
        std::printf("   %s %-32s %-6s %-9s -> %s0x%llx%s%s\n", bdf(x.rid).c_str(), x.what.c_str(),
                    x.io ? "I/O" : x.is64 ? "mem64" : "mem32", size_text(x.size).c_str(), green(),
                    static_cast<unsigned long long>(x.addr), off(),
                    !x.io && x.addr >= 0x100000000ull ? "  (above 4 GiB: no room below)" : "");
    }
    if (unplaced.empty()) std::printf("   every BAR fits\n");
    for (const std::string& u : unplaced) std::printf("   %sdid not fit: %s%s\n", yellow(), u.c_str(), off());
    for (unsigned rid : found)
        if (rid != 0 && !is_bridge(rid)) fw.wr(rid, 0x04, 0x0007, 2);  // I/O, memory, bus master
    std::printf("   COMMAND <- I/O | memory | bus master on every endpoint (no bridge windows: nothing behind\n"
                "   the root ports has BARs)\n");

    // 4. MSI-X on the NIC: program vector 0 through BAR3, fire it from the device side.
    step(4, "MSI-X: enable, program a vector through the BAR, fire it");
    const unsigned nic = board::nic_devfn;
    const unsigned mx = fw.find_cap(nic, 0x11);
    const std::uint32_t table = fw.rd(nic, mx + 4);
    const std::uint64_t bar3 = board::q35_board::bar64(b.nic, table & 7);
    if (bar3 == 0) {
        std::printf("   BAR%u was not assigned: the table is unreachable, firmware leaves MSI-X off\n", table & 7);
        return 0;
    }
    const std::uint64_t entry0 = bar3 + (table & ~7u);
    std::printf("   MSI-X at 0x%02x: %u vectors, table in BAR%u at 0x%llx\n", mx, (fw.rd(nic, mx + 2, 2) & 0x7ff) + 1,
                table & 7, static_cast<unsigned long long>(entry0));
    fw.wr(nic, mx + 2, 0xc000, 2);  // MSI-X Enable + Function Mask while programming
    b.platform.mem_write(entry0 + 0x0, 4, 0xfee00000);  // LAPIC 0
    b.platform.mem_write(entry0 + 0x4, 4, 0);
    b.platform.mem_write(entry0 + 0x8, 4, 0x4041);  // vector 0x41
    b.platform.mem_write(entry0 + 0xc, 4, 0);       // unmask the entry
    auto deliver = [](std::uint64_t addr, std::uint32_t data) {
        std::printf("     %s=> message: write 0x%08x to 0x%llx%s\n", yellow(), data, static_cast<unsigned long long>(addr), off());
    };
    const bool sent = regspace::pci::msix_signal<nic::msix>(b.nic, b.msix_table, b.msix_table, 0, deliver);
    std::printf("   device fires vector 0 while the function is masked: %s, PBA reads 0x%llx\n",
                sent ? "sent" : "held pending", static_cast<unsigned long long>(b.platform.mem_read(bar3 + 0x2000, 8)));
    fw.wr(nic, mx + 2, 0x8000, 2);  // clear Function Mask
    regspace::pci::msix_flush_pending<nic::msix>(b.nic, b.msix_table, b.msix_table, deliver);
    std::printf("   after Function Mask is cleared, PBA reads 0x%llx\n",
                static_cast<unsigned long long>(b.platform.mem_read(bar3 + 0x2000, 8)));

    // 5. SR-IOV: bring up VFs; they answer at their routing IDs.
    step(5, "SR-IOV: enable 4 VFs");
    const unsigned sr = fw.find_ext_cap(nic, 0x0010);
    fw.wr(nic, sr + 0x10, 4, 2);       // NumVFs
    fw.wr(nic, sr + 0x08, 0x0009, 2);  // VF Enable + VF MSE
    const std::uint32_t first_vf = fw.rd(nic, sr + 0x14, 2), vf_stride = fw.rd(nic, sr + 0x16, 2);
    std::printf("   NumVFs <- 4, VF Enable, VF MSE; First VF Offset %u, VF Stride %u\n", first_vf, vf_stride);
    for (std::size_t i = 0; i < b.nic.hooks().vfs.size(); ++i) {
        const unsigned rid = b.vf_rid(i);
        std::printf("   VF %zu at %s: class %06x, MSI-X table at 0x%llx\n", i, bdf(rid).c_str(), fw.rd(rid, 0x08) >> 8,
                    static_cast<unsigned long long>(regspace::pci::vf_bar_address<nic::sriov, 2>(b.nic, static_cast<unsigned>(i))));
    }

    // 6. PCI Express hot-plug: the OS's pciehp at 00:1c.0, a card arriving and leaving.
    step(6, "PCI Express hot-plug at 00:1c.0: a card arrives, the OS brings it up, then gives it up");
    const unsigned rp = board::hp_port_devfn;
    constexpr unsigned sltctl = 0x58, sltsta = 0x5a, lnksta = 0x52;  // PCI Express capability at 40h
    b.on_slot = [](const char* port, const ports::port_event& e) {
        std::printf("     %s=> %s slot: %s", yellow(), port, std::string(regspace::pci::to_string(e.what)).c_str());
        if (e.msi) std::printf(" (message: write 0x%08x to 0x%llx)", e.msi->data, static_cast<unsigned long long>(e.msi->address));
        std::printf("%s\n", off());
    };
    const auto slot_status = [&] {
        const std::uint32_t st = fw.rd(rp, sltsta, 2);
        std::printf("   Slot Status 0x%04x: presence %s, link %s%s%s%s\n", st, st & 0x40 ? "yes" : "no",
                    fw.rd(rp, lnksta, 2) & 0x2000 ? "up" : "down", st & 0x01 ? ", button pressed" : "",
                    st & 0x08 ? ", presence changed" : "", st & 0x100 ? ", link changed" : "");
    };
    fw.wr(rp, 0x84, 0xfee00000);  // MSI: LAPIC 0, vector 0x50
    fw.wr(rp, 0x88, 0);
    fw.wr(rp, 0x8c, 0x4050, 2);
    fw.wr(rp, 0x82, 0x0001, 2);
    fw.wr(rp, 0x04, 0x0004, 2);  // bus master: MSI is a memory write
    std::printf("   MSI on, Slot Control <- button, presence, link-change, hot-plug interrupt enables\n");
    fw.wr(rp, sltctl, 0x17e9, 2);  // ABPE PDCE HPIE DLLSCE, indicators off, power off
    const auto device_side = [](const char* what, regspace::pci::slot_result r) {
        std::printf("   %s%s%s -> %s\n", bold(), what, off(), std::string(regspace::pci::to_string(r)).c_str());
    };
    std::printf("   the device side plugs a card (QEMU: device_add)\n");
    device_side("plug", b.plug());
    slot_status();
    std::printf("   01:00.0 reads %08x while the slot has no power\n", fw.rd(0x100, 0x00));
    std::printf("   pciehp acknowledges, then Slot Control <- power on, power indicator on\n");
    fw.wr(rp, sltsta, 0x0009, 2);
    fw.wr(rp, sltctl, 0x11e9, 2);
    slot_status();
    std::printf("   01:00.0 reads %s%08x%s: %s, serial %08x%08x\n", green(), fw.rd(0x100, 0x00), off(),
                device_name(fw.rd(0x100, 0x00)), fw.rd(0x100, 0x148), fw.rd(0x100, 0x144));
    fw.wr(rp, sltsta, 0x0100, 2);
    std::printf("   the operator asks for removal (QEMU: device_del)\n");
    device_side("unplug request", b.unplug_request());
    std::printf("   pciehp acknowledges, then Slot Control <- power off, power indicator off\n");
    fw.wr(rp, sltsta, 0x0001, 2);
    fw.wr(rp, sltctl, 0x17e9, 2);
    slot_status();
    std::printf("   01:00.0 reads %08x: the card is gone\n", fw.rd(0x100, 0x00));
    b.on_slot = nullptr;

    // 7. The tree, lspci-style, and each function decoded from its descriptors.
    step(7, "What firmware hands over");
    std::vector<unsigned> all = found;
    for (std::size_t i = 0; i < b.nic.hooks().vfs.size(); ++i) all.push_back(b.vf_rid(i));
    for (unsigned rid : all) {
        const bool vf = std::find(found.begin(), found.end(), rid) == found.end();
        const std::uint32_t cls = fw.rd(rid, 0x08) >> 8;
        const std::uint32_t ids = vf ? 0x10ca8086 : fw.rd(rid, 0x00);
        std::printf("   %s%s%s %s%s [%04x]: %s [%04x:%04x]%s\n", bold(), bdf(rid).c_str(), off(), vf ? "  +- " : "",
                    class_name(cls), cls >> 8, device_name(ids), ids & 0xffff, ids >> 16, vf ? " (VF)" : "");
    }
    static constexpr auto mch_info = regspace::describe<regspace::q35::mch<>::space>();
    static constexpr auto pf_info = regspace::describe<nic::pf_config::type>();
    static constexpr auto vf_info = regspace::describe<nic::vf_config::type>();
    const regspace::pci::bus& bus0 = *b.platform.find_bus(0);
    // Decoded from the descriptors (regspace/print.hpp), through the bus without read side effects.
    auto decoded = [&](const regspace::space_info& s, unsigned rid) {
        std::fputs(regspace::decode_compact(s, [&bus0, rid](unsigned off, unsigned size) { return bus0.config_peek(rid, off, size); },
                                            style, true, "   ")
                       .c_str(),
                   stdout);
    };
    std::printf("\n   %s00:00.0%s decoded (registers that are not zero):\n", bold(), off());
    decoded(mch_info, 0x00);
    std::printf("\n   %s%s%s decoded:\n", bold(), bdf(nic).c_str(), off());
    decoded(pf_info, nic);
    std::printf("\n   %s%s%s (VF 0) decoded:\n", bold(), bdf(b.vf_rid(0)).c_str(), off());
    decoded(vf_info, b.vf_rid(0));
    std::printf("\n%sThe same machine answers QEMU's qtest protocol: build/gcc/examples/regspace-q35 --help%s\n", dim(), off());
}

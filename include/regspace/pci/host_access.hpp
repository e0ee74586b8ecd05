// SPDX-License-Identifier: MIT
// regspace/pci/host_access.hpp - configuration access as host controllers that are not ECAM
// compliant make it (mostly ARM; Linux drivers/pci/access.c, ecam.c, controller/dwc,
// drivers/acpi/pci_mcfg.c), in front of a pci::bus:
//
//   - 32-bit-only writes: a byte or word write becomes a dword read, a merge and a dword write
//     (pci_generic_config_write32). RW1C bits set in the other bytes are written back as 1 and
//     so cleared by accident ("may corrupt adjacent RW1C bits"); with `explain` on, each such
//     write is reported with the registers and fields it cleared (from the function's explain
//     trace), so the hazard is visible, not silent.
//   - 32-bit-only reads (Ampere Altra's pci_32b_read_ops): narrow reads are cut from a dword.
//   - root-bus slot filtering: the DesignWare core does not decode the device number on its own
//     bus, so only device 0 may be reached there (dw_pcie_own_conf_map_bus); others would alias.
//   - a per-access configuration window (Tegra194's iATU, X-Gene's RTDID): the driver points one
//     window at a bus/device/function before every access; whatever it points at answers.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include <regspace/detail/bits.hpp>
#include <regspace/explain.hpp>
#include <regspace/pci/bus.hpp>

namespace regspace::pci {

namespace detail {
// A configuration access from the host: bus 0 is the root bus's own, any other is routed
// through the bridges below it (bus::route).
inline std::uint64_t host_read(const bus& root, unsigned bus_no, unsigned devfn, unsigned off, unsigned size) {
    return bus_no == 0 ? root.config_read(devfn, off, size) : root.config_read(0, bus_no, devfn, off, size);
}
inline void host_write(const bus& root, unsigned bus_no, unsigned devfn, unsigned off, unsigned size, std::uint64_t v) {
    if (bus_no == 0) root.config_write(devfn, off, size, v);
    else root.config_write(0, bus_no, devfn, off, size, v);
}
}  // namespace detail

struct host_quirks {
    bool reads_32bit = false;         // every read is a dword read
    bool writes_32bit = false;        // every write is a dword write: narrower ones read-modify-write
    unsigned root_bus_devices = 32;   // devices on the root bus that decode (DesignWare: 1)
};

// RW1C bits of a neighbouring register a read-modify-write cleared: the register, the field and
// the bits (field-relative).
struct rmw_clear {
    std::string_view reg, field;
    std::uint64_t bits = 0;
    friend bool operator==(const rmw_clear&, const rmw_clear&) = default;
};
struct rmw_event {
    unsigned bus = 0, devfn = 0;
    unsigned offset = 0;                 // the dword written
    unsigned target_offset = 0, target_size = 0;  // what the caller asked to write
    std::uint64_t read = 0, written = 0;  // the dword read, the merged dword written back
    std::vector<rmw_clear> cleared;       // (explain on) RW1C bits outside the target that it cleared
};

class host_bridge {
public:
    host_bridge(const bus& root, host_quirks q) : root_(&root), q_(q) {}

    bool explain = false;                         // name the bits each read-modify-write clears
    std::function<void(const rmw_event&)> on_rmw; // every read-modify-write, as it happens

    [[nodiscard]] std::uint64_t config_read(unsigned bus_no, unsigned devfn, unsigned off, unsigned size) const {
        if (!decodes(bus_no, devfn)) return regspace::detail::all_ones(size);
        if (!q_.reads_32bit) return read_at(bus_no, devfn, off, size);
        std::uint64_t v = 0;
        for (unsigned i = 0; i < size; ++i) {  // byte by byte from the dwords that hold them
            const unsigned a = off + i;
            v |= ((read_at(bus_no, devfn, a & ~3u, 4) >> (8 * (a & 3))) & 0xff) << (8 * i);
        }
        return v;
    }

    void config_write(unsigned bus_no, unsigned devfn, unsigned off, unsigned size, std::uint64_t v) {
        if (!decodes(bus_no, devfn)) return;
        if (!q_.writes_32bit || (size == 4 && (off & 3) == 0)) return write_at(bus_no, devfn, off, size, v);
        for (unsigned done = 0; done < size;) {  // each dword the write touches, read-modify-written
            const unsigned a = off + done, dword = a & ~3u;
            const unsigned n = (4 - (a & 3)) < (size - done) ? 4 - (a & 3) : size - done;
            const std::uint64_t mask = regspace::detail::all_ones(n) << (8 * (a & 3));
            const std::uint64_t piece = ((v >> (8 * done)) & regspace::detail::all_ones(n)) << (8 * (a & 3));
            const std::uint64_t read = read_at(bus_no, devfn, dword, 4);
            rmw_event e{bus_no, devfn, dword, a, n, read, (read & ~mask) | piece, {}};
            if (explain) e.cleared = explained_write(bus_no, devfn, e);
            else write_at(bus_no, devfn, dword, 4, e.written);
            if (on_rmw) on_rmw(e);
            done += n;
        }
    }

private:
    [[nodiscard]] bool decodes(unsigned bus_no, unsigned devfn) const {
        return bus_no != 0 || (devfn >> 3) < q_.root_bus_devices;
    }
    [[nodiscard]] std::uint64_t read_at(unsigned bus_no, unsigned devfn, unsigned off, unsigned size) const {
        return detail::host_read(*root_, bus_no, devfn, off, size);
    }
    void write_at(unsigned bus_no, unsigned devfn, unsigned off, unsigned size, std::uint64_t v) const {
        detail::host_write(*root_, bus_no, devfn, off, size, v);
    }
    // The dword write with the function's explain trace: the RW1C bits it cleared in bytes the
    // caller did not ask to write.
    std::vector<rmw_clear> explained_write(unsigned bus_no, unsigned devfn, const rmw_event& e) const {
        const bus* on = bus_no == 0 ? root_ : root_->route(0, bus_no, devfn);
        std::vector<explanation> why;
        {
            const bus::explaining scope(on, &why);  // none where no bus decodes the function
            write_at(bus_no, devfn, e.offset, 4, e.written);
        }
        std::vector<rmw_clear> out;
        for (const explanation& x : why)
            for (const register_effect& r : x.registers)
                for (const field_effect& f : r.fields) {
                    if (!f.cleared || !f.field) continue;
                    // The field's first byte in the space: outside the target bytes, an accident.
                    const unsigned at = r.offset + f.lsb / 8;
                    if (at >= e.target_offset && at < e.target_offset + e.target_size) continue;
                    out.push_back(rmw_clear{r.reg ? r.reg->name : std::string_view{}, f.field->name, f.cleared});
                }
        return out;
    }

    const bus* root_;
    host_quirks q_;
};

// A host controller with one configuration window that the driver points at a function before
// every access. select() is the window register's write; accesses reach whatever it selects, a
// stale selection included (what Linux's per-controller lock around select-and-access prevents).
class config_window {
public:
    explicit config_window(const bus& root) : root_(&root) {}
    void select(unsigned bus_no, unsigned devfn) {
        bus_ = bus_no, devfn_ = devfn;
        ++selects_;
    }
    [[nodiscard]] std::uint64_t read(unsigned off, unsigned size) const { return detail::host_read(*root_, bus_, devfn_, off, size); }
    void write(unsigned off, unsigned size, std::uint64_t v) const { detail::host_write(*root_, bus_, devfn_, off, size, v); }
    [[nodiscard]] unsigned selects() const noexcept { return selects_; }
    [[nodiscard]] unsigned selected_bus() const noexcept { return bus_; }
    [[nodiscard]] unsigned selected_devfn() const noexcept { return devfn_; }

private:
    const bus* root_;
    unsigned bus_ = 0, devfn_ = 0, selects_ = 0;
};

}  // namespace regspace::pci

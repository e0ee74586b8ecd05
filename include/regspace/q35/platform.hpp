// SPDX-License-Identifier: MIT
// regspace/q35/platform.hpp - a Q35 platform: the MCH at 00:00.0, PCI buses, the two
// configuration mechanisms (I/O ports CF8h/CFCh and ECAM at the window PCIEXBAR sets), and the
// CPU's view of I/O and memory space, answering as QEMU's q35 machine does.
//
// What a CPU access becomes: QEMU's memory core (address_space_read/write) splits an access into
// pieces of at most 4 bytes (for these regions), each aligned to its offset in the region that
// holds its first byte, and sends each piece whole to that region. That is what qtest's inl/readq see, so the platform does the
// same; e.g. `inl 0xcfe` is a 2-byte data-port read plus 2 bytes of unclaimed I/O (FFFFh).
//
// I/O space (what QEMU 7.2 shows, measured over qtest; see docs/q35.md):
//   CF8h-CFBh  CONFIG_ADDRESS. Only a 4-byte write at CF8h stores it (pci_host_config_write);
//              any read of the region returns it, truncated to the read size, whatever the port.
//   CF9h       the ICH9 Reset Control register, which overlays CF8h+1: a piece starting at CF9h
//              reads/writes RST_CNT; writing bit 2 (RST_CPU) resets the platform (QEMU: some time
//              after the write; here at once).
//   CFCh-CFFh  CONFIG_DATA: with CONFIG_ADDRESS bit 31 set, the function's register at
//              (CONFIG_ADDRESS | port & 3) & FFh; else reads all-ones, writes vanish.
//   elsewhere  no device: reads all-ones, writes vanish.
// Memory space: the ECAM window (QEMU: pcie_mmcfg_data_read/write), then regions devices decode
// (add_mmio: BARs), else nothing: reads 0, writes vanish (QEMU's unassigned memory).
//
// What the platform reports to its observers (config_access, event) is in q35/events.hpp; how
// the MCH's registers move the memory map, and the events that says, in q35/memory_map.hpp; the
// platform's section of its snapshot in q35/platform_snapshot.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <regspace/detail/bits.hpp>
#include <regspace/detail/text.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/device.hpp>
#include <regspace/explain.hpp>
#include <regspace/hooks.hpp>
#include <regspace/pci/bus.hpp>
#include <regspace/q35/events.hpp>
#include <regspace/q35/mch.hpp>
#include <regspace/q35/memory_map.hpp>
#include <regspace/q35/platform_snapshot.hpp>
#include <regspace/snapshot.hpp>

namespace regspace::q35 {

namespace detail {
// The largest piece (a power of two, at most max and len) aligned at `offset` in its region
// (QEMU's memory_access_size(): offset 0 is aligned for any size).
constexpr unsigned piece_size(std::uint64_t offset, unsigned len, unsigned max) {
    unsigned p = max;
    while (p > 1 && ((offset != 0 && offset % p != 0) || p > len)) p /= 2;
    return p;
}
}  // namespace detail

template <profile P = qemu_7_2>
class platform {
public:
    using mch_type = q35::mch<P>;

    // The MCH's hooks: every register with a platform-visible effect reports here. The platform
    // then reads the state from its own MCH (never from the values a hook was given), so a copy
    // of the device cannot move the platform's memory map; the hooks cannot be copied either.
    struct mch_hooks {
        platform* self = nullptr;
        explicit mch_hooks(platform* p) : self(p) {}
        mch_hooks(const mch_hooks&) = delete;
        mch_hooks(mch_hooks&&) = default;
        mch_hooks& operator=(const mch_hooks&) = delete;
        mch_hooks& operator=(mch_hooks&&) = default;

        template <unsigned N>
        using pam = typename mch_type::template pam<N>;
        template <class R>
        static constexpr bool is_pam = []<unsigned... N>(std::integer_sequence<unsigned, N...>) {
            return (std::is_same_v<R, pam<N>> || ...);
        }(std::make_integer_sequence<unsigned, 7>{});
        using datasheet_hooked = regspace::hooked<typename mch_type::pciexbar, pam<0>, pam<1>, pam<2>, pam<3>, pam<4>,
                                                  pam<5>, pam<6>, typename mch_type::smram, typename mch_type::esmramc>;
        using qemu_hooked = regspace::hooked<typename mch_type::pciexbar, pam<0>, pam<1>, pam<2>, pam<3>, pam<4>,
                                             pam<5>, pam<6>, typename mch_type::smram, typename mch_type::esmramc,
                                             typename mch_type::smbase>;
        // F_SMBASE is QEMU's register: the datasheet's MCH has none.
        using hooked = std::conditional_t<P::is_datasheet, datasheet_hooked, qemu_hooked>;

        template <class D>
        void on_write(typename mch_type::pciexbar, D&, const write_event&) { self->pciexbar_written(); }
        template <class R, class D>
            requires is_pam<R>
        void on_write(R, D&, const write_event&) {
            self->pam_written();
        }
        template <class D>
        void on_write(typename mch_type::smram, D&, const write_event&) { self->smram_written(); }
        template <class D>
        void on_write(typename mch_type::esmramc, D&, const write_event&) { self->smram_written(); }
        template <class D>
        void on_write(typename mch_type::smbase, D&, const write_event&) { self->smbase_written(); }
        template <class D>
        void on_reset(D&, reset_kind) { self->mch_reset(); }
    };
    using mch_device = device<typename mch_type::space, mch_hooks>;
    using mmio_handler = std::function<bool(std::uint64_t addr, unsigned size, bool write, std::uint64_t& value)>;

    platform() : mch_(mch_hooks{this}) {
        bus(0).attach(0x00, mch_);
        mch_reset();
    }
    platform(const platform&) = delete;
    platform& operator=(const platform&) = delete;

    [[nodiscard]] mch_device& mch() noexcept { return mch_; }
    [[nodiscard]] const mch_device& mch() const noexcept { return mch_; }
    // Bus n, created on first use (buses below bridges are the bridges' business).
    pci::bus& bus(unsigned n) {
        auto& b = buses_.at(n);
        if (!b) b = std::make_unique<pci::bus>();
        return *b;
    }
    [[nodiscard]] const pci::bus* find_bus(unsigned n) const { return n < buses_.size() ? buses_[n].get() : nullptr; }
    // The bus a configuration access to bus_no:devfn lands on: a bus attached by its number, or
    // one reached from bus 0 through bridges by their bus numbers (pci::bus::route).
    [[nodiscard]] const pci::bus* target_bus(unsigned bus_no, unsigned devfn) const {
        if (const pci::bus* b = find_bus(bus_no)) return b;
        const pci::bus* root = find_bus(0);
        return root ? root->route(0, bus_no, devfn) : nullptr;
    }

    // ---- configuration accesses by address (both mechanisms end here) ----
    // A read of `size` bytes of function bus:devfn at `off`, limited to `limit` bytes of its
    // space (256 through CF8/CFC): absent functions and offsets past the limit read all-ones, an
    // access running past it is cut short (QEMU's pci_host_config_read_common).
    std::uint64_t config_read(unsigned bus_no, unsigned devfn, unsigned off, unsigned size, unsigned limit = 4096) const {
        const pci::bus* b = target_bus(bus_no, devfn);
        if (!b || !b->present(devfn)) return regspace::detail::all_ones(size);
        if (b->config_size(devfn) < limit) limit = b->config_size(devfn);
        if (off >= limit) return regspace::detail::all_ones(size);
        const unsigned n = off + size > limit ? limit - off : size;
        if (n == 1 || n == 2 || n == 4) return b->config_read(devfn, off, n);
        // Cut short to 3 bytes (QEMU copies them): two accesses the function understands.
        std::uint64_t v = 0;
        for (unsigned done = 0; done < n;) {
            const unsigned k = detail::piece_size(off + done, n - done, 4);
            v |= b->config_read(devfn, off + done, k) << (8 * done);
            done += k;
        }
        return v;
    }
    void config_write(unsigned bus_no, unsigned devfn, unsigned off, unsigned size, std::uint64_t v, unsigned limit = 4096) {
        const pci::bus* b = target_bus(bus_no, devfn);
        if (!b || !b->present(devfn)) return;
        if (b->config_size(devfn) < limit) limit = b->config_size(devfn);
        if (off >= limit) return;
        const unsigned n = off + size > limit ? limit - off : size;
        for (unsigned done = 0; done < n;) {
            const unsigned k = detail::piece_size(off + done, n - done, 4);
            b->config_write(devfn, off + done, k, (v >> (8 * done)) & regspace::detail::all_ones(k));
            done += k;
        }
    }

    // ---- the CPU's view ----
    // Bytes past port FFFFh are outside I/O space: they read 0 and take no writes (no wrap to 0).
    std::uint64_t io_read(std::uint16_t port, unsigned size) {
        std::uint64_t v = 0;
        for (unsigned done = 0; done < size && port + done <= 0xffff;) {
            const auto p = static_cast<std::uint16_t>(port + done);
            const unsigned n = detail::piece_size(p - io_region_base(p), size - done, 4);
            v |= (io_piece_read(p, n) & regspace::detail::all_ones(n)) << (8 * done);
            done += n;
        }
        return v;
    }
    void io_write(std::uint16_t port, unsigned size, std::uint64_t v) {
        for (unsigned done = 0; done < size && port + done <= 0xffff;) {
            const auto p = static_cast<std::uint16_t>(port + done);
            const unsigned n = detail::piece_size(p - io_region_base(p), size - done, 4);
            io_piece_write(p, n, (v >> (8 * done)) & regspace::detail::all_ones(n));
            done += n;
        }
    }
    std::uint64_t mem_read(std::uint64_t addr, unsigned size) {
        std::uint8_t b[8]{};
        mem_read_bytes(addr, b, size > 8 ? 8 : size);
        std::uint64_t v = 0;
        for (unsigned i = 0; i < size && i < 8; ++i) v |= std::uint64_t{b[i]} << (8 * i);
        return v;
    }
    void mem_write(std::uint64_t addr, unsigned size, std::uint64_t v) {
        std::uint8_t b[8]{};
        for (unsigned i = 0; i < size && i < 8; ++i) b[i] = static_cast<std::uint8_t>(v >> (8 * i));
        mem_write_bytes(addr, b, size > 8 ? 8 : size);
    }
    // A CPU access of any length (qtest's read/write commands), split as above. The whole access
    // uses the memory map as it was when it started (QEMU holds one flatview per access): a piece
    // that moves the ECAM window does not redirect the pieces after it.
    void mem_read_bytes(std::uint64_t addr, std::uint8_t* out, std::size_t len) {
        const ecam_window w = map_.ecam();
        for (std::size_t done = 0; done < len;) {
            const std::uint64_t a = addr + done;
            const unsigned n = detail::piece_size(a - mem_region_base(a, w), static_cast<unsigned>(len - done > 4 ? 4 : len - done), 4);
            const std::uint64_t v = mem_piece(a, n, false, 0, w);
            for (unsigned i = 0; i < n; ++i) out[done + i] = static_cast<std::uint8_t>(v >> (8 * i));
            done += n;
        }
    }
    void mem_write_bytes(std::uint64_t addr, const std::uint8_t* in, std::size_t len) {
        const ecam_window w = map_.ecam();
        for (std::size_t done = 0; done < len;) {
            const std::uint64_t a = addr + done;
            const unsigned n = detail::piece_size(a - mem_region_base(a, w), static_cast<unsigned>(len - done > 4 ? 4 : len - done), 4);
            std::uint64_t v = 0;
            for (unsigned i = 0; i < n; ++i) v |= std::uint64_t{in[done + i]} << (8 * i);
            mem_piece(a, n, true, v, w);
            done += n;
        }
    }

    // A memory or I/O region a device decodes (a BAR): the handler claims an access by returning
    // true. Regions are naturally aligned, so pieces split as for any other region.
    void add_mmio(mmio_handler h) { mmio_.push_back(std::move(h)); }
    void add_io(mmio_handler h) { io_.push_back(std::move(h)); }

    [[nodiscard]] ecam_window ecam() const noexcept { return map_.ecam(); }
    [[nodiscard]] std::uint32_t config_address() const noexcept { return config_address_; }
    [[nodiscard]] std::uint8_t reset_control() const noexcept { return rst_cnt_; }
    [[nodiscard]] smram_state smram() const noexcept { return map_.smram(); }
    [[nodiscard]] pam_attr pam(unsigned n, bool hi) const {
        return pam_decode(static_cast<std::uint8_t>(mch_.peek(0x90 + n, 1)), hi);
    }

    // A platform reset (RST_CNT's RST_CPU): every function on every bus, cold. CONFIG_ADDRESS is
    // the host bridge's latch and survives, as in QEMU. Under qemu_7_2 the MCH's 40h-FFh keep
    // their values except what QEMU's mch_reset() sets (PCIEXBAR, EXT_TSEG_MBYTES, F_SMBASE,
    // SMRAM, ESMRAMC): QEMU's system reset does not touch the rest (PAM included).
    void reset() {
        rst_cnt_ = 0;
        report(event::kind::reset, "platform reset");
        if constexpr (P::is_datasheet) {
            reset_buses();
        } else {
            mch_device saved_values{mch_hooks{this}};
            copy_kept(mch_, saved_values);
            reset_buses();
            copy_kept(saved_values, mch_);
            mch_reset();
        }
    }

    [[nodiscard]] bool present(unsigned bus_no, unsigned devfn) const {
        const pci::bus* b = target_bus(bus_no, devfn);
        return b && b->present(devfn);
    }
    // Every present function as (bus, devfn), in bus order: buses attached by number, and the
    // buses below bridges at the numbers the bridges were given.
    [[nodiscard]] std::vector<std::pair<unsigned, unsigned>> functions() const {
        std::vector<std::pair<unsigned, unsigned>> f;
        for (unsigned b = 0; b < buses_.size(); ++b) {
            if (!target_bus(b, 0)) continue;  // device 0 is reachable wherever any device is
            for (unsigned d = 0; d < pci::bus::slots; ++d)
                if (present(b, d)) f.emplace_back(b, d);
        }
        return f;
    }

    // Save and restore (migration): the MCH's registers as a regspace snapshot (snapshot.hpp) with
    // the platform's own state in its user section (platform_section, q35/platform_snapshot.hpp):
    // CONFIG_ADDRESS, RST_CNT and the ECAM window (which PCIEXBAR alone does not determine: a
    // reserved length keeps the previous window, as in QEMU). PAM, SMRAM and SMBASE follow from
    // the registers and are re-derived. A restore reports what changed as events; a refused
    // snapshot (including an ECAM window that PCIEXBAR contradicts) changes nothing. The other
    // functions belong to whoever attached them and are saved alongside (examples/q35_board.hpp
    // saves the NIC, its VFs and tables).
    [[nodiscard]] std::vector<std::uint8_t> save() const {
        return regspace::save(mch_, [this](std::vector<std::uint8_t>& out) {
            platform_section{config_address_, rst_cnt_, map_.ecam()}.put(out);
        });
    }
    restore_result restore(std::span<const std::uint8_t> bytes) {
        platform_section section;
        auto load = [&](std::span<const std::uint8_t> user) { return section.take(user); };
        // Everything is checked on a scratch MCH first: the window must be the one PCIEXBAR
        // decodes to, unless its length is reserved (then the saved one stands).
        mch_device scratch{mch_hooks{nullptr}};
        if (restore_result r = regspace::restore(scratch, bytes, load); !r) return r;
        const ecam_window decoded = decode_pciexbar<P>(scratch.template get<typename mch_type::pciexbar>());
        const ecam_window expect = decoded.enabled ? decoded : ecam_window{true, false, 0, 0};
        if (decoded.valid && expect != section.ecam)
            return restore_result{restore_error::invariant, "snapshot: the ECAM window does not match PCIEXBAR"};
        regspace::restore(mch_, bytes, load);  // the same bytes: accepted
        config_address_ = section.config_address;
        rst_cnt_ = section.rst_cnt;
        map_.set_ecam(section.ecam, reporter());
        pam_written();
        smram_written();
        smbase_written();
        return {};
    }

    // Observers: memory-map changes, and every configuration access (the trace prints both).
    std::function<void(const event&)> on_event;
    std::function<void(const config_access&)> on_config;
    // Explain every configuration access to on_config (regspace/explain.hpp): off the fast path.
    bool explain = false;

private:
    // Where the region holding a byte starts: QEMU aligns pieces to the offset in the region, so
    // a piece starting at CF9h (RST_CNT's first byte) goes whole to RST_CNT.
    static constexpr std::uint16_t io_region_base(std::uint16_t p) {
        if (p == 0xcf9) return 0xcf9;
        if (p >= 0xcf8 && p <= 0xcfb) return 0xcf8;
        if (p >= 0xcfc && p <= 0xcff) return 0xcfc;
        return 0;
    }
    static std::uint64_t mem_region_base(std::uint64_t a, const ecam_window& w) {
        return w.enabled && a >= w.base && a - w.base < w.size ? w.base : 0;
    }

    // CONFIG_DATA piece at port p: the register (CONFIG_ADDRESS | p & 3) & FFh (pci_host_data_*).
    std::uint64_t io_piece_read(std::uint16_t p, unsigned n) {
        if (p == 0xcf9) return rst_cnt_;
        if (p >= 0xcf8 && p <= 0xcfb) return config_address_ & regspace::detail::all_ones(n);
        if (p >= 0xcfc && p <= 0xcff) {
            if (!(config_address_ >> 31)) return regspace::detail::all_ones(n);
            const std::uint32_t a = config_address_ | (p & 3u);
            return traced_read("CF8/CFC", (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff, n, 256);
        }
        for (auto& h : io_) {
            std::uint64_t value = 0;
            if (h(p, n, false, value)) return value;
        }
        return regspace::detail::all_ones(n);
    }
    void io_piece_write(std::uint16_t p, unsigned n, std::uint64_t v) {
        if (p == 0xcf9) {
            // ICH9 RST_CNT (ich9_rst_cnt_write): RST_CPU requests a reset; SYS_RST and FULL_RST
            // are kept for the next one.
            if (v & 0x4) reset();
            else rst_cnt_ = static_cast<std::uint8_t>(v & 0xa);
        } else if (p == 0xcf8) {
            if (n == 4) config_address_ = static_cast<std::uint32_t>(v);
        } else if (p >= 0xcfc && p <= 0xcff && (config_address_ >> 31)) {
            const std::uint32_t a = config_address_ | (p & 3u);
            traced_write("CF8/CFC", (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff, n, v, 256);
        } else if (io_region_base(p) == 0) {
            for (auto& h : io_) {
                std::uint64_t value = v;
                if (h(p, n, true, value)) return;
            }
        }
    }
    std::uint64_t mem_piece(std::uint64_t addr, unsigned n, bool write, std::uint64_t v, const ecam_window& w) {
        if (w.enabled && addr >= w.base && addr - w.base < w.size) {
            const std::uint64_t off = addr - w.base;
            const auto bus_no = static_cast<unsigned>(off >> 20), devfn = static_cast<unsigned>((off >> 12) & 0xff),
                       reg = static_cast<unsigned>(off & 0xfff);
            if (!write) return traced_read("ECAM", bus_no, devfn, reg, n, 4096);
            traced_write("ECAM", bus_no, devfn, reg, n, v, 4096);
            return 0;
        }
        for (auto& h : mmio_) {
            std::uint64_t value = v;
            if (h(addr, n, write, value)) return write ? 0 : value;
        }
        return 0;
    }

    std::uint64_t traced_read(const char* how, unsigned b, unsigned devfn, unsigned off, unsigned n, unsigned limit) {
        std::vector<explanation> why;
        std::uint64_t v = 0;
        {
            const pci::bus::explaining scope(explain && on_config ? target_bus(b, devfn) : nullptr, &why);
            v = config_read(b, devfn, off, n, limit);
        }
        if (on_config) on_config(config_access{how, b, devfn, off, n, v, false, present(b, devfn), why});
        return v;
    }
    void traced_write(const char* how, unsigned b, unsigned devfn, unsigned off, unsigned n, std::uint64_t v,
                      unsigned limit) {
        const pci::bus* bus = explain && on_config ? target_bus(b, devfn) : nullptr;
        if (!bus) {
            if (on_config) on_config(config_access{how, b, devfn, off, n, v, true, present(b, devfn)});
            config_write(b, devfn, off, n, v, limit);
            return;
        }
        std::vector<explanation> why;
        {
            const pci::bus::explaining scope(bus, &why);
            config_write(b, devfn, off, n, v, limit);
        }
        on_config(config_access{how, b, devfn, off, n, v, true, present(b, devfn), why});
    }

    void reset_buses() {
        for (auto& b : buses_)
            if (b) b->reset_all(reset_kind::cold);
    }
    // The MCH registers in 40h-FFh that QEMU's mch_reset() leaves alone, device side (no hooks).
    template <class R>
    static constexpr bool kept_by_qemu_reset =
        R::offset >= 0x40 && !std::is_same_v<R, typename mch_type::pciexbar> &&
        !std::is_same_v<R, typename mch_type::ext_tseg_mbytes> && !std::is_same_v<R, typename mch_type::smbase> &&
        !std::is_same_v<R, typename mch_type::smram> && !std::is_same_v<R, typename mch_type::esmramc>;
    static void copy_kept(const mch_device& from, mch_device& to) {
        [&]<class... R>(regspace::detail::type_list<R...>) {
            ((kept_by_qemu_reset<R> ? to.template set<R>(from.template get<R>()) : void()), ...);
        }(typename mch_type::registers{});
    }

    void report(event::kind k, std::string text) {
        if (on_event) on_event(event{k, std::move(text)});
    }
    auto reporter() {
        return [this](event::kind k, std::string text) { report(k, std::move(text)); };
    }
    // The MCH's side effects on the memory map (q35/memory_map.hpp), reported as events.
    void pciexbar_written() { map_.pciexbar_written(mch_, reporter()); }
    void pam_written() { map_.pam_written(mch_, reporter()); }
    void smbase_written() { map_.smbase_written(mch_, reporter()); }
    void smram_written() { map_.smram_written(mch_, reporter()); }
    void mch_reset() { map_.mch_reset(mch_, reporter()); }

    mch_device mch_;
    std::array<std::unique_ptr<pci::bus>, 256> buses_{};
    std::vector<mmio_handler> mmio_, io_;
    memory_map<P> map_;
    std::uint32_t config_address_ = 0;
    std::uint8_t rst_cnt_ = 0;
};

}  // namespace regspace::q35

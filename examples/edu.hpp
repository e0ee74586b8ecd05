// SPDX-License-Identifier: MIT
// examples/edu.hpp - QEMU's `edu` teaching device as a regspace device model: its configuration
// space and its 1 MiB BAR0 described once, its logic in hooks, its interrupts through
// pci/interrupts.hpp, its DMA through pci/dma.hpp, its slow work completed when the VMM says
// time has passed. The behaviour is QEMU 7.2's (hw/misc/edu.c, docs/specs/edu.txt), including
// where the code differs from the text; each such place is marked "QEMU:". The config space is
// compared byte for byte with QEMU's own `-device edu` (tests/edu/edu_vs_qemu.cpp).
//
//   edu::function f(platform);            // platform: INTx line, MSI writes, guest memory
//   f.config_write(0x10, 4, 0xfe000000);  // the VMM's config and BAR0 dispatch
//   f.mmio_write(0x08, 4, 5);             // factorial of 5...
//   f.advance(0);                         // ...done when the VMM next lets time pass
//   f.mmio_read(0x08, 4);                 // 120
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <regspace.hpp>
#include <regspace/deferred.hpp>
#include <regspace/pci.hpp>
#include <regspace/snapshot.hpp>

namespace edu {
using namespace regspace;

// ---- configuration space (QEMU edu.c pci_edu_realize, edu_class_init) ------------------------
inline constexpr pci::identity id{.vendor = 0x1234,  // PCI_VENDOR_ID_QEMU
                                  .device = 0x11e8,
                                  .class_code = 0x00ff00,  // PCI_CLASS_OTHERS
                                  .revision = 0x10,
                                  .subsystem_vendor = 0x1af4,  // QEMU's default subsystem IDs
                                  .subsystem = 0x1100,
                                  .int_pin = 1};  // INTA#
// msi_init(pdev, 0, 1, true, false): one vector, 64-bit, no per-vector masking; at 40h, the
// first free dword QEMU finds. QEMU clamps Multiple Message Enable only while MSI is enabled.
using msi = pci::msi<pci::msi_params{.vectors = 1, .address_64 = true, .per_vector_mask = false,
                                     .clamp = pci::mme_clamp::while_enabled}>;
// QEMU leaves every byte past the header writable that no capability claims (pci_init_wmask):
// here 4Eh-FFh, as plain read-write scratch.
using scratch_dword = block<"QEMU scratch", reg<"SCRATCH", 0x0, 4, doc<"QEMU: writable, no meaning">, others_as<access::rw>>>;
using scratch_4e = reg<"SCRATCH_4E", 0x4e, 2, doc<"QEMU: writable, no meaning">, others_as<access::rw>>;
using config = pci::config_space<"edu", pci::type0<id, pci::bars<pci::mem32_bar<(1u << 20)>>>, pci::at<msi, 0x40>,
                                 pci::extra<scratch_4e, repeat<scratch_dword, 0x50, 44, 4>>>;
using status_reg = config::header::status;

// ---- BAR0: 1 MiB, 32-bit memory, non-prefetchable -----------------------------------------
inline constexpr std::uint64_t buffer_base = 0x40000;  // the DMA buffer, in the device's own address space
inline constexpr std::size_t buffer_size = 4096;
inline constexpr std::uint64_t fact_irq = 0x1, dma_irq = 0x100;
inline constexpr std::uint64_t dma_delay_ns = 100'000'000;  // QEMU: timer_mod(now + 100 ms), virtual clock

using ident = reg<"ID", 0x00, 4, doc<"Identification">, spec<"QEMU docs/specs/edu.txt">,
    field<"ED", 0, 8, access::ro, 0xed, "EDh">,
    field<"MINOR", 16, 8, access::ro, 0x00, "minor version">,
    field<"MAJOR", 24, 8, access::ro, 0x01, "major version">>;
// QEMU stores the inverse of the write and reads it back; here the write is stored and the read
// hook inverts it (a rule must not invert: rule<> is idempotent), so the reset value is all-ones.
using liveness = reg<"LIVENESS", 0x04, 4, doc<"Card liveness check (reads the inverse of the last write)">,
    field<"VALUE", 0, 32, access::rw, 0xffffffff, "last value written">>;
using factorial = reg<"FACTORIAL", 0x08, 4, doc<"Factorial: write n, read n! once STATUS.BUSY clears">,
    field<"VALUE", 0, 32, access::rw, 0, "n, then n! (mod 2^32)">>;
using status = reg<"STATUS", 0x20, 4, doc<"Status">,
    bit<"BUSY", 0, access::ro, 0, "a factorial is being computed">,
    bit<"IRQ_FACT", 7, access::rw, 0, "raise interrupt 01h when a factorial completes">>;
using irq_status = reg<"IRQ_STATUS", 0x24, 4, doc<"Interrupt status">,
    field<"PENDING", 0, 32, access::ro, 0, "raised, not yet acknowledged">>;
// QEMU decodes only writes here: a read is all-ones, as at every offset edu does not decode.
using irq_raise = reg<"IRQ_RAISE", 0x60, 4, doc<"Interrupt raise (write: raise these bits)">,
    field<"NOT_DECODED", 0, 32, access::ro, 0xffffffff, "reads are not decoded">>;
using irq_ack = reg<"IRQ_ACK", 0x64, 4, doc<"Interrupt acknowledge (write: clear these bits)">,
    field<"NOT_DECODED", 0, 32, access::ro, 0xffffffff, "reads are not decoded">>;
using dma_src = reg<"DMA_SRC", 0x80, 8, doc<"DMA source address">, field<"ADDR", 0, 64, access::rw>>;
using dma_dst = reg<"DMA_DST", 0x88, 8, doc<"DMA destination address">, field<"ADDR", 0, 64, access::rw>>;
using dma_cnt = reg<"DMA_CNT", 0x90, 8, doc<"DMA transfer count">, field<"BYTES", 0, 64, access::rw>>;
using dma_cmd = reg<"DMA_CMD", 0x98, 8, doc<"DMA command">, others_as<access::rw>,
    bit<"RUN", 0, access::rw, 0, "start; clears when the transfer is done">,
    bit<"TO_RAM", 1, access::rw, 0, "direction: 1 buffer to RAM, 0 RAM to buffer",
        values<value<0, "RAM to buffer">, value<1, "buffer to RAM">>>,
    bit<"IRQ", 2, access::rw, 0, "raise interrupt 100h when done">>;

// QEMU's memory core takes naturally aligned 4- and 8-byte accesses (.valid, min 4 max 8, not
// unaligned; others read 0, softmmu/memory.c), and edu.c only 4-byte ones below 80h (an
// 8-byte access there reads all-ones); offsets it does not decode read all-ones.
struct bar : space<"edu BAR0", (1u << 20), max_access<8>, unmapped::read_ones,
                   range_accepts<0, (1u << 20), sizes<4, 8>, naturally_aligned, refused_reads_zero>,
                   range_accepts<0, 0x80, sizes<4>>, ident, liveness, factorial, status, irq_status, irq_raise,
                   irq_ack, dma_src, dma_dst, dma_cnt, dma_cmd> {};

// What the function drives on the platform's side. The VMM implements it.
struct platform {
    virtual void set_intx(bool level) = 0;              // INTA#, level-triggered
    virtual void send_msi(pci::msi_message m) = 0;      // a memory write the platform performs
    virtual pci::guest_memory& memory() = 0;            // what DMA reads and writes
    virtual ~platform() = default;
};

// Configuration-space logic: the INTx line follows Interrupt Disable; enabling MSI deasserts
// INTx (QEMU msi_write_config -> pci_device_deassert_intx).
struct config_logic {
    platform* plat = nullptr;
    using hooked = regspace::hooked<pci::command_reg, msi::msgctl>;
    void on_write(pci::command_reg, auto& d, const write_event& e) {
        if ((e.old ^ e.now) & field_mask<pci::command_reg, "INTxD">) plat->set_intx(pci::intx_level<status_reg>(d));
    }
    void on_write(msi::msgctl, auto& d, const write_event& e) {
        if (field_get<msi::msgctl, "MSIE">(e.now) && !field_get<msi::msgctl, "MSIE">(e.old))
            plat->set_intx(pci::set_intx<status_reg>(d, false));
    }
};

// The function's state beside its registers, and BAR0's logic. The function binds
// `cfg` and `plat` on every entry (function below), so the model holds no pointer that could
// outlive a move.
struct model {
    device<config::type, config_logic>* cfg = nullptr;
    platform* plat = nullptr;

    // Work that completes later: the factorial at the next advance, the DMA 100 ms after RUN.
    enum class job { factorial, dma };
    deferred<job, 2> work;
    std::uint64_t dma_mask = 0x0fffffff;  // QEMU's dma_mask property: 28 bits
    std::uint64_t dma_errors = 0;         // transfers refused by the range check (QEMU aborts)
    std::array<std::uint8_t, buffer_size> buffer{};

    using hooked = regspace::hooked<liveness, factorial, irq_raise, irq_ack, dma_src, dma_dst, dma_cnt, dma_cmd>;

    std::uint64_t on_read(liveness, auto&, const read_event& e) { return ~e.stored & 0xffffffff; }

    // QEMU: a factorial written while one is computing is ignored.
    bool filter_write(factorial, auto& d, write_proposal&) { return !d.template get<status, "BUSY">(); }
    void on_write(factorial, auto& d, const write_event&) {
        d.template set<status, "BUSY">(1);
        work.schedule(job::factorial, work.now());
    }
    void on_write(irq_raise, auto& d, const write_event& e) { raise(d, e.written); }
    void on_write(irq_ack, auto& d, const write_event& e) { lower(d, e.written); }

    // The DMA registers, as edu.c's dma_rw(): ignored while a transfer runs; a 4-byte write of the
    // low half stores the value zero-extended; the high half (84h, 8Ch, 94h, 9Ch) is not decoded:
    // its reads are all-ones and its writes ignored. DMA_CMD also ignores a write without RUN.
    template <class R>
    static constexpr bool dma_register = std::is_same_v<R, dma_src> || std::is_same_v<R, dma_dst> ||
                                         std::is_same_v<R, dma_cnt> || std::is_same_v<R, dma_cmd>;
    static constexpr std::uint64_t high_half = 0xffffffff'00000000;
    template <class R>
        requires dma_register<R>
    std::uint64_t on_read(R, auto&, const read_event& e) {
        return e.byte_enables == high_half ? ~std::uint64_t{0} : e.stored;
    }
    template <class R>
        requires dma_register<R>
    bool filter_write(R, auto& d, write_proposal& p) {
        if (d.template get<dma_cmd, "RUN">() || p.byte_enables == high_half) return false;
        if (p.byte_enables == 0xffffffff) p.value &= 0xffffffff;
        if constexpr (std::is_same_v<R, dma_cmd>) return field_get<dma_cmd, "RUN">(p.value) != 0;
        return true;
    }
    template <class R>
        requires dma_register<R>
    void on_write(R, auto&, const write_event&) {
        if constexpr (std::is_same_v<R, dma_cmd>) work.schedule(job::dma, work.now() + dma_delay_ns);
    }

    // edu_raise_irq / edu_lower_irq: MSI when enabled (a message on every raise), else INTx.
    template <class D>
    void raise(D& d, std::uint64_t bits) {
        const auto pending = static_cast<std::uint32_t>(d.template get<irq_status>() | bits);
        d.template set<irq_status>(pending);
        if (!pending) return;
        if (pci::msi_enabled<msi>(*cfg)) {
            if (const auto m = pci::msi_signal<msi>(*cfg)) plat->send_msi(*m);
        } else {
            plat->set_intx(pci::set_intx<status_reg>(*cfg, true));
        }
    }
    template <class D>
    void lower(D& d, std::uint64_t bits) {
        const auto pending = static_cast<std::uint32_t>(d.template get<irq_status>() & ~bits);
        d.template set<irq_status>(pending);
        if (!pending && !pci::msi_enabled<msi>(*cfg)) plat->set_intx(pci::set_intx<status_reg>(*cfg, false));
    }

    // Work that completes later (edu's factorial thread, its 100 ms DMA timer), run when the VMM
    // lets virtual time pass: the factorial at the first advance, the DMA once it is due.
    template <class D>
    void advance(D& d, std::uint64_t ns) {
        work.advance(ns, [&](job j) {
            if (j == job::factorial) complete_factorial(d);
            else run_dma(d);
        });
    }
    template <class D>
    void complete_factorial(D& d) {
        // QEMU's loop (edu_fact_thread), mod 2^32. From n = 34 on the product has at least 32
        // factors of 2 (17 + 8 + 4 + 2 + 1 in 34!) and is 0: answered without the up to 2^32
        // multiplications a guest's n could otherwise make the VMM's thread spend.
        std::uint32_t n = d.template get<factorial>(), r = 1;
        if (n >= 34) n = 0, r = 0;
        while (n > 1) r *= n--;
        d.template set<factorial>(r);
        d.template set<status, "BUSY">(0);
        if (d.template get<status, "IRQ_FACT">()) raise(d, fact_irq);
    }

    // edu_dma_timer. QEMU: a range outside the buffer (edu_check_range, whose end test is strict,
    // so a whole 4 KiB transfer is refused too) aborts the VMM; here the transfer is dropped, RUN
    // clears, no interrupt is raised and dma_errors counts it. With bus mastering off QEMU's DMA
    // reads zeros and drops writes, and the transfer still completes; so does this one.
    template <class D>
    void run_dma(D& d) {
        const std::uint64_t cmd = d.template get<dma_cmd>();
        if (!field_get<dma_cmd, "RUN">(cmd)) return;
        const bool to_ram = field_get<dma_cmd, "TO_RAM">(cmd) == value_of<dma_cmd, "TO_RAM", "buffer to RAM">;
        const std::uint64_t cnt = d.template get<dma_cnt>();
        const std::uint64_t inside = to_ram ? d.template get<dma_src>() : d.template get<dma_dst>();
        const std::uint64_t outside = (to_ram ? d.template get<dma_dst>() : d.template get<dma_src>()) & dma_mask;
        const bool range_ok = inside >= buffer_base && inside < buffer_base + buffer_size && inside + cnt > inside &&
                              inside + cnt < buffer_base + buffer_size;
        d.template set<dma_cmd>(field_set<dma_cmd, "RUN">(cmd, 0));
        if (!range_ok) {
            ++dma_errors;
            return;
        }
        const std::span<std::uint8_t> window(buffer.data() + (inside - buffer_base), static_cast<std::size_t>(cnt));
        if (to_ram) {
            (void)pci::dma_write(*cfg, plat->memory(), outside, window);
        } else if (pci::dma_read(*cfg, plat->memory(), outside, window) == pci::dma_status::bus_master_disabled) {
            std::fill(window.begin(), window.end(), std::uint8_t{0});
        }
        if (field_get<dma_cmd, "IRQ">(cmd)) raise(d, dma_irq);
    }

    // The model's state in a snapshot's user section: pending work included.
    void save(std::vector<std::uint8_t>& out) const {
        work.save(out);
        snapshot_put(out, dma_mask, 8);
        snapshot_put(out, dma_errors, 8);
        out.insert(out.end(), buffer.begin(), buffer.end());
    }
    std::string load(std::span<const std::uint8_t> in) {
        if (in.size() != decltype(work)::saved_size + 16 + buffer_size) return "edu: model state has the wrong length";
        deferred<job, 2> w;
        if (std::string why = w.load(in); !why.empty()) return "edu: " + why;
        snapshot_reader r(in.subspan(decltype(work)::saved_size));
        std::uint64_t mask = 0, errors = 0;
        std::span<const std::uint8_t> buf;
        if (!r.take(mask, 8) || !r.take(errors, 8) || !r.take(buf, buffer_size)) return "edu: model state cut short";
        work = w;
        dma_mask = mask;
        dma_errors = errors;
        std::copy(buf.begin(), buf.end(), buffer.begin());
        return {};
    }
};

// One edu function: its two spaces and its model, behind the dispatch a VMM calls.
class function {
public:
    using config_device = device<config::type, config_logic>;
    using bar_device = device<bar, model>;

    explicit function(platform& p) : plat_(&p) {}

    std::uint64_t config_read(unsigned offset, unsigned size) { return bind().cfg_.read(offset, size); }
    void config_write(unsigned offset, unsigned size, std::uint64_t value) { bind().cfg_.write(offset, size, value); }
    std::uint64_t mmio_read(unsigned offset, unsigned size) { return bind().bar_.read(offset, size); }
    void mmio_write(unsigned offset, unsigned size, std::uint64_t value) { bind().bar_.write(offset, size, value); }
    // Virtual time passed (the VMM's clock): completes what is due.
    void advance(std::uint64_t ns) {
        bind();
        bar_.hooks().advance(bar_, ns);
    }
    // How much virtual time until pending work is due (the VMM arms a timer for it), or nullopt.
    [[nodiscard]] std::optional<std::uint64_t> due_in() const {
        const auto& w = bar_.hooks().work;
        const std::optional<std::uint64_t> due = w.next_due();
        if (!due) return std::nullopt;
        return *due > w.now() ? *due - w.now() : 0;
    }
    // A PCI reset (QEMU pci_do_device_reset): the configuration space and the INTx line. edu has
    // no reset handler of its own, so BAR0's registers and pending work survive it in QEMU; here too.
    void reset(reset_kind kind) {
        bind().cfg_.reset(kind);
        plat_->set_intx(false);
    }

    [[nodiscard]] config_device& config_space() noexcept { return bind().cfg_; }
    [[nodiscard]] const config_device& config_space() const noexcept { return cfg_; }
    [[nodiscard]] bar_device& bar0() noexcept { return bind().bar_; }
    [[nodiscard]] const bar_device& bar0() const noexcept { return bar_; }

    // Both spaces and the model's pending work, in one snapshot; restore changes nothing unless
    // every part is accepted.
    [[nodiscard]] std::vector<std::uint8_t> save() const {
        std::vector<std::uint8_t> out;
        const std::vector<std::uint8_t> c = regspace::save(cfg_);
        const std::vector<std::uint8_t> b =
            regspace::save(bar_, [this](std::vector<std::uint8_t>& u) { bar_.hooks().save(u); });
        snapshot_put(out, c.size(), 4);
        out.insert(out.end(), c.begin(), c.end());
        snapshot_put(out, b.size(), 4);
        out.insert(out.end(), b.begin(), b.end());
        return out;
    }
    restore_result restore(std::span<const std::uint8_t> bytes) {
        snapshot_reader r(bytes);
        std::uint64_t n = 0;
        std::span<const std::uint8_t> c, b;
        if (!r.take(n, 4) || !r.take(c, n) || !r.take(n, 4) || !r.take(b, n) || r.pos() != bytes.size())
            return {restore_error::truncated, "edu: not an edu snapshot (two sections)"};
        config_device cfg{cfg_.hooks()};
        bar_device bar{bar_.hooks()};
        if (restore_result rc = regspace::restore(cfg, c); !rc) return rc;
        model m = bar_.hooks();
        if (restore_result rb = regspace::restore(bar, b, [&](std::span<const std::uint8_t> u) { return m.load(u); }); !rb)
            return rb;
        bar.hooks() = m;
        cfg_ = cfg;
        bar_ = bar;
        plat_->set_intx(pci::intx_level<status_reg>(cfg_));
        return {};
    }

private:
    function& bind() {
        cfg_.hooks().plat = plat_;
        bar_.hooks().cfg = &cfg_;
        bar_.hooks().plat = plat_;
        return *this;
    }
    platform* plat_;
    config_device cfg_;
    bar_device bar_;
};

}  // namespace edu

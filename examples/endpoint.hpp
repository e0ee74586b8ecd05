// SPDX-License-Identifier: MIT
// examples/endpoint.hpp - a PCI Express endpoint shaped to what QEMU 7.2's x-pci-proxy-dev can
// carry (regspace-remote's `endpoint`): power management, MSI, MSI-X with its table and PBA in
// BAR1, PCI Express with Function Level Reset, and 32-bit BARs only. BAR0 holds a few registers
// of its own: an identification, a scratch register that shows what a reset clears, and an
// INTx doorbell.
//
// Every reset of the function (the platform's, an FLR through Device Control, a D3hot->D0
// transition) resets all of it, BAR spaces included; the ones the function performs on itself
// are reported to the platform with their method.
#pragma once

#include <cstdint>
#include <optional>

#include <regspace.hpp>
#include <regspace/explain.hpp>
#include <regspace/pci.hpp>
#include <regspace/pci/bar_decode.hpp>

namespace endpoint {
using namespace regspace;

// QEMU's pseudo vendor, and a device ID of our own; class FFh: no driver claims it.
inline constexpr pci::identity id{.vendor = 0x1234, .device = 0x5253, .class_code = 0xff0000, .revision = 0x01,
                                  .subsystem_vendor = 0x1234, .subsystem = 0x0001, .int_pin = 1};
// D3hot -> D0 resets the function (No_Soft_Reset clear), so Linux can offer "pm" as well as "flr".
using pm = pci::pm<pci::pm_params{.pme_support = 0, .no_soft_reset = false}>;
using msi = pci::msi<pci::msi_params{.vectors = 4, .address_64 = true, .per_vector_mask = true}>;
using msix = pci::msix::capability<pci::msix::params{.vectors = 8, .table_bir = 1, .table_offset = 0, .pba_bir = 1,
                                                     .pba_offset = 0x800, .bar_size = 0x1000}>;
using express = pci::pcie<pci::pcie_params{.type = pci::port_type::endpoint, .max_payload_supported = 1, .flr = true}>;
using config = pci::config_space<"regspace endpoint",
                                 pci::type0<id, pci::bars<pci::mem32_bar<0x1000>, pci::mem32_bar<0x1000>>>,
                                 pci::at<pm, 0x40>, pci::at<msi, 0x50>, pci::at<msix, 0x70>, pci::at<express, 0x80>>;
using status_reg = config::header::status;

// ---- BAR0 ---------------------------------------------------------------------------------------
using ident = reg<"ID", 0x00, 4, doc<"Identification">,
    field<"MAGIC", 16, 16, access::ro, 0x5253, "5253h, 'RS'">,
    field<"VERSION", 0, 16, access::ro, 0x0001, "register layout version">>;
using scratch = reg<"SCRATCH", 0x04, 4, doc<"Scratch: any value, 0 after every reset">,
    field<"VALUE", 0, 32, access::rw, 0>>;
using doorbell = reg<"INTX", 0x08, 4, doc<"INTx doorbell">,
    bit<"ASSERT", 0, access::rw, 0, "the function's interrupt is pending (INTA#, gated by Interrupt Disable)">>;
using bar0 = space<"endpoint BAR0", 0x1000, max_access<8>, ident, scratch, doorbell>;
using bar1 = msix::table_space;

// What the function drives on the platform's side.
struct platform {
    virtual void set_intx(bool level) = 0;
    // A reset the function performed on itself (FLR, D3hot->D0), after it happened.
    virtual void self_reset(pci::reset_method, reset_kind) {}
    virtual ~platform() = default;
};

class function;

// The configuration space's logic: INTx follows Interrupt Disable; a reset of any kind resets
// the BAR spaces with it, and one the function performs itself is reported.
struct config_logic {
    function* fn = nullptr;
    std::optional<pci::reset_method> method;
    using hooked = regspace::hooked<pci::command_reg>;
    using notified = regspace::notified<pci::notice::reset>;
    void on_write(pci::command_reg, auto& d, const write_event& e);
    void pci_reset(pci::reset_method m) { method = m; }
    void on_reset(auto& d, reset_kind k);
};
struct bar0_logic {
    function* fn = nullptr;
    using hooked = regspace::hooked<doorbell>;
    void on_write(doorbell, auto& d, const write_event& e);
};

class function {
public:
    using config_device = device<config::type, config_logic>;
    using bar0_device = device<bar0, bar0_logic>;
    using bar1_device = device<bar1>;

    explicit function(platform& p) : plat_(&p), cfg_(config_logic{this, {}}), regs_(bar0_logic{this}) {}
    function(const function&) = delete;
    function& operator=(const function&) = delete;

    // The VMM's dispatch (regspace/mpqemu/remote.hpp's remote_function, too).
    std::uint64_t config_read(unsigned off, unsigned size) { return cfg_.read(off, size); }
    void config_write(unsigned off, unsigned size, std::uint64_t v) { cfg_.write(off, size, v); }
    [[nodiscard]] std::uint64_t config_peek(unsigned off, unsigned size) const { return cfg_.peek(off, size); }
    [[nodiscard]] pci::bar_states bars() const { return pci::decode_bars(cfg_); }
    std::uint64_t bar_read(unsigned slot, std::uint64_t off, unsigned size) {
        if (slot == 0 && off + size <= bar0::size) return regs_.read(static_cast<unsigned>(off), size);
        if (slot == 1 && off + size <= bar1::size) return table_.read(static_cast<unsigned>(off), size);
        return regspace::detail::all_ones(size);
    }
    void bar_write(unsigned slot, std::uint64_t off, unsigned size, std::uint64_t v) {
        if (slot == 0 && off + size <= bar0::size) regs_.write(static_cast<unsigned>(off), size, v);
        if (slot == 1 && off + size <= bar1::size) table_.write(static_cast<unsigned>(off), size, v);
    }
    // The platform's reset (power-on, a bus reset): everything, the INTx line dropped.
    void reset(reset_kind k) { cfg_.reset(k); }
    explanation explain_config(unsigned off, unsigned size, bool write, std::uint64_t v) {
        return write ? explain_write(cfg_, off, size, v) : explain_read(cfg_, off, size);
    }
    explanation explain_bar(unsigned slot, std::uint64_t off, unsigned size, bool write, std::uint64_t v) {
        const auto o = static_cast<unsigned>(off);
        if (slot == 1 && off + size <= bar1::size) return write ? explain_write(table_, o, size, v) : explain_read(table_, o, size);
        if (off + size > bar0::size) return explain_read(regs_, 0, 0);
        return write ? explain_write(regs_, o, size, v) : explain_read(regs_, o, size);
    }

    [[nodiscard]] config_device& config_space() noexcept { return cfg_; }
    [[nodiscard]] bar0_device& registers() noexcept { return regs_; }
    [[nodiscard]] bar1_device& msix_table() noexcept { return table_; }
    [[nodiscard]] platform& plat() noexcept { return *plat_; }

private:
    platform* plat_;
    config_device cfg_;
    bar0_device regs_;
    bar1_device table_;
};

inline void config_logic::on_write(pci::command_reg, auto& d, const write_event& e) {
    if ((e.old ^ e.now) & field_mask<pci::command_reg, "INTxD">) fn->plat().set_intx(pci::intx_level<status_reg>(d));
}
inline void config_logic::on_reset(auto&, reset_kind k) {
    fn->registers().reset(k);
    fn->msix_table().reset(k);
    fn->plat().set_intx(false);
    if (method) fn->plat().self_reset(*method, k);
    method.reset();
}
inline void bar0_logic::on_write(doorbell, auto&, const write_event& e) {
    fn->plat().set_intx(pci::set_intx<status_reg>(fn->config_space(), field_get<doorbell, "ASSERT">(e.now) != 0));
}

}  // namespace endpoint

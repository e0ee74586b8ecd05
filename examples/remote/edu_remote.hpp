// SPDX-License-Identifier: MIT
// examples/remote/edu_remote.hpp - the edu device model (examples/edu.hpp) as a function the
// multi-process remote serves (regspace/mpqemu/remote.hpp): its platform is the proxy's, INTx on
// the irqfd pair and DMA into the RAM SYNC_SYSMEM maps.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <utility>

#include <regspace/explain.hpp>
#include <regspace/mpqemu/remote.hpp>
#include <regspace/pci/bar_decode.hpp>

#include "../edu.hpp"

namespace remote_devices {
using namespace regspace;

class edu_remote final : public edu::platform {
public:
    edu_remote(mpqemu::proxy_resources& r, std::FILE* trace) : r_(r), trace_(trace) {}
    edu_remote(const edu_remote&) = delete;
    edu_remote& operator=(const edu_remote&) = delete;

    // edu::platform
    void set_intx(bool level) override {
        if (intx_) intx_(level);
        else r_.intx.set(level);
    }
    // QEMU 7.2's proxy has no message for MSI (hw/remote/proxy.c): the write is not delivered.
    void send_msi(pci::msi_message m) override {
        ++msi_dropped;
        if (trace_)
            std::fprintf(trace_, "MSI %llxh <- %xh not delivered: x-pci-proxy-dev carries no MSI\n",
                         static_cast<unsigned long long>(m.address), static_cast<unsigned>(m.data));
    }
    pci::guest_memory& memory() override { return r_.memory; }

    // mpqemu::remote_function
    std::uint64_t config_read(unsigned off, unsigned size) { return fn_.config_read(off, size); }
    [[nodiscard]] std::uint64_t config_peek(unsigned off, unsigned size) const { return fn_.config_space().peek(off, size); }
    void config_write(unsigned off, unsigned size, std::uint64_t v) { fn_.config_write(off, size, v); }
    [[nodiscard]] pci::bar_states bars() const { return pci::decode_bars(fn_.config_space()); }
    std::uint64_t bar_read(unsigned slot, std::uint64_t off, unsigned size) {
        return slot == 0 ? fn_.mmio_read(static_cast<unsigned>(off), size) : ~std::uint64_t{0};
    }
    void bar_write(unsigned slot, std::uint64_t off, unsigned size, std::uint64_t v) {
        if (slot == 0) fn_.mmio_write(static_cast<unsigned>(off), size, v);
    }
    void reset(reset_kind k) { fn_.reset(k); }
    explanation explain_config(unsigned off, unsigned size, bool write, std::uint64_t v) {
        return write ? explain_write(fn_.config_space(), off, size, v) : explain_read(fn_.config_space(), off, size);
    }
    explanation explain_bar(unsigned, std::uint64_t off, unsigned size, bool write, std::uint64_t v) {
        const auto o = static_cast<unsigned>(off);
        return write ? explain_write(fn_.bar0(), o, size, v) : explain_read(fn_.bar0(), o, size);
    }
    void advance(std::uint64_t ns) { fn_.advance(ns); }
    [[nodiscard]] std::optional<std::uint64_t> due_in() const { return fn_.due_in(); }

    [[nodiscard]] edu::function& function() noexcept { return fn_; }
    // INTx to something standing between edu and the proxy (passthrough_remote).
    void route_intx(std::function<void(bool)> to) { intx_ = std::move(to); }
    std::uint64_t msi_dropped = 0;

private:
    mpqemu::proxy_resources& r_;
    std::FILE* trace_;
    std::function<void(bool)> intx_;
    edu::function fn_{*this};
};
static_assert(mpqemu::remote_function<edu_remote> && mpqemu::explaining_function<edu_remote> &&
              mpqemu::timed_function<edu_remote> && mpqemu::peeking_function<edu_remote>);

}  // namespace remote_devices

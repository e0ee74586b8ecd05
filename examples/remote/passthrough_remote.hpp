// SPDX-License-Identifier: MIT
// examples/remote/passthrough_remote.hpp - a function passed through to the guest the way a
// hypervisor gives a DomU a host device (regspace/pci/passthrough.hpp): the guest's config
// accesses go through the passthrough view, which shows only the allowed capabilities and keeps
// the host-owned bits (COMMAND's decode enables, SERR# Enable, INTx Disable; MSI) as the guest's
// own copy; BAR accesses reach the backing function directly, as a passed-through BAR would.
//
// The "host" here is this wrapper: it turns on the backing function's decoding (as pciback or
// vfio does before a guest runs), gates the backing's INTx with the guest's own Interrupt
// Disable, and decodes BARs by the guest's copy of the enables. Each reset of the backing
// function (the platform's, or an FLR it performs) resets the guest's copies too.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <regspace/mpqemu/remote.hpp>
#include <regspace/pci/passthrough.hpp>

namespace remote_devices {

// CAPS as the command line names them: the standard capability IDs (PCI Code and ID Assignment
// Specification, section 2). nullopt: not a name this remote knows.
[[nodiscard]] inline std::optional<std::uint8_t> capability_id(std::string_view name) {
    if (name == "pm") return 0x01;
    if (name == "msi") return 0x05;
    if (name == "pcie") return 0x10;
    if (name == "msix") return 0x11;
    return std::nullopt;
}

// The backing function's config space as the view's backing (read/write of 1, 2 or 4 bytes).
template <class Inner>
struct config_of {
    Inner* fn;
    [[nodiscard]] std::uint64_t read(unsigned off, unsigned n) const { return fn->config_peek(off, n); }
    void write(unsigned off, unsigned n, std::uint64_t v) { fn->config_write(off, n, v); }
};

template <class Inner>
class passthrough_remote {
public:
    // `inner` is the backing function; its platform must send its INTx level and the resets it
    // performs on itself here (inner_intx, inner_reset).
    passthrough_remote(Inner& inner, std::span<const std::uint8_t> allowed, regspace::mpqemu::proxy_resources& res)
        : inner_(&inner), backing_{&inner}, res_(res), allowed_(allowed.begin(), allowed.end()) {
        host_enable();
        view_.emplace(&backing_, std::span<const std::uint8_t>(allowed_), std::span<const std::uint16_t>{});
    }
    passthrough_remote(const passthrough_remote&) = delete;
    passthrough_remote& operator=(const passthrough_remote&) = delete;

    // From the backing function's platform.
    void inner_intx(bool level) {
        level_ = level;
        res_.intx.set(line());
    }
    // The backing reset itself (an FLR the guest asked for, say): the host's part is redone once
    // the access that caused it is over, not from inside the backing's own reset.
    void inner_reset() { reset_seen_ = true; }

    // mpqemu::remote_function
    std::uint64_t config_read(unsigned off, unsigned size) { return view_->read(off, size); }
    void config_write(unsigned off, unsigned size, std::uint64_t v) {
        view_->write(off, size, v);
        if (reset_seen_) after_reset();
        res_.intx.set(line());  // the guest's Interrupt Disable may have changed
    }
    [[nodiscard]] std::uint64_t config_peek(unsigned off, unsigned size) const { return view_->read(off, size); }
    // The backing's BAR registers (the view forwards the guest's BAR writes to them), decoding
    // by the guest's copy of COMMAND: the backing itself decodes whenever the host says so.
    [[nodiscard]] regspace::pci::bar_states bars() const {
        regspace::pci::bar_states b = inner_->bars();
        const std::uint64_t command = view_->read(0x04, 2);
        for (unsigned i = 0; i < b.size(); ++i) {
            const bool rom_on = i != regspace::pci::rom_slot || (inner_->config_peek(0x30, 4) & 1);
            b[i].decoding = b[i].kind == regspace::pci::bar_kind::io ? (command & 1) != 0 : (command & 2) != 0 && rom_on;
        }
        return b;
    }
    std::uint64_t bar_read(unsigned slot, std::uint64_t off, unsigned size) { return inner_->bar_read(slot, off, size); }
    void bar_write(unsigned slot, std::uint64_t off, unsigned size, std::uint64_t v) { inner_->bar_write(slot, off, size, v); }
    void reset(regspace::reset_kind k) {
        inner_->reset(k);
        after_reset();
    }
    // The backing device's own config space, which the host and the guest's allowed writes shape.
    [[nodiscard]] std::uint64_t backing_peek(unsigned off, unsigned size) const { return inner_->config_peek(off, size); }

private:
    void after_reset() {
        reset_seen_ = false;
        host_enable();
        view_->reset_emulated();
        res_.intx.set(line());
    }
    bool line() const { return level_ && !(view_ && (view_->read(0x04, 2) & 0x400)); }
    // The host's decoding of the backing function: memory, and I/O when it has an I/O BAR.
    void host_enable() {
        const regspace::pci::bar_states b = inner_->bars();
        bool io = false;
        for (const auto& s : b) io |= s.kind == regspace::pci::bar_kind::io;
        const std::uint64_t cmd = inner_->config_peek(0x04, 2);
        inner_->config_write(0x04, 2, cmd | 0x2 | (io ? 0x1 : 0x0));
    }

    Inner* inner_;
    config_of<Inner> backing_;
    regspace::mpqemu::proxy_resources& res_;
    std::vector<std::uint8_t> allowed_;
    std::optional<regspace::pci::passthrough_view<config_of<Inner>>> view_;
    bool level_ = false;
    bool reset_seen_ = false;
};

}  // namespace remote_devices

// SPDX-License-Identifier: MIT
// regspace/mpqemu/device_function.hpp - any regspace configuration space, with a regspace space
// (or the caller's handlers) behind each BAR, as a function regspace/mpqemu/remote.hpp serves.
//
//   device<cfg::type, hooks> config;  device<bar0_space> regs;
//   mpqemu::device_function f(config);
//   f.attach_bar(0, regs);           // BAR0's accesses go to `regs`, offsets from the BAR's base
//
// BAR decoding is the configuration space's own (pci::decode_bars); resets reach the
// configuration space and every attached BAR space, each with the kind the remote gives.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>

#include <regspace/detail/bits.hpp>
#include <regspace/explain.hpp>
#include <regspace/pci/bar_decode.hpp>
#include <regspace/reset_kind.hpp>

namespace regspace::mpqemu {

template <class Config>
class device_function {
public:
    // What sits behind one BAR: reads, writes, the same with an explain trace, and a reset.
    struct bar_target {
        std::function<std::uint64_t(std::uint64_t, unsigned)> read;
        std::function<void(std::uint64_t, unsigned, std::uint64_t)> write;
        std::function<explanation(std::uint64_t, unsigned, bool, std::uint64_t)> explain;
        std::function<void(reset_kind)> reset;
    };

    explicit device_function(Config& config) : cfg_(&config) {}

    // A regspace device behind BAR `slot` (0-5, 6 for the ROM). An access past the device's
    // size reads all-ones and writes nothing.
    template <class Space>
    void attach_bar(unsigned slot, Space& dev) {
        attach_bar(slot, bar_target{
                             [&dev](std::uint64_t off, unsigned size) {
                                 return off + size <= Space::size ? dev.read(static_cast<unsigned>(off), size)
                                                                  : regspace::detail::all_ones(size);
                             },
                             [&dev](std::uint64_t off, unsigned size, std::uint64_t v) {
                                 if (off + size <= Space::size) dev.write(static_cast<unsigned>(off), size, v);
                             },
                             [&dev](std::uint64_t off, unsigned size, bool write, std::uint64_t v) {
                                 const auto o = static_cast<unsigned>(off < Space::size ? off : Space::size);
                                 return write ? explain_write(dev, o, size, v) : explain_read(dev, o, size);
                             },
                             [&dev](reset_kind k) { dev.reset(k); }});
    }
    void attach_bar(unsigned slot, bar_target t) { bars_.at(slot) = std::move(t); }

    // mpqemu::remote_function
    std::uint64_t config_read(unsigned off, unsigned size) { return cfg_->read(off, size); }
    void config_write(unsigned off, unsigned size, std::uint64_t v) { cfg_->write(off, size, v); }
    [[nodiscard]] std::uint64_t config_peek(unsigned off, unsigned size) const { return cfg_->peek(off, size); }
    [[nodiscard]] pci::bar_states bars() const { return pci::decode_bars(*cfg_); }
    std::uint64_t bar_read(unsigned slot, std::uint64_t off, unsigned size) {
        const bar_target* t = target(slot);
        return t && t->read ? t->read(off, size) : regspace::detail::all_ones(size);
    }
    void bar_write(unsigned slot, std::uint64_t off, unsigned size, std::uint64_t v) {
        if (const bar_target* t = target(slot); t && t->write) t->write(off, size, v);
    }
    void reset(reset_kind k) {
        cfg_->reset(k);
        for (const bar_target& t : bars_)
            if (t.reset) t.reset(k);
    }
    explanation explain_config(unsigned off, unsigned size, bool write, std::uint64_t v) {
        return write ? explain_write(*cfg_, off, size, v) : explain_read(*cfg_, off, size);
    }
    explanation explain_bar(unsigned slot, std::uint64_t off, unsigned size, bool write, std::uint64_t v) {
        if (const bar_target* t = target(slot); t && t->explain) return t->explain(off, size, write, v);
        explanation e;
        e.write = write;
        e.offset = static_cast<unsigned>(off);
        e.size = size;
        e.value = write ? v : regspace::detail::all_ones(size);
        e.unmapped = regspace::detail::all_ones(size);
        return e;
    }

    [[nodiscard]] Config& config() noexcept { return *cfg_; }

private:
    const bar_target* target(unsigned slot) const { return slot < bars_.size() ? &bars_[slot] : nullptr; }
    Config* cfg_;
    std::array<bar_target, 7> bars_{};
};

}  // namespace regspace::mpqemu

// SPDX-License-Identifier: MIT
// examples/remote/endpoint_remote.hpp - the PCIe endpoint (examples/endpoint.hpp) on the
// proxy's platform: INTx on the irqfd pair; the resets it performs on itself go to the trace.
#pragma once

#include <cstdio>
#include <functional>

#include <regspace/mpqemu/remote.hpp>

#include "../endpoint.hpp"

namespace remote_devices {

[[nodiscard]] constexpr const char* name_of(regspace::reset_kind k) {
    switch (k) {
        case regspace::reset_kind::cold: return "cold";
        case regspace::reset_kind::warm: return "warm";
        case regspace::reset_kind::flr: return "flr";
    }
    return "?";
}
[[nodiscard]] constexpr const char* name_of(regspace::pci::reset_method m) {
    switch (m) {
        case regspace::pci::reset_method::flr: return "Initiate Function Level Reset";
        case regspace::pci::reset_method::af_flr: return "Advanced Features Initiate FLR";
        case regspace::pci::reset_method::pm_d3hot_to_d0: return "PM D3hot to D0";
        case regspace::pci::reset_method::secondary_bus_reset: return "Secondary Bus Reset";
    }
    return "?";
}

struct endpoint_platform final : endpoint::platform {
    regspace::mpqemu::proxy_resources& res;
    std::FILE* trace;
    unsigned self_resets = 0;
    // Where INTx and the function's own resets go instead, when something stands between the
    // function and the proxy (passthrough_remote).
    std::function<void(bool)> intx;
    std::function<void()> after_self_reset;
    endpoint_platform(regspace::mpqemu::proxy_resources& r, std::FILE* t) : res(r), trace(t) {}
    void set_intx(bool level) override {
        if (intx) intx(level);
        else res.intx.set(level);
    }
    void self_reset(regspace::pci::reset_method m, regspace::reset_kind k) override {
        ++self_resets;
        if (trace) std::fprintf(trace, "reset %s (%s)\n", name_of(k), name_of(m));
        if (after_self_reset) after_self_reset();
    }
};
static_assert(regspace::mpqemu::remote_function<endpoint::function> && regspace::mpqemu::explaining_function<endpoint::function> &&
              regspace::mpqemu::peeking_function<endpoint::function>);

}  // namespace remote_devices

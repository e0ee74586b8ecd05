// SPDX-License-Identifier: MIT
// regspace/observer.hpp - what a device reports of the device logic a guest access ran.
//
// Device logic is everything beyond the access policies: hooks, a register's rule<> and action<>,
// the fallback of an unmapped::forward space. Explain traces (explain.hpp) attach an observer for
// the duration of one access; a running guest has none.
#pragma once

#include <cstdint>

namespace regspace {

// Each piece of device logic an access can run. In a logic_event, `offset` is the absolute offset
// of the register element (of the access, for the fallback); `before`/`after` are as listed.
enum class device_logic : std::uint8_t {
    on_read,         // hooks.on_read: stored value -> value shown to the guest
    filter_write,    // hooks.filter_write accepted: old -> proposed value
    write_refused,   // hooks.filter_write vetoed the write: old -> the value it refused
    rule,            // the register's rule<>: value after the policies -> value kept
    on_write,        // hooks.on_write: old -> now
    action,          // the register's action<>: old -> value written (after the policies)
    fallback_read,   // unmapped bytes read from the fallback: owned byte mask -> value
    fallback_write   // unmapped bytes written to the fallback: owned byte mask -> value
};
struct logic_event {
    device_logic what;
    unsigned offset;
    std::uint64_t before, after;
};
namespace detail {
// How explain traces listen (detail::device_access::observe): two plain pointers, so that
// attaching one costs the device nothing but a null test on its (already out-of-line) hook path.
struct logic_observer {
    void (*notify)(void* context, const logic_event&) = nullptr;
    void* context = nullptr;
};
}  // namespace detail

}  // namespace regspace

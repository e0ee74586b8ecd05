// SPDX-License-Identifier: MIT
// regspace/detail/device_tables.hpp - what device<Space, Hooks> knows about its space before it
// runs: the folded model, which lanes need more than the masks, which policies occur at all.
// All of it is computed at compile time, once per space and hooks type.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <regspace/detail/hook_calls.hpp>
#include <regspace/detail/layout.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/hooks.hpp>

namespace regspace::detail {

template <class L>
struct has_action : std::bool_constant<L::reg::has_action> {};

// Helpers of device's static tables, as functions of the tables' values, not lambdas in the
// tables' initialisers (see detail/type_list.hpp).
template <std::size_t N>
constexpr bool any_nonzero(const std::array<std::uint64_t, N>& a) {
    for (std::uint64_t m : a)
        if (m) return true;
    return false;
}
// Lanes up to and including the last one a register covers.
template <std::size_t N>
constexpr std::size_t lanes_in_use(const std::array<lane_masks, N>& lanes) {
    std::size_t n = N;
    while (n > 0 && lanes[n - 1].mapped == 0) --n;
    return n;
}
template <std::size_t N, std::size_t M>
constexpr std::array<std::uint64_t, N> slow_write_bits(const std::array<std::uint64_t, N>& hooked,
                                                       const std::array<lane_masks, M>& lanes, bool forward) {
    std::array<std::uint64_t, N> out{};
    for (std::size_t l = 0; l < N; ++l) {
        out[l] = hooked[l] | lanes[l].lockable;
        if (forward) out[l] |= ~lanes[l].mapped;
    }
    return out;
}

// Sets the bits of every element of located register L in the per-slot masks `o`.
template <class Space, class L, std::size_t N>
constexpr void mark_register_bits(std::array<std::uint64_t, N>& o) {
    for (unsigned e = 0; e < L::count; ++e) {
        const std::uint64_t abs = L::offset64 + std::uint64_t{e} * L::stride;
        if (abs + L::reg::bytes > Space::size) continue;  // rejected by check_space
        o[lane_map<Space>::slot(abs / 8)] |= L::reg::width_mask << ((abs % 8) * 8);
    }
}

// Device: the device<> these tables are for (incomplete here: hooks are matched against it).
template <class Space, class Hooks, class Device>
struct device_tables {
    using u64 = std::uint64_t;
    // The state's slots (detail::lane_map: every lane of a small space, the covered ones of a
    // large sparse one); every per-lane table below is per slot.
    using map = lane_map<Space>;
    static constexpr std::size_t slot_count = map::slot_count;
    static constexpr const auto& model = model_of<Space>;
    using regs_list = typename Space::registers;

    // Registers with a read hook; with a write hook, filter, rule or action: the device's folds
    // run over these lists and call a function of one register (see detail/type_list.hpp).
    // Without hooks the device type is not named per register: its name holds the space's, which
    // for a space given as an alias of space<...> spells every register (docs/performance.md).
    using probe = std::conditional_t<parts_of<Hooks>::type::size == 0, void, Device>;
    template <class L>
    struct read_selected : std::bool_constant<hooks_on<Hooks, L, probe>::read> {};
    template <class L>
    struct write_selected : std::bool_constant<hooks_on<Hooks, L, probe>::filter || hooks_on<Hooks, L, probe>::write ||
                                               L::reg::has_rule || L::reg::has_action> {};
    using read_hooked_regs = typename filter<read_selected, regs_list>::type;
    using write_hooked_regs = typename filter<write_selected, regs_list>::type;
    using action_regs = typename filter<has_action, regs_list>::type;

    // Per lane: bits of registers that have a read hook / a write hook or filter.
    template <class List>
    static constexpr std::array<u64, slot_count> hooked_bits() {
        std::array<u64, slot_count> out{};
        []<class... L>(type_list<L...>, std::array<u64, slot_count>& o) {
            [[maybe_unused]] const int expand[] = {0, (mark_register_bits<Space, L>(o), 0)...};
        }(List{}, out);
        return out;
    }
    static constexpr std::array<u64, slot_count> read_hooked_lanes = hooked_bits<read_hooked_regs>();
    static constexpr std::array<u64, slot_count> write_hooked_lanes = hooked_bits<write_hooked_regs>();
    static constexpr bool any_read_hook = any_nonzero(read_hooked_lanes);
    static constexpr bool any_write_hook = any_nonzero(write_hooked_lanes);

    static constexpr bool any_action = action_regs::size > 0;
    static constexpr std::size_t used_lanes = lanes_in_use(model.lanes);

    // Per lane: bits whose write needs more than the masks (hooks, rules, actions, RW-L locks, or
    // every unmapped byte when unmapped bytes are forwarded).
    static constexpr std::array<u64, slot_count> slow_write_lanes = slow_write_bits(
        write_hooked_lanes, model.lanes, Space::unmapped_policy::value == unmapped_kind::forward);
    static constexpr bool any_slow_write = any_nonzero(slow_write_lanes);

    // Policies no register of the space uses cost nothing: their steps are compiled out.
    static constexpr bool any_lane(u64 lane_masks::*policy) {
        for (const lane_masks& m : model.lanes)
            if (m.*policy) return true;
        return false;
    }
    static constexpr bool has_w1c = any_lane(&lane_masks::w1c);
    static constexpr bool has_w1s = any_lane(&lane_masks::w1s);
    static constexpr bool has_w1t = any_lane(&lane_masks::w1t);
    static constexpr bool has_w0c = any_lane(&lane_masks::w0c);
    static constexpr bool has_w0s = any_lane(&lane_masks::w0s);
    static constexpr bool has_rc = any_lane(&lane_masks::rc);
    static constexpr bool has_wo = any_lane(&lane_masks::wo);
    static constexpr bool has_rwo = any_lane(&lane_masks::rwo);

    // The byte mask of an access of each size; 0 for sizes the space does not take (1, 2, 4, and
    // 8 in a max_access<8> space are valid).
    static constexpr std::array<u64, 9> size_masks = {0, 0xff, 0xffff, 0, 0xffff'ffff, 0, 0, 0,
                                                      Space::max_access_size >= 8 ? ~u64{0} : 0};
    // The same sizes as a bit mask (bit s: size s), so that the size check is a constant's test
    // and not a load from the table.
    static constexpr unsigned valid_sizes = [] {
        unsigned m = 0;
        for (unsigned s = 1; s <= 8; ++s)
            if (size_masks[s]) m |= 1u << s;
        return m;
    }();
};

}  // namespace regspace::detail

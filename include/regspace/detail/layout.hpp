// SPDX-License-Identifier: MIT
// regspace/detail/layout.hpp - the folded, word-wide model of a space.
//
// The space is cut into 8-byte lanes (byte i of a lane is bits 8i..8i+7, whatever the host's
// endianness). For every lane the model holds one 64-bit mask per behaviour, so a guest access of
// any size and alignment touches at most two lanes and is answered with a handful of AND/OR
// operations: no per-byte loop, no run-time register list.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

#include <regspace/access.hpp>
#include <regspace/detail/bits.hpp>
#include <regspace/detail/type_list.hpp>

namespace regspace::detail {

enum class unmapped_kind : std::uint8_t { zero, ones, forward };

using u64 = std::uint64_t;

// One mask per question the handler asks of a bit, filled from access::table (reg_desc_of).
struct lane_masks {
    u64 mapped = 0;    // bytes some register covers (reserved bits included)
    u64 writable = 0;  // write: stored, stored_once (until spent), stored_unless_locked (unlocked)
    u64 w1c = 0;       // write: one_clears
    u64 w1s = 0;       // write: one_sets
    u64 w1t = 0;       // write: one_toggles
    u64 w0c = 0;       // write: zero_clears
    u64 w0s = 0;       // write: zero_sets
    u64 rc = 0;        // read_clears
    u64 wo = 0;        // reads_zero
    u64 rwo = 0;       // write: stored_once
    u64 keep = 0;      // kept_on_warm_reset
    u64 lockable = 0;  // write: stored_unless_locked (a lock rule names the lock)
};

// RW-L: bits `mask` of slot `lane` are read-only while (slot `lock_lane` & `lock_mask`) != 0
// (slots: lane_map below).
struct lock_rule {
    std::uint32_t lane = 0;
    u64 mask = 0;
    std::uint32_t lock_lane = 0;
    u64 lock_mask = 0;
};

template <std::size_t Lanes, std::size_t Locks>
struct folded_model {
    std::array<lane_masks, Lanes> lanes{};
    std::array<u64, Lanes> reset{};
    std::array<lock_rule, (Locks ? Locks : 1)> locks{};
    std::size_t lock_count = Locks;
};

// Byte-enable mask (in lane bits) for `size` bytes starting at bit `shift`.
[[nodiscard]] constexpr u64 byte_mask(unsigned size, unsigned shift) noexcept {
    // Written out, not through all_ones(): the same arithmetic, but GCC 12 emits more for the call
    // on the guest path (measured with benchmarks/instructions.sh, as in device::read).
    const u64 m = size >= 8 ? ~u64{0} : (u64{1} << (size * 8)) - 1;
    return shift >= 64 ? 0 : m << shift;
}

// Finds register `name` among the located registers and field `fname` in it; returns the
// absolute offset of the register (element 0) and the field mask, or found = false.
struct field_ref {
    bool found = false;
    unsigned offset = 0;
    u64 mask = 0;
};

// Lock fields are looked up in the same placement first (element e of a repeat<> is locked by
// element e's lock), then anywhere in the space: two copies of a block each obey their own lock.
template <class Located, class Placement>
constexpr void find_field_in(field_ref& out, std::string_view rname, std::string_view fname,
                             unsigned element, bool same_placement_only) {
    using R = typename Located::reg;
    if (out.found || R::name.view() != rname) return;
    constexpr bool same = std::is_same_v<typename Located::placement, Placement>;
    if (same_placement_only && !same) return;
    const unsigned offset =
        (same && element < Located::count) ? Located::offset + element * Located::stride : Located::offset;
    [&]<class... F>(type_list<F...>) {
        (((!out.found && F::name.view() == fname) ? (out = field_ref{true, offset, F::mask}, 0) : 0), ...);
    }(typename R::fields{});
}

template <class Space, class Placement = void>
constexpr field_ref find_field(std::string_view rname, std::string_view fname, unsigned element = 0) {
    field_ref r{};
    [&]<class... L>(type_list<L...>) {
        [[maybe_unused]] const int same[] = {0, (find_field_in<L, Placement>(r, rname, fname, element, true), 0)...};
        [[maybe_unused]] const int any[] = {0, (find_field_in<L, Placement>(r, rname, fname, element, false), 0)...};
    }(typename Space::registers{});
    return r;
}

// The RW-L bits of slot `lane` that a write cannot change in state `lanes`: those whose lock
// field is set. The one place the lock rules are applied: by device<> to every write (sampled
// before it stores anything), and by explain_write to say which written bits a lock kept.
template <class Model, std::size_t N>
[[nodiscard]] constexpr u64 locked_bits(const Model& m, const std::array<u64, N>& lanes, unsigned lane) noexcept {
    u64 locked = 0;
    for (std::size_t i = 0; i < m.lock_count; ++i) {
        const lock_rule& r = m.locks[i];
        if (r.lane == lane && (lanes[r.lock_lane] & r.lock_mask)) locked |= r.mask;
    }
    return locked;
}

template <class Located>
constexpr std::size_t lock_fields_of() {
    std::size_t n = 0;
    [&]<class... F>(type_list<F...>) {
        ((n += F::kind == access::kind::rw_lock ? 1 : 0), ...);
    }(typename Located::reg::fields{});
    return n * Located::count;
}

template <class Located>
struct has_lock_fields : std::bool_constant<(lock_fields_of<Located>() > 0)> {};

template <class Space>
constexpr std::size_t count_lock_rules() {
    return []<class... L>(type_list<L...>) {
        return sum_of(std::array<std::size_t, sizeof...(L)>{lock_fields_of<L>()...});
    }(typename Space::registers{});
}

// A located register as plain values: what the space-wide computations (the folded model, the
// overlap and duplicate-name rules) need, gathered once per register by reg_desc_of<L>() and laid
// out in one array per space, that loops run over (no closure per register: see
// detail/type_list.hpp).
struct reg_desc {
    std::uint64_t offset64 = 0;  // element 0
    unsigned bytes = 0, count = 1, stride = 0, group = 0;
    std::string_view name;
    u64 width_mask = 0, reset = 0, data = 0;  // data: bits that hold a value (not reserved)
    // register-relative bits of each policy
    u64 writable = 0, w1c = 0, w1s = 0, w1t = 0, w0c = 0, w0s = 0, rc = 0, wo = 0, rwo = 0, keep = 0, lockable = 0;
    u64 strobe = 0;  // write: triggers (not stored: outside `data`)
};

// A register's bits by what their policies do (access::table): one fold over its fields per
// question, each asked with a value, not a closure.
template <class Fields>
struct policy_masks;
template <class... F>
struct policy_masks<type_list<F...>> {
    static constexpr u64 writing([[maybe_unused]] access::write_effect w) noexcept {
        return (u64{0} | ... | (access::semantics_of(F::kind).write == w ? F::mask : u64{0}));
    }
    static constexpr u64 where([[maybe_unused]] bool access::semantics::*flag) noexcept {
        return (u64{0} | ... | (access::semantics_of(F::kind).*flag ? F::mask : u64{0}));
    }
};

template <class L>
constexpr reg_desc reg_desc_of() {
    using R = typename L::reg;
    using P = policy_masks<typename R::fields>;
    using w = access::write_effect;
    using s = access::semantics;
    const u64 wm = R::width_mask;
    reg_desc d;
    d.offset64 = L::offset64;
    d.bytes = R::bytes;
    d.count = L::count;
    d.stride = L::stride;
    d.group = L::group;
    d.name = R::name.view();
    d.width_mask = wm;
    d.reset = R::reset_value & wm;
    d.data = R::data_mask & wm;
    // Stored by a write, unless spent (RWO) or locked (RW-L): the device applies those at run time.
    d.writable = (P::writing(w::stored) | P::writing(w::stored_once) | P::writing(w::stored_unless_locked)) & wm;
    d.w1c = P::writing(w::one_clears) & wm;
    d.w1s = P::writing(w::one_sets) & wm;
    d.w1t = P::writing(w::one_toggles) & wm;
    d.w0c = P::writing(w::zero_clears) & wm;
    d.w0s = P::writing(w::zero_sets) & wm;
    d.strobe = P::writing(w::triggers) & wm;
    d.rc = P::where(&s::read_clears) & wm;
    d.wo = P::where(&s::reads_zero) & wm;
    d.rwo = P::writing(w::stored_once) & wm;
    d.keep = P::where(&s::kept_on_warm_reset) & wm;
    d.lockable = P::writing(w::stored_unless_locked) & wm;
    return d;
}

template <class Regs>
struct reg_table;
template <class... L>
struct reg_table<type_list<L...>> {
    static constexpr std::array<reg_desc, sizeof...(L)> value{reg_desc_of<L>()...};
    static constexpr std::size_t elements =  // repeat<> elements counted out
        sum_of(std::array<std::size_t, sizeof...(L)>{std::size_t{L::count}...});
};

// ---- which lanes a device stores ----------------------------------------------------------------
// A small space (configuration space: 4 KiB, 512 lanes) is stored densely: slot = lane, every
// access indexes its lane directly. A large space with few registers (an MMIO bank: a 1 MiB BAR
// with 32 registers) stores only the lanes its registers cover, sorted, plus one last slot whose
// masks are all 0 that every other lane maps to: reads of it are unmapped, writes to it change
// nothing. State, masks and tables then grow with the registers, not with the bytes, and the
// rest of the handler is the same code over slots instead of lanes.

// The distinct lanes register elements cover, sorted (at most two per element).
template <std::size_t N>
struct lane_list {
    std::array<std::uint32_t, N> lanes{};
    std::size_t count = 0;
};
template <std::size_t N, std::size_t M>
constexpr lane_list<N> covered_lanes(const std::array<reg_desc, M>& table, std::uint64_t space_size) {
    lane_list<N> out;
    for (const reg_desc& r : table)
        for (unsigned e = 0; e < r.count; ++e) {
            const std::uint64_t abs = r.offset64 + std::uint64_t{e} * r.stride;
            if (abs + r.bytes > space_size) continue;  // reported by check_space
            out.lanes[out.count++] = static_cast<std::uint32_t>(abs / 8);
            if ((abs + r.bytes - 1) / 8 != abs / 8) out.lanes[out.count++] = static_cast<std::uint32_t>(abs / 8 + 1);
        }
    std::sort(out.lanes.begin(), out.lanes.begin() + static_cast<std::ptrdiff_t>(out.count));
    const auto end = std::unique(out.lanes.begin(), out.lanes.begin() + static_cast<std::ptrdiff_t>(out.count));
    out.count = static_cast<std::size_t>(end - out.lanes.begin());
    return out;
}
// Runs of consecutive covered lanes (an MSI-X table is one run, a register bank a few): a lookup
// tests runs, not lanes. `first` is the run's first lane, `slot` its first slot.
struct lane_run {
    std::uint32_t first = ~std::uint32_t{0}, length = 0, slot = 0;
};
template <std::size_t N>
constexpr std::size_t run_count(const lane_list<N>& l) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < l.count; ++i)
        if (i == 0 || l.lanes[i] != l.lanes[i - 1] + 1) ++n;
    return n;
}
// The runs, padded to `Size` entries with runs that start at ~0 (after every lane) and hold none.
template <std::size_t Size, std::size_t N>
constexpr std::array<lane_run, Size> runs_of(const lane_list<N>& l) {
    std::array<lane_run, Size> out{};
    std::size_t n = 0;
    for (std::size_t i = 0; i < l.count; ++i) {
        if (i == 0 || l.lanes[i] != l.lanes[i - 1] + 1) out[n++] = lane_run{l.lanes[i], 0, static_cast<std::uint32_t>(i)};
        ++out[n - 1].length;
    }
    return out;
}

// Runs of equal length at a constant power-of-two distance (the registers of a repeat<> of
// blocks: a queue's or a port's registers every 1000h) are one group: a lookup tests the group's
// span, then finds the run by a shift and the lane in it by a mask, instead of testing each run.
struct lane_group {
    std::uint32_t first = ~std::uint32_t{0}, length = 0, shift = 0, count = 0, slot = 0;
};
template <std::size_t N>
struct lane_groups {
    std::array<lane_group, N> group{};
    std::size_t count = 0;
};
template <std::size_t N, std::size_t Size>
constexpr lane_groups<N> groups_of(const std::array<lane_run, Size>& runs, std::size_t run_count) {
    lane_groups<N> out;
    for (std::size_t i = 0; i < run_count; ++i) {
        const lane_run& r = runs[i];
        if (out.count > 0) {
            lane_group& g = out.group[out.count - 1];
            const std::uint32_t distance = r.first - (g.first + ((g.count - 1) << g.shift));
            const bool same_step = g.count == 1 ? std::has_single_bit(distance) && distance > g.length
                                                : distance == (1u << g.shift);
            if (r.length == g.length && same_step) {
                if (g.count == 1) g.shift = static_cast<std::uint32_t>(std::countr_zero(distance));
                ++g.count;
                continue;
            }
        }
        out.group[out.count++] = lane_group{r.first, r.length, 0, 1, r.slot};
    }
    return out;
}

template <class Space>
struct lane_map {
    static constexpr std::size_t lane_count = Space::size / 8;
    using table = reg_table<typename Space::registers>;
    static constexpr std::size_t bound = 2 * table::elements;
    static constexpr lane_list<(bound ? bound : 1)> covered =
        covered_lanes<(bound ? bound : 1)>(table::value, Space::size);
    // Dense up to 4 KiB, and wherever registers cover a quarter of the lanes or more: there the
    // direct index costs less than the search and little more memory. A description may choose
    // (storage::dense, storage::sparse: space.hpp).
    static constexpr bool dense = Space::storage_choice == 1 ||
                                  (Space::storage_choice == 0 && (lane_count <= 512 || covered.count * 4 >= lane_count));
    static constexpr std::size_t slot_count = dense ? lane_count : covered.count + 1;
    static constexpr std::size_t nothing = slot_count - 1;  // sparse: the slot of every other lane
    static constexpr std::size_t runs = run_count(covered);
    static constexpr std::size_t search_size = std::bit_ceil(runs ? runs : std::size_t{1});
    static constexpr std::array<lane_run, search_size> run_table = runs_of<search_size>(covered);
    static constexpr lane_groups<search_size> grouped = groups_of<search_size>(run_table, runs);

    // The slot of a lane (the caller has checked lane < lane_count). Sparse: up to 8 groups of
    // runs are tested in turn (find_byte, below, at the lane's first byte: one lookup for both
    // paths); more runs are found by a branchless binary search over their first lanes (a fixed
    // number of steps, each a compare and a select).
    [[nodiscard]] static constexpr std::size_t slot(std::size_t lane) noexcept {
        if constexpr (dense) {
            return lane;
        } else if constexpr (grouped.count <= 8) {
            std::size_t b = 0;
            return find_byte(lane * 8, b) ? b / 8 : nothing;
        } else {
            std::size_t base = 0;
            for (std::size_t half = search_size / 2; half > 0; half /= 2)
                base = run_table[base + half].first <= lane ? base + half : base;
            const std::size_t d = lane - run_table[base].first;
            return d < run_table[base].length ? run_table[base].slot + d : nothing;
        }
    }
    // The same lookup by byte (the caller has checked offset < the space's size): whether a
    // register covers the lane of byte `offset`, and if so, in `b`, the index of that byte in the
    // slots' storage, slot * 8 + offset % 8. For the accesses done at their own width
    // (device::at_width), which index the state and the mask columns with it: dense, it is the
    // offset itself; sparse, each group's test works on bytes, so the lane and the byte in it are
    // never computed apart, and each test branches to the miss itself (as a slot compared with
    // `nothing` afterwards, it cost a compare more per access).
    [[nodiscard]] static constexpr bool find_byte(std::size_t offset, std::size_t& b) noexcept {
        if constexpr (dense) {
            b = offset;
            return true;
        } else if constexpr (grouped.count <= 8) {
            // Registers often cluster in a small part of a large BAR (the bank: the first 80
            // KiB of 1 MiB): where their span is a quarter of the space or less, one test of it
            // first turns the offsets outside away before any group's test (the bank: 23.62 ->
            // 21.23 instructions per access with GCC 12). Where the span is most of the space
            // (the MSI-X table and its PBA, half of 16 KiB) it would cost the hits 2 more.
            if constexpr (grouped.count >= 2 && (covered_end - covered_begin) * 4 <= lane_count * 8)
                if (offset - covered_begin >= covered_end - covered_begin) return false;
            // Group spans do not interleave (a run between two of a group's would have broken its
            // step), so the first span holding the offset decides.
            bool found = false;
            [&]<std::size_t... I>(std::index_sequence<I...>) { (void)(byte_in_group<I>(offset, b, found) || ...); }(
                std::make_index_sequence<grouped.count>{});
            return found;
        } else {
            const std::size_t s = slot(offset / 8);
            b = s * 8 + offset % 8;
            return s != nothing;
        }
    }
    // The bytes from the first covered lane to the end of the last.
    static constexpr std::size_t covered_begin = grouped.count ? std::size_t{grouped.group[0].first} * 8 : 0;
    static constexpr std::size_t covered_end = [] {
        if (grouped.count == 0) return std::size_t{0};
        const lane_group& g = grouped.group[grouped.count - 1];
        return (std::size_t{g.first} + (std::size_t{g.count - 1} << g.shift) + g.length) * 8;
    }();
    // find_byte as a value: the byte's index, or nothing * 8.
    [[nodiscard]] static constexpr std::size_t byte_slot(std::size_t offset) noexcept {
        std::size_t b = 0;
        return find_byte(offset, b) ? b : nothing * 8;
    }
    // Whether `offset` is in the span of group I; if so, whether a run holds it (`found`) and
    // its byte index (`b`). Each group's test is its own code with its bounds as constants: as a
    // loop over the table, GCC 12 kept the loop where a group has more than one run (the MSI-X
    // workload: 14 instructions more per access).
    template <std::size_t I>
    static constexpr bool byte_in_group(std::size_t offset, std::size_t& b, bool& found) noexcept {
        constexpr lane_group g = grouped.group[I];
        const std::size_t d = offset - std::size_t{g.first} * 8;  // wraps below the group
        if constexpr (g.count == 1) {
            if (d >= std::size_t{g.length} * 8) return false;
            b = std::size_t{g.slot} * 8 + d;
            found = true;
        } else {
            if (d >= ((std::size_t{g.count - 1} << g.shift) + g.length) * 8) return false;
            const std::size_t in_run = d & ((std::size_t{8} << g.shift) - 1);
            b = (g.slot + (d >> (g.shift + 3)) * g.length) * 8 + in_run;
            found = in_run < std::size_t{g.length} * 8;
        }
        return true;
    }
    // The lane a slot stores (the nothing slot: lane_count, past the end).
    [[nodiscard]] static constexpr std::size_t lane_of(std::size_t s) noexcept {
        if constexpr (dense) return s;
        else return s < covered.count ? covered.lanes[s] : lane_count;
    }
};

// Every register's bits in the lane masks, at their lanes' slots.
template <class Space, std::size_t N, class Model>
constexpr void fold_registers(Model& m, const std::array<reg_desc, N>& table) {
    using map = lane_map<Space>;
    for (const reg_desc& r : table) {
        for (unsigned e = 0; e < r.count; ++e) {
            const std::uint64_t abs64 = r.offset64 + std::uint64_t{e} * r.stride;
            if (abs64 + r.bytes > Space::size) continue;  // reported by check_space
            const auto abs = static_cast<unsigned>(abs64);
            const std::size_t lane = map::slot(abs / 8);
            const unsigned shift = (abs % 8) * 8;
            if (shift + r.bytes * 8 > 64) continue;  // misaligned: reported by check_space
            lane_masks& l = m.lanes[lane];
            l.mapped |= r.width_mask << shift;
            m.reset[lane] |= r.reset << shift;
            l.writable |= r.writable << shift;
            l.w1c |= r.w1c << shift;
            l.w1s |= r.w1s << shift;
            l.w1t |= r.w1t << shift;
            l.w0c |= r.w0c << shift;
            l.w0s |= r.w0s << shift;
            l.rc |= r.rc << shift;
            l.wo |= r.wo << shift;
            l.rwo |= r.rwo << shift;
            l.keep |= r.keep << shift;
            l.lockable |= r.lockable << shift;
        }
    }
}

// The lock rules of one register with RW-L fields (only those registers instantiate this).
template <class Space, class Located, class Model>
constexpr void add_lock_rules(Model& m, std::size_t& next_lock) {
    using R = typename Located::reg;
    for (unsigned e = 0; e < Located::count; ++e) {
        const std::uint64_t abs64 = Located::offset64 + std::uint64_t{e} * Located::stride;
        if (abs64 + R::bytes > Space::size) continue;
        const auto abs = static_cast<unsigned>(abs64);
        const unsigned shift = (abs % 8) * 8;
        if (shift + R::bytes * 8 > 64) continue;
        [&]<class... F>(type_list<F...>) {
            (([&] {
                 if constexpr (F::kind == access::kind::rw_lock) {
                     const u64 bits = (F::mask & R::width_mask) << shift;
                     const field_ref lk = find_field<Space, typename Located::placement>(
                         F::policy::lock_register.view(), F::policy::lock_field.view(), e);
                     using map = lane_map<Space>;
                     if (lk.found)
                         m.locks[next_lock++] = lock_rule{static_cast<std::uint32_t>(map::slot(abs / 8)), bits,
                                                          static_cast<std::uint32_t>(map::slot(lk.offset / 8)),
                                                          lk.mask << ((lk.offset % 8) * 8)};
                 }
             }()),
             ...);
        }(typename R::fields{});
    }
}

template <class Space>
constexpr auto build_model() {
    constexpr std::size_t locks = count_lock_rules<Space>();
    folded_model<lane_map<Space>::slot_count, locks> m{};
    std::size_t next_lock = 0;
    fold_registers<Space>(m, reg_table<typename Space::registers>::value);
    [&]<class... L>(type_list<L...>) {
        [[maybe_unused]] const int expand[] = {0, (add_lock_rules<Space, L>(m, next_lock), 0)...};
    }(typename filter<has_lock_fields, typename Space::registers>::type{});
    m.lock_count = next_lock;
    return m;
}

template <class Space>
inline constexpr auto model_of = build_model<Space>();

}  // namespace regspace::detail

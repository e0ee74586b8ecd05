// SPDX-License-Identifier: MIT
// regspace/device.hpp - one instance of a space: its state, the guest-side handler and the
// device-side typed access.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>
#include <type_traits>

#include <regspace/detail/bits.hpp>
#include <regspace/detail/checks.hpp>
#include <regspace/detail/device_tables.hpp>
#include <regspace/detail/diagnostic.hpp>
#include <regspace/detail/hook_calls.hpp>
#include <regspace/detail/layout.hpp>
#include <regspace/detail/locate.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/fixed_string.hpp>
#include <regspace/hooks.hpp>
#include <regspace/observer.hpp>
#include <regspace/space.hpp>

// The guest path's per-access bodies (read_checked, write_checked). Clang 14 and 16 do not inline
// them into read()/write() on their own (a tail call per access) and spend 4-10 instructions more
// per access on the MCH and NIC workloads than when they do; GCC 12 inlines them itself where it
// pays, and forced to inline everywhere it loses 30 instructions per access on the 1 MiB bank
// (benchmarks/instructions.sh, both measured). So only Clang is told.
#if defined(__clang__)
#define REGSPACE_DETAIL_GUEST_PATH [[gnu::always_inline]]
#else
#define REGSPACE_DETAIL_GUEST_PATH
#endif

namespace regspace {

// Outcome of the last guest access, for the caller (a bus, a trace, a test) to inspect.
enum class access_status : std::uint8_t {
    ok,
    bad_size,     // size not 1, 2, 4 (or 8 in a max_access<8> space): read all-ones, write dropped
    out_of_range, // offset past the end, or the access crosses it: read all-ones, write dropped
    size_refused  // a size rule of the description (accepts<>, range_accepts<>) does not take this
                  // size or alignment here: read all-ones (or 0, as the rule says), write dropped
};

// Unmapped bytes of an unmapped::forward space go to the fallback. It sees the whole access and
// the mask of the bytes it owns (bit 8i..8i+7 set = byte i of the access is its).
struct no_fallback {
    constexpr std::uint64_t read(unsigned, unsigned) const noexcept { return 0; }
    constexpr void write(unsigned, unsigned, std::uint64_t, std::uint64_t) const noexcept {}
};

namespace detail {
struct device_access;  // below: the state for the library's own layers (snapshot, explain)
}  // namespace detail

// One instance of a space. Guest side: read/write at any offset and size, with every policy, hook,
// rule and action applied; typed read<R>/write<R>. Device side: get/set of registers and fields
// with no policy at all, reset values, reset(kind). What the guest path computes at compile time
// is in detail/device_tables.hpp; the hook calls are in detail/hook_calls.hpp.
template <class SpaceArg, class Hooks = no_hooks, class Fallback = no_fallback>
class device {
    static_assert(detail::reported(detail::device_takes_a_space<SpaceArg, is_space<SpaceArg>::value>()));
    // Past that one error, a device of something else is a device of an empty space.
    using Space = std::conditional_t<is_space<SpaceArg>::value, SpaceArg, space<"(not a space)", 8>>;
    // Checking the space reports the first broken rule itself, naming its register and field;
    // asserting the result here would only add a second error after it.
    static constexpr bool valid = detail::check_space<Space>::value;
    static_assert(valid || !valid);  // evaluates the check (a static member is instantiated on use)

    using u64 = std::uint64_t;
    using tables = detail::device_tables<Space, Hooks, device>;
    // The hooks type's binding (hooks.hpp): each broken rule is reported by the check itself.
    static constexpr bool hooks_bound = detail::check_hooks<Hooks, device, typename Space::registers>::value;
    static_assert(hooks_bound || !hooks_bound);
    static constexpr bool notices_bound = detail::check_notified<Hooks, device>::value;
    static_assert(notices_bound || !notices_bound);
    using map = typename tables::map;

public:
    using space_type = Space;
    using hooks_type = Hooks;
    static constexpr std::size_t size = Space::size;
    static constexpr unsigned max_access = Space::max_access_size;

    constexpr device() : regs_(tables::model.reset), reset_(tables::model.reset) {}
    constexpr explicit device(Hooks hooks, Fallback fallback = Fallback{})
        : regs_(tables::model.reset), reset_(tables::model.reset), hooks_(std::move(hooks)), fallback_(std::move(fallback)) {}

    // ---- guest side ----------------------------------------------------------------------------

    [[nodiscard]] static constexpr bool valid_access(unsigned offset, unsigned size_) noexcept {
        return size_ok(size_) && std::uint64_t{offset} + size_ <= Space::size;
    }

    // A guest read of `size_` bytes at `offset` (any alignment). Bytes are little-endian: byte
    // offset+i is bits 8i..8i+7 of the result.
    constexpr u64 read(unsigned offset, unsigned size_) {
        if (admitted<false>(offset, size_)) [[likely]] {
            status_ = access_status::ok;
            return read_checked(offset, size_);
        }
        // Where accesses go at their own width the guest path is small, and the refusal inline
        // costs it nothing (msix_mask GCC 12 -1.3 instructions per access); on the lane path it
        // made the MCH and NIC rows 1.2-1.4 dearer, so there it is a call.
        if constexpr (narrow<false>) return refused_read_value(offset, size_);
        else return read_refused(offset, size_);
    }

    constexpr void write(unsigned offset, unsigned size_, u64 value) {
        if (admitted<true>(offset, size_)) [[likely]] {
            status_ = access_status::ok;
            write_checked(offset, size_, value);
        } else {
            refuse(offset, size_, true);
        }
    }

    // What a guest read would return, without its side effects: no read-clear, no hooks, no
    // fallback, no status, and no size rule (any size the space takes). For dumps, traces and
    // debuggers. Invalid accesses read all-ones.
    [[nodiscard]] constexpr u64 peek(unsigned offset, unsigned size_) const noexcept {
        if (!valid_access(offset, size_)) return detail::byte_mask(size_ > 8 ? 8 : size_, 0);
        const unsigned lane = offset / 8;
        const unsigned shift = (offset % 8) * 8;
        const bool spans = shift + size_ * 8 > 64;
        const u64 lo = peek_lane(map::slot(lane), detail::byte_mask(size_, shift)) >> shift;
        const u64 hi =
            spans ? peek_lane(map::slot(lane + 1), detail::byte_mask(size_, 0) >> (64 - shift)) << (64 - shift) : 0;
        return lo | hi;
    }

    [[nodiscard]] constexpr access_status last_status() const noexcept { return status_; }
    [[nodiscard]] constexpr u64 invalid_accesses() const noexcept { return invalid_count_; }

    // Typed guest access to one register: the policies, hooks, rules and actions of a guest
    // read/write at its offset, with the offset and size known at compile time so the masks fold
    // to constants. It is the device's own access of the register's width, so size rules do not
    // apply and last_status() is left alone; a piecewise register wider than the space's largest
    // access is accessed in pieces of that size, as the guest would.
    template <class R>
    constexpr typename R::value_type read(unsigned index = 0) {
        using L = locate<R>;
        if (index >= L::count) return static_cast<typename R::value_type>(~u64{0});
        const unsigned at = L::offset + index * L::stride;
        if constexpr (R::bytes > max_access) {
            u64 v = 0;
            for (unsigned i = 0; i < R::bytes; i += max_access) v |= read_checked(at + i, max_access) << (8 * i);
            return static_cast<typename R::value_type>(v);
        } else {
            return static_cast<typename R::value_type>(read_checked(at, R::bytes));
        }
    }
    template <class R>
    constexpr void write(typename R::value_type value, unsigned index = 0) {
        using L = locate<R>;
        if (index >= L::count) return;
        if constexpr (R::bytes > max_access) {
            const unsigned at = L::offset + index * L::stride;
            for (unsigned i = 0; i < R::bytes; i += max_access)
                write_checked(at + i, max_access, (u64{value} >> (8 * i)) & detail::byte_mask(max_access, 0));
            return;
        }
        if constexpr (L::count == 1 && std::endian::native == std::endian::little) {
            // A register with only the configuration-space mask policies (no hook, rule, action,
            // lock, write-once, toggle or write-0 bit) is written at its own width with the masks
            // as constants: what a hand-written handler for that register is (tests/codegen
            // checks it). The others take the general path below.
            constexpr std::size_t lane = map::slot(L::offset / 8);
            constexpr unsigned sh = (L::offset % 8) * 8;
            constexpr u64 rmask = R::width_mask << sh;
            constexpr detail::lane_masks m = tables::model.lanes[lane];
            if constexpr (!((tables::slow_write_lanes[lane] | m.rwo | m.w1t | m.w0c | m.w0s) & rmask)) {
                if (!std::is_constant_evaluated()) {
                    using T = typename R::value_type;
                    constexpr T w = static_cast<T>(m.writable >> sh), c = static_cast<T>(m.w1c >> sh),
                                s = static_cast<T>(m.w1s >> sh);
                    constexpr std::size_t at = lane * 8 + L::offset % 8;
                    T cur = part<T>(regs_, at);
                    cur = static_cast<T>((cur & ~w) | (value & w));
                    if constexpr (c != 0) cur = static_cast<T>(cur & ~(value & c));
                    if constexpr (s != 0) cur = static_cast<T>(cur | (value & s));
                    put<T>(regs_, at, cur);
                    return;
                }
            }
        }
        write_checked(L::offset + index * L::stride, R::bytes, value);
    }

    // ---- device side: direct access, no policy, no hooks ----------------------------------------

    template <class R>
    [[nodiscard]] constexpr typename R::value_type get(unsigned index = 0) const noexcept {
        using L = locate<R>;
        if (index >= L::count) return 0;
        const unsigned abs = L::offset + index * L::stride;
        const std::size_t slot = map::slot(abs / 8);
        if constexpr (std::endian::native == std::endian::little) {
            if (!std::is_constant_evaluated())  // a load of the register's width (see store_bits)
                return part<typename R::value_type>(regs_, slot * 8 + abs % 8);
        }
        return static_cast<typename R::value_type>(regs_[slot] >> ((abs % 8) * 8));
    }
    // Stores the register's data bits (declared, non-reserved fields); reserved bits stay 0.
    template <class R>
    constexpr void set(typename R::value_type value, unsigned index = 0) noexcept {
        store_bits<R>(regs_, R::data_mask, value, index);
    }
    template <class R, fixed_string Field>
    [[nodiscard]] constexpr u64 get(unsigned index = 0) const noexcept {
        using F = detail::field_named<R, Field>;
        return detail::extract<F::lsb, F::width>(get<R>(index));
    }
    template <class R, fixed_string Field>
    constexpr void set(u64 value, unsigned index = 0) noexcept {
        using F = detail::field_named<R, Field>;
        store_bits<R>(regs_, F::mask & R::data_mask, (value & F::value_mask) << F::lsb, index);
    }

    // The power-on value of a register or field (board straps, machine configuration): what a
    // reset restores. Changing it does not change the current value.
    template <class R>
    constexpr void set_reset_value(typename R::value_type value, unsigned index = 0) noexcept {
        store_bits<R>(reset_, R::data_mask, value, index);
    }
    template <class R, fixed_string Field>
    constexpr void set_reset_value(u64 value, unsigned index = 0) noexcept {
        using F = detail::field_named<R, Field>;
        store_bits<R>(reset_, F::mask & R::data_mask, (value & F::value_mask) << F::lsb, index);
    }

    // ---- reset ---------------------------------------------------------------------------------

    constexpr void reset(reset_kind kind) {
        // Lanes past the last register never change (guest writes there are dropped or
        // forwarded), so a reset stops at used_lanes: a 4 KiB space with 300 bytes of registers
        // resets 40 lanes, not 512 (an FLR is on the guest's path).
        if (kind == reset_kind::cold) {
            for (std::size_t l = 0; l < tables::used_lanes; ++l) regs_[l] = reset_[l];
            if constexpr (tables::has_rwo) rwo_used_ = {};
        } else {
            for (std::size_t l = 0; l < tables::used_lanes; ++l) {
                const u64 keep = tables::model.lanes[l].keep;
                regs_[l] = (regs_[l] & keep) | (reset_[l] & ~keep);
            }
        }
        // Device logic that follows a reset (e.g. SR-IOV: VFs vanish when VF Enable is reset).
        // Only registers with an action instantiate call_reset_action (tables::action_regs).
        if constexpr (tables::any_action) {
            []<class... L>(detail::type_list<L...>, device& self, reset_kind k) {
                [[maybe_unused]] const int expand[] = {0, (detail::call_reset_action<L>(self, k), 0)...};
            }(typename tables::action_regs{}, *this, kind);
        }
        detail::call_reset_hooks(hooks_, *this, kind);
    }

    [[nodiscard]] constexpr Hooks& hooks() noexcept { return hooks_; }
    [[nodiscard]] constexpr const Hooks& hooks() const noexcept { return hooks_; }
    [[nodiscard]] constexpr Fallback& fallback() noexcept { return fallback_; }

private:
    friend struct detail::device_access;

    REGSPACE_DETAIL_GUEST_PATH constexpr u64 read_checked(unsigned offset, unsigned size_) {
        if constexpr (narrow<false>) {
            u64 value = 0;
            if (!std::is_constant_evaluated() && by_width<false>(offset, size_, value)) return value;
        }
        return read_lanes(offset, size_);
    }
    REGSPACE_DETAIL_GUEST_PATH constexpr u64 read_lanes(unsigned offset, unsigned size_) {
        const unsigned lane = offset / 8;
        const unsigned shift = (offset % 8) * 8;
        const bool spans = crosses_lane<false>(shift, size_);
        const u64 am = access_mask(size_);
        const std::size_t s0 = map::slot(lane);
        // The common case inline: one lane, no read hook there, nothing forwarded.
        if constexpr (Space::unmapped_policy::value != detail::unmapped_kind::forward) {
            if (!spans) [[likely]] {
                // A lane no register covers (most of a large sparse bank) holds nothing and runs
                // nothing: what an unmapped byte reads, without touching the state.
                if constexpr (!map::dense)
                    if (s0 == map::nothing)
                        return Space::unmapped_policy::value == detail::unmapped_kind::ones ? am : 0;
                const u64 be = am << shift;
                if (!tables::any_read_hook || !(be & tables::read_hooked_lanes[s0])) [[likely]] {
                    const u64 part = peek_lane(s0, be);
                    clear_on_read(s0, be);
                    return part >> shift;
                }
            }
        }
        return read_slow(offset, size_, lane, shift, spans, am);
    }

    [[gnu::noinline]] constexpr u64 read_slow(unsigned offset, unsigned size_, unsigned lane, unsigned shift,
                                              bool spans, u64 am) {
        // The access's two lanes and their slots (the second only when it spans).
        const std::size_t s[2] = {map::slot(lane), spans ? map::slot(lane + 1) : map::slot(lane)};
        u64 be[2] = {am << shift, spans ? am >> (64 - shift) : 0};
        u64 part[2] = {peek_lane(s[0], be[0]), spans ? peek_lane(s[1], be[1]) : 0};
        if constexpr (tables::any_read_hook) {
            if ((be[0] & tables::read_hooked_lanes[s[0]]) || (spans && (be[1] & tables::read_hooked_lanes[s[1]])))
                run_read_hooks(lane, s, be, part);
        }
        clear_on_read(s[0], be[0]);
        if (spans) clear_on_read(s[1], be[1]);
        u64 value = (part[0] >> shift) | (spans ? part[1] << (64 - shift) : 0);
        if constexpr (Space::unmapped_policy::value == detail::unmapped_kind::forward) {
            const u64 um = unmapped_in(s, shift, spans, be);
            if (um) {
                // A fallback that takes the mask of the bytes it answers for gets it (and may then
                // leave the others, and their read side effects, alone).
                u64 fb = 0;
                if constexpr (requires { fallback_.read(offset, size_, um); }) fb = fallback_.read(offset, size_, um);
                else fb = fallback_.read(offset, size_);
                notify(device_logic::fallback_read, offset, um, fb & um);
                value = (value & ~um) | (fb & um);
            }
        }
        return value;
    }

    // Across: whether an access crossing into the next lane goes to write_across; the C ABI's
    // entry (write_with_status) sends it to write_slow, which cost its enumerate workloads 2.6
    // instructions per access less (GCC 12, the C ABI table of benchmarks/instructions.sh).
    template <bool Across = true>
    REGSPACE_DETAIL_GUEST_PATH constexpr void write_checked(unsigned offset, unsigned size_, u64 value) {
        if constexpr (narrow<true>) {
            if (!std::is_constant_evaluated() && by_width<true>(offset, size_, value)) return;
        }
        const u64 am = access_mask(size_);
        value &= am;
        const unsigned lane = offset / 8;
        const unsigned shift = (offset % 8) * 8;
        const bool spans = crosses_lane<true>(shift, size_);
        const std::size_t s0 = map::slot(lane);
        // The common case, kept small enough to inline: one lane, no byte of a register with a
        // hook, a rule or an action, no RW-L bit, nothing forwarded. The rest goes out of line.
        if (!spans) [[likely]] {
            if constexpr (!map::dense && Space::unmapped_policy::value != detail::unmapped_kind::forward)
                if (s0 == map::nothing) return;  // no register there: the write is dropped
            const u64 be = am << shift;
            if (!tables::any_slow_write || !(be & tables::slow_write_lanes[s0])) [[likely]] {
                store_lane_bits(s0, be, value << shift, 0);
                return;
            }
        }
        if (!spans) write_in_lane(offset, size_, value);
        else if (Across) write_across(offset, size_, value, am);
        else write_slow(offset, size_, value);
    }
    // An access that crosses into the next lane, with only mask policies in both: stored here,
    // the rest to write_slow. Out of line: inline, it made every write save and restore the
    // registers this path needs (Clang 14: three pushes and pops on each MCH write), which cost
    // more than the call on the accesses that cross (benchmarks/instructions.sh, 2026-12-03:
    // enumerate/mch GCC 12 46.77 -> 45.70, Clang 14 51.03 -> 48.39 instructions per access).
    [[gnu::noinline]] constexpr void write_across(unsigned offset, unsigned size_, u64 value, u64 am) {
        const unsigned lane = offset / 8, shift = (offset % 8) * 8;
        const std::size_t s0 = map::slot(lane), s1 = map::slot(lane + 1);
        const u64 be0 = am << shift, be1 = am >> (64 - shift);
        if (!tables::any_slow_write || !((be0 & tables::slow_write_lanes[s0]) | (be1 & tables::slow_write_lanes[s1]))) {
            store_lane_bits(s0, be0, value << shift, 0);
            store_lane_bits(s1, be1, value >> (64 - shift), 0);
            return;
        }
        write_slow(offset, size_, value);
    }

    // ---- accesses at their own width -------------------------------------------------------
    // Where every access the guest path takes is naturally aligned (a size rule over the whole
    // space: an MMIO bank, the MSI-X table), each lies in one lane at a constant width, so it is
    // done as a hand-written handler does it: a load or store of that width at its byte of the
    // lane, and the policy masks loaded at that width too, with no byte enables and no shifts
    // (the lane path builds both from the offset: 4-8 instructions per access). Same masks, same
    // order, so the same answers (the differential tests run both paths against the reference).
    // Not in constant evaluation (memcpy of part of a lane), nor on big-endian hosts.
    // (narrow<Write>, below with admitted(): whether this path is taken.)

    // Bytes [at, at + sizeof(T)) of an array of lanes (the state or a mask column), at byte index
    // `at` = slot * 8 + byte in the lane (what map::find_byte gives): the loads and stores at a
    // register's or an access's own width, here and in get, set and typed write<R>.
    template <class T, std::size_t N>
    static T part(const std::array<u64, N>& lanes, std::size_t at) noexcept {
        T t;
        std::memcpy(&t, reinterpret_cast<const unsigned char*>(lanes.data()) + at, sizeof(T));
        return t;
    }
    template <class T, std::size_t N>
    static void put(std::array<u64, N>& lanes, std::size_t at, T t) noexcept {
        std::memcpy(reinterpret_cast<unsigned char*>(lanes.data()) + at, &t, sizeof(T));
    }
    // The policy masks of every slot as arrays indexed like the state (one index register serves
    // the state and every mask), all in one object, so their addresses are a base and offsets
    // (as separate objects, GCC 12 computed three addresses on each of the bank's writes; now
    // two). A policy no register uses has an empty column.
    struct mask_columns {
        template <bool Used>
        using col = std::array<u64, Used ? tables::slot_count : 0>;
        col<true> writable;
        col<tables::has_w1c> w1c;
        col<tables::has_w1s> stored_or_set;  // writable | w1s: where a 1 written lands (no RWO bit)
        col<tables::has_w1s> w1s;
        col<tables::has_w1t> w1t;
        col<tables::has_w0c> w0c;
        col<tables::has_w0s> w0s;
        col<tables::has_rc> rc;
        col<tables::has_wo> wo;
        col<tables::has_rwo> rwo;
        col<Space::unmapped_policy::value == detail::unmapped_kind::ones> mapped;
    };
    static constexpr mask_columns columns = [] {
        mask_columns c{};
        const auto fill = [](auto& col, u64 detail::lane_masks::*mask) {
            for (std::size_t i = 0; i < col.size(); ++i) col[i] = tables::model.lanes[i].*mask;
        };
        using m = detail::lane_masks;
        fill(c.writable, &m::writable), fill(c.w1c, &m::w1c), fill(c.w1s, &m::w1s), fill(c.w1t, &m::w1t);
        fill(c.w0c, &m::w0c), fill(c.w0s, &m::w0s), fill(c.rc, &m::rc), fill(c.wo, &m::wo), fill(c.rwo, &m::rwo);
        fill(c.mapped, &m::mapped);
        for (std::size_t i = 0; i < c.stored_or_set.size(); ++i)
            c.stored_or_set[i] = tables::model.lanes[i].writable | tables::model.lanes[i].w1s;
        return c;
    }();
    // What at_width's write relies on; a template, so that only the devices taking that path
    // evaluate it.
    template <class = void>
    static constexpr bool masks_disjoint = [] {
        for (const detail::lane_masks& l : tables::model.lanes)
            if ((l.writable & l.w1c) | (l.writable & l.w1s) | (l.w1c & l.w1s)) return false;
        return true;
    }();
    template <unsigned Size>
    using width_t = std::conditional_t<Size == 1, std::uint8_t, std::conditional_t<Size == 2, std::uint16_t,
                    std::conditional_t<Size == 4, std::uint32_t, std::uint64_t>>>;
    // An access of one of the admitted sizes, done at its width (a read's result in `value`):
    // true; false for another size (a typed access of a register wider than the space's accesses),
    // which the lane path does. Inlined after admitted(), the size tests fold.
    template <bool Write>
    REGSPACE_DETAIL_GUEST_PATH bool by_width(unsigned offset, unsigned size_, u64& value) {
        return (width_if<Write, 1>(offset, size_, value) || width_if<Write, 2>(offset, size_, value) ||
                width_if<Write, 4>(offset, size_, value) || width_if<Write, 8>(offset, size_, value));
    }
    template <bool Write, unsigned Size>
    REGSPACE_DETAIL_GUEST_PATH bool width_if(unsigned offset, unsigned size_, u64& value) {
        if constexpr ((admitted_sizes<Write> >> Size) & 1u) return size_ == Size && at_width<Write, Size>(offset, value);
        else return false;
    }
    template <bool Write, unsigned Size>
    REGSPACE_DETAIL_GUEST_PATH bool at_width(unsigned offset, u64& value) {
        using T = width_t<Size>;
        std::size_t at = 0;
        if (!map::find_byte(offset, at)) {  // no register there
            if constexpr (!Write) value = Space::unmapped_policy::value == detail::unmapped_kind::ones ? access_mask(Size) : 0;
            return true;
        }
        if constexpr (!Write) {
            if (tables::any_read_hook && part<T>(tables::read_hooked_lanes, at)) [[unlikely]] {
                value = read_slow(offset, Size, offset / 8, (offset % 8) * 8, false, access_mask(Size));
                return true;
            }
            T v = part<T>(regs_, at);
            if constexpr (tables::has_rc) put<T>(regs_, at, static_cast<T>(v & ~part<T>(columns.rc, at)));
            if constexpr (tables::has_wo) v &= static_cast<T>(~part<T>(columns.wo, at));
            if constexpr (Space::unmapped_policy::value == detail::unmapped_kind::ones)
                v |= static_cast<T>(~part<T>(columns.mapped, at));
            value = v;
        } else {
            if (tables::any_slow_write && part<T>(tables::slow_write_lanes, at)) [[unlikely]] {
                write_in_lane(offset, Size, value & access_mask(Size));
                return true;
            }
            static_assert(masks_disjoint<>);
            // A bit has one write effect (access::table), so the masks are disjoint: what is
            // neither stored nor cleared by a 1 is kept, a 1 lands in the stored and the set bits
            // alike (the bank's writes: 6 operations, where a step per policy took 10), then the
            // effects of the other policies.
            const T v = static_cast<T>(value);
            T w = part<T>(columns.writable, at);
            if constexpr (tables::has_rwo) w &= static_cast<T>(~(part<T>(columns.rwo, at) & part<T>(rwo_used_, at)));
            T gone = w, lands = w;
            if constexpr (tables::has_w1c) gone |= static_cast<T>(v & part<T>(columns.w1c, at));
            if constexpr (tables::has_w1s)
                lands = tables::has_rwo ? static_cast<T>(w | part<T>(columns.w1s, at)) : part<T>(columns.stored_or_set, at);
            T cur = part<T>(regs_, at);
            cur = static_cast<T>((cur & ~gone) | (v & lands));
            if constexpr (tables::has_w1t) cur ^= static_cast<T>(v & part<T>(columns.w1t, at));
            if constexpr (tables::has_w0c) cur &= static_cast<T>(~(~v & part<T>(columns.w0c, at)));
            if constexpr (tables::has_w0s) cur |= static_cast<T>(~v & part<T>(columns.w0s, at));
            if constexpr (tables::has_rwo)
                put<T>(rwo_used_, at, static_cast<T>(part<T>(rwo_used_, at) | part<T>(columns.rwo, at)));
            put<T>(regs_, at, cur);
        }
        return true;
    }

    // Everything else: hooks, rules, actions, RW-L bits, the fallback. Its lanes' byte enables and
    // values are computed here again, so the inline path above keeps nothing in memory (passing
    // them by address cost it a stack frame on every access). An access inside one lane (every
    // access of a naturally aligned space, most of the others) goes to write_in_lane, whose body
    // knows that: the second lane's masks are constants and the hook dispatch knows the lane of
    // each slot it matches, so each register's test and store fold to constants, as in a
    // hand-written case.
    [[gnu::noinline]] constexpr void write_slow(unsigned offset, unsigned size_, u64 value) {
        write_hooked<false>(offset, size_, value);
    }
    [[gnu::noinline]] constexpr void write_in_lane(unsigned offset, unsigned size_, u64 value) {
        write_hooked<true>(offset, size_, value);
    }
    template <bool OneLane>
    [[gnu::always_inline]] constexpr void write_hooked(unsigned offset, unsigned size_, u64 value) {
        const u64 am = access_mask(size_);
        const unsigned lane = offset / 8;
        const unsigned shift = (offset % 8) * 8;
        const bool spans = !OneLane && shift + size_ * 8 > 64;
        const u64 be[2] = {am << shift, spans ? am >> (64 - shift) : 0};
        const u64 v[2] = {value << shift, spans ? value >> (64 - shift) : 0};
        const std::size_t s[2] = {map::slot(lane), spans ? map::slot(lane + 1) : map::slot(lane)};
        // RW-L locks are sampled once, before any byte of the access is stored: a write that
        // sets a lock and a field it locks still writes that field (docs/policies.md).
        u64 locked[2] = {0, 0};
        if constexpr (tables::model.lock_count > 0) {
            if (be[0] & tables::model.lanes[s[0]].lockable) locked[0] = locked_bits(s[0]);
            if (spans && (be[1] & tables::model.lanes[s[1]].lockable)) locked[1] = locked_bits(s[1]);
        }
        if constexpr (tables::any_write_hook) {
            store_lane(s[0], be[0] & ~tables::write_hooked_lanes[s[0]], v[0], locked[0]);
            if (spans) store_lane(s[1], be[1] & ~tables::write_hooked_lanes[s[1]], v[1], locked[1]);
            if ((be[0] & tables::write_hooked_lanes[s[0]]) || (spans && (be[1] & tables::write_hooked_lanes[s[1]])))
                for_each_touched<true, OneLane>(hooked_access{lane, s, be, v, locked, nullptr});
        } else {
            store_lane(s[0], be[0], v[0], locked[0]);
            if (spans) store_lane(s[1], be[1], v[1], locked[1]);
        }
        if constexpr (Space::unmapped_policy::value == detail::unmapped_kind::forward) {
            const u64 um = unmapped_in(s, shift, spans, be);
            if (um) {
                fallback_.write(offset, size_, value, um);
                notify(device_logic::fallback_write, offset, um, value & um);
            }
        }
    }

    template <class R>
    using locate = typename detail::locate_reg<R, Space>::type;

    // The slot of the access's lane `lane + k` (k = 0, 1), given the slots looked up for it: in a
    // dense space the lane itself, which the compiler then knows without a load (measured: going
    // through the array cost the NIC's hooked registers 1-2 instructions per access).
    static constexpr std::size_t slot_at(unsigned lane, unsigned k, const std::size_t* s) noexcept {
        if constexpr (map::dense) return lane + k;
        else return s[k];
    }

    // Writes the register-relative bits `mask` of element `index` of R in `lanes` (the state or
    // the reset image); an index past a repeat<>'s count changes nothing. Bits outside the
    // register's data mask are reserved and always 0, so a store of all its data bits is a plain
    // store. At run time on a little-endian host this is done at the register's own width, so the
    // compiler emits what a hand-written store to the register is (tests/codegen checks it), not a
    // read-modify-write of the whole 8-byte lane.
    template <class R>
    constexpr void store_bits(std::array<u64, tables::slot_count>& lanes, u64 mask, u64 value, unsigned index) noexcept {
        using L = locate<R>;
        if (index >= L::count) return;
        const unsigned abs = L::offset + index * L::stride;
        const std::size_t slot = map::slot(abs / 8);
        if constexpr (std::endian::native == std::endian::little) {
            if (!std::is_constant_evaluated()) {
                using T = typename R::value_type;
                const std::size_t at = slot * 8 + abs % 8;
                const T cur = mask != R::data_mask ? part<T>(lanes, at) : T{};
                put<T>(lanes, at, static_cast<T>((cur & ~static_cast<T>(mask)) | (value & mask)));
                return;
            }
        }
        const unsigned sh = (abs % 8) * 8;
        const u64 m = mask << sh;
        lanes[slot] = (lanes[slot] & ~m) | ((value << sh) & m);
    }

    // Which accesses the guest path takes, decided in one test folded at compile time: the sizes
    // the space takes and every size rule over the whole space takes (bit s: size s), whether such
    // a rule wants natural alignment, and each rule over part of the space with its bounds as
    // constants. An access it refuses goes to refuse(), which finds the status, counts it and
    // names the rule; the two agree by construction (the same rules, through rule_refuses).
    static constexpr auto& size_rules = detail::size_rules_of<Space>;
    static constexpr bool whole_space(const size_rule_info& r) noexcept { return r.begin == 0 && r.end >= Space::size; }
    template <bool Write>
    static constexpr unsigned admitted_sizes = [] {
        unsigned m = tables::valid_sizes;
        for (const size_rule_info& r : size_rules)
            if (whole_space(r) && (Write || !r.writes_only)) m &= r.sizes;
        return m;
    }();
    template <bool Write>
    static constexpr bool admitted_aligned = [] {
        for (const size_rule_info& r : size_rules)
            if (whole_space(r) && (Write || !r.writes_only) && r.aligned) return true;
        return false;
    }();
    // Whether an access at byte `shift / 8` of its lane runs into the next lane: never where every
    // access the guest path takes is naturally aligned (a size rule over the whole space says so;
    // the typed accesses are of aligned registers), which the compiler then knows.
    template <bool Write>
    static constexpr bool crosses_lane(unsigned shift, unsigned size_) noexcept {
        return !admitted_aligned<Write> && shift + size_ * 8 > 64;
    }
    // Whether accesses are done at their own width (at_width, above).
    template <bool Write>
    static constexpr bool narrow = admitted_aligned<Write> && std::endian::native == std::endian::little &&
                                   Space::unmapped_policy::value != detail::unmapped_kind::forward;
    template <bool Write, std::size_t... I>
    static constexpr bool partial_rule_refuses([[maybe_unused]] unsigned offset, [[maybe_unused]] unsigned size_,
                                               std::index_sequence<I...>) noexcept {
        return (false || ... || (!whole_space(size_rules[I]) && detail::rule_refuses(size_rules[I], offset, size_, Write)));
    }
    template <bool Write>
    static constexpr bool admitted(unsigned offset, unsigned size_) noexcept {
        constexpr unsigned sizes = admitted_sizes<Write>;
        if constexpr (std::popcount(sizes) <= 2) {
            // One or two sizes (an MMIO bank's dwords, the MSI-X table's dwords and qwords): as
            // compares with each, which the width dispatch after it (by_width) then knows; as a
            // test of the mask it cost GCC 12 4 instructions per access on msix_mask.
            const auto is = [size_](unsigned n) { return ((sizes >> n) & 1u) && size_ == n; };
            if (!(is(1) || is(2) || is(4) || is(8))) return false;
        } else if (!(size_ <= 8 && ((sizes >> size_) & 1u))) {
            return false;
        }
        // With one size admitted, size_ is that size here: its constant alignment mask (from
        // size_ - 1, Clang 14 computed it on every access of the bank: 2 instructions).
        constexpr unsigned only = std::popcount(sizes) == 1 ? static_cast<unsigned>(std::countr_zero(sizes)) : 0;
        if (admitted_aligned<Write> && (offset & ((only ? only : size_) - 1)) != 0) return false;
        // An aligned access of a size dividing the space's ends inside it if it starts inside it:
        // one compare (offset + size_ in 64 bits is an add more, which GCC 12 did not fold even
        // with one admitted size). Elsewhere that sum stays: as offset > size - size_, Clang 14
        // and 16 lost 2-5 instructions per access on the MCH and the NIC.
        if constexpr (admitted_aligned<Write> && Space::size % 8 == 0) {
            if (offset >= Space::size) return false;
        } else if (std::uint64_t{offset} + size_ > Space::size) {
            return false;
        }
        return !partial_rule_refuses<Write>(offset, size_, std::make_index_sequence<size_rules.size()>{});
    }

    // read() for the C ABI (c_export.hpp), which hands back the value and the status: the refusal
    // is a tail call, so its caller keeps nothing across it (with value = read(); return
    // last_status(), GCC 12 saved two registers on every access: 10 instructions).
    constexpr access_status read_with_status(unsigned offset, unsigned size_, u64& value) {
        if (admitted<false>(offset, size_)) [[likely]] {
            status_ = access_status::ok;
            value = read_checked(offset, size_);
            return access_status::ok;
        }
        return read_refused_with_status(offset, size_, value);
    }
    // write() for the C ABI, returning the status (a lane-crossing access: write_checked's Across).
    constexpr access_status write_with_status(unsigned offset, unsigned size_, u64 value) {
        if (admitted<true>(offset, size_)) [[likely]] {
            status_ = access_status::ok;
            write_checked<false>(offset, size_, value);
            return access_status::ok;
        }
        refuse(offset, size_, true);
        return status_;
    }
    [[gnu::noinline]] constexpr access_status read_refused_with_status(unsigned offset, unsigned size_, u64& value) noexcept {
        value = read_refused(offset, size_);
        return status_;
    }
    // An access admitted() refused: its status (bad_size, out_of_range, size_refused) and count,
    // and what a read of it answers: all-ones, or 0 where the refusing rule says so.
    [[gnu::noinline]] constexpr u64 read_refused(unsigned offset, unsigned size_) noexcept {
        return refused_read_value(offset, size_);
    }
    constexpr u64 refused_read_value(unsigned offset, unsigned size_) noexcept {
        const size_rule_info* r = refuse(offset, size_, false);
        if (r && r->reads_zero) return 0;
        return detail::byte_mask(size_ > 8 ? 8 : size_, 0);
    }
    constexpr const size_rule_info* refuse(unsigned offset, unsigned size_, bool write) noexcept {
        ++invalid_count_;
        // The same answer two ways: each compiler's better one for the refused accesses of the
        // bank and the MSI-X table (benchmarks/instructions.sh, 2026-12-03: as separate tests,
        // Clang 14 random/bank 27.25 -> 26.98, Clang 16 msix_mask 30.26 -> 29.58 instructions per
        // access; GCC 12 random/bank 29.42 -> 29.62, msix_mask 24.83 -> 25.51).
#if defined(__clang__)
        if (!size_ok(size_)) {
            status_ = access_status::bad_size;
            return nullptr;
        }
        if (std::uint64_t{offset} + size_ > Space::size) {
            status_ = access_status::out_of_range;
            return nullptr;
        }
#else
        if (!valid_access(offset, size_)) {
            status_ = size_ok(size_) ? access_status::out_of_range : access_status::bad_size;
            return nullptr;
        }
#endif
        status_ = access_status::size_refused;
        // A valid access admitted() refused, in a space of one size rule: that rule refused it.
        if constexpr (size_rules.size() == 1) return &size_rules[0];
        else return detail::refusing_rule(size_rules, offset, size_, write);
    }

    static constexpr bool size_ok(unsigned size_) noexcept { return size_ <= 8 && ((tables::valid_sizes >> size_) & 1u); }
    static constexpr u64 access_mask(unsigned size_) noexcept { return tables::size_masks[size_]; }

    constexpr u64 peek_lane(unsigned lane, u64 be) const noexcept {
        const detail::lane_masks& m = tables::model.lanes[lane];
        // `% slot_count` costs nothing (callers have checked the offset; the compiler knows lane <
        // slot_count) but makes this body differ between spaces of different sizes: GCC 12's
        // identical-code folding otherwise merges it with a bigger space's copy and then warns
        // (-Warray-bounds) about an out-of-bounds read that cannot happen.
        // (Sparse: the slot is below slot_count by construction, and slot_count is no power of two,
        // so the `%` would be a multiplication on the guest path.)
        u64 v = regs_[map::dense ? lane % tables::slot_count : lane] & be;
        if constexpr (tables::has_wo) v &= ~m.wo;
        if constexpr (Space::unmapped_policy::value == detail::unmapped_kind::ones) v |= be & ~m.mapped;
        return v;
    }
    constexpr void clear_on_read(unsigned lane, u64 be) noexcept {
        if constexpr (tables::has_rc) regs_[lane] &= ~(be & tables::model.lanes[lane].rc);
    }

    constexpr u64 unmapped_in(const std::size_t* s, unsigned shift, bool spans, const u64* be) const noexcept {
        u64 um = (be[0] & ~tables::model.lanes[s[0]].mapped) >> shift;
        if (spans) um |= (be[1] & ~tables::model.lanes[s[1]].mapped) << (64 - shift);
        return um;
    }

    // RW-L bits of `lane` whose lock field is currently set.
    constexpr u64 locked_bits(unsigned lane) const noexcept { return detail::locked_bits(tables::model, regs_, lane); }

    // The policy masks applied to one lane: the whole guest write path.
    constexpr void store_lane(unsigned lane, u64 be, u64 v, u64 locked) noexcept {
        if (be) store_lane_bits(lane, be, v, locked);
    }
    constexpr void store_lane_bits(unsigned lane, u64 be, u64 v, u64 locked) noexcept {
        const detail::lane_masks& m = tables::model.lanes[lane];
        u64 w = m.writable & ~locked;
        if constexpr (tables::has_rwo) w &= ~(m.rwo & rwo_used_[lane]);
        u64 cur = regs_[lane];
        cur = (cur & ~(be & w)) | (v & be & w);
        if constexpr (tables::has_w1c) cur &= ~(v & be & m.w1c);
        if constexpr (tables::has_w1s) cur |= v & be & m.w1s;
        if constexpr (tables::has_w1t) cur ^= v & be & m.w1t;
        if constexpr (tables::has_w0c) cur &= ~(~v & be & m.w0c);
        if constexpr (tables::has_w0s) cur |= ~v & be & m.w0s;
        if constexpr (tables::has_rwo) rwo_used_[lane] |= be & m.rwo;
        regs_[lane] = cur;
    }

    // Bits of register element (L, e) touched by the access, in its lane, or 0; k: which of the
    // access's two lanes holds it.
    template <class L, bool OneLane = false>
    static constexpr u64 touched(unsigned e, unsigned lane, const u64* be, unsigned& k, unsigned& rs) {
        const unsigned abs = L::offset + e * L::stride;
        const unsigned rl = abs / 8;
        rs = (abs % 8) * 8;
        const u64 rm = L::reg::width_mask << rs;
        k = OneLane || rl == lane ? 0 : 1;
        if (rl == lane) return be[0] & rm;
        if (!OneLane && rl == lane + 1) return be[1] & rm;
        return 0;
    }
    // ---- per-slot dispatch of the hooked registers ------------------------------------------
    // The registers with read hooks (Write = false) or with write hooks, rules or actions (Write =
    // true) are found per access by a dispatch generated at compile time, the switch a
    // hand-written handler has: the slots holding an element of one of them are a constant list,
    // each with an inline handler that visits just the elements in that slot, their offsets
    // constants; an access compares its (one or two) slots with the list (a chain of equality
    // tests, which compilers may turn into a jump table) and runs the handler it meets. An access
    // no longer tests every hooked register of the space, and the code grows with the registers.
    // Within an access, lanes are visited in order and, within a lane, registers in description
    // order. Every function here is instantiated with indices into the list, never with the list
    // or a located register (the rule in detail/type_list.hpp: such names spell every register).
    template <bool Write>
    using hooked_regs = std::conditional_t<Write, typename tables::write_hooked_regs, typename tables::read_hooked_regs>;
    template <bool Write, std::size_t I>
    using hooked_reg = detail::nth_t<I, hooked_regs<Write>>;

    // What the hook dispatch needs of an access: its first lane, the slots and byte enables of its
    // (one or two) lanes; for a write the values and the RW-L bits sampled before the store, for a
    // read the parts read so far. Passed by value (by reference it cost GCC 12 0.3-0.4
    // instructions per access on the NIC's workloads).
    struct hooked_access {
        unsigned lane;
        const std::size_t* s;
        const u64* be;
        const u64* v = nullptr;
        const u64* locked = nullptr;
        u64* part = nullptr;
    };

    // Elements [first, last) of register r whose lane is `lane` (registers do not cross lanes).
    struct element_span {
        unsigned first = 0, last = 0;
    };
    static constexpr element_span elements_in_lane(const detail::reg_desc& r, std::size_t lane) noexcept {
        const std::size_t lo = lane * 8, hi = lane * 8 + 8;  // the lane's bytes [lo, hi)
        const std::size_t off = static_cast<std::size_t>(r.offset64);
        if (r.count == 1 || r.stride == 0) return off >= lo && off < hi ? element_span{0, 1} : element_span{};
        if (off >= hi) return {};
        const std::size_t first = off >= lo ? 0 : (lo - off + r.stride - 1) / r.stride;
        std::size_t last = (hi - 1 - off) / r.stride + 1;
        if (last > r.count) last = r.count;
        return first < last ? element_span{static_cast<unsigned>(first), static_cast<unsigned>(last)} : element_span{};
    }
    // The slots holding an element of the list, ascending, and per slot which registers of the
    // list (their indices) have an element there.
    template <bool Write>
    struct hooked_slots {
        static constexpr auto& regs = detail::reg_table<hooked_regs<Write>>::value;
        static constexpr std::array<bool, tables::slot_count> used = [] {
            std::array<bool, tables::slot_count> u{};
            for (const detail::reg_desc& r : regs)
                for (unsigned e = 0; e < r.count; ++e) u[map::slot((r.offset64 + std::uint64_t{e} * r.stride) / 8)] = true;
            return u;
        }();
        static constexpr std::size_t count = [] {
            std::size_t n = 0;
            for (bool u : used) n += u;
            return n;
        }();
        static constexpr std::array<std::size_t, (count ? count : 1)> slots = [] {
            std::array<std::size_t, (count ? count : 1)> out{};
            std::size_t n = 0;
            for (std::size_t slot = 0; slot < tables::slot_count; ++slot)
                if (used[slot]) out[n++] = slot;
            return out;
        }();
        template <std::size_t Slot>
        static constexpr std::size_t members_in = [] {
            std::size_t n = 0;
            for (const detail::reg_desc& r : regs) {
                const element_span in = elements_in_lane(r, map::lane_of(Slot));
                n += in.first < in.last;
            }
            return n;
        }();
        template <std::size_t Slot>
        static constexpr std::array<std::size_t, (members_in<Slot> ? members_in<Slot> : 1)> members = [] {
            std::array<std::size_t, (members_in<Slot> ? members_in<Slot> : 1)> out{};
            std::size_t n = 0;
            for (std::size_t i = 0; i < regs.size(); ++i) {
                const element_span in = elements_in_lane(regs[i], map::lane_of(Slot));
                if (in.first < in.last) out[n++] = i;
            }
            return out;
        }();
    };

    // Element e of register I of the list, if the access touches it: its hook, rule and action.
    template <bool Write, std::size_t I, bool OneLane = false>
    constexpr void visit_element(hooked_access a, unsigned e) {
        unsigned k = 0, rs = 0;
        const u64 t = touched<hooked_reg<Write, I>, OneLane>(e, a.lane, a.be, k, rs);
        if (!t) return;
        if constexpr (Write) run_write_hook<I>(a, e, k, rs, t);
        else run_read_hook<I>(a, e, k, rs, t);
    }
    // The handler of one slot: the elements in it of each register listed there.
    template <bool Write, std::size_t Slot, std::size_t I>
    constexpr void visit_in_slot(hooked_access a) {
        constexpr element_span in = elements_in_lane(hooked_slots<Write>::regs[I], map::lane_of(Slot));
        for (unsigned e = in.first; e < in.last; ++e) visit_element<Write, I>(a, e);
    }
    template <bool Write, std::size_t Slot, std::size_t... J>
    constexpr void visit_slot(hooked_access a, std::index_sequence<J...>) {
        (visit_in_slot<Write, Slot, hooked_slots<Write>::template members<Slot>[J]>(a), ...);
    }
    // OneLane: the access lies in one lane, which is then the matched slot's (a constant).
    template <bool Write, bool OneLane, std::size_t... J>
    constexpr void visit_slots(hooked_access a, std::size_t slot, std::index_sequence<J...>) {
        constexpr auto& slots = hooked_slots<Write>::slots;
        (void)(((slot == slots[J]) &&
                (visit_slot<Write, slots[J]>(OneLane ? in_lane(a, static_cast<unsigned>(map::lane_of(slots[J]))) : a,
                                             std::make_index_sequence<hooked_slots<Write>::template members_in<slots[J]>>{}),
                 true)) ||
               ...);
    }
    static constexpr hooked_access in_lane(hooked_access a, unsigned lane) noexcept {
        a.lane = lane;
        return a;
    }
    // A short list, register by register: the elements an access at `lane` (and the next) can
    // touch, at most two per lane pair.
    template <bool Write, bool OneLane, std::size_t I>
    constexpr void visit_near(hooked_access a) {
        using L = hooked_reg<Write, I>;
        unsigned first = 0, last = 1;  // a single register: element 0
        if constexpr (L::count > 1) {
            const unsigned lo = a.lane * 8, hi = a.lane * 8 + (OneLane ? 8 : 16);
            first = lo > L::offset ? (lo - L::offset) / L::stride : 0;
            if (first > 0) --first;
            last = hi > L::offset ? (hi - L::offset) / L::stride + 1 : 0;
            if (last > L::count) last = L::count;
        }
        for (unsigned e = first; e < last; ++e) visit_element<Write, I, OneLane>(a, e);
    }
    template <bool Write, bool OneLane, std::size_t... I>
    constexpr void visit_each(hooked_access a, std::index_sequence<I...>) {
        (visit_near<Write, OneLane, I>(a), ...);
    }
    // Every element of the list that the access touches. A list of up to four registers is tested
    // register by register instead (benchmarks/instructions.sh: on the MCH's 3, the slot dispatch
    // costs GCC 12 1.0 instruction per access and Clang 16 0.7; on the NIC PF's 8 it saves GCC 12
    // 0.2 and Clang 16 4.1). A table of handlers called through pointers, tried first, saved
    // Clang 14 7.8 there but cost GCC 12 2.3: through the pointer, GCC reads the access's state
    // from the closure.
    template <bool Write, bool OneLane = false>
    constexpr void for_each_touched(hooked_access a) {
        if constexpr (hooked_regs<Write>::size <= 4) {
            visit_each<Write, OneLane>(a, std::make_index_sequence<hooked_regs<Write>::size>{});
        } else if constexpr (hooked_slots<Write>::count > 0) {
            constexpr auto all = std::make_index_sequence<hooked_slots<Write>::count>{};
            if constexpr (OneLane) {
                visit_slots<Write, true>(a, a.s[0], all);
            } else {
                for (unsigned k = 0; k < 2; ++k)
                    if (a.be[k]) visit_slots<Write, false>(a, a.s[k], all);
            }
        }
    }

    constexpr void run_read_hooks(unsigned lane, const std::size_t* s, const u64* be, u64* part) {
        for_each_touched<false>(hooked_access{lane, s, be, nullptr, nullptr, part});
    }
    template <std::size_t I>
    constexpr void run_read_hook(hooked_access a, unsigned e, unsigned k, unsigned rs, u64 t) {
        using L = hooked_reg<false, I>;
        const std::size_t sl = slot_at(a.lane, k, a.s);
        const u64 stored = (regs_[sl] >> rs) & L::reg::width_mask;
        const u64 shown = detail::call_read_hooks<L>(hooks_, *this, read_event{e, stored, t >> rs});
        notify(device_logic::on_read, (a.lane + k) * 8 + rs / 8, stored, shown);
        u64& p = a.part[k];
        // A hook computes values; it cannot make write-only bits readable.
        p = (p & ~t) | ((shown << rs) & t & ~tables::model.lanes[sl].wo);
    }

    template <std::size_t I>
    constexpr void run_write_hook(hooked_access a, unsigned e, unsigned k, unsigned rs, u64 t) {
        using L = hooked_reg<true, I>;
        using R = typename L::reg;
        using on = detail::hooks_on<Hooks, L, device>;
        const std::size_t sl = slot_at(a.lane, k, a.s);
        u64& slot = regs_[sl];
        const u64 old = (slot >> rs) & R::width_mask;
        const u64 lbe = t >> rs;
        const u64 guest = (a.v[k] & t) >> rs;  // what the guest wrote, register-relative
        // The value the guest asked for, as a whole register.
        write_proposal proposal{e, old, (old & ~lbe) | guest, lbe};
        const unsigned at = (a.lane + k) * 8 + rs / 8;
        u64 stored_bytes = t;  // the register bits the store covers, in the lane
        if constexpr (on::filter) {
            const u64 asked = proposal.value;
            if (!detail::call_filters<L>(hooks_, *this, proposal)) {
                notify(device_logic::write_refused, at, old, proposal.value & R::width_mask);
                return;
            }
            notify(device_logic::filter_write, at, old, proposal.value & R::width_mask);
            // A byte the guest did not write but a filter changed is written too.
            stored_bytes |= (detail::changed_bytes(asked ^ proposal.value) & R::width_mask) << rs;
        }
        store_lane(sl, stored_bytes, (proposal.value & R::width_mask) << rs, a.locked[k]);
        // Strobe bits store nothing; the logic sees them as the guest wrote them.
        constexpr u64 strobe = detail::reg_desc_of<L>().strobe;
        u64 now = ((slot >> rs) & R::width_mask) | (proposal.value & lbe & strobe);
        [[maybe_unused]] const u64 after_policy = now;
        if constexpr (R::has_rule) {
            now = R::write_rule::apply(old, now) & R::width_mask;
            const u64 m = R::data_mask << rs;
            slot = (slot & ~m) | ((now << rs) & m);
            now = (now & R::data_mask) | (after_policy & strobe);
            notify(device_logic::rule, at, after_policy, now);
        }
        // `written`: the covered bytes as the guest asked for them, after any filter's edits.
        const write_event event{e, old, now, proposal.value & lbe, lbe};
        if constexpr (on::write) {
            detail::call_write_hooks<L>(hooks_, *this, event);
            notify(device_logic::on_write, at, old, now);
        }
        if constexpr (R::has_action) {
            R::write_action::on_write(*this, event);
            notify(device_logic::action, at, old, now);
        }
    }

    constexpr void notify(device_logic what, unsigned offset, u64 before, u64 after) const {
        if (observer_ && observer_->notify) observer_->notify(observer_->context, logic_event{what, offset, before, after});
    }

    // One 8-byte lane per slot (detail::lane_map), little-endian bytes.
    std::array<u64, tables::slot_count> regs_{};
    std::array<u64, tables::slot_count> reset_{};
    std::array<u64, tables::slot_count> rwo_used_{};
    access_status status_ = access_status::ok;
    u64 invalid_count_ = 0;
    const detail::logic_observer* observer_ = nullptr;
    [[no_unique_address]] Hooks hooks_{};
    [[no_unique_address]] Fallback fallback_{};
};

namespace detail {
// The raw state of a device and its observer, for the library's own layers (snapshot.hpp,
// explain.hpp) and the tests: not part of the public surface.
struct device_access {
    // The state, slot by slot (detail::lane_map: lane by lane in a dense space; little-endian
    // bytes), the reset image, the RWO bits already spent.
    template <class D>
    static constexpr const auto& state(const D& d) noexcept { return d.regs_; }
    template <class D>
    static constexpr const auto& reset_image(const D& d) noexcept { return d.reset_; }
    template <class D>
    static constexpr const auto& write_once_spent(const D& d) noexcept { return d.rwo_used_; }
    template <class D>
    static constexpr std::uint64_t invalid_count(const D& d) noexcept { return d.invalid_count_; }
    // Whether the guest path does reads and writes at their own width (device::at_width), for
    // the tests that hold it to the reference.
    template <class D>
    static constexpr bool at_own_width = D::template narrow<false> && D::template narrow<true>;
    // Guest accesses that return their status (the C ABI's: c_export.hpp).
    template <class D>
    static constexpr access_status read(D& d, unsigned offset, unsigned size, std::uint64_t& value) {
        return d.read_with_status(offset, size, value);
    }
    template <class D>
    static constexpr access_status write(D& d, unsigned offset, unsigned size, std::uint64_t value) {
        return d.write_with_status(offset, size, value);
    }
    template <class D, class A>
    static constexpr void replace(D& d, const A& regs, const A& reset, const A& rwo, std::uint64_t invalid) noexcept {
        d.regs_ = regs;
        d.reset_ = reset;
        d.rwo_used_ = rwo;
        d.invalid_count_ = invalid;
    }
    // A device-side store at run time: the bits of `mask` (bit 8i..8i+7: byte i) of `value` into
    // the `size` bytes at `offset`, no policy (the C ABI's set by name, regspace/c_export.hpp).
    template <class D>
    static constexpr void store(D& d, unsigned offset, unsigned size, std::uint64_t value, std::uint64_t mask) noexcept {
        using Space = typename D::space_type;
        // Lane by lane (a register spans at most two): the part of the access in each.
        for (unsigned i = 0; i < size && i < 8;) {
            const unsigned at = offset + i;
            if (at >= Space::size) break;
            const unsigned in_lane = at % 8;
            const unsigned n = size - i < 8 - in_lane ? size - i : 8 - in_lane;
            const std::uint64_t bytes = n == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * n)) - 1;
            const std::uint64_t m = ((mask >> (8 * i)) & bytes) << (8 * in_lane);
            const std::size_t slot = lane_map<Space>::slot(at / 8);
            // A lane no register covers shares the empty slot of a sparse space: never stored to.
            if (m && (lane_map<Space>::dense || slot != lane_map<Space>::nothing))
                d.regs_[slot] = (d.regs_[slot] & ~m) | (((value >> (8 * i)) << (8 * in_lane)) & m);
            i += n;
        }
    }
    // Sets the observer told of every hook, rule, action and fallback access a guest access runs
    // (nullptr: none) and returns the previous one. The mask fast path has no device logic, so
    // observing costs it nothing.
    template <class D>
    static constexpr const detail::logic_observer* observe(D& d, const detail::logic_observer* o) noexcept {
        const detail::logic_observer* prev = d.observer_;
        d.observer_ = o;
        return prev;
    }
};
}  // namespace detail

}  // namespace regspace

// SPDX-License-Identifier: MIT
// regspace/snapshot.hpp - save and restore a device's complete register state (migration).
//
//   std::vector<std::uint8_t> bytes = regspace::save(dev);               // or save(dev, user_save)
//   regspace::restore_result r = regspace::restore(dev, bytes);          // or restore(dev, bytes, user_load)
//   if (!r) std::puts(r.message.c_str());                                // dev is exactly as it was
//
// The format is versioned and self-describing, little-endian whatever the host:
//
//   offset  size  field
//   0       8     magic "RGSPSNAP"
//   8       2     format version (1)
//   10      2     length of the space's name, N
//   12      8     layout fingerprint: FNV-1a over the space's size and every register's name,
//                 offset, width, repeat count and stride, and every policy mask and reset value
//   20      4     space size in bytes
//   24      4     number of 8-byte lanes stored, L: every lane of a dense space, the lanes
//                 registers cover (in offset order) plus one empty lane in a sparse one
//                 (detail/layout.hpp, lane_map)
//   28      N     the space's name (not NUL-terminated)
//   ..      8L    current register state, lane by lane
//   ..      8L    reset image (power-on values, including set_reset_value())
//   ..      8L    write-once bits already written (RWO)
//   ..      8     invalid accesses counted so far
//   ..      4     length of the user section, U
//   ..      U     user section: hook-owned state, written and read by the caller's callbacks
//   ..      8     FNV-1a checksum of every byte before it
//
// restore() checks, before it changes anything: length, magic, version, fingerprint, sizes,
// checksum; that no reserved or unmapped bit is set in the state or the reset image; that RWO
// marks only write-once bits; and that every register with a write rule holds a value its rule
// keeps (a fixed point: a snapshot cannot hold D_OPEN with D_LCK set, an MSI MME above MMC, ...).
// The user callback then sees its section and may refuse it; only when everything is accepted
// is the device's state replaced, so a rejected snapshot leaves the device exactly as it was.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <regspace/detail/fnv1a.hpp>
#include <regspace/detail/layout.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/detail/text.hpp>
#include <regspace/device.hpp>

namespace regspace {

enum class restore_error : std::uint8_t {
    none,
    truncated,         // shorter than its own header and sections say
    bad_magic,         // not a regspace snapshot
    bad_version,       // a format this build does not read
    layout_mismatch,   // taken from a device of another layout (fingerprint, name or size differ)
    corrupted,         // checksum mismatch, or bytes after the checksum
    reserved_bits,     // a reserved or unmapped bit is set
    invariant,         // write-once marks on other bits, or a register its write rule would change
    user_rejected,     // the user callback refused its section
};

struct restore_result {
    restore_error error = restore_error::none;
    std::string message;
    explicit operator bool() const noexcept { return error == restore_error::none; }
};

inline constexpr std::uint16_t snapshot_version = 1;

// The format's building blocks, public for containers that hold several snapshots and state of
// their own (q35::platform's user section, examples/q35_board.hpp): little-endian integers, a
// bounds-checked reader, and the FNV-1a checksum every snapshot ends with.
inline void snapshot_put(std::vector<std::uint8_t>& out, std::uint64_t v, unsigned bytes) {
    for (unsigned i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

class snapshot_reader {
public:
    explicit snapshot_reader(std::span<const std::uint8_t> b) noexcept : b_(b) {}
    // Little-endian integer of `bytes` bytes, or false (and nothing consumed) past the end.
    bool take(std::uint64_t& v, unsigned bytes) noexcept {
        if (b_.size() - pos_ < bytes) return false;
        v = 0;
        for (unsigned i = 0; i < bytes; ++i) v |= std::uint64_t{b_[pos_ + i]} << (8 * i);
        pos_ += bytes;
        return true;
    }
    bool take(std::span<const std::uint8_t>& s, std::size_t n) noexcept {
        if (b_.size() - pos_ < n) return false;
        s = b_.subspan(pos_, n);
        pos_ += n;
        return true;
    }
    [[nodiscard]] std::size_t pos() const noexcept { return pos_; }
    [[nodiscard]] std::size_t left() const noexcept { return b_.size() - pos_; }

private:
    std::span<const std::uint8_t> b_;
    std::size_t pos_ = 0;
};

[[nodiscard]] inline std::uint64_t snapshot_checksum(std::span<const std::uint8_t> bytes) noexcept {
    return detail::fnv1a(detail::fnv1a_basis, bytes.data(), bytes.size());
}

namespace detail {

// Over the space's size, then per register its name (4-byte length, then the characters) and
// its layout and policy masks, each as 8 little-endian bytes.
template <class Space>
constexpr std::uint64_t layout_fingerprint() noexcept {
    std::uint64_t h = fnv1a_le(fnv1a_basis, Space::size);
    for (const reg_desc& r : reg_table<typename Space::registers>::value) {
        h = fnv1a(fnv1a_le(h, r.name.size(), 4), r.name);
        for (std::uint64_t v : {r.offset64, std::uint64_t{r.bytes}, std::uint64_t{r.count}, std::uint64_t{r.stride},
                                r.reset, r.data, r.writable, r.w1c, r.w1s, r.w1t, r.w0c, r.w0s, r.strobe, r.rc, r.wo,
                                r.rwo, r.keep, r.lockable})
            h = fnv1a_le(h, v);
    }
    return h;
}

// Per slot of the state (detail::lane_map): the bits it may hold (data bits of registers) and
// the write-once bits.
template <class Space, std::size_t Slots = lane_map<Space>::slot_count>
constexpr std::array<std::array<std::uint64_t, Slots>, 2> state_masks() {
    std::array<std::array<std::uint64_t, Slots>, 2> m{};  // [0] data, [1] rwo
    for (const reg_desc& r : reg_table<typename Space::registers>::value)
        for (unsigned e = 0; e < r.count; ++e) {
            const std::uint64_t abs = r.offset64 + std::uint64_t{e} * r.stride;
            if (abs + r.bytes > Space::size) continue;
            m[0][lane_map<Space>::slot(abs / 8)] |= r.data << ((abs % 8) * 8);
            m[1][lane_map<Space>::slot(abs / 8)] |= r.rwo << ((abs % 8) * 8);
        }
    return m;
}
template <class Space>
struct snapshot_masks {
    static constexpr auto value = state_masks<Space>();
};

template <class L>
struct has_rule_reg : std::bool_constant<L::reg::has_rule> {};

// The first register element whose rule would change its value, as "NAME" (or "NAME[e]"), or "".
template <class Space, class L, std::size_t N>
std::string rule_violation(const std::array<std::uint64_t, N>& lanes) {
    using R = typename L::reg;
    for (unsigned e = 0; e < L::count; ++e) {
        const std::uint64_t abs = L::offset64 + std::uint64_t{e} * L::stride;
        if (abs + R::bytes > Space::size) continue;
        const std::uint64_t v = (lanes[lane_map<Space>::slot(abs / 8)] >> ((abs % 8) * 8)) & R::width_mask;
        if ((R::write_rule::apply(v, v) & R::data_mask) != v) {
            std::string name{R::name.view()};
            if (L::count > 1) name += "[" + std::to_string(e) + "]";
            return name;
        }
    }
    return {};
}

}  // namespace detail

// The layout fingerprint a snapshot of this space carries.
template <class Space>
inline constexpr std::uint64_t layout_fingerprint = detail::layout_fingerprint<Space>();

// Saves the device's complete register state; user_save(std::vector<std::uint8_t>&) appends the
// hook-owned state (the default saves none).
template <class Space, class Hooks, class Fallback, class UserSave>
std::vector<std::uint8_t> save(const device<Space, Hooks, Fallback>& d, UserSave&& user_save) {
    using A = detail::device_access;
    constexpr std::size_t lanes = detail::lane_map<Space>::slot_count;  // slots of the state
    const std::string_view name = Space::name.view();
    std::vector<std::uint8_t> out;
    out.reserve(48 + name.size() + 24 * lanes);
    for (char c : std::string_view{"RGSPSNAP"}) out.push_back(static_cast<std::uint8_t>(c));
    snapshot_put(out, snapshot_version, 2);
    snapshot_put(out, name.size(), 2);
    snapshot_put(out, layout_fingerprint<Space>, 8);
    snapshot_put(out, Space::size, 4);
    snapshot_put(out, lanes, 4);
    for (char c : name) out.push_back(static_cast<std::uint8_t>(c));
    for (const auto* a : {&A::state(d), &A::reset_image(d), &A::write_once_spent(d)})
        for (std::uint64_t v : *a) snapshot_put(out, v, 8);
    snapshot_put(out, A::invalid_count(d), 8);
    std::vector<std::uint8_t> user;
    user_save(user);
    snapshot_put(out, user.size(), 4);
    out.insert(out.end(), user.begin(), user.end());
    snapshot_put(out, snapshot_checksum(out), 8);
    return out;
}
template <class Space, class Hooks, class Fallback>
std::vector<std::uint8_t> save(const device<Space, Hooks, Fallback>& d) {
    return save(d, [](std::vector<std::uint8_t>&) {});
}

// Restores a snapshot taken by save() from a device of the same layout. user_load is called with
// the user section once everything else has been checked; it returns an empty string to accept
// (and then owns committing its state) or a reason to refuse.
template <class Space, class Hooks, class Fallback, class UserLoad>
restore_result restore(device<Space, Hooks, Fallback>& d, std::span<const std::uint8_t> bytes, UserLoad&& user_load) {
    using R = restore_result;
    constexpr std::size_t lanes = detail::lane_map<Space>::slot_count;  // slots of the state
    snapshot_reader in(bytes);
    std::span<const std::uint8_t> magic;
    if (!in.take(magic, 8)) return R{restore_error::truncated, "snapshot: shorter than its header"};
    if (std::string_view(reinterpret_cast<const char*>(magic.data()), 8) != "RGSPSNAP")
        return R{restore_error::bad_magic, "snapshot: not a regspace snapshot (bad magic)"};
    std::uint64_t version = 0, name_len = 0, fp = 0, size = 0, lane_count = 0;
    if (!in.take(version, 2) || !in.take(name_len, 2) || !in.take(fp, 8) || !in.take(size, 4) ||
        !in.take(lane_count, 4))
        return R{restore_error::truncated, "snapshot: shorter than its header"};
    if (version != snapshot_version)
        return R{restore_error::bad_version,
                 "snapshot: format version " + std::to_string(version) + ", this build reads version " +
                     std::to_string(snapshot_version)};
    std::span<const std::uint8_t> name;
    if (!in.take(name, name_len)) return R{restore_error::truncated, "snapshot: shorter than its header"};
    const std::string_view name_sv(reinterpret_cast<const char*>(name.data()), name.size());
    if (name_sv != Space::name.view() || size != Space::size || lane_count != lanes || fp != layout_fingerprint<Space>)
        return R{restore_error::layout_mismatch,
                 "snapshot: taken from \"" + std::string(name_sv) + "\" (" + std::to_string(size) +
                     " bytes, layout " + detail::hex(fp, 16) + "), not \"" + std::string(Space::name.view()) + "\" (" +
                     std::to_string(Space::size) + " bytes, layout " + detail::hex(layout_fingerprint<Space>, 16) + ")"};
    std::array<std::uint64_t, lanes> regs{}, reset{}, rwo{};
    for (auto* a : {&regs, &reset, &rwo})
        for (std::uint64_t& v : *a)
            if (!in.take(v, 8)) return R{restore_error::truncated, "snapshot: register state cut short"};
    std::uint64_t invalid = 0, user_len = 0;
    std::span<const std::uint8_t> user;
    if (!in.take(invalid, 8) || !in.take(user_len, 4) || !in.take(user, user_len))
        return R{restore_error::truncated, "snapshot: user section cut short"};
    const std::size_t body = in.pos();
    std::uint64_t sum = 0;
    if (!in.take(sum, 8)) return R{restore_error::truncated, "snapshot: checksum missing"};
    if (in.pos() != bytes.size()) return R{restore_error::corrupted, "snapshot: bytes after the checksum"};
    if (snapshot_checksum(bytes.first(body)) != sum) return R{restore_error::corrupted, "snapshot: checksum mismatch (corrupted)"};

    constexpr auto& masks = detail::snapshot_masks<Space>::value;
    for (std::size_t l = 0; l < lanes; ++l) {
        const std::uint64_t stray = (regs[l] | reset[l]) & ~masks[0][l];
        if (stray) {
            const auto bit = static_cast<unsigned>(std::countr_zero(stray));
            return R{restore_error::reserved_bits, "snapshot: reserved or unmapped bit set at byte " +
                                                       detail::hex(detail::lane_map<Space>::lane_of(l) * 8 + bit / 8, 16) + " bit " +
                                                       std::to_string(bit % 8)};
        }
        if (rwo[l] & ~masks[1][l])
            return R{restore_error::invariant, "snapshot: write-once marks on bits that are not write-once, lane " +
                                                   std::to_string(l)};
    }
    std::string broken;
    [&]<class... L>(detail::type_list<L...>) {
        [[maybe_unused]] const int expand[] = {
            0, (broken.empty() ? (broken = detail::rule_violation<Space, L>(regs), 0) : 0)...};
    }(typename detail::filter<detail::has_rule_reg, typename Space::registers>::type{});
    if (!broken.empty())
        return R{restore_error::invariant, "snapshot: " + broken + " holds a value its write rule does not allow"};
    std::string refused = user_load(user);
    if (!refused.empty()) return R{restore_error::user_rejected, "snapshot: user section refused: " + refused};
    detail::device_access::replace(d, regs, reset, rwo, invalid);
    return {};
}
template <class Space, class Hooks, class Fallback>
restore_result restore(device<Space, Hooks, Fallback>& d, std::span<const std::uint8_t> bytes) {
    return restore(d, bytes, [](std::span<const std::uint8_t> user) -> std::string {
        return user.empty() ? std::string{} : std::string{"this device keeps no user state"};
    });
}

}  // namespace regspace

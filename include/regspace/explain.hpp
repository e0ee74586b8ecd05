// SPDX-License-Identifier: MIT
// regspace/explain.hpp - what one guest access did, and why.
//
//   regspace::explanation e = regspace::explain_write(dev, 0x04, 2, 0xffff);
//   std::fputs(regspace::to_text(e).c_str(), stdout);   // regspace/print.hpp
//
// explain_read / explain_write perform the access on the device exactly as read / write do (same
// result, same state afterwards), and report: the registers and fields it touched with their old
// and new values, which written bits were not stored and why (read-only, reserved, locked,
// write-once already spent, or changed by device logic), the RW1C bits it cleared and RW1S bits
// it set, RC bits a read cleared, the registers device logic changed elsewhere, and every hook,
// rule, action and fallback access that ran (through the device's observer). An access the space
// refuses (size or range) is reported with its status; it changes no register (the device counts
// it in invalid_accesses(), as read and write do).
//
// The reasons are computed from the descriptors (describe<Space>()) and the state before and
// after, off the device's fast path: explaining costs a copy of the state, so it is for traces,
// debuggers and teaching, not for every access of a running guest.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include <regspace/access.hpp>
#include <regspace/detail/bits.hpp>
#include <regspace/device.hpp>
#include <regspace/hooks.hpp>
#include <regspace/observer.hpp>
#include <regspace/introspect.hpp>

namespace regspace {

// Why written bits were not stored as written.
enum class ignore_reason : std::uint8_t {
    none,
    read_only,         // RO, HwInit, ROS, RC: the guest cannot write them
    reserved,          // RsvdP/RsvdZ fields and bits no field declares
    locked,            // RW-L with its lock field set
    write_once_spent,  // RWO already written since the last cold reset
    write_1_to_clear,  // RW1C/RW1CS: a written 0 keeps, a 1 clears (not "ignored", but not stored either)
    write_1_to_set,    // RW1S: a written 0 keeps, a 1 sets
    write_1_to_toggle, // RW1T: a written 0 keeps, a 1 toggles
    write_0_to_clear,  // RW0C: a written 1 keeps, a 0 clears
    write_0_to_set,    // RW0S: a written 1 keeps, a 0 sets
    strobe             // Strobe: nothing is stored; the write went to the register's logic
};

[[nodiscard]] constexpr std::string_view to_string(ignore_reason r) noexcept {
    switch (r) {
        case ignore_reason::none: return "";
        case ignore_reason::read_only: return "read-only";
        case ignore_reason::reserved: return "reserved";
        case ignore_reason::locked: return "locked";
        case ignore_reason::write_once_spent: return "write-once, already written";
        case ignore_reason::write_1_to_clear: return "write-1-to-clear";
        case ignore_reason::write_1_to_set: return "write-1-to-set";
        case ignore_reason::write_1_to_toggle: return "write-1-to-toggle";
        case ignore_reason::write_0_to_clear: return "write-0-to-clear";
        case ignore_reason::write_0_to_set: return "write-0-to-set";
        case ignore_reason::strobe: return "strobe, not stored";
    }
    return "?";
}

[[nodiscard]] constexpr std::string_view to_string(device_logic p) noexcept {
    switch (p) {
        case device_logic::on_read: return "on_read";
        case device_logic::filter_write: return "filter_write";
        case device_logic::write_refused: return "filter_write refused";
        case device_logic::rule: return "rule";
        case device_logic::on_write: return "on_write";
        case device_logic::action: return "action";
        case device_logic::fallback_read: return "fallback read";
        case device_logic::fallback_write: return "fallback write";
    }
    return "?";
}

// One field of one register element (or, with field == nullptr, the register's undeclared bits).
// Values are field-relative (shifted down to bit 0) and raw: a write-only field's stored value.
struct field_effect {
    const field_info* field = nullptr;
    unsigned lsb = 0, width = 0;
    std::uint64_t old_value = 0, new_value = 0;
    std::uint64_t covered = 0;         // bits the access covered (byte enables)
    std::uint64_t written = 0;         // write: the value written, on the covered bits
    std::uint64_t seen = 0;            // read: the value the guest got, on the covered bits
    std::uint64_t ignored = 0;         // write: covered bits whose written value was not stored
    ignore_reason why = ignore_reason::none;
    std::uint64_t cleared = 0, set = 0;  // RW1C bits the write cleared, RC bits the read cleared / RW1S bits set
    std::uint64_t device_changed = 0;  // bits that differ from what the policies alone would give
    std::string_view lock_register, lock_field;  // RW-L: the lock that was set, when locked
    bool spent_write_once = false;     // RWO: this write used up the field's one write
};

struct register_effect {
    const register_info* reg = nullptr;
    unsigned element = 0;  // index in a repeat<>
    unsigned offset = 0;   // absolute offset of the element
    std::uint64_t old_value = 0, new_value = 0;
    bool touched = true;   // false: not accessed, changed by device logic (an action, a hook)
    std::vector<field_effect> fields;
};

struct explanation {
    const space_info* space = nullptr;
    bool write = false;
    unsigned offset = 0, size = 0;
    std::uint64_t value = 0;  // written, or the value the read returned
    access_status status = access_status::ok;
    std::uint64_t unmapped = 0;  // byte mask (bit 8i..8i+7: byte i) of bytes no register covers
    const size_rule_info* size_rule = nullptr;  // status size_refused: the rule that refused
    std::vector<register_effect> registers;
    std::vector<logic_event> logic;  // the device logic the access ran, in order
};

namespace detail {
// `n` bytes at `abs` of a device's state (slots: detail::lane_map).
template <class Space, std::size_t N>
std::uint64_t bytes_at(const std::array<std::uint64_t, N>& lanes, unsigned abs, unsigned n) {
    std::uint64_t v = 0;
    for (unsigned i = 0; i < n; ++i) {
        const unsigned a = abs + i;
        if (a / 8 >= Space::size / 8) break;
        v |= ((lanes[lane_map<Space>::slot(a / 8)] >> ((a % 8) * 8)) & 0xff) << (8 * i);
    }
    return v;
}

// Whether RW-L field `f` of the register element at `abs` was locked in state `lanes`: by the
// lock rules the device itself applies (detail::locked_bits), not by a second lookup of the lock.
template <class Space, std::size_t N>
bool field_locked(unsigned abs, const field_info& f, const std::array<std::uint64_t, N>& lanes) {
    const std::uint64_t bits = (low_bits(f.width) << f.lsb) << ((abs % 8) * 8);
    return (locked_bits(model_of<Space>, lanes, lane_map<Space>::slot(abs / 8)) & bits) != 0;
}

// What a write of `written` (on `cov`) does to a field of policy k under the policies alone, by
// its row of access::table. `spent`: the field's RWO bits already written (the device spends
// write-once bits per byte).
struct policy_outcome {
    std::uint64_t expected, ignored, cleared, set;
    ignore_reason why;
};
inline policy_outcome apply_policy(access::kind k, std::uint64_t old, std::uint64_t written, std::uint64_t cov,
                                   bool locked, std::uint64_t spent) {
    using access::write_effect;
    const access::semantics& sem = access::semantics_of(k);
    const std::uint64_t differ = cov & (written ^ old);
    const std::uint64_t stored = (old & ~cov) | (written & cov);
    switch (sem.write) {
        case write_effect::stored: return {stored, 0, 0, 0, ignore_reason::none};
        case write_effect::stored_once: {
            const std::uint64_t open = cov & ~spent;
            return {(old & ~open) | (written & open), differ & spent, 0, 0,
                    (differ & spent) ? ignore_reason::write_once_spent : ignore_reason::none};
        }
        case write_effect::stored_unless_locked:
            if (locked) return {old, differ, 0, 0, ignore_reason::locked};
            return {stored, 0, 0, 0, ignore_reason::none};
        case write_effect::one_clears:
            return {old & ~(written & cov), 0, old & written & cov, 0, ignore_reason::write_1_to_clear};
        case write_effect::one_sets:
            return {old | (written & cov), 0, 0, ~old & written & cov, ignore_reason::write_1_to_set};
        case write_effect::one_toggles:  // toggled bits count as cleared (1 -> 0) or set (0 -> 1)
            return {old ^ (written & cov), 0, old & written & cov, ~old & written & cov,
                    ignore_reason::write_1_to_toggle};
        case write_effect::zero_clears:
            return {old & ~(~written & cov), 0, old & ~written & cov, 0, ignore_reason::write_0_to_clear};
        case write_effect::zero_sets:
            return {old | (~written & cov), 0, 0, ~old & ~written & cov, ignore_reason::write_0_to_set};
        case write_effect::triggers: return {old, cov & written, 0, 0, ignore_reason::strobe};
        case write_effect::ignored:
            // Reserved bits hold 0: every written 1 is dropped. Read-only bits: those that differ.
            if (sem.reserved) return {old, cov & written, 0, 0, ignore_reason::reserved};
            return {old, differ, 0, 0, ignore_reason::read_only};
    }
    return {old, 0, 0, 0, ignore_reason::none};
}

struct hook_sink {
    std::vector<logic_event>* out;
    static void notify(void* self, const logic_event& e) { static_cast<hook_sink*>(self)->out->push_back(e); }
};

template <class Device>
explanation explain_access(Device& dev, bool write, unsigned offset, unsigned size, std::uint64_t value) {
    static constexpr space_info s = regspace::describe<typename Device::space_type>();
    explanation ex;
    ex.space = &s;
    ex.write = write;
    ex.offset = offset;
    ex.size = size;
    const auto before = detail::device_access::state(dev);
    const auto spent = detail::device_access::write_once_spent(dev);

    hook_sink sink{&ex.logic};
    const detail::logic_observer obs{&hook_sink::notify, &sink};
    {
        // The previous observer comes back however the access ends (a hook may throw): the
        // device must never keep a pointer to this frame.
        struct restore_observer {
            Device& dev;
            const detail::logic_observer* prev;
            ~restore_observer() { detail::device_access::observe(dev, prev); }
        } guard{dev, detail::device_access::observe(dev, &obs)};
        if (write) {
            dev.write(offset, size, value);
            ex.value = value & all_ones(size);
        } else {
            ex.value = dev.read(offset, size);
        }
    }
    ex.status = dev.last_status();
    if (ex.status == access_status::size_refused) ex.size_rule = refusing_rule(s.size_rules, offset, size, write);
    const auto& after = detail::device_access::state(dev);
    const auto& spent_after = detail::device_access::write_once_spent(dev);
    if (ex.status != access_status::ok) return ex;

    std::uint64_t mapped = 0;  // byte mask of the access covered by registers
    for (const register_info& r : s.registers) {
        for (unsigned e = 0; e < r.count; ++e) {
            const unsigned abs = r.offset + e * r.stride;
            using S = typename Device::space_type;
            const std::uint64_t old_v = bytes_at<S>(before, abs, r.bytes), new_v = bytes_at<S>(after, abs, r.bytes);
            const bool overlaps = abs < offset + size && offset < abs + r.bytes;
            if (!overlaps && old_v == new_v) continue;

            register_effect re;
            re.reg = &r;
            re.element = e;
            re.offset = abs;
            re.old_value = old_v;
            re.new_value = new_v;
            re.touched = overlaps;
            // Register-relative covered bits and the value written to them.
            std::uint64_t cov = 0, wr = 0, seen = 0;
            for (unsigned i = 0; i < r.bytes && overlaps; ++i) {
                if (abs + i < offset || abs + i >= offset + size) continue;
                const unsigned k = abs + i - offset;
                cov |= std::uint64_t{0xff} << (8 * i);
                wr |= ((value >> (8 * k)) & 0xff) << (8 * i);
                seen |= ((ex.value >> (8 * k)) & 0xff) << (8 * i);
                mapped |= std::uint64_t{0xff} << (8 * k);
            }
            const std::uint64_t rspent = bytes_at<S>(spent, abs, r.bytes);
            const std::uint64_t rspent_now = bytes_at<S>(spent_after, abs, r.bytes) & ~rspent;
            std::uint64_t declared = 0;
            auto add = [&](const field_info* f, unsigned lsb, unsigned width, access::kind k, std::uint64_t fmask) {
                field_effect fe;
                fe.field = f;
                fe.lsb = lsb;
                fe.width = width;
                const std::uint64_t vm = low_bits(width);
                fe.old_value = (old_v >> lsb) & vm;
                fe.new_value = (new_v >> lsb) & vm;
                fe.covered = ((cov & fmask) >> lsb) & vm;
                if (!fe.covered && fe.old_value == fe.new_value) return;
                if (write) {
                    fe.written = (wr >> lsb) & fe.covered;
                    bool locked = false;
                    if (f && k == access::kind::rw_lock) {
                        locked = field_locked<typename Device::space_type>(abs, *f, before);
                        if (locked) {
                            fe.lock_register = f->lock_register;
                            fe.lock_field = f->lock_field;
                        }
                    }
                    fe.spent_write_once = ((rspent_now >> lsb) & vm) != 0;
                    const policy_outcome p =
                        apply_policy(k, fe.old_value, fe.written, fe.covered, locked, (rspent >> lsb) & vm);
                    fe.ignored = p.ignored;
                    fe.why = p.why;
                    fe.cleared = p.cleared;
                    fe.set = p.set;
                    fe.device_changed = (p.expected ^ fe.new_value) & vm;
                } else {
                    fe.seen = (seen >> lsb) & fe.covered;
                    fe.cleared = fe.old_value & ~fe.new_value & fe.covered;  // RC
                    fe.device_changed = (fe.old_value ^ fe.new_value) & ~fe.cleared & vm;
                }
                if (fe.why == ignore_reason::write_1_to_clear && !fe.cleared) fe.why = ignore_reason::none;
                if (fe.why == ignore_reason::write_1_to_set && !fe.set) fe.why = ignore_reason::none;
                if (fe.why == ignore_reason::write_0_to_clear && !fe.cleared) fe.why = ignore_reason::none;
                if (fe.why == ignore_reason::write_0_to_set && !fe.set) fe.why = ignore_reason::none;
                if (fe.why == ignore_reason::write_1_to_toggle && !(fe.set | fe.cleared)) fe.why = ignore_reason::none;
                if (fe.why == ignore_reason::strobe && !fe.ignored) fe.why = ignore_reason::none;
                re.fields.push_back(fe);
            };
            for (const field_info& f : r.fields) {
                const std::uint64_t fm = low_bits(f.width) << f.lsb;
                declared |= fm;
                add(&f, f.lsb, f.width, f.policy, fm);
            }
            // Bits no field declares: the register's reserved policy, reported as one entry.
            const std::uint64_t undeclared = ~declared & all_ones(r.bytes);
            if (write && (wr & cov & undeclared)) {
                field_effect fe;
                fe.lsb = 0;
                fe.width = r.bytes * 8;
                fe.covered = cov & undeclared;
                fe.written = wr & fe.covered;
                fe.ignored = fe.written;
                fe.why = ignore_reason::reserved;
                fe.old_value = old_v & undeclared;
                fe.new_value = new_v & undeclared;
                re.fields.push_back(fe);
            }
            ex.registers.push_back(std::move(re));
        }
    }
    std::sort(ex.registers.begin(), ex.registers.end(),
              [](const register_effect& a, const register_effect& b) { return a.offset < b.offset; });
    ex.unmapped = all_ones(size) & ~mapped;
    return ex;
}
}  // namespace detail

template <class Device>
[[nodiscard]] explanation explain_read(Device& dev, unsigned offset, unsigned size) {
    return detail::explain_access(dev, false, offset, size, 0);
}
template <class Device>
[[nodiscard]] explanation explain_write(Device& dev, unsigned offset, unsigned size, std::uint64_t value) {
    return detail::explain_access(dev, true, offset, size, value);
}

}  // namespace regspace

// SPDX-License-Identifier: MIT
// tests/support/reference.hpp - a deliberately naive reference model of a space.
//
// It is built from the run-time introspection tables only (never from the folded lane masks) and
// applies every policy bit by bit, byte by byte: slow and obvious. The differential tests check
// that the word-wide handler gives the same answers and the same state for every access.
//
// Two things keep it fast enough for fuzzing without making it less obvious: it keeps its state
// also as bytes (bytes(), recomputed from the bits of every byte an access or reset changed), so
// comparing whole states is a memcmp; and it remembers which bytes may differ from their reset
// state, so a reset visits those and not the whole space (every other byte holds its reset value
// and no spent RWO bit by definition).
#pragma once

#include <array>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include <regspace/hooks.hpp>
#include <regspace/introspect.hpp>

namespace regspace::test {

class reference {
public:
    enum class unmapped { zero, ones };

    reference(space_info s, unmapped u)
        : info_(s), unmapped_(u), bits_(s.size * 8), bytes_(s.size), dirty_(s.size) {
        for (const register_info& r : s.registers)
            for (unsigned e = 0; e < r.count; ++e) {
                const unsigned base = r.offset + e * r.stride;
                for (unsigned b = 0; b < r.bytes * 8; ++b) {
                    bit& x = bits_[base * 8 + b];
                    x.mapped = true;
                    x.kind = r.reserved;
                    x.value = x.reset = (r.reset >> b) & 1;
                }
                for (const field_info& f : r.fields)
                    for (unsigned b = f.lsb; b < f.lsb + f.width; ++b) {
                        bit& x = bits_[base * 8 + b];
                        x.kind = f.policy;
                        if (f.policy == access::kind::rw_lock) x.lock = find_lock(f, r, e);
                    }
            }
        for (unsigned i = 0; i < s.size; ++i) bytes_[i] = raw(i);
    }

    std::uint64_t read(unsigned off, unsigned size) {
        if (!valid(off, size)) return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
        if (const int answer = size_refusal(off, size, false); answer >= 0)
            return answer == 0 ? 0 : size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
        std::uint64_t out = 0;
        std::array<unsigned, 64> clear{};
        unsigned clears = 0;
        for (unsigned i = 0; i < size; ++i)
            for (unsigned b = 0; b < 8; ++b) {
                const unsigned idx = (off + i) * 8 + b;
                const bit& x = bits_[idx];
                std::uint64_t v = 0;
                if (!x.mapped) v = unmapped_ == unmapped::ones;
                else if (x.kind == access::kind::wo || x.kind == access::kind::rsvdp ||
                         x.kind == access::kind::rsvdz || x.kind == access::kind::strobe) v = 0;
                else v = x.value;
                if (x.mapped && x.kind == access::kind::rc) clear[clears++] = idx;
                out |= v << (i * 8 + b);
            }
        for (unsigned i = 0; i < clears; ++i) {
            bits_[clear[i]].value = 0;
            changed(clear[i] / 8);
        }
        return out;
    }

    void write(unsigned off, unsigned size, std::uint64_t v) {
        if (!valid(off, size) || size_refusal(off, size, true) >= 0) return;
        // Registers with a rule<>: their value before the write, to hand the rule (old, now).
        // (An access of at most 8 bytes touches at most 16 registers: one per byte, and one more
        // reaching in at each end.)
        std::array<std::pair<unsigned, std::uint64_t>, 16> ruled{};
        unsigned rules = 0;
        for (const register_info& r : info_.registers) {
            if (!r.rule) continue;
            for (unsigned e = 0; e < r.count; ++e) {
                const unsigned base = r.offset + e * r.stride;
                if (off < base + r.bytes && base < off + size) {
                    if (rules == ruled.size()) std::abort();  // registers do not overlap: cannot happen
                    ruled[rules++] = {base, value_at(base, r.bytes)};
                }
            }
        }
        // Locks are sampled before the write, as in the handler: a write that sets a lock
        // does not lock itself.
        std::array<bool, 64> locked{};
        for (unsigned i = 0; i < size * 8; ++i) {
            const bit& x = bits_[off * 8 + i];
            locked[i] = false;
            if (x.lock)
                for (unsigned k = 0; k < x.lock->second; ++k)
                    if (bits_[x.lock->first + k].value) locked[i] = true;
        }
        for (unsigned i = 0; i < size * 8; ++i) {
            bit& x = bits_[off * 8 + i];
            const unsigned nv = (v >> i) & 1;
            if (!x.mapped) continue;
            switch (x.kind) {
                case access::kind::rw:
                case access::kind::rws:
                case access::kind::wo: x.value = nv; break;
                case access::kind::rwo:
                    if (!x.used) x.value = nv;
                    x.used = true;
                    break;
                case access::kind::rw_lock:
                    if (!locked[i]) x.value = nv;
                    break;
                case access::kind::rw1c:
                case access::kind::rw1cs:
                    if (nv) x.value = 0;
                    break;
                case access::kind::rw1s:
                    if (nv) x.value = 1;
                    break;
                case access::kind::rw1t:
                    if (nv) x.value ^= 1;
                    break;
                case access::kind::rw0c:
                    if (!nv) x.value = 0;
                    break;
                case access::kind::rw0s:
                    if (!nv) x.value = 1;
                    break;
                default: break;  // RO, HwInit, ROS, RC, reserved and Strobe store nothing
            }
        }
        for (unsigned i = 0; i < size; ++i) changed(off + i);
        // Then each rule, on the whole register: the bits it holds data in take the rule's value.
        for (unsigned k = 0; k < rules; ++k) {
            const auto [base, old] = ruled[k];
            const register_info& r = *register_at(info_, base);
            const std::uint64_t now = r.rule(old, value_at(base, r.bytes));
            for (const field_info& f : r.fields) {
                if (f.policy == access::kind::rsvdp || f.policy == access::kind::rsvdz ||
                    f.policy == access::kind::strobe) continue;  // they hold nothing
                for (unsigned b = f.lsb; b < f.lsb + f.width; ++b)
                    bits_[base * 8 + b].value = static_cast<unsigned>((now >> b) & 1);
            }
            for (unsigned i = 0; i < r.bytes; ++i) changed(base + i);
        }
    }

    void reset(reset_kind k) {
        std::vector<unsigned> still;  // bytes that keep a value or a spent RWO bit
        for (unsigned byte : dirty_list_) {
            bool differs = false;
            for (unsigned b = 0; b < 8; ++b) {
                bit& x = bits_[byte * 8 + b];
                // PCIe r6.0 §7.4: sticky bits and HwInit bits keep their value across warm reset
                // and FLR (written out here, not taken from access::table: this model is its oracle).
                const bool keeps = x.kind == access::kind::ros || x.kind == access::kind::rws ||
                                   x.kind == access::kind::rw1cs || x.kind == access::kind::hwinit;
                if (k == reset_kind::cold || !keeps) x.value = x.reset;
                if (k == reset_kind::cold) x.used = false;
                differs |= x.value != x.reset || x.used;
            }
            bytes_[byte] = raw(byte);
            if (differs) still.push_back(byte);
            else dirty_[byte] = 0;
        }
        dirty_list_ = std::move(still);
    }

    // The whole state as bytes, byte i = raw(i).
    [[nodiscard]] std::span<const std::uint8_t> bytes() const { return bytes_; }

    // Byte i of the space as the raw stored value (for comparing state with detail::device_access::state(device)).
    std::uint8_t raw(unsigned i) const {
        std::uint8_t b = 0;
        for (unsigned k = 0; k < 8; ++k) b |= static_cast<std::uint8_t>(bits_[i * 8 + k].value << k);
        return b;
    }

private:
    std::uint64_t value_at(unsigned base, unsigned bytes) const {
        std::uint64_t v = 0;
        for (unsigned b = 0; b < bytes * 8; ++b) v |= std::uint64_t{bits_[base * 8 + b].value} << b;
        return v;
    }

    struct bit {
        bool mapped = false;
        access::kind kind = access::kind::rsvdp;
        unsigned value = 0, reset = 0;
        bool used = false;
        std::optional<std::pair<unsigned, unsigned>> lock;  // first bit, width
    };

    // The description's size rules, applied byte by byte: -1 when every rule covering a byte of
    // the access takes it; else what the first refusing rule answers a read (0 or 1: all-ones).
    int size_refusal(unsigned off, unsigned size, bool write) const {
        for (const size_rule_info& r : info_.size_rules) {
            bool touches = false;
            for (unsigned b = off; b < off + size; ++b) touches |= b >= r.begin && b < r.end;
            if (!touches || (r.writes_only && !write)) continue;
            const bool size_ok = (size == 1 && (r.sizes & 2)) || (size == 2 && (r.sizes & 4)) ||
                                 (size == 4 && (r.sizes & 16)) || (size == 8 && (r.sizes & 256));
            if (!size_ok || (r.aligned && off % size)) return r.reads_zero ? 0 : 1;
        }
        return -1;
    }

    bool valid(unsigned off, unsigned size) const {
        const bool ok = size == 1 || size == 2 || size == 4 || (size == 8 && info_.max_access == 8);
        return ok && off < info_.size && size <= info_.size - off;
    }

    // The lock of element e of register `owner`: in the same placement first (same element of
    // a repeat), else anywhere in the space.
    std::optional<std::pair<unsigned, unsigned>> find_lock(const field_info& f, const register_info& owner,
                                                           unsigned e) const {
        for (int pass = 0; pass < 2; ++pass)
            for (const register_info& r : info_.registers) {
                const bool same = r.block == owner.block && r.placement == owner.placement;
                if (r.name != f.lock_register || (pass == 0 && !same)) continue;
                const unsigned base = same && e < r.count ? r.offset + e * r.stride : r.offset;
                for (const field_info& lf : r.fields)
                    if (lf.name == f.lock_field) return std::pair{base * 8 + lf.lsb, lf.width};
            }
        return std::nullopt;
    }

    // Byte i's bits may have changed: recompute it and remember it for reset().
    void changed(unsigned i) {
        bytes_[i] = raw(i);
        if (!dirty_[i]) {
            dirty_[i] = 1;
            dirty_list_.push_back(i);
        }
    }

    space_info info_;
    unmapped unmapped_;
    std::vector<bit> bits_;
    std::vector<std::uint8_t> bytes_;
    std::vector<std::uint8_t> dirty_;  // byte i may differ from its reset state
    std::vector<unsigned> dirty_list_;  // those bytes
};

// Whether an access touches a register with an action<> (it runs with the whole device: an FLR, VF
// Enable), whose effect the reference does not model: differential tests skip such writes and
// still compare the reads. Rules (rule<>) the reference applies itself.
inline bool touches_device_logic(const space_info& info, unsigned off, unsigned size) {
    for (const register_info& r : info.registers) {
        if (!r.has_action) continue;
        for (unsigned e = 0; e < r.count; ++e) {
            const unsigned b = r.offset + e * r.stride;
            if (off < b + r.bytes && b < off + size) return true;
        }
    }
    return false;
}

}  // namespace regspace::test

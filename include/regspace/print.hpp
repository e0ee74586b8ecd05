// SPDX-License-Identifier: MIT
// regspace/print.hpp - registers, spaces and explain traces as aligned text.
//
//   regspace::text_style st = regspace::text_style::for_stream(stdout);  // colour on a terminal
//   std::fputs(regspace::decode(dev, st).c_str(), stdout);               // every register, decoded
//   std::fputs(regspace::to_text(regspace::explain_write(dev, 4, 2, 0xffff), st).c_str(), stdout);
//
// Everything printed comes from the descriptors (describe<Space>()): names, bit ranges, access
// policies, named values, descriptions and spec references. Colour follows the usual convention:
// on when the stream is a terminal, off when it is not or when NO_COLOR is set (no-color.org).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if __has_include(<unistd.h>)
#include <unistd.h>
#define REGSPACE_HAS_ISATTY 1
#endif

#include <regspace/access.hpp>
#include <regspace/detail/bits.hpp>
#include <regspace/detail/text.hpp>
#include <regspace/explain.hpp>
#include <regspace/introspect.hpp>

namespace regspace {

struct text_style {
    bool color = false;

    // Colour iff `stream` is a terminal and NO_COLOR is unset or empty.
    [[nodiscard]] static text_style for_stream(std::FILE* stream) noexcept {
        const char* no_color = std::getenv("NO_COLOR");
        if (no_color && *no_color) return {false};
#ifdef REGSPACE_HAS_ISATTY
        return {stream != nullptr && ::isatty(::fileno(stream)) == 1};
#else
        (void)stream;
        return {false};
#endif
    }
};

namespace detail::print {
// ANSI SGR sequences; empty strings when colour is off.
struct palette {
    std::string_view reg, field, changed, ignored, cleared, dim, reset;
};
inline palette colours(text_style st) {
    if (!st.color) return {};
    return {"\x1b[1;36m", "\x1b[36m", "\x1b[33m", "\x1b[31m", "\x1b[32m", "\x1b[2m", "\x1b[0m"};
}

using detail::hex;
// "[7]" or "[15:8]".
inline std::string bits(unsigned lsb, unsigned width) {
    std::string s(1, '[');  // appended, not "[" + ...: GCC 12 warns falsely (-Wrestrict) on that
    s += detail::bit_range(lsb, width);
    s += ']';
    return s;
}
// The set bits of a register-wide mask as bit ranges, highest first: "[15:11,9,7:3]".
inline std::string bit_list(std::uint64_t mask) {
    std::string out = "[";
    bool first = true;
    for (int b = 63; b >= 0;) {
        if (!((mask >> b) & 1)) {
            --b;
            continue;
        }
        int lo = b;
        while (lo > 0 && ((mask >> (lo - 1)) & 1)) --lo;
        if (!first) out += ',';
        first = false;
        out += std::to_string(b);
        if (lo != b) out += ':' + std::to_string(lo);
        b = lo - 1;
    }
    return out + "]";
}
// A field value: decimal for narrow fields, hex for wide ones, with its name when it has one.
inline std::string field_value(const field_info* f, unsigned width, std::uint64_t v) {
    std::string s = width <= 4 ? std::to_string(v) : hex(v, (width + 3) / 4);
    if (f) {
        const std::string_view n = value_name(*f, v);
        if (!n.empty()) {
            s += " (";
            s += n;
            s += ')';
        }
    }
    return s;
}
inline void pad(std::string& s, std::size_t col) {
    if (s.size() < col) s.append(col - s.size(), ' ');
}
// Appends `text` padded to `col` visible characters (colour codes do not count).
inline void cell(std::string& line, std::size_t& visible, std::string_view on, std::string_view text,
                 std::string_view off, std::size_t col) {
    line += on;
    line += text;
    line += off;
    visible += text.size();
    if (visible < col) {
        line.append(col - visible, ' ');
        visible = col;
    } else {
        line += ' ';
        ++visible;
    }
}
// A register of up to 8 bytes read through `peek(offset, size)` in pieces of at most 4 bytes:
// every space takes those, not every space takes 8.
template <class Peek>
std::uint64_t peek_register(Peek& peek, unsigned at, unsigned bytes) {
    std::uint64_t v = 0;
    for (unsigned done = 0; done < bytes; done += 4) {
        const unsigned n = bytes - done < 4 ? bytes - done : 4;
        v |= static_cast<std::uint64_t>(peek(at + done, n)) << (8 * done);
    }
    return v;
}
inline std::string register_title(const register_info& r, unsigned element, unsigned offset) {
    std::string n(r.name);
    if (r.count > 1) n += '[' + std::to_string(element) + ']';
    (void)offset;
    return n;
}
}  // namespace detail::print

// One register element holding `value`, field by field:
//   0x004 COMMAND = 0x0006  Command  (PCI LB 3.0 §6.2.2)
//         [0]      IOSE    RW    0           I/O space enable
[[nodiscard]] inline std::string decode_register(const register_info& r, std::uint64_t value, text_style st = {},
                                                 unsigned element = 0) {
    using namespace detail::print;
    const palette c = colours(st);
    const unsigned offset = r.offset + element * r.stride;
    std::string out;
    std::size_t vis = 0;
    cell(out, vis, c.dim, hex(offset, 3), c.reset, 6);
    cell(out, vis, c.reg, register_title(r, element, offset), c.reset, 20);
    out += "= " + hex(value, r.bytes * 2);
    if (!r.description.empty()) out += "  " + std::string(r.description);
    if (!r.spec.empty()) {
        out += "  ";
        out += c.dim;
        out += "(" + std::string(r.spec) + ")";
        out += c.reset;
    }
    out += '\n';
    for (const field_info& f : r.fields) {
        if (access::semantics_of(f.policy).reserved) continue;
        std::string line = "      ";
        std::size_t v = 6;
        cell(line, v, {}, bits(f.lsb, f.width), {}, 15);
        cell(line, v, c.field, f.name, c.reset, 24);
        cell(line, v, c.dim, access::to_string(f.policy), c.reset, 31);
        cell(line, v, {}, field_value(&f, f.width, (value >> f.lsb) & detail::low_bits(f.width)), {}, 48);
        line += f.description;
        if (!f.spec.empty()) {
            line += "  ";
            line += c.dim;
            line += "(" + std::string(f.spec) + ")";
            line += c.reset;
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + '\n';
    }
    return out;
}

// Every register of a device, decoded from its current state (peek: no read side effects).
template <class Device>
[[nodiscard]] std::string decode(const Device& dev, text_style st = {}) {
    static constexpr space_info s = regspace::describe<typename Device::space_type>();
    std::string out = std::string(s.name) + " (" + std::to_string(s.size) + " bytes)\n";
    std::vector<std::pair<unsigned, std::pair<const register_info*, unsigned>>> order;
    for (const register_info& r : s.registers)
        for (unsigned e = 0; e < r.count; ++e) order.push_back({r.offset + e * r.stride, {&r, e}});
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    auto peek = [&dev](unsigned off, unsigned size) { return dev.peek(off, size); };
    for (const auto& [off, re] : order)
        out += decode_register(*re.first, detail::print::peek_register(peek, off, re.first->bytes), st, re.second);
    return out;
}

// One line per register element, lspci -vv style: one-bit fields as NAME+ / NAME-, wider ones
// as NAME=value (with the value's name), generated "bits[..]" fields left out; registers grouped
// under their block. `peek(offset, size)` reads without side effects. With skip_zero, registers
// that read 0 are left out (a summary of what firmware configured).
template <class Peek>
[[nodiscard]] std::string decode_compact(const space_info& s, Peek&& peek, text_style st = {}, bool skip_zero = false,
                                         std::string_view indent = "") {
    using namespace detail::print;
    const palette c = colours(st);
    std::vector<std::pair<unsigned, std::pair<const register_info*, unsigned>>> order;
    for (const register_info& r : s.registers)
        for (unsigned e = 0; e < r.count; ++e) order.push_back({r.offset + e * r.stride, {&r, e}});
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string out;
    const register_info* group = nullptr;  // the last heading's placement (block and base)
    for (const auto& [at, re] : order) {
        const register_info& r = *re.first;
        const std::uint64_t v = peek_register(peek, at, r.bytes);
        if (skip_zero && v == 0) continue;
        if (!group || r.block != group->block || r.placement != group->placement) {
            group = &r;
            const std::string block(r.block);
            if (!block.empty()) {
                out += std::string(indent) + std::string(c.dim) + "[" + block + "] at " + hex(r.placement, 2);
                out += std::string(c.reset) + "\n";
            }
        }
        std::string line = std::string(indent) + "  ";
        std::size_t vis = line.size();
        cell(line, vis, c.dim, hex(at, 3), c.reset, vis + 6);
        cell(line, vis, c.reg, register_title(r, re.second, at), c.reset, vis + 15);
        line += hex(v, r.bytes * 2);
        for (const field_info& f : r.fields) {
            if (access::semantics_of(f.policy).reserved || f.name.substr(0, 5) == "bits[") continue;
            const std::uint64_t fv = (v >> f.lsb) & detail::low_bits(f.width);
            line += ' ';
            line += f.name;
            if (f.width == 1 && f.values.empty()) {
                line += fv ? '+' : '-';
            } else {
                line += '=';
                line += field_value(&f, f.width, fv);
            }
        }
        out += line + '\n';
    }
    return out;
}
template <class Device>
[[nodiscard]] std::string decode_compact(const Device& dev, text_style st = {}, bool skip_zero = false) {
    static constexpr space_info s = regspace::describe<typename Device::space_type>();
    return decode_compact(s, [&dev](unsigned off, unsigned size) { return dev.peek(off, size); }, st, skip_zero);
}

// An explain trace as text: the access, then each register it touched with the fields that
// changed or were written, and why written bits were not stored; then the hooks that ran.
[[nodiscard]] inline std::string to_text(const explanation& e, text_style st = {}) {
    using namespace detail::print;
    const palette c = colours(st);
    std::string out = e.write ? "write " : "read  ";
    out += std::to_string(e.size) + " byte" + (e.size == 1 ? "" : "s") + " at " + hex(e.offset, 3);
    if (e.write) out += " = " + hex(e.value, e.size <= 8 ? e.size * 2 : 16);
    else if (e.status == access_status::ok) out += " -> " + hex(e.value, e.size * 2);
    if (e.space) out += "  " + std::string(c.dim) + std::string(e.space->name) + std::string(c.reset);
    out += '\n';
    if (e.status == access_status::bad_size) {
        out += std::string("  ") + std::string(c.ignored) + "refused: size " + std::to_string(e.size) +
               " is not a size this space takes (1, 2, 4" + (e.space && e.space->max_access >= 8 ? ", 8" : "") +
               "); " + (e.write ? "write dropped" : "reads all-ones") + std::string(c.reset) + "\n";
        return out;
    }
    if (e.status == access_status::size_refused) {
        out += std::string("  ") + std::string(c.ignored) + "refused: ";
        if (e.size_rule) {
            const size_rule_info& r = *e.size_rule;
            out += r.reg.empty() ? "bytes " + hex(r.begin, 3) + "-" + hex(r.end - 1, 3) : "register " + std::string(r.reg);
            out += " take" + std::string(r.reg.empty() ? "" : "s") + " accesses of ";
            std::string list;
            for (unsigned sz : {1u, 2u, 4u, 8u})
                if ((r.sizes >> sz) & 1) list += (list.empty() ? "" : ", ") + std::to_string(sz);
            out += (list.empty() ? "no size" : list + " bytes") + (r.aligned ? std::string(", naturally aligned") : "");
        }
        out += std::string("; ") + (e.write ? "write dropped" : (e.size_rule && e.size_rule->reads_zero ? "reads 0" : "reads all-ones")) +
               std::string(c.reset) + "\n";
        return out;
    }
    if (e.status == access_status::out_of_range) {
        out += std::string("  ") + std::string(c.ignored) + "refused: the access runs past the end of the space (" +
               std::to_string(e.space ? e.space->size : 0) + " bytes); " + (e.write ? "write dropped" : "reads all-ones") +
               std::string(c.reset) + "\n";
        return out;
    }
    for (const register_effect& r : e.registers) {
        std::string line = "  ";
        std::size_t vis = 2;
        cell(line, vis, c.dim, hex(r.offset, 3), c.reset, 8);
        cell(line, vis, c.reg, register_title(*r.reg, r.element, r.offset), c.reset, 22);
        const unsigned digits = r.reg->bytes * 2;
        line += hex(r.old_value, digits);
        if (r.new_value != r.old_value) line += " -> " + std::string(c.changed) + hex(r.new_value, digits) + std::string(c.reset);
        else line += " (unchanged)";
        if (!r.touched) line += "  " + std::string(c.changed) + "changed by device logic" + std::string(c.reset);
        if (!r.reg->spec.empty()) line += "  " + std::string(c.dim) + "(" + std::string(r.reg->spec) + ")" + std::string(c.reset);
        out += line + '\n';
        for (const field_effect& f : r.fields) {
            std::string fl = "      ";
            std::size_t v = 6;
            const bool undeclared = f.field == nullptr;
            cell(fl, v, c.field, undeclared ? std::string_view("(undeclared)") : f.field->name, c.reset, 20);
            cell(fl, v, {}, undeclared ? bit_list(f.covered) : bits(f.lsb, f.width), {}, 32);
            cell(fl, v, c.dim, undeclared ? access::to_string(r.reg->reserved) : access::to_string(f.field->policy), c.reset, 39);
            if (undeclared) {
                fl += std::string(c.ignored) + "written 1s ignored: reserved, no field declares them" + std::string(c.reset);
                out += fl + '\n';
                continue;
            }
            const std::string oldv = field_value(f.field, f.width, f.old_value);
            const std::string newv = field_value(f.field, f.width, f.new_value);
            if (!e.write) {
                fl += field_value(f.field, f.width, f.seen);
                if (f.cleared) fl += "  " + std::string(c.cleared) + "cleared by the read (RC)" + std::string(c.reset);
                if (access::semantics_of(f.field->policy).reads_zero) fl += "  " + std::string(c.dim) + "write-only: reads 0" + std::string(c.reset);
            } else {
                fl += oldv;
                if (f.new_value != f.old_value) fl += " -> " + std::string(c.changed) + newv + std::string(c.reset);
                if (f.covered != detail::low_bits(f.width) && f.covered) fl += "  (partly written: " + bit_list(f.covered << f.lsb) + ")";
                if (f.ignored) {
                    fl += "  " + std::string(c.ignored) + "wrote " + field_value(nullptr, f.width, f.written) +
                          ", ignored: " + std::string(to_string(f.why));
                    if (f.why == ignore_reason::locked)
                        fl += " by " + std::string(f.lock_register) + "." + std::string(f.lock_field);
                    fl += std::string(c.reset);
                }
                if (f.cleared) fl += "  " + std::string(c.cleared) + "cleared " + bit_list(f.cleared << f.lsb) + " (write-1-to-clear)" + std::string(c.reset);
                if (f.set) fl += "  " + std::string(c.cleared) + "set " + bit_list(f.set << f.lsb) + " (write-1-to-set)" + std::string(c.reset);
                if (f.spent_write_once)
                    fl += "  " + std::string(c.dim) + "write-once: read-only now until a cold reset" + std::string(c.reset);
            }
            if (f.device_changed && r.touched)
                fl += "  " + std::string(c.changed) + "decided by device logic: " + bit_list(f.device_changed << f.lsb) + std::string(c.reset);
            out += fl + '\n';
        }
    }
    if (e.unmapped) {
        out += "  " + std::string(c.dim) + "bytes no register covers (" + std::string(e.space ? e.space->unmapped : "") +
               "): mask " + hex(e.unmapped, e.size * 2) + std::string(c.reset) + "\n";
    }
    for (const logic_event& h : e.logic) {
        // "hook" for the hooks object's functions; rules, actions and the fallback by their names.
        const bool hook = h.what == device_logic::on_read || h.what == device_logic::filter_write ||
                          h.what == device_logic::write_refused || h.what == device_logic::on_write;
        std::string hl = std::string(hook ? "  hook " : "  ") + std::string(to_string(h.what));
        if (h.what == device_logic::fallback_read || h.what == device_logic::fallback_write) {
            hl += " at " + hex(h.offset, 3) + ": bytes " + hex(h.before, e.size * 2) + " value " + hex(h.after, e.size * 2);
        } else {
            unsigned element = 0;
            const register_info* reg = e.space ? register_at(*e.space, h.offset, &element) : nullptr;
            hl += " " + (reg ? register_title(*reg, element, h.offset) : hex(h.offset, 3)) + ": " + hex(h.before, 0) +
                  " -> " + hex(h.after, 0);
        }
        out += hl + '\n';
    }
    return out;
}

}  // namespace regspace

// SPDX-License-Identifier: MIT
// examples/qtest.hpp - QEMU's qtest text protocol (softmmu/qtest.c, QEMU 7.2) in front of a
// platform: one command line in, one answer line out. A tool, not part of the library: the
// regspace-q35 CLI, the tests and the fuzzers speak it to q35::platform (namespace qtest).
//
//   inb|inw|inl PORT          -> "OK 0x%04x"     (the value, at least 4 hex digits)
//   outb|outw|outl PORT VAL   -> "OK"
//   readb|readw|readl|readq A -> "OK 0x%016x"
//   writeb|writew|writel|writeq A VAL -> "OK"
//   read A LEN                -> "OK 0x" and LEN bytes in hex (LEN 1 to 1 MiB)
//   write A LEN 0xDATA        -> "OK" (LEN 0 to 1 MiB; missing data bytes are 0; a character that
//                                is not a hex digit counts as Fh in the high nibble and makes the
//                                byte FFh in the low one, as QEMU's hex2nib() -1 does; DATA shorter
//                                than 3 characters: QEMU's "ERR invalid argument size")
//   endianness                -> "OK little"
//   anything else             -> "FAIL Unknown command 'NAME'"     (QEMU's own answer)
//
// Numbers are read as QEMU reads them (strtoull, base 0: 0x hex, leading 0 octal, else decimal;
// leading white space skipped; a leading '-' negates). Words are separated by single spaces and extra words are ignored, as
// in QEMU. Where QEMU aborts the whole process (a missing or malformed argument, a port above
// FFFFh, an empty line) this answers a FAIL line that says what is wrong and carries on.
// qtest commands this platform has no use for (clock_step, memset, irq_intercept_in, ...)
// answer "FAIL Unsupported command 'NAME'".
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qtest {

namespace detail {
inline std::vector<std::string_view> words(std::string_view line) {
    std::vector<std::string_view> w;
    std::size_t start = 0;
    for (;;) {
        const std::size_t sp = line.find(' ', start);
        w.push_back(line.substr(start, sp == std::string_view::npos ? std::string_view::npos : sp - start));
        if (sp == std::string_view::npos) break;
        start = sp + 1;
    }
    return w;
}

// strtoull(s, &end, 0) that must consume all of s: nullopt when empty, trailing garbage or
// overflow (QEMU's qemu_strtou64/qemu_strtoul then fail their g_assert).
inline std::optional<std::uint64_t> number(std::string_view s) {
    while (!s.empty() && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'))) s.remove_prefix(1);  // isspace
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    unsigned base = 10;
    if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s.remove_prefix(2);
    } else if (s.size() >= 2 && s[0] == '0') {
        base = 8;
        s.remove_prefix(1);
    }
    if (s.empty()) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        unsigned d;
        if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
        else return std::nullopt;
        if (d >= base) return std::nullopt;
        if (v > (~std::uint64_t{0} - d) / base) return std::nullopt;  // ERANGE
        v = v * base + d;
    }
    return negative ? ~v + 1 : v;
}

inline std::string format(const char* fmt, unsigned long long v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, fmt, v);
    return buf;
}
}  // namespace detail

// Platform: io_read(port, size), io_write(port, size, v), mem_read(addr, size),
// mem_write(addr, size, v), as q35::platform has them.
template <class Platform>
class qtest_session {
public:
    explicit qtest_session(Platform& p) : p_(p) {}

    // The answer to one command line (without its newline), without a trailing newline.
    std::string answer(std::string_view line) {
        using namespace detail;
        if (line.empty()) return "FAIL empty line (QEMU aborts on it)";
        const std::vector<std::string_view> w = words(line);
        const std::string_view cmd = w[0];
        const unsigned size = access_size(cmd);
        const bool is_in = cmd.size() == 3 && cmd.substr(0, 2) == "in" && size && size != 8;
        const bool is_out = cmd.size() == 4 && cmd.substr(0, 3) == "out" && size && cmd[3] != 'q';
        const bool is_read = cmd.size() == 5 && cmd.substr(0, 4) == "read" && size;
        const bool is_write = cmd.size() == 6 && cmd.substr(0, 5) == "write" && size;
        if (cmd == "read" || cmd == "write") return buffer_command(w);
        if (!(is_in || is_out || is_read || is_write)) {
            if (cmd == "endianness") return "OK little";
            if (known_to_qemu(cmd)) return "FAIL Unsupported command '" + std::string(cmd) + "'";
            return "FAIL Unknown command '" + std::string(cmd) + "'";
        }
        const bool writes = is_out || is_write;
        const char* usage = writes ? (is_out ? "PORT VALUE" : "ADDRESS VALUE") : (is_in ? "PORT" : "ADDRESS");
        if (w.size() < (writes ? 3u : 2u))
            return "FAIL " + std::string(cmd) + ": missing argument (usage: " + std::string(cmd) + " " + usage + ")";
        const auto addr = number(w[1]);
        if (!addr) return "FAIL " + std::string(cmd) + ": bad number '" + std::string(w[1]) + "'";
        std::uint64_t value = 0;
        if (writes) {
            const auto v = number(w[2]);
            if (!v) return "FAIL " + std::string(cmd) + ": bad number '" + std::string(w[2]) + "'";
            value = *v;
        }
        if ((is_in || is_out) && *addr > 0xffff)
            return "FAIL " + std::string(cmd) + ": port " + std::string(w[1]) + " is above 0xffff";
        const std::uint64_t mask = size == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * size)) - 1;
        if (is_in) return format("OK 0x%04llx", p_.io_read(static_cast<std::uint16_t>(*addr), size) & mask);
        if (is_out) {
            p_.io_write(static_cast<std::uint16_t>(*addr), size, value & mask);
            return "OK";
        }
        if (is_read) return format("OK 0x%016llx", p_.mem_read(*addr, size) & mask);
        p_.mem_write(*addr, size, value & mask);
        return "OK";
    }

private:
    std::string buffer_command(const std::vector<std::string_view>& w) {
        using namespace detail;
        const bool write = w[0] == "write";
        if (w.size() < (write ? 4u : 3u))
            return std::string("FAIL ") + (write ? "write: missing argument (usage: write ADDRESS LENGTH 0xDATA)"
                                                 : "read: missing argument (usage: read ADDRESS LENGTH)");
        const auto addr = number(w[1]);
        const auto len = number(w[2]);
        if (!addr) return "FAIL " + std::string(w[0]) + ": bad number '" + std::string(w[1]) + "'";
        if (!len) return "FAIL " + std::string(w[0]) + ": bad number '" + std::string(w[2]) + "'";
        if ((!write && *len == 0) || *len > (1u << 20))  // QEMU asserts LEN != 0 for read only
            return "FAIL " + std::string(w[0]) + (write ? ": length must be at most 1048576" : ": length must be 1 to 1048576");
        std::vector<std::uint8_t> buf(*len);
        static constexpr char hex[] = "0123456789abcdef";
        if (!write) {
            p_.mem_read_bytes(*addr, buf.data(), buf.size());
            std::string out = "OK 0x";
            for (std::uint8_t b : buf) {
                out += hex[b >> 4];
                out += hex[b & 0xf];
            }
            return out;
        }
        const std::string_view data = w[3];
        if (data.size() < 3) return "ERR invalid argument size";
        auto nibble = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        for (std::size_t i = 0; i < buf.size(); ++i) {
            if (i * 2 + 4 > data.size()) break;  // QEMU: bytes past the data are 0
            // QEMU: hex2nib(hi) << 4 | hex2nib(lo) in a byte, hex2nib giving -1 for a non-digit.
            const int hi = nibble(data[i * 2 + 2]), lo = nibble(data[i * 2 + 3]);
            buf[i] = static_cast<std::uint8_t>((hi < 0 ? 0xf0 : hi << 4) | (lo < 0 ? 0xff : lo));
        }
        p_.mem_write_bytes(*addr, buf.data(), buf.size());
        return "OK";
    }

    static unsigned access_size(std::string_view cmd) {
        if (cmd.empty()) return 0;
        switch (cmd.back()) {
            case 'b': return 1;
            case 'w': return 2;
            case 'l': return 4;
            case 'q': return 8;
            default: return 0;
        }
    }
    static bool known_to_qemu(std::string_view c) {
        // The other commands QEMU 7.2's qtest.c answers on x86.
        for (std::string_view k : {"clock_step", "clock_set", "b64read", "b64write", "memset", "irq_intercept_in",
                                   "irq_intercept_out", "set_irq_in", "module_load"})
            if (c == k) return true;
        return false;
    }
    Platform& p_;
};

}  // namespace qtest

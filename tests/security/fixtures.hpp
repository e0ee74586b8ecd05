// SPDX-License-Identifier: MIT
// What every security regression test shares: hostile values, access sweeps, fenced devices, hardware.
//
// Security regressions (issue #7): one test per historical flaw class of PCI configuration-space
// and MSI-X emulation, each named after its advisory. Every test builds the device the way an
// emulator author would with regspace, makes the advisory's hostile guest accesses (every size and
// offset that matters, accesses spanning several fields, writes past the end), and asserts the
// exact outcome on both sides: what the guest reads, what the host or the hardware holds and was
// sent, and that nothing outside the modelled state changed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "pci/devices.hpp"

namespace regspace::test::security {
using u64 = std::uint64_t;

// What a hostile guest writes: all-zeros, all-ones, and patterns that differ in every byte.
inline constexpr std::array<u64, 4> hostile_values = {0, ~u64{0}, 0x5aa5c33c0ff0a55aull, 0x0123456789abcdefull};

// All-ones of `n` bytes: the answer to an invalid read (8 or more bytes: all 64 bits).
constexpr u64 ones(unsigned n) { return n >= 8 ? ~u64{0} : (u64{1} << (8 * n)) - 1; }
constexpr std::uint8_t byte_of(u64 v, unsigned i) { return static_cast<std::uint8_t>(v >> (8 * i)); }
constexpr bool covers(unsigned off, unsigned n, unsigned b) { return b >= off && b - off < n; }

// "write(0x5c, 4, 0x11223344)": how a failing access is named in the test output.
inline std::string hexstr(u64 v) {
    char buf[19];
    char* p = buf + sizeof buf;
    do {
        *--p = "0123456789abcdef"[v & 0xf];
        v >>= 4;
    } while (v);
    *--p = 'x';
    *--p = '0';
    return std::string(p, buf + sizeof buf);
}
// (Appends only: GCC 12 warns, wrongly, about "literal" + std::string.)
inline std::string describe_access(const char* what, u64 off, u64 n, u64 v) {
    std::string out = what;
    out += "(";
    out += hexstr(off);
    out += ", ";
    out += std::to_string(n);
    out += ", ";
    out += hexstr(v & ones(static_cast<unsigned>(n)));
    out += ")";
    return out;
}
inline std::string describe_access(u64 off, u64 n) {
    std::string out = "(";
    out += hexstr(off);
    out += ", size ";
    out += std::to_string(n);
    out += ")";
    return out;
}

// f(offset, size) for every access of the given sizes that touches a byte of [lo, hi) and lies
// inside [0, limit).
template <class F>
void for_each_access_touching(unsigned lo, unsigned hi, unsigned limit, std::initializer_list<unsigned> sizes, F&& f) {
    for (unsigned n : sizes)
        for (unsigned off = lo >= n - 1 ? lo - (n - 1) : 0; off < hi && off + n <= limit; ++off) f(off, n);
}
// f(offset, size) for every access of the given sizes lying inside [lo, hi).
template <class F>
void for_each_access_within(unsigned lo, unsigned hi, std::initializer_list<unsigned> sizes, F&& f) {
    for (unsigned n : sizes)
        for (unsigned off = lo; off + n <= hi; ++off) f(off, n);
}

// Byte `b` of a device's state (its lanes, little-endian).
template <std::size_t N>
std::uint8_t state_byte(const std::array<u64, N>& lanes, unsigned b) {
    return byte_of(lanes[b / 8], b % 8);
}
// True if no byte outside the access (off, n) differs between two states.
template <std::size_t N>
bool changed_only_within(const std::array<u64, N>& before, const std::array<u64, N>& after, unsigned off, unsigned n) {
    for (unsigned b = 0; b < N * 8; ++b)
        if (state_byte(before, b) != state_byte(after, b) && !covers(off, n, b)) return false;
    return true;
}

// A device between two canaries: "no memory outside the modelled state changed", literally. A
// store past the device's state would land in one of them (and ASan builds would report it).
template <class Dev>
struct fenced {
    static constexpr std::uint8_t canary = 0xc3;
    std::array<std::uint8_t, 256> before;
    Dev dev;
    std::array<std::uint8_t, 256> after;
    template <class... A>
    explicit fenced(A&&... a) : dev(std::forward<A>(a)...) {
        before.fill(canary);
        after.fill(canary);
    }
    [[nodiscard]] bool intact() const {
        for (std::size_t i = 0; i < before.size(); ++i)
            if (before[i] != canary || after[i] != canary) return false;
        return true;
    }
};

// The physical function behind a passthrough: its config bytes (as lspci dumps them) and every
// config write that reached it, with the bytes each one replaced.
struct hardware {
    struct write_record {
        unsigned offset, size;
        u64 value, replaced;
    };
    p::config_dump bytes;
    std::vector<write_record> writes;

    u64 read(unsigned off, unsigned n) const { return bytes.read(off, n); }
    void write(unsigned off, unsigned n, u64 v) {
        writes.push_back({off, n, v, bytes.read(off, n)});
        bytes.write(off, n, v);
    }
    [[nodiscard]] bool written_within(unsigned lo, unsigned hi) const {
        for (const write_record& w : writes)
            if (w.offset < hi && w.offset + w.size > lo) return true;
        return false;
    }
    [[nodiscard]] std::array<std::uint8_t, 4096> image() const {
        std::array<std::uint8_t, 4096> out{};
        for (unsigned i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(bytes.read(i, 1));
        return out;
    }
};

// A regspace device as the physical function, with the real hardware's RW1C semantics.
template <class Dev>
struct device_backing {
    Dev* dev;
    u64 read(unsigned off, unsigned n) const { return dev->peek(off, n); }
    void write(unsigned off, unsigned n, u64 v) { dev->write(off, n, v); }
};
}  // namespace regspace::test::security

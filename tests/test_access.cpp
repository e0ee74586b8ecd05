// SPDX-License-Identifier: MIT
// Unmapped-byte policies, the forwarding fallback, and invalid accesses.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "support/spaces.hpp"

namespace tests_access {

using namespace regspace;
using namespace regspace::test;

TEST_CASE("unmapped bytes read zero or all-ones, and writes to them vanish") {
    device<mmio_zero> z;
    device<mmio_ones> o;
    CHECK(z.read(0x07, 1) == 0x00);
    CHECK(o.read(0x07, 1) == 0xff);
    CHECK(o.read(0x06, 4) == 0xc301ffff);  // RW1C ff | gap ff | RW1S 01 | RC c3
    CHECK(o.read(0x38, 8) == ~0ull);
    o.write(0x38, 8, 0);
    CHECK(o.read(0x38, 8) == ~0ull);
    CHECK(o.read(0x19, 2) == 0xffff);
    CHECK(o.read(0x18, 2) == 0xff00);
}

namespace {
struct recorded {
    unsigned off, size;
    std::uint64_t value, mask;
};
struct layer_below {
    std::vector<recorded>* writes;
    std::uint64_t read(unsigned off, unsigned size) const {
        // A recognisable answer: every byte is its own config offset.
        std::uint64_t v = 0;
        for (unsigned i = 0; i < size; ++i) v |= std::uint64_t{(off + i) & 0xff} << (8 * i);
        return v;
    }
    void write(unsigned off, unsigned size, std::uint64_t v, std::uint64_t mask) const {
        writes->push_back({off, size, v, mask});
    }
};
using fwd_space = space<"layered", 256, r_ro, r_rw, r_rw1c, unmapped::forward>;
}  // namespace

TEST_CASE("forward: unmapped bytes come from the fallback, byte by byte") {
    std::vector<recorded> writes;
    device<fwd_space, no_hooks, layer_below> d(no_hooks{}, layer_below{&writes});
    CHECK(d.read(0x40, 4) == 0x43424140);  // wholly unmapped
    CHECK(d.read(0x06, 4) == 0x090807ff);  // RW1C ff, then the fallback's bytes 7..9
    CHECK(d.read(0x00, 4) == 0x11223344);  // wholly mapped: the fallback is not consulted
    d.write(0x04, 4, 0xaabbccdd);
    REQUIRE(writes.size() == 1);
    CHECK(writes[0].off == 0x04);
    CHECK(writes[0].mask == 0xff000000);  // byte 0x07 is the only unmapped one
    CHECK(writes[0].value == 0xaabbccdd);
    CHECK(d.read(0x04, 2) == 0xccdd);
}

TEST_CASE("invalid accesses: all-ones read, dropped write, visible status, no neighbour touched") {
    device<cfg_zero> d;  // 64-byte space, max_access 4
    const auto before = regspace::detail::device_access::state(d);
    struct bad {
        unsigned off, size;
        access_status why;
    };
    for (bad b : {bad{0, 0, access_status::bad_size}, bad{4, 3, access_status::bad_size},
                  bad{4, 5, access_status::bad_size}, bad{0, 8, access_status::bad_size},
                  bad{0, 16, access_status::bad_size}, bad{64, 1, access_status::out_of_range},
                  bad{62, 4, access_status::out_of_range}, bad{63, 2, access_status::out_of_range},
                  bad{0xffffffffu, 4, access_status::out_of_range},
                  bad{0xfffffffeu, 4, access_status::out_of_range}}) {
        CAPTURE(b.off);
        CAPTURE(b.size);
        const auto n = d.invalid_accesses();
        const std::uint64_t ones = b.size >= 8 ? ~0ull : (1ull << (b.size * 8)) - 1;
        CHECK(d.read(b.off, b.size) == ones);
        CHECK(d.last_status() == b.why);
        d.write(b.off, b.size, 0);
        CHECK(d.last_status() == b.why);
        CHECK(d.invalid_accesses() == n + 2);
        CHECK(regspace::detail::device_access::state(d) == before);
    }
    CHECK(d.read(60, 4) == 0);  // the last dword is a valid access
    CHECK(d.last_status() == access_status::ok);
}

TEST_CASE("typed guest access equals the offset-based access") {
    device<mmio_zero> a, b;
    a.write<r_rw1cs>(0x000f);
    b.write(0x16, 2, 0x000f);
    CHECK(regspace::detail::device_access::state(a) == regspace::detail::device_access::state(b));
    CHECK(a.read<r_rc>() == 0xc3);
    CHECK(a.read<r_rc>() == 0);
    CHECK(a.read<r_wide>() == 0x00abcdef01234567ull);
    CHECK(a.get<r_wide, "HI">() == 0xabcdef);
    a.set<r_wide, "HI">(0x1);
    CHECK(a.get<r_wide>() == 0x0000000101234567ull);
}

namespace {
// A space declared as a class of its own (what docs/performance.md recommends for big devices)
// behaves exactly as the same space<> used through an alias.
using named_a = reg<"A", 0x0, 4, field<"RW", 0, 8, access::rw>, bit<"C", 31, access::rw1c, 1>>;
using named_b = reg<"B", 0x8, 2, field<"V", 0, 16, access::ro, 0xbeef>>;
using toy_regs = space<"named", 16, named_a, named_b>;
struct named_regs : toy_regs {};
}  // namespace

TEST_CASE("a space may be a class derived from space<>, with the same behaviour") {
    static_assert(is_space<named_regs>::value && is_space<toy_regs>::value && !is_space<int>::value);
    device<named_regs> n;
    device<toy_regs> a;
    CHECK(n.get<named_b>() == 0xbeef);
    CHECK(n.get<named_a, "C">() == 1);
    for (unsigned off = 0; off < 17; ++off)
        for (unsigned size : {1u, 2u, 3u, 4u, 8u}) {
            CAPTURE(off);
            CAPTURE(size);
            n.write(off, size, 0xffffffff);
            a.write(off, size, 0xffffffff);
            CHECK(n.read(off, size) == a.read(off, size));
            CHECK(n.last_status() == a.last_status());
            CHECK(regspace::detail::device_access::state(n) == regspace::detail::device_access::state(a));
        }
    CHECK(n.get<named_a, "C">() == 0);  // cleared by the all-ones writes (RW1C)
    CHECK(n.get<named_a, "RW">() == 0xff);
}

TEST_CASE("typed access to a piecewise register wider than the space's largest access") {
    device<cfg_zero> d;  // max_access 4; WIDE is 8 bytes, piecewise
    CHECK(d.read<r_wide>() == 0x00abcdef'01234567ull);
    d.write<r_wide>(0x0000000f'89abcdefull);  // LO stored, HI is RW1C: 0xf clears
    CHECK(d.read<r_wide>() == 0x00abcde0'89abcdefull);
    CHECK(d.read(0x20, 4) == 0x89abcdef);
    CHECK(d.last_status() == access_status::ok);
}
}  // namespace tests_access

// SPDX-License-Identifier: MIT
// access_size.hpp: size rules on registers and ranges. QEMU's edu device is the model: its
// memory region takes 4- and 8-byte naturally aligned accesses (others read 0), its handler only
// 4-byte ones below 80h (an 8-byte read there is all-ones) (QEMU 7.2 hw/misc/edu.c,
// softmmu/memory.c memory_region_access_valid). The comparison with the reference model at every
// size and offset is in test_policies.cpp.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include <regspace.hpp>
#include <regspace/explain.hpp>
#include <regspace/print.hpp>

namespace tests_access_size {

using namespace regspace;

namespace {
using id = reg<"ID", 0x00, 4, field<"ID", 0, 32, access::ro, 0x010000ed>>;
using live = reg<"LIVENESS", 0x04, 4, field<"V", 0, 32, access::rw>>;
using src = reg<"DMA_SRC", 0x80, 8, field<"A", 0, 64, access::rw>>;
using ctl = reg<"CTL", 0x100, 4, accepts<sizes<4>>, field<"V", 0, 32, access::rw>>;
using bytes = reg<"BYTES", 0x108, 4, accepts<sizes<4>, writes_only>, field<"V", 0, 32, access::rw, 0x11223344>>;
struct bank : space<"edu-like", 0x1000, max_access<8>, unmapped::read_ones,
                    range_accepts<0, 0x1000, sizes<4, 8>, naturally_aligned, refused_reads_zero>,
                    range_accepts<0, 0x80, sizes<4>>, id, live, src, ctl, bytes> {};

// The rules at compile time: the first refusing rule answers.
constexpr auto& rules = detail::size_rules_of<bank>;
static_assert(rules.size() == 4);  // two ranges, then CTL and BYTES
static_assert(detail::refusing_rule(rules, 0, 4, false) == nullptr);
static_assert(detail::refusing_rule(rules, 0, 1, false) == &rules[0]);  // the bank: reads 0
static_assert(detail::refusing_rule(rules, 2, 4, true) == &rules[0]);   // unaligned
static_assert(detail::refusing_rule(rules, 0, 8, false) == &rules[1]);  // 8 bytes below 80h: all-ones
static_assert(detail::refusing_rule(rules, 0x80, 8, false) == nullptr);
static_assert(detail::refusing_rule(rules, 0x100, 8, true) == &rules[2]);  // CTL takes 4 only
static_assert(detail::refusing_rule(rules, 0x108, 8, false) == nullptr);   // BYTES: reads of any size
static_assert(detail::refusing_rule(rules, 0x108, 8, true) == &rules[3]);

constexpr std::uint64_t constexpr_access() {
    device<bank> d;
    d.write(0x04, 2, 0xffff);  // refused: nothing stored
    return d.read(0x04, 4) + d.read(0x00, 2);
}
static_assert(constexpr_access() == 0);
}  // namespace

TEST_CASE("size rules: refused accesses answer as the rule says, change nothing and are counted") {
    device<bank> d;
    CHECK(d.read(0x00, 4) == 0x010000ed);
    CHECK(d.last_status() == access_status::ok);
    CHECK(d.read(0x00, 1) == 0);  // the bank's rule: reads 0
    CHECK(d.last_status() == access_status::size_refused);
    CHECK(d.read(0x00, 2) == 0);
    CHECK(d.read(0x02, 4) == 0);  // unaligned
    CHECK(d.read(0x00, 8) == ~0ull);  // below 80h only 4 bytes: all-ones
    CHECK(d.last_status() == access_status::size_refused);
    CHECK(d.invalid_accesses() == 4);

    d.write(0x04, 4, 0x12345678);
    d.write(0x04, 2, 0xffff);
    d.write(0x05, 1, 0xff);
    d.write(0x00, 8, ~0ull);
    CHECK(d.read(0x04, 4) == 0x12345678);
    CHECK(d.invalid_accesses() == 7);

    d.write(0x80, 8, 0x1122334455667788);  // 80h on: 4 or 8 bytes
    CHECK(d.read(0x80, 8) == 0x1122334455667788);
    d.write(0x84, 4, 0xaabbccdd);
    CHECK(d.read(0x80, 8) == 0xaabbccdd55667788);
    d.write(0x82, 4, 0);  // unaligned: refused
    CHECK(d.read(0x80, 8) == 0xaabbccdd55667788);
    CHECK(d.read(0x800, 4) == 0xffffffff);  // unmapped, taken: the space's answer
    CHECK(d.read(0x800, 2) == 0);           // unmapped, refused by the bank's rule
}

TEST_CASE("size rules: on a register, and for writes only") {
    device<bank> d;
    d.write(0x100, 4, 0xcafe);
    d.write(0x100, 8, ~0ull);  // CTL takes 4 bytes: the 8-byte write touches it and is refused
    CHECK(d.read(0x100, 4) == 0xcafe);
    CHECK(d.read(0x100, 8) == ~0ull);  // a read of 8 is refused too (all-ones by default)
    CHECK(d.last_status() == access_status::size_refused);
    // BYTES refuses 8-byte writes, takes reads of any size the bank does.
    CHECK(d.read(0x108, 8) == 0xffffffff'11223344);  // then 4 unmapped bytes (all-ones)
    CHECK(d.last_status() == access_status::ok);
    d.write(0x108, 8, 0);
    CHECK(d.last_status() == access_status::size_refused);
    CHECK(d.read(0x108, 4) == 0x11223344);
    // The typed guest access is always of the register's own width: taken.
    d.write<ctl>(7);
    CHECK(d.read<ctl>() == 7);
}

TEST_CASE("size rules: describe lists them, explain names the rule that refused") {
    constexpr space_info s = describe<bank>();
    REQUIRE(s.size_rules.size() == 4);
    CHECK(s.size_rules[1].begin == 0);
    CHECK(s.size_rules[1].end == 0x80);
    CHECK(s.size_rules[1].sizes == (1u << 4));
    CHECK(s.size_rules[2].reg == "CTL");
    CHECK(s.size_rules[3].writes_only);

    device<bank> d;
    const explanation e = explain_read(d, 0x00, 8);
    CHECK(e.status == access_status::size_refused);
    REQUIRE(e.size_rule != nullptr);
    CHECK(e.size_rule->end == 0x80);
    const std::string text = to_text(e);
    CHECK(text.find("refused: bytes 0x000-0x07f take accesses of 4 bytes; reads all-ones") != std::string::npos);
    const std::string w = to_text(explain_write(d, 0x100, 2, 1));
    CHECK(w.find("refused: bytes 0x000-0xfff take accesses of 4, 8 bytes, naturally aligned; write dropped") !=
          std::string::npos);
    const std::string r = to_text(explain_write(d, 0x100, 8, 1));
    CHECK(r.find("refused: register CTL takes accesses of 4 bytes; write dropped") != std::string::npos);
}
// A space of one size rule: the device names that rule without searching (device::refuse), and
// where the rule covers the whole space and wants alignment, the accesses go at their own width
// and a refused read is answered inline. Both spaces answer as the rule says.
namespace {
using dword = reg<"DW", 0x10, 4, field<"V", 0, 32, access::rw, 0xa5a5a5a5>>;
struct one_rule_bank : space<"one rule", 0x1000, max_access<8>, range_accepts<0, 0x1000, sizes<4>, naturally_aligned, refused_reads_zero>,
                             dword> {};
struct one_partial_rule : space<"one partial rule", 0x200, max_access<8>,
                                range_accepts<0x100, 0x200, sizes<4>, refused_reads_zero>, dword> {};
static_assert(detail::size_rules_of<one_rule_bank>.size() == 1 && detail::size_rules_of<one_partial_rule>.size() == 1);
static_assert(detail::device_access::at_own_width<device<one_rule_bank>>);

constexpr std::uint64_t one_rule_reads() {
    device<one_rule_bank> d;
    return d.read(0x10, 2) + d.read(0x12, 4) + (d.read(0x10, 4) == 0xa5a5a5a5 ? 1 : 0);
}
static_assert(one_rule_reads() == 1);  // refused reads 0; the taken one reads the register
}  // namespace

TEST_CASE("size rules: a space of one rule answers as that rule says") {
    device<one_rule_bank> d;
    CHECK(d.read(0x10, 4) == 0xa5a5a5a5);
    CHECK(d.last_status() == access_status::ok);
    CHECK(d.read(0x10, 2) == 0);  // refused by the rule: reads 0
    CHECK(d.last_status() == access_status::size_refused);
    CHECK(d.read(0x12, 4) == 0);  // unaligned
    CHECK(d.last_status() == access_status::size_refused);
    CHECK(d.read(0x10, 9) == ~0ull);  // no such size: all-ones, whatever the rule says
    CHECK(d.last_status() == access_status::bad_size);
    CHECK(d.read(0x1000, 4) == 0xffffffff);  // past the end: all-ones
    CHECK(d.last_status() == access_status::out_of_range);
    d.write(0x10, 2, 0);
    CHECK(d.last_status() == access_status::size_refused);
    d.write(0xffe, 4, 0);
    CHECK(d.last_status() == access_status::out_of_range);
    CHECK(d.read(0x10, 4) == 0xa5a5a5a5);
    CHECK(d.invalid_accesses() == 6);

    device<one_partial_rule> p;
    CHECK(p.read(0x10, 2) == 0xa5a5);  // outside the rule's range: any size
    CHECK(p.last_status() == access_status::ok);
    CHECK(p.read(0x100, 2) == 0);  // inside: 4 bytes only, refused reads 0
    CHECK(p.last_status() == access_status::size_refused);
    CHECK(p.read(0x1fe, 4) == 0xffffffff);  // runs past the end
    CHECK(p.last_status() == access_status::out_of_range);
}
}  // namespace tests_access_size

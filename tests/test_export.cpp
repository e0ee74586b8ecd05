// SPDX-License-Identifier: MIT
// Generated documentation: WaveDrom reg JSON, Markdown reference, JSON register map.
#include <doctest/doctest.h>

#include <string>

#include <regspace/export.hpp>
#include <regspace/introspect.hpp>

#include "support/spaces.hpp"

namespace tests_export {

using namespace regspace;

namespace {
using pmcsr = reg<"PMCSR", 0x44, 2, doc<"Power Management Control/Status">, spec<"PCI PM 1.2 §3.2.4">,
                  field<"PS", 0, 2, access::rw, 0, "power state", values<value<0, "D0">, value<3, "D3hot">>>,
                  bit<"NSR", 3, access::ro, 1, "no soft reset">,
                  bit<"PME", 15, access::rw1cs, 0, "PME status", spec<"PCI PM 1.2 §3.2.4 table 9">>>;
using lockreg = reg<"CTL", 0x48, 1, bit<"LOCK", 7, access::rw1s>, field<"MODE", 0, 4, access::rw_lock<"CTL", "LOCK">>>;
using sp = space<"doc \"test\"", 256, pmcsr, lockreg>;
constexpr space_info info = describe<sp>();
}  // namespace

TEST_CASE("WaveDrom reg JSON: fields from bit 0 up, gaps unnamed, the register's width in all") {
    const std::string j = wavedrom_reg(info.registers[0]);
    CHECK(j ==
          "{\"reg\": [\n"
          "  {\"name\": \"PS\", \"bits\": 2, \"attr\": \"RW\", \"type\": 4},\n"
          "  {\"bits\": 1},\n"
          "  {\"name\": \"NSR\", \"bits\": 1, \"attr\": \"RO\", \"type\": 2},\n"
          "  {\"bits\": 11},\n"
          "  {\"name\": \"PME\", \"bits\": 1, \"attr\": \"RW1CS\", \"type\": 5}\n"
          "], \"config\": {\"bits\": 16, \"lanes\": 1, \"hspace\": 640, \"vspace\": 80}}\n");
    // A name wider than its field is rotated, and the diagram grows to hold it.
    using wide = reg<"W", 0, 1, bit<"NO_SOFT_RESET", 0, access::ro>, field<"LONG_NAME", 1, 7, access::rw>>;
    const std::string w = wavedrom_reg(describe<space<"w", 16, wide>>().registers[0]);
    CHECK(w.find("\"NO_SOFT_RESET\", \"bits\": 1, \"attr\": \"RO\", \"type\": 2, \"rotate\": -90}") != std::string::npos);
    CHECK(w.find("\"LONG_NAME\", \"bits\": 7, \"attr\": \"RW\", \"type\": 4}") != std::string::npos);
    CHECK(w.find("\"vspace\": 165}") != std::string::npos);  // 13 characters x 8.4 px + 56
}

TEST_CASE("Markdown reference: summary row, field rows high bit first, named values, locks, spec") {
    const std::string md = markdown_reference(info, {"Test", "intro", {}, false, "svg/test"});
    CHECK(md.find("# Test\n") == 0);
    CHECK(md.find("| 0x44 | [PMCSR](#0x44-PMCSR) | 16 | 0x0008 | Power Management Control/Status | PCI PM 1.2 §3.2.4 |") !=
          std::string::npos);
    CHECK(md.find("![PMCSR bit layout](svg/test/0x44-PMCSR.svg)") != std::string::npos);
    const auto pme = md.find("| 15 | PME | RW1CS | 0 | PME status (PCI PM 1.2 §3.2.4 table 9) |");
    const auto ps = md.find("| 1:0 | PS | RW | 0 | power state: 0 = D0, 3 = D3hot |");
    REQUIRE(pme != std::string::npos);
    REQUIRE(ps != std::string::npos);
    CHECK(pme < ps);
    CHECK(md.find("| 3:0 | MODE | RW-L | 0 | locked by CTL.LOCK |") != std::string::npos);
    // Only the chosen block's registers (none here are in a block).
    CHECK(markdown_reference(info, {"T", "", "NOPE", false, {}}).find("PMCSR") == std::string::npos);
    CHECK(md.find("guest accesses of 1, 2, 4 bytes at any offset; bytes no register covers: read-zero.") !=
          std::string::npos);
}

TEST_CASE("Markdown reference: the size rules of ranges and registers, as the guest path applies them") {
    using fact = reg<"FACT", 0x08, 4, accepts<sizes<4>, writes_only>, field<"N", 0, 32, access::rw>>;
    using ruled = space<"ruled", 0x100, max_access<8>, range_accepts<0x80, 0x100, sizes<4, 8>, naturally_aligned>,
                        range_accepts<0x40, 0x80, sizes<2>, refused_reads_zero>, fact>;
    const std::string md = markdown_reference(describe<ruled>(), {"R", "", {}, false, {}});
    INFO(md);
    CHECK(md.find("guest accesses of 1, 2, 4, 8 bytes; ") != std::string::npos);
    CHECK(md.find("at any offset") == std::string::npos);
    CHECK(md.find("bytes 0x80-0xff take only 4, 8 bytes, naturally aligned (others are refused: a read returns "
                  "all-ones, a write changes nothing)") != std::string::npos);
    CHECK(md.find("bytes 0x40-0x7f take only 2 bytes (others are refused: a read returns 0") != std::string::npos);
    CHECK(md.find("register FACT takes only 4 bytes for writes (others") != std::string::npos);
}

TEST_CASE("JSON register map: escaped strings, every register and field, values and locks") {
    const std::string j = json_register_map(info);
    CHECK(j.find("\"name\": \"doc \\\"test\\\"\"") != std::string::npos);
    CHECK(j.find("{\"name\": \"PS\", \"lsb\": 0, \"width\": 2, \"access\": \"RW\", \"reset\": 0, "
                 "\"description\": \"power state\", \"spec\": \"\", \"values\": [{\"value\": 0, \"name\": \"D0\"}, "
                 "{\"value\": 3, \"name\": \"D3hot\"}]}") != std::string::npos);
    CHECK(j.find("\"lock\": {\"register\": \"CTL\", \"field\": \"LOCK\"}") != std::string::npos);
    CHECK(j.find("\"offset\": 68") < j.find("\"offset\": 72"));
    // Balanced brackets: a cheap structural check (docs.json_valid parses the shipped maps).
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < j.size(); ++i) {
        if (j[i] == '\\') { ++i; continue; }
        if (j[i] == '"') in_string = !in_string;
        if (in_string) continue;
        if (j[i] == '{' || j[i] == '[') ++depth;
        if (j[i] == '}' || j[i] == ']') --depth;
        CHECK(depth >= 0);
    }
    CHECK(depth == 0);
}
}  // namespace tests_export

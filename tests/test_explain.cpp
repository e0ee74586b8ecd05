// SPDX-License-Identifier: MIT
// Explain traces: what an access did and why, computed from the descriptors and the state before
// and after; and the text printers.
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <regspace/explain.hpp>
#include <regspace/print.hpp>

#include "support/spaces.hpp"

namespace tests_explain {

using namespace regspace;
using namespace regspace::test;

namespace {
const field_effect* field_named(const explanation& e, std::string_view reg, std::string_view f) {
    for (const register_effect& r : e.registers)
        if (r.reg->name == reg)
            for (const field_effect& fe : r.fields)
                if (fe.field && fe.field->name == f) return &fe;
    return nullptr;
}

// A register with a rule, hooks with a veto, and an action that changes another register.
constexpr std::uint64_t clamp_mode(std::uint64_t, std::uint64_t now) { return (now & 0x3) > 2 ? (now & ~0x3ull) | 2 : now; }
struct bump {
    template <class D>
    static void on_write(D& dev, const write_event&);
};
using mode_reg = reg<"MODE", 0x00, 1, rule<clamp_mode>, action<bump>,
                     field<"M", 0, 2, access::rw, 0, "mode", values<value<0, "off">, value<1, "slow">, value<2, "fast">>>>;
using count_reg = reg<"COUNT", 0x04, 4, field<"N", 0, 32, access::ro, 0, "mode changes">>;
using guard_reg = reg<"GUARD", 0x08, 4, field<"ADDR", 0, 32, access::rw>>;
using logic_space = space<"logic", 16, mode_reg, count_reg, guard_reg>;
template <class D>
void bump::on_write(D& dev, const write_event&) {
    dev.template set<count_reg>(dev.template get<count_reg>() + 1);
}
struct veto_hooks {
    bool frozen = false;
    using hooked = regspace::hooked<guard_reg, mode_reg>;
    bool filter_write(guard_reg, auto&, write_proposal&) { return !frozen; }
    void on_write(mode_reg, auto&, const write_event&) {}
};
struct throwing {
    using hooked = regspace::hooked<guard_reg>;
    void on_write(guard_reg, auto&, const write_event&) { throw std::runtime_error("model failure"); }
};
}  // namespace

TEST_CASE("explain: each policy's reason for written bits that were not stored") {
    device<cfg_zero> d;
    // RO: every differing bit is ignored as read-only; the state does not change.
    explanation e = explain_write(d, 0x00, 4, 0);
    const field_effect* ro = field_named(e, "RO", "V");
    REQUIRE(ro != nullptr);
    CHECK(ro->why == ignore_reason::read_only);
    CHECK(ro->ignored == 0x11223344);
    CHECK(ro->new_value == ro->old_value);

    // RW: stored, nothing ignored.
    e = explain_write(d, 0x04, 2, 0x1234);
    const field_effect* rw = field_named(e, "RW", "V");
    REQUIRE(rw != nullptr);
    CHECK(rw->old_value == 0xa5a5);
    CHECK(rw->new_value == 0x1234);
    CHECK(rw->ignored == 0);
    CHECK(rw->device_changed == 0);

    // RW1C: the 1s clear, the 0s keep.
    e = explain_write(d, 0x06, 1, 0x0f);
    const field_effect* c = field_named(e, "RW1C", "V");
    REQUIRE(c != nullptr);
    CHECK(c->cleared == 0x0f);
    CHECK(c->new_value == 0xf0);
    CHECK(c->why == ignore_reason::write_1_to_clear);

    // RWO: the first write is stored, the second is ignored as spent.
    e = explain_write(d, 0x0c, 4, 0xabcd);
    CHECK(field_named(e, "RWO", "V")->ignored == 0);
    e = explain_write(d, 0x0c, 4, 0x1);
    CHECK(field_named(e, "RWO", "V")->why == ignore_reason::write_once_spent);
    CHECK(field_named(e, "RWO", "V")->ignored == (0xabcd ^ 0x1));

    // RW-L: writable until LOCK.L is set (the lock is sampled before the access).
    e = explain_write(d, 0x1c, 2, 0x55);
    CHECK(field_named(e, "RWL", "V")->ignored == 0);
    d.write(0x18, 1, 1);
    e = explain_write(d, 0x1c, 2, 0xaa);
    const field_effect* l = field_named(e, "RWL", "V");
    CHECK(l->why == ignore_reason::locked);
    CHECK(l->lock_register == "LOCK");
    CHECK(l->lock_field == "L");
    CHECK(l->ignored == (0x55 ^ 0xaa));

    // Reserved fields and undeclared bits: written 1s ignored.
    e = explain_write(d, 0x12, 2, 0xffff);
    CHECK(field_named(e, "RSVD", "P")->why == ignore_reason::reserved);
    CHECK(field_named(e, "RSVD", "P")->ignored == 0xff);
    e = explain_write(d, 0x28, 2, 0xffff);  // MIXED: bits 4-7 and 12-15 are undeclared
    const register_effect& mixed = e.registers.at(0);
    CHECK(mixed.reg->name == "MIXED");
    const field_effect& undeclared = mixed.fields.back();
    CHECK(undeclared.field == nullptr);
    CHECK(undeclared.ignored == 0xf0f0);
    CHECK(field_named(e, "MIXED", "C")->why == ignore_reason::read_only);
    CHECK(field_named(e, "MIXED", "C")->ignored == 0);  // wrote 1 over 1: nothing lost
    CHECK(field_named(e, "MIXED", "D")->set == 1);

    // The MMIO policies: RW1T toggles (set and cleared bits), RW0C / RW0S act on written 0s,
    // a strobe stores nothing.
    e = explain_write(d, 0x2a, 2, 0x0101);  // RW1T, reset 0x0ff0
    const field_effect* t = field_named(e, "RW1T", "V");
    CHECK(t->why == ignore_reason::write_1_to_toggle);
    CHECK(t->set == 0x0001);   // bit 0 was 0
    CHECK(t->cleared == 0x0100);  // bit 8 was 1
    CHECK(t->new_value == 0x0ef1);
    CHECK(t->device_changed == 0);
    e = explain_write(d, 0x2c, 2, 0xfe0f);
    CHECK(field_named(e, "RW0C", "V")->why == ignore_reason::write_0_to_clear);
    CHECK(field_named(e, "RW0C", "V")->cleared == 0xf0);
    CHECK(field_named(e, "RW0S", "V")->why == ignore_reason::write_0_to_set);
    CHECK(field_named(e, "RW0S", "V")->set == 0x01);
    e = explain_write(d, 0x2e, 2, 0xbeef);
    const field_effect* st = field_named(e, "STROBE", "V");
    CHECK(st->why == ignore_reason::strobe);
    CHECK(st->ignored == 0xbeef);
    CHECK(st->new_value == 0);
    CHECK(st->device_changed == 0);

    // RC on a read: the value is seen, then cleared.
    e = explain_read(d, 0x09, 1);
    CHECK(e.value == 0xc3);
    CHECK(field_named(e, "RC", "V")->seen == 0xc3);
    CHECK(field_named(e, "RC", "V")->cleared == 0xc3);
    CHECK(d.peek(0x09, 1) == 0);
}

TEST_CASE("explain: an access spanning registers and gaps, and refused accesses") {
    device<mmio_zero> d;
    explanation e = explain_write(d, 0x04, 8, ~std::uint64_t{0});  // RW, RW1C, gap 0x07, RW1S, RC, WO
    REQUIRE(e.status == access_status::ok);
    REQUIRE(e.registers.size() == 5);
    CHECK(e.registers[0].reg->name == "RW");
    CHECK(e.registers[4].reg->name == "WO");
    CHECK(e.unmapped == std::uint64_t{0xff} << 24);  // byte 3 of the access is offset 0x07

    const auto before = regspace::detail::device_access::state(d);
    e = explain_write(d, 0x3e, 4, 0);
    CHECK(e.status == access_status::out_of_range);
    CHECK(e.registers.empty());
    e = explain_read(d, 0x00, 3);
    CHECK(e.status == access_status::bad_size);
    CHECK(e.value == 0xffffff);
    CHECK(regspace::detail::device_access::state(d) == before);
    CHECK(to_text(e).find("refused: size 3") != std::string::npos);
}

TEST_CASE("explain: rules, actions, vetoes and hooks are reported") {
    device<logic_space, veto_hooks> d;
    explanation e = explain_write(d, 0x00, 1, 3);  // rule clamps 3 to 2; action counts
    const field_effect* m = field_named(e, "MODE", "M");
    REQUIRE(m != nullptr);
    CHECK(m->new_value == 2);
    CHECK(m->device_changed == 1);  // the policy alone would have stored 3
    REQUIRE(e.logic.size() == 3);
    CHECK(e.logic[0].what == device_logic::rule);
    CHECK(e.logic[0].before == 3);
    CHECK(e.logic[0].after == 2);
    CHECK(e.logic[1].what == device_logic::on_write);
    CHECK(e.logic[2].what == device_logic::action);
    // COUNT was not accessed but changed: reported as changed by device logic.
    REQUIRE(e.registers.size() == 2);
    CHECK(e.registers[1].reg->name == "COUNT");
    CHECK_FALSE(e.registers[1].touched);
    CHECK(e.registers[1].new_value == 1);

    d.hooks().frozen = true;
    e = explain_write(d, 0x08, 4, 0x1000);
    REQUIRE(e.logic.size() == 1);
    CHECK(e.logic[0].what == device_logic::write_refused);
    CHECK(e.logic[0].after == 0x1000);
    CHECK(field_named(e, "GUARD", "ADDR")->device_changed == 0x1000);
    // The observer is detached afterwards: plain accesses report nothing anywhere.
    d.hooks().frozen = false;
    d.write(0x08, 4, 0x2000);
    CHECK(d.get<guard_reg>() == 0x2000);
}

TEST_CASE("explain_read/explain_write do exactly what read/write do") {
    device<mmio_ones> a, b;
    std::mt19937_64 rng(42);
    for (int i = 0; i < 4000; ++i) {
        const auto off = static_cast<unsigned>(rng() % 72);
        const unsigned size = 1u << (rng() % 4);
        const std::uint64_t v = rng();
        if (rng() % 2) {
            const explanation e = explain_write(a, off, size, v);
            b.write(off, size, v);
            CHECK(e.status == b.last_status());
        } else {
            const explanation e = explain_read(a, off, size);
            CHECK(e.value == b.read(off, size));
        }
        REQUIRE(regspace::detail::device_access::state(a) == regspace::detail::device_access::state(b));
        REQUIRE(regspace::detail::device_access::write_once_spent(a) == regspace::detail::device_access::write_once_spent(b));
    }
}

TEST_CASE("text: a decoded register and an explain trace") {
    using cmd = reg<"COMMAND", 0x04, 2, doc<"Command">, spec<"PCI LB 3.0 §6.2.2">,
                    bit<"IOSE", 0, access::rw, 0, "I/O space enable">, bit<"MSE", 1, access::rw, 0, "memory space enable">,
                    field<"PS", 2, 2, access::ro, 3, "power state", values<value<0, "D0">, value<3, "D3hot">>>>;
    using sp = space<"text", 16, cmd>;
    device<sp> d;
    const std::string dec = decode_register(describe<sp>().registers[0], d.peek(4, 2));
    CHECK(dec ==
          "0x004 COMMAND       = 0x000c  Command  (PCI LB 3.0 §6.2.2)\n"
          "      [0]      IOSE     RW     0                I/O space enable\n"
          "      [1]      MSE      RW     0                memory space enable\n"
          "      [3:2]    PS       RO     3 (D3hot)        power state\n");
    const std::string t = to_text(explain_write(d, 4, 2, 0xfff2));
    CHECK(t ==
          "write 2 bytes at 0x004 = 0xfff2  text\n"
          "  0x004 COMMAND       0x000c -> 0x000e  (PCI LB 3.0 §6.2.2)\n"
          "      IOSE          [0]         RW     0\n"
          "      MSE           [1]         RW     0 -> 1\n"
          "      PS            [3:2]       RO     3 (D3hot)  wrote 0, ignored: read-only\n"
          "      (undeclared)  [15:4]      RsvdP  written 1s ignored: reserved, no field declares them\n");
    // Colour only when asked for, and never under NO_COLOR.
    CHECK(to_text(explain_read(d, 4, 2), text_style{true}).find("\x1b[") != std::string::npos);
    CHECK(to_text(explain_read(d, 4, 2)).find("\x1b[") == std::string::npos);
    setenv("NO_COLOR", "1", 1);
    CHECK_FALSE(text_style::for_stream(stdout).color);
    unsetenv("NO_COLOR");
}

TEST_CASE("explain: each element of a repeat<> is locked by its own lock, and write-once bits are spent per byte") {
    using ctl = reg<"CTL", 0x0, 1, bit<"LOCK", 0, access::rw1s>>;
    using data = reg<"DATA", 0x4, 4, field<"V", 0, 16, access::rw_lock<"CTL", "LOCK">>>;
    using chan = block<"CHAN", ctl, data>;
    using once = reg<"ONCE", 0x40, 4, field<"BASE", 0, 32, access::rwo>>;
    using sp = space<"chans", 128, repeat<chan, 0x0, 2, 0x10>, once>;
    device<sp> d;
    d.write(0x10, 1, 1);  // lock channel 1 only
    explanation e = explain_write(d, 0x14, 2, 0xbeef);
    const field_effect* v = field_named(e, "DATA", "V");
    REQUIRE(v != nullptr);
    CHECK(e.registers[0].element == 1);
    CHECK(v->why == ignore_reason::locked);
    CHECK(v->ignored == 0xbeef);
    CHECK(v->device_changed == 0);
    e = explain_write(d, 0x04, 2, 0xbeef);  // channel 0 is not locked
    CHECK(field_named(e, "DATA", "V")->ignored == 0);
    CHECK(d.read(0x04, 2) == 0xbeef);

    // RWO: a byte write spends byte 0 only; a later dword write stores bytes 1-3.
    e = explain_write(d, 0x40, 1, 0xaa);
    CHECK(field_named(e, "ONCE", "BASE")->spent_write_once);
    e = explain_write(d, 0x40, 4, 0x12345678);
    const field_effect* b = field_named(e, "ONCE", "BASE");
    CHECK(d.read(0x40, 4) == 0x123456aa);
    CHECK(b->new_value == 0x123456aa);
    CHECK(b->why == ignore_reason::write_once_spent);
    CHECK(b->ignored == ((0x78 ^ 0xaa) & 0xff));
    CHECK(b->device_changed == 0);
}

TEST_CASE("explain: a hook that throws leaves no observer behind") {
    device<logic_space, throwing> d;
    CHECK_THROWS_AS((void)explain_write(d, 0x08, 4, 1), std::runtime_error);
    CHECK(regspace::detail::device_access::observe(d, nullptr) == nullptr);  // the explain frame's observer was taken back
}
}  // namespace tests_explain

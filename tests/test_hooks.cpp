// SPDX-License-Identifier: MIT
// Dynamic fields: read hooks, write hooks with the event (old, new, byte enables, element),
// pre-write filters, hooks on repeat<> elements, hook_set parts, and their cost model (which
// registers take the hooked path). What fails to compile: tests/compile_fail/hook_*.cpp.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include <regspace.hpp>

namespace tests_hooks {

using namespace regspace;

namespace {
using command = reg<"COMMAND", 0x04, 2, bit<"IOSE", 0, access::rw>, bit<"MSE", 1, access::rw>,
                    bit<"BME", 2, access::rw>>;
using status = reg<"STATUS", 0x06, 2, bit<"INTS", 3, access::ro>, bit<"RMA", 13, access::rw1c>>;
using counter = reg<"COUNTER", 0x08, 4, field<"N", 0, 32, access::ro>>;
using bar = reg<"BAR0", 0x10, 4, field<"ADDR", 12, 20, access::rw>, field<"TYPE", 0, 4, access::ro>>;
using entry = reg<"ENTRY", 0x0, 4, field<"DATA", 0, 32, access::rw>>;
using table = block<"TABLE", entry>;
using hspace = space<"hooks", 64, command, status, counter, bar, repeat<table, 0x20, 8, 4>>;

struct logged {
    unsigned reg;
    std::uint64_t old, now, written, byte_enables;
};

struct model_hooks {
    std::vector<logged>* log = nullptr;
    std::uint32_t reads = 0;
    bool decoding = false;  // memory decode on: the BAR must not move

    using hooked = regspace::hooked<counter, command, bar, entry>;
    std::uint64_t on_read(counter, auto&, const read_event&) { return ++reads; }
    void on_write(command, auto&, const write_event& e) {
        log->push_back({0x04, e.old, e.now, e.written, e.byte_enables});
        decoding = e.now & 2;
    }
    bool filter_write(bar, auto&, write_proposal&) { return !decoding; }
    void on_write(entry, auto&, const write_event& e) {
        log->push_back({0x20 + 4 * e.index, e.old, e.now, e.written, e.byte_enables});
    }
};
}  // namespace

TEST_CASE("read hook supplies the value the guest sees") {
    std::vector<logged> log;
    device<hspace, model_hooks> d(model_hooks{&log});
    CHECK(d.read(0x08, 4) == 1);
    CHECK(d.read(0x08, 4) == 2);
    CHECK(d.read(0x0a, 1) == 0);  // the hook answers byte reads too, bytes of its value
    CHECK(d.hooks().reads == 3);
    CHECK(d.read(0x04, 4) == 0);  // COMMAND/STATUS have no read hook: not called
    CHECK(d.hooks().reads == 3);
}

TEST_CASE("write hook sees old and new value, after policy") {
    std::vector<logged> log;
    device<hspace, model_hooks> d(model_hooks{&log});
    d.write(0x04, 2, 0xffff);
    REQUIRE(log.size() == 1);
    CHECK(log[0].old == 0);
    CHECK(log[0].now == 0x7);  // only the declared RW bits stuck
    d.write(0x06, 2, 0xffff);  // STATUS has no hook
    CHECK(log.size() == 1);
    d.write(0x05, 1, 0x00);  // a byte of COMMAND still reaches the hook
    REQUIRE(log.size() == 2);
    CHECK(log[1].old == 0x7);
    CHECK(log[1].now == 0x7);
    // The byte enables say which bytes the guest wrote, `written` what it wrote there.
    CHECK(log[0].byte_enables == 0xffff);
    CHECK(log[0].written == 0xffff);
    CHECK(log[1].byte_enables == 0xff00);
    CHECK(log[1].written == 0);
    d.write(0x03, 2, 0xab00);  // the last byte of 0x00 and the first of COMMAND
    REQUIRE(log.size() == 3);
    CHECK(log[2].byte_enables == 0x00ff);
    CHECK(log[2].written == 0xab);
    CHECK(log[2].now == 0x3);  // 0xab & the RW bits 0-2
}

TEST_CASE("pre-write filter vetoes a BAR move while decoding") {
    std::vector<logged> log;
    device<hspace, model_hooks> d(model_hooks{&log});
    d.write(0x10, 4, 0xfebf0000);
    CHECK(d.read(0x10, 4) == 0xfebf0000);
    d.write(0x04, 2, 0x2);  // MSE on
    d.write(0x10, 4, 0xffffffff);
    CHECK(d.read(0x10, 4) == 0xfebf0000);
    d.write(0x04, 2, 0x0);
    d.write(0x10, 4, 0xffffffff);
    CHECK(d.read(0x10, 4) == 0xfffff000);
}

TEST_CASE("a write spanning hooked and plain registers updates both") {
    std::vector<logged> log;
    device<hspace, model_hooks> d(model_hooks{&log});
    d.set<status, "RMA">(1);
    d.write(0x04, 4, 0x20000003);  // COMMAND=3 (hooked), STATUS RW1C clears RMA
    CHECK(d.get<command>() == 3);
    CHECK(d.get<status, "RMA">() == 0);
    REQUIRE(log.size() == 1);
    CHECK(log[0].now == 3);
}

TEST_CASE("hooks on repeat<> elements receive the element index") {
    std::vector<logged> log;
    device<hspace, model_hooks> d(model_hooks{&log});
    d.write(0x2c, 4, 0x1234);
    REQUIRE(log.size() == 1);
    CHECK(log[0].reg == 0x2c);
    CHECK(d.get<entry>(3) == 0x1234);
    d.write(0x2e, 4, 0xaaaabbbb);  // crosses elements 3 and 4
    REQUIRE(log.size() == 3);
    CHECK(log[1].reg == 0x2c);
    CHECK(log[1].now == 0xbbbb1234);
    CHECK(log[2].reg == 0x30);
    CHECK(log[2].now == 0xaaaa);
    CHECK(d.read(0x3c, 4) == 0);
    d.write<entry>(0x55, 7);
    CHECK(d.get<entry>(7) == 0x55);
    CHECK(log.back().reg == 0x3c);
}

namespace {
// Hooks in constant evaluation: a device with a write hook exercised by static_assert.
struct counting_hooks {
    int writes = 0;
    std::uint64_t last = 0;
    using hooked = regspace::hooked<command, status>;
    constexpr void on_write(command, auto&, const write_event& e) {
        ++writes;
        last = e.now;
    }
    constexpr std::uint64_t on_read(status, auto&, const read_event& e) { return e.stored | 0x8; }
};
constexpr bool hooks_in_constexpr() {
    device<hspace, counting_hooks> d;
    d.write(0x04, 4, 0xffffffff);
    return d.hooks().writes == 1 && d.hooks().last == 7 && d.read(0x06, 2) == 0x8 &&
           d.get<status>() == 0;
}
static_assert(hooks_in_constexpr());
}  // namespace

TEST_CASE("no hooks: the device is just its state") {
    // no_hooks and no_fallback take no room: the instance is three state arrays, a status, the
    // invalid-access count and the (explain) observer pointer.
    using plain = device<hspace>;
    CHECK(sizeof(plain) <= 3 * 64 + 24);
    CHECK(hooks_in_constexpr());
}

namespace {
// Lock and RW-L in one lane, with a hook on the RW-L register.
using lock0 = reg<"LOCK", 0x00, 2, bit<"L", 0, access::rw>>;
using rwl2 = reg<"RWL", 0x02, 2, field<"V", 0, 16, access::rw_lock<"LOCK", "L">>>;
using lane_space = space<"lane", 8, lock0, rwl2>;
struct rwl_hook {
    int n = 0;
    using hooked = regspace::hooked<rwl2>;
    void on_write(rwl2, auto&, const write_event&) { ++n; }
};

// WO field next to an RO field, with a read hook that returns what it is given.
using keyreg = reg<"KEY", 0x0, 4, field<"KEY", 0, 16, access::wo>, field<"ST", 16, 16, access::ro, 0x5a5a>>;
using key_space = space<"key", 8, keyreg>;
struct pass_through {
    using hooked = regspace::hooked<keyreg>;
    std::uint64_t on_read(keyreg, auto&, const read_event& e) { return e.stored; }
};
}  // namespace

// Found in review (regression: it failed before its fix).
TEST_CASE("a lock set by an access does not lock a hooked register in the same access") {
    device<lane_space, rwl_hook> d;
    d.write(0, 4, 0xbeef0001);
    CHECK(d.read(2, 2) == 0xbeef);
    CHECK(d.hooks().n == 1);
    d.write(2, 2, 0x1111);
    CHECK(d.read(2, 2) == 0xbeef);
}

// Found in review (regression: it failed before its fix).
TEST_CASE("a read hook cannot reveal write-only bits") {
    device<key_space, pass_through> d;
    d.write(0, 2, 0x1234);
    CHECK(d.get<keyreg, "KEY">() == 0x1234);
    CHECK(d.read(0, 4) == 0x5a5a0000);
}

namespace {
// A doorbell: strobe bits store nothing, but the register's logic sees them as written.
using doorbell = reg<"DOORBELL", 0x00, 4, field<"RAISE", 0, 16, access::strobe>, field<"KEEP", 16, 8, access::rw>>;
using ack = reg<"ACK", 0x04, 4, field<"V", 0, 32, access::strobe>>;
struct rang {
    template <class D>
    static void on_write(D& d, const write_event& e) {
        d.hooks().acked.push_back(e.now);
    }
};
using ack_act = reg<"ACK", 0x04, 4, action<rang>, field<"V", 0, 32, access::strobe>>;
struct bell_hooks {
    std::vector<std::uint64_t> rung, acked;
    using hooked = regspace::hooked<doorbell>;
    void on_write(doorbell, auto&, const write_event& e) { rung.push_back(e.now); }
};
}  // namespace

TEST_CASE("a strobe's written value reaches on_write and the action, and is not stored") {
    device<space<"bell", 8, doorbell, ack_act>, bell_hooks> d;
    d.write(0x00, 4, 0x00ab'1234);
    d.write(0x01, 1, 0x56);  // a byte of RAISE: the other byte reads 0 in `now`
    d.write(0x04, 4, 0xdead'beef);
    d.write(0x06, 2, 0x0001);
    REQUIRE(d.hooks().rung.size() == 2);
    CHECK(d.hooks().rung[0] == 0x00ab'1234);
    CHECK(d.hooks().rung[1] == 0x00ab'5600);  // KEEP is stored (0xab), RAISE as written
    CHECK(d.hooks().acked == std::vector<std::uint64_t>{0xdead'beef, 0x0001'0000});
    CHECK(d.read(0x00, 4) == 0x00ab'0000);
    CHECK(d.read(0x04, 4) == 0);
    CHECK(d.get<doorbell, "RAISE">() == 0);
}

namespace {
// Hooks get the device they run on: a write hook reads and sets other registers through it, a
// filter edits the proposal (and sees its byte enables), a reset hook sees the reset values.
struct device_hooks {
    int resets = 0;
    std::uint64_t seen_reset_value = 0;
    using hooked = regspace::hooked<command, bar>;
    void on_write(command, auto& d, const write_event& e) {
        d.template set<counter>(static_cast<std::uint32_t>(e.now * 10));  // through the device
    }
    bool filter_write(bar, auto&, write_proposal& p) {
        p.value &= ~std::uint64_t{0x1000};  // a filter may edit: bit 12 never sticks
        return p.byte_enables != 0xff;      // and refuses a lone low byte
    }
    void on_reset(auto& d, reset_kind) {
        ++resets;
        seen_reset_value = d.template get<command>();
    }
};
// Two parts of one device's hooks, each with its own list and state.
struct part_a {
    int n = 0;
    using hooked = regspace::hooked<command>;
    void on_write(command, auto&, const write_event&) { ++n; }
};
struct part_b {
    int n = 0, r = 0, a_seen = -1;
    using hooked = regspace::hooked<command, counter>;
    void on_write(command, auto& d, const write_event&) {
        n += 10;
        a_seen = d.hooks().template get<part_a>().n;  // part_a, listed first, has run
    }
    std::uint64_t on_read(counter, auto&, const read_event& e) { return e.stored + ++r; }
};
// A third part that reads COUNTER after part_b: it sees part_b's value as `stored`.
struct part_c {
    using hooked = regspace::hooked<counter>;
    std::uint64_t on_read(counter, auto&, const read_event& e) { return e.stored * 100; }
};
}  // namespace

TEST_CASE("hooks get the device: set other registers, edit proposals, see reset values") {
    device<hspace, device_hooks> d;
    d.write(0x04, 2, 0x3);
    CHECK(d.read(0x08, 4) == 30);
    d.write(0x10, 4, 0xfebf1000);
    CHECK(d.read(0x10, 4) == 0xfebf0000);  // bit 12 edited away
    d.write(0x11, 1, 0x20);  // a byte of BAR0: the proposal holds the other bytes as they were
    CHECK(d.read(0x10, 4) == 0xfebf2000);
    d.write(0x10, 1, 0xff);  // refused
    CHECK(d.read(0x10, 4) == 0xfebf2000);
    d.reset(reset_kind::cold);
    CHECK(d.hooks().resets == 1);
    CHECK(d.hooks().seen_reset_value == 0);
}

TEST_CASE("hook_set: every part's hooks run, in order, each with its own state") {
    device<hspace, hook_set<part_a, part_b>> d;
    d.write(0x04, 2, 1);
    CHECK(d.hooks().get<part_a>().n == 1);
    CHECK(d.hooks().get<part_b>().n == 10);
    CHECK(d.hooks().get<part_b>().a_seen == 1);
    CHECK(d.read(0x08, 4) == 1);
    CHECK(d.read(0x08, 4) == 2);
    CHECK(d.hooks().get<part_b>().r == 2);
    device<hspace, hook_set<part_a, part_b, part_c>> chained;  // read hooks pass their value on
    CHECK(chained.read(0x08, 4) == 100);
    CHECK(chained.read(0x08, 4) == 200);
}
}  // namespace tests_hooks

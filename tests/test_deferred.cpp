// SPDX-License-Identifier: MIT
// deferred.hpp: work completed on the VMM's virtual clock, in due order, carried by snapshots.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include <regspace/deferred.hpp>

namespace tests_deferred {

using namespace regspace;

namespace {
enum class job { compute, transfer, timer };

constexpr bool runs_at_compile_time() {
    deferred<job, 3> w;
    if (w.next_due()) return false;
    w.schedule(job::transfer, 100);
    w.schedule(job::timer, 300);
    if (w.next_due() != 100) return false;
    w.cancel(job::timer);
    int ran = 0;
    w.advance(99, [&](job) { ++ran; });
    if (ran != 0 || !w.pending(job::transfer)) return false;
    w.advance(1, [&](job j) { ran += j == job::transfer; });
    return ran == 1 && !w.pending(job::transfer) && w.now() == 100 && !w.next_due();
}
static_assert(runs_at_compile_time());
}  // namespace

TEST_CASE("deferred: due work runs once, earliest first, and may schedule itself again") {
    deferred<job, 3> w;
    std::vector<job> order;
    w.schedule(job::timer, 50);
    w.schedule(job::compute, 0);
    w.schedule(job::transfer, 50);
    w.advance(0, [&](job j) { order.push_back(j); });
    CHECK(order == std::vector<job>{job::compute});
    w.advance(100, [&](job j) {
        order.push_back(j);
        if (j == job::timer && order.size() < 4) w.schedule(job::timer, w.now() + 10);  // periodic
    });
    CHECK(order == std::vector<job>{job::compute, job::transfer, job::timer});  // ties: lower kind first
    CHECK(w.pending(job::timer));
    w.advance(10, [&](job j) { order.push_back(j); });
    CHECK(order.back() == job::timer);
    CHECK_FALSE(w.schedule(static_cast<job>(7), 0));  // not a kind of this queue
    w.advance(~std::uint64_t{0}, [](job) {});          // the clock saturates
    CHECK(w.now() == ~std::uint64_t{0});
}

TEST_CASE("deferred: work that schedules itself as due now runs at the next advance, not again at once") {
    deferred<job, 3> w;
    int ran = 0;
    w.schedule(job::compute, 0);
    w.advance(0, [&](job j) {
        ++ran;
        w.schedule(j, w.now());
    });
    CHECK(ran == 1);
    CHECK(w.pending(job::compute));
    w.advance(0, [&](job) { ++ran; });
    CHECK(ran == 2);
}

TEST_CASE("deferred: a snapshot carries the clock and pending work, and a bad one changes nothing") {
    deferred<job, 3> a;
    a.advance(40, [](job) {});
    a.schedule(job::transfer, 140);
    std::vector<std::uint8_t> bytes;
    a.save(bytes);
    CHECK(bytes.size() == deferred<job, 3>::saved_size);
    deferred<job, 3> b;
    REQUIRE(b.load(bytes).empty());
    int ran = 0;
    b.advance(99, [&](job) { ++ran; });
    CHECK(ran == 0);
    b.advance(1, [&](job j) { ran += j == job::transfer; });
    CHECK(ran == 1);

    deferred<job, 3> c;
    c.schedule(job::compute, 5);
    std::vector<std::uint8_t> bad = bytes;
    bad[8] = 2;  // a pending flag of 2
    CHECK_FALSE(c.load(bad).empty());
    CHECK_FALSE(c.load(std::span(bytes).first(bytes.size() - 1)).empty());
    CHECK(c.pending(job::compute));
    CHECK_FALSE(c.pending(job::transfer));
}
}  // namespace tests_deferred

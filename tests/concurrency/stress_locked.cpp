// SPDX-License-Identifier: MIT
// Bounded stress test of regspace::locked<> (built with ThreadSanitizer; CTest concurrency.*).
// Several threads share one device through locked<> for a fixed number of accesses each; every
// result is checked against what the sequential semantics allow, and ThreadSanitizer reports any
// access to the device outside the lock (the run fails on a report: halt_on_error=1).
//
// The space gives each thread registers of its own and shares others:
//   OWN[t]   RW dword per thread: only thread t writes it, so every read it makes returns exactly
//            its own last write, whatever the other threads do
//   COUNT    RW dword incremented by every thread with with(read-modify-write): the final value
//            is the total number of increments (no lost update)
//   EVENTS   RW1C dword: bit t set by thread t through with(set<>), cleared by thread t with a
//            guest write of 1 << t; the thread checks its bit after each step
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

#include <regspace.hpp>
#include <regspace/locked.hpp>

namespace {
using namespace regspace;

constexpr unsigned threads = 6;
constexpr unsigned rounds = 20000;

using own = reg<"OWN", 0x00, 4, field<"V", 0, 32, access::rw>>;
using count = reg<"COUNT", 0x40, 4, field<"V", 0, 32, access::rw>>;
using events = reg<"EVENTS", 0x44, 4, field<"E", 0, threads, access::rw1c>>;
struct stress_space : space<"stress", 128, repeat<block<"OWN", own>, 0x00, threads, 4>, count, events> {};

std::atomic<int> failures{0};
void fail(const char* what, unsigned t, unsigned i, unsigned long long got, unsigned long long want) {
    if (failures.fetch_add(1, std::memory_order_relaxed) < 10)
        std::fprintf(stderr, "FAIL %s: thread %u step %u: got %#llx, want %#llx\n", what, t, i, got, want);
}
}  // namespace

int main() {
    locked<device<stress_space>> dev;
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back([&dev, t] {
            std::uint32_t x = 0x9e3779b9u * (t + 1);
            for (unsigned i = 0; i < rounds; ++i) {
                x ^= x << 13, x ^= x >> 17, x ^= x << 5;
                // OWN[t], as whole dword and byte by byte: only this thread writes it.
                dev.write(t * 4, 4, x);
                access_status st{};
                const auto back = dev.read(t * 4, 4, &st);
                if (back != x || st != access_status::ok) fail("own dword", t, i, back, x);
                const auto b = dev.read(t * 4 + (i % 4), 1);
                if (b != ((x >> (8 * (i % 4))) & 0xff)) fail("own byte", t, i, b, (x >> (8 * (i % 4))) & 0xff);
                // COUNT: read-modify-write as one critical section.
                dev.with([](auto& d) { d.template set<count>(d.template get<count>() + 1); });
                // EVENTS bit t: the device side raises it, the guest clears it (RW1C).
                dev.with([t](auto& d) { d.template set<events>(d.template get<events>() | (1u << t)); });
                if (!((dev.read(0x44, 4) >> t) & 1)) fail("event raised", t, i, 0, 1);
                dev.write(0x44, 4, 1u << t);
                if ((dev.read(0x44, 4) >> t) & 1) fail("event cleared", t, i, 1, 0);
                // An invalid access answers all-ones and reports itself, under the same lock.
                const auto bad = dev.read(0x7f, 4, &st);
                if (bad != 0xffffffffu || st != access_status::out_of_range) fail("invalid access", t, i, bad, 0xffffffffu);
            }
        });
    for (auto& th : pool) th.join();

    const auto total = dev.with([](const auto& d) { return d.template get<count>(); });
    if (total != threads * rounds) fail("COUNT total", 0, rounds, total, threads * rounds);
    const auto left = dev.with([](const auto& d) { return d.template get<events>(); });
    if (left != 0) fail("EVENTS left", 0, rounds, left, 0);
    const auto invalid = dev.with([](const auto& d) { return d.invalid_accesses(); });
    if (invalid != threads * rounds) fail("invalid count", 0, rounds, invalid, threads * rounds);
    std::printf("%u threads x %u rounds (%u accesses): %s\n", threads, rounds, threads * rounds * 9,
                failures ? "FAILED" : "every result as the sequential semantics allow");
    return failures ? 1 : 0;
}

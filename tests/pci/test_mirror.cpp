// SPDX-License-Identifier: MIT
// Config space mirrored in a BAR: the same policies through either path.
#include <doctest/doctest.h>

#include "devices.hpp"

namespace tests_pci_mirror {

using namespace regspace;
using namespace regspace::test;

namespace {
using cfg_dev = device<nic::type>;
using ctrl = reg<"CTRL", 0x0, 4, field<"V", 0, 32, access::rw>>;
using mirror = p::config_mirror<cfg_dev, 0x1000>;
using bar_space = space<"BAR0", 0x2000, max_access<8>, ctrl, unmapped::forward>;
}  // namespace

TEST_CASE("a BAR window reaches the config space through its guest handler") {
    cfg_dev cfg;
    device<bar_space, no_hooks, mirror> bar(no_hooks{}, mirror{&cfg});
    bar.write(0x0, 4, 0x1234);                  // the BAR's own register
    CHECK(bar.read(0x0, 4) == 0x1234);
    CHECK(bar.read(0x1000, 4) == 0x10d38086);   // config 0x00 through the window
    bar.write(0x1000, 4, 0);                    // RO through the window too
    CHECK(cfg.read(0x00, 4) == 0x10d38086);
    bar.write(0x1004, 2, 0xffff);               // COMMAND: only its RW bits
    CHECK(cfg.read(0x04, 2) == 0x0507);
    cfg.set<nic::header::status, "RMA">(1);
    bar.write(0x1007, 1, 0x20);                 // RW1C through the window
    CHECK(cfg.read(0x06, 2) == 0x0010);
    CHECK(bar.read(0x1000, 8) == ~0ull);        // 8 bytes is not a config access: all-ones
    CHECK(bar.read(0x0ffe, 4) == 0);            // straddles the window's start: defined 0
    bar.write(0x10fe, 4, 0xffffffff);           // straddles the window's end (config 0xfe-0x101)
    CHECK(cfg.read(0xfc, 4) == 0);              // ...so nothing was written
    CHECK(bar.read(0x1100, 4) == 0);            // past the 256-byte config space
}

namespace {
// A BAR register inside the mirror window (at 1040h: config 40h shows through everywhere else).
using own_in_window = reg<"DOORBELL", 0x1040, 1, field<"V", 0, 8, access::rw>>;
using bar_with_hole = space<"BAR0", 0x2000, max_access<8>, ctrl, own_in_window, unmapped::forward>;
}  // namespace

TEST_CASE("the window hands the config space only the bytes the BAR does not own") {
    cfg_dev cfg;
    device<bar_with_hole, no_hooks, mirror> bar(no_hooks{}, mirror{&cfg});
    const auto before = regspace::detail::device_access::state(cfg);
    bar.write(0x103c, 8, 0x11223344'55667788ull);  // config 3Ch-3Fh and 41h-43h, DOORBELL at 40h
    CHECK(bar.read(0x1040, 1) == 0x44);             // the BAR's own register got its byte
    CHECK(cfg.read(0x3c, 1) == 0x88);               // Interrupt Line (RW) got its byte
    auto expect = before;
    expect[0x3c / 8] = (expect[0x3c / 8] & ~(0xffull << 32)) | (0x88ull << 32);
    CHECK(regspace::detail::device_access::state(cfg) == expect);                   // and nothing else changed (41h-43h are RO/unmapped)
    bar.write(0x103f, 2, 0xaabb);                   // config 3Fh and DOORBELL
    CHECK(bar.read(0x1040, 1) == 0xaa);
    CHECK(regspace::detail::device_access::state(cfg) == expect);                   // 3Fh (Max_Lat) is RO; 40h untouched
    CHECK(bar.read(0x103c, 8) == (0xaaull << 32 | (cfg.read(0x3c, 4) & 0xffffffff) | (cfg.read(0x41, 2) << 40) |
                                  (cfg.read(0x43, 1) << 56)));
}
}  // namespace tests_pci_mirror

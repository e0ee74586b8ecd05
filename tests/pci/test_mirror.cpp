// Config space mirrored in a BAR: the same policies through either path.
#include <doctest/doctest.h>

#include "devices.hpp"

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

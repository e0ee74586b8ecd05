// SPDX-License-Identifier: MIT
// The README's claims about its example device, checked.
#include <doctest/doctest.h>

#include "../examples/readme_device.hpp"

namespace tests_readme {

TEST_CASE("README: a dword write over COMMAND and STATUS") {
    regspace::device<toy::config> d;
    d.set<toy::status, "RMA">(1);
    CHECK(d.read(0x06, 2) == 0x2010);
    d.write(0x04, 4, 0xffffffff);
    CHECK(d.read(0x04, 2) == 0x0407);
    CHECK(d.read(0x06, 2) == 0x0010);
}

TEST_CASE("README: LOCK makes MODE read-only from the next write on, and bad sizes read all-ones") {
    regspace::device<toy::config> d;
    d.write(0x40, 4, 0x80000005);
    CHECK(d.read(0x40, 4) == 0x80000005);
    d.write(0x40, 4, 0x0000000a);
    CHECK(d.read(0x40, 4) == 0x80000005);
    CHECK(d.read(0x41, 3) == 0xffffff);
    CHECK(d.last_status() == regspace::access_status::bad_size);
    CHECK(d.read(0xfe, 4) == 0xffffffff);
    CHECK(d.last_status() == regspace::access_status::out_of_range);
}
}  // namespace tests_readme

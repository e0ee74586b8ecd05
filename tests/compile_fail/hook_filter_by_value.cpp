// SPDX-License-Identifier: MIT
// Must not compile: filter_write takes its proposal by value, so its edits would be lost.
// Expected diagnostic: "filter_write takes its write_proposal by non-const reference", naming BAR0.
#include <regspace.hpp>
using namespace regspace;
using bar0 = reg<"BAR0", 0x10, 4, field<"ADDR", 12, 20, access::rw>>;
using cfg = space<"cfg", 64, bar0>;
struct model {
    using hooked = regspace::hooked<bar0>;
    bool filter_write(bar0, auto&, write_proposal p) {
        p.value = 0;
        return true;
    }
};
int main() { device<cfg, model> d; return static_cast<int>(d.read(0x10, 4)); }

// SPDX-License-Identifier: MIT
// regspace-toy-demo: a guest talks to the README's toy device; every write is explained field by
// field, with the policy that decided each bit. Run: build/gcc/examples/regspace-toy-demo
#include <cstdint>
#include <cstdio>
#include <string>

#include <regspace/print.hpp>

#include "readme_device.hpp"

namespace {
using namespace regspace;
const text_style style = text_style::for_stream(stdout);  // colour on a terminal, not under NO_COLOR

// The device model behind the registers: a BAR must not move while memory decoding is on
// (the pre-write filter), and COMMAND changes are side effects the model sees (the write hook).
struct toy_model {
    bool decoding = false;
    using hooked = regspace::hooked<toy::command, toy::bar0>;
    void on_write(toy::command, auto&, const write_event& e) {
        decoding = e.now & 2;
        std::printf("    [model] COMMAND 0x%04llx -> 0x%04llx: memory decoding %s\n",
                    static_cast<unsigned long long>(e.old), static_cast<unsigned long long>(e.now),
                    decoding ? "on" : "off");
    }
    bool filter_write(toy::bar0, auto&, write_proposal&) {
        if (decoding) std::printf("    [model] BAR0 write refused: memory decoding is on\n");
        return !decoding;
    }
};

using toy_device = device<toy::config, toy_model>;

// Every write is explained by the library (regspace/explain.hpp): each field the access covered,
// old and new value, and why written bits were not stored.
void explain_write(toy_device& d, unsigned off, unsigned size, std::uint64_t value) {
    std::fputs(to_text(regspace::explain_write(d, off, size, value), style).c_str(), stdout);
}

void show_read(toy_device& d, unsigned off, unsigned size) {
    const std::uint64_t v = d.read(off, size);
    std::printf("guest read(0x%02x, %u) = 0x%0*llx%s\n", off, size, static_cast<int>(size * 2),
                static_cast<unsigned long long>(v),
                d.last_status() == access_status::ok ? "" : "  (invalid access: all-ones, counted)");
}
}  // namespace

int main() {
    toy_device d;
    std::printf("regspace toy demo: %s config space, %zu registers described\n\n",
                std::string(describe<toy::config>().name).c_str(),
                describe<toy::config>().registers.size());
    show_read(d, 0x00, 4);
    d.set<toy::status, "RMA">(1);  // device side: a master abort happened
    explain_write(d, 0x04, 4, 0xffffffff);  // COMMAND and STATUS in one dword
    explain_write(d, 0x10, 4, 0xfebf0000);  // BAR0 while decoding: refused by the model
    explain_write(d, 0x04, 2, 0x0000);      // decoding off
    explain_write(d, 0x10, 4, 0xffffffff);  // BAR sizing: only ADDR bits stick -> 4 KiB
    show_read(d, 0x10, 4);
    explain_write(d, 0x40, 4, 0x80000005);  // MODE=5 and LOCK in the same write
    explain_write(d, 0x40, 1, 0x0a);        // MODE is locked now
    show_read(d, 0x41, 3);                  // size 3: not a PCI access
    d.reset(reset_kind::flr);
    std::printf("after FLR: COMMAND=0x%04x BAR0=0x%08x CTL=0x%08x\n", d.get<toy::command>(),
                d.get<toy::bar0>(), d.get<toy::ctl>());
}

// regspace-toy-demo: a guest talks to the README's toy device; every access is shown field by field,
// with the policy that decided each bit. Run: build/gcc/examples/regspace-toy-demo
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "readme_device.hpp"

namespace {
using namespace regspace;

// The device model behind the registers: a BAR must not move while memory decoding is on
// (the pre-write filter), and COMMAND changes are side effects the model sees (the write hook).
struct toy_model {
    bool decoding = false;
    void on_write(toy::command, std::uint64_t old, std::uint64_t now) {
        decoding = now & 2;
        std::printf("    [model] COMMAND 0x%04llx -> 0x%04llx: memory decoding %s\n",
                    static_cast<unsigned long long>(old), static_cast<unsigned long long>(now),
                    decoding ? "on" : "off");
    }
    bool filter_write(toy::bar0, std::uint64_t, std::uint64_t&) {
        if (decoding) std::printf("    [model] BAR0 write refused: memory decoding is on\n");
        return !decoding;
    }
};

using toy_device = device<toy::config, toy_model>;

std::uint64_t bits_of(const toy_device& d, unsigned offset, unsigned bytes) {
    std::uint64_t v = 0;
    for (unsigned i = 0; i < bytes; ++i)
        v |= ((d.lanes()[(offset + i) / 8] >> (((offset + i) % 8) * 8)) & 0xff) << (8 * i);
    return v;
}

// Shows, for every field the access covered, what it was, what the guest asked for, what it
// became, and the policy that explains the difference.
void explain_write(toy_device& d, unsigned off, unsigned size, std::uint64_t value) {
    std::printf("guest write(0x%02x, %u, 0x%0*llx)\n", off, size, static_cast<int>(size * 2),
                static_cast<unsigned long long>(value));
    toy_device before = d;
    d.write(off, size, value);
    for (const register_info& r : describe<toy::config>().registers) {
        if (r.offset + r.bytes <= off || r.offset >= off + size) continue;
        const std::uint64_t was = bits_of(before, r.offset, r.bytes);
        const std::uint64_t now = bits_of(d, r.offset, r.bytes);
        for (const field_info& f : r.fields) {
            const std::uint64_t m = (f.width >= 64 ? ~0ull : (1ull << f.width) - 1);
            const unsigned lo = r.offset + f.lsb / 8, hi = r.offset + (f.lsb + f.width - 1) / 8;
            if (hi < off || lo >= off + size) continue;  // this field's bytes were not written
            const int shift = static_cast<int>(r.offset) - static_cast<int>(off);
            const std::uint64_t asked =
                ((shift >= 0 ? value >> (8 * shift) : value << (-8 * shift)) >> f.lsb) & m;
            const std::uint64_t a = (was >> f.lsb) & m, b = (now >> f.lsb) & m;
            std::printf("  %-8s %-6s %-6s 0x%llx -> 0x%llx (asked 0x%llx)%s\n",
                        std::string(r.name).c_str(), std::string(f.name).c_str(),
                        std::string(access::name(f.policy)).c_str(),
                        static_cast<unsigned long long>(a), static_cast<unsigned long long>(b),
                        static_cast<unsigned long long>(asked),
                        a == b && a != asked ? "  <- not taken (policy or model)" : "");
        }
    }
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

// SPDX-License-Identifier: MIT
// regspace-tour: register semantics by example. Each lesson describes or drives a small device
// and prints the explain trace of what every access did and why (regspace/explain.hpp).
//
//   regspace-tour                                  print every lesson
//   regspace-tour --fill TEMPLATE SOURCE OUT       write OUT: TEMPLATE with {{snippet:NAME}}
//                                                  replaced by the lines of SOURCE (this file)
//                                                  between "// [NAME]" and "// [/NAME]", and
//                                                  {{output:NAME}} by what lesson NAME prints
//   regspace-tour --check TEMPLATE SOURCE FILE     exit 1 unless FILE is what --fill writes
//
// docs/tutorial.md is `--fill docs/tutorial.md.in examples/policy_tour.cpp docs/tutorial.md`;
// the test docs.tutorial_fresh runs --check, so the snippets and outputs in the tutorial are the
// ones this program compiles and prints.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <regspace.hpp>
#include <regspace/explain.hpp>
#include <regspace/export.hpp>
#include <regspace/print.hpp>

namespace {
using namespace regspace;

std::string out;  // what the current lesson printed
text_style style;
void show(const explanation& e) { out += to_text(e, style); }
void say(const std::string& s) { out += s + "\n"; }

// [device]
// A teaching device: one register per access policy (PCIe r6.0 §7.4 names the policies).
namespace teach {
using id = reg<"ID", 0x00, 4, doc<"identification">,
    field<"VENDOR", 0, 16, access::ro, 0x1af4, "vendor ID">,
    field<"REV", 16, 8, access::hwinit, 0x02, "revision, strapped by firmware">>;
using control = reg<"CONTROL", 0x04, 2, doc<"control">,             // bits 3-15: RsvdP
    bit<"ENABLE", 0, access::rw, 0, "enable">,
    field<"MODE", 1, 2, access::rw, 0, "speed", values<value<0, "off">, value<1, "slow">, value<2, "fast">>>>;
using status = reg<"STATUS", 0x06, 2, doc<"status">, reserved_as<access::rsvdz>,
    bit<"ERR", 0, access::rw1c, 0, "error seen">,
    bit<"DONE", 1, access::rw1c, 0, "command done">,
    bit<"BUSY", 8, access::ro, 0, "device busy">>;
using doorbell = reg<"DOORBELL", 0x08, 4, field<"VALUE", 0, 32, access::wo, 0, "command to run">>;
using events = reg<"EVENTS", 0x0c, 1, field<"COUNT", 0, 8, access::rc, 0, "events since last read">>;
using irq_set = reg<"IRQ_SET", 0x0d, 1, field<"PENDING", 0, 8, access::rw1s, 0, "software-raised interrupts">>;
using setup = reg<"SETUP", 0x10, 4, field<"BASE", 0, 32, access::rwo, 0, "base address, set once">>;
using errlog = reg<"ERRLOG", 0x14, 4, doc<"error log (sticky: survives FLR)">,
    field<"FIRST", 0, 8, access::ros, 0, "first error">,
    field<"MASK", 8, 8, access::rws, 0, "error mask">,
    field<"SEEN", 16, 8, access::rw1cs, 0, "errors seen">>;
using lock = reg<"LOCK", 0x18, 4, doc<"lock">,
    bit<"LOCKED", 0, access::rw1s, 0, "locks WINDOW until reset">,
    field<"WINDOW", 16, 16, access::rw_lock<"LOCK", "LOCKED">, 0, "window size">>;
using space = regspace::space<"teach", 64, id, control, status, doorbell, events, irq_set, setup, errlog, lock>;
}  // namespace teach
// [/device]

void lesson_ro_rw() {
    device<teach::space> d;
    // [ro_rw]
    show(explain_write(d, 0x00, 4, 0));       // ID: RO and HwInit, nothing changes
    show(explain_write(d, 0x04, 2, 0xffff));  // CONTROL: RW fields stored, reserved bits dropped
    // [/ro_rw]
}

void lesson_w1c() {
    device<teach::space> d;
    // [w1c]
    d.set<teach::status>(0x0003);             // device side: an error, and a command done
    show(explain_write(d, 0x06, 2, 0x0000));  // writing 0s keeps them
    show(explain_write(d, 0x06, 2, 0x0001));  // writing 1 clears ERR only
    show(explain_write(d, 0x0d, 1, 0x05));    // IRQ_SET: RW1S, 1s set bits
    // [/w1c]
}

void lesson_rc_wo() {
    device<teach::space> d;
    // [rc_wo]
    d.set<teach::events>(3);                  // device side: three events
    show(explain_read(d, 0x0c, 1));           // RC: the read returns 3 and clears it
    show(explain_write(d, 0x08, 4, 0x1234));  // WO: stored for the device...
    show(explain_read(d, 0x08, 4));           // ...but the guest reads 0
    say("device side sees DOORBELL = " + std::to_string(d.get<teach::doorbell>()));
    // [/rc_wo]
}

void lesson_rwo_lock() {
    device<teach::space> d;
    // [rwo_lock]
    show(explain_write(d, 0x10, 4, 0xfed00000));  // RWO: the first write sticks
    show(explain_write(d, 0x10, 4, 0));           // the second is ignored
    show(explain_write(d, 0x18, 4, 0x00400001));  // set WINDOW and LOCKED in one write:
                                                  // the lock is sampled before the write
    show(explain_write(d, 0x1a, 2, 0x0010));      // WINDOW is locked now
    // [/rwo_lock]
}

void lesson_sticky() {
    device<teach::space> d;
    // [sticky]
    d.set<teach::errlog>(0x00ff0042);             // device side: first error 0x42, 8 errors seen
    show(explain_write(d, 0x14, 4, 0x0000ff00));  // guest masks all errors
    d.reset(reset_kind::flr);                     // a function-level reset...
    say("after FLR:");
    out += decode_register(describe<teach::space>().registers[7], d.get<teach::errlog>(), style);
    d.reset(reset_kind::cold);                    // ...keeps sticky bits; a cold reset does not
    say("after a cold reset: ERRLOG = " + std::to_string(d.get<teach::errlog>()));
    // [/sticky]
}

void lesson_sizes() {
    device<teach::space> d;
    // [sizes]
    show(explain_write(d, 0x05, 4, 0xffffffff));  // unaligned, spans CONTROL, STATUS and a gap
    show(explain_read(d, 0x04, 3));               // 3 bytes: not an access size the space takes
    show(explain_write(d, 0x3e, 4, 0));           // runs past the end of the 64-byte space
    say("invalid accesses counted: " + std::to_string(d.invalid_accesses()));
    // [/sizes]
}

// [hooks]
// Device logic: a filter that refuses writes to SETUP while the device is enabled, and a write
// hook that starts the command a DOORBELL write names.
struct model {
    bool enabled = false;
    std::uint32_t last_command = 0;
    // The registers it hooks: each needs a hook below, and every hook needs its register here.
    using hooked = regspace::hooked<teach::control, teach::setup, teach::doorbell>;
    void on_write(teach::control, auto&, const regspace::write_event& e) { enabled = e.now & 1; }
    bool filter_write(teach::setup, auto&, regspace::write_proposal&) { return !enabled; }
    void on_write(teach::doorbell, auto&, const regspace::write_event& e) { last_command = static_cast<std::uint32_t>(e.now); }
};

void lesson_hooks() {
    device<teach::space, model> d;
    show(explain_write(d, 0x04, 2, 0x0001));  // ENABLE: on_write runs
    show(explain_write(d, 0x10, 4, 0x1000));  // SETUP while enabled: the filter refuses
    show(explain_write(d, 0x08, 4, 7));       // DOORBELL: on_write starts command 7
}
// [/hooks]

// [datasheet]
// A watchdog timer from its datasheet table (a made-up part, laid out as datasheets do):
//
//   Offset  Register  Bits   Field    Access  Reset  Description
//   00h     WDT_CTL   0      EN       RW      0      enable the watchdog
//                     2:1    PRESCALE RW      0      0 = 1 ms, 1 = 10 ms, 2 = 100 ms, 3 = 1 s
//                     7      LOCK     RW1S    0      locks EN and PRESCALE until reset
//   04h     WDT_LOAD  15:0   COUNT    RW-L    FFFFh  reload value (locked by LOCK)
//   06h     WDT_STS   0      EXPIRED  RW1C    0      the watchdog expired
//   08h     WDT_KICK  31:0   KEY      WO      0      write 5A5Ah to reload
namespace wdt {
using ctl = reg<"WDT_CTL", 0x00, 1, doc<"control">, spec<"WDT datasheet Table 3-1">,
    bit<"EN", 0, access::rw_lock<"WDT_CTL", "LOCK">, 0, "enable the watchdog">,
    field<"PRESCALE", 1, 2, access::rw_lock<"WDT_CTL", "LOCK">, 0, "tick",
          values<value<0, "1 ms">, value<1, "10 ms">, value<2, "100 ms">, value<3, "1 s">>>,
    bit<"LOCK", 7, access::rw1s, 0, "locks EN and PRESCALE until reset">>;
using load = reg<"WDT_LOAD", 0x04, 2, doc<"reload value">, spec<"WDT datasheet Table 3-1">,
    field<"COUNT", 0, 16, access::rw_lock<"WDT_CTL", "LOCK">, 0xffff, "ticks until expiry">>;
using sts = reg<"WDT_STS", 0x06, 2, doc<"status">, spec<"WDT datasheet Table 3-1">,
    bit<"EXPIRED", 0, access::rw1c, 0, "the watchdog expired">>;
using kick = reg<"WDT_KICK", 0x08, 4, doc<"kick">, spec<"WDT datasheet Table 3-1">,
    field<"KEY", 0, 32, access::wo, 0, "write 5A5Ah to reload">>;
using mmio = space<"wdt", 16, ctl, load, sts, kick>;

// The semantics hold at compile time too: a constexpr device, checked by the compiler.
constexpr bool lock_holds() {
    device<mmio> d;
    d.write(0x00, 1, 0x80);  // LOCK
    d.write(0x04, 2, 0x10);  // ignored: COUNT is locked
    return d.read(0x04, 2) == 0xffff;
}
static_assert(lock_holds());
}  // namespace wdt

void lesson_datasheet() {
    device<wdt::mmio> d;
    show(explain_write(d, 0x00, 1, 0x85));    // EN, PRESCALE 10 ms, LOCK
    show(explain_write(d, 0x04, 2, 0x0010));  // COUNT is locked with the rest
    out += markdown_reference(describe<wdt::mmio>(), {"Watchdog timer", "", {}, false, {}});
}
// [/datasheet]

const std::pair<const char*, void (*)()> lessons[] = {
    {"ro_rw", lesson_ro_rw}, {"w1c", lesson_w1c},       {"rc_wo", lesson_rc_wo},  {"rwo_lock", lesson_rwo_lock},
    {"sticky", lesson_sticky}, {"sizes", lesson_sizes}, {"hooks", lesson_hooks}, {"datasheet", lesson_datasheet},
};

std::string run(std::string_view name) {
    for (const auto& [n, f] : lessons)
        if (name == n) {
            out.clear();
            f();
            return out;
        }
    return {};
}

std::string read_file(const char* path, bool& ok) {
    std::ifstream in(path, std::ios::binary);
    ok = static_cast<bool>(in);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Lines of `source` between "// [name]" and "// [/name]", without the markers, with the common
// indentation removed.
std::string snippet(const std::string& source, const std::string& name, bool& ok) {
    const std::string open = "// [" + name + "]\n", close = "// [/" + name + "]";
    const std::size_t a = source.find(open), b = source.find(close);
    if (a == std::string::npos || b == std::string::npos || b < a) {
        ok = false;
        return {};
    }
    const std::size_t start = a + open.size();
    std::size_t end = source.rfind('\n', b);
    std::vector<std::string> lines;
    std::istringstream in(source.substr(start, end == std::string::npos || end < start ? 0 : end - start));
    std::size_t indent = std::string::npos;
    for (std::string l; std::getline(in, l);) {
        if (!l.empty()) indent = std::min(indent, l.find_first_not_of(' '));
        lines.push_back(l);
    }
    std::string text;
    for (const std::string& l : lines) text += (l.size() > indent ? l.substr(indent) : std::string()) + "\n";
    return text;
}

// The filled template, or an empty string (after a message) when something is missing.
std::string fill(const char* template_path, const char* source_path) {
    bool ok = true, source_ok = true;
    const std::string tpl = read_file(template_path, ok);
    const std::string source = read_file(source_path, source_ok);
    if (!ok || !source_ok) {
        std::fprintf(stderr, "regspace-tour: cannot read %s or %s\n", template_path, source_path);
        return {};
    }
    std::string result;
    std::size_t at = 0;
    while (true) {
        // Only {{snippet:...}} and {{output:...}} are placeholders; other braces are text.
        const std::size_t a = std::min(tpl.find("{{snippet:", at), tpl.find("{{output:", at));
        if (a == std::string::npos) break;
        const std::size_t b = tpl.find("}}", a);
        if (b == std::string::npos) break;
        result += tpl.substr(at, a - at);
        const std::string key = tpl.substr(a + 2, b - a - 2);
        if (key.rfind("snippet:", 0) == 0) {
            result += snippet(source, key.substr(8), ok);
        } else if (key.rfind("output:", 0) == 0) {
            const std::string text = run(key.substr(7));
            if (text.empty()) ok = false;
            result += text;
        }
        if (!ok) {
            std::fprintf(stderr, "regspace-tour: unknown placeholder {{%s}}\n", key.c_str());
            return {};
        }
        at = b + 2;
    }
    return result + tpl.substr(at);
}
}  // namespace

int main(int argc, char** argv) {
    if (argc == 5 && (!std::strcmp(argv[1], "--fill") || !std::strcmp(argv[1], "--check"))) {
        const std::string text = fill(argv[2], argv[3]);
        if (text.empty()) return 1;
        if (argv[1][2] == 'f') {
            std::ofstream o(argv[4], std::ios::binary);
            o << text;
            return o ? 0 : 1;
        }
        bool ok = true;
        if (read_file(argv[4], ok) == text && ok) return 0;
        std::fprintf(stderr, "regspace-tour: %s is stale (cmake --build <build> --target docs regenerates it)\n", argv[4]);
        return 1;
    }
    if (argc != 1) {
        std::fprintf(stderr, "usage: %s [--fill|--check TEMPLATE SOURCE FILE]\n", argv[0]);
        return 2;
    }
    style = text_style::for_stream(stdout);
    for (const auto& [name, f] : lessons) {
        std::printf("=== %s\n", name);
        std::fputs(run(name).c_str(), stdout);
        std::printf("\n");
    }
}

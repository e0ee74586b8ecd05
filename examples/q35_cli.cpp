// SPDX-License-Identifier: MIT
// regspace-q35: the Q35 board (q35_board.hpp) behind QEMU's qtest text protocol.
//
//   regspace-q35 [--trace] [FILE]     answer qtest commands from FILE (or stdin), one per line,
//                                     on stdout, as `qemu-system-x86_64 -M q35 -qtest stdio` does
//   regspace-q35 --lspci [FILE]       run FILE's commands silently, then print every present
//                                     function's configuration space as `lspci -xxxx` does
//                                     (`lspci -F` reads it back)
//   regspace-q35 --decode [FILE]      run FILE's commands silently, then print every present
//                                     function decoded from its descriptors, register by
//                                     register (named fields and values, lspci -vv style)
//   --enumerate                       before FILE, number the buses behind the bridges as
//                                     firmware does (board::assign_bus_numbers), so the PCI
//                                     Express tree behind 00:1c.0 and 00:1d.0 answers
//   --plug                            after FILE, hot-plug the endpoint into 00:1c.0's slot
//
// --trace explains each command on stderr: the configuration accesses it became (mechanism,
// function, register, value), what each did in the function's registers field by field and why
// written bits were not stored (regspace/explain.hpp), the hooks that ran, and what changed in
// the memory map. Colour when stderr is a terminal (NO_COLOR turns it off). stdout stays exactly
// the protocol, so a trace never disturbs a comparison with QEMU.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <regspace/introspect.hpp>
#include <regspace/pci/dump.hpp>
#include <regspace/print.hpp>

#include "q35_board.hpp"
#include "qtest.hpp"

namespace {

const regspace::space_info* layout_of(board::q35_board& b, unsigned bus, unsigned devfn) {
    static constexpr auto mch = regspace::describe<regspace::q35::mch<>::space>();
    static constexpr auto pf = regspace::describe<nic::pf_config::type>();
    static constexpr auto vf = regspace::describe<nic::vf_config::type>();
    static constexpr auto hp = regspace::describe<board::hp_port_type::space_type>();
    static constexpr auto sw = regspace::describe<board::sw_port_type::space_type>();
    static constexpr auto up = regspace::describe<ports::upstream_port::space_type>();
    static constexpr auto down = regspace::describe<board::dsp_type::space_type>();
    static constexpr auto ep = regspace::describe<board::fixed_ep_type::space_type>();
    static constexpr auto hot = regspace::describe<board::hot_ep_type::space_type>();
    if (bus == 0 && devfn == 0) return &mch;
    if (bus == 0 && devfn == board::nic_devfn) return &pf;
    if (bus == 0 && devfn == board::hp_port_devfn) return &hp;
    if (bus == 0 && devfn == board::sw_port_devfn) return &sw;
    const regspace::pci::bus* on = b.platform.target_bus(bus, devfn);
    if (on && devfn == 0) {
        if (on == &b.hp_bus) return &hot;
        if (on == &b.sw_bus) return &up;
        if (on == &b.usp_bus) return &down;
        if (on == &b.dsp_bus) return &ep;
    }
    for (std::size_t i = 0; i < b.nic.hooks().vfs.size(); ++i)
        if (b.vf_rid(i) == (bus << 8 | devfn)) return &vf;
    return nullptr;
}

// A card in 00:1c.0's slot while the slot has no power reads all-ones (QEMU: no power, no
// answer): lspci would not list it, neither do --lspci and --decode.
bool unpowered(board::q35_board& b, unsigned bus, unsigned devfn) {
    return devfn == 0 && b.platform.target_bus(bus, devfn) == &b.hp_bus && !regspace::pci::slot_powered(b.hp_port);
}

std::string bdf(unsigned bus, unsigned devfn) {
    char s[16];
    std::snprintf(s, sizeof s, "%02x:%02x.%x", bus & 0xff, (devfn >> 3) & 0x1f, devfn & 7);
    return s;
}

// Memory-map events happen inside the access that caused them; they are printed after its
// explanation.
std::vector<std::string> pending_events;
void flush_events() {
    for (const std::string& e : pending_events) std::fprintf(stderr, "  => %s\n", e.c_str());
    pending_events.clear();
}

void trace_config(board::q35_board& b, const regspace::q35::config_access& a, regspace::text_style st) {
    std::string where = "no function (master abort)";
    if (a.present) {
        char off[16];
        std::snprintf(off, sizeof off, "0x%03x", a.offset);
        where = off;
        if (const regspace::space_info* s = layout_of(b, a.bus, a.devfn))
            if (const regspace::register_info* r = regspace::register_at(*s, a.offset)) {
                where += ' ';
                where += r->name;
            }
    }
    std::fprintf(stderr, "  %-7s %s %-24s %s %u = 0x%0*llx\n", a.mechanism, bdf(a.bus, a.devfn).c_str(), where.c_str(),
                 a.write ? "write" : "read ", a.size, static_cast<int>(2 * a.size),
                 static_cast<unsigned long long>(a.value));
    for (const regspace::explanation& e : a.explained) {
        const std::string text = regspace::to_text(e, st);
        std::size_t from = 0;
        while (from < text.size()) {
            const std::size_t nl = text.find('\n', from);
            std::fprintf(stderr, "    %s\n", text.substr(from, nl - from).c_str());
            from = nl == std::string::npos ? text.size() : nl + 1;
        }
    }
    flush_events();
}

int usage(const char* argv0) {
    std::fprintf(stderr,
                 "usage: %s [--trace] [--enumerate] [--plug] [--lspci | --decode] [FILE]\n"
                 "  Answers QEMU qtest commands (inb/inw/inl, outb/outw/outl, readb..readq,\n"
                 "  writeb..writeq) from FILE or stdin for a Q35 machine: the MCH at 00:00.0 and an\n"
                 "  SR-IOV NIC at 00:02.0, PCIe root ports at 00:1c.0 (hot-plug slot) and 00:1d.0 (a\n"
                 "  switch and an endpoint behind it). --trace explains every access on stderr;\n"
                 "  --enumerate numbers the buses behind the bridges first, as firmware does; --plug\n"
                 "  hot-plugs an endpoint into 00:1c.0's slot after the commands; --lspci runs the\n"
                 "  commands silently, then prints every function in `lspci -xxxx` format; --decode\n"
                 "  prints every function's registers decoded from the descriptors instead.\n",
                 argv0);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    bool trace = false, lspci = false, decode = false, enumerate = false, plug = false;
    const char* file = nullptr;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--trace")) trace = true;
        else if (!std::strcmp(argv[i], "--lspci")) lspci = true;
        else if (!std::strcmp(argv[i], "--decode")) decode = true;
        else if (!std::strcmp(argv[i], "--enumerate")) enumerate = true;
        else if (!std::strcmp(argv[i], "--plug")) plug = true;
        else if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) return usage(argv[0]), 0;
        else if (argv[i][0] == '-' && argv[i][1] != '\0') return usage(argv[0]);
        else if (!file) file = argv[i];
        else return usage(argv[0]);
    }

    board::q35_board b;
    if (trace) {
        const regspace::text_style st = regspace::text_style::for_stream(stderr);
        b.platform.explain = true;
        b.platform.on_config = [&b, st](const regspace::q35::config_access& a) { trace_config(b, a, st); };
        b.platform.on_event = [](const regspace::q35::event& e) { pending_events.push_back(e.text); };
    }
    qtest::qtest_session session(b.platform);
    if (trace)
        b.on_slot = [](const char* port, const ports::port_event& e) {
            pending_events.push_back(std::string(port) + " slot: " + std::string(regspace::pci::to_string(e.what)));
        };
    if (enumerate) {
        if (trace) std::fprintf(stderr, "> (firmware: number the buses behind the bridges)\n");
        board::assign_bus_numbers(b.platform);
    }
    flush_events();

    std::ifstream in_file;
    if (file) {
        in_file.open(file);
        if (!in_file) {
            std::fprintf(stderr, "regspace-q35: cannot open %s\n", file);
            return 1;
        }
    }
    std::istream& in = file ? static_cast<std::istream&>(in_file) : std::cin;
    if (lspci && decode) return usage(argv[0]);
    const bool dump = lspci || decode;
    // --lspci or --decode without FILE shows the machine as it comes out of reset.
    if (!(dump && !file)) {
        std::string line;
        while (std::getline(in, line)) {
            if (trace) std::fprintf(stderr, "> %s\n", line.c_str());
            const std::string answer = session.answer(line);
            if (trace) {
                flush_events();
                std::fprintf(stderr, "< %s\n", answer.c_str());
            }
            if (!dump) {
                std::fputs(answer.c_str(), stdout);
                std::fputc('\n', stdout);
                std::fflush(stdout);  // one answer per command, at once: harnesses wait for it
            }
        }
    }
    if (plug) {
        if (trace) std::fprintf(stderr, "> (hot-plug the endpoint into 00:1c.0)\n");
        const regspace::pci::slot_result r = b.plug();
        flush_events();
        if (r != regspace::pci::slot_result::done)
            std::fprintf(stderr, "regspace-q35: --plug: %s\n", std::string(regspace::pci::to_string(r)).c_str());
    }
    if (decode) {
        const regspace::text_style st = regspace::text_style::for_stream(stdout);
        for (const auto& f : b.platform.functions()) {
            const unsigned bus = f.first, devfn = f.second;
            if (unpowered(b, bus, devfn)) continue;
            const regspace::pci::bus& bs = *b.platform.target_bus(bus, devfn);
            const regspace::space_info* s = layout_of(b, bus, devfn);
            std::printf("%s %s\n", bdf(bus, devfn).c_str(), s ? std::string(s->name).c_str() : "(no description)");
            if (s)
                std::fputs(regspace::decode_compact(
                               *s, [&](unsigned off, unsigned size) { return bs.config_peek(devfn, off, size); }, st)
                               .c_str(),
                           stdout);
            std::fputc('\n', stdout);
        }
    }
    if (lspci) {
        for (const auto& f : b.platform.functions()) {
            const unsigned bus = f.first, devfn = f.second;  // plain names: lambdas capture them
            if (unpowered(b, bus, devfn)) continue;
            const regspace::pci::bus& bs = *b.platform.target_bus(bus, devfn);
            std::fputs(regspace::pci::lspci_dump_bytes(bdf(bus, devfn), bs.config_size(devfn),
                                                       [&](unsigned off) { return bs.config_peek(devfn, off, 1); })
                           .c_str(),
                       stdout);
            std::fputc('\n', stdout);
        }
    }
}

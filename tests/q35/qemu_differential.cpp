// SPDX-License-Identifier: MIT
// q35-vs-qemu: generated qtest sessions run through real QEMU (`qemu-system-x86_64 -M q35
// -nodefaults -display none -S -qtest stdio`) and through regspace-q35; every answer must be
// byte-identical.
//
// -S matters: without it QEMU 7.2 runs its firmware (SeaBIOS, under TCG) alongside the qtest
// session, and within a fraction of a second the firmware programs PCIEXBAR, PAM and CF8h
// itself, so the answers would depend on timing. With -S the CPU stays stopped and the
// session alone drives the chipset, as it comes out of reset.
//
//   q35-vs-qemu REGSPACE_Q35 [WORKDIR]
//
// Each session is written to WORKDIR/q35-<name>.qtest, so a mismatch can be replayed by hand:
//   regspace-q35 --trace < FILE       and       qemu-system-x86_64 ... -qtest stdio < FILE
//
// What the sessions stay away from, because the two machines differ there on purpose:
// 00:02.0 and its VFs (the board's NIC; an empty slot in QEMU), 00:1f.x (QEMU's ICH9 LPC, SATA
// and SMBus functions, not modelled), I/O ports outside CF8h-CFFh (QEMU's other chipset
// devices), memory outside the ECAM windows (QEMU has RAM and firmware there), and RST_CNT
// writes with RST_CPU set (QEMU resets asynchronously, some time after the answer).
// A missing QEMU is a failure, not a skip: scripts/setup.sh installs it.
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

std::string hex(std::uint64_t v) {
    char b[24];
    std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
    return b;
}

// ---- session generation ----
struct session {
    std::string name;
    std::vector<std::string> lines;
    void add(const std::string& s) { lines.push_back(s); }
};

const char* sfx(unsigned size) { return size == 1 ? "b" : size == 2 ? "w" : size == 4 ? "l" : "q"; }

// A configuration address for CF8h: enable, bus, devfn, register (low bits kept as given).
std::uint32_t cf8(unsigned bus, unsigned devfn, unsigned reg) { return 0x80000000u | bus << 16 | devfn << 8 | reg; }

void cfg_read(session& s, unsigned bus, unsigned devfn, unsigned off, unsigned size) {
    s.add("outl 0xcf8 " + hex(cf8(bus, devfn, off & 0xfc)));
    s.add(std::string("in") + sfx(size) + " " + hex(0xcfc + (off & 3)));
}
void cfg_write(session& s, unsigned bus, unsigned devfn, unsigned off, unsigned size, std::uint64_t v) {
    s.add("outl 0xcf8 " + hex(cf8(bus, devfn, off & 0xfc)));
    s.add(std::string("out") + sfx(size) + " " + hex(0xcfc + (off & 3)) + " " + hex(v));
}
std::uint64_t mask(unsigned size) { return size == 8 ? ~0ull : (1ull << (8 * size)) - 1; }

// Every MCH offset and size through CF8/CFC: read, write all-ones, read, write zeros, read,
// write a random value, read. PCIEXBAR (60h-67h) is left to the ECAM session, so that no random
// value opens a window over QEMU's RAM.
session mch_sweep(std::mt19937_64& rng, unsigned size) {
    session s{"mch-sweep-" + std::to_string(size), {}};
    for (unsigned off = 0; off < 256; off += 1) {
        cfg_read(s, 0, 0, off, size);
        if (off + size > 0x60 && off < 0x68) continue;
        for (std::uint64_t v : {mask(size), std::uint64_t{0}, rng() & mask(size)}) {
            cfg_write(s, 0, 0, off, size, v);
            cfg_read(s, 0, 0, off, size);
            cfg_read(s, 0, 0, off & ~3u, 4);
        }
    }
    return s;
}

// CONFIG_ADDRESS and CONFIG_DATA themselves: every size at every port of CF8h-CFFh, address
// writes of every size, the enable bit, the low two bits, empty slots and other buses.
session config_ports(std::mt19937_64& rng) {
    session s{"config-ports", {}};
    const std::uint32_t addrs[] = {0x80000000, 0x8000a5c3, 0x7f5a3c24, 0x80000003, 0x800000fd, 0x80000050,
                                   0x81000000, 0x80010000, 0x80000800, 0x8000ff00, 0x80ff0000, 0x00000000};
    for (std::uint32_t a : addrs) {
        s.add("outl 0xcf8 " + hex(a));
        for (unsigned size : {1u, 2u, 4u})
            for (unsigned p = 0xcf8; p <= 0xcff; ++p) s.add(std::string("in") + sfx(size) + " " + hex(p));
    }
    // Writes to CONFIG_ADDRESS that are not 4 bytes at CF8h are ignored; RST_CNT at CF9h.
    s.add("outl 0xcf8 0x80000000");
    for (unsigned size : {1u, 2u, 4u})
        for (unsigned p = 0xcf8; p <= 0xcfb; ++p) {
            std::uint64_t v = rng() & mask(size);
            if (p == 0xcf9) v &= ~std::uint64_t{0x4};  // never RST_CPU
            s.add(std::string("out") + sfx(size) + " " + hex(p) + " " + hex(v));
            s.add("inl 0xcf8");
            s.add("inb 0xcf9");
        }
    // Data-port writes of every size at every port, into MCH scratch, then read back.
    for (unsigned size : {1u, 2u, 4u})
        for (unsigned p = 0xcfc; p <= 0xcff; ++p) {
            s.add("outl 0xcf8 " + hex(cf8(0, 0, 0xd0 | (p & 3))));
            s.add(std::string("out") + sfx(size) + " " + hex(p) + " " + hex(rng() & mask(size)));
            s.add("outl 0xcf8 0x800000d0");
            s.add("inl 0xcfc");
            s.add("inl 0xcfd");
        }
    // Empty slots and buses: all-ones, writes vanish.
    for (unsigned devfn : {0x08u, 0x09u, 0x18u, 0x28u, 0x50u, 0xf0u})
        for (unsigned bus : {0u, 1u, 0x80u, 0xffu}) {
            if (bus == 0 && (devfn == 0x10 || devfn >= 0xf8)) continue;
            cfg_write(s, bus, devfn, 0x40, 4, 0x12345678);
            cfg_read(s, bus, devfn, 0x40, 4);
            cfg_read(s, bus, devfn, 0x00, 2);
            cfg_read(s, bus, devfn, 0x03, 1);
        }
    return s;
}

// PCIEXBAR: enable, move, resize (256/128/64 MB and the reserved length), disable, including
// writes through the window itself; every access size and alignment through ECAM, functions
// past the MCH's 256 bytes, empty slots and buses, the edges of each window.
session ecam(std::mt19937_64& rng) {
    session s{"ecam", {}};
    struct window { std::uint64_t value; std::uint64_t base; std::uint64_t size; };
    const window windows[] = {
        {0xe0000001, 0xe0000000, 256 << 20}, {0xb0000003, 0xb0000000, 128 << 20}, {0xe0000005, 0xe0000000, 64 << 20},
        {0xe2000005, 0xe2000000, 64 << 20},  // QEMU decodes bit 25 for 64 MB (datasheet: bit 26)
        {0xe6000003, 0xe6000000, 128 << 20}, {0xe8000003, 0xe0000000, 128 << 20},  // bit 27 never decoded by QEMU
        {0xc0000005, 0xc0000000, 64 << 20}};
    std::uint64_t previous = 0;
    for (const window& w : windows) {
        cfg_write(s, 0, 0, 0x60, 4, w.value);
        cfg_read(s, 0, 0, 0x60, 4);
        if (previous) s.add("readl " + hex(previous));  // the old window is gone (or moved)
        previous = w.base;
        for (unsigned size : {1u, 2u, 4u, 8u})
            for (unsigned off = 0; off < 0x110; off += (off < 0x10 || off >= 0xf8 ? 1 : 7))
                s.add(std::string("read") + sfx(size) + " " + hex(w.base + off));
        // Writes through ECAM into MCH scratch, every size and alignment.
        for (unsigned size : {1u, 2u, 4u, 8u})
            for (unsigned off = 0xc0; off < 0xd0; ++off) {
                s.add(std::string("write") + sfx(size) + " " + hex(w.base + off) + " " + hex(rng() & mask(size)));
                s.add("readq " + hex(w.base + (off & ~7u)));
                s.add("readq " + hex(w.base + (off & ~7u) + 8));
            }
        // Past the MCH's 256 bytes, other functions and buses, the last dword of the window.
        for (std::uint64_t off : {std::uint64_t{0x100}, std::uint64_t{0xffc}, std::uint64_t{0x8000},
                                  std::uint64_t{0x9000}, std::uint64_t{0x100000}, std::uint64_t{0x3f00000},
                                  w.size - 4, w.size, w.size + 0x1000}) {
            s.add("writel " + hex(w.base + off) + " 0xffffffff");
            s.add("readl " + hex(w.base + off));
            s.add("readw " + hex(w.base + off + 2));
        }
    }
    // The reserved length leaves the window where it was; writing PCIEXBAR through the window.
    cfg_write(s, 0, 0, 0x60, 4, 0xe0000001);
    cfg_write(s, 0, 0, 0x60, 4, 0xd0000007);
    s.add("readl 0xe0000000");
    s.add("readl 0xd0000000");
    s.add("writel 0xe0000060 0xd0000005");
    s.add("readl 0xe0000000");
    s.add("readl 0xd0000000");
    s.add("writeb 0xd0000060 0x04");  // disable through the window itself
    s.add("readl 0xd0000000");
    cfg_read(s, 0, 0, 0x60, 4);
    cfg_write(s, 0, 0, 0x64, 4, 0x1);  // above 4 GiB: nothing left at 0xd0000000
    cfg_write(s, 0, 0, 0x60, 4, 0xd0000005);
    s.add("readl 0xd0000000");
    cfg_write(s, 0, 0, 0x64, 4, 0x0);
    s.add("readl 0xd0000000");
    // Unaligned and odd-length buffer reads and writes through the window.
    s.add("read 0xd0000001 9");
    s.add("write 0xd00000c1 7 0x0102030405060708");
    s.add("read 0xd00000c0 16");
    cfg_write(s, 0, 0, 0x60, 4, 0x0);
    s.add("readl 0xd0000000");
    // One access that moves the window with its first piece: its second piece still lands in the
    // window the access started in (QEMU keeps one memory map per access).
    cfg_write(s, 0, 0, 0x60, 4, 0xe0000001);
    s.add("writeq 0xe0000060 0x00000001d0000001");
    cfg_read(s, 0, 0, 0x64, 4);
    s.add("readl 0x1d0000000");
    s.add("writeq 0x1d0000060 0x00000000e0000001");
    s.add("readl 0xe0000000");
    s.add("readq 0xe0000060");
    cfg_write(s, 0, 0, 0x60, 4, 0x0);
    return s;
}

// SMRAM, ESMRAMC and QEMU's SMBASE and extended TSEG registers: every value before and after
// D_LCK, through both mechanisms.
session smram(std::mt19937_64& rng) {
    session s{"smram", {}};
    for (unsigned v = 0; v < 256; v += 5) {  // unlocked: never with D_LCK
        if (v & 0x10) continue;
        cfg_write(s, 0, 0, 0x9d, 1, v);
        cfg_write(s, 0, 0, 0x9e, 1, (v * 7) & 0xff);
        cfg_read(s, 0, 0, 0x9c, 4);
    }
    // Extended TSEG query and SMBASE negotiation.
    for (std::uint64_t v : {0xffffull, 0x1234ull, 0xffull, 0xff00ull, 0xffffull}) {
        cfg_write(s, 0, 0, 0x50, 2, v);
        cfg_read(s, 0, 0, 0x50, 4);
    }
    cfg_write(s, 0, 0, 0x51, 1, 0xff);
    cfg_write(s, 0, 0, 0x50, 1, 0xff);
    cfg_read(s, 0, 0, 0x50, 2);
    for (std::uint64_t v : {0x05ull, 0x02ull, 0xffull, 0x00ull, 0x03ull, 0xffull, 0x00ull}) {
        cfg_write(s, 0, 0, 0x9c, 1, v);
        cfg_read(s, 0, 0, 0x9c, 1);
    }
    // Open SMRAM with TSEG, then lock: D_OPEN drops, ESMRAMC freezes, D_CLS stays writable.
    cfg_write(s, 0, 0, 0x9d, 1, 0x4a);
    cfg_write(s, 0, 0, 0x9e, 1, 0x83);
    cfg_read(s, 0, 0, 0x9c, 4);
    cfg_write(s, 0, 0, 0x9c, 4, 0x00005a00);  // D_LCK in a dword write that also covers ESMRAMC
    cfg_read(s, 0, 0, 0x9c, 4);
    for (int i = 0; i < 40; ++i) {
        const unsigned off = 0x9c + static_cast<unsigned>(rng() % 4);
        const unsigned size = 1u << (rng() % 3);
        cfg_write(s, 0, 0, off, size, rng() & mask(size));
        cfg_read(s, 0, 0, 0x9c, 4);
    }
    s.add("outl 0xcf8 0x80000060");
    s.add("outl 0xcfc 0xe0000001");
    for (unsigned v : {0x00u, 0xffu, 0x20u, 0x4au}) {
        s.add("writeb 0xe000009d " + hex(v));
        s.add("readl 0xe000009c");
    }
    return s;
}

// Random accesses through both mechanisms, all sizes and offsets, with the window at 0xe0000000.
session random_mix(std::mt19937_64& rng) {
    session s{"random", {}};
    s.add("outl 0xcf8 0x80000060");
    s.add("outl 0xcfc 0xe0000001");
    const unsigned devfns[] = {0x00, 0x00, 0x00, 0x08, 0x20, 0x38};
    for (int i = 0; i < 3000; ++i) {
        const unsigned devfn = devfns[rng() % 6];
        const unsigned bus = (rng() % 8 == 0) ? static_cast<unsigned>(rng() % 256) : 0;
        unsigned off = static_cast<unsigned>(rng() % 0x110);
        const bool ecam_path = rng() % 2;
        const bool write = rng() % 2;
        if (write && bus == 0 && devfn == 0 && off + 8 > 0x60 && off < 0x68) off = 0x70 + off % 8;  // PCIEXBAR stays
        const std::uint64_t kinds[] = {~0ull, 0ull, rng()};
        const std::uint64_t v = kinds[rng() % 3];
        if (ecam_path) {
            const unsigned size = 1u << (rng() % 4);
            const std::uint64_t a = 0xe0000000ull + (std::uint64_t{bus} << 20) + (std::uint64_t{devfn} << 12) + off;
            s.add(write ? std::string("write") + sfx(size) + " " + hex(a) + " " + hex(v & mask(size))
                        : std::string("read") + sfx(size) + " " + hex(a));
        } else {
            const unsigned size = 1u << (rng() % 3);
            if (write) cfg_write(s, bus, devfn, off & 0xff, size, v & mask(size));
            else cfg_read(s, bus, devfn, off & 0xff, size);
        }
    }
    return s;
}

// The protocol itself: number bases, extra words, unknown commands.
session protocol() {
    session s{"protocol", {}};
    for (const char* l : {"outl 3320 2147483648", "inl 0xcf8", "outl 0xcf8 020000000000", "inl 3320", "inw 0XCFC",
                          "inb 0xcf8 extra words", "endianness", "INB 0xcf8", "outq 0xcf8 1", "inq 0xcf8",
                          "readz 0", "frobnicate", "outb 0xcf9 -6", "inb 0xcf9", "outl 0xcf8 -2147483648",
                          "inl 0xcf8", "inl 0xcfc", "readl -1", "inl \t0xcf8", "inw \v0xcfc", "outl 0xcf8 +0X80000060",
                          "inl 0xcf8", "qmp", "log x", "rtas", "inw 0xffff", "inl 0xfffe", "outw 0xffff 0x7700",
                          "outl 0xfffd 0xffffffff", "inl 0xcf8", "outl 0xcfc 0xe0000001", "write 0xe00000c0 0 0x12",
                          "write 0xe00000c0 4 0xz1Z2a3AG", "readl 0xe00000c0", "write 0xe00000c4 3 0x1", "readl 0xe00000c4",
                          "write 0xe00000c8 5 0x0a0b0c0d0e0f", "readq 0xe00000c8", "outl 0xcf8 -0", "inl 0xcf8", "inb 06377"})
        s.add(l);
    return s;
}

// ---- running ----
struct run_result {
    std::vector<std::string> answers;
    std::string error;
};

// Starts argv with stdin from `input`, reads `expected` lines from its stdout, then ends it
// (QEMU keeps running at end of input).
run_result run(const std::vector<std::string>& argv, const std::string& input, std::size_t expected) {
    run_result r;
    int out[2];
    if (pipe(out) != 0) return {{}, "pipe failed"};
    const pid_t pid = fork();
    if (pid < 0) return {{}, "fork failed"};
    if (pid == 0) {
        std::FILE* in = std::fopen(input.c_str(), "r");
        if (!in) _exit(126);
        dup2(fileno(in), 0);
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        std::vector<char*> args;
        for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execvp(args[0], args.data());
        _exit(127);
    }
    close(out[1]);
    std::FILE* f = fdopen(out[0], "r");
    std::string line;
    for (int c; r.answers.size() < expected && (c = std::fgetc(f)) != EOF;) {
        if (c == '\n') {
            r.answers.push_back(line);
            line.clear();
        } else {
            line += static_cast<char>(c);
        }
    }
    std::fclose(f);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (r.answers.size() < expected)
        r.error = argv[0] + " gave " + std::to_string(r.answers.size()) + " answers for " + std::to_string(expected) +
                  " commands (exit status " + std::to_string(status) + ")";
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s REGSPACE_Q35 [WORKDIR]\n", argv[0]);
        return 2;
    }
    const std::string tool = argv[1];
    const std::string dir = argc > 2 ? argv[2] : ".";
    if (std::system("command -v qemu-system-x86_64 >/dev/null 2>&1") != 0) {
        std::fprintf(stderr, "FAIL: qemu-system-x86_64 not found (scripts/setup.sh installs qemu-system-x86)\n");
        return 1;
    }
    std::mt19937_64 rng(20261125);
    std::vector<session> sessions;
    for (unsigned size : {1u, 2u, 4u}) sessions.push_back(mch_sweep(rng, size));
    sessions.push_back(config_ports(rng));
    sessions.push_back(ecam(rng));
    sessions.push_back(smram(rng));
    sessions.push_back(random_mix(rng));
    sessions.push_back(protocol());

    std::size_t total = 0;
    int failures = 0;
    for (const session& s : sessions) {
        const std::string file = dir + "/q35-" + s.name + ".qtest";
        {
            std::ofstream o(file);
            for (const std::string& l : s.lines) o << l << '\n';
        }
        const run_result q = run({"qemu-system-x86_64", "-M", "q35", "-nodefaults", "-display", "none", "-S",
                                  "-qtest", "stdio", "-qtest-log", "/dev/null"},
                                 file, s.lines.size());
        const run_result m = run({tool}, file, s.lines.size());
        if (!q.error.empty() || !m.error.empty()) {
            std::fprintf(stderr, "FAIL %s: %s%s\n", s.name.c_str(), q.error.c_str(), m.error.c_str());
            ++failures;
            continue;
        }
        std::size_t diffs = 0;
        for (std::size_t i = 0; i < s.lines.size(); ++i) {
            if (q.answers[i] == m.answers[i]) continue;
            if (diffs++ < 5)
                std::fprintf(stderr, "FAIL %s line %zu: %s\n  qemu:     %s\n  regspace: %s\n", file.c_str(), i + 1,
                             s.lines[i].c_str(), q.answers[i].c_str(), m.answers[i].c_str());
        }
        std::printf("%-14s %6zu commands, %zu differ\n", s.name.c_str(), s.lines.size(), diffs);
        total += s.lines.size();
        failures += diffs != 0;
    }
    std::printf("%zu commands in %zu sessions: %s\n", total, sessions.size(),
                failures ? "answers differ from QEMU" : "every answer identical to QEMU's");
    return failures ? 1 : 0;
}

// SPDX-License-Identifier: MIT
// edu-vs-qemu: QEMU 7.2's own `-device edu` against examples/edu.hpp. One qtest session (config
// space through CF8h/CFCh, BAR0 through memory reads and writes) runs through
// `qemu-system-x86_64 -M q35 -S -display none -nodefaults -qtest stdio -device edu` and through
// the model; every answer must be identical.
//
// On q35 QEMU puts the device at 00:01.0. -S keeps the firmware from running (it would program
// the device itself). The session's phases: the whole config space as it comes out of reset;
// every config offset and size read, written with all-ones, zeros and a random value, read
// again; then BAR0 mapped at FE000000h and its registers accessed at every size, aligned and
// not (QEMU's bus cuts an unaligned access into aligned pieces before the device sees it, and the
// harness does the same, so the model's own refusal of unaligned accesses is tested in
// tests/edu/test_edu.cpp, not here). The model lets work complete before each command
// (advance(0)); QEMU's factorial runs on a thread of its own, so after each factorial the harness
// polls STATUS until it is done (a `wait_idle` line in the session; those polls are not compared:
// under load the thread may take a while). The factorial's completion interrupt is left out (see
// below), and QEMU's 100 ms DMA timer never fires with the CPU stopped, nor does the model's.
// A missing QEMU is a failure, not a skip: scripts/setup.sh installs it.
//
//   edu-vs-qemu [WORKDIR]      (the session is written to WORKDIR/edu.qtest for replay)
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

#include "edu.hpp"

namespace {

constexpr std::uint32_t bar_base = 0xfe000000;
constexpr unsigned devfn = 0x08;  // 00:01.0

std::string hex(std::uint64_t v) {
    char b[24];
    std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
    return b;
}
const char* sfx(unsigned size) { return size == 1 ? "b" : size == 2 ? "w" : size == 4 ? "l" : "q"; }
std::uint64_t mask(unsigned size) { return size == 8 ? ~0ull : (1ull << (8 * size)) - 1; }

// Not a qtest command: QEMU's side polls STATUS until its factorial thread has finished (answers
// not compared); the model's side has nothing to wait for (advance(0) before each command).
const std::string wait_idle = "wait_idle";

struct session {
    std::vector<std::string> lines;
    void add(const std::string& s) { lines.push_back(s); }
    void cfg_read(unsigned off, unsigned size) {
        add("outl 0xcf8 " + hex(0x80000000u | devfn << 8 | (off & 0xfc)));
        add(std::string("in") + sfx(size) + " " + hex(0xcfc + (off & 3)));
    }
    void cfg_write(unsigned off, unsigned size, std::uint64_t v) {
        add("outl 0xcf8 " + hex(0x80000000u | devfn << 8 | (off & 0xfc)));
        add(std::string("out") + sfx(size) + " " + hex(0xcfc + (off & 3)) + " " + hex(v & mask(size)));
    }
    void mem_read(unsigned off, unsigned size) { add(std::string("read") + sfx(size) + " " + hex(bar_base + off)); }
    void mem_write(unsigned off, unsigned size, std::uint64_t v) {
        add(std::string("write") + sfx(size) + " " + hex(bar_base + off) + " " + hex(v & mask(size)));
    }
};

session make_session() {
    std::mt19937_64 rng(0xed);
    session s;
    for (unsigned off = 0; off < 256; off += 4) s.cfg_read(off, 4);
    // Every offset and size: read, all-ones, zeros, a random value, each read back (bytes, words
    // and dwords, aligned and not, as CFCh-CFFh allow). BAR0 and COMMAND are programmed after.
    for (unsigned size : {1u, 2u, 4u})
        for (unsigned off = 0; off < 256; off += 1) {
            if ((off & 3) + size > 4) continue;  // CFCh + off&3 must stay within the dword
            s.cfg_read(off, size);
            for (std::uint64_t v : {mask(size), std::uint64_t{0}, rng() & mask(size)}) {
                s.cfg_write(off, size, v);
                s.cfg_read(off, size);
                s.cfg_read(off & ~3u, 4);
            }
        }
    for (unsigned off = 0; off < 256; off += 4) s.cfg_read(off, 4);

    // BAR0 at FE000000h, memory decoding and bus mastering on.
    s.cfg_write(0x10, 4, bar_base);
    s.cfg_write(0x04, 2, 0x0006);
    s.mem_read(0x00, 4);
    for (unsigned size : {1u, 2u, 4u, 8u})
        for (unsigned off : {0x00u, 0x01u, 0x02u, 0x04u, 0x06u, 0x08u, 0x1cu, 0x20u, 0x24u, 0x40u, 0x60u, 0x64u, 0x7cu,
                             0x80u, 0x84u, 0x88u, 0x8cu, 0x90u, 0x94u, 0x98u, 0x9cu, 0xa0u, 0x100u, 0x40000u, 0x80000u,
                             0xffff8u, 0xffffcu})
            if (off + size <= (1u << 20)) s.mem_read(off, size);
    // Liveness, status, interrupt raise and acknowledge (INTx: Status.Interrupt Status follows).
    for (std::uint64_t v : {std::uint64_t{0x12345678}, std::uint64_t{0}, rng()}) {
        s.mem_write(0x04, 4, v);
        s.mem_read(0x04, 4);
    }
    s.mem_write(0x04, 2, 0xffff);  // refused: 2 bytes
    s.mem_read(0x04, 4);
    s.mem_write(0x20, 4, 0xffffffff);
    s.mem_read(0x20, 4);
    s.mem_write(0x20, 4, 0);
    s.mem_read(0x20, 4);
    s.mem_write(0x60, 4, 0x5);
    s.mem_read(0x24, 4);
    s.cfg_read(0x04, 4);
    s.mem_write(0x64, 4, 0x1);
    s.mem_read(0x24, 4);
    s.cfg_write(0x04, 2, 0x0406);  // Interrupt Disable: the status bit stays
    s.cfg_read(0x04, 4);
    s.cfg_write(0x04, 2, 0x0006);
    s.mem_write(0x64, 4, 0xffffffff);
    s.mem_read(0x24, 4);
    s.cfg_read(0x04, 4);
    // Factorials. Not with the completion interrupt (STATUS bit 7): QEMU's thread raises it only
    // once it gets the main loop's lock, at a moment the session cannot name (tests/edu/test_edu.cpp
    // checks that interrupt).
    for (std::uint64_t n : {5u, 12u, 13u, 0u, 1u, 20u}) {
        s.mem_write(0x08, 4, n);
        s.add(wait_idle);
        s.mem_read(0x20, 4);
        s.mem_read(0x08, 4);
        s.mem_read(0x24, 4);
        s.cfg_read(0x04, 4);
        s.mem_write(0x64, 4, 0xffffffff);
    }
    // DMA registers: 8-byte and 4-byte halves; a command without RUN is ignored; with RUN the
    // registers freeze (the transfer never runs: the CPU is stopped).
    for (unsigned reg : {0x80u, 0x88u, 0x90u}) {
        s.mem_write(reg, 8, 0x1122334455667788ull + reg);
        s.mem_read(reg, 8);
        s.mem_read(reg, 4);
        s.mem_read(reg + 4, 4);
        s.mem_write(reg + 4, 4, 0xaabbccdd);
        s.mem_read(reg, 8);
        s.mem_write(reg, 4, 0x99887766);
        s.mem_read(reg, 8);
    }
    s.mem_write(0x98, 4, 0x6);
    s.mem_read(0x98, 8);
    s.mem_write(0x98, 8, 0x40000000'00000007ull);
    s.mem_read(0x98, 8);
    s.mem_write(0x80, 8, 0);
    s.mem_read(0x80, 8);
    s.mem_write(0x98, 4, 0x1);
    s.mem_read(0x98, 8);
    // Random writes and reads everywhere in the first 100h, at every size.
    for (int i = 0; i < 600; ++i) {
        const unsigned size = 1u << (rng() % 4);
        const auto off = static_cast<unsigned>(rng() % 0x100) & ~(size - 1);
        if (off == 0x08) continue;  // factorials: above, with time to finish
        if (rng() % 2) s.mem_write(off, size, rng());
        s.mem_read(off, size);
    }
    return s;
}

// The model behind the same commands: CF8h latches an address, CFCh-CFFh reach 00:01.0's
// configuration space, memory at BAR0 reaches the BAR while memory decoding is on.
struct null_platform final : edu::platform {
    regspace::pci::buffer_memory mem{0, 0};
    void set_intx(bool) override {}
    void send_msi(regspace::pci::msi_message) override {}
    regspace::pci::guest_memory& memory() override { return mem; }
};
std::string answer_hex(std::uint64_t v, int digits) {
    char b[32];
    std::snprintf(b, sizeof b, "OK 0x%0*llx", digits, static_cast<unsigned long long>(v));
    return b;
}
// QEMU's memory core before the device sees an access (softmmu/physmem.c flatview_read_continue
// and memory_access_size): edu's region is not .impl.unaligned, so an access is cut into pieces
// no larger than its address's alignment (and than 8 bytes), each dispatched on its own. That is
// the VMM's bus, not the device: the model answers each piece.
template <class F>
std::uint64_t split(std::uint64_t addr, unsigned size, F&& piece) {
    std::uint64_t value = 0;
    for (unsigned done = 0; done < size;) {
        const std::uint64_t a = addr + done;
        unsigned l = size - done;
        const std::uint64_t align = a & (~a + 1);
        if (align != 0 && align < l) l = static_cast<unsigned>(align);
        while (l & (l - 1)) l &= l - 1;  // pow2floor
        value |= piece(a, l, done) << (8 * done);
        done += l;
    }
    return value;
}

std::vector<std::string> run_model(const std::vector<std::string>& lines) {
    null_platform plat;
    edu::function f(plat);
    std::uint32_t cf8 = 0;
    std::vector<std::string> out;
    for (const std::string& l : lines) {
        if (l == wait_idle) continue;
        f.advance(0);
        char op[16] = {};
        unsigned long long a = 0, v = 0;
        const int n = std::sscanf(l.c_str(), "%15s %llx %llx", op, &a, &v);
        const std::string o = op;
        const unsigned size = o.back() == 'b' ? 1 : o.back() == 'w' ? 2 : o.back() == 'l' ? 4 : 8;
        const bool ours = (cf8 & 0x80ffff00u) == (0x80000000u | devfn << 8);
        if (o == "outl" && a == 0xcf8) {
            cf8 = static_cast<std::uint32_t>(v);
            out.push_back("OK");
        } else if (o.rfind("out", 0) == 0) {
            if (ours) f.config_write((cf8 & 0xfc) + static_cast<unsigned>(a - 0xcfc), size, v);
            out.push_back("OK");
        } else if (o.rfind("in", 0) == 0) {
            const std::uint64_t r = ours ? f.config_read((cf8 & 0xfc) + static_cast<unsigned>(a - 0xcfc), size) : mask(size);
            out.push_back(answer_hex(r, 4));
        } else {
            const std::uint64_t bar = f.config_read(0x10, 4) & 0xfff00000u;
            const bool decoded = (f.config_read(0x04, 2) & 2) && a >= bar && a < bar + (1u << 20);
            const bool write = o.rfind("write", 0) == 0;
            const std::uint64_t r = split(a, size, [&](std::uint64_t at, unsigned l, unsigned done) -> std::uint64_t {
                if (!decoded) return 0;
                const auto off = static_cast<unsigned>(at - bar);
                if (write) {
                    f.mmio_write(off, l, (v >> (8 * done)) & mask(l));
                    return 0;
                }
                return f.mmio_read(off, l) & mask(l);
            });
            out.push_back(write ? "OK" : answer_hex(r, 16));
        }
        (void)n;
    }
    return out;
}

// QEMU in lock-step: one command written, its answer read, so that wait_idle can poll.
std::vector<std::string> run_qemu(const std::vector<std::string>& lines, std::string& error) {
    std::vector<std::string> answers;
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) return error = "pipe failed", answers;
    const pid_t pid = fork();
    if (pid < 0) return error = "fork failed", answers;
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        std::FILE* devnull = std::fopen("/dev/null", "w");
        if (devnull) dup2(fileno(devnull), 2);  // qtest logs every command to stderr
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execlp("qemu-system-x86_64", "qemu-system-x86_64", "-M", "q35", "-S", "-display", "none", "-nodefaults",
               "-qtest", "stdio", "-device", "edu", static_cast<char*>(nullptr));
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    std::FILE* to = fdopen(in[1], "w");
    std::FILE* from = fdopen(out[0], "r");
    auto ask = [&](const std::string& cmd, std::string& answer) {
        std::fputs((cmd + "\n").c_str(), to);
        std::fflush(to);
        for (;;) {
            answer.clear();
            int c;
            while ((c = std::fgetc(from)) != EOF && c != '\n') answer += static_cast<char>(c);
            if (c == EOF) return false;
            if (answer.rfind("IRQ", 0) != 0) return true;  // asynchronous IRQ notes are not answers
        }
    };
    std::string a;
    for (const std::string& l : lines) {
        if (l == wait_idle) {
            bool idle = false;
            for (int tries = 0; tries < 1000000 && !idle; ++tries) {
                if (!ask("readl " + hex(bar_base + 0x20), a)) break;
                idle = a.size() > 3 && (std::strtoull(a.c_str() + 3, nullptr, 16) & 1) == 0;
            }
            if (!idle) {
                error = "QEMU's factorial never finished";
                break;
            }
            continue;
        }
        if (!ask(l, a)) {
            error = "QEMU stopped answering after " + std::to_string(answers.size()) + " commands";
            break;
        }
        answers.push_back(a);
    }
    std::fclose(to);
    std::fclose(from);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    return answers;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : ".";
    if (std::system("command -v qemu-system-x86_64 >/dev/null 2>&1") != 0) {
        std::fprintf(stderr, "FAIL: qemu-system-x86_64 not found (scripts/setup.sh installs qemu-system-x86)\n");
        return 1;
    }
    const session s = make_session();
    const std::string file = dir + "/edu.qtest";
    {
        std::ofstream o(file);
        for (const std::string& l : s.lines) o << l << '\n';
    }
    std::string error;
    const std::vector<std::string> q = run_qemu(s.lines, error);
    if (!error.empty()) {
        std::fprintf(stderr, "FAIL: %s\n", error.c_str());
        return 1;
    }
    const std::vector<std::string> m = run_model(s.lines);
    std::vector<std::string> commands;  // the session without its wait_idle points
    for (const std::string& l : s.lines)
        if (l != wait_idle) commands.push_back(l);
    if (q.size() != commands.size() || m.size() != commands.size()) {
        std::fprintf(stderr, "FAIL: %zu commands, %zu answers from QEMU, %zu from the model\n", commands.size(), q.size(),
                     m.size());
        return 1;
    }
    std::size_t config_reads = 0, mmio = 0;
    for (std::size_t i = 0; i < commands.size(); ++i) {
        if (q[i] != m[i]) {
            std::fprintf(stderr, "FAIL: command %zu `%s`: QEMU answered `%s`, the model `%s` (session: %s)\n", i,
                         commands[i].c_str(), q[i].c_str(), m[i].c_str(), file.c_str());
            return 1;
        }
        config_reads += commands[i].rfind("in", 0) == 0;
        mmio += commands[i].rfind("read", 0) == 0 || commands[i].rfind("write", 0) == 0;
    }
    std::printf("edu: %zu qtest commands, identical answers (%zu config reads, %zu BAR0 accesses)\n", commands.size(),
                config_reads, mmio);
    return 0;
}

// SPDX-License-Identifier: MIT
// tests/guest/guest_boot.hpp - boots Debian's own Linux under QEMU 7.2 (q35, TCG) with the
// project's initramfs (tests/guest/make-initramfs.sh) and collects what the guest reported on
// its second serial port, what SeaBIOS logged, the kernel console and the remotes' traces.
//
// Devices are either QEMU's own (`-device edu,addr=3`) or regspace functions served by
// regspace-remote through x-pci-proxy-dev, started by regspace-pair on socketpairs.
#pragma once

// A case that boots starts with this: it reports itself skipped, with the reason, when a part is
// missing (scripts/test.sh counts a skip as a failure unless told otherwise).
#define REGSPACE_NEEDS_GUEST()                                                                    \
    do {                                                                                          \
        if (const std::string why_ = guest::missing(); !why_.empty()) {                           \
            std::printf("SKIPPED: needs %s; scripts/setup.sh installs it\n", why_.c_str());      \
            return;                                                                               \
        }                                                                                         \
    } while (0)

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>

namespace guest {

struct section {
    std::string text;
    int rc = -1;
};

struct boot_result {
    int status = -1;  // regspace-pair's: QEMU's exit status, 3 when a remote failed, 124 on timeout
    bool done = false;  // the guest script ran to its end
    std::map<std::string, section> sections;
    std::string console, seabios, output;
    std::vector<std::string> remote_logs;
    double seconds = 0;
    std::string dir;
};

struct served {
    std::string device;    // regspace-remote's DEVICE
    unsigned slot = 3;     // the proxy's addr=
};

struct boot_spec {
    std::string name;            // the output directory under the test's build tree
    std::string script;          // runs tests/guest/guest-SCRIPT.sh in the guest
    std::vector<served> remotes;
    std::string qemu_devices;    // further -device options, e.g. QEMU's own edu
    unsigned timeout_s = 60;
};

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

// The kernel scripts/setup.sh unpacked (the newest if several), or an empty path.
inline std::filesystem::path kernel() {
    std::filesystem::path best;
    const std::filesystem::path dir = std::filesystem::path(REGSPACE_GUEST_KERNEL_DIR) / "boot";
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.path().filename().string().rfind("vmlinuz-", 0) == 0 && e.path() > best) best = e.path();
    return best;
}

// What a boot lacks on this machine (empty: nothing). scripts/setup.sh provides all of it.
inline std::string missing() {
    if (std::string(REGSPACE_QEMU).empty()) return "qemu-system-x86_64 (Debian package qemu-system-x86)";
    if (kernel().empty()) return "Debian's kernel linux-image-cloud-amd64 unpacked under " REGSPACE_GUEST_KERNEL_DIR;
    if (!std::filesystem::exists(REGSPACE_INITRAMFS)) return "the guest initramfs (busybox-static, cpio; test guest.initramfs)";
    return {};
}

inline std::map<std::string, section> parse_sections(const std::string& out, bool& done) {
    std::map<std::string, section> s;
    std::istringstream in(out);
    std::string line, current;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("@@ BEGIN ", 0) == 0) {
            current = line.substr(9);
            s[current] = section{};
        } else if (line.rfind("@@ END ", 0) == 0) {
            const std::size_t rc = line.find(" rc=");
            if (!current.empty() && rc != std::string::npos) s[current].rc = std::atoi(line.c_str() + rc + 4);
            current.clear();
        } else if (line == "@@ DONE") {
            done = true;
        } else if (!current.empty()) {
            s[current].text += line + "\n";
        }
    }
    return s;
}

inline boot_result boot(const boot_spec& spec) {
    namespace fs = std::filesystem;
    boot_result r;
    const fs::path dir = fs::path(REGSPACE_GUEST_WORKDIR) / spec.name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    r.dir = dir.string();
    const fs::path k = kernel();
    std::string cmd = "cd '" + dir.string() + "' && timeout -k 5 " + std::to_string(spec.timeout_s) + " " REGSPACE_PAIR;
    std::string devices;
    for (std::size_t i = 0; i < spec.remotes.size(); ++i) {
        cmd += " sh -c 'exec " REGSPACE_REMOTE " --fd @FD@ --trace " + spec.remotes[i].device + " 2>remote" +
               std::to_string(i) + ".log' --";
        devices += " -device x-pci-proxy-dev,addr=" + std::to_string(spec.remotes[i].slot) + ",fd=@FD" + std::to_string(i) + "@";
    }
    if (spec.remotes.empty()) cmd += " true --";  // regspace-pair wants one remote: a no-op one
    // Guest RAM from a memfd, so that SYNC_SYSMEM gives the remote the guest's memory (DMA).
    cmd += " " REGSPACE_QEMU " -M q35,memory-backend=mem0 -object memory-backend-memfd,id=mem0,size=256M -m 256M"
           " -accel tcg -cpu max -smp 1 -nodefaults -display none -no-reboot"
           " -kernel '" + k.string() + "' -initrd " REGSPACE_INITRAMFS
           " -append 'console=ttyS0 panic=-1 quiet regspace.test=" + spec.script + "'"
           " -chardev file,id=con,path=console.log -serial chardev:con"
           " -chardev file,id=out,path=out.txt -serial chardev:out"
           " -chardev file,id=dbg,path=seabios.log -device isa-debugcon,iobase=0x402,chardev=dbg" +
           devices + " " + spec.qemu_devices + " >qemu.log 2>&1";
    const auto t0 = std::chrono::steady_clock::now();
    const int ws = std::system(cmd.c_str());
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
    r.output = read_file(dir / "out.txt");
    r.console = read_file(dir / "console.log");
    r.seabios = read_file(dir / "seabios.log");
    for (std::size_t i = 0; i < spec.remotes.size(); ++i) r.remote_logs.push_back(read_file(dir / ("remote" + std::to_string(i) + ".log")));
    r.sections = parse_sections(r.output, r.done);
    return r;
}

// "00: 34 12 ..." rows (lspci -xxxx, the remote's end-of-session dump) or bare rows of 16 hex
// bytes (hexdump): the bytes in order.
inline std::vector<unsigned> hex_bytes(const std::string& text, bool offset_prefix) {
    std::vector<unsigned> b;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream l(line);
        std::string tok;
        if (offset_prefix) {
            l >> tok;
            if (tok.size() != 3 || tok.back() != ':') continue;
        }
        std::vector<unsigned> row;
        while (l >> tok) {
            if (tok.size() != 2 || tok.find_first_not_of("0123456789abcdef") != std::string::npos) break;
            row.push_back(static_cast<unsigned>(std::stoul(tok, nullptr, 16)));
        }
        if (row.size() == 16) b.insert(b.end(), row.begin(), row.end());
    }
    return b;
}

// The remote's config space at the end of its session (regspace-remote --trace), as the guest
// sees it, or (backing = true) as the device behind a passthrough view holds it.
inline std::vector<unsigned> remote_final_config(const std::string& log, bool backing = false) {
    const char* title = backing ? "backing device config space at session end:" : "\nconfig space at session end:";
    const std::size_t at = log.find(title);
    if (at == std::string::npos) return {};
    std::vector<unsigned> b = hex_bytes(log.substr(at), true);
    if (b.size() > 256) b.resize(256);
    return b;
}

}  // namespace guest

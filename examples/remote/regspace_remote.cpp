// SPDX-License-Identifier: MIT
// regspace-remote: serves a regspace device model to QEMU 7.2 out of process, through
// `-device x-pci-proxy-dev,fd=N` (multi-process QEMU; regspace/mpqemu/remote.hpp).
//
//   regspace-remote --fd N [--trace] DEVICE
//
// N is this process's end of a connected AF_UNIX stream socket whose other end QEMU holds (a
// socketpair made by whoever starts both; scripts/guest-demo.sh does). It serves until QEMU
// closes its end, then exits 0. Exit status 1: the link broke (said on stderr); 2: the device
// cannot be served through x-pci-proxy-dev (the message names the BAR or capability); 64: usage.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/stat.h>

#include <regspace/mpqemu/device_function.hpp>
#include <regspace/mpqemu/remote.hpp>

#include "edu_remote.hpp"
#include "endpoint_remote.hpp"
#include "../sriov_nic.hpp"
#include "passthrough_remote.hpp"

namespace {

constexpr const char* usage =
    "usage: regspace-remote --fd N [--trace] DEVICE\n"
    "  Serves DEVICE to QEMU's x-pci-proxy-dev on the connected socket N until QEMU closes it.\n"
    "  DEVICE: edu       QEMU's edu teaching device (examples/edu.hpp)\n"
    "          endpoint  a PCIe endpoint: PM, MSI, MSI-X in BAR1, Express with FLR (examples/endpoint.hpp)\n"
    "          passthrough:CAPS:DEVICE  DEVICE passed through, showing only the capabilities in\n"
    "                    CAPS (comma-separated: pm, msi, msix, pcie), host-owned bits emulated\n"
    "          nic       the SR-IOV NIC of examples/sriov_nic.hpp, which the proxy cannot carry:\n"
    "                    refused with the reason (exit status 2)\n"
    "  --trace           explain every guest access, and every reset with its kind, on stderr\n";

int fail_usage(const char* why) {
    std::fprintf(stderr, "regspace-remote: %s\n%s", why, usage);
    return 64;
}

template <class Peek>
void dump(std::FILE* out, const char* title, Peek&& peek) {
    std::fprintf(out, "%s\n", title);
    for (unsigned row = 0; row < 256; row += 16) {
        std::fprintf(out, "%02x:", row);
        for (unsigned i = 0; i < 16; ++i) std::fprintf(out, " %02x", static_cast<unsigned>(peek(row + i) & 0xff));
        std::fputc('\n', out);
    }
}

template <class F>
int run(int fd, F& f, regspace::mpqemu::proxy_resources& res, std::FILE* trace, std::string_view device) {
    if (const std::string why = regspace::mpqemu::check_servable(f); !why.empty()) {
        std::fprintf(stderr, "regspace-remote: cannot serve %.*s through x-pci-proxy-dev: %s\n",
                     static_cast<int>(device.size()), device.data(), why.c_str());
        return 2;
    }
    regspace::mpqemu::remote r(f, res, {.trace = trace});
    const int rc = regspace::mpqemu::serve(fd, r);
    if (trace) {
        const auto& c = r.statistics();
        std::fprintf(trace,
                     "session over: %llu config reads, %llu config writes, %llu BAR reads, %llu BAR writes, "
                     "%llu resets, %llu SYNC_SYSMEM, %llu requests refused\n",
                     static_cast<unsigned long long>(c.config_reads), static_cast<unsigned long long>(c.config_writes),
                     static_cast<unsigned long long>(c.bar_reads), static_cast<unsigned long long>(c.bar_writes),
                     static_cast<unsigned long long>(c.resets), static_cast<unsigned long long>(c.sysmem_syncs),
                     static_cast<unsigned long long>(c.refused));
        // What the guest saw last, to compare with its own dump (tests/guest); behind a
        // passthrough view, also what the backing device holds.
        dump(trace, "config space at session end:", [&](unsigned off) { return f.config_peek(off, 1); });
        if constexpr (requires { f.backing_peek(0u, 1u); })
            dump(trace, "backing device config space at session end:", [&](unsigned off) { return f.backing_peek(off, 1); });
    }
    return rc;
}

}  // namespace

int main(int argc, char** argv) {
    int fd = -1;
    bool trace = false;
    std::string_view device;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--help" || a == "-h") {
            std::fputs(usage, stdout);
            return 0;
        }
        if (a == "--trace") {
            trace = true;
        } else if (a == "--fd") {
            if (++i == argc) return fail_usage("--fd needs a number");
            char* end = nullptr;
            const long v = std::strtol(argv[i], &end, 10);
            if (*argv[i] == '\0' || *end != '\0' || v < 0 || v > 1'000'000) return fail_usage("--fd needs a number");
            fd = static_cast<int>(v);
        } else if (!a.empty() && a[0] == '-') {
            return fail_usage("unknown option");
        } else if (device.empty()) {
            device = a;
        } else {
            return fail_usage("one DEVICE only");
        }
    }
    if (fd < 0) return fail_usage("--fd N is required");
    if (device.empty()) return fail_usage("DEVICE is required");
    // passthrough:CAPS:DEVICE - DEVICE behind the passthrough view, CAPS its allowlist.
    std::string_view inner = device;
    std::optional<std::vector<std::uint8_t>> allowed;
    if (device.rfind("passthrough:", 0) == 0) {
        const std::string_view rest = device.substr(12);
        const std::size_t colon = rest.find(':');
        if (colon == std::string_view::npos) return fail_usage("passthrough needs CAPS:DEVICE");
        allowed.emplace();
        for (std::string_view caps = rest.substr(0, colon); !caps.empty();) {
            const std::size_t comma = caps.find(',');
            const std::string_view name = caps.substr(0, comma);
            const std::optional<std::uint8_t> id = remote_devices::capability_id(name);
            if (!id) {
                std::fprintf(stderr, "regspace-remote: unknown capability '%.*s' (known: pm, msi, msix, pcie)\n",
                             static_cast<int>(name.size()), name.data());
                return 64;
            }
            allowed->push_back(*id);
            caps = comma == std::string_view::npos ? std::string_view{} : caps.substr(comma + 1);
        }
        inner = rest.substr(colon + 1);
    }
    if (inner != "edu" && inner != "endpoint" && inner != "nic") return fail_usage("unknown DEVICE");
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) {
        std::fprintf(stderr, "regspace-remote: fd %d is not a socket\n", fd);
        return 64;
    }
    std::FILE* out = trace ? stderr : nullptr;
    regspace::mpqemu::proxy_resources res;
    if (inner == "edu") {
        remote_devices::edu_remote f(res, out);
        if (!allowed) return run(fd, f, res, out, device);
        remote_devices::passthrough_remote<remote_devices::edu_remote> pt(f, *allowed, res);
        f.route_intx([&pt](bool level) { pt.inner_intx(level); });
        return run(fd, pt, res, out, device);
    }
    if (inner == "endpoint") {
        remote_devices::endpoint_platform p(res, out);
        endpoint::function f(p);
        if (!allowed) return run(fd, f, res, out, device);
        remote_devices::passthrough_remote<endpoint::function> pt(f, *allowed, res);
        p.intx = [&pt](bool level) { pt.inner_intx(level); };
        p.after_self_reset = [&pt] { pt.inner_reset(); };
        return run(fd, pt, res, out, device);
    }
    // The SR-IOV NIC of examples/sriov_nic.hpp: 64-bit BARs and SR-IOV at 100h, which the proxy
    // cannot carry, so it is refused (exit 2) with the first reason.
    nic::pf_device pf;
    regspace::mpqemu::device_function f(pf);
    if (!allowed) return run(fd, f, res, out, device);
    remote_devices::passthrough_remote<regspace::mpqemu::device_function<nic::pf_device>> pt(f, *allowed, res);
    return run(fd, pt, res, out, device);
}

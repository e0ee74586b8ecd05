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
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include <sys/stat.h>

#include <regspace/mpqemu/remote.hpp>

#include "edu_remote.hpp"
#include "endpoint_remote.hpp"

namespace {

constexpr const char* usage =
    "usage: regspace-remote --fd N [--trace] DEVICE\n"
    "  Serves DEVICE to QEMU's x-pci-proxy-dev on the connected socket N until QEMU closes it.\n"
    "  DEVICE: edu       QEMU's edu teaching device (examples/edu.hpp)\n"
    "          endpoint  a PCIe endpoint: PM, MSI, MSI-X in BAR1, Express with FLR (examples/endpoint.hpp)\n"
    "  --trace           explain every guest access, and every reset with its kind, on stderr\n";

int fail_usage(const char* why) {
    std::fprintf(stderr, "regspace-remote: %s\n%s", why, usage);
    return 64;
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
        // What the guest saw last, to compare with its own dump (tests/guest).
        const auto image = regspace::mpqemu::config_image(f);
        std::fprintf(trace, "config space at session end:\n");
        for (unsigned row = 0; row < image.size(); row += 16) {
            std::fprintf(trace, "%02x:", row);
            for (unsigned i = 0; i < 16; ++i) std::fprintf(trace, " %02x", image[row + i]);
            std::fputc('\n', trace);
        }
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
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) {
        std::fprintf(stderr, "regspace-remote: fd %d is not a socket\n", fd);
        return 64;
    }
    std::FILE* out = trace ? stderr : nullptr;
    regspace::mpqemu::proxy_resources res;
    if (device == "edu") {
        remote_devices::edu_remote f(res, out);
        return run(fd, f, res, out, device);
    }
    if (device == "endpoint") {
        remote_devices::endpoint_platform p(res, out);
        endpoint::function f(p);
        return run(fd, f, res, out, device);
    }
    return fail_usage("unknown DEVICE");
}

// SPDX-License-Identifier: MIT
// A real Linux guest (Debian 12's cloud kernel under QEMU 7.2 q35, TCG) judges regspace
// functions served out of process by regspace-remote through x-pci-proxy-dev. Each case boots
// once or twice (about 3 s each) and checks what the guest saw against the description, the
// remote's own view, SeaBIOS's log and QEMU's own devices.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <regspace/pci/bar_decode.hpp>

#include "../../examples/edu.hpp"
#include "../../examples/endpoint.hpp"
#include "guest_boot.hpp"

namespace {

std::string hex(std::uint64_t v, int width = 0) {
    char b[32];
    std::snprintf(b, sizeof b, "%0*llx", width, static_cast<unsigned long long>(v));
    return b;
}

// busybox devmem's format: 0x and upper-case digits.
std::string devmem(std::uint64_t v) {
    char b[32];
    std::snprintf(b, sizeof b, "0x%08llX", static_cast<unsigned long long>(v));
    return b;
}

// A boot must have run its whole script with every section answered 0.
void require_clean(const guest::boot_result& r) {
    INFO("boot in " << r.dir << ": status " << r.status << ", " << r.seconds << " s\n" << r.output.substr(0, 4000));
    REQUIRE(r.status == 0);
    REQUIRE(r.done);
    for (const auto& entry : r.sections) {  // no structured binding: Clang 14's INFO cannot capture one
        INFO("section " << entry.first << ":\n" << entry.second.text);
        CHECK(entry.second.rc == 0);
    }
    CHECK(r.seconds < 20.0);  // the budget per boot under TCG
    MESSAGE("boot " << r.dir << ": " << r.seconds << " s");  // ctest -V -R guest lists them
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

std::uint32_t dword(const std::vector<unsigned>& cfg, unsigned at) {
    return cfg[at] | cfg[at + 1] << 8 | cfg[at + 2] << 16 | static_cast<std::uint32_t>(cfg[at + 3]) << 24;
}

std::string line_with(const std::string& text, const std::string& key) {
    const std::size_t at = text.find(key);
    if (at == std::string::npos) return {};
    const std::size_t end = text.find('\n', at);
    return text.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

// What the guest's devmem sequence (tests/guest/guest-edu.sh) should read, from the model
// itself: the same accesses on a fresh edu::function with its BAR programmed and decoding.
struct quiet_platform final : edu::platform {
    regspace::pci::buffer_memory mem{0, 4096};
    bool line = false;
    void set_intx(bool l) override { line = l; }
    void send_msi(regspace::pci::msi_message) override {}
    regspace::pci::guest_memory& memory() override { return mem; }
};

std::string expected_mmio() {
    quiet_platform p;
    edu::function f(p);
    f.config_write(0x04, 2, 0x0103);  // what SeaBIOS leaves: I/O, memory, SERR#
    std::string out;
    const auto reg = [&](unsigned off) { return devmem(f.mmio_read(off, 4)); };
    const auto status = [&] { return hex(f.config_read(0x06, 2), 4); };
    out += "id " + reg(0x00) + "\n";
    f.mmio_write(0x04, 4, 0x12345678);
    out += "liveness " + reg(0x04) + "\n";
    f.mmio_write(0x08, 4, 10);
    f.advance(1);
    out += "factorial " + reg(0x08) + "\n";
    f.mmio_write(0x60, 4, 0x40);
    out += "irq_status " + reg(0x24) + "\n";
    out += "pci_status " + status() + "\n";
    f.mmio_write(0x64, 4, 0x40);
    out += "irq_status_after_ack " + reg(0x24) + "\n";
    out += "pci_status_after_ack " + status() + "\n";
    out += "undecoded " + reg(0x40) + "\n";
    return out;
}

}  // namespace

// One boot of regspace's edu, judged against the description and then against a boot of QEMU's
// own edu running the same script.
TEST_CASE("edu served by regspace-remote: Linux enumerates it, lspci decodes the description, MMIO and DMA answer as specified, as with QEMU's own -device edu") {
    REGSPACE_NEEDS_GUEST();
    const guest::boot_result r = guest::boot({.name = "edu", .script = "edu", .remotes = {{.device = "edu", .slot = 3}}, .qemu_devices = "", .timeout_s = 60});
    require_clean(r);
    REQUIRE(r.remote_logs.size() == 1);
    const std::string& trace = r.remote_logs[0];

    // The kernel's probe of 00:03.0, with the identity and BAR the description gives.
    const std::string& probe = r.sections.at("probe").text;
    CHECK(probe.find("[" + hex(edu::id.vendor, 4) + ":" + hex(edu::id.device, 4) + "] type 00 class 0x" +
                     hex(edu::id.class_code, 6)) != std::string::npos);
    const std::vector<unsigned> final_cfg = guest::remote_final_config(trace);
    REQUIRE(final_cfg.size() == 256);
    const std::uint32_t bar0 = final_cfg[0x10] | final_cfg[0x11] << 8 | final_cfg[0x12] << 16 | final_cfg[0x13] << 24;

    // The description's BAR size and MSI capability, as lspci decodes them.
    quiet_platform p;
    edu::function model(p);
    const regspace::pci::bar_states bars = regspace::pci::decode_bars(model.config_space());
    REQUIRE(bars[0].size == (1u << 20));
    const std::string& lspci = r.sections.at("lspci").text;
    CHECK(line_with(lspci, "Region 0:") == "Region 0: Memory at " + hex(bar0 & ~0xfu, 8) + " (32-bit, non-prefetchable) [size=1M]");
    CHECK(line_with(lspci, "Capabilities: [40]") ==
          std::string("Capabilities: [40] MSI: Enable- Count=1/") + std::to_string(edu::msi::params.vectors) + " Maskable" +
              (edu::msi::params.per_vector_mask ? "+" : "-") + " 64bit" + (edu::msi::params.address_64 ? "+" : "-"));
    CHECK(line_with(lspci, "Interrupt:") == "Interrupt: pin A routed to IRQ " + std::to_string(final_cfg[0x3c]));
    CHECK(lspci.find("Device " + hex(edu::id.vendor, 4) + ":" + hex(edu::id.device, 4) + " (rev " + hex(edu::id.revision, 2) + ")") !=
          std::string::npos);

    // One config space, three views: lspci's hex dump, sysfs, and the remote's own at the end.
    const std::vector<unsigned> lspci_bytes = guest::hex_bytes(lspci, true);
    const std::vector<unsigned> sysfs = guest::hex_bytes(r.sections.at("config_after").text, false);
    CHECK(lspci_bytes.size() == 256);
    CHECK(sysfs == final_cfg);
    CHECK(lspci_bytes == final_cfg);
    CHECK(guest::hex_bytes(r.sections.at("config").text, false) == final_cfg);

    // SeaBIOS assigned BAR0 where regspace holds it.
    CHECK(r.seabios.find("PCI: map device bdf=00:03.0  bar 0, addr " + hex(bar0 & ~0xfu, 8) + ", size 00100000 [mem]") !=
          std::string::npos);

    // The guest's devmem answers: the model's, and the spec's (docs/specs/edu.txt).
    const std::string mmio = r.sections.at("mmio").text;
    CHECK(mmio == expected_mmio());
    CHECK(mmio.find("id 0x010000ED\n") != std::string::npos);
    CHECK(mmio.find("liveness " + devmem(~0x12345678u)) != std::string::npos);
    std::uint32_t fact = 1;
    for (std::uint32_t i = 2; i <= 10; ++i) fact *= i;
    CHECK(mmio.find("factorial " + devmem(fact)) != std::string::npos);
    CHECK(mmio.find("pci_status 0018\n") != std::string::npos);  // Interrupt Status (bit 3) while raised

    // DMA through the guest RAM SYNC_SYSMEM mapped: what edu read at F0000h it wrote at E8000h,
    // and nothing without Bus Master Enable.
    const std::string& dma = r.sections.at("dma").text;
    for (unsigned o = 0; o < 16; o += 4) {
        const std::string src = line_with(dma, "ram_f0000+" + std::to_string(o) + " "), dst = line_with(dma, "ram_e8000+" + std::to_string(o) + " ");
        REQUIRE(src.size() > 12);
        CHECK(src.substr(src.find(' ')) == dst.substr(dst.find(' ')));
    }
    // Each transfer completed: RUN cleared, the direction bit as written (1, then 3, then 3).
    CHECK(count(dma, "dma_cmd_after 0x00000000\n") == 1);
    CHECK(count(dma, "dma_cmd_after 0x00000002\n") == 2);
    CHECK(dma.find("without_bus_master_unchanged yes") != std::string::npos);
    CHECK(trace.find(" SYNC_SYSMEM") != std::string::npos);
    CHECK(trace.find(", 0 SYNC_SYSMEM") == std::string::npos);

    // The remote was reset as QEMU means it (machine start) and saw the guest's MMIO.
    CHECK(trace.find("reset cold (DEVICE_RESET)") != std::string::npos);
    CHECK(trace.find("BAR0 read  4 bytes at 0x000 -> 0x010000ed  edu BAR0") != std::string::npos);
    CHECK(trace.find("requests refused") != std::string::npos);
    CHECK(trace.find(", 0 requests refused") != std::string::npos);

    // The same script with QEMU's own edu: every section the guest printed is the same.
    const guest::boot_result qemu = guest::boot({.name = "edu-qemu", .script = "edu", .remotes = {}, .qemu_devices = "-device edu,addr=3", .timeout_s = 60});
    require_clean(qemu);
    const guest::boot_result& ours = r;
    for (const char* s : {"config", "config_after", "mmio", "resource", "dma"}) {
        INFO("section " << s);
        CHECK(ours.sections.at(s).text == qemu.sections.at(s).text);
    }
    // lspci's decoding too, but for the kernel-module line lspci prints from QEMU's own device only.
    CHECK(guest::hex_bytes(ours.sections.at("lspci").text, true) == guest::hex_bytes(qemu.sections.at("lspci").text, true));
    CHECK(line_with(ours.sections.at("lspci").text, "Region 0:") == line_with(qemu.sections.at("lspci").text, "Region 0:"));
    CHECK(line_with(ours.sections.at("lspci").text, "Capabilities:") ==
          line_with(qemu.sections.at("lspci").text, "Capabilities:"));
}

namespace {
struct endpoint_platform final : endpoint::platform {
    void set_intx(bool) override {}
};
}  // namespace

TEST_CASE("endpoint served by regspace-remote: Linux sees PM, MSI, MSI-X and Express, resets it by FLR, and what it does not restore is at reset values") {
    REGSPACE_NEEDS_GUEST();
    const guest::boot_result r =
        guest::boot({.name = "endpoint", .script = "endpoint", .remotes = {{.device = "endpoint", .slot = 3}}, .qemu_devices = "", .timeout_s = 60});
    require_clean(r);
    const std::string& trace = r.remote_logs.at(0);
    const std::vector<unsigned> cfg = guest::remote_final_config(trace);
    REQUIRE(cfg.size() == 256);
    CHECK(r.sections.at("probe").text.find("[1234:5253] type 00 class 0xff0000") != std::string::npos);

    // lspci decodes what examples/endpoint.hpp describes.
    const std::string& lspci = r.sections.at("lspci").text;
    CHECK(line_with(lspci, "Region 0:") == "Region 0: Memory at " + hex(dword(cfg, 0x10) & ~0xfu, 8) + " (32-bit, non-prefetchable) [size=4K]");
    CHECK(line_with(lspci, "Region 1:") == "Region 1: Memory at " + hex(dword(cfg, 0x14) & ~0xfu, 8) + " (32-bit, non-prefetchable) [size=4K]");
    CHECK(line_with(lspci, "Capabilities: [40]") == "Capabilities: [40] Power Management version 3");
    CHECK(line_with(lspci, "Capabilities: [50]") ==
          "Capabilities: [50] MSI: Enable- Count=1/" + std::to_string(endpoint::msi::params.vectors) + " Maskable+ 64bit+");
    CHECK(line_with(lspci, "Capabilities: [70]") == "Capabilities: [70] MSI-X: Enable- Count=" + std::to_string(endpoint::msix::vectors) + " Masked-");
    CHECK(line_with(lspci, "Vector table:") == "Vector table: BAR=1 offset=00000000");
    CHECK(line_with(lspci, "PBA:") == "PBA: BAR=1 offset=00000800");
    CHECK(line_with(lspci, "Capabilities: [80]") == "Capabilities: [80] Express (v2) Endpoint, MSI 00");
    CHECK(lspci.find("FLReset+") != std::string::npos);
    CHECK(count(lspci, "Capabilities:") == 4);
    for (unsigned bar = 0; bar < 2; ++bar)
        CHECK(r.seabios.find("PCI: map device bdf=00:03.0  bar " + std::to_string(bar) + ", addr " + hex(dword(cfg, 0x10 + 4 * bar) & ~0xfu, 8) +
                             ", size 00001000 [mem]") != std::string::npos);

    // INTx through the doorbell: Status.Interrupt Status follows it.
    CHECK(r.sections.at("intx").text == "status_raised 0018\nstatus_lowered 0010\n");

    // Linux offers FLR (Device Capabilities' FLR bit) and the PM reset (No_Soft_Reset clear), and
    // takes FLR first; the remote reports it once.
    CHECK(r.sections.at("reset_method").text == "flr pm\n");
    CHECK(count(trace, "reset flr (Initiate Function Level Reset)") == 1);
    CHECK(trace.find("reset cold (DEVICE_RESET)") != std::string::npos);
    const std::string& before = r.sections.at("before").text;
    CHECK(before == "id 0x52530001\nscratch 0xABCD1234\nmsix_data 0x00000055\nmsix_ctrl 0x00000000\nmsi_data 4321\n");
    // After the FLR: BAR0's scratch, the MSI-X entry and the (disabled, so not restored) MSI data
    // at their reset values, which a fresh model gives.
    endpoint_platform p;
    endpoint::function fresh(p);
    CHECK(r.sections.at("after").text == "id " + devmem(fresh.bar_read(0, 0, 4)) + "\nscratch " + devmem(fresh.bar_read(0, 4, 4)) +
                                             "\nmsix_data " + devmem(fresh.bar_read(1, 8, 4)) + "\nmsix_ctrl " +
                                             devmem(fresh.bar_read(1, 0xc, 4)) + "\nmsi_data " + hex(fresh.config_peek(0x5c, 2), 4) + "\n");
    CHECK(fresh.bar_read(1, 0xc, 4) == 1);  // Vector Control: masked at reset (PCI LB 3.0 section 6.8.2.9)
    // The guest's last view of the config space is the remote's.
    CHECK(guest::hex_bytes(r.sections.at("config_after").text, false) == cfg);
}

TEST_CASE("passthrough:pm,pcie:endpoint: the guest sees only PM and Express, and its writes to host-owned or hidden bits never reach the device") {
    REGSPACE_NEEDS_GUEST();
    const guest::boot_result r = guest::boot(
        {.name = "passthrough", .script = "passthrough", .remotes = {{.device = "passthrough:pm,pcie:endpoint", .slot = 3}}, .qemu_devices = "", .timeout_s = 60});
    require_clean(r);
    const std::string& trace = r.remote_logs.at(0);
    const std::vector<unsigned> guest_view = guest::remote_final_config(trace);
    const std::vector<unsigned> device = guest::remote_final_config(trace, true);
    REQUIRE(guest_view.size() == 256);
    REQUIRE(device.size() == 256);
    CHECK(guest::hex_bytes(r.sections.at("config_after").text, false) == guest_view);

    // Only the allowed capabilities, the chain relinked past MSI and MSI-X.
    const std::string& lspci = r.sections.at("lspci").text;
    CHECK(count(lspci, "Capabilities:") == 2);
    CHECK(line_with(lspci, "Capabilities: [40]") == "Capabilities: [40] Power Management version 3");
    CHECK(line_with(lspci, "Capabilities: [80]") == "Capabilities: [80] Express (v2) Endpoint, MSI 00");
    CHECK(guest_view[0x41] == 0x80);  // PM's next: Express (MSI at 50h and MSI-X at 70h hidden)
    CHECK(device[0x41] == 0x50);      // the device's own chain is untouched
    for (unsigned o = 0x50; o < 0x7c; ++o) {
        INFO("offset " << o);
        CHECK(guest_view[o] == 0);  // hidden bytes read 0
    }
    CHECK(r.sections.at("reset_method").text == "flr pm\n");  // FLR is visible through the allowed Express capability

    // The guest's writes: its copy of COMMAND holds what it wrote (Parity Error Response, bit 6,
    // is read-only in this endpoint's header); the device got only Bus Master Enable and keeps
    // the host's decoding; the hidden MSI data and the read-only vendor ID never changed.
    CHECK(r.sections.at("writes").text ==
          "command 0506\nhidden_msi_data 0000\nvendor 1234\nid 0x52530001\nstatus_intx_disabled 0018\n");
    const unsigned device_command = device[0x04] | device[0x05] << 8;
    CHECK(device_command == 0x0006);  // MSE (the host's) | BME; no SERR#, no INTx Disable
    CHECK((device[0x5c] | device[0x5d] << 8) == 0);
    CHECK((device[0x00] | device[0x01] << 8) == 0x1234);
    // The doorbell raised the device's INTx (Status bit 3 set) while the guest's Interrupt Disable
    // kept the line low: no signal, even without an irqfd to signal on.
    CHECK((device[0x06] & 0x08) != 0);
}

TEST_CASE("scripts/guest-demo.sh's guest script: the demo's MMIO answers are edu's") {
    REGSPACE_NEEDS_GUEST();
    const guest::boot_result r =
        guest::boot({.name = "edu-demo", .script = "edu-demo", .remotes = {{.device = "edu", .slot = 3}}, .qemu_devices = "", .timeout_s = 60});
    require_clean(r);
    CHECK(r.sections.at("lspci").text.find("Device 1234:11e8 (rev 10)") != std::string::npos);
    CHECK(r.sections.at("mmio").text == "ID        = 0x010000ED   (major 1, minor 0, EDh)\n"
                                        "LIVENESS  = 0xEDCBA987   (the inverse of 12345678h)\n"
                                        "FACTORIAL = " + devmem(720) + "   (6! = 720 = 2D0h)\n");
    // The trace explains the guest's accesses field by field.
    const std::string& trace = r.remote_logs.at(0);
    CHECK(trace.find("BAR0 write 4 bytes at 0x008 = 0x00000006  edu BAR0\n  0x008 FACTORIAL     0x00000000 -> 0x00000006") !=
          std::string::npos);
    CHECK(trace.find("hook on_read LIVENESS: 0x12345678 -> 0xedcba987") != std::string::npos);
}

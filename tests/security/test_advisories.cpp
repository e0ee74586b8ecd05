// SPDX-License-Identifier: MIT
// Security regressions (issue #7): one test per historical flaw class of PCI configuration-space
// and MSI-X emulation, each named after its advisory. Every test builds the device the way an
// emulator author would with regspace, makes the advisory's hostile guest accesses (every size and
// offset that matters, accesses spanning several fields, writes past the end), and asserts the
// exact outcome on both sides: what the guest reads, what the host or the hardware holds and was
// sent, and that nothing outside the modelled state changed.
//
// The passthrough tests share one construction (passed_through below): the guest-facing config
// space emulates COMMAND and MSI, and forwards every other byte (unmapped::forward) to a
// passthrough_view of the physical function, which writes only spec-writable bits. The view also
// keeps host-owned bits itself (pci::host_owned, by default COMMAND's decode bits and MSI's
// enable, address, data and mask bits; "the bare view" subcases below); the guest-facing space in
// front of it is the general pattern for anything else a host emulates. `hardware` stands for the physical function: its bytes plus a
// log of every config write that reached it.
#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "pci/devices.hpp"

using namespace regspace;
using namespace regspace::test;

namespace {
using u64 = std::uint64_t;

// What a hostile guest writes: all-zeros, all-ones, and patterns that differ in every byte.
constexpr std::array<u64, 4> hostile_values = {0, ~u64{0}, 0x5aa5c33c0ff0a55aull, 0x0123456789abcdefull};

// All-ones of `n` bytes: the answer to an invalid read (8 or more bytes: all 64 bits).
constexpr u64 ones(unsigned n) { return n >= 8 ? ~u64{0} : (u64{1} << (8 * n)) - 1; }
constexpr std::uint8_t byte_of(u64 v, unsigned i) { return static_cast<std::uint8_t>(v >> (8 * i)); }
constexpr bool covers(unsigned off, unsigned n, unsigned b) { return b >= off && b - off < n; }

// "write(0x5c, 4, 0x11223344)": how a failing access is named in the test output.
std::string hexstr(u64 v) {
    char buf[19];
    char* p = buf + sizeof buf;
    do {
        *--p = "0123456789abcdef"[v & 0xf];
        v >>= 4;
    } while (v);
    *--p = 'x';
    *--p = '0';
    return std::string(p, buf + sizeof buf);
}
// (Appends only: GCC 12 warns, wrongly, about "literal" + std::string.)
std::string describe_access(const char* what, u64 off, u64 n, u64 v) {
    std::string out = what;
    out += "(";
    out += hexstr(off);
    out += ", ";
    out += std::to_string(n);
    out += ", ";
    out += hexstr(v & ones(static_cast<unsigned>(n)));
    out += ")";
    return out;
}
std::string describe_access(u64 off, u64 n) {
    std::string out = "(";
    out += hexstr(off);
    out += ", size ";
    out += std::to_string(n);
    out += ")";
    return out;
}

// f(offset, size) for every access of the given sizes that touches a byte of [lo, hi) and lies
// inside [0, limit).
template <class F>
void for_each_access_touching(unsigned lo, unsigned hi, unsigned limit, std::initializer_list<unsigned> sizes, F&& f) {
    for (unsigned n : sizes)
        for (unsigned off = lo >= n - 1 ? lo - (n - 1) : 0; off < hi && off + n <= limit; ++off) f(off, n);
}
// f(offset, size) for every access of the given sizes lying inside [lo, hi).
template <class F>
void for_each_access_within(unsigned lo, unsigned hi, std::initializer_list<unsigned> sizes, F&& f) {
    for (unsigned n : sizes)
        for (unsigned off = lo; off + n <= hi; ++off) f(off, n);
}

// Byte `b` of a device's state (its lanes, little-endian).
template <std::size_t N>
std::uint8_t state_byte(const std::array<u64, N>& lanes, unsigned b) {
    return byte_of(lanes[b / 8], b % 8);
}
// True if no byte outside the access (off, n) differs between two states.
template <std::size_t N>
bool changed_only_within(const std::array<u64, N>& before, const std::array<u64, N>& after, unsigned off, unsigned n) {
    for (unsigned b = 0; b < N * 8; ++b)
        if (state_byte(before, b) != state_byte(after, b) && !covers(off, n, b)) return false;
    return true;
}

// A device between two canaries: "no memory outside the modelled state changed", literally. A
// store past the device's state would land in one of them (and ASan builds would report it).
template <class Dev>
struct fenced {
    static constexpr std::uint8_t canary = 0xc3;
    std::array<std::uint8_t, 256> before;
    Dev dev;
    std::array<std::uint8_t, 256> after;
    template <class... A>
    explicit fenced(A&&... a) : dev(std::forward<A>(a)...) {
        before.fill(canary);
        after.fill(canary);
    }
    [[nodiscard]] bool intact() const {
        for (std::size_t i = 0; i < before.size(); ++i)
            if (before[i] != canary || after[i] != canary) return false;
        return true;
    }
};

// The physical function behind a passthrough: its config bytes (as lspci dumps them) and every
// config write that reached it, with the bytes each one replaced.
struct hardware {
    struct write_record {
        unsigned offset, size;
        u64 value, replaced;
    };
    p::config_dump bytes;
    std::vector<write_record> writes;

    u64 read(unsigned off, unsigned n) const { return bytes.read(off, n); }
    void write(unsigned off, unsigned n, u64 v) {
        writes.push_back({off, n, v, bytes.read(off, n)});
        bytes.write(off, n, v);
    }
    [[nodiscard]] bool written_within(unsigned lo, unsigned hi) const {
        for (const write_record& w : writes)
            if (w.offset < hi && w.offset + w.size > lo) return true;
        return false;
    }
    [[nodiscard]] std::array<std::uint8_t, 4096> image() const {
        std::array<std::uint8_t, 4096> out{};
        for (unsigned i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(bytes.read(i, 1));
        return out;
    }
};

// A regspace device as the physical function, with the real hardware's RW1C semantics.
template <class Dev>
struct device_backing {
    Dev* dev;
    u64 read(unsigned off, unsigned n) const { return dev->peek(off, n); }
    void write(unsigned off, unsigned n, u64 v) { dev->write(off, n, v); }
};

// ---- the passed-through function ---------------------------------------------------------------

using hw_express = p::pcie<p::pcie_params{.flr = true}>;
// The physical function: one memory BAR; PM at 0x40, MSI (8 vectors, 64-bit, per-vector masks)
// at 0x50, PCI Express at 0x70.
using hw_fn = p::config_space<"hw", p::type0<nic_id, p::bars<p::mem32_bar<4096>>>, p::at<nic_pm, 0x40>,
                              p::at<nic_msi, 0x50>, p::at<hw_express, 0x70>>;

// What the host programmed into the physical function before the guest runs.
constexpr u64 host_command = 0x0003;       // I/O and memory decoding on (bus mastering is the guest's)
constexpr u64 host_msi_addr = 0xfee01000;  // the host's MSI: its address and vector,
constexpr u64 host_msi_data = 0x4041;
constexpr u64 host_msi_mask = 0xa5;        // the vectors it keeps masked,
constexpr u64 device_pending = 0x02;       // and what the device has pending

p::config_dump dump_of_hw() {
    device<hw_fn::type> d;
    return p::config_dump::parse(p::lspci_dump(d, "01:00.0"));
}
hardware programmed_hw() {
    hardware hw{dump_of_hw(), {}};
    hw.bytes.write(0x04, 2, host_command);
    hw.bytes.write(0x52, 2, hw.bytes.read(0x52, 2) | 1);  // MSI enabled by the host
    hw.bytes.write(0x54, 4, host_msi_addr);
    hw.bytes.write(0x5c, 2, host_msi_data);
    hw.bytes.write(0x60, 4, host_msi_mask);
    hw.bytes.write(0x64, 4, device_pending);
    return hw;
}

using view_t = p::passthrough_view<hardware>;

// The fallback of the guest-facing space: the bytes it does not emulate go to the view, and only
// those (`owned` has 0xff in each byte of the access the fallback owns).
struct to_view {
    view_t* view = nullptr;
    u64 read(unsigned off, unsigned n) const { return view->read(off, n); }
    void write(unsigned off, unsigned n, u64 v, u64 owned) const {
        for (unsigned i = 0; i < n; ++i)
            if (byte_of(owned, i)) view->write(off + i, 1, byte_of(v, i));
    }
};

// MSI as the guest sees it: emulated whole, as Xen and QEMU's xen_pt shadow every MSI field; the
// host programs the physical MSI with its own address, data and mask bits.
using msi_shadow = block<"MSI (emulated)", nic_msi::msgctl, nic_msi::msgaddr, nic_msi::msguaddr, nic_msi::msgdata,
                         nic_msi::mask, nic_msi::pending>;

// The guest's configuration space: COMMAND and the MSI body are its own; every other byte
// (identity, BARs, PM, capability IDs and links, PCIe) goes through the view to the hardware.
struct guest_space : space<"guest 00:03.0", 256, p::command_reg, place<msi_shadow, 0x50>, unmapped::forward> {};

// The guest's COMMAND is a copy: its decode bits never reach the device. Bus Master Enable does,
// because the device has to DMA for the guest.
struct guest_hooks {
    view_t* view = nullptr;
    void on_write(p::command_reg, u64 old, u64 now) {
        if (!((old ^ now) & 0x4)) return;
        view->write(0x04, 1, (view->read(0x04, 1) & ~u64{0x4}) | (now & 0x4));
    }
};
using guest_device = device<guest_space, guest_hooks, to_view>;

struct passed_through {
    hardware hw = programmed_hw();
    view_t view{&hw, {0x01, 0x05, 0x10}};  // PM, MSI and PCIe visible
    guest_device guest{guest_hooks{&view}, to_view{&view}};
};
}  // namespace

// ------------------------------------------------------------------------------------------------

TEST_CASE("XSA-120/126: a guest cannot clear the decode bits of a passed-through device") {
    // XSA-120 (Linux pciback) and XSA-126 (qemu): guests could clear the memory and I/O decode
    // bits in the command register of a device passed through to them. The host's later accesses
    // to the device's BARs then end in PCIe Unsupported Requests, which some platforms escalate to
    // fatal NMIs. The fix gave the guest a shadow of those bits.
    // Here the guest's COMMAND is a register of the guest-facing space, so no byte of it is ever
    // forwarded; the one hook passes Bus Master Enable on to the device.
    passed_through f;
    constexpr u64 writable = 0x0507;  // IOSE, MSE, BME, SERRE, INTxD (docs/pci.md)
    CHECK(f.guest.read(0x00, 4) == 0x10d38086);  // identity comes from the device, through the view
    CHECK(f.guest.read(0x04, 2) == 0);           // the guest starts with its decoding off...
    CHECK(f.hw.read(0x04, 2) == host_command);   // ...the device with the host's on

    SUBCASE("the advisory's writes: COMMAND set, then cleared") {
        f.guest.write(0x04, 2, 0xffff);
        CHECK(f.guest.read(0x04, 2) == 0x0507);
        CHECK(f.hw.read(0x04, 2) == 0x0007);  // only bus mastering reached the device
        REQUIRE(f.hw.writes.size() == 1);
        CHECK(f.hw.writes[0].offset == 0x04);
        CHECK(f.hw.writes[0].size == 1);
        CHECK(f.hw.writes[0].value == 0x07);
        f.guest.write(0x04, 2, 0x0000);
        CHECK(f.guest.read(0x04, 2) == 0x0000);  // the guest sees its decoding off
        CHECK(f.hw.read(0x04, 2) == 0x0003);     // the device keeps decoding; bus mastering off
        f.guest.write(0x04, 1, 0xfc);            // byte write: decode bits 0, BME 1
        CHECK(f.guest.read(0x04, 2) == 0x0004);
        CHECK(f.hw.read(0x04, 2) == 0x0007);
        f.guest.write(0x05, 1, 0xff);  // byte write into the middle: SERRE, INTxD (emulated)
        CHECK(f.guest.read(0x04, 2) == 0x0504);
        CHECK(f.hw.read(0x05, 1) == 0x00);
        f.guest.write(0x03, 2, 0x0000);  // Device ID (read-only) and COMMAND's low byte
        CHECK(f.guest.read(0x00, 4) == 0x10d38086);
        CHECK(f.guest.read(0x04, 2) == 0x0500);
        CHECK(f.hw.read(0x04, 2) == 0x0003);
    }
    SUBCASE("the bare view refuses it by construction (host_owned defaults)") {
        hardware hw = programmed_hw();
        view_t bare(&hw, {0x01, 0x05, 0x10});
        bare.write(0x04, 2, 0x0000);
        CHECK(hw.read(0x04, 2) == host_command);  // decoding stays on
        bare.write(0x04, 2, 0xffff);
        CHECK(bare.read(0x04, 2) == 0x0507);
        CHECK(hw.read(0x04, 2) == (host_command | 0x4));  // Bus Master Enable is the guest's
        for (const auto& w : hw.writes) CHECK((w.offset != 0x04 || (w.value & 0x3) == 0x3));
    }
    SUBCASE("a dword over COMMAND and STATUS: decode stays, STATUS goes by its own rules") {
        const u64 status = f.hw.read(0x06, 2);
        f.guest.write(0x04, 4, 0xffff0000);
        CHECK(f.guest.read(0x04, 2) == 0);
        CHECK(f.hw.read(0x04, 2) == host_command);
        // STATUS is forwarded: the device receives ones in its RW1C error bits (15:11, 8) and its
        // own value in every other bit, in one byte write to 0x07 (0x06 has no writable bit).
        REQUIRE(f.hw.writes.size() == 1);
        CHECK(f.hw.writes[0].offset == 0x07);
        CHECK(f.hw.writes[0].value == (0xf9 | (byte_of(status, 1) & 0x06)));
    }
    SUBCASE("every access that touches COMMAND, every size and value") {
        const auto hw_before = f.hw.image();
        const auto reset_lanes = f.guest.lanes();
        u64 shadow = 0;
        for_each_access_touching(0x04, 0x06, 0x40, {1, 2, 4}, [&](unsigned off, unsigned n) {
            for (u64 v : hostile_values) {
                INFO(describe_access("write", off, n, v));
                const std::size_t logged = f.hw.writes.size();
                f.guest.write(off, n, v);
                for (unsigned b = 0x04; b < 0x06; ++b)
                    if (covers(off, n, b)) {
                        const u64 m = (writable >> (8 * (b - 0x04))) & 0xff;
                        const u64 sh = 8 * (b - 0x04);
                        shadow = (shadow & ~(m << sh)) | ((byte_of(v, b - off) & m) << sh);
                    }
                REQUIRE(f.guest.read(0x04, 2) == shadow);
                REQUIRE((f.hw.read(0x04, 2) & 0x3) == 0x3);           // decoding stays on
                REQUIRE(((f.hw.read(0x04, 1) ^ shadow) & 0x4) == 0);  // BME follows the guest
                for (std::size_t i = logged; i < f.hw.writes.size(); ++i) {
                    const auto& w = f.hw.writes[i];
                    REQUIRE(w.size == 1);
                    REQUIRE((w.offset == 0x04 || w.offset == 0x07));
                    if (w.offset == 0x04) REQUIRE((w.value & 0x3) == 0x3);  // never a decode bit cleared
                }
                const auto hw_now = f.hw.image();
                for (unsigned b = 0; b < 4096; ++b) {
                    const unsigned may = b == 0x04 ? 0x04 : b == 0x07 ? 0xf9 : 0x00;
                    REQUIRE(((hw_now[b] ^ hw_before[b]) & ~may) == 0);
                }
                const auto& lanes = f.guest.lanes();
                for (std::size_t l = 0; l < lanes.size(); ++l) {
                    const u64 command_bits = l == 0 ? u64{0xffff} << 32 : 0;
                    REQUIRE(((lanes[l] ^ reset_lanes[l]) & ~command_bits) == 0);
                }
            }
        });
    }
}

TEST_CASE("XSA-128: a write spanning several fields never reaches the host's MSI data") {
    // XSA-128 (qemu xen_pt): the logic keeping guest writes away from host-owned config fields,
    // while the guest works on their virtual counterparts, mishandled accesses spanning several
    // fields: a guest could write the host's MSI message data field.
    // In regspace each byte of an access is decided by the register that owns it: bytes of the
    // emulated MSI go to the guest's copy, other bytes to the view, which forwards only
    // spec-writable bits. The fallback receives the whole access and the mask of the bytes it
    // owns, and must honour the mask, as to_view and pci::config_mirror do.
    passed_through f;
    const auto hw_before = f.hw.image();
    using m = nic_msi;

    SUBCASE("spanning writes, field by field") {
        f.guest.write(0x5a, 4, 0xaabbccdd);  // upper address [31:16] and message data
        CHECK(f.guest.get<m::msguaddr>() == 0xccdd0000);
        CHECK(f.guest.get<m::msgdata>() == 0xaabb);
        f.guest.write(0x5c, 4, 0x11223344);  // message data and the two bytes after it (no field)
        CHECK(f.guest.get<m::msgdata>() == 0x3344);
        CHECK(f.guest.read(0x5c, 4) == 0x00003344);
        f.guest.write(0x56, 4, 0xffffffff);  // address [31:16] and upper address [15:0]
        CHECK(f.guest.get<m::msgaddr>() == 0xffff0000);
        CHECK(f.guest.get<m::msguaddr>() == 0xccddffff);
        f.guest.write(0x51, 2, 0xffff);  // NEXT (the view's, read-only) and Message Control's low byte
        CHECK(f.guest.get<m::msgctl>() == 0x01b7);  // MSIE, MME clamped to MMC=3; AC64, PVM kept
        CHECK(f.guest.read(0x50, 4) == 0x01b77005);  // ID 05, NEXT 70 (relinked by the view)
        f.guest.write(0x4e, 4, 0xffffffff);  // hidden bytes, then the ID and NEXT: nothing writable
        f.guest.write(0x66, 4, 0xffffffff);  // Pending (read-only) and hidden bytes after MSI
        CHECK(f.guest.get<m::pending>() == 0);
        CHECK(f.hw.writes.empty());
        CHECK(f.hw.image() == hw_before);
        CHECK(f.hw.read(0x54, 4) == host_msi_addr);
        CHECK(f.hw.read(0x5c, 2) == host_msi_data);
    }
    SUBCASE("every access inside 0x48-0x6f, every size and value") {
        for_each_access_within(0x48, 0x70, {1, 2, 4}, [&](unsigned off, unsigned n) {
            for (u64 v : hostile_values) {
                INFO(describe_access("write", off, n, v));
                const auto before = f.guest.lanes();
                f.guest.write(off, n, v);
                REQUIRE(changed_only_within(before, f.guest.lanes(), off, n));
                REQUIRE(f.hw.writes.empty());  // not one config write reached the device
            }
        });
        CHECK(f.hw.image() == hw_before);
        CHECK(f.hw.read(0x5c, 2) == host_msi_data);
    }
}

TEST_CASE("XSA-129: the MSI mask bits the host uses are not guest-writable") {
    // XSA-129 (qemu xen_pt): the guest could write the MSI per-vector mask bits of the physical
    // device, which Xen itself uses to mask the vectors, and so interfere with the host's
    // interrupt handling. The guest's mask bits here are a copy; the device's stay the host's.
    passed_through f;
    CHECK(f.guest.read(0x60, 4) == 0);  // the guest never sees the host's mask bits...
    CHECK(f.guest.read(0x64, 4) == 0);

    SUBCASE("the advisory's writes") {
        f.guest.write(0x60, 4, 0x00000000);
        CHECK(f.hw.read(0x60, 4) == host_msi_mask);
        f.guest.write(0x60, 4, 0xffffffff);
        CHECK(f.guest.read(0x60, 4) == 0xff);  // 8 vectors: bits 31:8 reserved
        CHECK(f.hw.read(0x60, 4) == host_msi_mask);
        for (unsigned b = 0x61; b < 0x64; ++b) f.guest.write(b, 1, 0x00);  // reserved bytes
        CHECK(f.guest.read(0x60, 4) == 0xff);
        f.guest.write(0x52, 2, 0x0000);  // the guest disables its MSI: the host's stays enabled
        CHECK((f.hw.read(0x52, 2) & 1) == 1);
        CHECK(f.hw.writes.empty());
    }
    SUBCASE("the bare view refuses it by construction (host_owned defaults)") {
        hardware hw = programmed_hw();
        view_t bare(&hw, {0x01, 0x05, 0x10});
        for_each_access_touching(0x50, 0x68, 0x70, {1, 2, 4}, [&](unsigned off, unsigned n) {
            for (u64 v : hostile_values) {
                INFO(describe_access("write", off, n, v));
                bare.write(off, n, v);
                REQUIRE(hw.read(0x60, 4) == host_msi_mask);
                REQUIRE(hw.read(0x54, 4) == host_msi_addr);
                REQUIRE(hw.read(0x5c, 2) == host_msi_data);
                REQUIRE(!hw.written_within(0x52, 0x68));
                REQUIRE(bare.read(0x64, 4) == 0);  // the guest never sees the device's pending bits
            }
        });
    }
    SUBCASE("every access that touches Mask or Pending, every size and value") {
        u64 mask = 0;
        for_each_access_touching(0x60, 0x68, 0x70, {1, 2, 4}, [&](unsigned off, unsigned n) {
            for (u64 v : hostile_values) {
                INFO(describe_access("write", off, n, v));
                f.guest.write(off, n, v);
                if (covers(off, n, 0x60)) mask = byte_of(v, 0x60 - off);
                REQUIRE(f.guest.read(0x60, 4) == mask);
                REQUIRE(f.guest.read(0x64, 4) == 0);
                REQUIRE(f.hw.read(0x60, 4) == host_msi_mask);
                REQUIRE(f.hw.read(0x64, 4) == device_pending);
                REQUIRE(!f.hw.written_within(0x52, 0x68));
            }
        });
    }
}

TEST_CASE("XSA-131: bits nobody described are not writable") {
    // XSA-131 (qemu xen_pt): config-space fields that had no descriptor were passed through
    // writable, so a guest could write arbitrary bits of the physical device. The fix made
    // unknown fields read-only, added reserved-bit masks, and fixed the RW1C handling of the PM
    // status bit.
    SUBCASE("an emulated function: exactly the described writable bits change") {
        // The NIC of tests/pci/devices.hpp: header, BARs, ROM, PM at 0x40, MSI at 0x50.
        // Independently of the library, from the spec and docs/pci.md: the bits all-ones sets.
        std::array<std::uint8_t, 256> rw{};
        const auto set = [&](unsigned off, unsigned n, u64 bits) {
            for (unsigned i = 0; i < n; ++i) rw[off + i] = byte_of(bits, i);
        };
        set(0x04, 2, 0x0507);      // COMMAND: IOSE, MSE, BME, SERRE, INTxD
        set(0x0c, 1, 0xff);        // Cache Line Size
        set(0x10, 4, 0xfffe0000);  // BAR0: 128 KiB memory
        set(0x14, 4, 0xffffffe0);  // BAR1: 32 B I/O
        set(0x18, 4, 0xffffc000);  // BAR2-3: 16 KiB 64-bit
        set(0x1c, 4, 0xffffffff);
        set(0x24, 4, 0xfffffffe);  // BAR4-5: 8 GiB 64-bit (no address bit in the low dword)
        set(0x30, 4, 0xfffc0001);  // ROM: 256 KiB, enable
        set(0x3c, 1, 0xff);        // Interrupt Line
        set(0x44, 2, 0x0103);      // PMCSR: PowerState (D3hot), PME_En
        set(0x52, 1, 0x31);        // MSI Message Control: MSIE, MME clamped to MMC = 3
        set(0x54, 4, 0xfffffffc);  // Message Address [31:2]
        set(0x58, 4, 0xffffffff);  // Message Upper Address
        set(0x5c, 2, 0xffff);      // Message Data
        set(0x60, 1, 0xff);        // Mask Bits: 8 vectors
        const device<nic::type> pristine;
        const auto reset_lanes = pristine.lanes();
        for_each_access_within(0, 256, {1, 2, 4}, [&](unsigned off, unsigned n) {
            INFO(describe_access("write", off, n, ~u64{0}));
            device<nic::type> d;
            d.write(off, n, ~u64{0});
            for (unsigned b = 0; b < 256; ++b) {
                const auto changed = static_cast<std::uint8_t>(state_byte(d.lanes(), b) ^ state_byte(reset_lanes, b));
                REQUIRE(changed == (covers(off, n, b) ? rw[b] : 0));
            }
        });
        device<nic::type> d;
        for (unsigned off = 0; off < 256; off += 4) d.write(off, 4, ~u64{0});
        for (unsigned b = 0; b < 256; ++b) {
            INFO("byte " << hexstr(b));
            CHECK(d.read(b, 1) == (state_byte(reset_lanes, b) | rw[b]));
        }
    }

    SUBCASE("a passthrough: only spec-writable bits of reviewed registers reach the device") {
        // The device has more than anyone reviewed: registers between PM and MSI, a vendor-specific
        // capability, device-specific registers at 0xc0-0xff, AER and more in extended space.
        hardware hw{dump_of_hw(), {}};
        hw.bytes.write(0x71, 1, 0xb0);                     // PCIe -> vendor-specific at 0xb0
        hw.bytes.write(0xb0, 4, 0x5a080009);               // ID 09, last, length 8, data
        hw.bytes.write(0xb4, 4, 0x5a5a5a5a);
        for (unsigned b = 0x48; b < 0x50; ++b) hw.bytes.write(b, 1, 0x77);
        for (unsigned b = 0xc0; b < 0x100; ++b) hw.bytes.write(b, 1, 0xa5);
        hw.bytes.write(0x100, 4, 0x00010001);              // AER, version 1, last
        for (unsigned b = 0x104; b < 0x148; ++b) hw.bytes.write(b, 1, 0x33);
        for (unsigned b = 0x148; b < 0x200; ++b) hw.bytes.write(b, 1, 0x44);
        // PM, the vendor capability and AER are shown; MSI and PCIe are hidden.
        // host_owned::none(): the widest the view forwards (its default keeps COMMAND's decode bits
        // too, tests/pci/test_passthrough.cpp), so every spec-writable bit is checked here.
        p::passthrough_view<hardware> view(&hw, {0x01, 0x09}, {0x0001}, p::host_owned::none());
        CHECK(view.read(0x41, 1) == 0xb0);        // PM -> vendor-specific, past the hidden ones
        CHECK(view.read(0xb0, 4) == 0x5a080009);  // visible (undescribed: read-only)
        CHECK(view.read(0x100, 4) == 0x00010001);
        CHECK(view.read(0x104, 4) == 0x33333333);
        CHECK(view.read(0xc0, 4) == 0);           // hidden
        CHECK(view.read(0x48, 4) == 0);

        // Independently of the library (PCI LB 3.0 §6.2, PM 1.2 §3.2.4, docs/pci.md): the bits a
        // guest may write to the device through the view.
        std::array<std::uint8_t, 4096> rw{};
        const auto set = [&](unsigned off, unsigned n, u64 bits) {
            for (unsigned i = 0; i < n; ++i) rw[off + i] = byte_of(bits, i);
        };
        set(0x04, 2, 0x0507);  // COMMAND
        set(0x06, 2, 0xf900);  // STATUS: the RW1C error bits
        set(0x0c, 1, 0xff);    // Cache Line Size
        // BARs by the device's own BAR types: memory 31:4. The empty slots 1-5 read 0, which is
        // what a 32-bit memory BAR at 0 reads too, so they are forwarded as such (real hardware
        // ignores writes to BARs it does not implement).
        for (unsigned slot = 0; slot < 6; ++slot) set(0x10 + 4 * slot, 4, 0xfffffff0);
        set(0x30, 4, 0xfffff801);  // ROM: address 31:11, enable
        set(0x3c, 1, 0xff);        // Interrupt Line
        set(0x44, 2, 0x8103);      // PMCSR: PowerState, PME_En, PME_Status (RW1C)

        const auto original = hw.image();
        for_each_access_within(0, 4096, {1, 2, 4}, [&](unsigned off, unsigned n) {
            view.write(off, n, ~u64{0});
            view.write(off, n, 0);
        });
        REQUIRE(!hw.writes.empty());
        for (const auto& w : hw.writes) {
            INFO(describe_access("device write", w.offset, w.size, w.value));
            REQUIRE(w.size == 1);
            REQUIRE(rw[w.offset] != 0);                                   // only reviewed bytes are written
            REQUIRE(((w.value ^ w.replaced) & ~u64{rw[w.offset]}) == 0);  // and only their writable bits
        }
        for (unsigned off = 0; off < 4096; off += 4) view.write(off, 4, ~u64{0});
        auto now = hw.image();
        for (unsigned b = 0; b < 4096; ++b) {
            INFO("byte " << hexstr(b));
            REQUIRE(now[b] == ((original[b] & ~rw[b]) | rw[b]));
        }
        for (unsigned off = 0; off < 4096; off += 4) view.write(off, 4, 0);
        now = hw.image();
        for (unsigned b = 0; b < 4096; ++b) {
            INFO("byte " << hexstr(b));
            REQUIRE(now[b] == (original[b] & ~rw[b]));
        }
    }

    SUBCASE("a passthrough of MSI: reserved Mask Bits and read-only fields keep the device's value") {
        // MSI with 8 vectors, 64-bit, per-vector masks at 0x50 (24 bytes). Mask Bits 31:8 belong
        // to no vector (PCI LB 3.0 §6.8.1.7): reserved, like every RO field of the capability.
        hardware hw{dump_of_hw(), {}};
        hw.bytes.write(0x60, 4, 0xdead0000);  // what the device happens to hold in 31:8
        hw.bytes.write(0x64, 4, 0xbeef0002);
        // host_owned::none(): MSI forwarded (by default the view keeps all of it for the host).
        p::passthrough_view<hardware> view(&hw, {0x05}, {}, p::host_owned::none());
        std::array<std::uint8_t, 0x18> rw{};
        const auto set = [&](unsigned off, unsigned n, u64 bits) {
            for (unsigned i = 0; i < n; ++i) rw[off + i] = byte_of(bits, i);
        };
        set(0x02, 2, 0x0071);      // Message Control: MSIE, MME (the device clamps it)
        set(0x04, 4, 0xfffffffc);  // Message Address [31:2]
        set(0x08, 4, 0xffffffff);  // Message Upper Address
        set(0x0c, 2, 0xffff);      // Message Data
        set(0x10, 4, 0x000000ff);  // Mask Bits of the 8 vectors
        const auto original = hw.image();
        for_each_access_touching(0x50, 0x68, 0x100, {1, 2, 4}, [&](unsigned off, unsigned n) {
            for (u64 v : hostile_values) view.write(off, n, v);
        });
        REQUIRE(!hw.writes.empty());
        for (const auto& w : hw.writes) {
            INFO(describe_access("device write", w.offset, w.size, w.value));
            REQUIRE((w.offset >= 0x50 && w.offset < 0x68));
            REQUIRE(((w.value ^ w.replaced) & ~u64{rw[w.offset - 0x50]}) == 0);
        }
        for (unsigned off = 0x50; off < 0x68; off += 4) view.write(off, 4, ~u64{0});
        const auto now = hw.image();
        for (unsigned b = 0; b < 4096; ++b) {
            INFO("byte " << hexstr(b));
            const std::uint8_t bits = b >= 0x50 && b < 0x68 ? rw[b - 0x50] : 0;
            REQUIRE(now[b] == ((original[b] & ~bits) | bits));
        }
        CHECK(hw.read(0x60, 4) == 0xdead00ff);
        CHECK(hw.read(0x64, 4) == 0xbeef0002);
    }

    SUBCASE("a passthrough keeps the device's RW1C bits unless the guest writes 1 to them") {
        device<hw_fn::type> chip;  // the device itself, with its RW1C semantics
        chip.set<hw_fn::header::status, "RMA">(1);
        chip.set<nic_pm::pmcsr, "PME_STATUS">(1);
        device_backing<device<hw_fn::type>> backing{&chip};
        p::passthrough_view<device_backing<device<hw_fn::type>>> view(&backing, {0x01});
        view.write(0x44, 2, 0x0003);  // PowerState D3hot; PME_Status written 0
        CHECK(chip.get<nic_pm::pmcsr, "POWERSTATE">() == 3);
        CHECK(chip.get<nic_pm::pmcsr, "PME_STATUS">() == 1);
        view.write(0x04, 4, 0x00000006);  // COMMAND and STATUS in one dword, STATUS all 0
        CHECK(view.read(0x04, 2) == 0x0006);
        CHECK(chip.peek(0x04, 2) == 0x0004);  // Memory Space is host-owned: only BME reached the chip
        CHECK(chip.get<hw_fn::header::status, "RMA">() == 1);
        view.write(0x44, 2, 0x8000);  // now the guest clears PME_Status (and goes back to D0)
        CHECK(chip.get<nic_pm::pmcsr, "PME_STATUS">() == 0);
        CHECK(chip.get<nic_pm::pmcsr, "POWERSTATE">() == 0);
        view.write(0x07, 1, 0x20);  // and Received Master Abort
        CHECK(chip.get<hw_fn::header::status, "RMA">() == 0);
    }
}

namespace {
// 3 vectors: the table at 0x0 of BAR0 (0x30 bytes), the PBA at 0x800; BAR0 is one 4 KiB page,
// all of which the hypervisor traps.
using page_cap = p::msix_cap<3, p::msix_layout{.table_bir = 0, .table_offset = 0, .pba_bir = 0,
                                               .pba_offset = 0x800, .bar_size = 0x1000}>;
static_assert(page_cap::valid);
using page_fn = p::config_space<"msix page", p::type0<nic_id, p::bars<p::mem32_bar<0x1000>>>, p::at<page_cap, 0x70>>;
using trapped_page = page_cap::table_space;
static_assert(std::is_same_v<trapped_page::unmapped_policy, unmapped::read_zero>);
constexpr u64 page_pending = 0x4;  // vector 2 pending

// The page as the guest left it after programming three vectors; the device set vector 2 pending.
template <class Page>
void program_vectors(Page& t) {
    for (unsigned v = 0; v < 3; ++v) {
        t.write(16 * v, 8, 0xfee00000ull + 0x1000 * v);
        t.write(16 * v + 8, 8, 0x40 + v);  // data, unmasked
    }
    t.template set<p::msix::pending>(page_pending);
}
}  // namespace

TEST_CASE("XSA-164: writes in the trapped MSI-X page beyond the table change nothing") {
    // XSA-164 (qemu-traditional, hw/pt-msi.c): the MSI-X trap is page granular (the PBA may share
    // the page), and pci_msix_writel() indexed the entry array by the offset without bounds, so
    // guest writes beyond the table corrupted unrelated memory.
    fenced<device<trapped_page>> page;
    auto& t = page.dev;
    program_vectors(t);
    const auto programmed = t.lanes();
    std::array<std::uint8_t, 0x1000> image{};  // what every byte reads: table, PBA, the rest 0
    for (unsigned b = 0; b < 0x1000; ++b) image[b] = state_byte(programmed, b);
    CHECK(image[0x800] == page_pending);

    SUBCASE("every write beyond the table, every size and value, inside the page") {
        for_each_access_within(0x30, 0x1000, {1, 2, 4, 8}, [&](unsigned off, unsigned n) {
            for (u64 v : hostile_values) {
                t.write(off, n, v);
                if (t.lanes() != programmed) {
                    FAIL(describe_access("write", off, n, v) << " changed the state");
                }
            }
            u64 expect = 0;
            for (unsigned i = 0; i < n; ++i) expect |= u64{image[off + i]} << (8 * i);
            if (t.read(off, n) != expect) FAIL("read" << describe_access(off, n) << " returned " << hexstr(t.read(off, n)) << ", not " << hexstr(expect));
        });
        CHECK(t.last_status() == access_status::ok);
        CHECK(t.invalid_accesses() == 0);
        CHECK(t.read(0x30, 8) == 0);  // unmapped: read_zero
        CHECK(t.read(0xff8, 8) == 0);
        CHECK(page.intact());
    }
    SUBCASE("writes over the last entry and past it: only the entry's own bits") {
        t.write(0x2c, 8, ~u64{0});  // vector 2's control, then 4 bytes past the table
        CHECK(t.get<p::msix::vector_control, "MASK">(2) == 1);
        CHECK(t.read(0x2c, 4) == 1);  // the mask bit only; 31:1 reserved
        CHECK(t.read(0x30, 4) == 0);
        auto expect = programmed;
        expect[5] |= u64{1} << 32;
        CHECK(t.lanes() == expect);
        t.write(0x2e, 4, ~u64{0});  // vector control's reserved bytes and past the table
        t.write(0x2f, 2, ~u64{0});
        CHECK(t.lanes() == expect);
        t.write(0x28, 8, 0x0000000012345678ull);  // data and control of the last vector
        CHECK(t.get<p::msix::data>(2) == 0x12345678);
        CHECK(t.get<p::msix::vector_control, "MASK">(2) == 0);
        CHECK(page.intact());
    }
    SUBCASE("writes crossing or past the end of the page are refused") {
        const u64 invalid = t.invalid_accesses();
        const std::array<std::pair<unsigned, unsigned>, 9> refused = {{{0xffc, 8}, {0xfff, 2}, {0xffe, 4}, {0xff9, 8},
            {0x1000, 1}, {0x1008, 8}, {0x10000, 4}, {0xfffffff8, 8}, {0xffffffff, 1}}};
        for (const auto& [at, size] : refused) {
            const unsigned off = at, n = size;  // (Clang before 16 cannot capture a binding in INFO)
            INFO(describe_access(off, n));
            t.write(off, n, ~u64{0});
            CHECK(t.last_status() == access_status::out_of_range);
            CHECK(t.read(off, n) == ones(n));
        }
        CHECK(t.invalid_accesses() == invalid + 2 * refused.size());
        CHECK(t.lanes() == programmed);
        CHECK(page.intact());
    }
    SUBCASE("the device side cannot index past the table either") {
        CHECK(t.read<p::msix::vector_control>(3) == 0xffffffff);
        t.write<p::msix::data>(0xdead, 3);
        t.set<p::msix::data>(0xdead, 3);
        t.set<p::msix::pending>(~u64{0}, 1);  // one PBA qword: element 1 does not exist
        CHECK(t.get<p::msix::data>(3) == 0);
        CHECK(t.lanes() == programmed);
        device<page_fn::type> cfg;
        cfg.write(0x72, 2, 0x8000);  // MSI-X enabled
        unsigned delivered = 0;
        for (unsigned v : {3u, 64u, 2047u, 0xffffffffu})
            CHECK(!p::msix_signal<page_cap>(cfg, t, t, v, [&](u64, std::uint32_t) { ++delivered; }));
        CHECK(delivered == 0);
        CHECK(t.lanes() == programmed);
        CHECK(page.intact());
    }
}

namespace {
// BAR2 (64-bit, 8 KiB) holds the MSI-X table at 0x1000 and the PBA at 0x1800.
using bar_cap = p::msix_cap<3, p::msix_layout{.table_bir = 2, .table_offset = 0x1000, .pba_bir = 2,
                                              .pba_offset = 0x1800, .bar_size = 0x2000}>;
using bar_fn = p::config_space<"xsa337", p::type0<nic_id, p::bars<p::mem32_bar<0x20000>, p::io_bar<32>,
                                                                 p::mem64_bar<0x2000>>>,
                              p::at<bar_cap, 0x70>>;

// The hypervisor's side (Xen's vPCI): it traps the table at the address it cached when memory
// decoding went on, from the BAR and the capability's layout, and never re-reads either.
struct msix_host {
    std::function<u64()> read_bar2;  // the BAR as the device holds it
    bool decoding = false;
    u64 table_trap = 0;
    std::vector<unsigned> refused, moved;
    void decode_changed(bool, bool mem) {
        decoding = mem;
        if (mem) table_trap = read_bar2() + bar_cap::layout.table_offset;
    }
    void bar_moved(unsigned slot, std::uint32_t, std::uint32_t) { moved.push_back(slot); }
    void bar_move_refused(unsigned slot) { refused.push_back(slot); }
};
using msix_guard = p::bar_guard<msix_host, true>;  // Xen: BARs do not move while decoding
}  // namespace

TEST_CASE("XSA-337: the host uses cached BAR and table values, never ones the guest can change") {
    // XSA-337 (Xen): the MSI-X code re-read the table's BAR and location from device registers
    // the guest (dom0 or a device model) could change, instead of the values it had validated;
    // the fix uses cached values.
    // Here the table's BIR and offset are compile-time constants the guest cannot write, and the
    // BAR holding the table cannot move while memory decoding is on, so the address the host
    // cached when decoding went on stays the BAR's.
    msix_host host;
    device<bar_fn::type, msix_guard> d(msix_guard{&host});
    host.read_bar2 = [&d] { return (d.peek(0x18, 4) & ~u64{0xf}) | (d.peek(0x1c, 4) << 32); };
    const auto consistent = [&] { return !host.decoding || host.table_trap == host.read_bar2() + 0x1000; };
    d.write(0x18, 4, 0xfebe0000);  // firmware places BAR2 and turns memory decoding on
    d.write(0x1c, 4, 0);
    d.write(0x04, 2, 0x0002);
    REQUIRE(host.decoding);
    CHECK(host.table_trap == 0xfebe1000);
    CHECK(d.read(0x74, 4) == 0x00001002);  // Table: offset 0x1000, BIR 2
    CHECK(d.read(0x78, 4) == 0x00001802);  // PBA: offset 0x1800, BIR 2

    SUBCASE("Table and PBA Offset/BIR: every access, every size and value") {
        for_each_access_touching(0x74, 0x7c, 0x100, {1, 2, 4}, [&](unsigned off, unsigned n) {
            for (u64 v : hostile_values) {
                INFO(describe_access("write", off, n, v));
                const auto before = d.lanes();
                d.write(off, n, v);
                REQUIRE(d.read(0x74, 4) == 0x00001002);
                REQUIRE(d.read(0x78, 4) == 0x00001802);
                // Only Message Control's FM and MSIE (0x73 bits 6-7) may have changed.
                auto allowed = before;
                allowed[0x70 / 8] = (allowed[0x70 / 8] & ~(u64{0xc0} << 24)) | (d.lanes()[0x70 / 8] & (u64{0xc0} << 24));
                REQUIRE(d.lanes() == allowed);
                REQUIRE(consistent());
            }
        });
        CHECK(host.table_trap == 0xfebe1000);
    }
    SUBCASE("BAR2 while decoding: every access, every size and value, refused") {
        d.write(0x16, 4, 0xffffffff);  // spanning BAR1 (I/O: its decoding is off) and BAR2
        CHECK(d.peek(0x14, 4) == 0xffff0001);
        CHECK(d.peek(0x18, 4) == 0xfebe0004);
        CHECK(host.refused == std::vector<unsigned>{2});
        for_each_access_touching(0x18, 0x20, 0x40, {1, 2, 4}, [&](unsigned off, unsigned n) {
            for (u64 v : hostile_values) {
                INFO(describe_access("write", off, n, v));
                d.write(off, n, v);
                REQUIRE(d.peek(0x18, 4) == 0xfebe0004);  // address, 64-bit type
                REQUIRE(d.peek(0x1c, 4) == 0);
                REQUIRE(consistent());
            }
        });
        CHECK(host.table_trap == 0xfebe1000);
        CHECK(host.moved.empty());
        REQUIRE(!host.refused.empty());
        for (unsigned slot : host.refused) CHECK((slot == 2 || slot == 3));  // BAR4 is unimplemented: never a move
    }
    SUBCASE("a BAR moves only with decoding off, and the host re-caches when it goes back on") {
        d.write(0x04, 2, 0x0000);
        CHECK(!host.decoding);
        d.write(0x18, 4, 0xfd000000);
        CHECK(d.peek(0x18, 4) == 0xfd000004);
        CHECK(host.refused.empty());
        d.write(0x04, 2, 0x0002);
        CHECK(host.table_trap == 0xfd001000);
        CHECK(consistent());
    }
    SUBCASE("through a passthrough view the device's Table/PBA registers are never written") {
        device<bar_fn::type> chip;
        hardware hw{p::config_dump::parse(p::lspci_dump(chip, "01:00.0")), {}};
        p::passthrough_view<hardware> view(&hw, {0x11});
        for_each_access_touching(0x70, 0x7c, 0x100, {1, 2, 4}, [&](unsigned off, unsigned n) {
            for (u64 v : hostile_values) view.write(off, n, v);
        });
        CHECK(hw.read(0x74, 4) == 0x00001002);
        CHECK(hw.read(0x78, 4) == 0x00001802);
        CHECK(!hw.written_within(0x70, 0x73));  // ID, NEXT, TABLE_SIZE: never
        CHECK(!hw.written_within(0x74, 0x7c));  // Table, PBA: never
        REQUIRE(!hw.writes.empty());
        for (const auto& w : hw.writes) {
            CHECK(w.offset == 0x73);
            CHECK(((w.value ^ w.replaced) & ~u64{0xc0}) == 0);  // FM, MSIE
        }
    }
}

TEST_CASE("CVE-2015-7549: a guest write to the MSI-X PBA is defined and ignored") {
    // CVE-2015-7549 (QEMU, hw/pci/msix.c): the MSI-X MMIO support did not define a .write method
    // (for the PBA; the fix, upstream commit 43b11a91, added one that ignores the write), so a
    // guest write dereferenced NULL and crashed QEMU. Here the Pending bits are RO: a write is a
    // valid access that changes nothing, whether the PBA shares the table's page or has its own.
    fenced<device<trapped_page>> shared;
    program_vectors(shared.dev);
    using split_cap = p::msix_cap<70, p::msix_layout{.table_bir = 0, .table_offset = 0, .pba_bir = 4,
                                                     .pba_offset = 0x100, .bar_size = 0x1000}>;
    fenced<device<split_cap::pba_space>> own;
    own.dev.set<p::msix::pending>(0x8000000000000001ull, 0);
    own.dev.set<p::msix::pending>(0x20, 1);  // vector 69
    const auto check_pba = [](auto& pba, unsigned lo, unsigned hi) {
        const auto state = pba.dev.lanes();
        for_each_access_touching(lo, hi, 0x1000, {1, 2, 4, 8}, [&](unsigned off, unsigned n) {
            for (u64 v : hostile_values) {
                INFO(describe_access("write", off, n, v));
                const u64 shown = pba.dev.read(off, n);
                pba.dev.write(off, n, v);
                REQUIRE(pba.dev.last_status() == access_status::ok);  // a valid access...
                REQUIRE(pba.dev.lanes() == state);                  // ...that changes nothing
                REQUIRE(pba.dev.read(off, n) == shown);
            }
        });
        CHECK(pba.dev.invalid_accesses() == 0);
        CHECK(pba.intact());
    };
    check_pba(shared, 0x800, 0x808);
    check_pba(own, 0x100, 0x110);
    CHECK(shared.dev.read(0x800, 8) == page_pending);
    CHECK(own.dev.read(0x100, 8) == 0x8000000000000001ull);
    CHECK(own.dev.read(0x108, 8) == 0x20);
}

TEST_CASE("CVE-2020-13754: MSI-X MMIO accesses of invalid size or past the region are refused") {
    // CVE-2020-13754 (QEMU, hw/pci/msix.c): an MSI-X MMIO operation whose guest address went
    // beyond the MMIO region accessed memory out of bounds and could crash QEMU. Here every access
    // is checked against the space before any state is touched: a bad size or a range that leaves
    // the space reads all-ones, writes nothing, and is counted in last_status() and
    // invalid_accesses().
    fenced<device<trapped_page>> page;
    auto& t = page.dev;
    program_vectors(t);
    const auto programmed = t.lanes();
    u64 invalid = 0;
    for (unsigned off : {0x0u, 0xcu, 0x28u, 0x2fu, 0x800u, 0xff8u}) {
        for (unsigned n : {0u, 3u, 5u, 6u, 7u, 9u, 16u, 64u, 0xffffffffu}) {
            INFO(describe_access(off, n));
            t.write(off, n, ~u64{0});
            CHECK(t.last_status() == access_status::bad_size);
            CHECK(t.read(off, n) == ones(n));
            CHECK(t.last_status() == access_status::bad_size);
            invalid += 2;
        }
    }
    for (const auto& [at, size] : std::initializer_list<std::pair<unsigned, unsigned>>{
             {0x1000, 1}, {0x1000, 8}, {0xfff, 2}, {0xffd, 4}, {0xff9, 8}, {0xffc, 8}, {0x7fffffff, 4},
             {0xfffffffc, 8}, {0xffffffff, 1}}) {
        const unsigned off = at, n = size;  // (Clang before 16 cannot capture a binding in INFO)
        INFO(describe_access(off, n));
        t.write(off, n, 0);
        CHECK(t.last_status() == access_status::out_of_range);
        CHECK(t.read(off, n) == ones(n));
        invalid += 2;
    }
    CHECK(t.invalid_accesses() == invalid);
    CHECK(t.lanes() == programmed);
    CHECK(page.intact());
    // Valid accesses of the sizes the spec does not allow inside the table (PCI LB 3.0 §6.8.2:
    // "undefined") get a per-byte answer: a byte into the reserved part of Vector Control does
    // nothing, a byte of the data changes that byte.
    t.write(0x0d, 1, 0xff);
    t.write(0x0f, 1, 0xff);
    CHECK(t.lanes() == programmed);
    t.write(0x09, 1, 0xab);
    CHECK(t.get<p::msix::data>(0) == 0xab40);
    CHECK(t.last_status() == access_status::ok);
}

namespace {
// A PF with TotalVFs = 2; its hooks bring the VFs up and down as SR-IOV Control and NumVFs change.
using iov = p::sriov<p::sriov_params{.initial_vfs = 2, .total_vfs = 2, .vf_device_id = 0x10ca}>;
using vf_cfg = p::config_space<"vf", p::vf_header<nic_id>, p::at<p::pcie<p::pcie_params{}>, 0x40>>;
using pf_cfg = p::config_space<"pf", p::type0<nic_id>, p::at<p::pcie<p::pcie_params{}>, 0x40>, p::at<iov, 0x100>>;
struct pf_hooks {
    p::virtual_functions<vf_cfg::type> vfs;
    unsigned syncs = 0;
    template <class Pf>
    void vfs_changed(Pf& pf) {
        vfs.sync<iov>(pf);
        ++syncs;
    }
};
}  // namespace

TEST_CASE("CVE-2024-26327: NumVFs above TotalVFs enables no VFs and overflows nothing") {
    // CVE-2024-26327 (QEMU 7.1.0-8.2.1, hw/pci/pcie_sriov.c): register_vfs() mishandled a guest
    // writing NumVFs greater than TotalVFs, leading to a buffer overflow in VF implementations.
    // Here NumVFs is an RW-L field (writable only while VF Enable is clear) and
    // virtual_functions::sync brings up no VF at all when NumVFs exceeds TotalVFs.
    fenced<device<pf_cfg::type, pf_hooks>> pf;
    auto& d = pf.dev;
    const auto reset_lanes = d.lanes();
    CHECK(d.read(0x10e, 2) == 2);  // TotalVFs
    const auto vfs_none = [&] {
        if (d.hooks().vfs.size() != 0) return false;
        for (unsigned off = 0; off < 0x10000; ++off)
            if (d.hooks().vfs.at_routing_offset(off) != nullptr) return false;
        return true;
    };
    struct hostile_write {
        unsigned off, size;
        u64 value, num_vfs;  // what NumVFs reads after it
    };
    for (const hostile_write& w : {hostile_write{0x110, 2, 3, 3}, hostile_write{0x110, 2, 0xffff, 0xffff},
                                   hostile_write{0x111, 1, 0x80, 0x80ff}, hostile_write{0x10e, 4, 0xffffffff, 0xffff},
                                   hostile_write{0x110, 4, 0x00008000, 0x8000}, hostile_write{0x10f, 2, 0x0400, 0x8004}}) {
        INFO(describe_access("write", w.off, w.size, w.value));
        d.write(w.off, w.size, w.value);
        CHECK(d.read(0x110, 2) == w.num_vfs);
        CHECK(d.read(0x10e, 2) == 2);  // TotalVFs is read-only
        d.write(0x108, 2, 0x0001);     // VF Enable
        CHECK(vfs_none());
        d.write(0x110, 2, 1);          // NumVFs is locked while VF Enable is set
        CHECK(d.read(0x110, 2) == w.num_vfs);
        CHECK(vfs_none());
        d.write(0x108, 2, 0x0000);
    }
    // A valid NumVFs brings up that many; while enabled, no write can raise it.
    d.write(0x110, 2, 2);
    d.write(0x108, 2, 0x0001);
    CHECK(d.hooks().vfs.size() == 2);
    d.write(0x110, 2, 0xffff);
    d.write(0x10e, 4, 0xffffffff);
    CHECK(d.read(0x110, 2) == 2);
    CHECK(d.hooks().vfs.size() == 2);
    CHECK(d.hooks().syncs > 0);
    // Nothing but SR-IOV Control (VF Enable) and NumVFs changed.
    auto expect = reset_lanes;
    expect[0x108 / 8] |= 0x0001;  // 0x108: VF Enable
    expect[0x110 / 8] |= 0x0002;  // 0x110: NumVFs
    CHECK(d.lanes() == expect);
    CHECK(pf.intact());
}

TEST_CASE("CVE class, no number (QEMU pci_host_config_*_common): config accesses of size 0/3/5/8+ or past the space change nothing") {
    // QEMU's pci_host_config_read/write_common() clamp an access to the function's config size
    // and assert(len <= 4); an 8-byte access reaching them aborts QEMU (QEMU issue #3334). No CVE
    // number is known to us for this class. Here a config space takes sizes 1, 2 and 4 only; other
    // sizes, offsets past the space (a 4 KiB ECAM offset on a 256-byte function) and accesses
    // crossing its end read all-ones and write nothing, through every path a guest has: the
    // device, the bus, and a passthrough view.
    fenced<device<nic::type>> fn;
    auto& d = fn.dev;
    const auto reset_lanes = d.lanes();
    struct bad_access {
        unsigned off, size;
        access_status status;
    };
    std::vector<bad_access> bad;
    for (unsigned off : {0x00u, 0x04u, 0x10u, 0x3cu, 0xfcu})
        for (unsigned n : {0u, 3u, 5u, 6u, 7u, 8u, 9u, 16u, 0xffffffffu}) bad.push_back({off, n, access_status::bad_size});
    for (auto [off, n] : std::initializer_list<std::pair<unsigned, unsigned>>{
             {0xfd, 4}, {0xfe, 4}, {0xff, 2}, {0xff, 4}, {0x100, 1}, {0x100, 4}, {0x7fc, 4}, {0xffc, 4}, {0xfff, 1},
             {0x1000, 4}, {0xfffffffc, 4}, {0xffffffff, 2}})
        bad.push_back({off, n, access_status::out_of_range});

    p::bus bus;
    bus.attach(0x18, d);
    p::config_dump dump = p::config_dump::parse(p::lspci_dump(d, "00:03.0"));
    p::passthrough_view<p::config_dump> view(&dump, {0x01, 0x05});
    const auto dump_before = [&] {
        std::array<std::uint8_t, 4096> out{};
        for (unsigned i = 0; i < 4096; ++i) out[i] = static_cast<std::uint8_t>(dump.read(i, 1));
        return out;
    }();

    u64 invalid = 0;
    for (const bad_access& a : bad) {
        INFO(describe_access(a.off, a.size));
        d.write(a.off, a.size, ~u64{0});
        CHECK(d.last_status() == a.status);
        CHECK(d.read(a.off, a.size) == ones(a.size));
        bus.config_write(0x18, a.off, a.size, ~u64{0});
        CHECK(bus.config_read(0x18, a.off, a.size) == ones(a.size));
        invalid += 4;
        // The view is 4 KiB (its extended space reads 0), so only its own invalid accesses apply.
        if (!(a.size == 1 || a.size == 2 || a.size == 4) || a.off + u64{a.size} > 4096) {
            view.write(a.off, a.size, ~u64{0});
            CHECK(view.read(a.off, a.size) == ones(a.size));
        }
    }
    CHECK(d.invalid_accesses() == invalid);
    CHECK(d.lanes() == reset_lanes);
    CHECK(fn.intact());
    std::array<std::uint8_t, 4096> dump_after{};
    for (unsigned i = 0; i < 4096; ++i) dump_after[i] = static_cast<std::uint8_t>(dump.read(i, 1));
    CHECK(dump_after == dump_before);
    // Absent functions and devfns past the bus master-abort: all-ones, nothing written.
    CHECK(bus.config_read(0x19, 0x00, 4) == 0xffffffff);
    CHECK(bus.config_read(0x100, 0x00, 4) == 0xffffffff);
    CHECK(bus.config_read(0xffffffff, 0x00, 8) == ~u64{0});
    bus.config_write(0x100, 0x04, 2, 0xffff);
    CHECK(d.lanes() == reset_lanes);
}

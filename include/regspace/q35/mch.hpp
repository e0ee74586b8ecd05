// SPDX-License-Identifier: MIT
// regspace/q35/mch.hpp - the Intel Q35 MCH host bridge (Host Bridge/DRAM Controller, bus 0
// device 0 function 0): its configuration space and what its registers mean for the platform.
//
// Sources: Intel 3 Series Express Chipset Family datasheet (316966-001) §5.1 for the register
// set; QEMU 7.2 hw/pci-host/q35.c and include/hw/pci-host/q35.h for what QEMU's q35 machine
// does, measured over qtest (docs/q35.md). The profile (q35/profile.hpp) picks one of the two
// where they differ; the register set is the same description either way.
//
// Side effects are reported through the device's hooks (hooks.hpp), keyed on the register types
// below: on_write(mch<>::pciexbar, dev, event) moves the ECAM window, smram and esmramc change
// SMRAM / TSEG, pam<0> to pam<6> the BIOS-area attributes. q35::platform is such an observer.
#pragma once

#include <cstddef>
#include <cstdint>

#include <regspace/access.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/field.hpp>
#include <regspace/fixed_string.hpp>
#include <regspace/pci/config_space.hpp>
#include <regspace/pci/header_type0.hpp>
#include <regspace/q35/profile.hpp>
#include <regspace/register.hpp>
#include <regspace/space.hpp>

namespace regspace::q35 {

namespace detail {
// The fields a rule reads are named once, here, for the register and its rule.

// QEMU's extended TSEG size register (MCH_HOST_BRIDGE_EXT_TSEG_MBYTES): writing FFFFh asks for
// the size, which replaces it (mch_update_ext_tseg_mbytes); any other value is kept as written.
inline constexpr std::uint16_t ext_tseg_mbytes = 16;  // QEMU 7.2's default for pc-q35-7.2
using ext_tseg_field = field<"MBYTES", 0, 16, access::rw, ext_tseg_mbytes, "TSEG size in MB for TSEG_SZ = 11b">;
constexpr std::uint64_t ext_tseg_query(std::uint64_t, std::uint64_t now) {
    return now == ext_tseg_field::mask ? ext_tseg_mbytes : now;  // the query: every bit written
}

// QEMU's SMRAM-at-SMBASE register (MCH_HOST_BRIDGE_F_SMBASE, mch_update_smbase_smram): three
// states, each read back as its value. 00h: writing FFh (query) answers 01h (IN_RAM), anything
// else is discarded. 01h: only LCK (bit 1) is writable; setting it locks the register at 02h.
using smbase_in_ram = bit<"IN_RAM", 0, access::rw, 0, "SMRAM at 30000h-4FFFFh is supported">;
using smbase_lck = bit<"LCK", 1, access::rw, 0, "locked: SMRAM at SMBASE closed to non-SMM">;
using smbase_query = field<"QUERY", 2, 6, access::rw, 0, "write FFh (all bits) to query">;
constexpr std::uint64_t smbase_rule(std::uint64_t old, std::uint64_t now) {
    constexpr std::uint64_t query = smbase_in_ram::mask | smbase_lck::mask | smbase_query::mask;  // FFh
    if (old == 0) return now == query ? smbase_in_ram::mask : 0;
    if (old == smbase_in_ram::mask) return (now & smbase_lck::mask) ? smbase_lck::mask : smbase_in_ram::mask;
    return smbase_lck::mask;
}

// SMRAM (datasheet §5.1.29; QEMU mch_update_smram): once D_LCK is set, D_OPEN reads 0.
using smram_d_lck = bit<"D_LCK", 4, access::rw1s, 0, "SMM space locked (cleared only by reset)">;
using smram_d_open = bit<"D_OPEN", 6, access::rw_lock<"SMRAM", "D_LCK">, 0, "SMM space open to non-SMM">;
constexpr std::uint64_t smram_rule(std::uint64_t, std::uint64_t now) {
    return (now & smram_d_lck::mask) ? (now & ~smram_d_open::mask) : now;
}

// Register names built from offsets, for QEMU's scratch bytes: "SCRATCH_58".
template <unsigned Off>
constexpr auto scratch_name() {
    fixed_string<11> s;
    const char* p = "SCRATCH_";
    for (std::size_t i = 0; i < 8; ++i) s.data[i] = p[i];
    constexpr char hex[] = "0123456789ABCDEF";
    s.data[8] = hex[(Off >> 4) & 0xf];
    s.data[9] = hex[Off & 0xf];
    s.data[10] = '\0';
    return s;
}

// The spec<> of a datasheet register: datasheet_section<13> is "Intel 3 Series datasheet section 5.1.13".
inline constexpr fixed_string datasheet_section_prefix = "Intel 3 Series datasheet section 5.1.";
template <unsigned N>
constexpr auto datasheet_section_name() {
    static_assert(N >= 1 && N <= 99);
    constexpr std::size_t p = datasheet_section_prefix.size();
    fixed_string<p + (N >= 10 ? 2 : 1) + 1> s;
    for (std::size_t i = 0; i < p; ++i) s.data[i] = datasheet_section_prefix.data[i];
    std::size_t i = p;
    if (N >= 10) s.data[i++] = static_cast<char>('0' + N / 10);
    s.data[i++] = static_cast<char>('0' + N % 10);
    s.data[i] = '\0';
    return s;
}
template <unsigned N>
using datasheet_section = spec<datasheet_section_name<N>()>;

// Named values of the MCH's fields (datasheet §5.1; QEMU 7.2 include/hw/pci-host/q35.h).
// PAM (§5.1.19): where reads and writes of a BIOS-area segment go.
struct pam_values : values<value<0, "disabled", "DRAM disabled: reads and writes go to DMI">,
                          value<1, "read-only", "reads from DRAM, writes to DMI">,
                          value<2, "write-only", "writes to DRAM, reads from DMI">,
                          value<3, "normal", "reads and writes to DRAM">> {};
// PCIEXBAR LENGTH: the window sizes; the base bits below 28 each uses differ per profile
// (profile.hpp): the datasheet's 128ADMSK/64ADMSK are bits 27/26, QEMU's bits 26/25.
struct pciexbar_lengths_datasheet
    : values<value<0, "256 MB", "256 buses, base [35:28]">, value<1, "128 MB", "128 buses, base [35:27]">,
             value<2, "64 MB", "64 buses, base [35:26]">, value<3, "reserved">> {};
struct pciexbar_lengths_qemu
    : values<value<0, "256 MB", "256 buses, base [35:28]">,
             value<1, "128 MB", "128 buses, base [35:28] and bits 26:25 (QEMU)">,
             value<2, "64 MB", "64 buses, base [35:28] and bit 25 (QEMU)">,
             value<3, "reserved", "QEMU keeps the previous window">> {};
template <bool Datasheet>
using pciexbar_lengths = std::conditional_t<Datasheet, pciexbar_lengths_datasheet, pciexbar_lengths_qemu>;
// ESMRAMC TSEG_SZ: 11b is reserved in the datasheet; QEMU sizes it from EXT_TSEG_MBYTES.
struct tseg_sizes_datasheet : values<value<0, "1 MB">, value<1, "2 MB">, value<2, "8 MB">, value<3, "reserved">> {};
struct tseg_sizes_qemu : values<value<0, "1 MB">, value<1, "2 MB">, value<2, "8 MB">,
                                value<3, "extended", "EXT_TSEG_MBYTES MB (QEMU)">> {};
template <bool Datasheet>
using tseg_sizes = std::conditional_t<Datasheet, tseg_sizes_datasheet, tseg_sizes_qemu>;
// GGC GMS: graphics stolen memory of the G33-class IGD (Linux's gen3_stolen_size agrees).
struct gms_values : values<value<0, "none", "no memory pre-allocated; IGD does not claim VGA">,
                          value<1, "1 MB">, value<2, "4 MB">, value<3, "8 MB">, value<4, "16 MB">,
                          value<5, "32 MB">, value<6, "48 MB">, value<7, "64 MB">, value<8, "128 MB">,
                          value<9, "256 MB">> {};
struct ggms_values : values<value<0, "none", "no GTT memory pre-allocated">, value<1, "1 MB">, value<2, "2 MB">> {};
}  // namespace detail

// The MCH of profile P (qemu_7_2 by default: what `qemu-system-x86_64 -M q35` answers).
template <profile P = qemu_7_2>
struct mch {
    using profile_type = P;
    // The datasheet section of a register: datasheet_section<13> cites §5.1.13.
    template <unsigned N>
    using datasheet_section = detail::datasheet_section<N>;
    // A field's datasheet access policy A as this profile exposes it (P::policy), and a datasheet
    // reset value V as this profile has it (P::reset).
    template <class A>
    using policy = typename P::template policy<A>;
    static constexpr std::uint64_t reset_value(std::uint64_t v) { return P::reset(v); }
    using others = others_as<typename P::others>;
    // Fields the datasheet locks with SMRAM.D_LCK besides SMRAM/ESMRAMC (§5.1.15, §5.1.33, §5.1.35).
    using smm_locked = access::rw_lock<"SMRAM", "D_LCK">;

    // IDs as QEMU's q35 shows them (8086:29C0, subsystem 1AF4:1100), class 06 00 00 host bridge.
    static constexpr pci::identity id{.vendor = 0x8086, .device = 0x29c0, .class_code = 0x060000,
                                      .subsystem_vendor = 0x1af4, .subsystem = 0x1100};
    using header = typename pci::type0<id>::template with_cap_ptr<P::cap_ptr>;

    // §5.1.13-14: the base addresses of the PCI Express egress port and MCH memory-mapped blocks.
    // The 64-bit registers are read and written as two dwords (piecewise: register.hpp).
    using pxpepbar = reg<"PXPEPBAR", 0x40, 8, doc<"PCI Express Egress Port Base Address">, datasheet_section<13>, piecewise,
        others,
        bit<"PXPEPBAREN", 0, policy<access::rw>, 0, "egress port block enable">,
        field<"PXPEPBAR", 12, 24, policy<access::rw>, 0, "base address [35:12] (4 KiB)">>;
    using mchbar = reg<"MCHBAR", 0x48, 8, doc<"MCH Memory Mapped Register Range Base">, datasheet_section<14>, piecewise, others,
        bit<"MCHBAREN", 0, policy<access::rw>, 0, "MCHBAR enable">,
        field<"MCHBAR", 14, 22, policy<access::rw>, 0, "base address [35:14] (16 KiB)">>;
    // QEMU only: firmware asks here for the TSEG size QEMU uses when ESMRAMC.TSEG_SZ is 11b
// (MCH_HOST_BRIDGE_EXT_TSEG_MBYTES); the size itself is QEMU's property, not this register.
    using ext_tseg_mbytes = reg<"EXT_TSEG_MBYTES", 0x50, 2, doc<"QEMU Extended TSEG Size (write FFFFh to query)">,
        spec<"QEMU 7.2 hw/pci-host/q35.c">,
        rule<&detail::ext_tseg_query>, detail::ext_tseg_field>;
    // §5.1.15: graphics memory the BIOS sets aside for the IGD.
    using ggc = reg<"GGC", 0x52, 2, doc<"GMCH Graphics Control">, datasheet_section<15>, others,
        bit<"IVD", 1, policy<smm_locked>, 0, "IGD VGA disable",
            values<value<0, "enabled", "IGD claims VGA cycles">, value<1, "disabled">>>,
        field<"GMS", 4, 4, policy<smm_locked>, reset_value(0x3), "graphics mode select (stolen memory size)",
              detail::gms_values>,
        field<"GGMS", 8, 2, policy<smm_locked>, 0, "GTT graphics memory size", detail::ggms_values>>;
    // §5.1.16: which host devices are enabled. D0 itself is always on.
    using deven = reg<"DEVEN", 0x54, 4, doc<"Device Enable">, datasheet_section<16>, others,
        bit<"D0EN", 0, policy<access::ro>, reset_value(1), "host bridge (always enabled)">,
        bit<"D1EN", 1, policy<access::rw>, reset_value(1), "PCI Express graphics port">,
        bit<"D2F0EN", 3, policy<access::rw>, reset_value(1), "internal graphics function 0">,
        bit<"D2F1EN", 4, policy<access::rw>, reset_value(1), "internal graphics function 1">,
        bit<"D3F0EN", 6, policy<access::rw>, reset_value(1), "ME HECI 1">,
        bit<"D3F1EN", 7, policy<access::rw>, reset_value(1), "ME HECI 2">,
        bit<"D3F2EN", 8, policy<access::rw>, reset_value(1), "ME IDE redirection">,
        bit<"D3F3EN", 9, policy<access::rw>, reset_value(1), "ME keyboard/text redirection">>;
    // §5.1.17: the MMCONFIG (ECAM) window. QEMU keeps all 64 bits writable and decodes them in
    // decode_pciexbar(); the datasheet's 128ADMSK/64ADMSK pick the extra base bits per length.
    using pciexbar = reg<"PCIEXBAR", 0x60, 8, doc<"PCI Express Register Range Base Address">, datasheet_section<17>, piecewise,
        others,
        bit<"PCIEXBAREN", 0, access::rw, 0, "ECAM window enable">,
        field<"LENGTH", 1, 2, access::rw, 0, "window length", detail::pciexbar_lengths<P::is_datasheet>>,
        bit<"ADMSK64", 26, access::rw, 0, "base bit 26 (64 MB window)">,
        bit<"ADMSK128", 27, access::rw, 0, "base bit 27 (64 and 128 MB windows)">,
        field<"PCIEXBAR", 28, 8, access::rw, ((P::pciexbar_reset >> 28) & 0xff), "base address [35:28]">>;
    // §5.1.18: Root Complex Register Block for DMI.
    using dmibar = reg<"DMIBAR", 0x68, 8, doc<"Root Complex Register Range Base Address">, datasheet_section<18>, piecewise,
        others,
        bit<"DMIBAREN", 0, policy<access::rw>, 0, "DMIBAR enable">,
        field<"DMIBAR", 12, 24, policy<access::rw>, 0, "base address [35:12] (4 KiB)">>;

    // §5.1.19-25: Programmable Attribute Map. Each nibble maps one BIOS-area range to DRAM:
    // 00b disabled (to DMI), 01b read-only, 10b write-only, 11b normal. PAM0 has only HIENABLE
    // (0F0000h-0FFFFFh); PAM1-PAM6 cover 0C0000h-0EFFFFh in 16 KiB halves (pam_segment()).
    template <unsigned N>
    using pam = std::conditional_t<
        N == 0,
        reg<"PAM0", 0x90, 1, doc<"Programmable Attribute Map 0">, datasheet_section<19>, others,
            field<"HIENABLE", 4, 2, access::rw, 0, "0F0000h-0FFFFFh attribute", detail::pam_values>>,
        reg<(N == 1 ? fixed_string("PAM1") : N == 2 ? fixed_string("PAM2") : N == 3 ? fixed_string("PAM3")
             : N == 4 ? fixed_string("PAM4") : N == 5 ? fixed_string("PAM5") : fixed_string("PAM6")),
            0x90 + N, 1, doc<"Programmable Attribute Map">, datasheet_section<19 + N>, others,
            field<"LOENABLE", 0, 2, access::rw, 0, "lower 16 KiB segment attribute", detail::pam_values>,
            field<"HIENABLE", 4, 2, access::rw, 0, "upper 16 KiB segment attribute", detail::pam_values>>>;
    // §5.1.26-28.
    using lac = reg<"LAC", 0x97, 1, doc<"Legacy Access Control">, datasheet_section<26>, others,
        bit<"MDAP", 0, policy<access::rw>, 0, "MDA present">,
        bit<"HEN", 7, policy<access::rw>, 0, "15 MB-16 MB memory hole enable">>;
    using remapbase = reg<"REMAPBASE", 0x98, 2, doc<"Remap Base Address">, datasheet_section<27>, others,
        field<"REMAPBASE", 0, 10, policy<access::rw>, reset_value(0x3ff), "remap base [35:26] (64 MB)">>;
    using remaplimit = reg<"REMAPLIMIT", 0x9a, 2, doc<"Remap Limit Address">, datasheet_section<28>, others,
        field<"REMAPLMT", 0, 10, policy<access::rw>, 0, "remap limit [35:26] (64 MB)">>;
    // QEMU only: SMRAM at the default SMBASE (MCH_HOST_BRIDGE_F_SMBASE), see smbase_rule.
    using smbase = reg<"F_SMBASE", 0x9c, 1, doc<"QEMU SMRAM at SMBASE (write FFh to query)">,
        spec<"QEMU 7.2 hw/pci-host/q35.c">,
        rule<&detail::smbase_rule>, detail::smbase_in_ram, detail::smbase_lck, detail::smbase_query>;
    // §5.1.29: compatible SMRAM (A0000h-BFFFFh). D_LCK locks itself, D_OPEN, G_SMRAME and
    // ESMRAMC until reset; D_CLS stays writable (QEMU: MCH_HOST_BRIDGE_SMRAM_WMASK_LCK).
    using smram = reg<"SMRAM", 0x9d, 1, doc<"System Management RAM Control">, datasheet_section<29>,
        rule<&detail::smram_rule>,
        field<"C_BASE_SEG", 0, 3, access::ro, 0x2, "compatible SMM space base segment",
              values<value<2, "A0000h-BFFFFh", "compatible SMRAM at A0000h">>>,
        bit<"G_SMRAME", 3, access::rw_lock<"SMRAM", "D_LCK">, 0, "global SMRAM enable">,
        detail::smram_d_lck,
        bit<"D_CLS", 5, access::rw, 0, "SMM space closed to data accesses">,
        detail::smram_d_open>;
    // §5.1.30: extended SMRAM (TSEG below TOLUD, and the high SMRAM alias).
    using esmramc = reg<"ESMRAMC", 0x9e, 1, doc<"Extended System Management RAM Control">, datasheet_section<30>,
        bit<"T_EN", 0, access::rw_lock<"SMRAM", "D_LCK">, 0, "TSEG enable">,
        field<"TSEG_SZ", 1, 2, access::rw_lock<"SMRAM", "D_LCK">, 0, "TSEG size",
              detail::tseg_sizes<P::is_datasheet>>,
        bit<"SM_L2", 3, access::ro, 1, "SMM L2 cache enable (hardwired 1)">,
        bit<"SM_L1", 4, access::ro, 1, "SMM L1 cache enable (hardwired 1)">,
        bit<"SM_CACHE", 5, access::ro, 1, "SMM space cacheable (hardwired 1)">,
        bit<"E_SMERR", 6, access::rw1c, 0, "invalid SMRAM access">,
        bit<"H_SMRAME", 7, access::rw_lock<"SMRAM", "D_LCK">, 0, "high SMRAM (FEDA0000h) enable">>;
    // §5.1.31-36: the memory map the BIOS programs.
    using tom = reg<"TOM", 0xa0, 2, doc<"Top of Memory">, datasheet_section<31>, others,
        field<"TOM", 0, 10, policy<access::rw>, reset_value(0x1), "top of DRAM [35:26] (64 MB)">>;
    using touud = reg<"TOUUD", 0xa2, 2, doc<"Top of Upper Usable DRAM">, datasheet_section<32>, others,
        field<"TOUUD", 0, 16, policy<access::rw>, 0, "top of upper usable DRAM [35:20] (1 MB)">>;
    using gbsm = reg<"GBSM", 0xa4, 4, doc<"Graphics Base of Stolen Memory">, datasheet_section<33>, others,
        field<"GBSM", 20, 12, policy<smm_locked>, 0, "base [31:20]">>;
    using bgsm = reg<"BGSM", 0xa8, 4, doc<"Base of GTT Stolen Memory">, datasheet_section<34>, others,
        field<"BGSM", 20, 12, policy<access::rw>, 0, "base [31:20]">>;
    using tsegmb = reg<"TSEGMB", 0xac, 4, doc<"TSEG Memory Base">, datasheet_section<35>, others,
        field<"TSEGMB", 20, 12, policy<smm_locked>, 0, "base [31:20]">>;
    using tolud = reg<"TOLUD", 0xb0, 2, doc<"Top of Low Usable DRAM">, datasheet_section<36>, others,
        field<"TOLUD", 4, 12, policy<access::rw>, reset_value(0x1), "top of low usable DRAM [31:20] (1 MB)">>;
    // §5.1.37-40: error reporting (status bits are set by hardware; none is emulated).
    using errsts = reg<"ERRSTS", 0xc8, 2, doc<"Error Status">, datasheet_section<37>, others,
        field<"ERRSTS", 0, 16, policy<access::rw1c>, 0, "error status bits">>;
    using errcmd = reg<"ERRCMD", 0xca, 2, doc<"Error Command">, datasheet_section<38>, others,
        field<"ERRCMD", 0, 16, policy<access::rw>, 0, "SERR on error">>;
    using smicmd = reg<"SMICMD", 0xcc, 2, doc<"SMI Command">, datasheet_section<39>, others,
        field<"SMICMD", 0, 16, policy<access::rw>, 0, "SMI on error">>;
    using scicmd = reg<"SCICMD", 0xce, 2, doc<"SCI Command">, datasheet_section<40>, others,
        field<"SCICMD", 0, 16, policy<access::rw>, 0, "SCI on error">>;
    using skpd = reg<"SKPD", 0xdc, 4, doc<"Scratchpad Data">, datasheet_section<41>,
        field<"SKPD", 0, 32, access::rw, 0, "BIOS scratch">>;
    // §5.1.42: a vendor-specific capability (ID 09h, length 0Ch) the datasheet profile lists.
    using capid0 = reg<"CAPID0", 0xe0, 4, doc<"Capability Identifier">, datasheet_section<42>, others,
        field<"CAP_ID", 0, 8, policy<access::ro>, reset_value(0x09), "vendor specific">,
        field<"NEXT", 8, 8, policy<access::ro>, 0, "last capability">,
        field<"CAPID_LEN", 16, 8, policy<access::ro>, reset_value(0x0c), "12 bytes">,
        field<"CAPID_VER", 24, 4, policy<access::ro>, reset_value(0x1), "version 1">>;
    using capid0_feat_lo = reg<"CAPID0_FEAT_LO", 0xe4, 4, doc<"Capability feature bits [31:0]">, datasheet_section<42>,
                               others>;
    using capid0_feat_hi = reg<"CAPID0_FEAT_HI", 0xe8, 4, doc<"Capability feature bits [63:32]">, datasheet_section<42>,
                               others>;

    template <unsigned Off, unsigned Bytes>
    using scratch = reg<detail::scratch_name<Off>(), Off, Bytes, doc<"QEMU scratch (no datasheet register)">,
                        spec<"QEMU 7.2 hw/pci-host/q35.c">, std::conditional_t<(Bytes > 4), piecewise, nothing>,
                        others_as<access::rw>>;

private:
    using datasheet_regs = regspace::detail::type_list<
        pxpepbar, mchbar, ggc, deven, pciexbar, dmibar, pam<0>, pam<1>, pam<2>, pam<3>, pam<4>, pam<5>, pam<6>,
        lac, remapbase, remaplimit, smram, esmramc, tom, touud, gbsm, bgsm, tsegmb, tolud, errsts, errcmd,
        smicmd, scicmd, skpd, capid0, capid0_feat_lo, capid0_feat_hi>;
    // QEMU writes every byte of 0x40-0xFF that no register above covers; 0x50 and 0x9C are its own.
    using qemu_regs = regspace::detail::type_list<
        ext_tseg_mbytes, smbase, scratch<0x58, 8>, scratch<0x70, 8>, scratch<0x78, 8>, scratch<0x80, 8>,
        scratch<0x88, 8>, scratch<0x9f, 1>, scratch<0xb2, 2>, scratch<0xb4, 4>, scratch<0xb8, 8>,
        scratch<0xc0, 8>, scratch<0xd0, 8>, scratch<0xd8, 4>, scratch<0xec, 4>, scratch<0xf0, 8>,
        scratch<0xf8, 8>>;

public:
    using registers = typename regspace::detail::join<
        typename header::registers, datasheet_regs,
        std::conditional_t<P::is_datasheet, regspace::detail::type_list<>, qemu_regs>>::type;
    // A class of its own, not an alias of space<...>, made as pci::config_space<>::type is.
    struct space : regspace::pci::detail::make_space<"q35-mch", 256, registers>::type {};
};

// ---- What the registers mean: decoders the platform (and a debugger) applies. ----

// The ECAM window PCIEXBAR selects. `valid` is false for the reserved length (11b): QEMU then
// leaves the previous window in place (mch_update_pciexbar returns early).
struct ecam_window {
    bool valid = false;
    bool enabled = false;
    std::uint64_t base = 0;
    std::uint64_t size = 0;
    [[nodiscard]] constexpr unsigned buses() const { return static_cast<unsigned>(size >> 20); }
    constexpr bool operator==(const ecam_window&) const = default;
};

template <profile P = qemu_7_2>
constexpr ecam_window decode_pciexbar(std::uint64_t v) {
    constexpr std::uint64_t base_bits = std::uint64_t{0xff} << 28;  // [35:28]
    ecam_window w;
    switch ((v >> 1) & 3) {
        case 0: w.size = std::uint64_t{256} << 20; w.base = v & base_bits; break;
        case 1: w.size = std::uint64_t{128} << 20; w.base = v & (base_bits | P::pciexbar_128m_bits); break;
        case 2: w.size = std::uint64_t{64} << 20; w.base = v & (base_bits | P::pciexbar_64m_bits); break;
        default: return w;  // reserved
    }
    w.valid = true;
    w.enabled = v & 1;
    return w;
}

// PAM attributes (§5.1.19): where reads and writes of a BIOS-area range go.
enum class pam_attr : std::uint8_t { dma_only = 0, read_only = 1, write_only = 2, normal = 3 };
constexpr const char* name(pam_attr a) {
    switch (a) {
        case pam_attr::dma_only: return "disabled (to DMI)";
        case pam_attr::read_only: return "read-only DRAM";
        case pam_attr::write_only: return "write-only DRAM";
        case pam_attr::normal: return "DRAM";
    }
    return "?";
}
struct pam_range {
    std::uint32_t base = 0;
    std::uint32_t size = 0;
};
// The range PAM register N's high (Hi) or low nibble controls; PAM0's low nibble controls none.
constexpr pam_range pam_segment(unsigned n, bool hi) {
    if (n == 0) return hi ? pam_range{0xf0000, 0x10000} : pam_range{};
    return {0xc0000 + (n - 1) * 0x8000 + (hi ? 0x4000u : 0u), 0x4000};
}
constexpr pam_attr pam_decode(std::uint8_t pam, bool hi) { return static_cast<pam_attr>((pam >> (hi ? 4 : 0)) & 3); }

// The SMRAM state SMRAM and ESMRAMC describe (§5.1.29-30); ext_tseg_mb is the size TSEG_SZ 11b
// selects (QEMU: its extended-tseg-mbytes property, 16; the datasheet: reserved, pass 0).
struct smram_state {
    bool open = false;         // D_OPEN: non-SMM code sees SMRAM at A0000h
    bool closed = false;       // D_CLS: SMM data accesses go to the VGA range
    bool locked = false;       // D_LCK
    bool enabled = false;      // G_SMRAME: compatible SMRAM enabled
    bool high = false;         // H_SMRAME: high SMRAM alias at FEDA0000h
    bool tseg = false;         // T_EN (with G_SMRAME)
    std::uint32_t tseg_mb = 0; // TSEG size in MB (0 while TSEG is off)
    constexpr bool operator==(const smram_state&) const = default;
};
constexpr smram_state decode_smram(std::uint8_t smram, std::uint8_t esmramc, std::uint16_t ext_tseg_mb) {
    smram_state s;
    s.open = smram & 0x40;
    s.closed = smram & 0x20;
    s.locked = smram & 0x10;
    s.enabled = smram & 0x08;
    s.high = (esmramc & 0x80) && s.enabled;
    s.tseg = (esmramc & 0x01) && s.enabled;
    constexpr std::uint32_t sizes[] = {1, 2, 8, 0};
    const unsigned code = (esmramc >> 1) & 3;
    s.tseg_mb = !s.tseg ? 0 : code == 3 ? ext_tseg_mb : sizes[code];  // 0 while TSEG is off
    return s;
}

}  // namespace regspace::q35

// SPDX-License-Identifier: MIT
// Every register and field the library ships carries a description and a spec reference, and the
// fields whose values the spec names list them: checked on the spaces the tests and examples
// build (the Q35 MCH in both profiles, the SR-IOV NIC's PF and VF, its MSI-X table, a bridge and
// root port, and endpoints using every BAR, MSI and PM variant).
#include <doctest/doctest.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <regspace.hpp>
#include <regspace/introspect.hpp>
#include <regspace/q35/mch.hpp>

#include "pci/devices.hpp"
#include "sriov_nic.hpp"

namespace tests_shipped_docs {

using namespace regspace;

namespace {
namespace p = regspace::pci;

constexpr p::identity bridge_id{.vendor = 0x1b36, .device = 0x000c, .class_code = 0x060400};
using bridge = p::config_space<"bridge", p::type1<bridge_id, p::bars<p::mem32_bar<4096>>, p::rom_bar<2048>>,
                               p::at<p::pcie<p::pcie_params{.type = p::port_type::root_port}>, 0x40>>;
using slot_port = p::config_space<"root port with slot", p::type1<bridge_id>,
                                  p::at<p::pcie<p::pcie_params{.type = p::port_type::root_port, .slot = true,
                                                               .physical_slot = 3}>,
                                        0x40>>;
// PM with D1/D2 and a soft reset on D3hot->D0, 32-bit MSI without masking, MSI-X with its table
// and PBA in different BARs, a legacy endpoint.
using split_msix = p::msix::capability<p::msix::params{.vectors = 70, .table_bir = 0, .table_offset = 0x800,
                                                       .pba_bir = 1, .pba_offset = 0, .bar_size = 0x1000}>;
using legacy_bars = p::bars<p::mem32_bar<0x1000>, p::mem32_bar<0x1000, true>>;
using legacy = p::config_space<"legacy endpoint", p::type0<regspace::test::nic_id, legacy_bars>,
                               p::at<p::pm<p::pm_params{.d1 = true, .d2 = true, .pme_support = 0x1f,
                                                        .no_soft_reset = false}>,
                                     0x40>,
                               p::at<p::msi<p::msi_params{.vectors = 32, .address_64 = false}>, 0x48>,
                               p::at<split_msix, 0x60>,
                               p::at<p::pcie<p::pcie_params{.type = p::port_type::legacy_endpoint, .flr = false}>,
                                     0x70>>;

bool reserved(const field_info& f) {
    return f.policy == access::kind::rsvdp || f.policy == access::kind::rsvdz;
}

// Checks every register and field of Space; returns how many registers and documented fields.
template <class Space>
std::size_t check_documented() {
    const space_info s = describe<Space>();
    std::size_t n = 0;
    for (const register_info& r : s.registers) {
        const std::string where = std::string(s.name) + ": " + std::string(r.block) + (r.block.empty() ? "" : ".") +
                                  std::string(r.name);
        CAPTURE(where);
        CHECK_FALSE(r.description.empty());
        CHECK_FALSE(r.spec.empty());
        ++n;
        for (const field_info& f : r.fields) {
            if (reserved(f) || f.name.starts_with("bits[")) continue;
            const std::string field = where + "." + std::string(f.name);
            CAPTURE(field);
            CHECK_FALSE(f.description.empty());
            CHECK_FALSE(spec_of(r, f).empty());
            for (const value_info& v : f.values) CHECK_FALSE(v.name.empty());
            ++n;
        }
    }
    return n;
}

// The field Field of register Reg (in block Block, "" for the header) of a space.
const field_info* find_field(const space_info& s, std::string_view block, std::string_view reg,
                             std::string_view field) {
    for (const register_info& r : s.registers)
        if (r.block == block && r.name == reg)
            for (const field_info& f : r.fields)
                if (f.name == field) return &f;
    return nullptr;
}
const register_info* find_register(const space_info& s, std::string_view block, std::string_view reg) {
    for (const register_info& r : s.registers)
        if (r.block == block && r.name == reg) return &r;
    return nullptr;
}
std::string_view named(const space_info& s, std::string_view block, std::string_view reg, std::string_view field,
                       std::uint64_t v) {
    const field_info* f = find_field(s, block, reg, field);
    return f ? value_name(*f, v) : std::string_view{"<no such field>"};
}
}  // namespace

TEST_CASE("shipped descriptions: every register and field has a description and a spec reference") {
    CHECK(check_documented<q35::mch<>::space>() > 0);
    CHECK(check_documented<q35::mch<q35::datasheet>::space>() > 0);
    CHECK(check_documented<nic::pf_config::type>() > 0);
    CHECK(check_documented<nic::vf_config::type>() > 0);
    CHECK(check_documented<nic::msix::table_space>() > 0);
    CHECK(check_documented<split_msix::table_space>() > 0);
    CHECK(check_documented<split_msix::pba_space>() > 0);
    CHECK(check_documented<bridge::type>() > 0);
    CHECK(check_documented<slot_port::type>() > 0);
    CHECK(check_documented<legacy::type>() > 0);
    CHECK(check_documented<regspace::test::nic::type>() > 0);
    CHECK(check_documented<regspace::test::msi_only<2, false, true>::type>() > 0);
}

TEST_CASE("shipped descriptions: named values") {
    const space_info pf = describe<nic::pf_config::type>();
    CHECK(named(pf, "", "HTYPE", "LAYOUT", 0) == "type 0 (endpoint)");
    CHECK(named(pf, "", "BAR0", "TYPE", 2) == "64-bit");
    CHECK(named(pf, "", "BAR2", "IO", 1) == "I/O space");
    CHECK(named(pf, "PM", "PMCSR", "POWERSTATE", 0) == "D0");
    CHECK(named(pf, "PM", "PMCSR", "POWERSTATE", 3) == "D3hot");
    CHECK(named(pf, "PM", "PMC", "VERSION", 3) == "PCI PM 1.2");
    CHECK(named(pf, "MSI", "MSGCTL", "MMC", 0) == "1 vector");
    CHECK(named(pf, "MSI", "MSGCTL", "MME", 5) == "32 vectors");
    CHECK(named(pf, "PCIe", "DEVCAP", "MPSS", 0) == "128 bytes");
    CHECK(named(pf, "PCIe", "DEVCTL", "MPS", 5) == "4096 bytes");
    CHECK(named(pf, "PCIe", "DEVCTL", "MRRS", 2) == "512 bytes");
    CHECK(named(pf, "PCIe", "PCIE_CAP", "TYPE", 4) == "root port");
    CHECK(named(pf, "PCIe", "LNKCTL", "ASPMC", 3) == "L0s and L1");
    CHECK(named(pf, "PCIe", "LNKCAP", "MLS", 1) == "2.5 GT/s");
    CHECK(named(pf, "PCIe", "LNKSTA", "NLW", 4) == "x4");

    const space_info br = describe<bridge::type>();
    CHECK(named(br, "", "HTYPE", "LAYOUT", 1) == "type 1 (bridge)");
    CHECK(named(br, "", "BAR0", "TYPE", 0) == "32-bit");

    const space_info mch = describe<q35::mch<>::space>();
    CHECK(named(mch, "", "PAM0", "HIENABLE", 0) == "disabled");
    CHECK(named(mch, "", "PAM3", "LOENABLE", 1) == "read-only");
    CHECK(named(mch, "", "PAM6", "HIENABLE", 3) == "normal");
    CHECK(named(mch, "", "PCIEXBAR", "LENGTH", 0) == "256 MB");
    CHECK(named(mch, "", "PCIEXBAR", "LENGTH", 2) == "64 MB");
    CHECK(named(mch, "", "ESMRAMC", "TSEG_SZ", 2) == "8 MB");
    CHECK(named(mch, "", "SMRAM", "C_BASE_SEG", 2) == "A0000h-BFFFFh");
    CHECK(named(mch, "", "ESMRAMC", "TSEG_SZ", 3) == "extended");
    CHECK(named(mch, "", "GGC", "GMS", 3) == "8 MB");
    const space_info sheet = describe<q35::mch<q35::datasheet>::space>();
    CHECK(named(sheet, "", "PAM1", "LOENABLE", 3) == "normal");
    CHECK(named(sheet, "", "PCIEXBAR", "LENGTH", 1) == "128 MB");
    CHECK(named(sheet, "", "ESMRAMC", "TSEG_SZ", 3) == "reserved");

    const space_info vf = describe<nic::vf_config::type>();
    CHECK(named(vf, "", "VID", "VID", 0xffff) == "invalid");
    CHECK(named(vf, "MSI-X", "TABLE", "BIR", 2) == "BAR2");
}

TEST_CASE("shipped descriptions: description and reference are separate") {
    const space_info pf = describe<nic::pf_config::type>();
    const register_info* cmd = find_register(pf, "", "COMMAND");
    REQUIRE(cmd);
    CHECK(cmd->description == "Command");
    CHECK(cmd->spec == "PCI LB 3.0 section 6.2.2");
    const register_info* pmcsr = find_register(pf, "PM", "PMCSR");
    REQUIRE(pmcsr);
    CHECK(pmcsr->description == "Power Management Control/Status");
    CHECK(pmcsr->spec == "PCI PM 1.2 section 3.2.4");
    const register_info* vf_bar = find_register(pf, "SR-IOV", "VF_BAR0");
    REQUIRE(vf_bar);
    CHECK(vf_bar->spec == "PCIe r6.0 section 9.3.3.14");
    // No description repeats its reference in parentheses.
    for (const register_info& r : pf.registers) {
        CAPTURE(r.name);
        CHECK(r.description.find("section ") == std::string_view::npos);
    }
    const space_info sheet = describe<q35::mch<q35::datasheet>::space>();
    const register_info* pam3 = find_register(sheet, "", "PAM3");
    REQUIRE(pam3);
    CHECK(pam3->spec == "Intel 3 Series datasheet section 5.1.22");
    const register_info* smram = find_register(sheet, "", "SMRAM");
    REQUIRE(smram);
    CHECK(smram->spec == "Intel 3 Series datasheet section 5.1.29");
    for (const register_info& r : sheet.registers) {
        CAPTURE(r.name);
        CHECK(r.description.find("section ") == std::string_view::npos);
    }
}

// Compilers print a description's strings in their diagnostics (they are template arguments),
// and GCC 12 prints a byte outside ASCII as an octal escape: every string literal the library
// and the examples ship is ASCII ("section 6.2.2", not the section sign). Comments may cite as
// they like.
TEST_CASE("shipped descriptions: every string literal in include/ and examples/ is ASCII") {
    std::size_t files = 0;
    for (const char* dir : {"/include", "/examples"})
        for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(REGSPACE_SOURCE_DIR) + dir)) {
            if (!entry.is_regular_file()) continue;
            const std::string ext = entry.path().extension().string();
            if (ext != ".hpp" && ext != ".cpp") continue;
            ++files;
            std::ifstream in(entry.path());
            std::string line;
            for (unsigned n = 1; std::getline(in, line); ++n) {
                bool in_string = false;
                for (std::size_t i = 0; i < line.size(); ++i) {
                    const char c = line[i];
                    if (!in_string && c == '/' && i + 1 < line.size() && line[i + 1] == '/') break;  // a comment
                    if (c == '\\' && in_string) { ++i; continue; }
                    if (c == '"' && !(i > 0 && line[i - 1] == '\'')) in_string = !in_string;
                    if (in_string && static_cast<unsigned char>(c) >= 0x80) {
                        CAPTURE(entry.path().string());
                        CAPTURE(n);
                        FAIL("a string literal holds a byte outside ASCII");
                    }
                }
            }
        }
    CHECK(files > 60);
}
}  // namespace tests_shipped_docs

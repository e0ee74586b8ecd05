// SPDX-License-Identifier: MIT
// regspace-docs OUTDIR: writes the generated register references (docs/reference/ in the
// repository): per document a Markdown reference and the WaveDrom "reg" JSON of each register
// (wavedrom/<doc>/<register>.json, rendered to svg/<doc>/<register>.svg by docs/bit-field/render.js),
// and per space a JSON register map. Everything comes from describe<Space>() of the shipped
// descriptions; the test docs.fresh regenerates it and compares with the committed copies.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <regspace/export.hpp>
#include <regspace/introspect.hpp>
#include <regspace/pci.hpp>
#include <regspace/q35/mch.hpp>

#include "pcie_ports.hpp"
#include "sriov_nic.hpp"

namespace fs = std::filesystem;
namespace pci = regspace::pci;

namespace {
// A PCIe root port behind a type 1 header: the bridge the references document.
constexpr pci::identity bridge_id{.vendor = 0x1b36, .device = 0x000c, .class_code = 0x060400};
using bridge = pci::config_space<"pcie-root-port", pci::type1<bridge_id, pci::bars<pci::mem32_bar<4096>>>,
                                 pci::at<pci::pcie<pci::pcie_params{.type = pci::port_type::root_port}>, 0x40>>;

// The extended capabilities, as an endpoint and a root port carry them (tests/pci/test_ext_caps.cpp
// checks the same layouts against lspci).
using rebar = pci::resizable_bar<pci::rebar_params{.slot = 0, .sizes = 0x4500, .initial = 8}>;
constexpr pci::identity endpoint_id{.vendor = 0x1af4, .device = 0x10ff, .class_code = 0x028000};
using ext_endpoint = pci::config_space<"pcie-endpoint-ext", pci::type0<endpoint_id, pci::bars<rebar::bar_slot>>,
    pci::at<pci::pcie<pci::pcie_params{}>, 0x40>, pci::at<pci::aer<>, 0x100>,
    pci::at<pci::device_serial_number<0x0011223344556677ull>, 0x12c>, pci::at<pci::ari<>, 0x138>,
    pci::at<pci::ats<>, 0x140>, pci::at<pci::pri<>, 0x148>, pci::at<pci::pasid<>, 0x158>, pci::at<pci::ltr, 0x160>,
    pci::at<pci::l1_pm_substates<>, 0x168>, pci::at<pci::secondary_pcie<4>, 0x17c>, pci::at<pci::ptm<>, 0x190>,
    pci::at<rebar, 0x19c>>;
using ext_root_port = pci::config_space<"pcie-root-port-ext", pci::type1<bridge_id>,
    pci::at<pci::pcie<pci::pcie_params{.type = pci::port_type::root_port}>, 0x40>,
    pci::at<pci::aer<pci::aer_params{.root_port = true}>, 0x100>, pci::at<pci::dpc<>, 0x138>,
    pci::at<pci::acs<pci::acs_params{.source_validation = true, .translation_blocking = true, .request_redirect = true,
                                     .completion_redirect = true, .upstream_forwarding = true, .egress_control = true,
                                     .egress_vector_bits = 32}>, 0x144>>;

bool write_file(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
    return static_cast<bool>(out);
}

// A conventional function with the Advanced Features capability (and PM, as such functions have).
constexpr pci::identity conventional_id{.vendor = 0x1234, .device = 0x0003, .class_code = 0xff0000};
using conventional = pci::config_space<"conventional-af", pci::type0<conventional_id>,
                                       pci::at<pci::advanced_features<>, 0x40>, pci::at<pci::pm<>, 0x48>>;

struct document {
    const char* file;  // <file>.md, wavedrom/<file>/, svg/<file>/
    const regspace::space_info* space;
    regspace::reference_options options;
};
}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
        return 2;
    }
    const fs::path out = argv[1];
    static constexpr regspace::space_info mch = regspace::describe<regspace::q35::mch<>::space>();
    static constexpr regspace::space_info pf = regspace::describe<nic::pf_config::type>();
    static constexpr regspace::space_info vf = regspace::describe<nic::vf_config::type>();
    static constexpr regspace::space_info table = regspace::describe<nic::msix::table_space>();
    static constexpr regspace::space_info root_port = regspace::describe<bridge::type>();
    static constexpr regspace::space_info ext_ep = regspace::describe<ext_endpoint::type>();
    static constexpr regspace::space_info ext_rp = regspace::describe<ext_root_port::type>();
    static constexpr regspace::space_info hp_port = regspace::describe<ports::root_port_config<1>::type>();
    static constexpr regspace::space_info conv = regspace::describe<conventional::type>();

    const std::string example =
        "Capability registers are shown as the example SR-IOV NIC (`examples/sriov_nic.hpp`) places them; "
        "offsets inside the capability are the same wherever a device places it.";
    const std::string ext_rp_text =
        "Shown as a root port with AER (root registers included), DPC and ACS with a 32-bit egress vector places "
        "them (`docs/tools/regspace_docs.cpp`); offsets inside the capability are the same wherever it is placed.";
    const std::string ext_ep_text =
        "Shown as an endpoint carrying the extended capabilities places them (`docs/tools/regspace_docs.cpp`, "
        "four lanes for Secondary PCIe); offsets inside the capability are the same wherever it is placed.";
    const std::string hp_text =
        "Shown as the Q35 board's root port 00:1c.0 places it (`examples/pcie_ports.hpp`): a slot with attention "
        "button, power controller, both indicators, Hot-Plug Capable and link state reporting, so every slot bit "
        "shows the policy it has in a hot-plug port (in an endpoint they are reserved).";
    const std::string af_text =
        "Shown as a conventional function with Advanced Features at 40h (`docs/tools/regspace_docs.cpp`).";
    const document docs[] = {
        {"q35-mch", &mch,
         {"Intel Q35 MCH (host bridge, 00:00.0)",
          "Configuration space of the Q35 memory controller hub as `regspace::q35::mch<>` describes it "
          "(profile `qemu_7_2`, the default: QEMU 7.2's behaviour; see docs/q35.md).",
          {}, false, {}}},
        {"pci-type0-header", &pf,
         {"PCI type 0 configuration header",
          "The endpoint header (`pci::type0`) with the example NIC's identity and BARs (`examples/sriov_nic.hpp`).",
          {}, true, {}}},
        {"pci-type1-header", &root_port,
         {"PCI type 1 configuration header",
          "The bridge header (`pci::type1`) of a PCIe root port with one 4 KiB memory BAR.", {}, true, {}}},
        {"msi", &pf, {"MSI capability", example, "MSI", false, {}}},
        {"msix", &pf, {"MSI-X capability", example, "MSI-X", false, {}}},
        {"msix-table", &table,
         {"MSI-X table and PBA",
          "The MSI-X table and Pending Bit Array as they sit in the BAR "
          "(`pci::msix::capability<>::table_space`), for the example NIC's 10 vectors.",
          {}, false, {}}},
        {"pcie", &pf, {"PCI Express capability", example, "PCIe", false, {}}},
        {"pm", &pf, {"Power Management capability", example, "PM", false, {}}},
        {"pcie-hotplug-port", &hp_port, {"PCI Express capability of a root port with a hot-plug slot", hp_text, "PCIe", false, {}}},
        {"af", &conv, {"Advanced Features capability", af_text, "AF", false, {}}},
        {"sriov", &pf, {"SR-IOV extended capability", example, "SR-IOV", false, {}}},
        {"aer", &ext_rp, {"Advanced Error Reporting extended capability", ext_rp_text, "AER", false, {}}},
        {"dpc", &ext_rp, {"Downstream Port Containment extended capability", ext_rp_text, "DPC", false, {}}},
        {"acs", &ext_rp, {"Access Control Services extended capability", ext_rp_text, "ACS", false, {}}},
        {"dsn", &ext_ep, {"Device Serial Number extended capability", ext_ep_text, "DSN", false, {}}},
        {"ari", &ext_ep, {"ARI extended capability", ext_ep_text, "ARI", false, {}}},
        {"ats", &ext_ep, {"ATS extended capability", ext_ep_text, "ATS", false, {}}},
        {"pri", &ext_ep, {"Page Request Interface extended capability", ext_ep_text, "PRI", false, {}}},
        {"pasid", &ext_ep, {"PASID extended capability", ext_ep_text, "PASID", false, {}}},
        {"ltr", &ext_ep, {"Latency Tolerance Reporting extended capability", ext_ep_text, "LTR", false, {}}},
        {"l1ss", &ext_ep, {"L1 PM Substates extended capability", ext_ep_text, "L1 PM Substates", false, {}}},
        {"secondary-pcie", &ext_ep,
         {"Secondary PCI Express extended capability", ext_ep_text, "Secondary PCIe", false, {}}},
        {"ptm", &ext_ep, {"Precision Time Measurement extended capability", ext_ep_text, "PTM", false, {}}},
        {"resizable-bar", &ext_ep, {"Resizable BAR extended capability", ext_ep_text, "Resizable BAR", false, {}}},
    };

    bool ok = true;
    std::string index = "# Register references\n\n<!-- Generated by regspace-docs; do not edit. -->\n\n"
                        "Generated from the descriptors the handlers are built from (`regspace-docs`, "
                        "docs/CMakeLists.txt); the test `docs.fresh` fails when these copies are stale.\n\n";
    for (const document& d : docs) {
        regspace::reference_options o = d.options;
        o.image_dir = std::string("svg/") + d.file;
        std::size_t n = 0;
        for (const regspace::register_info& r : d.space->registers) {
            if (!regspace::in_reference(r, o)) continue;
            ++n;
            ok &= write_file(out / "wavedrom" / d.file / (regspace::register_slug(r) + ".json"), regspace::wavedrom_reg(r));
        }
        if (n == 0) {
            std::fprintf(stderr, "regspace-docs: %s: no registers (block \"%.*s\")\n", d.file,
                         static_cast<int>(o.block.size()), o.block.data());
            return 1;
        }
        ok &= write_file(out / (std::string(d.file) + ".md"), regspace::markdown_reference(*d.space, o));
        index += "- [" + o.title + "](" + d.file + ".md): " + std::to_string(n) + " registers\n";
    }
    index += "\nJSON register maps (every register and field, with policies, resets, named values and spec "
             "references): ";
    const std::pair<const char*, const regspace::space_info*> maps[] = {
        {"q35-mch", &mch}, {"nic-pf", &pf}, {"nic-vf", &vf}, {"msix-table", &table}, {"pcie-root-port", &root_port},
        {"pcie-endpoint-ext", &ext_ep}, {"pcie-root-port-ext", &ext_rp},
        {"pcie-hotplug-root-port", &hp_port}};
    for (std::size_t i = 0; i < std::size(maps); ++i) {
        ok &= write_file(out / "json" / (std::string(maps[i].first) + ".json"), regspace::json_register_map(*maps[i].second));
        index += std::string(i ? ", " : "") + "[" + maps[i].first + "](json/" + maps[i].first + ".json)";
    }
    index += ".\n";
    ok &= write_file(out / "README.md", index);
    if (!ok) {
        std::fprintf(stderr, "regspace-docs: cannot write under %s\n", out.c_str());
        return 1;
    }
    return 0;
}

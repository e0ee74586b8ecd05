// SPDX-License-Identifier: MIT
// regspace/pci/aer.hpp - the Advanced Error Reporting extended capability (PCIe r6.0 §7.8.4),
// for endpoints and root ports, and error injection from the device side: record an error in a
// function (status, first error pointer, header log, the message it sends, §6.2.5 Figure 6-2)
// and collect a message in a root port (root error status, source identification, the AER
// interrupt and the system error, §6.2.4.1.2 and §6.2.6), each step in the spec's order.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/detail/diagnostic.hpp>
#include <regspace/detail/locate.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/field.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/pci/header_common.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

// Uncorrectable errors: the value is the bit in the Uncorrectable Error Status, Mask and Severity
// registers (§7.8.4.2).
enum class aer_uncorrectable : std::uint8_t {
    data_link_protocol = 4, surprise_down = 5, poisoned_tlp = 12, flow_control_protocol = 13,
    completion_timeout = 14, completer_abort = 15, unexpected_completion = 16, receiver_overflow = 17,
    malformed_tlp = 18, ecrc = 19, unsupported_request = 20, acs_violation = 21, internal = 22,
    mc_blocked_tlp = 23, atomic_op_egress_blocked = 24, tlp_prefix_blocked = 25, poisoned_tlp_egress_blocked = 26,
};
// Correctable errors: the bit in the Correctable Error Status and Mask registers (§7.8.4.5).
enum class aer_correctable : std::uint8_t {
    receiver = 0, bad_tlp = 6, bad_dllp = 7, replay_num_rollover = 8, replay_timer_timeout = 12,
    advisory_non_fatal = 13, corrected_internal = 14, header_log_overflow = 15,
};
// The error message a function sends upstream (§6.2.2.2).
enum class aer_message : std::uint8_t { none, err_cor, err_nonfatal, err_fatal };

struct aer_params {
    bool root_port = false;  // Root Error Command, Root Error Status, Error Source Identification
    // The errors the function implements; the others' bits are hardwired to 0. Defaults: every
    // error of §7.8.4.2 and §7.8.4.5 up to Poisoned TLP Egress Blocked (QEMU's set).
    std::uint32_t uncorrectable = 0x07fff030;
    std::uint32_t correctable = 0x0000f1c1;
    bool ecrc_generation = false;
    bool ecrc_check = false;
    std::uint8_t interrupt_message = 0;  // root ports: Advanced Error Interrupt Message Number
};

// One step of error signaling, in the order it happened (aer_trace).
enum class aer_step : std::uint8_t {
    device_status,        // Device Status: Correctable / Non-Fatal / Fatal / Unsupported Request Detected set
    error_status,         // the error's bit set in Uncorrectable or Correctable Error Status
    advisory,             // handled as Advisory Non-Fatal: Correctable Status bit 13 set too
    masked,               // masked in the Mask register: nothing logged or sent
    first_error_logged,   // First Error Pointer and Header Log written
    log_kept,             // the Header Log already held an earlier error (First Error Pointer valid)
    not_enabled,          // the message's reporting enables are clear: nothing sent
    message_sent,         // ERR_COR / ERR_NONFATAL / ERR_FATAL sent upstream
    signaled_system_error,  // Status.Signaled System Error set (SERR# Enable made the message go)
    root_received,        // root: ERR_COR Received or ERR_FATAL/NONFATAL Received set, source logged
    root_multiple,        // root: already set: the Multiple ... Received bit set, source kept
    root_message_class,   // root: Fatal / Non-Fatal Error Messages Received, First Uncorrectable Fatal
    root_interrupt,       // root: the AER interrupt (Root Error Command enable; status 0 -> 1)
    system_error,         // root: a system error to the platform (Root Control System Error enable)
};
constexpr std::string_view to_string(aer_step s) {
    constexpr std::string_view names[] = {
        "device status", "error status", "advisory non-fatal", "masked", "first error logged", "header log kept",
        "reporting not enabled", "message sent", "signaled system error", "root received", "root multiple",
        "root message class", "root interrupt", "system error"};
    return names[static_cast<unsigned>(s)];
}
struct aer_trace {
    std::array<aer_step, 16> steps{};
    unsigned count = 0;
    constexpr void add(aer_step s) {
        if (count < steps.size()) steps[count++] = s;
    }
    [[nodiscard]] constexpr bool has(aer_step s) const {
        for (unsigned i = 0; i < count; ++i)
            if (steps[i] == s) return true;
        return false;
    }
};
// What aer_record did in the function.
struct aer_report {
    aer_message message = aer_message::none;  // sent upstream, or none
    bool fatal = false;                       // the severity register made it fatal
    aer_trace trace;
};
// What aer_collect did in the root port.
struct aer_root_report {
    bool interrupt = false;     // signal the AER interrupt (MSI/MSI-X vector or INTx) now
    bool system_error = false;  // signal a system error to the platform now
    aer_trace trace;
};
// The TLP header a logged uncorrectable error keeps (Header Log, §7.8.4.8): four dwords.
struct tlp_header {
    std::array<std::uint32_t, 4> dw{};
};

namespace detail {
REGSPACE_DETAIL_RULE(aer_needs_pcie,
                     "pci::aer: the function has no PCI Express capability (pci::pcie) to report errors through",
                     class Space)
REGSPACE_DETAIL_RULE(aer_function_has_aer,
                     "pci::aer_record/aer_collect: the function has no pci::aer capability",
                     class Space)
REGSPACE_DETAIL_RULE(aer_collect_needs_root_port,
                     "pci::aer_collect: the root port's AER capability needs aer_params::root_port",
                     class Space)

// An error bit of Status, Mask or Severity where the function implements the error; no field
// where it does not (the bit reads 0 and ignores writes, and device-side set() keeps it 0).
template <std::uint32_t Supported, unsigned Bit, class Access, std::uint32_t Reset, fixed_string Name, fixed_string Desc>
using aer_bit = std::conditional_t<((Supported >> Bit) & 1) != 0, bit<Name, Bit, Access, (Reset >> Bit) & 1, Desc>, nothing>;
template <std::uint32_t S, class A, std::uint32_t R>
using uncorrectable_bits = regspace::detail::type_list<
    aer_bit<S, 4, A, R, "DLP", "data link protocol error">, aer_bit<S, 5, A, R, "SDES", "surprise down error">,
    aer_bit<S, 12, A, R, "PTLP", "poisoned TLP received">, aer_bit<S, 13, A, R, "FCP", "flow control protocol error">,
    aer_bit<S, 14, A, R, "CTO", "completion timeout">, aer_bit<S, 15, A, R, "CA", "completer abort">,
    aer_bit<S, 16, A, R, "UC", "unexpected completion">, aer_bit<S, 17, A, R, "RO", "receiver overflow">,
    aer_bit<S, 18, A, R, "MTLP", "malformed TLP">, aer_bit<S, 19, A, R, "ECRC", "ECRC error">,
    aer_bit<S, 20, A, R, "UR", "unsupported request error">, aer_bit<S, 21, A, R, "ACSV", "ACS violation">,
    aer_bit<S, 22, A, R, "UIE", "uncorrectable internal error">, aer_bit<S, 23, A, R, "MCBTLP", "MC blocked TLP">,
    aer_bit<S, 24, A, R, "AOEB", "AtomicOp egress blocked">, aer_bit<S, 25, A, R, "TPBE", "TLP prefix blocked error">,
    aer_bit<S, 26, A, R, "PTLPEB", "poisoned TLP egress blocked">>;
template <std::uint32_t S, class A, std::uint32_t R>
using correctable_bits = regspace::detail::type_list<
    aer_bit<S, 0, A, R, "RXE", "receiver error">, aer_bit<S, 6, A, R, "BTLP", "bad TLP">,
    aer_bit<S, 7, A, R, "BDLLP", "bad DLLP">, aer_bit<S, 8, A, R, "RNR", "REPLAY_NUM rollover">,
    aer_bit<S, 12, A, R, "RTT", "replay timer timeout">, aer_bit<S, 13, A, R, "ANFE", "advisory non-fatal error">,
    aer_bit<S, 14, A, R, "CIE", "corrected internal error">, aer_bit<S, 15, A, R, "HLO", "header log overflow">>;
// A 32-bit register from a list of fields.
template <fixed_string Name, unsigned Offset, class Doc, class Spec, class Fields>
struct reg32_of;
template <fixed_string Name, unsigned Offset, class Doc, class Spec, class... F>
struct reg32_of<Name, Offset, Doc, Spec, regspace::detail::type_list<F...>> {
    using type = reg<Name, Offset, 4, Doc, Spec, F...>;
};
// §7.8.4.4: the severity bits that default to fatal (DLP, SDES, FCP, RO, MTLP, UIE).
inline constexpr std::uint32_t fatal_by_default = 0x00462030;
// §7.8.4.7: Advisory Non-Fatal, Corrected Internal and Header Log Overflow are masked by default.
inline constexpr std::uint32_t masked_correctable_by_default = 0x0000e000;
}  // namespace detail

template <aer_params P = aer_params{}>
struct aer {
    static constexpr std::uint16_t id = 0x0001;
    static constexpr bool extended = true;
    static constexpr bool root_port = P.root_port;
    static constexpr unsigned bytes = P.root_port ? 0x38 : 0x2c;
    static constexpr std::uint32_t uncorrectable_supported = P.uncorrectable;
    static constexpr std::uint32_t correctable_supported = P.correctable;
    // Status bits are RW1CS and the masks and severities RWS: errors and their settings survive
    // the resets that recover from them (§7.8.4).
    using uncor_status = typename detail::reg32_of<"UNCOR_STATUS", 0x04, doc<"Uncorrectable Error Status">,
        spec<"PCIe r6.0 section 7.8.4.2">, detail::uncorrectable_bits<P.uncorrectable, access::rw1cs, 0>>::type;
    using uncor_mask = typename detail::reg32_of<"UNCOR_MASK", 0x08, doc<"Uncorrectable Error Mask">,
        spec<"PCIe r6.0 section 7.8.4.3">, detail::uncorrectable_bits<P.uncorrectable, access::rws, 0>>::type;
    using uncor_severity = typename detail::reg32_of<"UNCOR_SEVERITY", 0x0c, doc<"Uncorrectable Error Severity">,
        spec<"PCIe r6.0 section 7.8.4.4">,
        detail::uncorrectable_bits<P.uncorrectable, access::rws, detail::fatal_by_default>>::type;
    using cor_status = typename detail::reg32_of<"COR_STATUS", 0x10, doc<"Correctable Error Status">,
        spec<"PCIe r6.0 section 7.8.4.5">, detail::correctable_bits<P.correctable, access::rw1cs, 0>>::type;
    using cor_mask = typename detail::reg32_of<"COR_MASK", 0x14, doc<"Correctable Error Mask">,
        spec<"PCIe r6.0 section 7.8.4.6">,
        detail::correctable_bits<P.correctable, access::rws, detail::masked_correctable_by_default>>::type;
    using cap_ctl = reg<"AER_CAP_CTL", 0x18, 4, doc<"Advanced Error Capabilities and Control">,
        spec<"PCIe r6.0 section 7.8.4.7">,
        field<"FEP", 0, 5, access::ros, 0, "first error pointer (bit of the first logged uncorrectable error)">,
        bit<"ECRC_GEN_CAP", 5, access::ro, P.ecrc_generation, "ECRC generation capable">,
        bit<"ECRC_GEN_EN", 6, std::conditional_t<P.ecrc_generation, access::rws, access::ro>, 0, "ECRC generation enable">,
        bit<"ECRC_CHK_CAP", 7, access::ro, P.ecrc_check, "ECRC check capable">,
        bit<"ECRC_CHK_EN", 8, std::conditional_t<P.ecrc_check, access::rws, access::ro>, 0, "ECRC check enable">,
        bit<"MHR_CAP", 9, access::ro, 0, "multiple header recording capable">>;
    using header_log = regspace::block<"AER header log",
        reg<"HEADER_LOG", 0x00, 4, doc<"Header Log">, spec<"PCIe r6.0 section 7.8.4.8">,
            field<"DW", 0, 32, access::ros, 0, "TLP header dword of the first logged error">>>;
    using root_cmd = reg<"ROOT_ERR_CMD", 0x2c, 4, doc<"Root Error Command">, spec<"PCIe r6.0 section 7.8.4.9">,
        bit<"CERE", 0, access::rw, 0, "correctable error reporting enable (AER interrupt)">,
        bit<"NFERE", 1, access::rw, 0, "non-fatal error reporting enable (AER interrupt)">,
        bit<"FERE", 2, access::rw, 0, "fatal error reporting enable (AER interrupt)">>;
    using root_status = reg<"ROOT_ERR_STATUS", 0x30, 4, doc<"Root Error Status">, spec<"PCIe r6.0 section 7.8.4.10">,
        bit<"ERR_COR", 0, access::rw1cs, 0, "ERR_COR received">,
        bit<"MULTI_ERR_COR", 1, access::rw1cs, 0, "multiple ERR_COR received">,
        bit<"ERR_FNF", 2, access::rw1cs, 0, "ERR_FATAL/NONFATAL received">,
        bit<"MULTI_ERR_FNF", 3, access::rw1cs, 0, "multiple ERR_FATAL/NONFATAL received">,
        bit<"FIRST_FATAL", 4, access::rw1cs, 0, "first uncorrectable fatal">,
        bit<"NFEMR", 5, access::rw1cs, 0, "non-fatal error messages received">,
        bit<"FEMR", 6, access::rw1cs, 0, "fatal error messages received">,
        field<"AEIMN", 27, 5, access::ro, P.interrupt_message, "advanced error interrupt message number">>;
    using error_source = reg<"ERR_SOURCE_ID", 0x34, 4, doc<"Error Source Identification">,
        spec<"PCIe r6.0 section 7.8.4.11">,
        field<"COR", 0, 16, access::ros, 0, "requester ID of the first ERR_COR">,
        field<"FNF", 16, 16, access::ros, 0, "requester ID of the first ERR_FATAL/NONFATAL">>;

    template <std::uint16_t Next>
    using block = block_of<"AER", ext_cap_header<id, 2, Next>, uncor_status, uncor_mask, uncor_severity, cor_status,
                           cor_mask, cap_ctl,
                           std::conditional_t<P.root_port, reg_list<root_cmd, root_status, error_source>, reg_list<>>>;
    template <unsigned Base>
    using arrays = reg_list<repeat<header_log, Base + 0x1c, 4, 4>>;
};

namespace detail {
// The function's AER capability, found by its registers' names (one AER per function).
template <class Space>
struct aer_of {
    using status = regspace::detail::register_named<Space, "AER", "UNCOR_STATUS">;
    static constexpr bool present = !std::is_void_v<status>;
    using mask = regspace::detail::register_named<Space, "AER", "UNCOR_MASK">;
    using severity = regspace::detail::register_named<Space, "AER", "UNCOR_SEVERITY">;
    using cor_status = regspace::detail::register_named<Space, "AER", "COR_STATUS">;
    using cor_mask = regspace::detail::register_named<Space, "AER", "COR_MASK">;
    using cap_ctl = regspace::detail::register_named<Space, "AER", "AER_CAP_CTL">;
    using header_log = regspace::detail::register_named<Space, "AER header log", "HEADER_LOG">;
    using root_cmd = regspace::detail::register_named<Space, "AER", "ROOT_ERR_CMD">;
    using root_status = regspace::detail::register_named<Space, "AER", "ROOT_ERR_STATUS">;
    using error_source = regspace::detail::register_named<Space, "AER", "ERR_SOURCE_ID">;
    using devctl = regspace::detail::register_named<Space, "PCIe", "DEVCTL">;
    using devsta = regspace::detail::register_named<Space, "PCIe", "DEVSTA">;
    using rootctl = regspace::detail::register_named<Space, "PCIe", "ROOTCTL">;
    using status_reg = regspace::detail::register_named<Space, "", "STATUS">;
    static constexpr bool has_pcie = !std::is_void_v<devsta>;
};
// A 32-bit error register's value (its bits are the aer_uncorrectable / aer_correctable values).
template <class R, class Device>
constexpr std::uint32_t value_of(const Device& d) {
    return static_cast<std::uint32_t>(d.template get<R>());
}
}  // namespace detail

// Records an uncorrectable error detected by the function `dev` (§6.2.5, Figure 6-2): Device
// Status, the status bit, then, unless masked, the First Error Pointer and Header Log (only if
// the pointer does not already point at a set status bit: no multiple header recording), then
// the message by the severity register, sent if Device Control's enable for it or SERR# Enable
// is set (Unsupported Request also needs Unsupported Request Reporting Enable). `advisory`: the
// case §6.2.3.2.4 lets a function signal a non-fatal error as Advisory Non-Fatal, an ERR_COR.
// An error the function does not implement (aer_params) is one it cannot detect: nothing happens.
template <class Device>
constexpr aer_report aer_record(Device& dev, aer_uncorrectable error, const tlp_header& header = {},
                                bool advisory = false) {
    using S = typename Device::space_type;
    using A = detail::aer_of<S>;
    static_assert(regspace::detail::reported(detail::aer_function_has_aer<S, A::present>()));
    static_assert(regspace::detail::reported(detail::aer_needs_pcie<S, A::has_pcie>()));
    aer_report r;
    if constexpr (A::present && A::has_pcie) {
        using devsta = typename A::devsta;
        using devctl = typename A::devctl;
        const unsigned bit = static_cast<unsigned>(error);
        const std::uint32_t m = std::uint32_t{1} << bit;
        if (!(A::status::data_mask & m)) return r;
        r.fatal = (detail::value_of<typename A::severity>(dev) & m) != 0;
        const bool ur = error == aer_uncorrectable::unsupported_request;
        const bool as_advisory = advisory && !r.fatal;
        // Device Status: Non-Fatal or Fatal Error Detected (Correctable for an advisory one), and
        // Unsupported Request Detected, whatever the masks (§7.5.3.5).
        if (as_advisory) dev.template set<devsta, "CED">(1);
        else if (r.fatal) dev.template set<devsta, "FED">(1);
        else dev.template set<devsta, "NFED">(1);
        if (ur) dev.template set<devsta, "URD">(1);
        r.trace.add(aer_step::device_status);
        const std::uint32_t before = detail::value_of<typename A::status>(dev);
        const bool pointer_valid = (before >> dev.template get<typename A::cap_ctl, "FEP">()) & 1;
        dev.template set<typename A::status>(before | m);
        r.trace.add(aer_step::error_status);
        // Advisory Non-Fatal is a correctable error bit, which a function may not implement
        // (aer_params::correctable): then it is never masked and never recorded.
        constexpr std::uint32_t anfe = std::uint32_t{1} << static_cast<unsigned>(aer_correctable::advisory_non_fatal);
        if (as_advisory) {
            dev.template set<typename A::cor_status>(detail::value_of<typename A::cor_status>(dev) | anfe);
            r.trace.add(aer_step::advisory);
        }
        const bool masked = (detail::value_of<typename A::mask>(dev) & m) != 0;
        const bool anfe_masked = (detail::value_of<typename A::cor_mask>(dev) & anfe) != 0;
        if (masked && (!as_advisory || anfe_masked)) {
            r.trace.add(aer_step::masked);
            return r;
        }
        if (!masked) {
            if (!pointer_valid) {
                dev.template set<typename A::cap_ctl, "FEP">(bit);
                for (unsigned i = 0; i < 4; ++i) dev.template set<typename A::header_log>(header.dw[i], i);
                r.trace.add(aer_step::first_error_logged);
            } else {
                r.trace.add(aer_step::log_kept);
            }
        }
        if (as_advisory && anfe_masked) {
            r.trace.add(aer_step::masked);
            return r;
        }
        const bool serr = dev.template get<command_reg, "SERRE">() != 0;
        const bool severity_enable = r.fatal ? dev.template get<devctl, "FERE">() : dev.template get<devctl, "NFERE">();
        const bool enabled = as_advisory ? dev.template get<devctl, "CERE">() != 0  // ERR_COR: its enable only
                                         : (severity_enable || serr) && (!ur || dev.template get<devctl, "URRE">() || serr);
        if (!enabled) {
            r.trace.add(aer_step::not_enabled);
            return r;
        }
        r.message = as_advisory ? aer_message::err_cor : r.fatal ? aer_message::err_fatal : aer_message::err_nonfatal;
        r.trace.add(aer_step::message_sent);
        // §7.5.1.1.4: Signaled System Error when an ERR_FATAL/NONFATAL went and SERR# Enable is set.
        if (!as_advisory && serr) {
            dev.template set<typename A::status_reg, "SSE">(1);
            r.trace.add(aer_step::signaled_system_error);
        }
    }
    return r;
}

// Records a correctable error (Figure 6-2, left branch): Device Status, the status bit, then,
// unless masked and if Correctable Error Reporting Enable is set, ERR_COR.
template <class Device>
constexpr aer_report aer_record(Device& dev, aer_correctable error) {
    using S = typename Device::space_type;
    using A = detail::aer_of<S>;
    static_assert(regspace::detail::reported(detail::aer_function_has_aer<S, A::present>()));
    static_assert(regspace::detail::reported(detail::aer_needs_pcie<S, A::has_pcie>()));
    aer_report r;
    if constexpr (A::present && A::has_pcie) {
        const std::uint32_t m = std::uint32_t{1} << static_cast<unsigned>(error);
        if (!(A::cor_status::data_mask & m)) return r;  // not implemented: not detected
        dev.template set<typename A::devsta, "CED">(1);
        r.trace.add(aer_step::device_status);
        dev.template set<typename A::cor_status>(detail::value_of<typename A::cor_status>(dev) | m);
        r.trace.add(aer_step::error_status);
        if (detail::value_of<typename A::cor_mask>(dev) & m) {
            r.trace.add(aer_step::masked);
            return r;
        }
        if (!dev.template get<typename A::devctl, "CERE">()) {
            r.trace.add(aer_step::not_enabled);
            return r;
        }
        r.message = aer_message::err_cor;
        r.trace.add(aer_step::message_sent);
    }
    return r;
}

// A root port collects message `m` from `source_id` (its own routing ID for its own errors,
// §6.2.4.1.2, §7.8.4.10-11): the first of a class sets Received and logs the source, a later one
// sets Multiple and keeps the first source; then the message class bits. The AER interrupt is
// due when a Root Error Command enable now has a status behind it that it did not have before
// (QEMU: edge of status & enable, taken as a whole); the system error when Root Control enables
// it for the class.
template <class Device>
constexpr aer_root_report aer_collect(Device& root, aer_message m, std::uint16_t source_id) {
    using S = typename Device::space_type;
    using A = detail::aer_of<S>;
    static_assert(regspace::detail::reported(detail::aer_function_has_aer<S, A::present>()));
    static_assert(regspace::detail::reported(detail::aer_collect_needs_root_port<S, !std::is_void_v<typename A::root_status>>()));
    aer_root_report r;
    if constexpr (A::present && !std::is_void_v<typename A::root_status>) {
        using sta = typename A::root_status;
        using cmd = typename A::root_cmd;
        using src = typename A::error_source;
        if (m == aer_message::none) return r;
        const auto pending = [&] {
            return (root.template get<cmd, "CERE">() && root.template get<sta, "ERR_COR">()) ||
                   (root.template get<cmd, "NFERE">() && root.template get<sta, "NFEMR">()) ||
                   (root.template get<cmd, "FERE">() && root.template get<sta, "FEMR">());
        };
        const bool was_pending = pending();
        if (m == aer_message::err_cor) {
            if (root.template get<sta, "ERR_COR">()) {
                root.template set<sta, "MULTI_ERR_COR">(1);
                r.trace.add(aer_step::root_multiple);
            } else {
                root.template set<sta, "ERR_COR">(1);
                root.template set<src, "COR">(source_id);
                r.trace.add(aer_step::root_received);
            }
        } else {
            const bool fatal = m == aer_message::err_fatal;
            if (root.template get<sta, "ERR_FNF">()) {
                root.template set<sta, "MULTI_ERR_FNF">(1);
                r.trace.add(aer_step::root_multiple);
            } else {
                root.template set<sta, "ERR_FNF">(1);
                root.template set<src, "FNF">(source_id);
                root.template set<sta, "FIRST_FATAL">(fatal);
                r.trace.add(aer_step::root_received);
            }
            if (fatal) root.template set<sta, "FEMR">(1);
            else root.template set<sta, "NFEMR">(1);
            r.trace.add(aer_step::root_message_class);
        }
        if (pending() && !was_pending) {
            r.interrupt = true;
            r.trace.add(aer_step::root_interrupt);
        }
        using rootctl = typename A::rootctl;
        const bool system_error = m == aer_message::err_cor        ? root.template get<rootctl, "SECEE">()
                                  : m == aer_message::err_nonfatal ? root.template get<rootctl, "SENFEE">()
                                                                   : root.template get<rootctl, "SEFEE">();
        if (system_error) {
            r.system_error = true;
            r.trace.add(aer_step::system_error);
        }
    }
    return r;
}

}  // namespace regspace::pci

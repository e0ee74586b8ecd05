// SPDX-License-Identifier: MIT
// regspace/pci/capability.hpp - capability lists, linked at compile time, and the contract a
// capability type follows.
//
// A capability is a type with an ID, a size, and its registers as a function of the next
// pointer. config_space<> places each listed capability at its offset and writes the chain:
// every NEXT pointer, the header's Capabilities Pointer and Status.CL are reset values computed
// from the list, never typed by hand (PCI LB 3.0 §6.7; PCIe r6.0 §7.6 for extended ones).
//
// The contract (docs/pci.md "Writing a capability"; every capability this library ships follows
// it, and `pci::capability_type` checks it where the capability is placed):
//
//   struct my_cap {
//       static constexpr std::uint16_t id = 0x0003;     // std::uint8_t for a standard capability
//       static constexpr bool extended = true;          // in 0x100-0xFFF, with a 12-bit NEXT
//       static constexpr unsigned bytes = 0x0c;         // what the capability occupies
//       template <std::uint16_t Next>                   // std::uint8_t Next for a standard one
//       using block = block_of<"DSN", ext_cap_header<id, 1, Next>, lo, hi>;
//       // optional: register arrays, placed relative to the capability's offset Base
//       template <unsigned Base> using arrays = reg_list<repeat<entry_block, Base + 0x08, 4, 4>>;
//       // optional: rules of its own (e.g. MSI-X: table and PBA inside their BARs)
//       static constexpr bool valid = true;
//   };
//
// Register offsets in `block` are relative to the capability; registers are RO unless a field
// says otherwise, as QEMU's pcie_add_capability makes a new capability read-only by default.
#pragma once

#include <concepts>
#include <cstdint>
#include <type_traits>
#include <utility>

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/detail/diagnostic.hpp>
#include <regspace/field.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

// Capability IDs this library describes (PCI Code and ID Assignment Spec), and the end of a list.
struct capability_ids : values<value<0x01, "PM", "power management">, value<0x05, "MSI">, value<0x09, "vendor specific">,
                               value<0x10, "PCIe", "PCI Express">, value<0x11, "MSI-X">,
                               value<0x13, "AF", "advanced features">> {};
struct ext_capability_ids
    : values<value<0x0001, "AER", "advanced error reporting">, value<0x0003, "DSN", "device serial number">,
             value<0x000b, "VSEC", "vendor-specific extended capability">,
             value<0x000d, "ACS", "access control services">, value<0x000e, "ARI", "alternative routing-ID">,
             value<0x000f, "ATS", "address translation services">, value<0x0010, "SR-IOV">,
             value<0x0013, "PRI", "page request interface">, value<0x0015, "Resizable BAR">,
             value<0x0018, "LTR", "latency tolerance reporting">, value<0x0019, "Secondary PCIe">,
             value<0x001b, "PASID", "process address space ID">, value<0x001d, "DPC", "downstream port containment">,
             value<0x001e, "L1 PM Substates">, value<0x001f, "PTM", "precision time measurement">,
             value<0x0023, "DVSEC", "designated vendor-specific extended capability">> {};
struct end_of_list : values<value<0, "last", "end of the list">> {};

// The two-byte header every standard capability starts with (PCI LB 3.0 §6.7).
template <std::uint8_t Id, std::uint8_t Next>
using cap_header = regspace::detail::type_list<
    reg<"CAP_ID", 0x00, 1, doc<"Capability ID">, spec<"PCI LB 3.0 section 6.7">,
        field<"ID", 0, 8, access::ro, Id, "capability ID", capability_ids>>,
    reg<"NEXT", 0x01, 1, doc<"Next Capability Pointer">, spec<"PCI LB 3.0 section 6.7">,
        field<"NEXT", 0, 8, access::ro, Next, "next capability pointer", end_of_list>>>;

// The dword every extended capability starts with (PCIe r6.0 §7.6.3): ID, version, next offset.
template <std::uint16_t Id, std::uint8_t Version, std::uint16_t Next>
using ext_cap_header = regspace::detail::type_list<
    reg<"EXT_CAP_HDR", 0x00, 4, doc<"Extended Capability Header">, spec<"PCIe r6.0 section 7.6.3">,
        field<"ID", 0, 16, access::ro, Id, "extended capability ID", ext_capability_ids>,
        field<"VERSION", 16, 4, access::ro, Version, "capability version">,
        field<"NEXT", 20, 12, access::ro, Next, "next extended capability offset", end_of_list>>>;

// What a type needs to be placed as a capability (the contract above).
template <class C>
concept capability_type = requires {
    { C::id } -> std::convertible_to<std::uint16_t>;
    { C::extended } -> std::convertible_to<bool>;
    { C::bytes } -> std::convertible_to<unsigned>;
    typename C::template block<0>;
};

namespace detail {
REGSPACE_DETAIL_RULE(capability_contract,
                     "pci::at: a capability declares id, extended, bytes and block<Next> (docs/pci.md, Writing a capability)",
                     class Cap)
// The stand-in for a type that is not a capability: the contract's rule is its one error, and
// the list it is in places nothing.
struct not_a_capability {
    static constexpr std::uint8_t id = 0;
    static constexpr bool extended = false;
    static constexpr unsigned bytes = 0;
    template <std::uint8_t>
    using block = regspace::block<"(not a capability)">;
};
// Items placed for capability C at Offset with next pointer Next: its block, then its arrays.
template <class C, unsigned Offset, unsigned Next>
using block_item =
    place<typename C::template block<static_cast<std::conditional_t<C::extended, std::uint16_t, std::uint8_t>>(Next)>,
          Offset>;
template <class C, unsigned Offset, unsigned Next>
struct capability_items {
    using type = regspace::detail::type_list<block_item<C, Offset, Next>>;
};
template <class C, unsigned Offset, unsigned Next>
    requires requires { typename C::template arrays<Offset>; }
struct capability_items<C, Offset, Next> {
    using type = typename regspace::detail::concat<regspace::detail::type_list<block_item<C, Offset, Next>>,
                                                   typename C::template arrays<Offset>>::type;
};
}  // namespace detail

// Placement of a capability C (standard or extended) at config offset Offset.
template <class C, unsigned Offset>
struct at {
    static_assert(regspace::detail::reported(detail::capability_contract<C, capability_type<C>>()));
    using capability = std::conditional_t<capability_type<C>, C, detail::not_a_capability>;
    static constexpr unsigned offset = Offset;
};

namespace detail {
REGSPACE_DETAIL_RULE(standard_capability_outside_0x40_0xff,
                     "a standard capability must lie within 0x40-0xFF",
                     class Cap)
REGSPACE_DETAIL_RULE(capability_not_dword_aligned, "a capability must start on a dword boundary", class Cap)
REGSPACE_DETAIL_RULE(capabilities_overlap, "two capabilities overlap", class CapA, class CapB)

REGSPACE_DETAIL_RULE(extended_capability_outside_0x100_0xfff,
                     "an extended capability must lie within 0x100-0xFFF",
                     class Cap)
REGSPACE_DETAIL_RULE(first_extended_capability_not_at_0x100,
                     "the first extended capability must be at 0x100",
                     class Cap)

template <class A>
constexpr bool check_one() {
    using C = typename A::capability;
    if constexpr (std::is_same_v<C, not_a_capability>) return false;  // reported by at<> itself
    constexpr bool b = [] {
        if constexpr (C::extended)
            return extended_capability_outside_0x100_0xfff<
                C, (A::offset >= 0x100 && A::offset + C::bytes <= 0x1000)>();
        else
            return standard_capability_outside_0x40_0xff<
                C, (A::offset >= 0x40 && A::offset + C::bytes <= 0x100)>();
    }();
    constexpr bool c = capability_not_dword_aligned<C, (A::offset % 4 == 0)>();
    // Capabilities with rules of their own (MSI-X: table and PBA inside their BARs) check them
    // in a `valid` member.
    constexpr bool d = [] {
        if constexpr (requires { C::valid; }) return C::valid;
        else return true;
    }();
    return b && c && d;
}
template <class A, class B>
constexpr bool check_pair() {
    constexpr bool disjoint = A::offset + A::capability::bytes <= B::offset ||
                              B::offset + B::capability::bytes <= A::offset;
    return capabilities_overlap<typename A::capability, typename B::capability, disjoint>();
}
template <class A, class... Rest>
constexpr bool check_against() {
    return (true && ... && check_pair<A, Rest>());
}
template <class... Caps>
struct check_list;
template <>
struct check_list<> {
    static constexpr bool value = true;
};
template <class A, class... Rest>
struct check_list<A, Rest...> {
    static constexpr bool value = check_one<A>() && check_against<A, Rest...>() && check_list<Rest...>::value;
};

// Offset of the next capability of the same kind (standard or extended) after position I, 0 after
// the last: each kind has its own chain.
template <class... Caps>
constexpr unsigned next_after(std::size_t i) {
    constexpr unsigned offs[] = {Caps::offset..., 0u};
    constexpr bool ext[] = {Caps::capability::extended..., false};
    for (std::size_t k = i + 1; k < sizeof...(Caps); ++k)
        if (ext[k] == ext[i]) return offs[k];
    return 0;
}
template <bool Extended, class... Caps>
constexpr unsigned first_of_kind() {
    constexpr unsigned offs[] = {Caps::offset..., 0u};
    constexpr bool ext[] = {Caps::capability::extended..., false};
    for (std::size_t k = 0; k < sizeof...(Caps); ++k)
        if (ext[k] == Extended) return offs[k];
    return 0;
}
template <class... Caps>
struct check_ext_start {
    static constexpr unsigned first = first_of_kind<true, Caps...>();
    static constexpr bool value = [] {
        if constexpr (first == 0) {
            return true;
        } else {
            constexpr std::size_t k = [] {
                constexpr unsigned offs[] = {Caps::offset..., 0u};
                std::size_t i = 0;
                while (offs[i] != first) ++i;
                return i;
            }();
            return first_extended_capability_not_at_0x100<
                typename regspace::detail::nth_t<k, regspace::detail::type_list<Caps...>>::capability, first == 0x100>();
        }
    }();
};
// Where to start the extended list is asked only of a list whose capabilities are each in place:
// an extended capability outside 0x100-0xFFF is one error, not two.
template <bool ListOk, class... Caps>
constexpr bool check_start_if() {
    if constexpr (ListOk) return check_ext_start<Caps...>::value;
    else return false;
}
}  // namespace detail

template <class... Caps>
struct capability_list {
    // Each broken rule reports itself, naming the capability (regspace/detail/diagnostic.hpp). A
    // list that breaks one places no capability, so that the rule's error is the only one.
    static constexpr bool valid = detail::check_list<Caps...>::value &&
                                  detail::check_start_if<detail::check_list<Caps...>::value, Caps...>();
    static_assert(valid || !valid);  // evaluates the check (a static member is instantiated on use)
    // The header's Capabilities Pointer: the first listed standard capability, 0 for none.
    static constexpr std::uint8_t first = static_cast<std::uint8_t>(detail::first_of_kind<false, Caps...>());
    static constexpr bool any_extended = (false || ... || Caps::capability::extended);

    template <class Seq>
    struct placed_impl;
    template <std::size_t... I>
    struct placed_impl<std::index_sequence<I...>> {
        using type = typename regspace::detail::join<typename detail::capability_items<
            typename Caps::capability, Caps::offset, detail::next_after<Caps...>(I)>::type...>::type;
    };
    using placements = std::conditional_t<valid, typename placed_impl<std::index_sequence_for<Caps...>>::type,
                                          regspace::detail::type_list<>>;
};

}  // namespace regspace::pci

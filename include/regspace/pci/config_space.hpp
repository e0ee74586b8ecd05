// SPDX-License-Identifier: MIT
// regspace/pci/config_space.hpp - a function's configuration space from its header and
// capability list.
#pragma once

#include <cstddef>
#include <type_traits>

#include <regspace/detail/type_list.hpp>
#include <regspace/fixed_string.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/pci/header.hpp>
#include <regspace/space.hpp>

namespace regspace::pci {

namespace detail {
template <fixed_string Name, std::size_t Size, class List>
struct make_space;
template <fixed_string Name, std::size_t Size, class... Items>
struct make_space<Name, Size, regspace::detail::type_list<Items...>> {
    using type = space<Name, Size, Items...>;
};
}  // namespace detail

// Space items placed beside the header and the capabilities: a function's own registers in the
// device-specific area, or the bytes QEMU leaves writable there (pci_init_wmask makes every byte
// past the header writable until a capability claims it): config_space<..., extra<items...>>.
template <class... Items>
struct extra {
    using items = regspace::detail::type_list<Items...>;
};

namespace detail {
template <class T> struct is_extra : std::false_type {};
template <class... I> struct is_extra<extra<I...>> : std::true_type {};
template <class T> struct is_cap_entry : std::bool_constant<!is_extra<T>::value> {};
template <class L> struct extra_items;
template <class... E> struct extra_items<regspace::detail::type_list<E...>> {
    using type = typename regspace::detail::join<typename E::items...>::type;
};
template <class L> struct list_of_caps;
template <class... C> struct list_of_caps<regspace::detail::type_list<C...>> { using type = capability_list<C...>; };
}  // namespace detail

// config_space<"name", Header, at<Cap, offset>..., [extra<items...>]>: 256 bytes of configuration
// space, or 4 KiB when an extended capability is listed. Standard and extended capabilities each
// get their own chain. Unmapped bytes read 0, as on real functions and in QEMU.
template <fixed_string Name, class Header, class... Caps>
struct config_space {
    using caps = typename detail::list_of_caps<
        typename regspace::detail::filter<detail::is_cap_entry, regspace::detail::type_list<Caps...>>::type>::type;
    using extras = typename detail::extra_items<
        typename regspace::detail::filter<detail::is_extra, regspace::detail::type_list<Caps...>>::type>::type;
    using header_regs = typename Header::template with_cap_ptr<caps::first>;
    using header = typename header_regs::common;  // typed access: dev.get<cfg::header::status>()
    // A class of its own rather than an alias of space<...>: device<cfg::type> and everything
    // instantiated from it are then named after this short declaration, not after every
    // register of the function (compile time and message length; docs/performance.md).
    struct type : detail::make_space<Name, (caps::any_extended ? 4096 : 256),
                                     typename regspace::detail::join<typename header_regs::registers,
                                                                     typename caps::placements, extras>::type>::type {};
};

template <fixed_string Name, class Header, class... Caps>
using config_space_t = typename config_space<Name, Header, Caps...>::type;

}  // namespace regspace::pci

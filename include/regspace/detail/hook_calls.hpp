// SPDX-License-Identifier: MIT
// regspace/detail/hook_calls.hpp - how device<> binds a hooks type to its space, checks the
// binding, and calls a register's hooks and actions.
//
// Each call is a template of its own, so that a register without a given hook never names it
// (discarded if-constexpr branches inside nested lambdas are not reliable on Clang).
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include <regspace/detail/diagnostic.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/hooks.hpp>
#include <regspace/reset_kind.hpp>

namespace regspace::detail {

// The rules of binding hooks (detail/diagnostic.hpp; docs/diagnostics.md).
REGSPACE_DETAIL_RULE(hooked_register_is_in_the_space,
                     "a register listed in hooked<> is not part of the device's space",
                     class Register, class Hooks)
REGSPACE_DETAIL_RULE(hooked_register_has_a_hook,
                     "a register listed in hooked<> has no on_read(R, device&, const read_event&), on_write(R, device&, const write_event&) or filter_write(R, device&, write_proposal&)",
                     class Register, class Hooks)
REGSPACE_DETAIL_RULE(hooked_if_matches_a_register, "hooked_if<> matches no register of the device's space",
                     class Entry, class Hooks)
REGSPACE_DETAIL_RULE(hook_is_listed,
                     "this register has a hook, but the hooks type does not list it in hooked<>",
                     class Register, class Hooks)
REGSPACE_DETAIL_RULE(hook_has_the_current_signature,
                     "a hook of this register has an old signature: write on_read(R, device&, const read_event&), on_write(R, device&, const write_event&), filter_write(R, device&, write_proposal&)",
                     class Register, class Hooks)
REGSPACE_DETAIL_RULE(filter_takes_its_proposal_by_reference,
                     "filter_write takes its write_proposal by non-const reference (a copy would lose its edits)",
                     class Register, class Hooks)
REGSPACE_DETAIL_RULE(on_reset_takes_the_device_and_kind, "on_reset takes (device&, reset_kind)", class Hooks)
REGSPACE_DETAIL_RULE(notice_has_its_member,
                     "a notification listed in notified<> has no member of its signature: pci::notice::reset calls pci_reset(pci::reset_method), pci::notice::vfs_changed calls vfs_changed(device&), pci::notice::slot calls slot_event(device&, pci::slot_event)",
                     class Notice, class Hooks)
REGSPACE_DETAIL_RULE(notice_is_listed,
                     "this hooks part has a notification member (pci_reset, vfs_changed or slot_event) that its notified<> does not list: add it, e.g. using notified = regspace::notified<pci::notice::reset>",
                     class Notice, class Hooks)
REGSPACE_DETAIL_RULE(hooks_part_is_not_derived_from,
                     "this hooks type derives from a reusable hooks part (e.g. pci::bar_guard), whose hooks its own would hide: combine them as regspace::hook_set<part, model>",
                     class Hooks, class Part)

// ---- the parts of a hooks type -----------------------------------------------------------------
template <class H> struct parts_of { using type = type_list<H>; };
template <class... P> struct parts_of<hook_set<P...>> { using type = type_list<P...>; };
template <> struct parts_of<no_hooks> { using type = type_list<>; };

template <class Part, class H>
constexpr Part& part_of(H& h) noexcept {
    if constexpr (std::is_same_v<Part, H>) return h;
    else return h.template get<Part>();
}

// A part's list (none: hooked<>).
template <class P> struct hooked_list { using type = hooked<>; };
template <class P> requires requires { typename P::hooked; } struct hooked_list<P> { using type = typename P::hooked; };

template <class R, class Entry> struct entry_matches : std::is_same<R, Entry> {};
template <class R, template <class> class Pred> struct entry_matches<R, hooked_if<Pred>> : std::bool_constant<Pred<R>::value> {};
template <class R, class List> struct listed_in;
template <class R, class... E> struct listed_in<R, hooked<E...>> : std::bool_constant<(entry_matches<R, E>::value || ...)> {};

// ---- the signatures ----------------------------------------------------------------------------
template <class P, class R, class D>
concept read_hook = requires(P& p, D& d, const read_event& e) {
    { p.on_read(R{}, d, e) } -> std::convertible_to<std::uint64_t>;
};
template <class P, class R, class D>
concept write_hook = requires(P& p, D& d, const write_event& e) { p.on_write(R{}, d, e); };
template <class P, class R, class D>
concept write_filter = requires(P& p, D& d, write_proposal& w) {
    { p.filter_write(R{}, d, w) } -> std::convertible_to<bool>;
};
// A filter that a const rvalue binds to takes its proposal by value or const reference.
template <class P, class R, class D>
concept filter_by_value = requires(P& p, D& d, const write_proposal&& w) { p.filter_write(R{}, d, std::move(w)); };
template <class P, class R, class D>
concept any_hook = read_hook<P, R, D> || write_hook<P, R, D> || write_filter<P, R, D>;
// The signatures before the device and the event were passed (regspace 0.2).
template <class P, class R>
concept old_hook = requires(P& p, std::uint64_t v, std::uint64_t& w, unsigned i) { p.on_write(R{}, v, v); } ||
                   requires(P& p, std::uint64_t v, unsigned i) { p.on_write(R{}, i, v, v); } ||
                   requires(P& p, std::uint64_t v) { p.on_read(R{}, v); } ||
                   requires(P& p, std::uint64_t v, unsigned i) { p.on_read(R{}, i, v); } ||
                   requires(P& p, std::uint64_t v, std::uint64_t& w) { p.filter_write(R{}, v, w); } ||
                   requires(P& p, std::uint64_t v, std::uint64_t& w, unsigned i) { p.filter_write(R{}, i, v, w); };
template <class P, class D>
concept reset_hook = requires(P& p, D& d) { p.on_reset(d, reset_kind::cold); };
// An on_reset the device would not call: without the device or the kind, or with them swapped.
template <class P, class D>
concept reset_hook_misdeclared = requires(P& p) { p.on_reset(); } || requires(P& p) { p.on_reset(reset_kind::cold); } ||
                                 requires(P& p, D& d) { p.on_reset(d); } ||
                                 requires(P& p, D& d) { p.on_reset(reset_kind::cold, d); };

// Whether part P runs a read hook / a filter / a write hook on located register L.
template <class P, class L, class D>
inline constexpr bool reads = listed_in<typename L::reg, typename hooked_list<P>::type>::value &&
                              read_hook<P, typename L::reg, D>;
template <class P, class L, class D>
inline constexpr bool filters = listed_in<typename L::reg, typename hooked_list<P>::type>::value &&
                                write_filter<P, typename L::reg, D>;
template <class P, class L, class D>
inline constexpr bool writes = listed_in<typename L::reg, typename hooked_list<P>::type>::value &&
                               write_hook<P, typename L::reg, D>;

template <class H, class L, class D, class Parts = typename parts_of<H>::type> struct hooks_on;
template <class H, class L, class D, class... P>
struct hooks_on<H, L, D, type_list<P...>> {
    static constexpr bool read = (reads<P, L, D> || ...);
    static constexpr bool filter = (filters<P, L, D> || ...);
    static constexpr bool write = (writes<P, L, D> || ...);
};

// ---- checking the binding ----------------------------------------------------------------------
// A plain register entry of part P's list: in the space, with a hook.
template <class P, class D, class Regs, class E>
constexpr bool check_entry() {
    constexpr bool in_space = []<class... L>(type_list<L...>) {
        return (false || ... || std::is_same_v<typename L::reg, E>);
    }(Regs{});
    if constexpr (!in_space) {
        return hooked_register_is_in_the_space<E, P, false>();
    } else {
        return hooked_register_has_a_hook<E, P, any_hook<P, E, D>>();
    }
}
template <class P, class D, class Regs, template <class> class Pred>
constexpr bool check_selector() {
    constexpr bool any = []<class... L>(type_list<L...>) { return (false || ... || Pred<typename L::reg>::value); }(Regs{});
    return hooked_if_matches_a_register<hooked_if<Pred>, P, any>();
}
template <class P, class D, class Regs, class E>
struct entry_check { static constexpr bool value = check_entry<P, D, Regs, E>(); };
template <class P, class D, class Regs, template <class> class Pred>
struct entry_check<P, D, Regs, hooked_if<Pred>> { static constexpr bool value = check_selector<P, D, Regs, Pred>(); };

// Every register of the space against part P: a hook it has must be listed, current and, for a
// filter, take its proposal by reference; a listed register matched by a selector must have one.
template <class P, class D, class L>
constexpr bool check_register_hooks() {
    using R = typename L::reg;
    constexpr bool listed = listed_in<R, typename hooked_list<P>::type>::value;
    bool ok = hook_has_the_current_signature<R, P, !old_hook<P, R>>();
    if constexpr (!old_hook<P, R>) {
        ok &= hook_is_listed<R, P, (listed || !any_hook<P, R, D>)>();
        if constexpr (listed) ok &= hooked_register_has_a_hook<R, P, any_hook<P, R, D>>();
        if constexpr (write_filter<P, R, D>) ok &= filter_takes_its_proposal_by_reference<R, P, !filter_by_value<P, R, D>>();
    }
    return ok;
}

// A part's notifications (none: notified<>), and whether it lists notice N.
template <class P> struct notified_list { using type = notified<>; };
template <class P> requires requires { typename P::notified; } struct notified_list<P> { using type = typename P::notified; };
template <class N, class List> struct notice_listed : std::false_type {};
template <class N, class... E> struct notice_listed<N, notified<E...>> : std::bool_constant<(std::is_same_v<N, E> || ...)> {};
template <class P, class D, class List = typename notified_list<P>::type> struct check_notices;
template <class P, class D, class... N>
struct check_notices<P, D, notified<N...>> {
    static constexpr bool value = (true && ... && notice_has_its_member<N, P, N::template taken_by<P, D>>());
};

// A reusable part (pci::bar_guard) names itself `regspace_part`; a class derived from it inherits
// that name, which is how its derivation is found.
template <class P> struct part_identity { using type = P; };
template <class P> requires requires { typename P::regspace_part; } struct part_identity<P> { using type = typename P::regspace_part; };

template <class P, class D, class Regs, class List = typename hooked_list<P>::type> struct check_part_body;
template <class P, class D, class... L, class... E>
struct check_part_body<P, D, type_list<L...>, hooked<E...>> {
    static constexpr bool entries = all_of(std::array<bool, sizeof...(E) + 1>{entry_check<P, D, type_list<L...>, E>::value..., true});
    static constexpr bool registers = all_of(std::array<bool, sizeof...(L) + 1>{check_register_hooks<P, D, L>()..., true});
    static constexpr bool reset = on_reset_takes_the_device_and_kind<P, (reset_hook<P, D> || !reset_hook_misdeclared<P, D>)>();
    static constexpr bool value = entries && registers && reset;
};
// A class derived from a reusable part is reported as that, and nothing else about it.
template <class P, class D, class Regs>
constexpr bool check_part() {
    using whole = typename part_identity<P>::type;
    if constexpr (!std::is_same_v<P, whole>) {
        return hooks_part_is_not_derived_from<P, whole, false>();
    } else {
        return check_part_body<P, D, Regs>::value;
    }
}
// Every part's notifications, checked apart from its registers (device.hpp asks): so that an
// error here does not print the space's whole register list in its context.
template <class H, class D, class Parts = typename parts_of<H>::type> struct check_notified;
template <class H, class D, class... P>
struct check_notified<H, D, type_list<P...>> {
    static constexpr bool value = (true && ... && check_notices<P, D>::value);
};
template <class H, class D, class Regs, class Parts = typename parts_of<H>::type> struct check_hooks;
template <class H, class D, class Regs, class... P>
struct check_hooks<H, D, Regs, type_list<P...>> {
    static constexpr bool value = (true && ... && check_part<P, D, Regs>());
};

// ---- the calls ---------------------------------------------------------------------------------
template <class P, class L, class H, class D>
constexpr void part_read(H& h, D& d, read_event& e) {
    if constexpr (reads<P, L, D>) e.stored = static_cast<std::uint64_t>(part_of<P>(h).on_read(typename L::reg{}, d, e));
}
template <class L, class H, class D>
constexpr std::uint64_t call_read_hooks(H& h, D& d, read_event e) {
    [&]<class... P>(type_list<P...>) { (part_read<P, L>(h, d, e), ...); }(typename parts_of<H>::type{});
    return e.stored;
}
template <class P, class L, class H, class D>
constexpr bool part_filter(H& h, D& d, write_proposal& w) {
    if constexpr (filters<P, L, D>) return static_cast<bool>(part_of<P>(h).filter_write(typename L::reg{}, d, w));
    else return true;
}
template <class L, class H, class D>
constexpr bool call_filters(H& h, D& d, write_proposal& w) {
    return [&]<class... P>(type_list<P...>) { return (true && ... && part_filter<P, L>(h, d, w)); }(typename parts_of<H>::type{});
}
template <class P, class L, class H, class D>
constexpr void part_write(H& h, D& d, const write_event& e) {
    if constexpr (writes<P, L, D>) part_of<P>(h).on_write(typename L::reg{}, d, e);
}
template <class L, class H, class D>
constexpr void call_write_hooks(H& h, D& d, const write_event& e) {
    [&]<class... P>(type_list<P...>) { (part_write<P, L>(h, d, e), ...); }(typename parts_of<H>::type{});
}
template <class P, class H, class D>
constexpr void part_reset(H& h, D& d, reset_kind k) {
    if constexpr (reset_hook<P, D>) part_of<P>(h).on_reset(d, k);
}
template <class H, class D>
constexpr void call_reset_hooks(H& h, D& d, reset_kind k) {
    [&]<class... P>(type_list<P...>) { (part_reset<P>(h, d, k), ...); }(typename parts_of<H>::type{});
}

// Sends notice N to the parts of dev's hooks that list it: f(part), in the parts' order. How the
// PCI layers' notifications reach the parts; a part with N's member that does not list N is an
// error here, where the notice is sent (the core does not know the PCI layers' notices).
template <class N, class D, class F>
constexpr void notify_parts(D& dev, F&& f) {
    [&]<class... P>(type_list<P...>) {
        ([&] {
            if constexpr (notice_listed<N, typename notified_list<P>::type>::value)
                f(part_of<P>(dev.hooks()));
            else
                (void)notice_is_listed<N, P, !N::template taken_by<P, D>>();
        }(), ...);
    }(typename parts_of<typename D::hooks_type>::type{});
}

// A register's action after a reset of the device, where the action has on_reset.
template <class L, class Device>
constexpr void call_reset_action(Device& device, reset_kind kind) {
    using R = typename L::reg;
    if constexpr (R::has_action) {
        if constexpr (requires { R::write_action::on_reset(device, kind); }) R::write_action::on_reset(device, kind);
    }
}

}  // namespace regspace::detail

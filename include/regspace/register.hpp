// SPDX-License-Identifier: MIT
// regspace/register.hpp - a register: name, offset, width and fields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include <regspace/access.hpp>
#include <regspace/access_size.hpp>
#include <regspace/detail/bits.hpp>
#include <regspace/detail/diagnostic.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/field.hpp>
#include <regspace/fixed_string.hpp>
#include <regspace/hooks.hpp>

namespace regspace {

// The rules a register's item list obeys (detail/diagnostic.hpp).
namespace detail {
REGSPACE_DETAIL_RULE(reserved_as_takes_a_reserved_policy,
                     "reserved_as<> takes access::rsvdp or access::rsvdz",
                     class Policy)
REGSPACE_DETAIL_RULE(register_takes_one_reserved_as_or_others_as,
                     "a register takes at most one reserved_as<> or others_as<>",
                     class Register)
REGSPACE_DETAIL_RULE(register_item_kinds,
                     "a register holds field<>, bit<>, doc<>, spec<>, reserved_as<>, others_as<>, rule<>, action<>, accepts<>, piecewise or nothing",
                     class Register)
REGSPACE_DETAIL_RULE(register_takes_one_accepts, "a register takes at most one accepts<>", class Register)
}  // namespace detail

// Optional items of a register's parameter list besides fields.
template <fixed_string Text>
struct doc {
    static constexpr const auto& text = Text;
};
// Policy of the register's undeclared bits: RsvdP (the default, PCIe r6.0 §7.4) or RsvdZ.
template <class P>
struct reserved_as {
    static_assert(detail::reported(detail::reserved_as_takes_a_reserved_policy<P, access::semantics_of(P::value).reserved>()));
    using policy = P;
};

// Policy of the register's undeclared bits when they are not reserved: others_as<access::rw>
// makes every bit no field names a field of its own ("bits[hi:lo]", one per contiguous run),
// e.g. the scratch bits QEMU leaves writable in its Q35 MCH. Introspection lists those fields.
template <access::policy P>
struct others_as {
    using policy = P;
};

// A device rule: a constexpr function the handler applies after the policy masks on every guest
// write to the register, `std::uint64_t fn(std::uint64_t old, std::uint64_t now)`, returning the
// value to keep. `now` is the whole register after the write: a partial write (a byte of a dword)
// hands the rule the bytes it did not write as they were, which a rule must therefore keep as
// they are; a rule is idempotent (applied to its own result it changes nothing), which the
// compiler checks. For behaviour the spec ties to the register itself, so that every instance has it
// without a hook: MSI's Multiple Message Enable never exceeding Multiple Message Capable, a
// power state the function does not support being refused (PCI PM 1.2 §3.2.4).
template <auto Fn>
struct rule {
    static constexpr std::uint64_t apply(std::uint64_t old, std::uint64_t now) { return Fn(old, now); }
};

// A device action, for registers whose write starts something the spec defines, e.g. PCIe
// Device Control's Initiate Function Level Reset (PCIe r6.0 §7.5.3.4) resetting the function.
// T::on_write(device&, const write_event&) runs after every guest write to the register that no
// filter_write hook refused, after its on_write hooks, with the whole device at hand (and its
// model state: device.hooks()); the event (hooks.hpp) has the value before and after the write
// and what the guest wrote on which bytes (`written`, so a bit that a rule makes read 0, like
// Initiate FLR, is still visible). T may also define on_reset(device&, reset_kind), run after
// every reset of the device, once the registers hold their reset values. T is a type so the
// action can be a template over the device.
template <class T>
struct action {
    using type = T;
};

// An item that adds nothing: for layouts chosen at compile time,
// std::conditional_t<Flr, action<initiate_flr>, nothing>.
struct nothing {};

// A register wider than its space's largest access, which the guest reads and writes in pieces:
// the Q35 MCH's 64-bit base address registers in 4-byte configuration space (Intel 3 Series
// datasheet 5.1.17, PCIEXBAR), written as two dwords. Without it such a register is refused (a
// hook or rule would see half-written values without having asked for them).
struct piecewise {};

namespace detail {
template <class T> struct is_action : std::false_type {};
template <class T> struct is_action<action<T>> : std::true_type {};
struct no_action {};
template <class L> struct action_of { using type = no_action; };
template <class A, class... T> struct action_of<type_list<A, T...>> { using type = typename A::type; };

template <class T> struct is_rule : std::false_type {};
template <auto F> struct is_rule<rule<F>> : std::true_type {};
struct no_rule {
    static constexpr std::uint64_t apply(std::uint64_t, std::uint64_t now) { return now; }
};
template <class L> struct rule_of { using type = no_rule; };
template <class R, class... T> struct rule_of<type_list<R, T...>> { using type = R; };

template <class T> struct is_others_as : std::false_type {};
template <class P> struct is_others_as<others_as<P>> : std::true_type {};

// A register's first item of a kind (its doc<>, rule<>, action<>, ...), as a list of it or an
// empty list, and how many it has: found from its items' kinds as a pack of bools, not through a
// filtered list of each kind (filter<> builds one with join<> steps per register and kind; without
// them a TU that only includes the Q35 board's header compiles 7% faster with Clang 14, 10% with
// GCC 12).
template <bool... B>
inline constexpr std::size_t first_true_at = [] {
    constexpr bool b[] = {B..., true};
    std::size_t i = 0;
    while (!b[i]) ++i;
    return i;
}();
template <template <class> class Kind, class... T>
using first_of_kind =
    typename std::conditional_t<(first_true_at<Kind<T>::value...> < sizeof...(T)),
                                nth<first_true_at<Kind<T>::value...>, type_list<type_list<T>...>>,
                                std::type_identity<type_list<>>>::type;
template <template <class> class Kind, class... T>
inline constexpr std::size_t count_of_kind = (std::size_t{0} + ... + std::size_t{Kind<T>::value});

// The name "bits[hi:lo]" (or "bits[n]") of a generated field.
constexpr std::size_t digits(unsigned v) { return v >= 10 ? 2 : 1; }
template <unsigned Lo, unsigned Hi>
constexpr auto run_name() {
    constexpr std::size_t n = 6 + digits(Hi) + (Lo == Hi ? 0 : 1 + digits(Lo)) + 1;
    fixed_string<n> s;
    std::size_t i = 0;
    for (char c : {'b', 'i', 't', 's', '['}) s.data[i++] = c;
    auto put = [&](unsigned v) {
        if (v >= 10) s.data[i++] = static_cast<char>('0' + v / 10);
        s.data[i++] = static_cast<char>('0' + v % 10);
    };
    put(Hi);
    if (Lo != Hi) { s.data[i++] = ':'; put(Lo); }
    s.data[i++] = ']';
    s.data[i] = '\0';
    return s;
}

// The contiguous runs of set bits in Free, lowest first.
struct bit_run {
    unsigned lo = 0, width = 0;
};
template <std::uint64_t Free>
constexpr std::size_t run_count() {
    std::size_t n = 0;
    for (unsigned b = 0; b < 64; ++b)
        if (((Free >> b) & 1) && (b == 0 || !((Free >> (b - 1)) & 1))) ++n;
    return n;
}
template <std::uint64_t Free, std::size_t I>
constexpr bit_run nth_run() {
    std::size_t n = 0;
    for (unsigned b = 0; b < 64; ++b) {
        if (!((Free >> b) & 1) || (b != 0 && ((Free >> (b - 1)) & 1))) continue;
        if (n++ != I) continue;
        unsigned e = b;
        while (e < 64 && ((Free >> e) & 1)) ++e;
        return {b, e - b};
    }
    return {};
}
template <class P, std::uint64_t Free, class Seq = std::make_index_sequence<run_count<Free>()>>
struct run_fields;
template <class P, std::uint64_t Free, std::size_t... I>
struct run_fields<P, Free, std::index_sequence<I...>> {
    using type = type_list<field<run_name<nth_run<Free, I>().lo, nth_run<Free, I>().lo + nth_run<Free, I>().width - 1>(),
                                 nth_run<Free, I>().lo, nth_run<Free, I>().width, P>...>;
};

template <class Fs, class Others, std::uint64_t Width>
struct with_others { using type = Fs; };
template <class... F, class O, std::uint64_t Width>
struct with_others<type_list<F...>, type_list<O>, Width> {
    static constexpr std::uint64_t free = Width & ~(std::uint64_t{0} | ... | F::mask);
    using type = typename concat<type_list<F...>, typename run_fields<typename O::policy, free>::type>::type;
};

template <class T> struct is_doc : std::false_type {};
template <fixed_string T> struct is_doc<doc<T>> : std::true_type {};
template <class T> struct is_reserved_as : std::false_type {};
template <class P> struct is_reserved_as<reserved_as<P>> : std::true_type {};

template <class L> struct doc_of { static constexpr const auto& text = no_text; };
template <class D, class... T> struct doc_of<type_list<D, T...>> {
    static constexpr const auto& text = D::text;
};
// The text of the first spec<> of a register's items (detail::first_of_kind), as doc<>'s is.
template <class L> struct spec_text { static constexpr const auto& text = no_text; };
template <class S, class... T> struct spec_text<type_list<S, T...>> {
    static constexpr const auto& text = S::text;
};
template <class L> struct reserved_of { using policy = access::rsvdp; };
template <class R, class... T> struct reserved_of<type_list<R, T...>> {
    using policy = typename R::policy;
};

// Sums over a register's fields, as class-level folds (no closure per register: see
// detail/type_list.hpp).
template <class Fields>
struct field_sums;
template <class... F>
struct field_sums<type_list<F...>> {
    // Bits that hold a value: not reserved, not a strobe (which stores nothing).
    static constexpr std::uint64_t data =
        (std::uint64_t{0} | ... |
         (access::semantics_of(F::kind).reserved || access::semantics_of(F::kind).write == access::write_effect::triggers
              ? std::uint64_t{0}
              : F::mask));
    static constexpr std::uint64_t reset =
        (std::uint64_t{0} | ... | ((F::reset & F::value_mask) << (F::lsb < 64 ? F::lsb : 0)));
};

struct no_size_rule {};
template <class L> struct size_rule_of { using type = no_size_rule; };
template <class A, class... T> struct size_rule_of<type_list<A, T...>> { using type = A; };

template <unsigned Bytes>
struct uint_for { using type = std::uint64_t; };
template <> struct uint_for<1> { using type = std::uint8_t; };
template <> struct uint_for<2> { using type = std::uint16_t; };
template <> struct uint_for<4> { using type = std::uint32_t; };
}  // namespace detail

// reg<"Name", offset, bytes, [doc<"...">], [spec<"...">], [reserved_as<P> | others_as<P>], [rule<fn>],
//     [action<T>], [accepts<sizes<...>, options...>], [piecewise], field<...>...>
template <fixed_string Name, unsigned Offset, unsigned Bytes, class... Items>
struct reg {
    static constexpr const auto& name = Name;
    static constexpr unsigned offset = Offset;
    static constexpr unsigned bytes = Bytes;
    using value_type = typename detail::uint_for<Bytes>::type;
    static constexpr std::uint64_t width_mask = detail::all_ones(Bytes);
    static_assert(detail::reported(detail::register_takes_one_reserved_as_or_others_as<
                  reg, (detail::count_of_kind<detail::is_others_as, Items...> +
                        detail::count_of_kind<detail::is_reserved_as, Items...> <= 1)>()));
    using fields = typename detail::with_others<
        typename detail::filter<is_field, detail::type_list<Items...>>::type,
        detail::first_of_kind<detail::is_others_as, Items...>, width_mask>::type;
    static constexpr const auto& description =
        detail::doc_of<detail::first_of_kind<detail::is_doc, Items...>>::text;
    static constexpr const auto& spec_ref =
        detail::spec_text<detail::first_of_kind<detail::is_spec, Items...>>::text;
    using write_rule =
        typename detail::rule_of<detail::first_of_kind<detail::is_rule, Items...>>::type;
    static constexpr bool has_rule = !std::is_same_v<write_rule, detail::no_rule>;
    using write_action =
        typename detail::action_of<detail::first_of_kind<detail::is_action, Items...>>::type;
    static constexpr bool has_action = !std::is_same_v<write_action, detail::no_action>;
    using reserved_policy = typename detail::reserved_of<detail::first_of_kind<detail::is_reserved_as, Items...>>::policy;
    // The sizes the register takes (access_size.hpp), or detail::no_size_rule.
    using size_rule =
        typename detail::size_rule_of<detail::first_of_kind<detail::is_accepts, Items...>>::type;
    static constexpr bool has_size_rule = !std::is_same_v<size_rule, detail::no_size_rule>;
    static_assert(detail::reported(detail::register_takes_one_accepts<
                  reg, (detail::count_of_kind<detail::is_accepts, Items...> <= 1)>()));
    static constexpr bool is_piecewise = (false || ... || std::is_same_v<Items, piecewise>);

    static_assert(detail::reported(detail::register_item_kinds<
                  reg, ((is_field<Items>::value || detail::is_doc<Items>::value || detail::is_spec<Items>::value ||
                         detail::is_reserved_as<Items>::value || detail::is_others_as<Items>::value ||
                         detail::is_rule<Items>::value || detail::is_action<Items>::value ||
                         detail::is_accepts<Items>::value || std::is_same_v<Items, piecewise> ||
                         std::is_same_v<Items, nothing>) && ...)>()));

    // Bits that hold a value: declared fields except reserved ones (RsvdP/RsvdZ always read 0
    // in an emulated register; the device side cannot store into them either) and strobes.
    static constexpr std::uint64_t data_mask = detail::field_sums<fields>::data & width_mask;
    static constexpr std::uint64_t reset_value = detail::field_sums<fields>::reset & data_mask;

    // Rebinding at another offset, used when a block is placed at a base.
    template <unsigned NewOffset>
    using at = reg<Name, NewOffset, Bytes, Items...>;
};

template <class T> struct is_register : std::false_type {};
template <fixed_string N, unsigned O, unsigned B, class... I>
struct is_register<reg<N, O, B, I...>> : std::true_type {};

}  // namespace regspace

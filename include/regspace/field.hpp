// regspace/field.hpp - a named bit range of a register with one access policy.
#pragma once

#include <cstdint>
#include <type_traits>

#include <regspace/access.hpp>
#include <regspace/fixed_string.hpp>

namespace regspace {

// field<"Name", lsb, width, policy, reset, "description">
//   lsb/width are bit positions inside the register; reset is the field's own value (not shifted).
template <fixed_string Name, unsigned Lsb, unsigned Width, access::policy Policy,
          std::uint64_t Reset = 0, fixed_string Desc = "">
struct field {
    static constexpr auto name = Name;
    static constexpr auto description = Desc;
    static constexpr unsigned lsb = Lsb;
    static constexpr unsigned width = Width;
    static constexpr std::uint64_t reset = Reset;
    using policy = Policy;
    static constexpr access::kind kind = Policy::value;

    // Mask of the field's bits in the register; Width 0 and widths past 64 are caught by
    // detail::check_register with a named message, so this only has to stay defined for them.
    static constexpr std::uint64_t value_mask =
        Width == 0 ? 0 : (Width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << Width) - 1);
    static constexpr std::uint64_t mask = Lsb >= 64 ? 0 : value_mask << Lsb;
};

// A one-bit field: bit<"MSE", 1, access::rw>.
template <fixed_string Name, unsigned Bit, access::policy Policy, std::uint64_t Reset = 0,
          fixed_string Desc = "">
using bit = field<Name, Bit, 1, Policy, Reset, Desc>;

template <class T>
struct is_field : std::false_type {};
template <fixed_string N, unsigned L, unsigned W, class P, std::uint64_t R, fixed_string D>
struct is_field<field<N, L, W, P, R, D>> : std::true_type {};

}  // namespace regspace

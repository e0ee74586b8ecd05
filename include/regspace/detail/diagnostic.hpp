// SPDX-License-Identifier: MIT
// regspace/detail/diagnostic.hpp - how a broken description rule is reported.
//
// Every rule is a constexpr function template whose template arguments are what it is about (the
// register, the field, the block, the space) and whose body asserts the rule:
//
//   template <class Register, bool Ok>
//   constexpr bool register_misaligned() {
//       static_assert(Ok, "regspace: register offset is not a multiple of its width [docs/diagnostics.md]");
//       return Ok;
//   }
//
// The compiler's "required from" / "in instantiation of" note then names the offending
// register, and the error is the only one: the assertion fails inside the function, so the class
// that asked stays complete and usable (Clang drops every member of a class whose own
// static_assert fails, and each use of a missing member is one more error). A class body asks
// with static_assert(detail::reported(rule<...>())), which holds whatever the rule's answer.
// Messages begin with "regspace: " and point at docs/diagnostics.md, which lists each rule with
// its fix.
#pragma once

namespace regspace::detail {
constexpr bool reported(bool) noexcept { return true; }
}  // namespace regspace::detail

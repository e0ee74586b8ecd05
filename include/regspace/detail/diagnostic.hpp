// SPDX-License-Identifier: MIT
// regspace/detail/diagnostic.hpp - how a broken description rule is reported.
//
// Every rule is a constexpr function template whose template arguments are what it is about (the
// register, the field, the block, the capability) and whose body asserts the rule:
//
//   REGSPACE_DETAIL_RULE(register_misaligned, "register offset is not a multiple of its width",
//                        class Register)
//   ... register_misaligned<R, (R::offset % R::bytes == 0)>() ...
//
// The compiler's "required from" / "in instantiation of" note then names the offending register,
// and the error is the only one: the assertion fails inside the function, so the class that asked
// stays complete and usable (Clang drops every member of a class whose own static_assert fails,
// and each use of a missing member is one more error). A class body asks with
// static_assert(detail::reported(rule<...>())), which holds whatever the rule's answer.
// Every message is "regspace: <rule> [docs/diagnostics.md]"; that page lists each rule with its
// fix (tests/diagnostics.cmake keeps the two in step).
#pragma once

// Defines the rule `name` over the template parameters `...` (plus the verdict `bool Ok`).
#define REGSPACE_DETAIL_RULE(name, message, ...)                           \
    template <__VA_ARGS__, bool Ok>                                        \
    constexpr bool name() {                                                \
        static_assert(Ok, "regspace: " message " [docs/diagnostics.md]"); \
        return Ok;                                                         \
    }

namespace regspace::detail {
constexpr bool reported(bool) noexcept { return true; }
}  // namespace regspace::detail

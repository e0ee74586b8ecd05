// SPDX-License-Identifier: MIT
// regspace/fixed_string.hpp - compile-time string usable as a template parameter.
//
// Register and field names are template parameters so that a description is a type, checked and
// folded by the compiler; C++20 class-type non-type template parameters make that possible.
#pragma once

#include <cstddef>
#include <string_view>

namespace regspace {

template <std::size_t N>
struct fixed_string {
    char data[N]{};

    constexpr fixed_string() noexcept = default;  // for names built at compile time
    constexpr fixed_string(const char (&s)[N]) noexcept {
        for (std::size_t i = 0; i < N; ++i) data[i] = s[i];
    }

    [[nodiscard]] static constexpr std::size_t size() noexcept { return N - 1; }
    [[nodiscard]] constexpr std::string_view view() const noexcept { return {data, N - 1}; }
    constexpr operator std::string_view() const noexcept { return view(); }

    template <std::size_t M>
    [[nodiscard]] constexpr bool operator==(const fixed_string<M>& o) const noexcept {
        return view() == o.view();
    }
};

// Names and descriptions are kept as references to their template parameter objects (space<>,
// block<>, reg<>, field<>, value<>: `static constexpr const auto& name = Name`), not as copies.
// A copy is a static data member of the describing template, emitted wherever the text is used at
// run time under a symbol that spells the template's arguments: for a space that is every
// register and field it holds (86 KB for a PCIe root port's), and GCC's time to mangle grows
// faster than the name (docs/performance.md, "What was changed in the framework"). The
// parameter object's symbol spells only the text. Absent texts refer to this one.
namespace detail {
inline constexpr fixed_string<1> no_text{""};
}  // namespace detail

}  // namespace regspace

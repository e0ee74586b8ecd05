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

}  // namespace regspace

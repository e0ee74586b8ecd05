// SPDX-License-Identifier: MIT
// regspace/detail/fnv1a.hpp - the 64-bit FNV-1a hash of snapshots, fingerprints and name sorting.
//
// FNV-1a (Fowler, Noll, Vo; IETF draft-eastlake-fnv): for each byte, h = (h ^ byte) * prime,
// starting from the offset basis. Snapshots store its results (docs/snapshot.md), so what it
// computes is part of the format: the known answers below pin it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace regspace::detail {

inline constexpr std::uint64_t fnv1a_basis = 0xcbf29ce484222325ull;
inline constexpr std::uint64_t fnv1a_prime = 0x100000001b3ull;

// Continues hash `h` over `n` bytes (anything whose elements are bytes: std::uint8_t, char).
template <class Byte>
[[nodiscard]] constexpr std::uint64_t fnv1a(std::uint64_t h, const Byte* p, std::size_t n) noexcept {
    static_assert(sizeof(Byte) == 1);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ static_cast<std::uint8_t>(p[i])) * fnv1a_prime;
    return h;
}
[[nodiscard]] constexpr std::uint64_t fnv1a(std::uint64_t h, std::string_view s) noexcept {
    return fnv1a(h, s.data(), s.size());
}
[[nodiscard]] constexpr std::uint64_t fnv1a(std::string_view s) noexcept { return fnv1a(fnv1a_basis, s); }

// Continues hash `h` over the low `bytes` bytes of `v`, least significant first (the snapshot's
// little-endian byte order, whatever the host's).
[[nodiscard]] constexpr std::uint64_t fnv1a_le(std::uint64_t h, std::uint64_t v, unsigned bytes = 8) noexcept {
    for (unsigned i = 0; i < bytes; ++i) h = (h ^ ((v >> (8 * i)) & 0xff)) * fnv1a_prime;
    return h;
}

// Known answers of 64-bit FNV-1a (draft-eastlake-fnv test vectors).
static_assert(fnv1a("") == 0xcbf29ce484222325ull);
static_assert(fnv1a("a") == 0xaf63dc4c8601ec8cull);
static_assert(fnv1a("foobar") == 0x85944171f73967e8ull);
static_assert(fnv1a_le(fnv1a_basis, 0x61, 1) == fnv1a("a"));

}  // namespace regspace::detail

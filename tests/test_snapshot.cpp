// SPDX-License-Identifier: MIT
// Save and restore (regspace/snapshot.hpp): round trips for every shipped device, and every kind of
// bad snapshot refused with the live device left exactly as it was.
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

#include <regspace.hpp>
#include <regspace/introspect.hpp>
#include <regspace/q35/mch.hpp>
#include <regspace/snapshot.hpp>

#include "../examples/readme_device.hpp"
#include "../examples/sriov_nic.hpp"
#include "support/spaces.hpp"

namespace tests_snapshot {

using namespace regspace;

namespace {

// Random guest accesses of every size and alignment, including invalid ones.
template <class D>
void scramble(D& d, std::uint64_t seed, int n) {
    std::mt19937_64 rng(seed);
    for (int i = 0; i < n; ++i) {
        const unsigned size = static_cast<unsigned>(std::array{1, 2, 4, 8, 3}[rng() % 5]);
        const auto off = static_cast<unsigned>(rng() % (D::size + 4));
        const std::uint64_t v = std::array<std::uint64_t, 3>{~0ull, 0, rng()}[rng() % 3];
        if (rng() % 2) d.write(off, size, v);
        else (void)d.read(off, size);
    }
}

// Two devices behave the same from now on: the same answers to the same accesses.
template <class D>
void same_behaviour(D& a, D& b, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    for (int i = 0; i < 2000; ++i) {
        const unsigned size = static_cast<unsigned>(std::array{1, 2, 4}[rng() % 3]);
        const auto off = static_cast<unsigned>(rng() % D::size);
        const std::uint64_t v = rng();
        if (rng() % 2) {
            a.write(off, size, v);
            b.write(off, size, v);
        } else {
            REQUIRE(a.read(off, size) == b.read(off, size));
        }
    }
    a.reset(reset_kind::warm);
    b.reset(reset_kind::warm);
    REQUIRE(regspace::detail::device_access::state(a) == regspace::detail::device_access::state(b));
}

template <class D>
void round_trip(std::uint64_t seed) {
    D a;
    scramble(a, seed, 3000);
    const std::vector<std::uint8_t> snap = save(a);
    D b;
    const restore_result r = restore(b, snap);
    REQUIRE_MESSAGE(r, r.message);
    CHECK(regspace::detail::device_access::state(b) == regspace::detail::device_access::state(a));
    CHECK(b.invalid_accesses() == a.invalid_accesses());
    CHECK(save(b) == snap);  // nothing lost: saving the copy gives the same bytes
    same_behaviour(a, b, seed + 1);
}

// Recomputes the trailing checksum after a test edits a snapshot on purpose.
void reseal(std::vector<std::uint8_t>& s) {
    const std::uint64_t h = snapshot_checksum(std::span<const std::uint8_t>(s).first(s.size() - 8));
    for (unsigned i = 0; i < 8; ++i) s[s.size() - 8 + i] = static_cast<std::uint8_t>(h >> (8 * i));
}

// Offset of the first byte of the register state: header plus the space's name.
template <class Space>
std::size_t state_offset() {
    return 28 + Space::name.view().size();
}

using mch = q35::mch<>;
using mch_device = device<mch::space>;

}  // namespace

TEST_CASE("snapshot round trip: every shipped device, after random guest traffic") {
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        CAPTURE(seed);
        round_trip<device<toy::config>>(seed);
        round_trip<device<test::mmio_zero>>(seed);  // every policy, write-once included
        round_trip<mch_device>(seed);
        round_trip<device<q35::mch<q35::datasheet>::space>>(seed);
        round_trip<device<nic::pf_config::type>>(seed);
        round_trip<device<nic::vf_config::type>>(seed);
        round_trip<device<nic::msix::table_space>>(seed);
    }
}

TEST_CASE("snapshot round trip keeps a locked SMRAM locked and write-once bits spent") {
    mch_device a;
    a.write(0x9d, 1, 0x4a);  // D_OPEN | G_SMRAME | C_BASE_SEG=010b
    a.write(0x9d, 1, 0x1a);  // D_LCK: locks, closes D_OPEN
    REQUIRE(a.get<mch::smram, "D_LCK">() == 1);
    const auto snap = save(a);
    mch_device b;
    REQUIRE(restore(b, snap));
    b.write(0x9d, 1, 0x4a);  // refused while locked
    CHECK(b.read(0x9d, 1) == a.read(0x9d, 1));
    CHECK(b.get<mch::smram, "D_OPEN">() == 0);
    b.reset(reset_kind::cold);  // only a reset unlocks
    CHECK(b.get<mch::smram, "D_LCK">() == 0);
}

TEST_CASE("snapshot: hook-owned state travels in the user section") {
    device<toy::config> a;
    a.write(0x04, 2, 0x0006);
    const std::vector<std::uint8_t> mine = {1, 2, 3, 250};
    const auto snap = save(a, [&](std::vector<std::uint8_t>& out) { out.insert(out.end(), mine.begin(), mine.end()); });
    device<toy::config> b;
    std::vector<std::uint8_t> got;
    REQUIRE(restore(b, snap, [&](std::span<const std::uint8_t> u) {
        got.assign(u.begin(), u.end());
        return std::string{};
    }));
    CHECK(got == mine);
    CHECK(regspace::detail::device_access::state(b) == regspace::detail::device_access::state(a));

    device<toy::config> c;
    c.write(0x10, 4, 0xabcde000);
    const auto before = regspace::detail::device_access::state(c);
    const restore_result r = restore(c, snap, [](std::span<const std::uint8_t>) { return std::string{"queue depth 9 > 8"}; });
    CHECK(r.error == restore_error::user_rejected);
    CHECK(r.message.find("queue depth 9 > 8") != std::string::npos);
    CHECK(regspace::detail::device_access::state(c) == before);
    // A device with no user callback refuses a snapshot that carries user state.
    CHECK(restore(c, snap).error == restore_error::user_rejected);
    CHECK(regspace::detail::device_access::state(c) == before);
}

TEST_CASE("snapshot: truncated, corrupted and foreign snapshots are refused and change nothing") {
    mch_device a;
    scramble(a, 7, 2000);
    const auto snap = save(a);
    mch_device live;
    scramble(live, 8, 2000);
    const auto before = regspace::detail::device_access::state(live);
    const auto invalid_before = live.invalid_accesses();
    auto unchanged = [&] {
        REQUIRE(regspace::detail::device_access::state(live) == before);
        REQUIRE(live.invalid_accesses() == invalid_before);
    };

    for (std::size_t n = 0; n < snap.size(); ++n) {  // every prefix
        CAPTURE(n);
        const restore_result r = restore(live, std::span(snap.data(), n));
        REQUIRE(!r);
        REQUIRE((r.error == restore_error::truncated || r.error == restore_error::corrupted ||
                 r.error == restore_error::bad_magic));
        unchanged();
    }
    auto longer = snap;
    longer.push_back(0);
    CHECK(restore(live, longer).error == restore_error::corrupted);
    unchanged();

    for (std::size_t i = 0; i < snap.size(); ++i) {  // every single-byte corruption
        CAPTURE(i);
        auto bad = snap;
        bad[i] ^= 0x40;
        REQUIRE(!restore(live, bad));
        unchanged();
    }

    auto wrong_magic = snap;
    wrong_magic[0] = 'X';
    CHECK(restore(live, wrong_magic).error == restore_error::bad_magic);
    auto next_version = snap;
    next_version[8] = 2;
    reseal(next_version);
    const restore_result v = restore(live, next_version);
    CHECK(v.error == restore_error::bad_version);
    CHECK(v.message.find("version 2") != std::string::npos);

    device<nic::pf_config::type> nic_dev;  // another device's snapshot
    const restore_result f = restore(live, save(nic_dev));
    CHECK(f.error == restore_error::layout_mismatch);
    CHECK(f.message.find("nic-pf") != std::string::npos);
    device<q35::mch<q35::datasheet>::space> datasheet;  // same name and size, other layout
    CHECK(restore(live, save(datasheet)).error == restore_error::layout_mismatch);
    unchanged();
}

TEST_CASE("snapshot: reserved bits and broken invariants are refused") {
    mch_device live;
    const auto before = regspace::detail::device_access::state(live);
    const std::size_t state = state_offset<mch::space>();

    // A reserved bit: COMMAND bit 3 (special cycles) is not described.
    auto reserved = save(mch_device{});
    reserved[state + 0x04] |= 0x08;
    reseal(reserved);
    const restore_result r = restore(live, reserved);
    CHECK(r.error == restore_error::reserved_bits);
    CHECK(r.message.find("byte 0x0000000000000004 bit 3") != std::string::npos);

    // The same in the reset image.
    auto reserved_reset = save(mch_device{});
    reserved_reset[state + 256 + 0x04] |= 0x08;
    reseal(reserved_reset);
    CHECK(restore(live, reserved_reset).error == restore_error::reserved_bits);

    // SMRAM with D_LCK and D_OPEN both set: the SMRAM rule never leaves that state.
    auto open_and_locked = save(mch_device{});
    open_and_locked[state + 0x9d] = 0x5a;
    reseal(open_and_locked);
    const restore_result inv = restore(live, open_and_locked);
    CHECK(inv.error == restore_error::invariant);
    CHECK(inv.message.find("SMRAM") != std::string::npos);

    // MSI Multiple Message Enable above what MMC allows (the NIC's MSI is at 50h: MMC = 0).
    device<nic::pf_config::type> nic_live;
    auto mme = save(nic_live);
    const std::size_t nic_state = state_offset<nic::pf_config::type>();
    mme[nic_state + 0x52] |= 0x70;  // MSGCTL.MME = 7
    reseal(mme);
    const restore_result m = restore(nic_live, mme);
    CHECK(m.error == restore_error::invariant);
    CHECK(m.message.find("MSGCTL") != std::string::npos);

    CHECK(regspace::detail::device_access::state(live) == before);
}
}  // namespace tests_snapshot

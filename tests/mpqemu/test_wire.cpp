// SPDX-License-Identifier: MIT
// mpqemu/wire.hpp: QEMU 7.2's multi-process messages, byte for byte, and every way a peer's
// message can be refused.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <string>
#include <variant>

#include <regspace/mpqemu/wire.hpp>

using namespace regspace::mpqemu;

namespace {
// The layouts QEMU's structs have (include/hw/remote/mpqemu-link.h on x86-64): checked at
// compile time against the bytes the encoder writes.
constexpr bool config_layout() {
    const encoded e = encode(command::pci_cfgwrite, config_access{0x04, 0x0403, 2});
    const std::array<std::uint8_t, 28> want{2, 0, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0,  // cmd, pad, size
                                            4, 0, 0, 0, 3, 4, 0, 0, 2, 0, 0, 0};             // addr, val, len
    if (e.size != want.size()) return false;
    for (std::size_t i = 0; i < want.size(); ++i)
        if (e.bytes[i] != want[i]) return false;
    return true;
}
static_assert(config_layout());

constexpr bool bar_round_trip() {
    const bar_access a{0xfea00008, 0x1122334455667788, 8, true};
    const encoded e = encode(command::bar_write, a);
    if (e.size != header_size + 24 || e.bytes[header_size + 20] != 1) return false;
    const header h = decode_header(std::span<const std::uint8_t, header_size>(e.bytes.data(), header_size));
    if (!refuse_header(h).empty()) return false;
    const decoded d = decode(h, e.view().subspan(header_size), 0);
    const auto* b = std::get_if<bar_access>(&d.body);
    return d.cmd == command::bar_write && b && b->address == a.address && b->value == a.value && b->size == 8 && b->memory;
}
static_assert(bar_round_trip());

constexpr bool ret_layout() {
    const auto r = encode_ret(0xdeadbeef);
    return r.size() == 24 && r[0] == 1 && r[8] == 8 && r[16] == 0xef && r[19] == 0xde && decode_ret(r) == 0xdeadbeef;
}
static_assert(ret_layout());

header make(std::int32_t cmd, std::uint64_t size) { return {cmd, size}; }
}  // namespace

TEST_CASE("mpqemu wire: headers QEMU's own ends refuse are refused, with the reason") {
    CHECK(refuse_header(make(3, 12)).empty());
    CHECK(refuse_header(make(0, 192)).empty());
    CHECK(refuse_header(make(3, 193)) == "payload larger than 192 bytes");
    CHECK(refuse_header(make(3, ~std::uint64_t{0})) == "payload larger than 192 bytes");
    CHECK(refuse_header(make(8, 0)) == "unknown command");  // MPQEMU_CMD_MAX is not a command
    CHECK(refuse_header(make(-1, 0)) == "unknown command");
    CHECK(refuse_header(make(1, 8)) == "RET sent to the remote");
}

TEST_CASE("mpqemu wire: short payloads and wrong descriptor counts decode as malformed, never read past the payload") {
    const std::array<std::uint8_t, 192> zeros{};
    const auto why = [&](command c, std::size_t n, std::size_t fds) {
        const decoded d = decode(make(static_cast<std::int32_t>(c), n), std::span(zeros).first(n), fds);
        const auto* m = std::get_if<malformed>(&d.body);
        return m ? std::string(m->why) : std::string();
    };
    CHECK(why(command::pci_cfgread, 11, 0) == "config access payload shorter than 12 bytes");
    CHECK(why(command::pci_cfgread, 12, 0).empty());
    CHECK(why(command::pci_cfgread, 0, 0) == "config access payload shorter than 12 bytes");
    CHECK(why(command::bar_read, 23, 0) == "BAR access payload shorter than 24 bytes");
    CHECK(why(command::bar_read, 24, 0).empty());
    CHECK(why(command::sync_sysmem, 191, 1) == "SYNC_SYSMEM payload shorter than 192 bytes");
    CHECK(why(command::sync_sysmem, 192, 0) == "SYNC_SYSMEM without 1 to 8 fds");
    CHECK(why(command::sync_sysmem, 192, 9) == "SYNC_SYSMEM without 1 to 8 fds");
    CHECK(why(command::sync_sysmem, 192, 8).empty());
    CHECK(why(command::set_irqfd, 0, 1) == "SET_IRQFD without exactly 2 fds");
    CHECK(why(command::set_irqfd, 0, 2).empty());
    CHECK(why(command::device_reset, 0, 0).empty());
    // Longer than the layout: the rest is ignored (QEMU sends the layout's size exactly).
    CHECK(why(command::pci_cfgwrite, 100, 0).empty());
}

TEST_CASE("mpqemu wire: SYNC_SYSMEM entries pair with the descriptors in order, offsets signed") {
    sync_sysmem s;
    s.count = 2;
    s.regions[0] = {0, 0xc0000, 0};
    s.regions[1] = {0x100000, 0x7f00000, -4096};
    const encoded e = encode(s);
    const decoded d = decode(make(0, 192), e.view().subspan(header_size), 2);
    const auto* got = std::get_if<sync_sysmem>(&d.body);
    REQUIRE(got != nullptr);
    CHECK(got->count == 2);
    CHECK(got->regions[1].gpa == 0x100000);
    CHECK(got->regions[1].size == 0x7f00000);
    CHECK(got->regions[1].offset == -4096);
    CHECK(got->regions[2].size == 0);  // beyond the fds: not taken
}

TEST_CASE("mpqemu wire: a RET is recognised only whole") {
    auto r = encode_ret(7);
    CHECK(decode_ret(r) == 7u);
    CHECK_FALSE(decode_ret(std::span(r).first(23)).has_value());
    r[0] = 3;
    CHECK_FALSE(decode_ret(r).has_value());
    CHECK(name(command::device_reset) == "DEVICE_RESET");
    CHECK(expects_reply(command::device_reset));
    CHECK_FALSE(expects_reply(command::sync_sysmem));
    CHECK_FALSE(expects_reply(command::set_irqfd));
}

// SPDX-License-Identifier: MIT
// regspace/mpqemu/wire.hpp - the messages of QEMU 7.2's multi-process protocol, the one its
// `-device x-pci-proxy-dev,fd=N` speaks to an out-of-process PCI device (hw/remote/
// mpqemu-link.c, include/hw/remote/mpqemu-link.h): encoding and decoding, nothing else.
//
// A message is a 16-byte header (i32 command, 4 bytes padding, u64 payload size) and then that
// many payload bytes, at most 192 (the size of QEMU's payload union); file descriptors travel
// beside the header as SCM_RIGHTS, at most 8. The layout is the x86-64 one, little-endian, with
// no magic, version or request id: the proxy sends a request and waits for exactly one RET,
// except SYNC_SYSMEM and SET_IRQFD, which are never answered. Decoding never trusts the peer:
// every field is range-checked here, and what does not fit is a `malformed` answer naming why.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>

namespace regspace::mpqemu {

// MPQemuCmd, exactly QEMU 7.2's values.
enum class command : std::int32_t {
    sync_sysmem = 0,   // proxy -> remote: the whole guest RAM map, one memfd per region; no reply
    ret = 1,           // remote -> proxy: the answer to a request, one u64
    pci_cfgwrite = 2,  // config write; RET, value ignored
    pci_cfgread = 3,   // config read; RET, low 32 bits used
    bar_write = 4,     // BAR access at an absolute guest address; RET, value ignored
    bar_read = 5,      // RET, the value in the low end
    set_irqfd = 6,     // the INTx eventfd and its resample eventfd; no reply
    device_reset = 7,  // the device is reset (machine start, system_reset); RET
};
inline constexpr std::int32_t command_count = 8;  // MPQEMU_CMD_MAX

inline constexpr std::size_t header_size = 16;
inline constexpr std::size_t max_payload = 192;  // sizeof the payload union in MPQemuMsg
inline constexpr std::size_t max_fds = 8;        // REMOTE_MAX_FDS

[[nodiscard]] constexpr std::string_view name(command c) noexcept {
    switch (c) {
        case command::sync_sysmem: return "SYNC_SYSMEM";
        case command::ret: return "RET";
        case command::pci_cfgwrite: return "PCI_CFGWRITE";
        case command::pci_cfgread: return "PCI_CFGREAD";
        case command::bar_write: return "BAR_WRITE";
        case command::bar_read: return "BAR_READ";
        case command::set_irqfd: return "SET_IRQFD";
        case command::device_reset: return "DEVICE_RESET";
    }
    return "unknown";
}

// Whether the proxy waits for a RET after sending `c` (mpqemu_msg_send_and_await_reply).
[[nodiscard]] constexpr bool expects_reply(command c) noexcept {
    return c == command::pci_cfgwrite || c == command::pci_cfgread || c == command::bar_write ||
           c == command::bar_read || c == command::device_reset;
}

// ---- payloads ---------------------------------------------------------------------------------
struct config_access {  // PciConfDataMsg: u32 addr, u32 val, i32 len (12 bytes)
    std::uint32_t address = 0;
    std::uint32_t value = 0;  // write data; 0 on reads
    std::int32_t length = 0;  // 1, 2 or 4 from QEMU; anything from a hostile peer
};
struct bar_access {  // BarAccessMsg: u64 addr, u64 val, u32 size, bool memory, 3 padding (24 bytes)
    std::uint64_t address = 0;  // absolute: guest-physical address or I/O port, not a BAR offset
    std::uint64_t value = 0;
    std::uint32_t size = 0;  // 1, 2, 4 or 8
    bool memory = true;      // false: an I/O BAR
};
struct sysmem_region {  // one entry of SyncSysmemMsg: the i-th fd maps `size` bytes at `gpa`
    std::uint64_t gpa = 0, size = 0;
    std::int64_t offset = 0;  // into the fd (off_t)
};
struct sync_sysmem {  // SyncSysmemMsg: u64 gpas[8], u64 sizes[8], i64 offsets[8] (192 bytes)
    std::array<sysmem_region, max_fds> regions{};
    std::size_t count = 0;  // = the number of fds that came with the message
};

inline constexpr std::size_t config_access_size = 12, bar_access_size = 24, sync_sysmem_size = 192, ret_size = 8;

struct header {
    std::int32_t cmd = 0;
    std::uint64_t size = 0;
};

// What a message is, once decoded. `malformed` carries why the message cannot be taken as the
// command it names; the stream is still in step (the whole payload was consumed).
struct malformed {
    std::string_view why;
};
// SET_IRQFD and DEVICE_RESET carry nothing but their command (and SET_IRQFD its two fds).
struct no_payload {};
using request = std::variant<no_payload, sync_sysmem, config_access, bar_access, malformed>;
struct decoded {
    command cmd = command::ret;
    request body = malformed{"empty"};
};

namespace detail {
[[nodiscard]] constexpr std::uint64_t load_le(std::span<const std::uint8_t> b, std::size_t at, std::size_t n) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t{b[at + i]} << (8 * i);
    return v;
}
constexpr void store_le(std::span<std::uint8_t> b, std::size_t at, std::size_t n, std::uint64_t v) {
    for (std::size_t i = 0; i < n; ++i) b[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}
}  // namespace detail

// The header's two fields; nothing is judged yet.
[[nodiscard]] constexpr header decode_header(std::span<const std::uint8_t, header_size> b) {
    return {static_cast<std::int32_t>(static_cast<std::uint32_t>(detail::load_le(b, 0, 4))), detail::load_le(b, 8, 8)};
}

// Why a header cannot start a message this end accepts (an empty view: it can). A size over 192
// is refused as QEMU's own ends refuse it ("Invalid size for message"): the payload could not be
// skipped without reading an unbounded amount, so the link ends. An unknown command, or a RET
// sent to the remote, ends it too: whether the peer waits for an answer is unknowable, so no
// answer could keep the lock-step.
[[nodiscard]] constexpr std::string_view refuse_header(const header& h) {
    if (h.size > max_payload) return "payload larger than 192 bytes";
    if (h.cmd < 0 || h.cmd >= command_count) return "unknown command";
    if (h.cmd == static_cast<std::int32_t>(command::ret)) return "RET sent to the remote";
    return {};
}

// Decodes an accepted header's payload (exactly h.size bytes) that came with `fds` descriptors.
// A payload shorter than its command's layout is malformed; longer is accepted, the rest ignored
// (QEMU sends exactly the layout's size).
[[nodiscard]] constexpr decoded decode(const header& h, std::span<const std::uint8_t> payload, std::size_t fds) {
    // Each answer builds its variant once (no reassignment: Clang 14 cannot evaluate libstdc++'s
    // variant assignment in a constant expression).
    const auto c = static_cast<command>(h.cmd);
    const auto bad = [c](std::string_view why) { return decoded{c, malformed{why}}; };
    const auto need = [&](std::size_t n) { return payload.size() >= n; };
    switch (c) {
        case command::pci_cfgread:
        case command::pci_cfgwrite:
            if (!need(config_access_size)) return bad("config access payload shorter than 12 bytes");
            return {c, config_access{static_cast<std::uint32_t>(detail::load_le(payload, 0, 4)),
                                     static_cast<std::uint32_t>(detail::load_le(payload, 4, 4)),
                                     static_cast<std::int32_t>(static_cast<std::uint32_t>(detail::load_le(payload, 8, 4)))}};
        case command::bar_read:
        case command::bar_write:
            if (!need(bar_access_size)) return bad("BAR access payload shorter than 24 bytes");
            return {c, bar_access{detail::load_le(payload, 0, 8), detail::load_le(payload, 8, 8),
                                  static_cast<std::uint32_t>(detail::load_le(payload, 16, 4)), payload[20] != 0}};
        case command::sync_sysmem: {
            if (!need(sync_sysmem_size)) return bad("SYNC_SYSMEM payload shorter than 192 bytes");
            if (fds == 0 || fds > max_fds) return bad("SYNC_SYSMEM without 1 to 8 fds");
            sync_sysmem s;
            s.count = fds;
            for (std::size_t i = 0; i < fds; ++i)
                s.regions[i] = {detail::load_le(payload, 8 * i, 8), detail::load_le(payload, 64 + 8 * i, 8),
                                static_cast<std::int64_t>(detail::load_le(payload, 128 + 8 * i, 8))};
            return {c, s};
        }
        case command::set_irqfd:
            if (fds != 2) return bad("SET_IRQFD without exactly 2 fds");
            return {c, no_payload{}};
        case command::device_reset: return {c, no_payload{}};
        case command::ret: return bad("RET sent to the remote");
    }
    return bad("unknown command");
}

// A RET: the 16-byte header and the u64 value, as one buffer to send.
[[nodiscard]] constexpr std::array<std::uint8_t, header_size + ret_size> encode_ret(std::uint64_t value) {
    std::array<std::uint8_t, header_size + ret_size> b{};
    detail::store_le(b, 0, 4, static_cast<std::uint32_t>(command::ret));
    detail::store_le(b, 8, 8, ret_size);
    detail::store_le(b, header_size, 8, value);
    return b;
}

// The proxy's side, for tests, fuzz seeds and harnesses: a request as QEMU would send it.
struct encoded {
    std::array<std::uint8_t, header_size + max_payload> bytes{};
    std::size_t size = 0;
    [[nodiscard]] constexpr std::span<const std::uint8_t> view() const noexcept { return {bytes.data(), size}; }
};
[[nodiscard]] constexpr encoded encode_header(command c, std::size_t payload) {
    encoded e;
    detail::store_le(e.bytes, 0, 4, static_cast<std::uint32_t>(c));
    detail::store_le(e.bytes, 8, 8, payload);
    e.size = header_size + (payload < max_payload ? payload : max_payload);  // the header may claim more
    return e;
}
[[nodiscard]] constexpr encoded encode(command c, const config_access& a) {
    encoded e = encode_header(c, config_access_size);
    detail::store_le(e.bytes, header_size, 4, a.address);
    detail::store_le(e.bytes, header_size + 4, 4, a.value);
    detail::store_le(e.bytes, header_size + 8, 4, static_cast<std::uint32_t>(a.length));
    return e;
}
[[nodiscard]] constexpr encoded encode(command c, const bar_access& a) {
    encoded e = encode_header(c, bar_access_size);
    detail::store_le(e.bytes, header_size, 8, a.address);
    detail::store_le(e.bytes, header_size + 8, 8, a.value);
    detail::store_le(e.bytes, header_size + 16, 4, a.size);
    e.bytes[header_size + 20] = a.memory ? 1 : 0;
    return e;
}
[[nodiscard]] constexpr encoded encode(const sync_sysmem& s) {
    encoded e = encode_header(command::sync_sysmem, sync_sysmem_size);
    for (std::size_t i = 0; i < s.count && i < max_fds; ++i) {
        detail::store_le(e.bytes, header_size + 8 * i, 8, s.regions[i].gpa);
        detail::store_le(e.bytes, header_size + 64 + 8 * i, 8, s.regions[i].size);
        detail::store_le(e.bytes, header_size + 128 + 8 * i, 8, static_cast<std::uint64_t>(s.regions[i].offset));
    }
    return e;
}
// A RET's value, for the proxy's side: nullopt unless `b` is a whole RET.
[[nodiscard]] constexpr std::optional<std::uint64_t> decode_ret(std::span<const std::uint8_t> b) {
    if (b.size() < header_size) return std::nullopt;
    const header h = decode_header(b.first<header_size>());
    if (h.cmd != static_cast<std::int32_t>(command::ret) || h.size != ret_size || b.size() != header_size + ret_size)
        return std::nullopt;
    return detail::load_le(b, header_size, 8);
}

}  // namespace regspace::mpqemu

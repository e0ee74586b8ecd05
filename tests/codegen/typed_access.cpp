// SPDX-License-Identifier: MIT
// Typed access compiled with -O2 against what a hand-written model does with the same register:
// check.cmake compiles this file to assembly and requires each typed_X function to be exactly the
// instructions of raw_X (x86-64, GCC and Clang; the suite runs it with each compiler).
//
// The raw side is the usual hand-written emulator: the configuration space as little-endian bytes,
// registers loaded and stored at their own width, write masks as constants.
#include <cstdint>
#include <cstring>

#include "../../examples/readme_device.hpp"

using dev = regspace::device<toy::config>;
struct raw {
    alignas(8) unsigned char cfg[256];
};

namespace {
template <class T>
T load(const raw& r, unsigned off) {
    T v;
    std::memcpy(&v, r.cfg + off, sizeof v);
    return v;
}
template <class T>
void store(raw& r, unsigned off, T v) {
    std::memcpy(r.cfg + off, &v, sizeof v);
}
}  // namespace

extern "C" {
// Device side: COMMAND (2 bytes at 04h), BAR0 (4 bytes at 10h).
std::uint16_t typed_get(const dev& d) { return d.get<toy::command>(); }
std::uint16_t raw_get(const raw& r) { return load<std::uint16_t>(r, 0x04); }

std::uint32_t typed_get32(const dev& d) { return d.get<toy::bar0>(); }
std::uint32_t raw_get32(const raw& r) { return load<std::uint32_t>(r, 0x10); }

// set() stores the register's data bits (COMMAND's fields are bits 0-2 and 10 = 0407h).
void typed_set(dev& d, std::uint16_t v) { d.set<toy::command>(v); }
void raw_set(raw& r, std::uint16_t v) { store<std::uint16_t>(r, 0x04, v & 0x0407); }

// A one-bit field: STATUS.RMA is bit 13 of the word at 06h.
std::uint64_t typed_field_get(const dev& d) { return d.get<toy::status, "RMA">(); }
std::uint64_t raw_field_get(const raw& r) { return (load<std::uint16_t>(r, 0x06) >> 13) & 1; }

// A four-bit field: CTL.MODE is bits 3:0 of the dword at 40h.
void typed_field_set(dev& d, std::uint32_t v) { d.set<toy::ctl, "MODE">(v); }
void raw_field_set(raw& r, std::uint32_t v) {
    store<std::uint32_t>(r, 0x40, (load<std::uint32_t>(r, 0x40) & ~0xfu) | (v & 0xf));
}

// Guest side, typed: the access policies folded to constants.
std::uint16_t typed_guest_read(dev& d) { return d.read<toy::command>(); }
std::uint16_t raw_guest_read(const raw& r) { return load<std::uint16_t>(r, 0x04); }

void typed_guest_write(dev& d, std::uint16_t v) { d.write<toy::command>(v); }  // RW bits 0407h
void raw_guest_write(raw& r, std::uint16_t v) {
    store<std::uint16_t>(r, 0x04, static_cast<std::uint16_t>((load<std::uint16_t>(r, 0x04) & ~0x0407) | (v & 0x0407)));
}

void typed_guest_write_w1c(dev& d, std::uint16_t v) { d.write<toy::status>(v); }  // RMA is RW1C
void raw_guest_write_w1c(raw& r, std::uint16_t v) {
    store<std::uint16_t>(r, 0x06, static_cast<std::uint16_t>(load<std::uint16_t>(r, 0x06) & ~(v & 0x2000)));
}
}

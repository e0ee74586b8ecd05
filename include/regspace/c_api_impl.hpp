// SPDX-License-Identifier: MIT
// regspace/c_api_impl.hpp - the definitions of regspace/c_api.h's entry points. Include it in
// exactly one translation unit of the library that exports devices (with its factories, see
// regspace/c_export.hpp); every other user includes only c_api.h.
//
// Each entry point checks its arguments first and catches whatever the C++ side could throw
// (allocation, mostly), answering with a status: nothing unwinds into C.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <regspace/c_api.h>
#include <regspace/c_export.hpp>
#include <regspace/export.hpp>
#include <regspace/print.hpp>

namespace regspace::c_abi::detail {
inline bool has_space(const regspace_device* d, unsigned space) { return d && space < d->spaces; }

inline regspace_status status_of(access_status s) {
    switch (s) {
        case access_status::ok: return REGSPACE_OK;
        case access_status::bad_size: return REGSPACE_BAD_SIZE;
        case access_status::out_of_range: return REGSPACE_OUT_OF_RANGE;
        case access_status::size_refused: return REGSPACE_SIZE_REFUSED;
    }
    return REGSPACE_OK;
}

// Copies `text` and its NUL into buffer if it fits; *needed (if given) is its size with the NUL.
inline regspace_status give_text(const std::string& text, char* buffer, std::size_t capacity, std::size_t* needed) {
    if (needed) *needed = text.size() + 1;
    if (!buffer || capacity < text.size() + 1) return REGSPACE_BUFFER_TOO_SMALL;
    std::memcpy(buffer, text.c_str(), text.size() + 1);
    return REGSPACE_OK;
}

struct located {
    const register_info* reg = nullptr;
    unsigned offset = 0;            // the element's absolute offset
    std::uint64_t mask = 0;         // the bits named (the field's, or the register's data bits)
    unsigned lsb = 0;
};
// The register element and field (NULL or "": the whole register's data bits) by name: "REG",
// or "BLOCK.REG" where several blocks (capabilities) have a register of that name.
inline regspace_status locate(const space_info& s, const char* reg, unsigned index, const char* field, located& out) {
    if (!reg) return REGSPACE_INVALID_ARGUMENT;
    std::string_view want(reg), block;
    bool qualified = false;
    const register_info* found = nullptr;
    for (int pass = 0; pass < 2 && !found; ++pass) {
        // First the name as given; then, if it has a '.', as BLOCK.REG.
        if (pass == 1) {
            const std::size_t dot = std::string_view(reg).rfind('.');
            if (dot == std::string_view::npos) break;
            block = std::string_view(reg).substr(0, dot);
            want = std::string_view(reg).substr(dot + 1);
            qualified = true;
        }
        for (const register_info& r : s.registers) {
            if (r.name != want || (qualified && r.block != block)) continue;
            if (found) return REGSPACE_AMBIGUOUS;
            found = &r;
        }
    }
    if (!found || index >= found->count) return REGSPACE_NOT_FOUND;
    out.reg = found;
    out.offset = found->offset + index * found->stride;
    if (!field || !*field) {
        for (const field_info& f : found->fields)
            if (f.policy != access::kind::rsvdp && f.policy != access::kind::rsvdz)
                out.mask |= regspace::detail::low_bits(f.width) << f.lsb;
        out.lsb = 0;
        return REGSPACE_OK;
    }
    for (const field_info& f : found->fields)
        if (f.name == std::string_view(field)) {
            out.mask = regspace::detail::low_bits(f.width) << f.lsb;
            out.lsb = f.lsb;
            return REGSPACE_OK;
        }
    return REGSPACE_NOT_FOUND;
}

inline std::uint64_t stored(const regspace_device* d, unsigned space, unsigned offset, unsigned bytes) {
    return d->fn->peek(space, offset, bytes < 8 ? bytes : 8);
}

// The register elements an access at [offset, offset + size) touches, with their values now.
struct touched {
    unsigned reg, index, offset, bytes;
    std::uint64_t before;
};
inline std::vector<touched> touched_by(const regspace_device* d, unsigned space, unsigned offset, unsigned size) {
    std::vector<touched> t;
    const space_info s = d->fn->info(space);
    const std::uint64_t end = std::uint64_t{offset} + size;
    for (unsigned i = 0; i < s.registers.size(); ++i) {
        const register_info& r = s.registers[i];
        if (r.count == 0 || end <= r.offset) continue;
        for (unsigned e = 0; e < r.count; ++e) {
            const unsigned at = r.offset + e * r.stride;
            if (at >= end) break;
            if (at + r.bytes <= offset) continue;
            t.push_back({i, e, at, r.bytes, stored(d, space, at, r.bytes)});
        }
    }
    return t;
}
// An access with an explain trace or the on_write callback (or both).
[[gnu::noinline]] inline regspace_status access_slow(regspace_device* device, unsigned space, unsigned offset, unsigned size,
                                                     bool write, std::uint64_t value, std::uint64_t* read_value) {
    try {
        std::vector<touched> before;
        if (write && device->callbacks.on_write) before = touched_by(device, space, offset, size);
        regspace_status st = REGSPACE_OK;
        if (device->explain) {
            const explanation e = device->fn->explain(space, offset, size, write, value);
            device->last_explanation = to_text(e);
            if (read_value) *read_value = e.value;
            st = status_of(e.status);
        } else if (write) {
            st = status_of(device->fn->write(space, offset, size, value));
        } else {
            st = status_of(device->fn->read(space, offset, size, *read_value));
        }
        for (const touched& t : before) {
            const std::uint64_t now = stored(device, space, t.offset, t.bytes);
            if (now != t.before)
                device->callbacks.on_write(device->callbacks.opaque, space, device->register_names[space][t.reg].c_str(),
                                           t.index, t.before, now);
        }
        return st;
    } catch (...) {
        if (read_value) *read_value = ~std::uint64_t{0};
        return REGSPACE_INVALID_ARGUMENT;
    }
}
}  // namespace regspace::c_abi::detail

extern "C" {

uint32_t regspace_abi_version(void) { return REGSPACE_C_ABI_VERSION; }
size_t regspace_callbacks_size(void) { return sizeof(regspace_callbacks); }

void regspace_destroy(regspace_device* device) { delete device; }

const char* regspace_device_name(const regspace_device* device) { return device ? device->name.c_str() : ""; }
unsigned regspace_space_count(const regspace_device* device) { return device ? device->spaces : 0; }
const char* regspace_space_name(const regspace_device* device, unsigned space) {
    return regspace::c_abi::detail::has_space(device, space) ? device->space_names[space].c_str() : nullptr;
}
uint64_t regspace_space_size(const regspace_device* device, unsigned space) {
    return regspace::c_abi::detail::has_space(device, space) ? device->fn->info(space).size : 0;
}

// The access paths: the plain one inline and short (a VMM's hot path), explain traces and the
// on_write callback out of line.
regspace_status regspace_read(regspace_device* device, unsigned space, uint32_t offset, uint32_t size, uint64_t* value) {
    namespace d = regspace::c_abi::detail;
    if (!device || space >= device->spaces || !value) return REGSPACE_INVALID_ARGUMENT;
    if (device->explain) [[unlikely]]
        return d::access_slow(device, space, offset, size, false, 0, value);
    return d::status_of(device->fn->read(space, offset, size, *value));
}

regspace_status regspace_write(regspace_device* device, unsigned space, uint32_t offset, uint32_t size, uint64_t value) {
    namespace d = regspace::c_abi::detail;
    if (!device || space >= device->spaces) return REGSPACE_INVALID_ARGUMENT;
    if (device->explain || device->callbacks.on_write) [[unlikely]]
        return d::access_slow(device, space, offset, size, true, value, nullptr);
    return d::status_of(device->fn->write(space, offset, size, value));
}

regspace_status regspace_field_find(const regspace_device* device, unsigned space, const char* reg, unsigned index,
                                    const char* field, regspace_field* out) {
    namespace d = regspace::c_abi::detail;
    if (!d::has_space(device, space) || !out) return REGSPACE_INVALID_ARGUMENT;
    d::located at;
    const regspace_status st = d::locate(device->fn->info(space), reg, index, field, at);
    if (st != REGSPACE_OK) return st;
    *out = regspace_field{space, at.offset, at.reg->bytes < 8 ? at.reg->bytes : 8, at.lsb, at.mask};
    return REGSPACE_OK;
}

regspace_status regspace_field_read(const regspace_device* device, const regspace_field* field, uint64_t* value) {
    namespace d = regspace::c_abi::detail;
    if (!field || !value || !d::has_space(device, field->space) || field->bytes == 0 || field->bytes > 8 || field->lsb >= 64)
        return REGSPACE_INVALID_ARGUMENT;
    *value = (device->fn->peek(field->space, field->offset, field->bytes) & field->mask) >> field->lsb;
    return REGSPACE_OK;
}

regspace_status regspace_field_write(regspace_device* device, const regspace_field* field, uint64_t value) {
    namespace d = regspace::c_abi::detail;
    if (!field || !d::has_space(device, field->space) || field->bytes == 0 || field->bytes > 8 || field->lsb >= 64)
        return REGSPACE_INVALID_ARGUMENT;
    device->fn->poke(field->space, field->offset, field->bytes, value << field->lsb, field->mask);
    return REGSPACE_OK;
}

regspace_status regspace_get_field(const regspace_device* device, unsigned space, const char* reg, unsigned index,
                                   const char* field, uint64_t* value) {
    if (!value) return REGSPACE_INVALID_ARGUMENT;
    regspace_field f{};
    const regspace_status st = regspace_field_find(device, space, reg, index, field, &f);
    return st == REGSPACE_OK ? regspace_field_read(device, &f, value) : st;
}

regspace_status regspace_set_field(regspace_device* device, unsigned space, const char* reg, unsigned index,
                                   const char* field, uint64_t value) {
    regspace_field f{};
    const regspace_status st = regspace_field_find(device, space, reg, index, field, &f);
    return st == REGSPACE_OK ? regspace_field_write(device, &f, value) : st;
}

regspace_status regspace_reset(regspace_device* device, int kind) {
    if (!device || !device->fn) return REGSPACE_INVALID_ARGUMENT;
    regspace::reset_kind k{};
    switch (kind) {
        case REGSPACE_RESET_COLD: k = regspace::reset_kind::cold; break;
        case REGSPACE_RESET_WARM: k = regspace::reset_kind::warm; break;
        case REGSPACE_RESET_FLR: k = regspace::reset_kind::flr; break;
        default: return REGSPACE_INVALID_ARGUMENT;
    }
    try {
        device->fn->reset(k);
        return REGSPACE_OK;
    } catch (...) {
        return REGSPACE_INVALID_ARGUMENT;
    }
}

regspace_status regspace_advance(regspace_device* device, uint64_t nanoseconds) {
    if (!device || !device->fn) return REGSPACE_INVALID_ARGUMENT;
    try {
        device->fn->advance(nanoseconds);
        return REGSPACE_OK;
    } catch (...) {
        return REGSPACE_INVALID_ARGUMENT;
    }
}

regspace_status regspace_save(const regspace_device* device, void* buffer, size_t capacity, size_t* needed) {
    if (!device || !device->fn) return REGSPACE_INVALID_ARGUMENT;
    try {
        const std::vector<std::uint8_t> bytes = device->fn->save();
        if (needed) *needed = bytes.size();
        if (!buffer || capacity < bytes.size()) return REGSPACE_BUFFER_TOO_SMALL;
        if (!bytes.empty()) std::memcpy(buffer, bytes.data(), bytes.size());
        return REGSPACE_OK;
    } catch (...) {
        return REGSPACE_INVALID_ARGUMENT;
    }
}

regspace_status regspace_restore(regspace_device* device, const void* bytes, size_t size, char* why, size_t why_capacity) {
    if (!device || !device->fn || (!bytes && size)) return REGSPACE_INVALID_ARGUMENT;
    try {
        const auto* p = static_cast<const std::uint8_t*>(bytes);
        const regspace::restore_result r = device->fn->restore(std::span<const std::uint8_t>(p, p ? size : 0));
        if (r) return REGSPACE_OK;
        if (why && why_capacity) {
            const std::size_t n = std::min(r.message.size(), why_capacity - 1);
            std::memcpy(why, r.message.data(), n);
            why[n] = '\0';
        }
        return REGSPACE_REFUSED;
    } catch (...) {
        return REGSPACE_INVALID_ARGUMENT;
    }
}

regspace_status regspace_describe(const regspace_device* device, unsigned space, char* buffer, size_t capacity, size_t* needed) {
    namespace d = regspace::c_abi::detail;
    if (!d::has_space(device, space)) return REGSPACE_INVALID_ARGUMENT;
    try {
        return d::give_text(regspace::json_register_map(device->fn->info(space)), buffer, capacity, needed);
    } catch (...) {
        return REGSPACE_INVALID_ARGUMENT;
    }
}

regspace_status regspace_set_explain(regspace_device* device, int enabled) {
    if (!device || !device->fn) return REGSPACE_INVALID_ARGUMENT;
    device->explain = enabled != 0;
    device->last_explanation.clear();
    return REGSPACE_OK;
}

regspace_status regspace_explain_last(const regspace_device* device, char* buffer, size_t capacity, size_t* needed) {
    if (!device || !device->fn) return REGSPACE_INVALID_ARGUMENT;
    if (!device->explain) return REGSPACE_NOT_ENABLED;
    try {
        return regspace::c_abi::detail::give_text(device->last_explanation, buffer, capacity, needed);
    } catch (...) {
        return REGSPACE_INVALID_ARGUMENT;
    }
}

}  // extern "C"

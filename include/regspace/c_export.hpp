// SPDX-License-Identifier: MIT
// regspace/c_export.hpp - any regspace device behind the C ABI of regspace/c_api.h.
//
// A device becomes a `regspace_device*` through a c_abi::function: `single<Device>` exports one
// regspace device (its hooks included), and a model with several spaces or state of its own
// derives from `function` itself (examples/capi/devices.cpp does for edu). The C entry points
// are defined once, in the translation unit that includes regspace/c_api_impl.hpp; a factory
// hands its function to c_abi::make_handle:
//
//   extern "C" regspace_device* my_dev_create(const regspace_callbacks* cb) {
//       return regspace::c_abi::make_handle(std::make_unique<regspace::c_abi::single<my_device>>("my-dev"), cb);
//   }
//
// Nothing here throws across the boundary: make_handle answers NULL when allocation fails, and
// the entry points check every argument before they touch the device.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <regspace/c_api.h>
#include <regspace/device.hpp>
#include <regspace/explain.hpp>
#include <regspace/introspect.hpp>
#include <regspace/snapshot.hpp>

namespace regspace::c_abi {

// What the C entry points need of an exported device. Spaces are numbered from 0.
class function {
public:
    virtual ~function() = default;
    [[nodiscard]] virtual std::string_view name() const = 0;
    [[nodiscard]] virtual unsigned spaces() const = 0;
    [[nodiscard]] virtual space_info info(unsigned space) const = 0;
    // Guest access with every policy and the device's logic; the status of the access.
    virtual access_status read(unsigned space, unsigned offset, unsigned size, std::uint64_t& value) = 0;
    virtual access_status write(unsigned space, unsigned offset, unsigned size, std::uint64_t value) = 0;
    // What is stored (up to 8 bytes, no side effect), and a device-side store of the bits of
    // `mask` (bit 8i..8i+7: byte i): no policy, as device::set<R>.
    [[nodiscard]] virtual std::uint64_t peek(unsigned space, unsigned offset, unsigned size) const = 0;
    virtual void poke(unsigned space, unsigned offset, unsigned size, std::uint64_t value, std::uint64_t mask) = 0;
    virtual void reset(reset_kind kind) = 0;
    virtual void advance(std::uint64_t) {}
    [[nodiscard]] virtual std::vector<std::uint8_t> save() const = 0;
    virtual restore_result restore(std::span<const std::uint8_t> bytes) = 0;
    virtual explanation explain(unsigned space, unsigned offset, unsigned size, bool write, std::uint64_t value) = 0;
};

namespace detail {
// Up to 8 stored bytes of a device: one peek where the space takes the size; a register wider
// than the space's accesses (piecewise) in pieces of the widest; anything else byte by byte.
template <class D>
std::uint64_t peek(const D& d, unsigned offset, unsigned size) {
    if ((size == 1 || size == 2 || size == 4 || size == 8) && size <= D::max_access) return d.peek(offset, size);
    const unsigned step = size % D::max_access == 0 ? D::max_access : 1;
    std::uint64_t v = 0;
    for (unsigned i = 0; i < size && i < 8; i += step) v |= d.peek(offset + i, step) << (8 * i);
    return v;
}
template <class D>
void poke(D& d, unsigned offset, unsigned size, std::uint64_t value, std::uint64_t mask) {
    regspace::detail::device_access::store(d, offset, size, value, mask);
}
}  // namespace detail

// One regspace device as a function with one space.
template <class Device>
class single : public function {
public:
    explicit single(std::string name, Device dev = Device{}) : name_(std::move(name)), dev_(std::move(dev)) {}
    [[nodiscard]] std::string_view name() const override { return name_; }
    [[nodiscard]] unsigned spaces() const override { return 1; }
    [[nodiscard]] space_info info(unsigned) const override { return describe<typename Device::space_type>(); }
    access_status read(unsigned, unsigned offset, unsigned size, std::uint64_t& value) override {
        return regspace::detail::device_access::read(dev_, offset, size, value);
    }
    access_status write(unsigned, unsigned offset, unsigned size, std::uint64_t value) override {
        return regspace::detail::device_access::write(dev_, offset, size, value);
    }
    [[nodiscard]] std::uint64_t peek(unsigned, unsigned offset, unsigned size) const override {
        return detail::peek(dev_, offset, size);
    }
    void poke(unsigned, unsigned offset, unsigned size, std::uint64_t value, std::uint64_t mask) override {
        detail::poke(dev_, offset, size, value, mask);
    }
    void reset(reset_kind kind) override { dev_.reset(kind); }
    [[nodiscard]] std::vector<std::uint8_t> save() const override { return regspace::save(dev_); }
    restore_result restore(std::span<const std::uint8_t> bytes) override { return regspace::restore(dev_, bytes); }
    explanation explain(unsigned, unsigned offset, unsigned size, bool write, std::uint64_t value) override {
        return write ? explain_write(dev_, offset, size, value) : explain_read(dev_, offset, size);
    }
    [[nodiscard]] Device& device() noexcept { return dev_; }

private:
    std::string name_;
    Device dev_;
};

}  // namespace regspace::c_abi

// The handle C holds: the function, the caller's callbacks (as much of them as the caller
// knew), the explain state, and NUL-terminated copies of the names C is given.
struct regspace_device {
    std::unique_ptr<regspace::c_abi::function> fn;
    unsigned spaces = 0;  // fn->spaces(), checked on every access
    regspace_callbacks callbacks{};
    bool explain = false;
    std::string last_explanation;
    std::string name;
    std::vector<std::string> space_names;
    std::vector<std::vector<std::string>> register_names;  // [space][register]
};

namespace regspace::c_abi {

// Takes `fn` into a handle with a copy of the callbacks (NULL: none; a caller's struct smaller
// than this library's is copied as far as it goes). NULL when allocation fails.
inline regspace_device* make_handle(std::unique_ptr<function> fn, const regspace_callbacks* cb) noexcept {
    if (!fn) return nullptr;
    try {
        auto h = std::make_unique<regspace_device>();
        if (cb) {
            const std::size_t n = cb->size < sizeof(regspace_callbacks) ? cb->size : sizeof(regspace_callbacks);
            std::memcpy(&h->callbacks, cb, n);
            h->callbacks.size = static_cast<std::uint32_t>(n);
        }
        h->name = std::string(fn->name());
        for (unsigned s = 0; s < fn->spaces(); ++s) {
            const space_info i = fn->info(s);
            h->space_names.emplace_back(i.name);
            std::vector<std::string> names;
            for (const register_info& r : i.registers) names.emplace_back(r.name);
            h->register_names.push_back(std::move(names));
        }
        h->spaces = fn->spaces();
        h->fn = std::move(fn);
        return h.release();
    } catch (...) {
        return nullptr;
    }
}

}  // namespace regspace::c_abi

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
    // One byte as stored, and a device-side store of the bits in `mask` of the byte: no policy.
    [[nodiscard]] virtual std::uint8_t peek_byte(unsigned space, unsigned offset) const = 0;
    virtual void poke_byte(unsigned space, unsigned offset, std::uint8_t value, std::uint8_t mask) = 0;
    virtual void reset(reset_kind kind) = 0;
    virtual void advance(std::uint64_t) {}
    [[nodiscard]] virtual std::vector<std::uint8_t> save() const = 0;
    virtual restore_result restore(std::span<const std::uint8_t> bytes) = 0;
    virtual explanation explain(unsigned space, unsigned offset, unsigned size, bool write, std::uint64_t value) = 0;
};

namespace detail {
// A device-side store into one byte of a device's state (policy-free, like device::set<R>).
template <class D>
void poke(D& d, unsigned offset, std::uint8_t value, std::uint8_t mask) {
    using access = regspace::detail::device_access;
    using Space = typename D::space_type;
    if (offset >= Space::size) return;
    auto regs = access::state(d);
    const std::size_t slot = regspace::detail::lane_map<Space>::slot(offset / 8);
    const unsigned shift = (offset % 8) * 8;
    const std::uint64_t m = std::uint64_t{mask} << shift;
    regs[slot] = (regs[slot] & ~m) | ((std::uint64_t{value} << shift) & m);
    access::replace(d, regs, access::reset_image(d), access::write_once_spent(d), access::invalid_count(d));
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
        value = dev_.read(offset, size);
        return dev_.last_status();
    }
    access_status write(unsigned, unsigned offset, unsigned size, std::uint64_t value) override {
        dev_.write(offset, size, value);
        return dev_.last_status();
    }
    [[nodiscard]] std::uint8_t peek_byte(unsigned, unsigned offset) const override {
        return static_cast<std::uint8_t>(dev_.peek(offset, 1));
    }
    void poke_byte(unsigned, unsigned offset, std::uint8_t value, std::uint8_t mask) override {
        detail::poke(dev_, offset, value, mask);
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
    regspace_callbacks callbacks{};
    bool explain = false;
    bool explained = false;
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
        h->fn = std::move(fn);
        return h.release();
    } catch (...) {
        return nullptr;
    }
}

}  // namespace regspace::c_abi

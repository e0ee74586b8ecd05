// SPDX-License-Identifier: MIT
// The shipped devices behind the C ABI (regspace/c_api.h), built as the regspace-devices
// libraries (shared and static): the Q35 MCH (QEMU 7.2 profile), the SR-IOV NIC's PF
// (examples/sriov_nic.hpp) and QEMU's edu device (examples/edu.hpp), whose platform (INTx, MSI,
// DMA) is the caller's callbacks.
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include <regspace/c_api.h>
#include <regspace/c_api_impl.hpp>
#include <regspace/c_export.hpp>
#include <regspace/q35/mch.hpp>

#include "../edu.hpp"
#include "../sriov_nic.hpp"

namespace {
using namespace regspace;

// edu: configuration space (0) and BAR0 (1), its model's state in the snapshot, its platform
// the C callbacks (a missing one: the line goes nowhere, the MSI is dropped, DMA is refused).
class edu_function final : public c_abi::function, edu::platform {
public:
    explicit edu_function(const regspace_callbacks* cb) {
        if (cb) {
            const std::size_t n = cb->size < sizeof cb_ ? cb->size : sizeof cb_;
            std::memcpy(&cb_, cb, n);
        }
    }
    // edu::platform
    // (Members past the caller's struct size were never copied: they are null.)
    void set_intx(bool level) override {
        if (cb_.set_intx) cb_.set_intx(cb_.opaque, level ? 1 : 0);
    }
    void send_msi(pci::msi_message m) override {
        if (cb_.send_msi) cb_.send_msi(cb_.opaque, m.address, m.data);
    }
    pci::guest_memory& memory() override { return memory_; }

    // c_abi::function
    [[nodiscard]] std::string_view name() const override { return "edu"; }
    [[nodiscard]] unsigned spaces() const override { return 2; }
    [[nodiscard]] space_info info(unsigned space) const override {
        return space == 0 ? describe<edu::config::type>() : describe<edu::bar>();
    }
    access_status read(unsigned space, unsigned offset, unsigned size, std::uint64_t& value) override {
        if (space == 0) {
            value = fn_.config_read(offset, size);
            return fn_.config_space().last_status();
        }
        value = fn_.mmio_read(offset, size);
        return fn_.bar0().last_status();
    }
    access_status write(unsigned space, unsigned offset, unsigned size, std::uint64_t value) override {
        if (space == 0) {
            fn_.config_write(offset, size, value);
            return fn_.config_space().last_status();
        }
        fn_.mmio_write(offset, size, value);
        return fn_.bar0().last_status();
    }
    [[nodiscard]] std::uint64_t peek(unsigned space, unsigned offset, unsigned size) const override {
        return space == 0 ? c_abi::detail::peek(fn_.config_space(), offset, size) : c_abi::detail::peek(fn_.bar0(), offset, size);
    }
    void poke(unsigned space, unsigned offset, unsigned size, std::uint64_t value, std::uint64_t mask) override {
        if (space == 0) c_abi::detail::poke(fn_.config_space(), offset, size, value, mask);
        else c_abi::detail::poke(fn_.bar0(), offset, size, value, mask);
    }
    void reset(reset_kind kind) override { fn_.reset(kind); }
    void advance(std::uint64_t ns) override { fn_.advance(ns); }
    [[nodiscard]] std::vector<std::uint8_t> save() const override { return fn_.save(); }
    restore_result restore(std::span<const std::uint8_t> bytes) override { return fn_.restore(bytes); }
    explanation explain(unsigned space, unsigned offset, unsigned size, bool write, std::uint64_t value) override {
        if (space == 0)
            return write ? explain_write(fn_.config_space(), offset, size, value) : explain_read(fn_.config_space(), offset, size);
        return write ? explain_write(fn_.bar0(), offset, size, value) : explain_read(fn_.bar0(), offset, size);
    }

private:
    struct c_memory final : pci::guest_memory {
        const regspace_callbacks* cb;
        bool read(std::uint64_t a, std::span<std::uint8_t> into) override {
            return cb->dma_read && cb->dma_read(cb->opaque, a, into.data(), into.size()) == 1;
        }
        bool write(std::uint64_t a, std::span<const std::uint8_t> from) override {
            return cb->dma_write && cb->dma_write(cb->opaque, a, from.data(), from.size()) == 1;
        }
        explicit c_memory(const regspace_callbacks* c) : cb(c) {}
    };
    regspace_callbacks cb_{};
    c_memory memory_{&cb_};
    edu::function fn_{*this};
};

// A handle for a new F, or NULL: nothing thrown here reaches C.
template <class F, class... A>
regspace_device* create(const regspace_callbacks* callbacks, A&&... args) noexcept {
    try {
        return c_abi::make_handle(std::make_unique<F>(std::forward<A>(args)...), callbacks);
    } catch (...) {
        return nullptr;
    }
}

}  // namespace

extern "C" {

regspace_device* regspace_q35_mch_create(const regspace_callbacks* callbacks) {
    return create<c_abi::single<device<q35::mch<>::space>>>(callbacks, "q35-mch");
}
regspace_device* regspace_sriov_nic_create(const regspace_callbacks* callbacks) {
    return create<c_abi::single<nic::pf_device>>(callbacks, "sriov-nic-pf");
}
regspace_device* regspace_edu_create(const regspace_callbacks* callbacks) { return create<edu_function>(callbacks, callbacks); }

}  // extern "C"

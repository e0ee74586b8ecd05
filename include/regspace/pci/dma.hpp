// SPDX-License-Identifier: MIT
// regspace/pci/dma.hpp - a device model reading and writing guest memory.
//
// The VMM implements guest_memory (its address space as the function sees it: through an IOMMU,
// if it has one); tests implement it over a buffer (buffer_memory below). A function may master
// the bus only while Command.Bus Master Enable is set (PCI LB 3.0 §6.2.2): dma_read / dma_write
// refuse otherwise, before touching memory, and say so.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include <regspace/pci/header_common.hpp>

namespace regspace::pci {

struct guest_memory {
    // Whole transfers: true when every byte was read or written.
    virtual bool read(std::uint64_t address, std::span<std::uint8_t> into) = 0;
    virtual bool write(std::uint64_t address, std::span<const std::uint8_t> from) = 0;
    virtual ~guest_memory() = default;
};

enum class dma_status : std::uint8_t {
    ok,
    bus_master_disabled,  // Command.BME is 0: memory was not touched
    memory_error          // the VMM refused the range (unmapped, IOMMU fault)
};

template <class Cfg>
dma_status dma_read(const Cfg& cfg, guest_memory& memory, std::uint64_t address, std::span<std::uint8_t> into) {
    if (!cfg.template get<command_reg, "BME">()) return dma_status::bus_master_disabled;
    return memory.read(address, into) ? dma_status::ok : dma_status::memory_error;
}
template <class Cfg>
dma_status dma_write(const Cfg& cfg, guest_memory& memory, std::uint64_t address, std::span<const std::uint8_t> from) {
    if (!cfg.template get<command_reg, "BME">()) return dma_status::bus_master_disabled;
    return memory.write(address, from) ? dma_status::ok : dma_status::memory_error;
}

// Guest memory as one buffer at `base`: any transfer outside it fails whole.
class buffer_memory final : public guest_memory {
public:
    buffer_memory(std::uint64_t base, std::size_t size) : base_(base), bytes_(size) {}
    bool read(std::uint64_t address, std::span<std::uint8_t> into) override {
        if (!inside(address, into.size())) return false;
        if (!into.empty()) std::memcpy(into.data(), bytes_.data() + (address - base_), into.size());
        return true;
    }
    bool write(std::uint64_t address, std::span<const std::uint8_t> from) override {
        if (!inside(address, from.size())) return false;
        if (!from.empty()) std::memcpy(bytes_.data() + (address - base_), from.data(), from.size());
        return true;
    }
    [[nodiscard]] std::span<std::uint8_t> bytes() noexcept { return bytes_; }
    [[nodiscard]] std::uint64_t base() const noexcept { return base_; }

private:
    bool inside(std::uint64_t address, std::size_t n) const noexcept {
        return address >= base_ && address - base_ <= bytes_.size() && n <= bytes_.size() - (address - base_);
    }
    std::uint64_t base_;
    std::vector<std::uint8_t> bytes_;
};

}  // namespace regspace::pci

// SPDX-License-Identifier: MIT
// regspace/q35/platform_snapshot.hpp - the platform's own section of its snapshot (the user
// section q35::platform::save() adds to the MCH's snapshot; docs/snapshot.md).
//
// Saved is what the MCH's registers do not determine: CONFIG_ADDRESS (the host bridge's latch),
// RST_CNT and the ECAM window (PCIEXBAR alone does not decide it: a reserved length keeps the
// previous window, as in QEMU). PAM, SMRAM and SMBASE follow from the registers and are
// re-derived on restore. Reading and checking the section needs no platform; applying it (the
// platform's private state, the events it reports, the check against PCIEXBAR) is
// platform::restore's, in platform.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <regspace/q35/mch.hpp>
#include <regspace/snapshot.hpp>

namespace regspace::q35 {

// 22 bytes, little-endian: CONFIG_ADDRESS (4), RST_CNT (1), ECAM enabled (1, 0 or 1), ECAM base
// (8), ECAM size (8).
struct platform_section {
    static constexpr std::size_t size = 22;

    std::uint32_t config_address = 0;
    std::uint8_t rst_cnt = 0;
    ecam_window ecam{true, false, 0, 0};  // a disabled window: no base, no size

    void put(std::vector<std::uint8_t>& out) const {
        snapshot_put(out, config_address, 4);
        snapshot_put(out, rst_cnt, 1);
        snapshot_put(out, ecam.enabled, 1);
        snapshot_put(out, ecam.base, 8);
        snapshot_put(out, ecam.size, 8);
    }

    // Reads a section into *this: empty when it is one put() can write, else why not (a restore's
    // user_load answer; *this then holds what was read so far).
    std::string take(std::span<const std::uint8_t> user) {
        if (user.size() != size) return "the platform section is not 22 bytes";
        snapshot_reader in(user);
        std::uint64_t a = 0, r = 0, enabled = 0;
        in.take(a, 4), in.take(r, 1), in.take(enabled, 1), in.take(ecam.base, 8), in.take(ecam.size, 8);
        config_address = static_cast<std::uint32_t>(a);
        rst_cnt = static_cast<std::uint8_t>(r);
        // RST_CNT keeps only SYS_RST and FULL_RST (a write with RST_CPU resets instead).
        if (rst_cnt & ~0x0a) return "RST_CNT holds bits other than SYS_RST and FULL_RST";
        if (enabled > 1) return "the ECAM enable flag is not 0 or 1";
        ecam.enabled = enabled == 1;
        if (!ecam.enabled && (ecam.base || ecam.size)) return "a disabled ECAM window has a base or size";
        if (ecam.enabled && ((ecam.size != (64u << 20) && ecam.size != (128u << 20) && ecam.size != (256u << 20)) ||
                             ecam.base % ecam.size != 0 || ecam.base >> 36))
            return "the ECAM window is not a 64, 128 or 256 MB window aligned to its size below 64 GiB";
        return {};
    }
};

}  // namespace regspace::q35

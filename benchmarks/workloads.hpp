// SPDX-License-Identifier: MIT
// The workloads regspace-bench runs on every implementation: access sequences (and the typed
// operations), generated or recorded, identical for all implementations of a device.
#pragma once

#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace bench {

struct op {
    std::uint32_t offset;  // 32 bits: the large bank is 1 MiB
    std::uint8_t size;
    bool write;
    std::uint32_t value;
};

// `random`: offsets anywhere in the space (any alignment), sizes 1/2/4, half of them writes of
// all-ones, zeros or random values. Same seed, same sequence.
inline std::vector<op> random_ops(std::uint64_t seed, std::size_t n, unsigned space_size) {
    std::mt19937_64 rng(seed);
    std::vector<op> ops;
    ops.reserve(n);
    const std::uint8_t sizes[] = {1, 2, 4};
    while (ops.size() < n) {
        const std::uint8_t size = sizes[rng() % 3];
        const auto off = static_cast<std::uint32_t>(rng() % (space_size - size + 1));
        const bool write = rng() % 2;
        const std::uint32_t kinds[] = {0xffffffffu, 0u, static_cast<std::uint32_t>(rng())};
        const std::uint32_t mask = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
        ops.push_back(op{off, size, write, write ? kinds[rng() % 3] & mask : 0});
    }
    return ops;
}

// `enumerate`: a recorded trace, lines "r OFFSET SIZE" / "w OFFSET SIZE VALUE" (hex or decimal).
inline std::vector<op> load_trace(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open trace " + path);
    std::vector<op> ops;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream l(line);
        std::string kind, off, size, value = "0";
        l >> kind >> off >> size >> value;
        ops.push_back(op{static_cast<std::uint32_t>(std::stoul(off, nullptr, 0)),
                         static_cast<std::uint8_t>(std::stoul(size, nullptr, 0)), kind == "w",
                         static_cast<std::uint32_t>(std::stoul(value, nullptr, 0))});
    }
    return ops;
}

// Replays ops on a device; the sum of everything read (so the work cannot be optimised away, and
// implementations can be compared).
template <class Device>
std::uint64_t replay(Device& d, const std::vector<op>& ops) {
    std::uint64_t sum = 0;
    for (const op& o : ops) {
        if (o.write) d.write(o.offset, o.size, o.value);
        else sum = sum * 31 + d.read(o.offset, o.size);
    }
    return sum;
}

}  // namespace bench

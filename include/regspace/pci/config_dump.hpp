// SPDX-License-Identifier: MIT
// regspace/pci/config_dump.hpp - a function's configuration space loaded from lspci's hex dump,
// e.g. the backing of a passthrough view (passthrough.hpp); pci/dump.hpp writes that format.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace regspace::pci {

// A configuration space dump as `lspci -x`, `-xxx` or `-xxxx` prints it ("OO: xx xx ..." lines,
// the "BB:DD.F ..." title line optional). Bytes not in the dump read 0. Writes change the copy.
class config_dump {
public:
    static constexpr unsigned size = 4096;

    // One function's dump. Throws std::invalid_argument naming the line for anything else.
    static config_dump parse(std::string_view text) {
        config_dump d;
        std::size_t pos = 0;
        unsigned line_no = 0;
        while (pos < text.size()) {
            std::size_t end = text.find('\n', pos);
            if (end == std::string_view::npos) end = text.size();
            std::string_view line = text.substr(pos, end - pos);
            pos = end + 1;
            ++line_no;
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
            if (line.empty()) continue;
            const std::size_t colon = line.find(':');
            const bool data = colon != std::string_view::npos && colon >= 2 && colon <= 3 &&
                              colon + 1 < line.size() && line[colon + 1] == ' ';
            if (!data) {
                if (line_no == 1 || line.find('.') != std::string_view::npos) continue;  // title
                throw error(line_no, "not a title and not 'OO: xx ...'");
            }
            unsigned off = 0;
            for (char c : line.substr(0, colon)) off = off * 16 + hex_digit(c, line_no);
            if (off % 16 != 0 || off >= size) throw error(line_no, "offset not a multiple of 16 below 0x1000");
            const std::string_view bytes = line.substr(colon + 1);
            if (bytes.size() != 48) throw error(line_no, "expected 16 bytes");
            for (unsigned i = 0; i < 16; ++i) {
                if (bytes[3 * i] != ' ') throw error(line_no, "bytes must be separated by spaces");
                d.bytes_[off + i] = static_cast<std::uint8_t>(hex_digit(bytes[3 * i + 1], line_no) * 16 +
                                                              hex_digit(bytes[3 * i + 2], line_no));
            }
            if (off + 16 > d.length_) d.length_ = off + 16;
        }
        if (d.length_ < 64) throw std::invalid_argument("config dump: no header (fewer than 64 bytes)");
        return d;
    }

    std::uint64_t read(unsigned off, unsigned n) const {
        std::uint64_t v = 0;
        for (unsigned i = 0; i < n && i < 8 && off + i < size; ++i) v |= std::uint64_t{bytes_[off + i]} << (8 * i);
        return v;
    }
    void write(unsigned off, unsigned n, std::uint64_t v) {
        for (unsigned i = 0; i < n && i < 8 && off + i < size; ++i) bytes_[off + i] = static_cast<std::uint8_t>(v >> (8 * i));
    }
    [[nodiscard]] unsigned length() const noexcept { return length_; }

private:
    static std::invalid_argument error(unsigned line_no, const char* what) {
        return std::invalid_argument("config dump line " + std::to_string(line_no) + ": " + what);
    }
    static unsigned hex_digit(char c, unsigned line_no) {
        if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
        if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
        if (c >= 'A' && c <= 'F') return static_cast<unsigned>(c - 'A' + 10);
        throw std::invalid_argument("config dump line " + std::to_string(line_no) + ": bad hex digit");
    }
    std::array<std::uint8_t, size> bytes_{};
    unsigned length_ = 0;
};

}  // namespace regspace::pci

// SPDX-License-Identifier: MIT
// The real `lspci -F FILE -vvv` as the independent decoder of a dump, for doctest cases.
//
// REGSPACE_LSPCI is the path CMake found, or "" on a machine without pciutils: a case that needs
// it starts with REGSPACE_NEEDS_LSPCI(), which then prints the reason and leaves the case; the
// "SKIPPED: needs " line makes ctest report the case as skipped (tests/CMakeLists.txt).
#pragma once

#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#define REGSPACE_NEEDS_LSPCI()                                                                  \
    do {                                                                                        \
        if (REGSPACE_LSPCI[0] == '\0') {                                                        \
            std::printf("SKIPPED: needs lspci (Debian package pciutils); scripts/setup.sh installs it\n"); \
            return;                                                                             \
        }                                                                                       \
    } while (0)

namespace regspace::test {
// Writes `dump` to the test directory as NAME.dump and returns what lspci decodes from it.
inline std::string lspci_decode(const std::string& dump, const char* name) {
    const std::string path = std::string(REGSPACE_TEST_TMPDIR) + "/" + name + ".dump";
    std::ofstream(path) << dump;
    const std::string cmd = std::string(REGSPACE_LSPCI) + " -F " + path + " -vvv 2>/dev/null";
    std::string out;
    FILE* f = popen(cmd.c_str(), "r");
    REQUIRE(f != nullptr);
    std::array<char, 4096> buf{};
    while (std::fgets(buf.data(), buf.size(), f)) out += buf.data();
    REQUIRE(pclose(f) == 0);
    return out;
}
}  // namespace regspace::test

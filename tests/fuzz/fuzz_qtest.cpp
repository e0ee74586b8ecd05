// SPDX-License-Identifier: MIT
// libFuzzer target: the Q35 CLI's qtest line parser and the board behind it. The input is split
// into lines and each is answered by a fresh-per-input board (examples/q35_board.hpp), as
// regspace-q35 does. Every line must get exactly one answer starting with "OK", "FAIL" or "ERR"
// (QEMU's answer to a short write buffer), with no newline inside; ASan and UBSan catch the rest.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "../../examples/q35_board.hpp"
#include "../../examples/qtest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    board::q35_board board;
    qtest::qtest_session session(board.platform);
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    std::size_t at = 0;
    while (at < in.size()) {
        std::size_t end = in.find('\n', at);
        if (end == std::string_view::npos) end = in.size();
        const std::string answer = session.answer(in.substr(at, end - at));
        const bool ok = answer.rfind("OK", 0) == 0 || answer.rfind("FAIL", 0) == 0 || answer.rfind("ERR ", 0) == 0;
        if (!ok || answer.find('\n') != std::string::npos) std::abort();
        at = end + 1;
    }
    return 0;
}

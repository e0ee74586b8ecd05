// SPDX-License-Identifier: MIT
// libFuzzer target: the multi-process codec and the remote's dispatcher, with edu behind it, as
// regspace-remote runs them. The input is the byte stream a peer sends: headers are judged
// (refuse_header ends the session, as the link does), payloads decoded, requests dispatched.
// Every request that QEMU waits on must get exactly one answer and no other message may; a
// config read's answer fits 32 bits; ASan and UBSan catch the rest. One input byte per message
// also lets virtual time pass, so pending factorials and DMA complete in the middle.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include <regspace/mpqemu/remote.hpp>

#include "../../examples/remote/edu_remote.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace regspace::mpqemu;
    proxy_resources res;
    remote_devices::edu_remote fn(res, nullptr);
    remote<remote_devices::edu_remote> r(fn, res, {.trace = nullptr, .log = nullptr});
    const std::span<const std::uint8_t> in(data, size);
    std::size_t at = 0;
    while (in.size() - at >= header_size + 1) {
        r.advance(std::uint64_t{in[at]} << 20);  // up to about 267 ms
        ++at;
        const header h = decode_header(in.subspan(at).first<header_size>());
        at += header_size;
        if (!refuse_header(h).empty()) break;
        if (h.size > in.size() - at) break;  // cut short: the link would end here
        const auto payload = in.subspan(at, static_cast<std::size_t>(h.size));
        at += payload.size();
        const decoded d = decode(h, payload, 0);
        const std::optional<std::uint64_t> reply = r.handle(d, {});
        if (reply.has_value() != expects_reply(d.cmd)) std::abort();
        if (d.cmd == command::pci_cfgread && reply && *reply > 0xffffffff) std::abort();
    }
    return 0;
}

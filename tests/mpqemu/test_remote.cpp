// SPDX-License-Identifier: MIT
// mpqemu/remote.hpp, link.hpp, device_function.hpp: the remote served over a real socketpair by
// a test playing QEMU's proxy (messages with real SCM_RIGHTS descriptors, real eventfds and a
// real memfd), and the check that refuses functions the proxy would abort on or misserve.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regspace/mpqemu/device_function.hpp>
#include <regspace/mpqemu/remote.hpp>
#include <regspace/pci.hpp>

#include "../../examples/remote/edu_remote.hpp"
#include "../../examples/remote/endpoint_remote.hpp"
#include "../../examples/remote/passthrough_remote.hpp"

using namespace regspace;
using namespace regspace::mpqemu;

namespace {

std::size_t open_fds() {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
    return n;
}

// QEMU's end of the socket: requests out, RETs in.
class fake_proxy {
public:
    fake_proxy() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv_) == 0); }
    ~fake_proxy() {
        close_proxy_end();
        ::close(sv_[1]);
    }
    fake_proxy(const fake_proxy&) = delete;
    fake_proxy& operator=(const fake_proxy&) = delete;
    [[nodiscard]] int remote_end() const { return sv_[1]; }
    void close_proxy_end() {
        if (sv_[0] >= 0) ::close(sv_[0]);
        sv_[0] = -1;
    }

    void send(std::span<const std::uint8_t> bytes, const std::vector<int>& fds = {}) {
        iovec io{const_cast<std::uint8_t*>(bytes.data()), bytes.size()};
        msghdr h{};
        h.msg_iov = &io;
        h.msg_iovlen = 1;
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 16)]{};
        if (!fds.empty()) {
            h.msg_control = control;
            h.msg_controllen = CMSG_SPACE(sizeof(int) * fds.size());
            cmsghdr* c = CMSG_FIRSTHDR(&h);
            c->cmsg_level = SOL_SOCKET;
            c->cmsg_type = SCM_RIGHTS;
            c->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
            std::memcpy(CMSG_DATA(c), fds.data(), sizeof(int) * fds.size());
        }
        REQUIRE(::sendmsg(sv_[0], &h, MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
    }
    // The next RET, or nullopt when none comes within a second.
    std::optional<std::uint64_t> ret() {
        std::array<std::uint8_t, 24> b{};
        std::size_t got = 0;
        while (got < b.size()) {
            pollfd p{sv_[0], POLLIN, 0};
            if (::poll(&p, 1, 1000) != 1) return std::nullopt;
            const ssize_t n = ::recv(sv_[0], b.data() + got, b.size() - got, 0);
            if (n <= 0) return std::nullopt;
            got += static_cast<std::size_t>(n);
        }
        return decode_ret(b);
    }
    std::uint64_t cfg_read(std::uint32_t off, std::int32_t len) {
        send(encode(command::pci_cfgread, config_access{off, 0, len}).view());
        return ret().value_or(0xbad);
    }
    void cfg_write(std::uint32_t off, std::int32_t len, std::uint32_t v) {
        send(encode(command::pci_cfgwrite, config_access{off, v, len}).view());
        CHECK(ret() == 0u);
    }
    std::uint64_t bar_read(std::uint64_t addr, std::uint32_t size, bool memory = true) {
        send(encode(command::bar_read, bar_access{addr, 0, size, memory}).view());
        return ret().value_or(0xbad);
    }
    void bar_write(std::uint64_t addr, std::uint32_t size, std::uint64_t v) {
        send(encode(command::bar_write, bar_access{addr, v, size, true}).view());
        CHECK(ret() == 0u);
    }

private:
    int sv_[2] = {-1, -1};
};

// edu served on a thread, as regspace-remote serves it; the log is kept for the checks.
struct served_edu {
    fake_proxy proxy;
    proxy_resources res;
    remote_devices::edu_remote fn{res, nullptr};
    std::FILE* log = std::tmpfile();
    remote<remote_devices::edu_remote> r{fn, res, {.trace = nullptr, .log = log}};
    std::atomic<int> rc{-1};
    std::thread t{[this] { rc = serve(proxy.remote_end(), r, log); }};

    ~served_edu() {
        finish();
        std::fclose(log);
    }
    int finish() {
        proxy.close_proxy_end();
        if (t.joinable()) t.join();
        return rc;
    }
    std::string log_text() {
        std::fflush(log);
        std::rewind(log);
        std::string s;
        char b[512];
        while (std::fgets(b, sizeof b, log)) s += b;
        return s;
    }
    // SeaBIOS's part: BAR0 at `base`, memory decoding and bus mastering on.
    void program(std::uint32_t base = 0xfea00000) {
        proxy.cfg_write(0x10, 4, base);
        proxy.cfg_write(0x04, 2, 0x0106);
    }
};

bool readable(int fd, int ms) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, ms) == 1;
}
std::uint64_t drain(int fd) {
    std::uint64_t v = 0;
    return ::read(fd, &v, sizeof v) == sizeof v ? v : 0;
}

}  // namespace

TEST_CASE("mpqemu remote: config accesses of any length at any offset, BAR accesses decoded by absolute address") {
    served_edu s;
    CHECK(s.proxy.cfg_read(0x00, 4) == 0x11e81234u);
    CHECK(s.proxy.cfg_read(0x0a, 2) == 0x00ffu);
    CHECK(s.proxy.cfg_read(0x03, 1) == 0x11u);   // unaligned bytes are fine
    CHECK(s.proxy.cfg_read(0x01, 2) == 0xe812u);
    CHECK(s.proxy.cfg_read(0xff, 1) == 0x00u);   // the last byte (QEMU's own remote refuses it)
    CHECK(s.proxy.cfg_read(0xfe, 4) == 0xffffffffu);  // past 100h: refused, all-ones
    CHECK(s.proxy.cfg_read(0x00, 3) == 0xffffffffu);  // not 1, 2 or 4
    CHECK(s.proxy.cfg_read(0x00, -4) == 0xffffffffu);
    CHECK(s.proxy.cfg_read(0x100, 4) == 0xffffffffu);
    // The proxy's realize probe: BAR0 reads back its size mask, the rest 0.
    s.proxy.cfg_write(0x10, 4, 0xffffffff);
    CHECK(s.proxy.cfg_read(0x10, 4) == 0xfff00000u);
    s.proxy.cfg_write(0x28, 4, 0xffffffff);
    CHECK(s.proxy.cfg_read(0x28, 4) == 0u);

    // Before decoding is on nothing is claimed.
    s.proxy.cfg_write(0x10, 4, 0xfea00000);
    CHECK(s.proxy.bar_read(0xfea00000, 4) == 0xffffffffu);
    s.program();
    CHECK(s.proxy.bar_read(0xfea00000, 4) == 0x010000edu);
    CHECK(s.proxy.bar_read(0xfea00000, 8) == 0xffffffffffffffffu);  // edu decodes only 4 bytes below 80h
    s.proxy.bar_write(0xfea00004, 4, 0x12345678);
    CHECK(s.proxy.bar_read(0xfea00004, 4) == 0xedcba987u);
    CHECK(s.proxy.bar_read(0xfeb00000, 4) == 0xffffffffu);   // one past the BAR
    CHECK(s.proxy.bar_read(0xfeaffffc, 8) == 0xffffffffffffffffu);  // straddles its end
    CHECK(s.proxy.bar_read(0xfea00000, 4, false) == 0xffffffffu);  // an I/O access: no I/O BAR
    CHECK(s.proxy.bar_read(0xfea00000, 3) == 0xffffffffffffffffu);  // not 1, 2, 4 or 8
    s.proxy.bar_write(0xfea00004, 16, 0);                     // refused, still answered
    CHECK(s.proxy.bar_read(0xfea00004, 4) == 0xedcba987u);

    // DEVICE_RESET: the configuration space restarts; edu's BAR registers survive (QEMU's edu
    // has no reset handler).
    s.proxy.send(encode_header(command::device_reset, 0).view());
    CHECK(s.proxy.ret() == 0u);
    CHECK(s.proxy.cfg_read(0x10, 4) == 0u);
    CHECK(s.proxy.cfg_read(0x04, 2) == 0u);
    CHECK(s.finish() == 0);
    const auto& c = s.r.statistics();
    CHECK(c.resets == 1);
    CHECK(c.refused == 6);
    CHECK(c.outside_bars == 4);
    const std::string log = s.log_text();
    CHECK(log.find("PCI_CFGREAD refused: config access outside 00h-FFh") != std::string::npos);
    CHECK(log.find("BAR_WRITE refused: BAR access not 1, 2, 4 or 8 bytes") != std::string::npos);
}

TEST_CASE("mpqemu remote: INTx on the irqfd pair is level-triggered, re-signalled on resample, silent while Interrupt Disable is set") {
    served_edu s;
    const int irq = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), resample = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    REQUIRE((irq >= 0 && resample >= 0));
    s.proxy.send(encode_header(command::set_irqfd, 0).view(), {irq, resample});  // no reply
    s.program();
    CHECK_FALSE(readable(irq, 50));

    s.proxy.bar_write(0xfea00060, 4, 0x1);  // IRQ_RAISE
    REQUIRE(readable(irq, 1000));
    CHECK(drain(irq) == 1);
    CHECK((s.proxy.cfg_read(0x06, 2) & 0x8) != 0);  // Status.Interrupt Status

    // The guest's EOI while the level holds: KVM deasserted, the remote asserts again.
    const std::uint64_t one = 1;
    REQUIRE(::write(resample, &one, sizeof one) == sizeof one);
    REQUIRE(readable(irq, 1000));
    CHECK(drain(irq) == 1);

    // Acknowledged: the level drops and a resample brings nothing.
    s.proxy.bar_write(0xfea00064, 4, 0x1);
    REQUIRE(::write(resample, &one, sizeof one) == sizeof one);
    CHECK_FALSE(readable(irq, 200));

    // Interrupt Disable: a raise sets Interrupt Status but the line stays low...
    s.proxy.cfg_write(0x04, 2, 0x0506);
    s.proxy.bar_write(0xfea00060, 4, 0x2);
    CHECK((s.proxy.cfg_read(0x06, 2) & 0x8) != 0);
    CHECK_FALSE(readable(irq, 200));
    REQUIRE(::write(resample, &one, sizeof one) == sizeof one);
    CHECK_FALSE(readable(irq, 200));
    // ...until it is cleared with the interrupt still pending.
    s.proxy.cfg_write(0x04, 2, 0x0106);
    REQUIRE(readable(irq, 1000));
    CHECK(drain(irq) == 1);
    CHECK(s.finish() == 0);
    CHECK(s.r.statistics().irqfd_sets == 1);
    ::close(irq);
    ::close(resample);
}

TEST_CASE("mpqemu remote: SYNC_SYSMEM maps guest RAM from a memfd and edu's DMA reaches it, only with Bus Master Enable") {
    served_edu s;
    constexpr std::size_t ram = 1 << 20;
    const int mfd = ::memfd_create("guest-ram", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    REQUIRE(mfd >= 0);
    REQUIRE(::ftruncate(mfd, ram) == 0);
    auto* mem = static_cast<std::uint8_t*>(::mmap(nullptr, ram, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0));
    REQUIRE(mem != MAP_FAILED);
    for (std::size_t i = 0; i < 64; ++i) mem[0x1000 + i] = static_cast<std::uint8_t>(0xa0 + i);
    sync_sysmem map;
    map.count = 1;
    map.regions[0] = {0x100000, ram, 0};
    s.proxy.send(encode(map).view(), {mfd});  // no reply
    s.program();

    const auto dma = [&](std::uint64_t src, std::uint64_t dst, std::uint64_t cnt, std::uint64_t cmd) {
        s.proxy.bar_write(0xfea00080, 8, src);
        s.proxy.bar_write(0xfea00088, 8, dst);
        s.proxy.bar_write(0xfea00090, 8, cnt);
        s.proxy.bar_write(0xfea00098, 8, cmd);
        // edu completes a transfer 100 ms of virtual time later: here the host's clock.
        for (int i = 0; i < 100 && (s.proxy.bar_read(0xfea00098, 8) & 1); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        CHECK((s.proxy.bar_read(0xfea00098, 8) & 1) == 0);
    };
    dma(0x101000, 0x40000, 64, 1);        // RAM -> buffer
    dma(0x40000, 0x102000, 64, 1 | 2);    // buffer -> RAM
    CHECK(std::memcmp(mem + 0x2000, mem + 0x1000, 64) == 0);
    // Bus mastering off: the same transfer writes nothing.
    s.proxy.cfg_write(0x04, 2, 0x0002);
    dma(0x40000, 0x103000, 64, 1 | 2);
    CHECK(mem[0x3000] == 0);
    // Half outside RAM (the map starts at 100000h): the transfer is refused whole.
    s.proxy.cfg_write(0x04, 2, 0x0006);
    dma(0x40000, 0x0fffe0, 64, 1 | 2);
    CHECK(mem[0] == 0);
    CHECK(mem[31] == 0);
    CHECK(s.res.memory.regions() == 1);
    CHECK(s.finish() == 0);
    ::munmap(mem, ram);
    ::close(mfd);
}

TEST_CASE("mpqemu remote: guest RAM that could shrink or lies about its size is not mapped, and says so") {
    served_edu s;
    std::FILE* plain = std::tmpfile();  // a regular file cannot be sealed
    REQUIRE(plain != nullptr);
    REQUIRE(::ftruncate(::fileno(plain), 8192) == 0);
    const int small = ::memfd_create("small", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    REQUIRE(::ftruncate(small, 4096) == 0);
    sync_sysmem map;
    map.count = 2;
    map.regions[0] = {0x0, 8192, 0};
    map.regions[1] = {0x100000, 1 << 20, 0};  // more than the memfd holds
    s.proxy.send(encode(map).view(), {::fileno(plain), small});
    CHECK(s.proxy.cfg_read(0, 2) == 0x1234u);  // still in step
    CHECK(s.res.memory.regions() == 0);
    CHECK(s.finish() == 0);
    const std::string log = s.log_text();
    CHECK(log.find("region 0: not sealed against shrinking") != std::string::npos);
    CHECK(log.find("region 1: larger than its file") != std::string::npos);
    std::fclose(plain);
    ::close(small);
}

TEST_CASE("mpqemu remote: a hostile peer gets answers or a clean end, and no descriptor leaks") {
    const std::size_t before = open_fds();
    {
        served_edu s;
        // Nine descriptors with a config read: the read is refused, all nine closed.
        std::vector<int> fds;
        for (int i = 0; i < 9; ++i) fds.push_back(::eventfd(0, EFD_CLOEXEC));
        s.proxy.send(encode(command::pci_cfgread, config_access{0, 0, 4}).view(), fds);
        CHECK(s.proxy.ret() == 0xffffffffu);
        // Descriptors on a message that takes none: closed, the message served.
        s.proxy.send(encode(command::pci_cfgread, config_access{0, 0, 2}).view(), {fds[0]});
        CHECK(s.proxy.ret() == 0x1234u);
        // SET_IRQFD with one descriptor: refused, no reply.
        s.proxy.send(encode_header(command::set_irqfd, 0).view(), {fds[1]});
        CHECK(s.proxy.cfg_read(0, 2) == 0x1234u);
        for (int fd : fds) ::close(fd);
        CHECK(s.finish() == 0);
        CHECK(s.log_text().find("PCI_CFGREAD refused: more than 8 fds") != std::string::npos);
    }
    CHECK(open_fds() == before);

    const auto ends_with = [](std::span<const std::uint8_t> bytes, const char* why) {
        served_edu s;
        s.proxy.send(bytes);
        s.proxy.close_proxy_end();
        CHECK(s.finish() == 1);
        INFO(s.log_text());
        CHECK(s.log_text().find(why) != std::string::npos);
    };
    ends_with(encode_header(static_cast<command>(8), 0).view(), "unknown command (command 8, size 0)");
    ends_with(encode_header(command::pci_cfgread, 193).view().first(16), "payload larger than 192 bytes");
    ends_with(encode_ret(0), "RET sent to the remote");
    ends_with(encode(command::pci_cfgread, config_access{0, 0, 4}).view().first(20), "in the middle of a message");
    ends_with(encode_header(command::pci_cfgread, 12).view().first(9), "in the middle of a header");
}

namespace {
// A function whose BAR dwords read back whatever the test says after an all-ones write, to play
// each shape QEMU's probe judges.
struct shaped {
    std::array<std::uint32_t, 7> mask{};
    std::array<std::uint32_t, 7> value{};
    std::uint32_t ext = 0;
    pci::bar_states kinds{};
    int resets = 0;
    std::uint64_t config_read(unsigned off, unsigned) const {
        if (off == 0x100) return ext;
        return off >= 0x10 && off <= 0x28 ? value[(off - 0x10) / 4] : 0;
    }
    void config_write(unsigned off, unsigned, std::uint64_t v) {
        if (off >= 0x10 && off <= 0x28) value[(off - 0x10) / 4] = static_cast<std::uint32_t>(v) & mask[(off - 0x10) / 4];
    }
    pci::bar_states bars() const { return kinds; }
    std::uint64_t bar_read(unsigned, std::uint64_t, unsigned) { return 0; }
    void bar_write(unsigned, std::uint64_t, unsigned, std::uint64_t) {}
    void reset(reset_kind) { ++resets; }
};
static_assert(remote_function<shaped>);

std::string judge(unsigned slot, std::uint32_t mask, pci::bar_kind kind = pci::bar_kind::mem32, std::uint64_t size = 0) {
    shaped f;
    f.mask[slot] = mask;
    if (slot < 6) f.kinds[slot] = {kind, 0, size, false, false};
    std::string why = check_servable(f);
    CHECK(f.resets == 1);  // left as it was found
    return why;
}

using wide_cfg = pci::config_space<"wide", pci::type0<pci::identity{.vendor = 0x1234, .device = 0x0001},
                                                      pci::bars<pci::mem32_bar<4096>, pci::mem64_bar<(1u << 16)>>>>;
using io_cfg = pci::config_space<"io4", pci::type0<pci::identity{.vendor = 0x1234, .device = 0x0002}, pci::bars<pci::io_bar<4>>>>;
using big_cfg = pci::config_space<"big", pci::type0<pci::identity{.vendor = 0x1234, .device = 0x0003},
                                                     pci::bars<pci::mem32_bar<0x80000000u>>>>;
}  // namespace

TEST_CASE("mpqemu remote: functions the proxy would abort on or misserve are refused, naming the BAR or capability") {
    CHECK(judge(0, 0xfffff000).empty());   // 4 KiB memory BAR
    CHECK(judge(1, 0xffffff01, pci::bar_kind::io, 256).empty());  // 256-byte I/O BAR, 32-bit decoder
    CHECK(judge(0, 0x80000000) ==
          "BAR0 (10h) reads back 80000000h after all-ones: QEMU 7.2 aborts at realize on a BAR size of 80000000h "
          "(sizes of 2 GiB or more, and I/O BARs that decode only 16 bits, are not powers of two to it)");
    CHECK(judge(2, 0x0000ff01, pci::bar_kind::io, 256).rfind("BAR2 (18h) reads back ff01h after all-ones: QEMU 7.2 aborts", 0) == 0);
    CHECK(judge(3, 0xfff0f000).rfind("BAR3 (1ch) reads back fff0f000h after all-ones: QEMU 7.2 aborts", 0) == 0);
    CHECK(judge(6, 0xfffff000) == "the CardBus CIS pointer (28h) reads back fffff000h after all-ones: QEMU would register it as a BAR");

    // Real descriptions through device_function.
    device<wide_cfg::type> wide;
    device_function fw(wide);
    CHECK(check_servable(fw) == "BAR1 (14h) is a 64-bit memory BAR: x-pci-proxy-dev registers 32-bit BARs only");
    device<io_cfg::type> io;
    device_function fi(io);
    CHECK(check_servable(fi) == "BAR0 (10h) is an I/O BAR of 4 bytes: x-pci-proxy-dev decodes 16 and would forward accesses outside it");
    device<big_cfg::type> big;
    device_function fb(big);
    CHECK(check_servable(fb).rfind("BAR0 (10h) reads back 80000000h after all-ones: QEMU 7.2 aborts", 0) == 0);
    CHECK(big.peek(0x10, 4) == 0);  // the probe left the BAR as it was

    shaped ext;
    ext.ext = 0x00010001;  // AER, version 1, at 100h
    CHECK(check_servable(ext) == "extended capability 0001h at 100h: x-pci-proxy-dev forwards no config access at or above 100h");
}

TEST_CASE("mpqemu device_function: a regspace configuration space and a BAR space served together") {
    using regs = space<"regs", 4096, reg<"SCRATCH", 0x0, 4, field<"V", 0, 32, access::rw>>>;
    using cfg = pci::config_space<"fn", pci::type0<pci::identity{.vendor = 0x1234, .device = 0x0010}, pci::bars<pci::mem32_bar<4096>>>>;
    device<cfg::type> c;
    device<regs> r;
    device_function f(c);
    f.attach_bar(0, r);
    proxy_resources res;
    remote<device_function<device<cfg::type>>> rem(f, res, {.trace = nullptr, .log = nullptr});
    const auto cfgw = [&](std::uint32_t off, std::int32_t len, std::uint32_t v) {
        rem.handle({command::pci_cfgwrite, config_access{off, v, len}}, {});
    };
    const auto barr = [&](std::uint64_t a) { return rem.handle({command::bar_read, bar_access{a, 0, 4, true}}, {}); };
    cfgw(0x10, 4, 0xc0000000);
    CHECK(barr(0xc0000000) == 0xffffffffu);  // memory decoding off
    cfgw(0x04, 2, 0x2);
    rem.handle({command::bar_write, bar_access{0xc0000000, 0xabcd, 4, true}}, {});
    CHECK(barr(0xc0000000) == 0xabcdu);
    CHECK(r.peek(0, 4) == 0xabcd);
    CHECK(rem.handle({command::device_reset, no_payload{}}, {}) == 0u);
    CHECK(r.peek(0, 4) == 0);                // the BAR space is reset with the function
    CHECK(c.peek(0x10, 4) == 0);
    CHECK(f.explain_bar(0, 0, 4, false, 0).registers.size() == 1);
    CHECK(f.explain_bar(3, 0, 4, false, 0).unmapped == 0xffffffffu);  // nothing behind BAR3
    // A caller's own `decoded` whose body does not match its command is refused, still answered.
    CHECK(rem.handle({command::pci_cfgread, no_payload{}}, {}) == 0xffffffffu);
    CHECK(rem.handle({command::bar_write, config_access{}}, {}) == 0u);
    CHECK_FALSE(rem.handle({command::sync_sysmem, no_payload{}}, {}).has_value());
}

namespace {
struct routed_platform final : endpoint::platform {
    std::function<void(bool)> intx;
    std::function<void()> self;
    void set_intx(bool level) override { intx(level); }
    void self_reset(pci::reset_method, reset_kind) override { self(); }
};
}  // namespace

TEST_CASE("mpqemu passthrough_remote: the backing's INTx is gated by the guest's own Interrupt Disable, and a reset clears the guest's copies") {
    proxy_resources res;
    routed_platform p;
    endpoint::function ep(p);
    const std::vector<std::uint8_t> allowed{0x01, 0x10};
    remote_devices::passthrough_remote<endpoint::function> pt(ep, allowed, res);
    p.intx = [&](bool l) { pt.inner_intx(l); };
    p.self = [&] { pt.inner_reset(); };
    remote<remote_devices::passthrough_remote<endpoint::function>> rem(pt, res, {.trace = nullptr, .log = nullptr});
    const int irq = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), resample = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    res.intx.connect(unique_fd(::dup(irq)), unique_fd(::dup(resample)));
    const auto cfgw = [&](std::uint32_t off, std::int32_t len, std::uint32_t v) { rem.handle({command::pci_cfgwrite, config_access{off, v, len}}, {}); };
    const auto cfgr = [&](std::uint32_t off, std::int32_t len) { return rem.handle({command::pci_cfgread, config_access{off, 0, len}}, {}).value_or(0xbad); };
    const auto doorbell = [&](std::uint64_t v) { rem.handle({command::bar_write, bar_access{0xc0000008, v, 4, true}}, {}); };

    CHECK(ep.config_peek(0x04, 2) == 0x0002);  // the host decodes memory before the guest runs
    CHECK(cfgr(0x04, 2) == 0x0000);            // the guest's copy starts off
    cfgw(0x10, 4, 0xc0000000);
    doorbell(1);
    CHECK_FALSE(readable(irq, 0));  // the guest has not enabled memory decoding: the BAR is not claimed
    cfgw(0x04, 2, 0x0402);          // memory on, Interrupt Disable on (the guest's copy)
    doorbell(1);
    CHECK((cfgr(0x06, 2) & 0x8) != 0);  // pending, seen through the view
    CHECK_FALSE(readable(irq, 0));
    cfgw(0x04, 2, 0x0002);  // Interrupt Disable off: the pending line asserts
    CHECK(readable(irq, 0));
    CHECK(drain(irq) == 1);
    CHECK(ep.config_peek(0x04, 2) == 0x0002);  // the device never saw Interrupt Disable

    // An FLR through the allowed Express capability (Device Control at 88h): the device resets,
    // the host decodes again, the guest's copy of COMMAND is 0 again.
    cfgw(0x88, 2, 0x8000);
    CHECK(ep.config_peek(0x04, 2) == 0x0002);
    CHECK(ep.config_peek(0x10, 4) == 0);
    CHECK(cfgr(0x04, 2) == 0x0000);
    CHECK(ep.registers().peek(0x08, 4) == 0);  // the doorbell too
    ::close(irq);
    ::close(resample);
}

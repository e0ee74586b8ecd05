// SPDX-License-Identifier: MIT
// regspace/mpqemu/remote.hpp - serving one PCI function to QEMU 7.2's x-pci-proxy-dev: the
// dispatcher from decoded messages onto the function, the check that the proxy can carry the
// function at all, and the loop that serves a connected socket until the peer closes.
//
//   mpqemu::proxy_resources res;                 // INTx eventfds and guest RAM, as the proxy sends them
//   my_function f(res);                          // config, BARs, reset (remote_function below)
//   if (std::string why = mpqemu::check_servable(f); !why.empty()) die(why);
//   mpqemu::remote r(f, res, {.trace = stderr});
//   return mpqemu::serve(sock, r);               // 0 once the peer closed
//
// The proxy forwards every guest config read and write below 100h unchanged (it keeps a shadow
// copy only to map BARs, hw/remote/proxy.c), and every access to a BAR window it registered at
// realize, by absolute address: the function decodes those against its own BARs here.
#pragma once

#include <algorithm>
#include <array>
#include <cerrno>
#include <concepts>
#include <cstring>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <variant>

#include <poll.h>

#include <regspace/detail/bits.hpp>
#include <regspace/explain.hpp>
#include <regspace/mpqemu/link.hpp>
#include <regspace/mpqemu/wire.hpp>
#include <regspace/pci/bar_decode.hpp>
#include <regspace/print.hpp>
#include <regspace/reset_kind.hpp>

namespace regspace::mpqemu {

// What the proxy hands the remote besides requests: the INTx eventfd pair and guest RAM.
struct proxy_resources {
    intx_line intx;
    sysmem memory;
};

// What the remote needs of a function: config accesses (offset, size 1/2/4), its BARs as they
// decode now, accesses inside a BAR (slot 0-5, or 6 for the ROM; offset from the BAR's base;
// size 1/2/4/8), and reset.
template <class F>
concept remote_function = requires(F& f, const F& cf, unsigned u, std::uint64_t v) {
    { f.config_read(u, u) } -> std::convertible_to<std::uint64_t>;
    f.config_write(u, u, v);
    { cf.bars() } -> std::same_as<pci::bar_states>;
    { f.bar_read(u, v, u) } -> std::convertible_to<std::uint64_t>;
    f.bar_write(u, v, u, v);
    f.reset(reset_kind::cold);
};
// Optional: the same accesses with an explain trace (regspace/explain.hpp), used under --trace.
template <class F>
concept explaining_function = requires(F& f, unsigned u, std::uint64_t v, bool w) {
    { f.explain_config(u, u, w, v) } -> std::same_as<explanation>;
    { f.explain_bar(u, v, u, w, v) } -> std::same_as<explanation>;
};
// Optional: work that completes later (regspace/deferred.hpp). The remote advances the function
// by the time that passed on the host's monotonic clock, and wakes when due_in() says.
template <class F>
concept timed_function = requires(F& f, const F& cf, std::uint64_t ns) {
    f.advance(ns);
    { cf.due_in() } -> std::same_as<std::optional<std::uint64_t>>;
};

// Optional: config reads without side effects, for dumps (config_image below).
template <class F>
concept peeking_function = requires(const F& cf, unsigned u) {
    { cf.config_peek(u, u) } -> std::convertible_to<std::uint64_t>;
};
// The 256 bytes the proxy can reach, as the function holds them now.
template <peeking_function F>
[[nodiscard]] std::array<std::uint8_t, 256> config_image(const F& f) {
    std::array<std::uint8_t, 256> b{};
    for (unsigned i = 0; i < b.size(); ++i) b[i] = static_cast<std::uint8_t>(f.config_peek(i, 1));
    return b;
}

namespace detail {
// One line of the remote's log (what the peer sent that was not taken as sent, why a link ended).
inline void log_line(std::FILE* log, const std::string& what) {
    if (log) std::fprintf(log, "%s%s\n", "regspace: ", ("mpqemu: " + what).c_str());
}
}  // namespace detail

// Why the proxy could not carry `f` (empty: it can). The check repeats the proxy's realize probe
// (proxy.c probe_pci_info: for the dwords at 10h-24h and 28h, read, write all-ones, read back,
// restore) and judges the answers as QEMU would: a size that is not a power of two as a signed
// 32-bit int makes QEMU abort (pci_register_bar's assertion: a 16-bit I/O decoder, 2 GiB or
// more); a 64-bit BAR or an I/O BAR under 16 bytes would be registered with another shape than
// the guest sees; a function with extended capabilities would lose them (nothing at or above
// 100h is forwarded). The function is reset (cold) afterwards.
template <remote_function F>
[[nodiscard]] std::string check_servable(F& f) {
    const pci::bar_states bars = f.bars();
    std::string why;
    const auto hex = [](std::uint64_t v) {
        char b[24];
        std::snprintf(b, sizeof b, "%llxh", static_cast<unsigned long long>(v));
        return std::string(b);
    };
    for (unsigned i = 0; i < 7 && why.empty(); ++i) {
        const unsigned at = 0x10 + 4 * i;
        const std::string where = (i < 6 ? "BAR" + std::to_string(i) : std::string("the CardBus CIS pointer")) + " (" + hex(at) + ")";
        const auto orig = static_cast<std::uint32_t>(f.config_read(at, 4));
        f.config_write(at, 4, 0xffffffff);
        const auto back = static_cast<std::uint32_t>(f.config_read(at, 4));
        f.config_write(at, 4, orig);
        const std::uint32_t size = ~(back & 0xfffffff0u) + 1;
        const auto as_qemu = static_cast<std::uint64_t>(static_cast<std::int64_t>(static_cast<std::int32_t>(size)));
        if (size != 0 && (as_qemu & (as_qemu - 1)) != 0) {
            why = where + " reads back " + hex(back) + " after all-ones: QEMU 7.2 aborts at realize on a BAR size of " +
                  hex(size) + " (sizes of 2 GiB or more, and I/O BARs that decode only 16 bits, are not powers of two to it)";
        } else if (i == 6 && size != 0) {
            why = where + " reads back " + hex(back) + " after all-ones: QEMU would register it as a BAR";
        } else if (i < 6 && bars[i].kind == pci::bar_kind::mem64) {
            why = where + " is a 64-bit memory BAR: x-pci-proxy-dev registers 32-bit BARs only";
        } else if (i < 6 && bars[i].kind == pci::bar_kind::io && bars[i].size < 16) {
            why = where + " is an I/O BAR of " + std::to_string(bars[i].size) +
                  " bytes: x-pci-proxy-dev decodes 16 and would forward accesses outside it";
        }
    }
    if (why.empty()) {
        const auto ext = static_cast<std::uint32_t>(f.config_read(0x100, 4));
        char id[8];
        std::snprintf(id, sizeof id, "%04xh", static_cast<unsigned>(ext & 0xffff));
        if (ext != 0 && ext != 0xffffffff)
            why = std::string("extended capability ") + id + " at 100h: x-pci-proxy-dev forwards no config access at or above 100h";
    }
    f.reset(reset_kind::cold);
    return why;
}

struct remote_options {
    std::FILE* trace = nullptr;  // each access explained, each reset with its kind
    std::FILE* log = stderr;     // what the peer sent that was not taken as sent
};

// The dispatcher: one decoded message in, the RET value out when the proxy waits for one.
template <remote_function F>
class remote {
public:
    struct counts {
        std::uint64_t config_reads = 0, config_writes = 0, bar_reads = 0, bar_writes = 0, resets = 0;
        std::uint64_t sysmem_syncs = 0, irqfd_sets = 0, refused = 0, outside_bars = 0;
    };

    remote(F& f, proxy_resources& r, remote_options o = {}) : f_(f), r_(r), o_(o), bars_(f.bars()) {}

    // `fds` are the message's descriptors (taken when the message uses them, else closed by
    // the caller with the message).
    std::optional<std::uint64_t> handle(const decoded& d, std::span<unique_fd> fds) {
        if (const auto* bad = std::get_if<malformed>(&d.body)) return refuse(d.cmd, bad->why);
        // (A body that does not match its command comes only from a caller's own `decoded`, not
        // from decode(): refused like a malformed message.)
        const auto* cfg = std::get_if<config_access>(&d.body);
        const auto* bar_at = std::get_if<bar_access>(&d.body);
        switch (d.cmd) {
            case command::pci_cfgread:
            case command::pci_cfgwrite:
                if (!cfg) return refuse(d.cmd, "no config access payload");
                return config(*cfg, d.cmd == command::pci_cfgwrite);
            case command::bar_read:
            case command::bar_write:
                if (!bar_at) return refuse(d.cmd, "no BAR access payload");
                return bar(*bar_at, d.cmd == command::bar_write);
            case command::device_reset:
                // Sent at machine start and on every system_reset (qemu_system_reset -> the
                // proxy's reset handler): the platform restarts, so the function restarts cold.
                ++counts_.resets;
                if (o_.trace) std::fprintf(o_.trace, "reset cold (DEVICE_RESET)\n");
                f_.reset(reset_kind::cold);
                bars_ = f_.bars();
                return 0;
            case command::sync_sysmem: {
                const auto* map = std::get_if<sync_sysmem>(&d.body);
                if (!map) return refuse(d.cmd, "no SYNC_SYSMEM payload");
                ++counts_.sysmem_syncs;
                const std::string why = r_.memory.replace(*map, fds);
                if (!why.empty()) note("SYNC_SYSMEM: guest RAM left unmapped: " + why);
                return std::nullopt;
            }
            case command::set_irqfd:
                if (fds.size() != 2) return refuse(d.cmd, "SET_IRQFD without exactly 2 fds");
                ++counts_.irqfd_sets;
                r_.intx.connect(std::move(fds[0]), std::move(fds[1]));
                return std::nullopt;
            case command::ret: break;
        }
        return refuse(d.cmd, "not a request");
    }

    // Time passed: the function completes what is due (interrupts it raises reach intx).
    void advance(std::uint64_t ns) {
        if constexpr (timed_function<F>) f_.advance(ns);
    }
    [[nodiscard]] std::optional<std::uint64_t> due_in() const {
        if constexpr (timed_function<F>) return f_.due_in();
        return std::nullopt;
    }

    [[nodiscard]] const counts& statistics() const noexcept { return counts_; }
    [[nodiscard]] proxy_resources& resources() noexcept { return r_; }

private:
    // A request that is not taken as sent still gets its one RET, so the lock-step holds: reads
    // all-ones (a master abort's answer, PCI LB 3.0 §6.1), writes ignored.
    std::optional<std::uint64_t> refuse(command c, std::string_view why) {
        ++counts_.refused;
        note(std::string(name(c)) + " refused: " + std::string(why));
        if (!expects_reply(c)) return std::nullopt;
        if (c == command::pci_cfgread) return 0xffffffff;  // the proxy takes the low 32 bits
        return c == command::bar_read ? ~std::uint64_t{0} : 0;
    }
    void note(const std::string& s) {
        detail::log_line(o_.log, s);
    }

    // Any length 1, 2 or 4 at any offset with offset + length <= 100h (the proxy's own limit;
    // QEMU's reference remote wrongly treats every access as 4 bytes wide, hw/remote/message.c).
    std::optional<std::uint64_t> config(const config_access& a, bool write) {
        const command c = write ? command::pci_cfgwrite : command::pci_cfgread;
        if (a.length != 1 && a.length != 2 && a.length != 4) return refuse(c, "config access not 1, 2 or 4 bytes");
        const auto len = static_cast<unsigned>(a.length);
        if (a.address > 0x100 - len) return refuse(c, "config access outside 00h-FFh");
        std::uint64_t v = a.value & regspace::detail::all_ones(len);
        if (write) ++counts_.config_writes;
        else ++counts_.config_reads;
        if constexpr (explaining_function<F>) {
            if (o_.trace) {
                const explanation e = f_.explain_config(a.address, len, write, v);
                std::fprintf(o_.trace, "config %s\n", to_text(e).c_str());
                v = e.value;
                if (write) bars_ = f_.bars();
                return write ? 0 : v;
            }
        }
        if (write) {
            f_.config_write(a.address, len, v);
            bars_ = f_.bars();
            if (o_.trace) std::fprintf(o_.trace, "config write %02xh/%u = %llxh\n", a.address, len, static_cast<unsigned long long>(v));
            return 0;
        }
        v = f_.config_read(a.address, len) & regspace::detail::all_ones(len);
        if (o_.trace) std::fprintf(o_.trace, "config read %02xh/%u -> %llxh\n", a.address, len, static_cast<unsigned long long>(v));
        return v;
    }

    // Decodes the absolute address against the BARs as the function holds them now (with
    // decoding enabled); an access no BAR claims whole reads all-ones and writes nothing.
    std::optional<std::uint64_t> bar(const bar_access& a, bool write) {
        const command c = write ? command::bar_write : command::bar_read;
        if (a.size != 1 && a.size != 2 && a.size != 4 && a.size != 8) return refuse(c, "BAR access not 1, 2, 4 or 8 bytes");
        for (unsigned slot = 0; slot < bars_.size(); ++slot) {
            const pci::bar_state& b = bars_[slot];
            if (b.kind == pci::bar_kind::none || !b.decoding || (b.kind == pci::bar_kind::io) == a.memory) continue;
            if (a.address < b.base || a.address - b.base >= b.size || a.size > b.size - (a.address - b.base)) continue;
            const std::uint64_t off = a.address - b.base;
            const std::uint64_t v = a.value & regspace::detail::all_ones(a.size);
            if (write) ++counts_.bar_writes;
            else ++counts_.bar_reads;
            if constexpr (explaining_function<F>) {
                if (o_.trace) {
                    const explanation e = f_.explain_bar(slot, off, a.size, write, v);
                    std::fprintf(o_.trace, "BAR%u %s\n", slot, to_text(e).c_str());
                    return write ? 0 : e.value & regspace::detail::all_ones(a.size);
                }
            }
            if (write) {
                f_.bar_write(slot, off, a.size, v);
                return 0;
            }
            return f_.bar_read(slot, off, a.size) & regspace::detail::all_ones(a.size);
        }
        ++counts_.outside_bars;
        note(std::string(name(c)) + " at " + std::to_string(a.address) + " (" + (a.memory ? "memory" : "I/O") +
             ") is outside every decoding BAR");
        return write ? 0 : regspace::detail::all_ones(a.size);
    }

    F& f_;
    proxy_resources& r_;
    remote_options o_;
    pci::bar_states bars_;
    counts counts_;
};

namespace detail {
inline std::uint64_t monotonic_ns() {
    timespec t{};
    ::clock_gettime(CLOCK_MONOTONIC, &t);
    return static_cast<std::uint64_t>(t.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(t.tv_nsec);
}
}  // namespace detail

// Serves the connected socket until the peer closes it between messages (returns 0) or the link
// breaks (returns 1, and says why on the log). Between requests it watches the INTx resample fd
// and wakes when the function's work is due.
template <remote_function F>
int serve(int sock, remote<F>& r, std::FILE* log = stderr) {
    message m;
    std::uint64_t last = detail::monotonic_ns();
    for (;;) {
        pollfd p[2] = {{sock, POLLIN, 0}, {r.resources().intx.resample_fd(), POLLIN, 0}};
        const nfds_t n = p[1].fd >= 0 ? 2 : 1;
        int timeout = -1;
        if (const auto due = r.due_in()) timeout = static_cast<int>(std::min<std::uint64_t>(*due / 1'000'000 + 1, 1000));
        if (::poll(p, n, timeout) < 0 && errno != EINTR) {
            detail::log_line(log, std::string("poll: ") + std::strerror(errno));
            return 1;
        }
        const std::uint64_t now = detail::monotonic_ns();
        r.advance(now - last);
        last = now;
        if (n == 2 && (p[1].revents & POLLIN)) r.resources().intx.resampled();
        if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        const received got = receive(sock, m);
        if (got.status == receive_status::closed) return 0;
        if (got.status == receive_status::broken) {
            detail::log_line(log, got.why);
            return 1;
        }
        const std::optional<std::uint64_t> reply = r.handle(m.decode(), std::span(m.fds).first(m.fd_count));
        if (reply && !send_ret(sock, *reply)) {
            detail::log_line(log, "the peer went away before the answer to " + std::string(name(static_cast<command>(m.head.cmd))));
            return 1;
        }
    }
}

}  // namespace regspace::mpqemu

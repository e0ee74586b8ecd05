// SPDX-License-Identifier: MIT
// regspace/deferred.hpp - work a device model completes later, on the VMM's clock.
//
// Real devices take time: edu's factorial finishes after the write that starts it, its DMA 100 ms
// later. A model keeps such work here, pending, and the VMM drives completion: it advances the
// model's virtual time from its timer or main loop and the model runs what is due. No threads,
// no wall clock: the same inputs complete the same work at the same virtual time, a test decides
// when, and a snapshot carries what is pending (save/load below).
//
//   regspace::deferred<job, 4> work;                 // job: an enum of the model's kinds of work
//   work.schedule(job::dma, now + 100'000'000);      // at most one pending entry per kind
//   work.advance(ns, [&](job j) { ... });            // runs every entry now due, in due order
//
// What the guest sees while work is pending is the model's to define (edu: STATUS.BUSY reads 1,
// further factorial writes are refused); `pending(kind)` answers the model's question.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace regspace {

template <class Kind, std::size_t Kinds>
    requires std::is_enum_v<Kind>
class deferred {
public:
    // Schedules (or reschedules) `kind` to be due at virtual time `due_ns`. A kind at or past
    // Kinds is ignored and answers false.
    constexpr bool schedule(Kind kind, std::uint64_t due_ns) noexcept {
        const auto k = index(kind);
        if (k >= Kinds) return false;
        due_[k] = due_ns;
        pending_[k] = true;
        return true;
    }
    constexpr void cancel(Kind kind) noexcept {
        if (index(kind) < Kinds) pending_[index(kind)] = false;
    }
    [[nodiscard]] constexpr bool pending(Kind kind) const noexcept {
        return index(kind) < Kinds && pending_[index(kind)];
    }
    [[nodiscard]] constexpr std::uint64_t now() const noexcept { return now_; }
    // The earliest due time of any pending entry (a VMM arms its timer for it), or nullopt.
    [[nodiscard]] constexpr std::optional<std::uint64_t> next_due() const noexcept {
        std::optional<std::uint64_t> due;
        for (std::size_t k = 0; k < Kinds; ++k)
            if (pending_[k] && (!due || due_[k] < *due)) due = due_[k];
        return due;
    }

    // Lets `ns` of virtual time pass, then runs run(kind) for every pending entry now due, the
    // earliest first (ties: the lower kind first), each kind at most once per advance. An entry
    // run is no longer pending when run() is called, so run() may schedule it again; if again due
    // now, it runs at the next advance.
    template <class Run>
    constexpr void advance(std::uint64_t ns, Run&& run) {
        now_ = ns > ~std::uint64_t{0} - now_ ? ~std::uint64_t{0} : now_ + ns;  // saturates
        std::array<bool, Kinds> ran{};
        for (;;) {
            std::size_t best = Kinds;
            for (std::size_t k = 0; k < Kinds; ++k)
                if (!ran[k] && pending_[k] && due_[k] <= now_ && (best == Kinds || due_[k] < due_[best])) best = k;
            if (best == Kinds) return;
            pending_[best] = false;
            ran[best] = true;
            run(static_cast<Kind>(best));
        }
    }

    // The pending work and the clock, for a snapshot's user section: 8 bytes of time, then per
    // kind a flag byte and 8 bytes of due time, little-endian.
    void save(std::vector<std::uint8_t>& out) const {
        put(out, now_);
        for (std::size_t k = 0; k < Kinds; ++k) {
            out.push_back(pending_[k] ? 1 : 0);
            put(out, due_[k]);
        }
    }
    static constexpr std::size_t saved_size = 8 + 9 * Kinds;
    // Reads what save() wrote from the front of `in`; an empty string when accepted (then this
    // holds it), else why not (and this is unchanged).
    std::string load(std::span<const std::uint8_t> in) {
        if (in.size() < saved_size) return "deferred work: cut short";
        deferred d;
        d.now_ = get(in.data());
        for (std::size_t k = 0; k < Kinds; ++k) {
            const std::uint8_t flag = in[8 + 9 * k];
            if (flag > 1) return "deferred work: a pending flag that is neither 0 nor 1";
            d.pending_[k] = flag == 1;
            d.due_[k] = get(in.data() + 9 + 9 * k);
        }
        *this = d;
        return {};
    }

private:
    static constexpr std::size_t index(Kind k) noexcept { return static_cast<std::size_t>(k); }
    static void put(std::vector<std::uint8_t>& out, std::uint64_t v) {
        for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    static std::uint64_t get(const std::uint8_t* p) {
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v |= std::uint64_t{p[i]} << (8 * i);
        return v;
    }
    std::uint64_t now_ = 0;
    std::array<std::uint64_t, Kinds> due_{};
    std::array<bool, Kinds> pending_{};
};

}  // namespace regspace

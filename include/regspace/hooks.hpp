// SPDX-License-Identifier: MIT
// regspace/hooks.hpp - run-time behaviour a device model attaches to registers.
//
// A hooks object is the device model's own state and logic. It lists the registers it hooks and
// gives each one an overload keyed on the register type, taking the device it runs on and what
// the access did:
//
//   struct my_model {
//       using hooked = regspace::hooked<status_reg, command_reg, bar0_reg>;
//       std::uint64_t on_read(status_reg, auto& dev, const regspace::read_event& e);  // what the guest sees
//       void on_write(command_reg, auto& dev, const regspace::write_event& e);        // side effect
//       bool filter_write(bar0_reg, auto& dev, regspace::write_proposal& p);          // veto (false) or edit
//       void on_reset(auto& dev, regspace::reset_kind kind);
//   };
//
// Nothing binds silently: a listed register that is not in the space, or that has no hook of
// these signatures, does not compile; neither does a hook for a register the list leaves out, a
// hook written with another signature (a missing argument, the register taken by reference, the
// pre-0.3 `on_write(R, old, now)` form), a filter_write that takes its proposal by value (its
// edits would be lost) or an on_reset without its reset_kind. Each is one error naming the rule
// and the register (docs/diagnostics.md). The same holds for the notifications the PCI layers
// send a part (pci::notice::reset: `pci_reset(reset_method)`; pci::notice::vfs_changed:
// `vfs_changed(device&)`; pci::notice::slot: `slot_event(device&, slot_event)`): a part lists the ones it takes, `using notified =
// regspace::notified<pci::notice::reset>;`, and a listed one without its member, or the member of
// one the list leaves out, does not compile.
// Which registers have hooks is decided at compile time,
// so a register without one compiles to the plain mask path and `no_hooks` costs nothing.
//
// Several hooks objects serve one device as a hook_set<A, B, ...> (each keeps its own list and
// state; pci::bar_guard is one such part): composition, never inheritance, so that no overload
// hides another's.
#pragma once

#include <concepts>
#include <cstdint>
#include <type_traits>
#include <utility>

#include <regspace/reset_kind.hpp>

namespace regspace {

struct no_hooks {};

// What a guest write did to one register element, for its on_write hook and its action<>. Values
// are the register's own (bit 0 = the register's bit 0). A partial write (a byte of a dword
// register) keeps the bytes it did not cover: `now` holds them as they were, `byte_enables` says
// which bytes the guest wrote (0xff per byte) and `written` what it wrote there.
struct write_event {
    unsigned index = 0;              // element of a repeat<> (0 otherwise)
    std::uint64_t old = 0;           // before the write
    std::uint64_t now = 0;           // after the policies and the rule; strobe bits as written (and filtered)
    std::uint64_t written = 0;       // the guest's value on the bytes it covered (after any filter's edits), 0 elsewhere
    std::uint64_t byte_enables = 0;  // the covered bytes' bits
};

// A guest read of one register element, for its on_read hook, which returns the value the guest
// sees (of the covered bytes; write-only bits stay 0 whatever it returns).
struct read_event {
    unsigned index = 0;
    std::uint64_t stored = 0;        // the register's stored value
    std::uint64_t byte_enables = 0;  // the bytes the read covers
};

// A guest write before it is applied, for filter_write, which returns false to refuse it or
// edits `value`: the whole register as the guest asks for it (`old` on the bytes it did not write).
// A byte the filter changes is written even where the guest did not write (QEMU's edu stores a
// 4-byte write of a 64-bit register zero-extended); the policies still decide what is stored.
struct write_proposal {
    unsigned index = 0;
    std::uint64_t old = 0;
    std::uint64_t value = 0;
    std::uint64_t byte_enables = 0;
};

// The registers a hooks object hooks: registers, and hooked_if<Pred> for every register R of
// the space with Pred<R>::value (pci::bar_guard hooks every BAR that way).
template <class... Entries>
struct hooked {};
template <template <class> class Pred>
struct hooked_if {};

// The notifications a hooks part takes (see the top of this file). A notice N says what member it
// calls: `N::taken_by<Part, Device>` is true when Part has it with the right signature.
template <class... Notices>
struct notified {};

namespace detail {
// The parts of a hook_set, each a base of its own (empty parts take no room).
template <class... P>
struct part_store {};
template <class H, class... T>
struct part_store<H, T...> : part_store<T...> {
    [[no_unique_address]] H head{};
    constexpr part_store() = default;
    constexpr explicit part_store(H h, T... t) : part_store<T...>(std::move(t)...), head(std::move(h)) {}
    template <class X>
    constexpr X& get() noexcept {
        if constexpr (std::is_same_v<X, H>) return head;
        else return part_store<T...>::template get<X>();
    }
    template <class X>
    constexpr const X& get() const noexcept {
        if constexpr (std::is_same_v<X, H>) return head;
        else return part_store<T...>::template get<X>();
    }
};
}  // namespace detail

// Several hooks objects for one device. Each part's hooks run in the order listed (read hooks
// pass their value on as the next one's `stored`; every filter must accept; every on_write and
// on_reset runs). get<T>() finds a part by type.
template <class... Parts>
class hook_set {
public:
    constexpr hook_set() = default;
    constexpr explicit hook_set(Parts... parts) : parts_(std::move(parts)...) {}
    template <class T>
    [[nodiscard]] constexpr T& get() noexcept { return parts_.template get<T>(); }
    template <class T>
    [[nodiscard]] constexpr const T& get() const noexcept { return parts_.template get<T>(); }

private:
    detail::part_store<Parts...> parts_;
};

}  // namespace regspace

// SPDX-License-Identifier: MIT
// regspace/locked.hpp - a device shared between threads (vCPUs), behind one lock.
//
// Threading contract (docs/robustness.md): a regspace::device is a plain value, like a standard
// container. Any number of threads may call its const members (get, peek; save() reads through them) at once while no
// thread changes it; everything else, guest reads included (read-clear bits, last_status(), the
// invalid-access count), needs exclusive access. Hooks run on the thread that made the access,
// inside it. locked<D> gives that exclusion: every guest access is one critical section, so
// concurrent accesses behave as if made one after the other in some order, and with(f) runs
// several operations as one.
#pragma once

#include <cstdint>
#include <mutex>
#include <utility>

#include <regspace/device.hpp>

namespace regspace {

template <class Device, class Mutex = std::mutex>
class locked {
public:
    using device_type = Device;

    template <class... Args>
    explicit locked(Args&&... args) : dev_(std::forward<Args>(args)...) {}
    locked(const locked&) = delete;
    locked& operator=(const locked&) = delete;

    // One guest access, atomically with respect to every other access through this object.
    // `status` (optional) receives the access's outcome, read inside the same critical section.
    std::uint64_t read(unsigned offset, unsigned size, access_status* status = nullptr) {
        std::lock_guard<Mutex> g(m_);
        const std::uint64_t v = dev_.read(offset, size);
        if (status) *status = dev_.last_status();
        return v;
    }
    void write(unsigned offset, unsigned size, std::uint64_t value, access_status* status = nullptr) {
        std::lock_guard<Mutex> g(m_);
        dev_.write(offset, size, value);
        if (status) *status = dev_.last_status();
    }

    // f(device&) under the lock: a read-modify-write, typed access, a reset, a snapshot. A hook
    // must not call back into the same locked<> (the lock is not recursive); it is given the
    // device it runs on and uses that.
    template <class F>
    decltype(auto) with(F&& f) {
        std::lock_guard<Mutex> g(m_);
        return std::forward<F>(f)(dev_);
    }
    template <class F>
    decltype(auto) with(F&& f) const {
        std::lock_guard<Mutex> g(m_);
        return std::forward<F>(f)(std::as_const(dev_));
    }

private:
    mutable Mutex m_;
    Device dev_;
};

}  // namespace regspace

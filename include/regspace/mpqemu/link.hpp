// SPDX-License-Identifier: MIT
// regspace/mpqemu/link.hpp - the remote's end of an x-pci-proxy-dev socket on Linux: messages in
// and RETs out (regspace/mpqemu/wire.hpp gives their bytes), the INTx eventfd pair SET_IRQFD
// hands over, and guest RAM as SYNC_SYSMEM maps it (a pci::guest_memory for device DMA).
//
// Nothing here trusts the peer: a message is read whole or the link is declared broken, every
// descriptor received is owned and closed, a memory region is mapped only when the file really
// holds it and cannot shrink under the mapping, and DMA outside what is mapped fails whole.
#pragma once

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <regspace/mpqemu/wire.hpp>
#include <regspace/pci/dma.hpp>

namespace regspace::mpqemu {

// A file descriptor this process owns: closed exactly once.
class unique_fd {
public:
    unique_fd() = default;
    explicit unique_fd(int fd) noexcept : fd_(fd) {}
    unique_fd(unique_fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    unique_fd& operator=(unique_fd&& o) noexcept {
        if (this != &o) reset(std::exchange(o.fd_, -1));
        return *this;
    }
    unique_fd(const unique_fd&) = delete;
    unique_fd& operator=(const unique_fd&) = delete;
    ~unique_fd() { reset(); }
    void reset(int fd = -1) noexcept {
        if (fd_ >= 0) ::close(fd_);
        fd_ = fd;
    }
    [[nodiscard]] int get() const noexcept { return fd_; }
    [[nodiscard]] explicit operator bool() const noexcept { return fd_ >= 0; }

private:
    int fd_ = -1;
};

// One message as read from the socket.
struct message {
    header head;
    std::array<std::uint8_t, max_payload> payload{};
    std::array<unique_fd, max_fds> fds;
    std::size_t fd_count = 0;
    bool too_many_fds = false;  // more than 8 came: all were closed, the message is malformed
    [[nodiscard]] std::span<const std::uint8_t> body() const noexcept {
        return {payload.data(), static_cast<std::size_t>(head.size)};
    }
    [[nodiscard]] decoded decode() const {
        if (too_many_fds) return {static_cast<command>(head.cmd), malformed{"more than 8 fds"}};
        return mpqemu::decode(head, body(), fd_count);
    }
};

enum class receive_status : std::uint8_t {
    ok,
    closed,  // the peer closed the socket between messages: the session is over
    broken   // a read failed, the peer closed mid-message, or the header is refused (why says which)
};
struct received {
    receive_status status = receive_status::ok;
    std::string why;
};

namespace detail {
// Reads exactly b.size() bytes (fewer only at end of stream or on error), taking every
// descriptor that comes with them into m. Returns the bytes read, or -1 with errno.
inline long read_with_fds(int sock, std::span<std::uint8_t> b, message& m) {
    std::size_t got = 0;
    while (got < b.size()) {
        // Room for more than 8, so that a ninth is seen (and refused) rather than cut off silently.
        alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(int) * 2 * max_fds)];
        iovec io{b.data() + got, b.size() - got};
        msghdr h{};
        h.msg_iov = &io;
        h.msg_iovlen = 1;
        h.msg_control = control;
        h.msg_controllen = sizeof control;
        const ssize_t n = ::recvmsg(sock, &h, MSG_CMSG_CLOEXEC);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (h.msg_flags & MSG_CTRUNC) m.too_many_fds = true;  // the kernel closed what did not fit
        for (cmsghdr* c = CMSG_FIRSTHDR(&h); c; c = CMSG_NXTHDR(&h, c)) {
            if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
            const std::size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            for (std::size_t i = 0; i < k; ++i) {
                int fd = -1;
                std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
                if (m.fd_count < max_fds) m.fds[m.fd_count++].reset(fd);
                else {
                    ::close(fd);
                    m.too_many_fds = true;
                }
            }
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    return static_cast<long>(got);
}
}  // namespace detail

// Reads one whole message: the header, then exactly its payload. Descriptors of a refused
// message are closed; with more than 8 all of them are.
inline received receive(int sock, message& m) {
    m.head = {};
    m.fd_count = 0;
    m.too_many_fds = false;
    for (unique_fd& f : m.fds) f.reset();
    std::array<std::uint8_t, header_size> h{};
    const long n = detail::read_with_fds(sock, h, m);
    if (n == 0) return {receive_status::closed, {}};
    if (n < 0) return {receive_status::broken, std::string("reading the socket: ") + std::strerror(errno)};
    if (static_cast<std::size_t>(n) < header_size) return {receive_status::broken, "the peer closed in the middle of a header"};
    m.head = decode_header(h);
    if (const std::string_view why = refuse_header(m.head); !why.empty())
        return {receive_status::broken, "refused a message: " + std::string(why) + " (command " +
                                            std::to_string(m.head.cmd) + ", size " + std::to_string(m.head.size) + ")"};
    const auto size = static_cast<std::size_t>(m.head.size);
    const long p = detail::read_with_fds(sock, std::span(m.payload).first(size), m);
    if (p < 0) return {receive_status::broken, std::string("reading the socket: ") + std::strerror(errno)};
    if (static_cast<std::size_t>(p) < size) return {receive_status::broken, "the peer closed in the middle of a message"};
    if (m.too_many_fds)
        for (unique_fd& f : m.fds) f.reset();
    return {};
}

// Sends one RET; false when the peer is gone.
inline bool send_ret(int sock, std::uint64_t value) {
    const auto b = encode_ret(value);
    std::size_t sent = 0;
    while (sent < b.size()) {
        const ssize_t n = ::send(sock, b.data() + sent, b.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

// ---- INTx over the irqfd pair ------------------------------------------------------------------
// The proxy gives KVM the first eventfd as an irqfd with the second as its resample fd: a write
// of the first asserts the GSI; after the guest's EOI, KVM has deasserted it and makes the
// second readable, and the line must be signalled again if it is still high (level semantics
// live here, not in QEMU: the irqfd path bypasses QEMU's INTx code, hw/remote/proxy.c). The
// level given to set() is already the function's: Status.Interrupt Status gated by
// Command.Interrupt Disable (pci::set_intx).
class intx_line {
public:
    // SET_IRQFD: replaces the pair; a line already high is signalled on the new one.
    void connect(unique_fd irq, unique_fd resample) {
        irq_ = std::move(irq);
        resample_ = std::move(resample);
        if (level_) signal();
    }
    void set(bool level) {
        const bool rising = level && !level_;
        level_ = level;
        if (rising) signal();
    }
    // The resample fd became readable: drain it, re-assert while the level holds.
    void resampled() {
        std::uint64_t count = 0;
        if (resample_ && ::read(resample_.get(), &count, sizeof count) != static_cast<ssize_t>(sizeof count)) return;
        if (level_) signal();
    }
    [[nodiscard]] bool level() const noexcept { return level_; }
    [[nodiscard]] int resample_fd() const noexcept { return resample_.get(); }
    [[nodiscard]] bool connected() const noexcept { return static_cast<bool>(irq_); }
    [[nodiscard]] std::uint64_t signals() const noexcept { return signals_; }

private:
    void signal() {
        if (!irq_) return;
        const std::uint64_t one = 1;
        if (::write(irq_.get(), &one, sizeof one) == static_cast<ssize_t>(sizeof one)) ++signals_;
    }
    unique_fd irq_, resample_;
    bool level_ = false;
    std::uint64_t signals_ = 0;
};

// ---- guest RAM as SYNC_SYSMEM maps it ----------------------------------------------------------
// Each SYNC_SYSMEM is the whole RAM map (entry i: `size` bytes at guest address `gpa`, at
// `offset` in the i-th fd); the previous mappings are dropped. Only RAM is in it, so DMA to
// anything else (MMIO, ROM, holes) fails. QEMU applies no IOMMU and no bus-master gating:
// pci::dma_read / dma_write check Bus Master Enable on the device's side.
class sysmem final : public pci::guest_memory {
public:
    sysmem() = default;
    sysmem(const sysmem&) = delete;
    sysmem& operator=(const sysmem&) = delete;
    ~sysmem() override { clear(); }

    // Maps what `s` describes with `fds` (one each); a region that cannot be mapped safely is
    // left out and named in the answer (empty: all mapped). The fds are closed either way.
    std::string replace(const sync_sysmem& s, std::span<unique_fd> fds) {
        clear();
        std::string why;
        for (std::size_t i = 0; i < s.count && i < fds.size(); ++i) {
            const std::string_view refused = map(s.regions[i], fds[i].get());
            if (!refused.empty()) why += (why.empty() ? "" : "; ") + std::string("region ") + std::to_string(i) + ": " + std::string(refused);
            fds[i].reset();
        }
        return why;
    }
    void clear() noexcept {
        for (std::size_t i = 0; i < count_; ++i) ::munmap(maps_[i].base, maps_[i].size);
        count_ = 0;
    }
    [[nodiscard]] std::size_t regions() const noexcept { return count_; }

    bool read(std::uint64_t address, std::span<std::uint8_t> into) override {
        if (!covered(address, into.size())) return false;
        copy(address, into.size(), [&](std::uint8_t* ram, std::size_t at, std::size_t n) { std::memcpy(into.data() + at, ram, n); });
        return true;
    }
    bool write(std::uint64_t address, std::span<const std::uint8_t> from) override {
        if (!covered(address, from.size())) return false;
        copy(address, from.size(), [&](std::uint8_t* ram, std::size_t at, std::size_t n) { std::memcpy(ram, from.data() + at, n); });
        return true;
    }

private:
    struct mapping {
        std::uint64_t gpa = 0, size = 0;
        std::uint8_t* base = nullptr;
    };
    std::string_view map(const sysmem_region& r, int fd) {
        const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
        if (r.size == 0) return "empty";
        if (r.gpa + r.size < r.gpa) return "wraps the address space";
        if (r.offset < 0 || static_cast<std::uint64_t>(r.offset) % page != 0) return "offset not page aligned";
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return "not a memory file";
        const auto offset = static_cast<std::uint64_t>(r.offset);
        if (offset > static_cast<std::uint64_t>(st.st_size) || r.size > static_cast<std::uint64_t>(st.st_size) - offset)
            return "larger than its file";
        // A file that shrank under the mapping would make a DMA access fault (SIGBUS): map only
        // memory sealed against shrinking (QEMU's memory-backend-memfd seals by default).
        const int seals = ::fcntl(fd, F_GET_SEALS);
        if (seals < 0 || !(seals & F_SEAL_SHRINK)) {
            if (::fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK) != 0) return "not sealed against shrinking";
        }
        for (std::size_t i = 0; i < count_; ++i)
            if (r.gpa < maps_[i].gpa + maps_[i].size && maps_[i].gpa < r.gpa + r.size) return "overlaps another region";
        void* p = ::mmap(nullptr, static_cast<std::size_t>(r.size), PROT_READ | PROT_WRITE, MAP_SHARED, fd, r.offset);
        if (p == MAP_FAILED) return "mmap failed";
        maps_[count_++] = {r.gpa, r.size, static_cast<std::uint8_t*>(p)};
        return {};
    }
    const mapping* find(std::uint64_t a) const noexcept {
        for (std::size_t i = 0; i < count_; ++i)
            if (a >= maps_[i].gpa && a - maps_[i].gpa < maps_[i].size) return &maps_[i];
        return nullptr;
    }
    // Whether every byte of [address, address + n) is mapped (regions may be adjacent).
    bool covered(std::uint64_t address, std::size_t n) const noexcept {
        if (address + n < address) return false;
        std::uint64_t a = address;
        while (a < address + n) {
            const mapping* m = find(a);
            if (!m) return false;
            a = m->gpa + m->size;
        }
        return true;
    }
    template <class Copy>
    void copy(std::uint64_t address, std::size_t n, Copy&& c) {
        std::size_t done = 0;
        while (done < n) {
            const mapping* m = find(address + done);
            const std::uint64_t in = address + done - m->gpa;
            const auto k = static_cast<std::size_t>(std::min<std::uint64_t>(n - done, m->size - in));
            c(m->base + in, done, k);
            done += k;
        }
    }
    std::array<mapping, max_fds> maps_{};
    std::size_t count_ = 0;
};

}  // namespace regspace::mpqemu

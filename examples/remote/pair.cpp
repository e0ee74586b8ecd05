// SPDX-License-Identifier: MIT
// regspace-pair: starts remotes and QEMU joined by connected sockets, the way x-pci-proxy-dev
// needs them (the proxy never connects or listens: its socket must exist before QEMU starts).
//
//   regspace-pair REMOTE... [-- REMOTE...] -- QEMU...
//
// Every group but the last is one remote's command line, the last is QEMU's. For remote i a
// socketpair is made; in remote i's own arguments "@FD@" becomes its end, in QEMU's "@FDi@"
// becomes the other end (inherited, not close-on-exec, as QEMU's fd= property requires). Exits
// with QEMU's status once QEMU and every remote have exited; 3 when QEMU exited 0 but a remote
// did not (each such remote is named on stderr). A remote still running 10 s after QEMU exited
// is killed and counts as failed.
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
    return s;
}

[[noreturn]] void exec_args(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    std::fprintf(stderr, "regspace-pair: cannot run %s: %s\n", argv[0], std::strerror(errno));
    ::_exit(127);
}

// Forks `args` with the descriptors in `keep` inherited across exec.
pid_t spawn(const std::vector<std::string>& args, const std::vector<int>& keep) {
    const pid_t pid = ::fork();
    if (pid < 0) {
        std::perror("regspace-pair: fork");
        std::exit(1);
    }
    if (pid != 0) return pid;
    for (int fd : keep) ::fcntl(fd, F_SETFD, 0);
    exec_args(args);
}

int status_of(int wstatus) { return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus); }

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::vector<std::string>> groups(1);
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--") groups.emplace_back();
        else groups.back().emplace_back(argv[i]);
    }
    if (groups.size() < 2) {
        std::fputs("usage: regspace-pair REMOTE... [-- REMOTE...] -- QEMU...\n", stderr);
        return 64;
    }
    for (const auto& g : groups)
        if (g.empty()) {
            std::fputs("regspace-pair: an empty command line\n", stderr);
            return 64;
        }
    std::vector<std::string> qemu = groups.back();
    groups.pop_back();

    std::signal(SIGPIPE, SIG_IGN);
    std::vector<int> qemu_ends;
    std::vector<pid_t> remotes;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        int sv[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
            std::perror("regspace-pair: socketpair");
            return 1;
        }
        std::vector<std::string> args;
        for (const std::string& a : groups[i]) args.push_back(replace_all(a, "@FD@", std::to_string(sv[0])));
        remotes.push_back(spawn(args, {sv[0]}));
        ::close(sv[0]);
        qemu_ends.push_back(sv[1]);
        for (std::string& a : qemu) a = replace_all(a, "@FD" + std::to_string(i) + "@", std::to_string(sv[1]));
    }
    // QEMU inherits every one of its ends; each remote has only its own (the rest are close-on-exec).
    const pid_t q = spawn(qemu, qemu_ends);
    for (int fd : qemu_ends) ::close(fd);
    int ws = 0;
    while (::waitpid(q, &ws, 0) < 0 && errno == EINTR) {}
    const int qemu_status = status_of(ws);

    int result = qemu_status;
    for (std::size_t i = 0; i < remotes.size(); ++i) {
        int rs = 0;
        pid_t got = 0;
        for (int waited = 0; (got = ::waitpid(remotes[i], &rs, WNOHANG)) == 0 && waited < 1000; ++waited) ::usleep(10'000);
        if (got == 0) {
            ::kill(remotes[i], SIGKILL);
            ::waitpid(remotes[i], &rs, 0);
            std::fprintf(stderr, "regspace-pair: remote %zu (%s) still running 10 s after QEMU exited: killed\n", i,
                         groups[i][0].c_str());
            if (result == 0) result = 3;
            continue;
        }
        if (status_of(rs) != 0) {
            std::fprintf(stderr, "regspace-pair: remote %zu (%s) exited with status %d\n", i, groups[i][0].c_str(), status_of(rs));
            if (result == 0) result = 3;
        }
    }
    return result;
}

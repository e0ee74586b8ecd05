// SPDX-License-Identifier: MIT
// measure.cpp - run one command, report its wall time and peak memory.
//
//   measure [-o LOG] [-t SECONDS] [-m MIB] -- command args...
//   prints "<seconds> <peak_MiB> <status>" on stdout. The command's stdout/stderr go to LOG
//   (default /dev/null) so a failed compile can be inspected. -t kills the command's whole
//   process group after SECONDS (status 124, like timeout(1)); -m caps its address space
//   (RLIMIT_AS), so a runaway compile fails instead of waking the OOM killer.
//
// Peak memory is ru_maxrss from wait4(): the largest of the child and its waited-for descendants,
// so g++'s cc1plus (and clang's in-process cc1) is what is counted. Built by run.sh.
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

static volatile sig_atomic_t timed_out = 0;
static void on_alarm(int) { timed_out = 1; }

int main(int argc, char** argv) {
    const char* log = "/dev/null";
    unsigned seconds = 0;
    unsigned long mib = 0;
    int i = 1;
    for (; i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
        if (i + 1 >= argc) break;
        if (std::strcmp(argv[i], "-o") == 0) log = argv[++i];
        else if (std::strcmp(argv[i], "-t") == 0) seconds = static_cast<unsigned>(std::atoi(argv[++i]));
        else if (std::strcmp(argv[i], "-m") == 0) mib = std::strtoul(argv[++i], nullptr, 10);
    }
    if (i + 1 >= argc) {
        std::fprintf(stderr, "usage: measure [-o LOG] [-t SECONDS] [-m MIB] -- command args...\n");
        return 2;
    }
    char** cmd = argv + i + 1;

    const auto t0 = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid < 0) { std::perror("fork"); return 2; }
    if (pid == 0) {
        setpgid(0, 0);  // its own group, so a timeout also kills cc1plus
        if (mib) {
            const rlimit lim{mib << 20, mib << 20};
            setrlimit(RLIMIT_AS, &lim);
        }
        const int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) { dup2(fd, 1); dup2(fd, 2); close(fd); }
        execvp(cmd[0], cmd);
        std::perror(cmd[0]);
        _exit(127);
    }
    setpgid(pid, pid);
    struct sigaction sa {};
    sa.sa_handler = on_alarm;  // no SA_RESTART: wait4() returns EINTR when the alarm fires
    sigaction(SIGALRM, &sa, nullptr);
    if (seconds) alarm(seconds);

    int status = 0;
    struct rusage ru {};
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) { std::perror("wait4"); return 2; }
        if (timed_out) kill(-pid, SIGKILL);
    }
    alarm(0);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (timed_out) {
        kill(-pid, SIGKILL);  // anything the driver left behind
        code = 124;
    }
    std::printf("%.2f %.1f %d\n", secs, ru.ru_maxrss / 1024.0, code);  // ru_maxrss is in KiB
    return 0;
}

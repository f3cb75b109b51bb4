// atrium-askpass: ssh's SSH_ASKPASS helper for Atrium. ssh runs it with its question as the only
// argument; it hands the question to the Atrium process that started ssh (over the UNIX socket
// the ssh wrapper names in ATRIUM_ASKPASS_SOCKET) and prints the answer. Atrium answers at once,
// from what the admin gave it: there is no prompt and nothing to wait for. No answer = exit 1,
// which ssh takes as "cancelled". Plain C++ on purpose: it starts in a millisecond.

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

bool writeAll(int fd, const std::string &bytes)
{
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += size_t(n);
    }
    return true;
}

}  // namespace

int main(int argc, char **argv)
{
    const char *socketPath = std::getenv("ATRIUM_ASKPASS_SOCKET");
    const char *hostKey = std::getenv("ATRIUM_ASKPASS_HOST");
    if (!socketPath || !hostKey || argc < 2) {
        std::fputs("atrium-askpass: run by ssh for Atrium (ATRIUM_ASKPASS_SOCKET and ATRIUM_ASKPASS_HOST unset)\n", stderr);
        return 2;
    }
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (std::strlen(socketPath) >= sizeof(address.sun_path))
        return 2;
    std::strcpy(address.sun_path, socketPath);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
        std::fprintf(stderr, "atrium-askpass: cannot reach Atrium at %s: %s\n", socketPath, std::strerror(errno));
        return 1;
    }
    const std::string prompt = argv[1];
    // ssh is the parent: each ssh is answered once, so a question it asks again means "refused".
    const std::string request = std::string(hostKey) + '\n' + std::to_string(::getppid()) + '\n'
        + std::to_string(prompt.size()) + '\n' + prompt;
    if (!writeAll(fd, request))
        return 1;
    std::string reply;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof(buffer));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        reply.append(buffer, size_t(n));
    }
    ::close(fd);
    if (reply.empty() || reply[0] != '+')
        return 1;
    reply.erase(0, 1);
    reply += '\n';
    return writeAll(STDOUT_FILENO, reply) ? 0 : 1;
}

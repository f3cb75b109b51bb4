#include "threadcputime.h"

#include <ctime>

namespace Atrium {

qint64 threadCpuTimeNs()
{
    timespec ts{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return 0;
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace Atrium

#include "api/microvm/quota.h"

#include <QJsonObject>

namespace Atrium::Api {

namespace {

// The micro-VM API's own ranges: hosts may lower the maxima, never raise them.
constexpr Range kCpus{1, 32, 1};
constexpr Range kMemory{128, 65536, 512};
constexpr Range kWritable{64, 204800, 512};

QJsonObject amounts(const ResourceAmounts &a)
{
    return {{QStringLiteral("cpus"), a.cpus}, {QStringLiteral("memory_mb"), double(a.memoryMb)}, {QStringLiteral("disk_mb"), double(a.diskMb)}};
}

QJsonObject range(const Range &r)
{
    return {{QStringLiteral("min"), double(r.min)}, {QStringLiteral("max"), double(r.max)}, {QStringLiteral("default"), double(r.fallback)}};
}

ResourceAmounts of(const Workspace &w)
{
    return {w.resources.cpus, w.resources.memoryMb, w.resources.storageMb};
}

}  // namespace

Quota Quota::compute(const Engine &engine, const Actor &actor, const QuotaSettings &settings)
{
    Quota q;
    int hostCpus = 0;
    int largestCpus = 0;
    qint64 hostMemory = 0;
    qint64 largestMemory = 0;
    QStringList sources;
    for (const HostInfo &h : engine.hostInfos()) {
        if (h.state != HostState::Connected)
            continue;
        hostCpus += h.cpus;
        hostMemory += h.memoryMb;
        largestCpus = std::max(largestCpus, h.cpus);
        largestMemory = std::max(largestMemory, h.memoryMb);
        sources << hostDisplayName(h);
    }
    q.capacitySource = sources.isEmpty() ? QStringLiteral("no connected host") : sources.join(QStringLiteral(", "));
    // One workspace must fit on one host.
    q.cpus = {kCpus.min, largestCpus > 0 ? std::min<qint64>(kCpus.max, largestCpus) : kCpus.max, kCpus.fallback};
    q.memoryMb = {kMemory.min, largestMemory > 0 ? std::min(kMemory.max, largestMemory) : kMemory.max, kMemory.fallback};
    q.writableMb = kWritable;
    q.maxWorkspaces = settings.maxWorkspacesPerClient;
    q.pool = {settings.poolCpus.value_or(hostCpus), settings.poolMemoryMb.value_or(hostMemory),
              settings.poolDiskMb.value_or(kWritable.max * std::max(1, settings.maxWorkspacesPerClient))};
    q.runningPool = {settings.poolCpus.value_or(hostCpus), settings.poolMemoryMb.value_or(hostMemory), q.pool.diskMb};
    for (const Workspace &w : engine.workspaces()) {
        if (w.ownerId != actor.identity.id)
            continue;
        ++q.currentWorkspaces;
        const ResourceAmounts r = of(w);
        q.poolUsage.cpus += r.cpus;
        q.poolUsage.memoryMb += r.memoryMb;
        q.poolUsage.diskMb += r.diskMb;
        if (w.isActive()) {
            q.runningPoolUsage.cpus += r.cpus;
            q.runningPoolUsage.memoryMb += r.memoryMb;
            q.runningPoolUsage.diskMb += r.diskMb;
        }
    }
    return q;
}

Result<void> Quota::admitNew(const ResourceAmounts &w) const
{
    if (currentWorkspaces >= maxWorkspaces) {
        return fail(ErrorCode::SandboxLimitReached,
                    QStringLiteral("You have %1 workspaces, the most this Atrium allows per client").arg(currentWorkspaces));
    }
    auto check = [](qint64 value, const Range &r, const char *field) -> Result<void> {
        if (value > r.max) {
            return fail(ErrorCode::ResourceNotAllowed,
                        QStringLiteral("config.%1 = %2 exceeds the limit of %3").arg(QString::fromLatin1(field)).arg(value).arg(r.max),
                        QStringLiteral("config.") + QString::fromLatin1(field));
        }
        return {};
    };
    for (auto ok : {check(w.cpus, cpus, "cpus"), check(w.memoryMb, memoryMb, "memory_mb"), check(w.diskMb, writableMb, "writable_size_mb")}) {
        if (!ok)
            return ok;
    }
    if (poolUsage.cpus + w.cpus > pool.cpus || poolUsage.memoryMb + w.memoryMb > pool.memoryMb
        || poolUsage.diskMb + w.diskMb > pool.diskMb) {
        return fail(ErrorCode::PoolLimitReached,
                    QStringLiteral("Your resource pool is full: %1 of %2 CPUs, %3 of %4 MB memory, %5 of %6 MB disk in use")
                        .arg(poolUsage.cpus).arg(pool.cpus).arg(poolUsage.memoryMb).arg(pool.memoryMb)
                        .arg(poolUsage.diskMb).arg(pool.diskMb));
    }
    return {};
}

Result<void> Quota::admitRunning(const ResourceAmounts &w) const
{
    if (runningPoolUsage.cpus + w.cpus > runningPool.cpus || runningPoolUsage.memoryMb + w.memoryMb > runningPool.memoryMb) {
        return fail(ErrorCode::RunningPoolReached,
                    QStringLiteral("Your running pool is full: %1 of %2 CPUs and %3 of %4 MB memory are running")
                        .arg(runningPoolUsage.cpus).arg(runningPool.cpus).arg(runningPoolUsage.memoryMb).arg(runningPool.memoryMb));
    }
    return {};
}

QJsonObject Quota::toJson() const
{
    const bool full = currentWorkspaces >= maxWorkspaces;
    const bool poolFull = poolUsage.cpus >= pool.cpus || poolUsage.memoryMb >= pool.memoryMb || poolUsage.diskMb >= pool.diskMb;
    QJsonValue reason(QJsonValue::Null);
    if (full)
        reason = QStringLiteral("workspace limit reached (%1)").arg(maxWorkspaces);
    else if (poolFull)
        reason = QStringLiteral("resource pool is full");
    return {
        {QStringLiteral("success"), true},
        {QStringLiteral("plan"), QStringLiteral("local")},
        {QStringLiteral("planLabel"), QStringLiteral("Atrium (%1)").arg(capacitySource)},
        {QStringLiteral("limits"), QJsonObject{{QStringLiteral("cpus"), range(cpus)},
                                               {QStringLiteral("memory_mb"), range(memoryMb)},
                                               {QStringLiteral("writable_size_mb"), range(writableMb)}}},
        {QStringLiteral("pool"), amounts(pool)},
        {QStringLiteral("pool_usage"), amounts(poolUsage)},
        {QStringLiteral("running_pool"), amounts(runningPool)},
        {QStringLiteral("running_pool_usage"), amounts(runningPoolUsage)},
        {QStringLiteral("maxSandboxes"), maxWorkspaces},
        {QStringLiteral("currentSandboxes"), currentWorkspaces},
        {QStringLiteral("canCreate"), !full && !poolFull},
        {QStringLiteral("reason"), reason},
    };
}

}  // namespace Atrium::Api

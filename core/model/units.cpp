#include "units.h"

#include <QRegularExpression>

#include <cmath>

namespace Atrium::Units {

Result<int> parseCpus(const QString &field, const QString &text)
{
    static const QRegularExpression re(QStringLiteral(R"(^\s*(\d{1,4})\s*(v?cpus?|cores?)?\s*$)"),
                                       QRegularExpression::CaseInsensitiveOption);
    const auto match = re.match(text);
    if (!match.hasMatch()) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: '%2' is not a CPU count (write it like \"4 vCPU\")").arg(field, text), field);
    }
    return match.captured(1).toInt();
}

Result<qint64> parseMebibytes(const QString &field, const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral(R"(^\s*(\d{1,9}(?:\.\d{1,6})?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB|Ki|Mi|Gi|Ti|K|M|G|T)?\s*$)"),
        QRegularExpression::CaseInsensitiveOption);
    const auto match = re.match(text);
    if (!match.hasMatch()) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: '%2' is not a size (write it like \"8 GB\" or \"16Gi\")").arg(field, text),
                    field);
    }
    const QString unit = match.captured(2).toUpper();
    if (unit.isEmpty()) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: '%2' needs a unit (MB, GB or TB; Mi, Gi or Ti)").arg(field, text), field);
    }
    double factor = 0;  // in MiB
    switch (unit.at(0).toLatin1()) {
    case 'B': factor = 1.0 / (1024.0 * 1024.0); break;
    case 'K': factor = 1.0 / 1024.0; break;
    case 'M': factor = 1; break;
    case 'G': factor = 1024; break;
    case 'T': factor = 1024.0 * 1024.0; break;
    default: break;
    }
    const double mebibytes = match.captured(1).toDouble() * factor;
    if (mebibytes != std::floor(mebibytes)) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: '%2' is not a whole number of MB").arg(field, text), field);
    }
    return static_cast<qint64>(mebibytes);
}

Result<std::chrono::seconds> parseDuration(const QString &field, const QString &text)
{
    static const QRegularExpression whole(QStringLiteral(R"(^(?:\d{1,6}[smhd])+$)"));
    static const QRegularExpression part(QStringLiteral(R"((\d{1,6})([smhd]))"));
    const QString trimmed = text.trimmed();
    if (!whole.match(trimmed).hasMatch()) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: '%2' is not a duration (write it like \"30m\", \"1h\" or \"24h\")")
                        .arg(field, text),
                    field);
    }
    qint64 total = 0;
    for (auto it = part.globalMatch(trimmed); it.hasNext();) {
        const auto m = it.next();
        const qint64 n = m.captured(1).toLongLong();
        switch (m.captured(2).at(0).toLatin1()) {
        case 's': total += n; break;
        case 'm': total += n * 60; break;
        case 'h': total += n * 3600; break;
        case 'd': total += n * 86400; break;
        default: break;
        }
    }
    if (total <= 0)
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: the duration must be positive").arg(field), field);
    return std::chrono::seconds(total);
}

QString formatCpus(int cpus)
{
    return QStringLiteral("%1 vCPU").arg(cpus);
}

QString formatSize(qint64 mebibytes)
{
    if (mebibytes >= 1024 * 1024 && mebibytes % (1024 * 1024) == 0)
        return QStringLiteral("%1 TB").arg(mebibytes / (1024 * 1024));
    if (mebibytes >= 1024 && mebibytes % 1024 == 0)
        return QStringLiteral("%1 GB").arg(mebibytes / 1024);
    return QStringLiteral("%1 MB").arg(mebibytes);
}

QString formatKubernetesSize(qint64 mebibytes)
{
    if (mebibytes >= 1024 * 1024 && mebibytes % (1024 * 1024) == 0)
        return QStringLiteral("%1Ti").arg(mebibytes / (1024 * 1024));
    if (mebibytes >= 1024 && mebibytes % 1024 == 0)
        return QStringLiteral("%1Gi").arg(mebibytes / 1024);
    return QStringLiteral("%1Mi").arg(mebibytes);
}

}  // namespace Atrium::Units

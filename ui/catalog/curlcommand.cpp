#include "curlcommand.h"

#include "model/units.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Atrium::Ui::CurlCommand {

namespace {

const QString kAuth = QStringLiteral("-H \"Authorization: Bearer $ATRIUM_TOKEN\"");

QString url(const QString &base, const QString &path)
{
    return shellQuote(base + path);
}

QJsonObject editable(const Workspace &w)
{
    QJsonObject body{
        {QStringLiteral("name"), w.name},
        {QStringLiteral("type"), nameOf(w.type)},
        {QStringLiteral("description"), w.description},
        {QStringLiteral("url"), w.url},
        {QStringLiteral("connection_type"), nameOf(w.connectionType)},
        {QStringLiteral("requires_netbird"), w.requiresNetbird},
        {QStringLiteral("cpu"), Units::formatCpus(w.resources.cpus)},
        {QStringLiteral("memory"), Units::formatSize(w.resources.memoryMb)},
        {QStringLiteral("storage"), Units::formatSize(w.resources.storageMb)},
        {QStringLiteral("image_url"), w.imageUrl},
        {QStringLiteral("icon"), w.icon},
    };
    if (isVmType(w.type)) {
        if (!w.hostUri.isEmpty())
            body.insert(QStringLiteral("host"), w.hostUri);
        if (!w.image.isEmpty())
            body.insert(QStringLiteral("image"), w.image);
    }
    if (w.healthChecks)
        body.insert(QStringLiteral("health_checks"), true);
    return body;
}

QString withBody(const QString &method, const QString &target, const QJsonObject &body)
{
    return QStringLiteral("curl -X %1 %2 -H \"Content-Type: application/json\" -d %3 %4")
        .arg(method, kAuth, shellQuote(QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact))), target);
}

}  // namespace

QString shellQuote(const QString &text)
{
    QString quoted = text;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

QString launch(const QString &baseUrl, const QString &id)
{
    return QStringLiteral("curl -X POST %1 %2").arg(kAuth, url(baseUrl, QStringLiteral("/api/workspaces/") + id + QStringLiteral("/launch")));
}

QString stop(const QString &baseUrl, const QString &id)
{
    return QStringLiteral("curl -X POST %1 %2").arg(kAuth, url(baseUrl, QStringLiteral("/api/workspaces/") + id + QStringLiteral("/stop")));
}

QString get(const QString &baseUrl, const QString &id)
{
    return QStringLiteral("curl %1 %2").arg(kAuth, url(baseUrl, QStringLiteral("/api/workspaces/") + id));
}

QString remove(const QString &baseUrl, const QString &id)
{
    return QStringLiteral("curl -X DELETE %1 %2").arg(kAuth, url(baseUrl, QStringLiteral("/api/workspaces/") + id));
}

QString update(const QString &baseUrl, const Workspace &w)
{
    return withBody(QStringLiteral("PUT"), url(baseUrl, QStringLiteral("/api/workspaces/") + w.id), editable(w));
}

QString create(const QString &baseUrl, const Workspace &w)
{
    return withBody(QStringLiteral("POST"), url(baseUrl, QStringLiteral("/api/workspaces")), editable(w));
}

}  // namespace Atrium::Ui::CurlCommand

#include "webprofiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QEvent>
#include <QRegularExpression>
#include <QWebEngineProfile>

namespace Atrium::Ui {

WebProfiles::WebProfiles(QString storageRoot, QObject *parent)
    : QObject(parent)
    , m_storageRoot(std::move(storageRoot))
{
}

WebProfiles::~WebProfiles()
{
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    qDeleteAll(m_profiles);
}

QString WebProfiles::directoryName(const QString &workspaceId)
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]"));
    QString safe = workspaceId;
    safe.replace(unsafe, QStringLiteral("_"));
    if (safe.isEmpty() || safe.startsWith(u'.'))
        safe.prepend(u'w');
    return safe;
}

QWebEngineProfile *WebProfiles::profileFor(const QString &workspaceId)
{
    const QString name = directoryName(workspaceId);
    if (QWebEngineProfile *existing = m_profiles.value(name))
        return existing;
    const QString dir = QDir(m_storageRoot).filePath(name);
    // Not a child: deleted in the destructor, after the pages.
    auto *profile = new QWebEngineProfile(QStringLiteral("atrium-") + name);
    profile->setPersistentStoragePath(dir);
    profile->setCachePath(QDir(dir).filePath(QStringLiteral("cache")));
    // A gateway's login is usually a session cookie: keep it as well, so the
    // person does not sign in again with every session of the same workspace.
    profile->setPersistentCookiesPolicy(QWebEngineProfile::ForcePersistentCookies);
    m_profiles.insert(name, profile);
    return profile;
}

}  // namespace Atrium::Ui

#pragma once

#include <QHash>
#include <QObject>
#include <QString>

class QWebEngineProfile;

namespace Atrium::Ui {

/// The named web profiles of endpoint workspaces (TSPlus gateways, web and admin
/// panels): one per workspace, on disk under one directory, so a gateway login
/// is remembered from one session to the next and across restarts. A profile
/// lives as long as this object, not just as long as a viewer: Chromium writes a
/// profile's cookies in the background, and a profile made anew for the next
/// session of the same workspace could miss the login the last one just got.
class WebProfiles final : public QObject {
    Q_OBJECT

public:
    explicit WebProfiles(QString storageRoot, QObject *parent = nullptr);
    /// Viewers that were closed but not yet deleted go first: a profile must
    /// outlive every page on it.
    ~WebProfiles() override;

    /// The profile of @p workspaceId, made on first use.
    QWebEngineProfile *profileFor(const QString &workspaceId);
    QString storageRoot() const { return m_storageRoot; }

    /// A safe directory (and profile) name for a workspace id.
    static QString directoryName(const QString &workspaceId);

private:
    QString m_storageRoot;
    QHash<QString, QWebEngineProfile *> m_profiles;  ///< by directory name; deleted last
};

}  // namespace Atrium::Ui

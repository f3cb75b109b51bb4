#pragma once

#include <QHash>
#include <QObject>
#include <QPixmap>
#include <QSet>

class QNetworkAccessManager;

namespace Atrium {
class Engine;
}

namespace Atrium::Ui {

class WorkspaceListModel;

/// Pictures for cards from workspaces' image_url. Off by default: until the
/// person turns it on, no request is ever made, and cards show bundled icons.
class ThumbnailCache final : public QObject {
    Q_OBJECT

public:
    ThumbnailCache(Engine &engine, WorkspaceListModel &model, QObject *parent = nullptr);

    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }

    /// The picture for a workspace, or a null pixmap (and a download starts, if enabled).
    QPixmap pixmap(const QString &workspaceId);
    int requestsStarted() const { return m_requests; }

Q_SIGNALS:
    void pictureArrived();

private:
    void fetch(const QString &url);

    Engine &m_engine;
    WorkspaceListModel &m_model;
    QNetworkAccessManager *m_network = nullptr;
    QHash<QString, QPixmap> m_pictures;  ///< by URL
    QSet<QString> m_requested;
    bool m_enabled = false;
    int m_requests = 0;
};

}  // namespace Atrium::Ui

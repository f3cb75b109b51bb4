#include "thumbnailcache.h"

#include "engine/engine.h"
#include "workspacelistmodel.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrl>

namespace Atrium::Ui {

namespace {

constexpr qint64 kMaxPictureBytes = 2 * 1024 * 1024;
constexpr int kTimeoutMs = 10000;

}  // namespace

ThumbnailCache::ThumbnailCache(Engine &engine, WorkspaceListModel &model, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_model(model)
{
}

void ThumbnailCache::setEnabled(bool enabled)
{
    m_enabled = enabled;
    if (enabled && !m_network) {
        m_network = new QNetworkAccessManager(this);
        m_network->setTransferTimeout(kTimeoutMs);
    }
    Q_EMIT pictureArrived();  // repaint: icons or pictures
}

QPixmap ThumbnailCache::pixmap(const QString &workspaceId)
{
    if (!m_enabled)
        return {};
    const QString url = m_model.workspaceAt(m_model.rowOf(workspaceId)).imageUrl;
    if (url.isEmpty())
        return {};
    if (auto it = m_pictures.constFind(url); it != m_pictures.constEnd())
        return *it;
    if (!m_requested.contains(url))
        fetch(url);
    return {};
}

void ThumbnailCache::fetch(const QString &address)
{
    m_requested.insert(address);
    const QUrl url(address);
    if (url.scheme() != u"https" && url.scheme() != u"http")
        return;
    ++m_requests;
    QNetworkReply *reply = m_network->get(QNetworkRequest(url));
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > kMaxPictureBytes)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, address] {
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError)
            return;  // the bundled icon stays; a failed picture is not retried until restart
        QPixmap picture;
        if (picture.loadFromData(reply->readAll())) {
            m_pictures.insert(address, picture.scaled(96, 96, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation));
            Q_EMIT pictureArrived();
        }
    });
}

}  // namespace Atrium::Ui

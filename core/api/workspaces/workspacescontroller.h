#pragma once

#include "api/http/router.h"

#include <QHash>
#include <QObject>

namespace Atrium {
class Engine;
}

namespace Atrium::Api {

/// The Workspaces API: /api/workspaces… with a Bearer token. Create, update, delete
/// and reset need the admin role. The list is served from bytes serialised
/// once per catalog revision, with an ETag for conditional requests.
class WorkspacesController final : public QObject {
    Q_OBJECT

public:
    explicit WorkspacesController(Engine &engine, QObject *parent = nullptr);
    void registerRoutes(Router &router);

private:
    ApiReply list(const ApiRequest &request);
    bool inUse(const QString &workspaceId) const;
    ApiReply get(const ApiRequest &request);
    ApiReply create(const ApiRequest &request);
    ApiReply update(const ApiRequest &request);
    QFuture<ApiReply> remove(const ApiRequest &request);
    QFuture<ApiReply> reset(const ApiRequest &request);
    QFuture<ApiReply> launch(const ApiRequest &request);
    QFuture<ApiReply> stop(const ApiRequest &request);
    ApiReply lastReachability(const ApiRequest &request);
    QFuture<ApiReply> probe(const ApiRequest &request);

    struct CachedList {
        quint64 revision = 0;
        QByteArray body;
        QByteArray etag;
        QByteArray gzipBody;  ///< made at the first request that accepts gzip, once per revision
        QByteArray gzipEtag;  ///< another representation, another strong ETag
    };

    Engine &m_engine;
    QHash<QString, CachedList> m_listCache;  ///< by who is looking ("*" for admins)
};

}  // namespace Atrium::Api

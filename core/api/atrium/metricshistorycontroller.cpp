#include "api/atrium/metricshistorycontroller.h"

#include "api/atrium/metricshistoryjson.h"
#include "api/http/errorreply.h"
#include "engine/engine.h"
#include "metrics/metricssampler.h"

namespace Atrium::Api {

namespace {

constexpr Surface kSurface = Surface::Bearer;
const QString kDefaultWindow = QStringLiteral("1h");

}  // namespace

MetricsHistoryController::MetricsHistoryController(Engine &engine, const MetricsSampler *metrics, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_metrics(metrics)
{
}

void MetricsHistoryController::registerRoutes(Router &router)
{
    router.add(HttpMethod::Get, QStringLiteral("/api/workspaces/{id}/metrics/history"), kSurface, Access::Read,
               [this](const ApiRequest &r) { return history(r); });
}

ApiReply MetricsHistoryController::history(const ApiRequest &request)
{
    auto w = m_engine.visibleWorkspace(request.actor, request.capture(0));
    if (!w)
        return errorReply(kSurface, w.error());
    const QString name = request.hasQuery(QStringLiteral("window")) ? request.queryValue(QStringLiteral("window")) : kDefaultWindow;
    const auto window = MetricsHistoryJson::windowNamed(name);
    if (!window) {
        return errorReply(kSurface, Error::invalid(QStringLiteral("window"), QStringLiteral("window must be one of %1 (got \"%2\")")
                                                                                   .arg(MetricsHistoryJson::windowNames().join(QStringLiteral(", ")), name.left(20))));
    }

    MetricsHistoryJson::Context context;
    if (!m_metrics)
        context.whyNone = QStringLiteral("metrics are not collected by this Atrium");
    else if (w->provider() != ProviderKind::Libvirt)
        context.whyNone = QStringLiteral("a remote endpoint runs on a machine Atrium does not measure");
    else if (const QString uri = m_engine.effectiveHostUri(*w); !uri.isEmpty())
        context.whyNone = m_metrics->hostLimitation(uri);
    if (m_metrics)
        context.latest = m_metrics->latest(w->id);

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime since = now.addSecs(-window->span.count());
    if (window->fullResolution) {
        const QList<MetricPoint> points = m_metrics ? m_metrics->history(w->id, since) : QList<MetricPoint>{};
        const auto interval = m_metrics ? m_metrics->interval() : std::chrono::milliseconds(0);
        return ApiReply::json(200, MetricsHistoryJson::fullResolution(*w, *window, now, interval, points, context));
    }
    QList<MetricMinute> minutes;
    if (m_metrics) {
        auto rows = m_metrics->minutes(w->id, since);
        if (!rows)
            return errorReply(kSurface, rows.error());
        minutes = *rows;
    }
    return ApiReply::json(200, MetricsHistoryJson::downsampled(*w, *window, now, minutes, context));
}

}  // namespace Atrium::Api

#include "metricschartswidget.h"

#include "metrics/metricssampler.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QStackedWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <chrono>
#include <utility>

namespace Atrium::Ui {

namespace {

using namespace std::chrono_literals;

constexpr auto kWindow = 10min;
/// The narrowest the time axis gets while the history is shorter than the window.
constexpr auto kMinSpan = 1min;
/// No sample for this long (the VM was stopped, the host was away): the line
/// breaks instead of pretending to know what happened in between.
constexpr auto kMaxGap = 30s;

using Value = std::optional<double> (*)(const MetricPoint &);

enum class Scale { Percent, Memory, Rate };

/// "metrics unavailable: X" → "X", so the widget's own words do not repeat the sampler's.
QString reasonOnly(const QString &reason)
{
    static const QString prefix = QStringLiteral("metrics unavailable: ");
    return reason.startsWith(prefix, Qt::CaseInsensitive) ? reason.mid(prefix.size()) : reason;
}

QString capitalised(QString text)
{
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

}  // namespace

struct MetricsChartsWidget::Chart {
    struct Line {
        QString legend;
        Value value;
        QColor color;
        Qt::PenStyle style = Qt::SolidLine;
        QList<QLineSeries *> segments;  ///< one per unbroken stretch; the first carries the legend
    };

    QString name;    ///< "cpu", "memory", "disk", "network"
    QString metric;  ///< its key in MetricPoint::unavailable
    QString label;   ///< "CPU", for the reason line
    Scale scale = Scale::Percent;
    std::vector<Line> lines;
    QStackedWidget *cell = nullptr;
    QChartView *view = nullptr;
    QChart *chart = nullptr;
    QDateTimeAxis *x = nullptr;
    QValueAxis *y = nullptr;
    QLabel *reasonLabel = nullptr;
    QString reason;  ///< why nothing is drawn ("" when something is)
    int points = 0;

    /// A value counts only when the sampler gives no reason against it: a host
    /// that "measures nothing" may still hand out numbers, and those are not measurements.
    std::optional<double> valueOf(const Line &line, const MetricPoint &p) const
    {
        return p.unavailable.contains(metric) ? std::nullopt : line.value(p);
    }

    /// Colours a segment; only a line's first segment shows in the legend.
    void style(const Line &line, QLineSeries *series, bool first, bool dark) const
    {
        const QColor color = dark ? line.color.lighter(150) : line.color;
        QPen pen(color, 2);
        pen.setStyle(line.style);
        series->setPen(pen);
        series->setBrush(color);  // the dot of a lone sample
        series->setMarkerSize(6);
        if (!first) {
            for (QLegendMarker *marker : chart->legend()->markers(series))
                marker->setVisible(false);
        }
    }
};

MetricsChartsWidget::MetricsChartsWidget(MetricsSampler *sampler, QWidget *parent)
    : QWidget(parent)
    , m_sampler(sampler)
    , m_pages(new QStackedWidget(this))
    , m_grid(new QWidget(m_pages))
    , m_message(new QLabel(m_pages))
{
    struct Spec {
        const char *name;
        QString label;
        Scale scale;
        std::vector<Chart::Line> lines;
    };
    const QColor blue(0x15, 0x65, 0xc0), green(0x2e, 0x7d, 0x32), grey(0x75, 0x75, 0x75), orange(0xef, 0x6c, 0x00),
        teal(0x00, 0x83, 0x8f), purple(0x8e, 0x24, 0xaa);
    std::vector<Spec> specs;
    specs.push_back({"cpu", tr("CPU"), Scale::Percent,
                     {{tr("CPU"), [](const MetricPoint &p) { return p.cpuPercent; }, blue, Qt::SolidLine, {}}}});
    specs.push_back({"memory", tr("Memory"), Scale::Memory,
                     {{tr("Used"), [](const MetricPoint &p) { return p.memoryUsedMb; }, green, Qt::SolidLine, {}},
                      {tr("Total"), [](const MetricPoint &p) { return p.memoryTotalMb; }, grey, Qt::DashLine, {}}}});
    specs.push_back({"disk", tr("Disk"), Scale::Rate,
                     {{tr("Read"), [](const MetricPoint &p) { return p.diskReadBps; }, blue, Qt::SolidLine, {}},
                      {tr("Write"), [](const MetricPoint &p) { return p.diskWriteBps; }, orange, Qt::SolidLine, {}}}});
    specs.push_back({"network", tr("Network"), Scale::Rate,
                     {{tr("Received"), [](const MetricPoint &p) { return p.netRxBps; }, teal, Qt::SolidLine, {}},
                      {tr("Sent"), [](const MetricPoint &p) { return p.netTxBps; }, purple, Qt::SolidLine, {}}}});

    auto *grid = new QGridLayout(m_grid);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(6);
    for (Spec &spec : specs) {
        auto c = std::make_unique<Chart>();
        c->name = QString::fromLatin1(spec.name);
        c->metric = c->name;
        c->label = spec.label;
        c->scale = spec.scale;
        c->lines = std::move(spec.lines);
        c->chart = new QChart;
        c->chart->setMargins(QMargins(2, 2, 2, 2));
        c->chart->setBackgroundRoundness(0);
        c->chart->legend()->setVisible(c->lines.size() > 1);
        c->chart->legend()->setAlignment(Qt::AlignTop);
        c->x = new QDateTimeAxis(c->chart);
        c->x->setFormat(QStringLiteral("HH:mm"));
        c->x->setTickCount(6);  // five intervals: two minutes each once the window is full
        c->y = new QValueAxis(c->chart);
        c->y->setMin(0);
        c->y->setTickCount(5);
        c->chart->addAxis(c->x, Qt::AlignBottom);
        c->chart->addAxis(c->y, Qt::AlignLeft);
        c->view = new QChartView(c->chart);
        c->view->setRenderHint(QPainter::Antialiasing);
        c->view->setMinimumSize(220, 160);
        c->reasonLabel = new QLabel;
        c->reasonLabel->setAlignment(Qt::AlignCenter);
        c->reasonLabel->setWordWrap(true);
        c->reasonLabel->setFrameShape(QFrame::StyledPanel);
        c->reasonLabel->setMargin(12);
        c->reasonLabel->setMinimumSize(220, 160);
        c->cell = new QStackedWidget(m_grid);
        c->cell->addWidget(c->view);
        c->cell->addWidget(c->reasonLabel);
        const int index = int(m_charts.size());
        grid->addWidget(c->cell, index / 2, index % 2);
        m_charts.push_back(std::move(c));
    }

    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setMargin(24);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_pages->addWidget(m_grid);
    m_pages->addWidget(m_message);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);

    applyTheme();
    for (auto &c : m_charts)
        redrawChart(*c);  // the first segment of each line exists from the start, for the legend
    if (m_sampler)
        connect(m_sampler, &MetricsSampler::sampled, this, &MetricsChartsWidget::addPoint);
    setWorkspace({}, false, {});
}

MetricsChartsWidget::~MetricsChartsWidget() = default;

void MetricsChartsWidget::setWorkspace(const QString &workspaceId, bool running, const QString &hostLimitation)
{
    m_workspaceId = workspaceId;
    m_points.clear();
    m_live = false;
    if (!m_sampler) {
        showMessage(tr("Metrics unavailable: this console does not collect metrics"));
    } else if (workspaceId.isEmpty()) {
        showMessage(tr("No workspace selected"));
    } else if (!hostLimitation.isEmpty()) {
        showMessage(tr("Metrics unavailable on this host: %1").arg(reasonOnly(hostLimitation)));
    } else if (!running) {
        showMessage(tr("Not running: no metrics"));
    } else {
        m_live = true;
        const QDateTime since = QDateTime::currentDateTimeUtc().addSecs(-std::chrono::seconds(kWindow).count());
        for (const MetricPoint &p : m_sampler->history(workspaceId, since))
            m_points.push_back(p);
    }
    redraw();
}

void MetricsChartsWidget::addPoint(const QString &workspaceId, const MetricPoint &point)
{
    if (!m_live || workspaceId != m_workspaceId)
        return;
    if (!m_points.empty() && point.at < m_points.back().at)
        return;  // late: the line only moves forward
    m_points.push_back(point);
    const QDateTime oldest = point.at.addSecs(-std::chrono::seconds(kWindow).count());
    while (!m_points.empty() && m_points.front().at < oldest)
        m_points.pop_front();
    redraw();
}

void MetricsChartsWidget::showMessage(const QString &text)
{
    m_message->setText(text);
    showPage(m_message);
}

void MetricsChartsWidget::showPage(QWidget *page)
{
    // A stack is as tall as its tallest page: the hidden charts must not make a one-line message tall.
    m_grid->setSizePolicy(page == m_grid ? QSizePolicy::Preferred : QSizePolicy::Ignored,
                          page == m_grid ? QSizePolicy::Preferred : QSizePolicy::Ignored);
    m_pages->setCurrentWidget(page);
}

void MetricsChartsWidget::redraw()
{
    for (auto &c : m_charts)
        redrawChart(*c);
    if (!m_live)
        return;
    if (m_points.empty()) {
        showMessage(tr("Waiting for the first sample…"));
        return;
    }
    // Four charts saying the same thing (a host that measures nothing) say it once.
    const QString &first = m_charts.front()->reason;
    const bool allSame = !first.isEmpty()
        && std::all_of(m_charts.begin(), m_charts.end(), [&first](const auto &c) { return c->reason == first; });
    if (allSame) {
        showMessage(tr("Metrics unavailable: %1").arg(reasonOnly(first)));
        return;
    }
    showPage(m_grid);
}

void MetricsChartsWidget::redrawChart(Chart &c)
{
    // Each line is cut into segments wherever a point has no value, so a gap stays a gap.
    std::vector<QList<QList<QPointF>>> segments(c.lines.size());
    double maximum = 0;
    bool any = false;
    for (size_t i = 0; i < c.lines.size(); ++i) {
        QList<QPointF> current;
        qint64 previousMs = 0;
        for (const MetricPoint &p : m_points) {
            const auto v = c.valueOf(c.lines[i], p);
            const qint64 ms = p.at.toMSecsSinceEpoch();
            if (!v || (!current.isEmpty() && ms - previousMs > std::chrono::milliseconds(kMaxGap).count())) {
                if (!current.isEmpty())
                    segments[i].append(std::exchange(current, {}));
                if (!v)
                    continue;
            }
            current.append(QPointF(double(ms), *v));
            previousMs = ms;
            maximum = std::max(maximum, *v);
            any = true;
        }
        if (!current.isEmpty())
            segments[i].append(current);
    }

    c.reason.clear();
    if (!any && !m_points.empty()) {
        const QString why = m_points.back().unavailable.value(c.metric);
        c.reason = why.isEmpty() ? tr("no value reported") : why;
        c.reasonLabel->setText(tr("%1: %2").arg(c.label, capitalised(reasonOnly(c.reason))));
    }
    c.cell->setCurrentWidget(c.reason.isEmpty() ? static_cast<QWidget *>(c.view) : c.reasonLabel);

    // Nice units: bytes/s become KB/s, MB/s…; memory goes to GB once it is large.
    double divisor = 1;
    QString unit;
    switch (c.scale) {
    case Scale::Percent:
        unit = QStringLiteral("%");
        break;
    case Scale::Memory:
        unit = tr("MB");
        if (maximum >= 8192) {
            divisor = 1024;
            unit = tr("GB");
        }
        break;
    case Scale::Rate: {
        const QStringList units{tr("B/s"), tr("KB/s"), tr("MB/s"), tr("GB/s")};
        int u = 0;
        while (u + 1 < units.size() && maximum >= divisor * 1024) {
            divisor *= 1024;
            ++u;
        }
        unit = units.at(u);
        break;
    }
    }
    switch (c.scale) {
    case Scale::Percent: c.chart->setTitle(tr("CPU (%1)").arg(unit)); break;
    case Scale::Memory: c.chart->setTitle(tr("Memory used (%1)").arg(unit)); break;
    case Scale::Rate:
        c.chart->setTitle(c.name == u"disk" ? tr("Disk read/write (%1)").arg(unit) : tr("Network rx/tx (%1)").arg(unit));
        break;
    }

    c.points = 0;
    for (size_t i = 0; i < c.lines.size(); ++i) {
        Chart::Line &line = c.lines[i];
        const qsizetype wanted = std::max<qsizetype>(1, segments[i].size());
        while (line.segments.size() > wanted) {
            QLineSeries *extra = line.segments.takeLast();
            c.chart->removeSeries(extra);
            delete extra;
        }
        while (line.segments.size() < wanted) {
            auto *series = new QLineSeries;
            series->setName(line.legend);
            c.chart->addSeries(series);
            series->attachAxis(c.x);
            series->attachAxis(c.y);
            c.style(line, series, line.segments.isEmpty(), isDark());
            line.segments.append(series);
        }
        for (qsizetype s = 0; s < line.segments.size(); ++s) {
            QList<QPointF> points = s < segments[i].size() ? segments[i].at(s) : QList<QPointF>{};
            for (QPointF &point : points)
                point.setY(point.y() / divisor);
            // A lone sample between gaps has no line to draw: show it as a dot.
            line.segments[s]->setPointsVisible(points.size() == 1);
            c.points += int(points.size());
            line.segments[s]->replace(points);
        }
    }

    // The axis spans what there is, up to the window: half a minute of samples drawn in a
    // ten-minute frame is a sliver at the right edge that says nothing.
    const QDateTime end = m_points.empty() ? QDateTime::currentDateTime() : m_points.back().at;
    const qint64 historyMs = m_points.empty() ? 0 : m_points.front().at.msecsTo(end);
    const qint64 spanMs = std::clamp<qint64>(historyMs, std::chrono::milliseconds(kMinSpan).count(),
                                     std::chrono::milliseconds(kWindow).count());
    c.x->setRange(end.addMSecs(-spanMs), end);
    const bool seconds = spanMs <= std::chrono::milliseconds(5min).count();
    c.x->setFormat(seconds ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm"));
    c.x->setTickCount(seconds ? 4 : 6);  // the longer labels need more room
    if (c.scale == Scale::Percent) {
        c.y->setRange(0, 100);
        c.y->setTickCount(5);
        c.y->setLabelFormat(QStringLiteral("%.0f"));
    } else if (c.scale == Scale::Rate && divisor == 1 && maximum < 4) {
        // An idle disk measures 0 B/s: whole bytes on the axis, not "0.4 B/s".
        c.y->setRange(0, 4);
        c.y->setTickCount(5);
        c.y->setLabelFormat(QStringLiteral("%.0f"));
    } else {
        c.y->setRange(0, maximum > 0 ? maximum / divisor * 1.05 : 1.0);
        c.y->setTickCount(5);
        c.y->applyNiceNumbers();
        c.y->setMin(0);
        c.y->setLabelFormat(c.y->max() <= 5 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
    }
}

bool MetricsChartsWidget::isDark() const
{
    return palette().color(QPalette::Window).lightnessF() < 0.5;
}

void MetricsChartsWidget::applyTheme()
{
    const bool dark = isDark();
    QFont titleFont = font();
    titleFont.setBold(true);
    QFont smallFont = font();
    smallFont.setPointSizeF(std::max(6.0, font().pointSizeF() * 0.85));
    for (auto &c : m_charts) {
        c->chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        // The theme resets looks: give the chart the widget's colours and fonts back.
        c->chart->setBackgroundRoundness(0);
        c->chart->setBackgroundBrush(palette().color(QPalette::Base));
        c->chart->setTitleBrush(palette().color(QPalette::Text));
        c->chart->setTitleFont(titleFont);
        c->chart->legend()->setFont(smallFont);
        c->chart->legend()->setLabelColor(palette().color(QPalette::Text));
        for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(c->x), static_cast<QAbstractAxis *>(c->y)}) {
            axis->setLabelsFont(smallFont);
            axis->setLabelsColor(palette().color(QPalette::Text));
        }
        for (const Chart::Line &line : c->lines) {
            for (qsizetype s = 0; s < line.segments.size(); ++s)
                c->style(line, line.segments[s], s == 0, dark);
        }
    }
}

void MetricsChartsWidget::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        applyTheme();
}

const MetricsChartsWidget::Chart *MetricsChartsWidget::chart(const QString &name) const
{
    for (const auto &c : m_charts) {
        if (c->name == name)
            return c.get();
    }
    return nullptr;
}

bool MetricsChartsWidget::chartsVisible() const
{
    if (m_pages->currentWidget() != m_grid)
        return false;
    return std::any_of(m_charts.begin(), m_charts.end(), [](const auto &c) { return c->cell->currentWidget() == c->view; });
}

QString MetricsChartsWidget::unavailableText() const
{
    if (m_pages->currentWidget() == m_message)
        return m_message->text();
    QStringList reasons;
    for (const auto &c : m_charts) {
        if (c->cell->currentWidget() == c->reasonLabel)
            reasons << c->reasonLabel->text();
    }
    return reasons.join(u'\n');
}

int MetricsChartsWidget::pointCount(const QString &name) const
{
    const Chart *c = chart(name);
    return c ? c->points : 0;
}

}  // namespace Atrium::Ui

#include "websessionview.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStackedLayout>
#include <QStyle>
#include <QVBoxLayout>
#include <QWebEngineCertificateError>
#include <QWebEngineHistory>
#include <QWebEngineLoadingInfo>
#include <QWebEngineNewWindowRequest>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineView>

namespace Atrium::Ui {

namespace {

// Chromium's net error codes (net/base/net_error_list.h) that a person can act on.
QString describeNetError(int code, const QUrl &url)
{
    const QString host = url.host();
    switch (code) {
    case -102:
        return WebSessionView::tr("the connection was refused: nothing listens at %1, or a firewall refuses it")
            .arg(url.port() > 0 ? host + u':' + QString::number(url.port()) : host);
    case -105:
    case -137:
        return WebSessionView::tr("the name %1 does not resolve (DNS)").arg(host);
    case -106:
        return WebSessionView::tr("this computer is offline");
    case -109:
        return WebSessionView::tr("%1 cannot be reached from this computer").arg(host);
    case -7:
    case -118:
        return WebSessionView::tr("%1 did not answer in time").arg(host);
    case -100:
    case -101:
    case -324:
        return WebSessionView::tr("%1 closed the connection without an answer").arg(host);
    case -130:
        return WebSessionView::tr("the proxy refused the connection");
    default:
        return WebSessionView::tr("the page could not be loaded");
    }
}

QString describeTermination(QWebEnginePage::RenderProcessTerminationStatus status)
{
    switch (status) {
    case QWebEnginePage::CrashedTerminationStatus:
        return WebSessionView::tr("crashed");
    case QWebEnginePage::KilledTerminationStatus:
        return WebSessionView::tr("was killed");
    default:
        return WebSessionView::tr("stopped");
    }
}

}  // namespace

WebSessionView::WebSessionView(QWebEngineProfile *profile, QWidget *parent)
    : QWidget(parent)
    , m_profile(profile)
{
    if (!m_profile) {
        // No storage name = off the record. The view's own, not the shared
        // default profile: two isolated sessions must not see each other either.
        m_ownProfile = std::make_unique<QWebEngineProfile>();
        m_profile = m_ownProfile.get();
    }
    m_page = std::make_unique<QWebEnginePage>(m_profile);
    m_view = new QWebEngineView(this);
    m_view->setPage(m_page.get());

    // The message in a column of readable width, centred where the page would be.
    m_errorPanel = new QWidget(this);
    auto *column = new QWidget(m_errorPanel);
    column->setMaximumWidth(640);
    auto *icon = new QLabel(column);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(48, 48));
    auto *heading = new QLabel(tr("This page cannot be shown"), column);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.4);
    headingFont.setBold(true);
    heading->setFont(headingFont);
    m_errorLabel = new QLabel(column);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setAlignment(Qt::AlignHCenter);
    m_errorLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *retry = new QPushButton(tr("Try again"), column);
    connect(retry, &QPushButton::clicked, this, &WebSessionView::reload);
    auto *columnLayout = new QVBoxLayout(column);
    columnLayout->setSpacing(12);
    columnLayout->addWidget(icon, 0, Qt::AlignHCenter);
    columnLayout->addWidget(heading, 0, Qt::AlignHCenter);
    columnLayout->addWidget(m_errorLabel);  // full column width, so it wraps
    columnLayout->addWidget(retry, 0, Qt::AlignHCenter);
    auto *rows = new QVBoxLayout;
    rows->addStretch(1);
    rows->addWidget(column);
    rows->addStretch(2);
    auto *panelLayout = new QHBoxLayout(m_errorPanel);
    panelLayout->addStretch(1);
    panelLayout->addLayout(rows, 4);
    panelLayout->addStretch(1);

    m_stack = new QStackedLayout(this);
    m_stack->setContentsMargins(0, 0, 0, 0);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_errorPanel);

    QWebEnginePage *page = m_page.get();
    connect(page, &QWebEnginePage::titleChanged, this, &WebSessionView::titleChanged);
    connect(page, &QWebEnginePage::urlChanged, this, &WebSessionView::urlChanged);
    connect(page, &QWebEnginePage::loadStarted, this, &WebSessionView::loadStarted);
    connect(page, &QWebEnginePage::loadProgress, this, &WebSessionView::loadProgress);
    connect(page, &QWebEnginePage::loadingChanged, this, &WebSessionView::handleLoading);
    connect(page, &QWebEnginePage::certificateError, this, &WebSessionView::handleCertificateError);
    // Links that ask for a new window open here: a session is one window.
    connect(page, &QWebEnginePage::newWindowRequested, this,
            [this](QWebEngineNewWindowRequest &request) { load(request.requestedUrl()); });
    connect(page, &QWebEnginePage::renderProcessTerminated, this,
            [this](QWebEnginePage::RenderProcessTerminationStatus status, int exitCode) {
                if (status == QWebEnginePage::NormalTerminationStatus)
                    return;
                showError(tr("The page's renderer process %1 (exit code %2). Try again to start it anew.")
                              .arg(describeTermination(status))
                              .arg(exitCode));
            });
}

WebSessionView::~WebSessionView()
{
    delete m_view;  // before the page and the profile it uses (members below)
    m_view = nullptr;
    m_page.reset();
    m_ownProfile.reset();
}

void WebSessionView::load(const QUrl &url)
{
    m_requestedUrl = url;
    m_view->load(url);
}

void WebSessionView::reload()
{
    if (!m_errorText.isEmpty() && m_requestedUrl.isValid())
        m_view->load(m_requestedUrl);
    else
        m_view->reload();
}

void WebSessionView::back()
{
    m_view->back();
}

void WebSessionView::forward()
{
    m_view->forward();
}

bool WebSessionView::canGoBack() const
{
    return m_page->history()->canGoBack();
}

bool WebSessionView::canGoForward() const
{
    return m_page->history()->canGoForward();
}

QUrl WebSessionView::url() const
{
    return m_errorText.isEmpty() && !m_page->url().isEmpty() ? m_page->url() : m_requestedUrl;
}

QString WebSessionView::title() const
{
    return m_page->title();
}

qreal WebSessionView::zoomFactor() const
{
    return m_view->zoomFactor();
}

void WebSessionView::setZoomFactor(qreal factor)
{
    m_view->setZoomFactor(factor);
}

QImage WebSessionView::screenshot()
{
    return grab().toImage();
}

void WebSessionView::handleLoading(const QWebEngineLoadingInfo &info)
{
    switch (info.status()) {
    case QWebEngineLoadingInfo::LoadStartedStatus:
        m_requestedUrl = info.url();
        m_certificateText.clear();
        return;
    case QWebEngineLoadingInfo::LoadStoppedStatus:
        return;
    case QWebEngineLoadingInfo::LoadSucceededStatus:
        showPage();
        setStatusText({});
        Q_EMIT loadFinished(true);
        return;
    case QWebEngineLoadingInfo::LoadFailedStatus:
        break;
    }
    if (info.errorDomain() == QWebEngineLoadingInfo::HttpStatusCodeDomain) {
        // The server answered: its own page (or Chromium's, for an empty one) says more.
        showPage();
        setStatusText(tr("%1 answered HTTP %2").arg(info.url().toDisplayString()).arg(info.errorCode()));
    } else if (info.errorDomain() == QWebEngineLoadingInfo::CertificateErrorDomain) {
        showError(!m_certificateText.isEmpty()
                      ? m_certificateText
                      : tr("Cannot open %1: its certificate is not trusted (%2).").arg(info.url().toDisplayString(), info.errorString()));
    } else {
        showError(tr("Cannot open %1: %2 (%3).")
                      .arg(info.url().toDisplayString(), describeNetError(info.errorCode(), info.url()), info.errorString()));
    }
    Q_EMIT loadFinished(false);
}

void WebSessionView::handleCertificateError(const QWebEngineCertificateError &error)
{
    // Never accepted silently: an untrusted gateway could read every keystroke
    // of the session. The person can fix the server or the trust store instead.
    QWebEngineCertificateError refused = error;
    refused.rejectCertificate();
    m_certificateText = tr("Cannot open %1: its certificate was refused (%2). Atrium does not accept untrusted "
                           "certificates; install a valid one on the server, or add its authority to this "
                           "computer's trusted certificates.")
                            .arg(error.url().toDisplayString(), error.description());
}

void WebSessionView::showError(const QString &text)
{
    m_errorText = text;
    m_errorLabel->setText(text);
    m_stack->setCurrentWidget(m_errorPanel);
    setStatusText(text);
}

void WebSessionView::showPage()
{
    m_errorText.clear();
    m_stack->setCurrentWidget(m_view);
}

void WebSessionView::setStatusText(const QString &text)
{
    if (m_statusText == text)
        return;
    m_statusText = text;
    Q_EMIT statusTextChanged(text);
}

}  // namespace Atrium::Ui

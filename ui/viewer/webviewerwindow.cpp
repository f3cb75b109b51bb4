#include "webviewerwindow.h"

#include "common/labels.h"
#include "model/workspace.h"
#include "webprofiles.h"
#include "websessionview.h"

#include <QAction>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>

#include <algorithm>
#include <array>

namespace Atrium::Ui {

namespace {

// Chromium's own zoom steps, so Ctrl+/Ctrl- feel like any browser.
constexpr std::array kZoomSteps{0.25, 0.33, 0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 5.0};

}  // namespace

WebViewerWindow::WebViewerWindow(const Workspace &workspace, WebProfiles &profiles, QWidget *parent)
    : QMainWindow(parent)
    , m_workspaceId(workspace.id)
    , m_workspaceName(workspace.name)
    , m_private(workspace.type == WorkspaceType::Browser)
{
    m_view = new WebSessionView(m_private ? nullptr : profiles.profileFor(workspace.id), this);
    setCentralWidget(m_view);
    setWindowIcon(Labels::workspaceIcon(workspace.icon, workspace.type));
    resize(1200, 800);

    // Endpoints show where they are and stay there; the isolated browser is a
    // browser, so its address can be typed.
    createToolBar(m_private);
    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_status, 1);

    connect(m_view, &WebSessionView::titleChanged, this, &WebViewerWindow::updateTitle);
    connect(m_view, &WebSessionView::urlChanged, this, [this] {
        m_address->setText(m_view->url().toDisplayString());
        updateNavigation();
    });
    connect(m_view, &WebSessionView::loadStarted, this, [this] {
        m_progress = 0;
        updateStatus();
    });
    connect(m_view, &WebSessionView::loadProgress, this, [this](int percent) {
        m_progress = percent;
        updateStatus();
    });
    connect(m_view, &WebSessionView::loadFinished, this, [this] {
        m_progress = 100;
        m_address->setText(m_view->url().toDisplayString());
        updateNavigation();
        updateStatus();
    });
    connect(m_view, &WebSessionView::statusTextChanged, this, &WebViewerWindow::updateStatus);

    const QUrl url(workspace.url);
    updateTitle();
    updateNavigation();
    updateZoom();
    if (url.isValid() && !url.isEmpty()) {
        m_address->setText(url.toDisplayString());
        m_view->load(url);
    } else {
        m_address->setFocus();  // an isolated browser opened on nothing yet
    }
    updateStatus();
}

WebViewerWindow::~WebViewerWindow() = default;

void WebViewerWindow::createToolBar(bool editableAddress)
{
    QToolBar *bar = addToolBar(tr("Navigation"));
    bar->setMovable(false);
    m_back = bar->addAction(QIcon::fromTheme(QStringLiteral("go-previous"), style()->standardIcon(QStyle::SP_ArrowBack)),
                            tr("Back"), m_view, &WebSessionView::back);
    m_back->setShortcut(QKeySequence::Back);
    m_forward = bar->addAction(QIcon::fromTheme(QStringLiteral("go-next"), style()->standardIcon(QStyle::SP_ArrowForward)),
                               tr("Forward"), m_view, &WebSessionView::forward);
    m_forward->setShortcut(QKeySequence::Forward);
    QAction *reload = bar->addAction(QIcon::fromTheme(QStringLiteral("view-refresh"), style()->standardIcon(QStyle::SP_BrowserReload)),
                                     tr("Reload"), m_view, &WebSessionView::reload);
    reload->setShortcut(QKeySequence::Refresh);

    m_address = new QLineEdit(bar);
    m_address->setReadOnly(!editableAddress);
    m_address->setAccessibleName(tr("Address"));
    m_address->setPlaceholderText(editableAddress ? tr("Type an address") : QString());
    if (editableAddress) {
        connect(m_address, &QLineEdit::returnPressed, this, [this] {
            const QUrl url = QUrl::fromUserInput(m_address->text().trimmed());
            if (url.isValid())
                m_view->load(url);
        });
    }
    bar->addWidget(m_address);

    QAction *zoomOut = bar->addAction(tr("Zoom out"), this, [this] { zoomBy(-1); });
    zoomOut->setIconText(QStringLiteral("−"));
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    m_zoomLabel = new QLabel(bar);
    m_zoomLabel->setMinimumWidth(m_zoomLabel->fontMetrics().horizontalAdvance(QStringLiteral("500 %")));
    m_zoomLabel->setAlignment(Qt::AlignCenter);
    bar->addWidget(m_zoomLabel);
    QAction *zoomIn = bar->addAction(tr("Zoom in"), this, [this] { zoomBy(+1); });
    zoomIn->setIconText(QStringLiteral("+"));
    zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    QAction *zoomReset = new QAction(tr("Actual size"), this);
    zoomReset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(zoomReset, &QAction::triggered, this, [this] { zoomBy(0); });
    addAction(zoomReset);

    bar->addSeparator();
    // Words rather than icons: not every desktop theme has these, and a mix of
    // icons and words reads worse than words.
    m_fullScreen = bar->addAction(tr("Full screen"), this, &WebViewerWindow::toggleFullScreen);
    m_fullScreen->setCheckable(true);
    m_fullScreen->setShortcut(QKeySequence(Qt::Key_F11));
    bar->addAction(tr("Open in system browser"), this, &WebViewerWindow::openInSystemBrowser);
    QAction *screenshot = bar->addAction(tr("Save screenshot…"), this, &WebViewerWindow::chooseScreenshotFile);
    screenshot->setIconText(tr("Screenshot…"));
    bar->setToolButtonStyle(Qt::ToolButtonIconOnly);  // back/forward/reload; the rest show their words
}

QString WebViewerWindow::addressText() const
{
    return m_address->text();
}

QString WebViewerWindow::statusText() const
{
    return m_status->text();
}

void WebViewerWindow::updateTitle()
{
    const QString page = m_view->title();
    QString title = page.isEmpty() ? m_workspaceName : tr("%1 — %2").arg(m_workspaceName, page);
    if (m_private)
        title = tr("%1 (private)").arg(title);
    setWindowTitle(title);
}

void WebViewerWindow::updateNavigation()
{
    m_back->setEnabled(m_view->canGoBack());
    m_forward->setEnabled(m_view->canGoForward());
}

void WebViewerWindow::updateZoom()
{
    m_zoomLabel->setText(tr("%1 %").arg(qRound(m_view->zoomFactor() * 100)));
}

void WebViewerWindow::updateStatus()
{
    QString text = m_view->statusText();
    if (text.isEmpty() && m_progress < 100)
        text = tr("Loading %1… %2 %").arg(m_view->url().toDisplayString()).arg(m_progress);
    if (text.isEmpty() && m_private)
        text = tr("Private session: cookies, cache and site data end with this window.");
    m_status->setText(text);
}

void WebViewerWindow::zoomBy(int steps)
{
    qreal factor = 1.0;
    if (steps != 0) {
        const qreal current = m_view->zoomFactor();
        // The step nearest to the current factor, then move from there.
        const auto nearest = std::min_element(kZoomSteps.begin(), kZoomSteps.end(), [current](qreal a, qreal b) {
            return std::abs(a - current) < std::abs(b - current);
        });
        const auto index = std::clamp<qsizetype>((nearest - kZoomSteps.begin()) + steps, 0, qsizetype(kZoomSteps.size()) - 1);
        factor = kZoomSteps[std::size_t(index)];
    }
    m_view->setZoomFactor(factor);
    updateZoom();
}

void WebViewerWindow::toggleFullScreen()
{
    if (isFullScreen())
        showNormal();
    else
        showFullScreen();
    m_fullScreen->setChecked(isFullScreen());
}

void WebViewerWindow::openInSystemBrowser()
{
    const QUrl url = m_view->url();
    if (url.isEmpty() || !QDesktopServices::openUrl(url))
        statusBar()->showMessage(tr("No page to open in the system browser."), 5000);
}

void WebViewerWindow::chooseScreenshotFile()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    if (dir.isEmpty())
        dir = QDir::homePath();
    const QString suggested = QDir(dir).filePath(
        QStringLiteral("%1-%2.png").arg(WebProfiles::directoryName(m_workspaceName),
                                        QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save screenshot"), suggested, tr("PNG images (*.png)"));
    if (!path.isEmpty())
        saveScreenshot(path);
}

bool WebViewerWindow::saveScreenshot(const QString &path)
{
    const bool saved = m_view->screenshot().save(path, "PNG");
    statusBar()->showMessage(saved ? tr("Screenshot saved to %1").arg(QDir::toNativeSeparators(path))
                                   : tr("Cannot write the screenshot to %1").arg(QDir::toNativeSeparators(path)),
                             5000);
    return saved;
}

}  // namespace Atrium::Ui

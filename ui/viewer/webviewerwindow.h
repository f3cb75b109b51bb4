#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QLineEdit;

namespace Atrium {
struct Workspace;
}

namespace Atrium::Ui {

class WebProfiles;
class WebSessionView;

/// The viewer of a web session (a TSPlus HTML5 gateway, a web or admin panel,
/// the isolated browser): the page with back/forward/reload, the address, zoom,
/// full screen, a way out to the desktop's browser, a screenshot, and a status
/// line that says when a page fails. Endpoints use their workspace's profile
/// from @p profiles, which remembers their login; the `browser` type gets an
/// off-the-record one of its own that keeps nothing once the window is gone.
class WebViewerWindow final : public QMainWindow {
    Q_OBJECT

public:
    /// @p profiles must outlive the window.
    WebViewerWindow(const Workspace &workspace, WebProfiles &profiles, QWidget *parent = nullptr);
    ~WebViewerWindow() override;

    WebSessionView *sessionView() const { return m_view; }
    QString workspaceId() const { return m_workspaceId; }
    QString addressText() const;
    QString statusText() const;
    bool isPrivate() const { return m_private; }

    /// Saves the page as PNG; false (and a status message) when it cannot.
    bool saveScreenshot(const QString &path);

private:
    void createToolBar(bool editableAddress);
    void updateTitle();
    void updateNavigation();
    void updateZoom();
    void updateStatus();
    void zoomBy(int steps);
    void toggleFullScreen();
    void openInSystemBrowser();
    void chooseScreenshotFile();

    WebSessionView *m_view = nullptr;
    QString m_workspaceId;
    QString m_workspaceName;
    bool m_private = false;

    QAction *m_back = nullptr;
    QAction *m_forward = nullptr;
    QAction *m_fullScreen = nullptr;
    QLineEdit *m_address = nullptr;
    QLabel *m_zoomLabel = nullptr;
    QLabel *m_status = nullptr;
    int m_progress = 100;
};

}  // namespace Atrium::Ui

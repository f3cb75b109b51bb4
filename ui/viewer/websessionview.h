#pragma once

#include <QImage>
#include <QUrl>
#include <QWidget>

#include <memory>

class QLabel;
class QStackedLayout;
class QWebEngineCertificateError;
class QWebEngineLoadingInfo;
class QWebEnginePage;
class QWebEngineProfile;
class QWebEngineView;

namespace Atrium::Ui {

/// One web session's page: a Chromium view. When the page cannot be shown
/// (connection refused, untrusted certificate, renderer gone) a message in words
/// takes its place instead of a blank view. Certificate errors are refused,
/// never accepted silently.
class WebSessionView final : public QWidget {
    Q_OBJECT

public:
    /// Pages go on @p profile (a workspace's, see WebProfiles), which must outlive
    /// this view. Without one the view makes a profile of its own, off the record:
    /// cookies, cache and storage only in memory, gone with the view (the
    /// isolated browser).
    explicit WebSessionView(QWebEngineProfile *profile = nullptr, QWidget *parent = nullptr);
    ~WebSessionView() override;

    void load(const QUrl &url);
    /// Loads the page again, or tries the one that failed once more.
    void reload();
    void back();
    void forward();
    bool canGoBack() const;
    bool canGoForward() const;

    /// The page shown, or the one that failed to load.
    QUrl url() const;
    QString title() const;
    qreal zoomFactor() const;
    void setZoomFactor(qreal factor);

    /// Empty while the page is shown; otherwise why it cannot be, in words.
    QString errorText() const { return m_errorText; }
    /// One line for a status bar: the error, or a page's HTTP error status.
    QString statusText() const { return m_statusText; }
    /// What is on screen: the page, or the message that stands in for it.
    QImage screenshot();

    QWebEngineProfile *profile() const { return m_profile; }
    QWebEnginePage *page() const { return m_page.get(); }
    QWebEngineView *view() const { return m_view; }

Q_SIGNALS:
    void titleChanged(const QString &title);
    void urlChanged(const QUrl &url);
    void loadStarted();
    void loadProgress(int percent);
    /// A load ended; when it failed, errorText() or statusText() say why.
    void loadFinished(bool ok);
    void statusTextChanged(const QString &text);

private:
    void handleLoading(const QWebEngineLoadingInfo &info);
    void handleCertificateError(const QWebEngineCertificateError &error);
    void showError(const QString &text);
    void showPage();
    void setStatusText(const QString &text);

    // Destroyed view first, then page, then an own profile: a profile must
    // outlive every page on it.
    std::unique_ptr<QWebEngineProfile> m_ownProfile;
    QWebEngineProfile *m_profile = nullptr;
    std::unique_ptr<QWebEnginePage> m_page;
    QWebEngineView *m_view = nullptr;
    QStackedLayout *m_stack = nullptr;
    QWidget *m_errorPanel = nullptr;
    QLabel *m_errorLabel = nullptr;

    QUrl m_requestedUrl;       ///< the last load asked for (retried by reload())
    QString m_errorText;
    QString m_statusText;
    QString m_certificateText;  ///< a refused certificate, until its load fails
};

}  // namespace Atrium::Ui

#pragma once

#include <QImage>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QWebSocket>

#include <memory>

namespace Atrium::Testing {

/// Debian's chromium, headless, driven over the DevTools protocol (a QWebSocket): open a page,
/// read its state, type keys into it, capture it. It dies with the test process (a parent-death
/// signal), and it resolves no name but 127.0.0.1: it sends nothing off this machine.
class HeadlessChromium final {
public:
    HeadlessChromium();
    ~HeadlessChromium();

    /// Starts the browser on about:blank; false with error() on failure.
    bool start();
    QString error() const { return m_error; }
    bool isAvailable() const;  ///< whether chromium is installed

    bool navigate(const QString &url);
    /// The value of a JavaScript expression in the page (awaited when it is a promise).
    QJsonValue evaluate(const QString &expression);
    /// Waits until @p expression is true in the page.
    bool waitFor(const QString &expression, int timeoutMs);
    /// The page as a PNG, decoded.
    QImage screenshot();
    /// Types @p text (ASCII, '\b' for Backspace; Shift where a US keyboard needs it) and, when
    /// asked, Return.
    void type(const QString &text, bool thenReturn);
    /// The memory of all the browser's processes (their proportional set size), in KiB.
    qint64 memoryKiB() const;

private:
    QJsonObject call(const QString &method, const QJsonObject &params = {}, int timeoutMs = 20000);
    void key(const QString &type, const QString &key, const QString &code, int keyCode, int modifiers, const QString &text);

    QProcess m_process;
    QTemporaryDir m_profile;
    std::unique_ptr<QWebSocket> m_socket;
    int m_nextId = 1;
    QHash<int, QJsonObject> m_replies;
    QString m_error;
};

}  // namespace Atrium::Testing

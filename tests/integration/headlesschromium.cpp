#include "headlesschromium.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTest>

#include <csignal>
#include <sys/prctl.h>

namespace Atrium::Testing {

namespace {

QString chromiumPath()
{
    return QStandardPaths::findExecutable(QStringLiteral("chromium"));
}

}  // namespace

HeadlessChromium::HeadlessChromium() = default;

HeadlessChromium::~HeadlessChromium()
{
    m_socket.reset();
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(10000);
    }
}

bool HeadlessChromium::isAvailable() const
{
    return !chromiumPath().isEmpty();
}

bool HeadlessChromium::start()
{
    if (!isAvailable()) {
        m_error = QStringLiteral("chromium is not installed");
        return false;
    }
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    m_process.start(chromiumPath(), {
        QStringLiteral("--headless"), QStringLiteral("--no-sandbox"), QStringLiteral("--disable-gpu"),
        QStringLiteral("--remote-debugging-port=0"), QStringLiteral("--user-data-dir=") + m_profile.path(),
        QStringLiteral("--window-size=1024,640"), QStringLiteral("--no-first-run"), QStringLiteral("--no-default-browser-check"),
        // Nothing leaves this machine: no name resolves but 127.0.0.1, and nothing runs in the background.
        QStringLiteral("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"),
        QStringLiteral("--disable-background-networking"), QStringLiteral("--disable-component-update"),
        QStringLiteral("--disable-domain-reliability"), QStringLiteral("--disable-sync"), QStringLiteral("--disable-extensions"),
        QStringLiteral("about:blank")});
    if (!m_process.waitForStarted(10000)) {
        m_error = QStringLiteral("chromium did not start: ") + m_process.errorString();
        return false;
    }
    // Chromium writes the port it chose into the profile.
    QString port;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 30000 && port.isEmpty()) {
        QFile file(m_profile.filePath(QStringLiteral("DevToolsActivePort")));
        if (file.open(QIODevice::ReadOnly))
            port = QString::fromLatin1(file.readLine().trimmed());
        if (port.isEmpty())
            QTest::qWait(100);
    }
    if (port.isEmpty()) {
        m_error = QStringLiteral("chromium wrote no DevToolsActivePort within 30 s");
        return false;
    }
    QNetworkAccessManager network;
    QNetworkReply *reply = network.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/json/list").arg(port))));
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000)) {
        m_error = QStringLiteral("the DevTools target list did not answer");
        return false;
    }
    QString target;
    for (const QJsonValue &entry : QJsonDocument::fromJson(reply->readAll()).array()) {
        if (entry.toObject().value(QStringLiteral("type")).toString() == u"page")
            target = entry.toObject().value(QStringLiteral("webSocketDebuggerUrl")).toString();
    }
    reply->deleteLater();
    if (target.isEmpty()) {
        m_error = QStringLiteral("chromium has no page target");
        return false;
    }
    m_socket = std::make_unique<QWebSocket>();
    QObject::connect(m_socket.get(), &QWebSocket::textMessageReceived, [this](const QString &message) {
        const QJsonObject object = QJsonDocument::fromJson(message.toUtf8()).object();
        if (object.contains(QStringLiteral("id")))
            m_replies.insert(object.value(QStringLiteral("id")).toInt(), object);
    });
    m_socket->open(QUrl(target));
    if (!QTest::qWaitFor([this] { return m_socket->state() == QAbstractSocket::ConnectedState; }, 10000)) {
        m_error = QStringLiteral("cannot reach the page's DevTools socket");
        return false;
    }
    call(QStringLiteral("Page.enable"));
    call(QStringLiteral("Runtime.enable"));
    return true;
}

QJsonObject HeadlessChromium::call(const QString &method, const QJsonObject &params, int timeoutMs)
{
    const int id = m_nextId++;
    m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(QJsonObject{
        {QStringLiteral("id"), id}, {QStringLiteral("method"), method}, {QStringLiteral("params"), params}}).toJson(QJsonDocument::Compact)));
    if (!QTest::qWaitFor([this, id] { return m_replies.contains(id); }, timeoutMs))
        return QJsonObject{{QStringLiteral("error"), QStringLiteral("no answer to %1").arg(method)}};
    return m_replies.take(id);
}

bool HeadlessChromium::navigate(const QString &url)
{
    const QJsonObject reply = call(QStringLiteral("Page.navigate"), {{QStringLiteral("url"), url}});
    if (reply.contains(QStringLiteral("error"))) {
        m_error = QString::fromUtf8(QJsonDocument(reply).toJson(QJsonDocument::Compact));
        return false;
    }
    return waitFor(QStringLiteral("document.readyState === 'complete'"), 20000);
}

QJsonValue HeadlessChromium::evaluate(const QString &expression)
{
    const QJsonObject reply = call(QStringLiteral("Runtime.evaluate"), {{QStringLiteral("expression"), expression},
                                                                        {QStringLiteral("returnByValue"), true},
                                                                        {QStringLiteral("awaitPromise"), true}});
    return reply.value(QStringLiteral("result")).toObject().value(QStringLiteral("result")).toObject().value(QStringLiteral("value"));
}

bool HeadlessChromium::waitFor(const QString &expression, int timeoutMs)
{
    return QTest::qWaitFor([&] { return evaluate(expression).toBool(); }, timeoutMs);
}

QImage HeadlessChromium::screenshot()
{
    const QJsonObject reply = call(QStringLiteral("Page.captureScreenshot"), {{QStringLiteral("format"), QStringLiteral("png")}});
    const QByteArray png = QByteArray::fromBase64(reply.value(QStringLiteral("result")).toObject().value(QStringLiteral("data")).toString().toLatin1());
    return QImage::fromData(png, "PNG");
}

qint64 HeadlessChromium::memoryKiB() const
{
    // The browser and every process under it (zygotes, renderer, GPU and utility processes).
    QHash<qint64, QList<qint64>> children;
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(entry));
        if (!entry.front().isDigit() || !stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        children[fields.value(1).toLongLong()].append(entry.toLongLong());
    }
    qint64 total = 0;
    QList<qint64> pending{m_process.processId()};
    while (!pending.isEmpty()) {
        const qint64 pid = pending.takeLast();
        pending += children.value(pid);
        // Proportional set size: pages shared between its processes counted once, split among them.
        QFile rollup(QStringLiteral("/proc/%1/smaps_rollup").arg(pid));
        if (!rollup.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &line : rollup.readAll().split('\n')) {
            if (line.startsWith("Pss:"))
                total += line.mid(4).trimmed().split(' ').first().toLongLong();
        }
    }
    return total;
}

void HeadlessChromium::key(const QString &type, const QString &key, const QString &code, int keyCode, int modifiers, const QString &text)
{
    QJsonObject params{{QStringLiteral("type"), type}, {QStringLiteral("key"), key}, {QStringLiteral("code"), code},
                       {QStringLiteral("windowsVirtualKeyCode"), keyCode}, {QStringLiteral("modifiers"), modifiers}};
    if (!text.isEmpty())
        params.insert(QStringLiteral("text"), text);
    call(QStringLiteral("Input.dispatchKeyEvent"), params);
}

void HeadlessChromium::type(const QString &text, bool thenReturn)
{
    // A US keyboard: the code of the key, and whether Shift is down for it.
    static const QHash<QChar, std::tuple<QString, int, bool>> punctuation{
        {u' ', {QStringLiteral("Space"), 32, false}},   {u'>', {QStringLiteral("Period"), 190, true}},
        {u'.', {QStringLiteral("Period"), 190, false}}, {u'/', {QStringLiteral("Slash"), 191, false}},
        {u'-', {QStringLiteral("Minus"), 189, false}},  {u'_', {QStringLiteral("Minus"), 189, true}},
        {u'|', {QStringLiteral("Backslash"), 220, true}}, {u'=', {QStringLiteral("Equal"), 187, false}},
    };
    for (const QChar c : text) {
        if (c == u'\b') {
            key(QStringLiteral("rawKeyDown"), QStringLiteral("Backspace"), QStringLiteral("Backspace"), 8, 0, {});
            key(QStringLiteral("keyUp"), QStringLiteral("Backspace"), QStringLiteral("Backspace"), 8, 0, {});
            continue;
        }
        QString code;
        int keyCode = 0;
        bool shift = false;
        if (c.isLetter()) {
            code = QStringLiteral("Key") + c.toUpper();
            keyCode = c.toUpper().unicode();
            shift = c.isUpper();
        } else if (c.isDigit()) {
            code = QStringLiteral("Digit") + c;
            keyCode = c.unicode();
        } else {
            std::tie(code, keyCode, shift) = punctuation.value(c);
        }
        const int modifiers = shift ? 8 : 0;
        if (shift)
            key(QStringLiteral("rawKeyDown"), QStringLiteral("Shift"), QStringLiteral("ShiftLeft"), 16, 8, {});
        key(QStringLiteral("keyDown"), QString(c), code, keyCode, modifiers, QString(c));
        key(QStringLiteral("keyUp"), QString(c), code, keyCode, modifiers, {});
        if (shift)
            key(QStringLiteral("keyUp"), QStringLiteral("Shift"), QStringLiteral("ShiftLeft"), 16, 0, {});
    }
    if (thenReturn) {
        key(QStringLiteral("keyDown"), QStringLiteral("Enter"), QStringLiteral("Enter"), 13, 0, QStringLiteral("\r"));
        key(QStringLiteral("keyUp"), QStringLiteral("Enter"), QStringLiteral("Enter"), 13, 0, {});
    }
}

}  // namespace Atrium::Testing

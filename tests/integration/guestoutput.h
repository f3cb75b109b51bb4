#pragma once

#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QString>
#include <QTest>

#include <chrono>

// What a real guest shows: its serial log (a file the harness's QEMU writes) and its screen.
namespace Atrium::Testing {

inline QString readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

/// Waits (running the event loop) until @p path holds @p text @p times times; ms taken or -1.
inline qint64 waitForText(const QString &path, const QString &text, std::chrono::milliseconds timeout, int times = 1)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeout.count()) {
        if (readText(path).count(text) >= times)
            return timer.elapsed();
        QTest::qWait(100);
    }
    return -1;
}

/// The share of a frame's pixels that are lit (not black): text on a console.
inline double litShare(const QImage &frame)
{
    if (frame.isNull())
        return 0;
    qint64 lit = 0;
    for (int y = 0; y < frame.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(frame.constScanLine(y));
        for (int x = 0; x < frame.width(); ++x)
            lit += qGray(line[x]) > 40;
    }
    return double(lit) / (qint64(frame.width()) * frame.height());
}

}  // namespace Atrium::Testing

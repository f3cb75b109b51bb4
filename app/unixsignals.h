#pragma once

#include <QObject>

class QSocketNotifier;

namespace Atrium {

/// Turns SIGINT and SIGTERM into a Qt signal on the main thread (the
/// self-pipe trick: the handler only writes a byte).
class UnixSignals final : public QObject {
    Q_OBJECT

public:
    explicit UnixSignals(QObject *parent = nullptr);
    ~UnixSignals() override;

Q_SIGNALS:
    void terminationRequested(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

}  // namespace Atrium

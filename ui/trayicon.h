#pragma once

#include <QSystemTrayIcon>
#include <QTimer>

class QMenu;

namespace Atrium {
class Engine;
}

namespace Atrium::Ui {

/// A tray icon listing the running workspaces (each with Stop), Show and Quit.
class TrayIcon final : public QSystemTrayIcon {
    Q_OBJECT

public:
    explicit TrayIcon(Engine &engine, QObject *parent = nullptr);
    ~TrayIcon() override;
    static bool isAvailable();


Q_SIGNALS:
    void stopRequested(const QString &id);
    void showRequested();
    void quitRequested();

private:
    void rebuild();

    Engine &m_engine;
    QMenu *m_menu = nullptr;
    QTimer m_rebuild;
    QStringList m_entries;
};

}  // namespace Atrium::Ui

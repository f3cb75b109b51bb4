#include "trayicon.h"

#include "common/labels.h"
#include "engine/engine.h"

#include <QMenu>

namespace Atrium::Ui {

TrayIcon::TrayIcon(Engine &engine, QObject *parent)
    : QSystemTrayIcon(Labels::appIcon(), parent)
    , m_engine(engine)
{
    m_menu = new QMenu;
    setContextMenu(m_menu);
    setToolTip(QStringLiteral("Atrium"));
    // Many changes in a burst (a reset, a bulk launch) rebuild the menu once.
    m_rebuild.setSingleShot(true);
    m_rebuild.setInterval(200);
    connect(&m_rebuild, &QTimer::timeout, this, &TrayIcon::rebuild);
    for (auto signal : {&Engine::workspaceAdded, &Engine::workspaceChanged})
        connect(&engine, signal, &m_rebuild, qOverload<>(&QTimer::start));
    connect(&engine, &Engine::workspaceRemoved, &m_rebuild, qOverload<>(&QTimer::start));
    connect(&engine, &Engine::catalogReset, &m_rebuild, qOverload<>(&QTimer::start));
    connect(this, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            Q_EMIT showRequested();
    });
    rebuild();
    show();
}

TrayIcon::~TrayIcon()
{
    delete m_menu;  // a context menu has no parent to delete it
}

bool TrayIcon::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayIcon::rebuild()
{
    m_menu->clear();
    m_entries.clear();
    m_engine.forEachWorkspace([this](const Workspace &w) {
        if (!w.isActive())
            return;
        const QString entry = tr("%1 — %2").arg(w.name, Labels::status(w.status));
        m_entries << entry;
        QMenu *sub = m_menu->addMenu(Labels::workspaceIcon(w.icon, w.type), entry);
        const QString id = w.id;
        sub->addAction(tr("Stop"), this, [this, id] { Q_EMIT stopRequested(id); });
    });
    if (m_entries.isEmpty())
        m_menu->addAction(tr("No workspace is running"))->setEnabled(false);
    m_menu->addSeparator();
    m_menu->addAction(tr("Show Atrium"), this, &TrayIcon::showRequested);
    m_menu->addAction(tr("Quit"), this, &TrayIcon::quitRequested);
    setToolTip(m_entries.isEmpty() ? QStringLiteral("Atrium") : tr("Atrium — %n running", nullptr, int(m_entries.size())));
}

}  // namespace Atrium::Ui

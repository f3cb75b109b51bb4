#pragma once

#include "model/identity.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace Atrium {
class Engine;
}

namespace Atrium::Ui {

class SessionListModel;

/// Who is connected to what: a table of sessions with an "active only"
/// filter and a button that disconnects the selected active sessions.
class SessionsView final : public QWidget {
    Q_OBJECT

public:
    SessionsView(Engine &engine, Actor actor, QWidget *parent = nullptr);

    /// Shows only one workspace's sessions (empty = all), for the detail panel.
    void setWorkspaceFilter(const QString &workspaceId);

    QTableView *table() const { return m_table; }
    SessionListModel *model() const { return m_model; }
    QCheckBox *activeOnlyBox() const { return m_activeOnly; }
    QPushButton *disconnectButton() const { return m_disconnect; }

    /// The ids of the selected sessions that are still active.
    QStringList selectedActiveIds() const;

Q_SIGNALS:
    void errorOccurred(const QString &message);

private:
    void setActiveOnly(bool activeOnly);
    void disconnectSelected();
    void updateActions();

    Engine &m_engine;
    Actor m_actor;
    SessionListModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QCheckBox *m_activeOnly = nullptr;
    QPushButton *m_disconnect = nullptr;
    QLabel *m_count = nullptr;
    QTableView *m_table = nullptr;
};

}  // namespace Atrium::Ui

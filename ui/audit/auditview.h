#pragma once

#include <QDateTime>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QTableView;

namespace Atrium {
class Engine;
}

namespace Atrium::Ui {

class AuditListModel;

/// The audit log: who did what, filtered by action, actor and time.
class AuditView final : public QWidget {
    Q_OBJECT

public:
    explicit AuditView(Engine &engine, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    AuditListModel *model() const { return m_model; }

    /// Each setter applies the filter at once (typing waits for a short pause).
    void setActionFilter(const QString &action);
    void setActorFilter(const QString &actor);
    /// An invalid time shows every entry.
    void setSince(const QDateTime &since);
    QString countText() const;

private:
    void applyFilters();
    void scheduleFilters();
    void updateCount();

    Engine &m_engine;
    AuditListModel *m_model = nullptr;
    QComboBox *m_action = nullptr;
    QLineEdit *m_actor = nullptr;
    QCheckBox *m_sinceEnabled = nullptr;
    QDateTimeEdit *m_since = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_count = nullptr;
    QTimer m_typingPause;  ///< single shot: one query per pause in typing, not per key
};

}  // namespace Atrium::Ui

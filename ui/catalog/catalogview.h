#pragma once

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;

namespace Atrium {
class Engine;
struct HostInfo;
}

namespace Atrium::Ui {

class WorkspaceCardDelegate;
class WorkspaceFilterProxy;
class WorkspaceListModel;

/// The catalog: search box, filters and sort above a grid of workspace cards.
/// It only reports what the user asked for; the main window acts on it.
class CatalogView final : public QWidget {
    Q_OBJECT

public:
    CatalogView(Engine &engine, WorkspaceListModel &model, QWidget *parent = nullptr);

    QStringList selectedIds() const;
    QString currentId() const;
    void selectWorkspace(const QString &id);
    void focusSearch();

    QListView *listView() const { return m_list; }
    WorkspaceCardDelegate *delegate() const { return m_delegate; }

Q_SIGNALS:
    void launchRequested(const QStringList &ids);
    void stopRequested(const QStringList &ids);
    void currentChanged(const QString &id);
    void contextMenuRequested(const QPoint &globalPos);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateCount();
    void rebuildHostFilter();
    bool anyVisibleCardBusy() const;
    void advanceSpinner();

    Engine &m_engine;
    WorkspaceListModel &m_model;
    WorkspaceFilterProxy *m_proxy = nullptr;
    WorkspaceCardDelegate *m_delegate = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_type = nullptr;
    QComboBox *m_status = nullptr;
    QComboBox *m_host = nullptr;
    QComboBox *m_sort = nullptr;
    QListView *m_list = nullptr;
    QLabel *m_count = nullptr;
    QTimer m_spinner;  ///< runs only while a card on screen is busy: an idle catalog costs no CPU
    int m_spinnerAngle = 0;
};

}  // namespace Atrium::Ui

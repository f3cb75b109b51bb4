#pragma once

#include <QFrame>
#include <QTimer>

class QLabel;

namespace Atrium::Ui {

/// A one-line message above the window's content: errors stay until closed,
/// information fades after a few seconds. Never modal.
class NotificationBar final : public QFrame {
    Q_OBJECT

public:
    explicit NotificationBar(QWidget *parent = nullptr);

    void showError(const QString &text);
    void showInfo(const QString &text);
    QString text() const;
    bool isError() const { return m_error; }

private:
    void present(const QString &text, bool error);

    QLabel *m_label = nullptr;
    QTimer m_hide;
    bool m_error = false;
};

}  // namespace Atrium::Ui

#include "notificationbar.h"

#include "labels.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace Atrium::Ui {

NotificationBar::NotificationBar(QWidget *parent)
    : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_label = new QLabel(this);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("×"));
    close->setAutoRaise(true);
    close->setAccessibleName(tr("Close message"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 4, 4, 4);
    layout->addWidget(m_label, 1);
    layout->addWidget(close);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    m_hide.setSingleShot(true);
    m_hide.setInterval(6000);
    connect(&m_hide, &QTimer::timeout, this, &QWidget::hide);
    hide();
}

void NotificationBar::present(const QString &text, bool error)
{
    m_error = error;
    m_label->setText(text);
    QPalette pal = palette();
    const QColor tone = Labels::statusColor(error ? WorkspaceStatus::Error : WorkspaceStatus::Running, pal);
    QColor background = tone;
    background.setAlphaF(0.15f);
    pal.setColor(QPalette::Window, background);
    setPalette(pal);
    show();
    if (error)
        m_hide.stop();
    else
        m_hide.start();
}

void NotificationBar::showError(const QString &text)
{
    present(text, true);
}

void NotificationBar::showInfo(const QString &text)
{
    present(text, false);
}

QString NotificationBar::text() const
{
    return isVisible() ? m_label->text() : QString();
}

}  // namespace Atrium::Ui

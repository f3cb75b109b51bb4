#include "deleteworkspacesdialog.h"

#include <QDialogButtonBox>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace Atrium::Ui {

namespace {

QString diskLine(const QString &domain, const DomainDisk &disk)
{
    QString line = QStringLiteral("%1 · %2: %3").arg(domain, disk.target, disk.source);
    if (disk.capacityBytes > 0)
        line += QStringLiteral(" (%1)").arg(QLocale().formattedDataSize(disk.capacityBytes));
    return line;
}

}  // namespace

DeleteWorkspacesDialog::DeleteWorkspacesDialog(const Engine &engine, const Actor &actor,
                                               const QList<Workspace> &workspaces, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Delete"));
    QStringList ownNames;
    QStringList foundNames;
    QStringList disks;
    for (const Workspace &w : workspaces) {
        if (!w.adopted) {
            ownNames << w.name;
            continue;
        }
        foundNames << w.name;
        if (const auto details = engine.domainDetails(w.id)) {
            for (const DomainDisk &disk : details->dataDisks())
                disks << diskLine(details->name, disk);
        }
    }

    auto *layout = new QVBoxLayout(this);
    auto *question = new QLabel(this);
    question->setWordWrap(true);
    question->setTextFormat(Qt::PlainText);
    QStringList text;
    if (!ownNames.isEmpty()) {
        text << (ownNames.size() == 1
                     ? tr("Delete %1? Its virtual machine and disk are removed with it (if it has any).")
                           .arg(ownNames.first())
                     : tr("Delete %n workspaces? Their virtual machines and disks are removed with them: %1.", nullptr,
                          int(ownNames.size()))
                           .arg(ownNames.join(QStringLiteral(", "))));
    }
    if (!foundNames.isEmpty()) {
        text << (foundNames.size() == 1
                     ? tr("%1 is a virtual machine Atrium did not create.").arg(foundNames.first())
                     : tr("%n of them are virtual machines Atrium did not create: %1.", nullptr, int(foundNames.size()))
                           .arg(foundNames.join(QStringLiteral(", "))));
    }
    question->setText(text.join(QStringLiteral("\n\n")));
    layout->addWidget(question);

    if (!foundNames.isEmpty()) {
        auto *choices = new QGroupBox(tr("What happens to the virtual machine"), this);
        auto *choiceLayout = new QVBoxLayout(choices);
        m_forget = new QRadioButton(tr("&Forget it: take it out of Atrium; it stays on its host, untouched"), choices);
        m_undefine = new QRadioButton(tr("&Undefine it on its host; its disks stay"), choices);
        m_undefineWithDisks = new QRadioButton(tr("Undefine it and &delete its disks:"), choices);
        m_forget->setChecked(true);
        m_disks = new QLabel(disks.join(u'\n'), choices);
        m_disks->setTextFormat(Qt::PlainText);
        m_disks->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_disks->setIndent(24);
        m_disks->setVisible(!disks.isEmpty());
        if (disks.isEmpty())
            m_undefineWithDisks->setText(tr("Undefine it and &delete its disks (it has none)"));
        for (QWidget *w : std::initializer_list<QWidget *>{m_forget, m_undefine, m_undefineWithDisks, m_disks})
            choiceLayout->addWidget(w);
        if (!actor.isAdmin()) {
            const QString adminOnly = tr("Only administrators can undefine a virtual machine Atrium did not create");
            for (QRadioButton *b : {m_undefine, m_undefineWithDisks}) {
                b->setEnabled(false);
                b->setToolTip(adminOnly);
            }
        }
        layout->addWidget(choices);
    }

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *remove = buttons->addButton(tr("Delete"), QDialogButtonBox::AcceptRole);
    remove->setObjectName(QStringLiteral("deleteButton"));
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

DomainRemoval DeleteWorkspacesDialog::foundDomainRemoval() const
{
    if (m_undefineWithDisks && m_undefineWithDisks->isChecked())
        return DomainRemoval::UndefineWithDisks;
    if (m_undefine && m_undefine->isChecked())
        return DomainRemoval::Undefine;
    return DomainRemoval::Forget;
}

DomainRemoval DeleteWorkspacesDialog::removalFor(const Workspace &workspace) const
{
    return workspace.adopted ? foundDomainRemoval() : DomainRemoval::Default;
}

}  // namespace Atrium::Ui

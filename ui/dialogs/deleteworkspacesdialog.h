#pragma once

#include "engine/engine.h"
#include "model/identity.h"
#include "model/workspace.h"

#include <QDialog>
#include <QList>

class QLabel;
class QRadioButton;

namespace Atrium::Ui {

/// Confirms deleting workspaces. Atrium's own workspaces go with their domain and disk; for
/// domains Atrium found on a host (defined with virsh, virt-manager, …) it asks what happens
/// to the domain: forget it (the default: the domain stays), undefine it, or undefine it and
/// delete the disks it lists. Only administrators may undefine.
class DeleteWorkspacesDialog final : public QDialog {
    Q_OBJECT

public:
    DeleteWorkspacesDialog(const Engine &engine, const Actor &actor, const QList<Workspace> &workspaces,
                           QWidget *parent = nullptr);

    /// What happens to the domain of @p workspace when the dialog is accepted.
    DomainRemoval removalFor(const Workspace &workspace) const;
    /// What happens to the found domains (Forget unless the admin chose otherwise).
    DomainRemoval foundDomainRemoval() const;

    QRadioButton *forgetButton() const { return m_forget; }
    QRadioButton *undefineButton() const { return m_undefine; }
    QRadioButton *undefineWithDisksButton() const { return m_undefineWithDisks; }
    /// The disks "undefine and delete its disks" deletes, one per line (hidden when none).
    QLabel *diskList() const { return m_disks; }

private:
    QRadioButton *m_forget = nullptr;
    QRadioButton *m_undefine = nullptr;
    QRadioButton *m_undefineWithDisks = nullptr;
    QLabel *m_disks = nullptr;
};

}  // namespace Atrium::Ui

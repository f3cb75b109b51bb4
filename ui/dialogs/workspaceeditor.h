#pragma once

#include "model/error.h"
#include "model/identity.h"
#include "model/workspace.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace Atrium {
class Engine;
}

namespace Atrium::Ui {

/// Creates, edits or duplicates a workspace. Saving goes through the engine,
/// so the rules are the API's; a refusal is shown next to the field it names.
class WorkspaceEditor final : public QDialog {
    Q_OBJECT

public:
    enum class Mode { Create, Edit, Duplicate };

    WorkspaceEditor(Engine &engine, Actor actor, Mode mode, const Workspace &base = {}, QWidget *parent = nullptr);

    /// Saves; on success the dialog is accepted and savedId() names the workspace.
    bool save();
    QString savedId() const { return m_savedId; }

    /// The error shown next to @p field ("name", "url", "memory"…), empty if none.
    QString errorText(const QString &field) const;
    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *urlEdit() const { return m_url; }
    QComboBox *typeBox() const { return m_type; }
    QSpinBox *memoryBox() const { return m_memory; }
    QSpinBox *cpusBox() const { return m_cpus; }
    QSpinBox *storageBox() const { return m_storage; }
    QPlainTextEdit *descriptionEdit() const { return m_description; }
    QComboBox *iconBox() const { return m_icon; }
    QLineEdit *imageUrlEdit() const { return m_imageUrl; }

private:
    QWidget *withError(QWidget *field, const QString &name);
    /// What saving sends: in Edit mode only the fields the dialog changed.
    WorkspacePatch patch() const;
    /// Every field as the dialog shows it.
    WorkspacePatch fullPatch() const;
    void updateDomainPreview();
    void showError(const Error &error);
    void clearErrors();
    void updateForType();

    Engine &m_engine;
    Actor m_actor;
    Mode m_mode;
    Workspace m_base;
    QString m_savedId;

    QLineEdit *m_name = nullptr;
    QComboBox *m_type = nullptr;
    QPlainTextEdit *m_description = nullptr;
    QLineEdit *m_url = nullptr;
    QComboBox *m_connection = nullptr;
    QCheckBox *m_netbird = nullptr;
    QSpinBox *m_cpus = nullptr;
    QSpinBox *m_memory = nullptr;
    QSpinBox *m_storage = nullptr;
    QComboBox *m_icon = nullptr;
    QLineEdit *m_imageUrl = nullptr;
    QComboBox *m_host = nullptr;
    QLineEdit *m_image = nullptr;
    QCheckBox *m_healthChecks = nullptr;
    QLabel *m_generalError = nullptr;
    QLabel *m_domainPreview = nullptr;  ///< what saving changes in the domain (Edit mode, provisioned)
    QHash<QString, QLabel *> m_errors;
};

}  // namespace Atrium::Ui

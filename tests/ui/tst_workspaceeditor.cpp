// The workspace editor: refusals shown next to their field with the API's own
// rules and words (checked against the REST API over HTTP), and saves that go
// through the engine without touching what the user did not change.

#include "apifixture.h"
#include "dialogs/workspaceeditor.h"
#include "uitestmain.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>

#include <memory>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::WorkspaceEditor;

namespace {

const QStringList kEditorFields{QStringLiteral("name"), QStringLiteral("type"), QStringLiteral("description"), QStringLiteral("url"),
                                QStringLiteral("connection_type"), QStringLiteral("requires_netbird"), QStringLiteral("cpu"),
                                QStringLiteral("memory"), QStringLiteral("storage"), QStringLiteral("host"), QStringLiteral("image"),
                                QStringLiteral("icon"), QStringLiteral("image_url"), QStringLiteral("health_checks")};

void selectType(WorkspaceEditor &editor, WorkspaceType type)
{
    QComboBox *box = editor.typeBox();
    box->setCurrentIndex(box->findData(int(type)));
}

/// A small, valid Linux VM in a new editor.
void fillValidVm(WorkspaceEditor &editor)
{
    editor.nameEdit()->setText(QStringLiteral("Valid VM"));
    selectType(editor, WorkspaceType::Linux);
    editor.descriptionEdit()->setPlainText(QStringLiteral("made in the editor"));
    editor.cpusBox()->setValue(1);
    editor.memoryBox()->setValue(256);
    editor.storageBox()->setValue(1);
}

/// The same VM as the API's JSON (the Workspaces API's spelling).
QJsonObject validVmJson()
{
    return {{QStringLiteral("name"), QStringLiteral("Valid VM")},        {QStringLiteral("type"), QStringLiteral("linux")},
            {QStringLiteral("description"), QStringLiteral("made in the editor")}, {QStringLiteral("cpu"), QStringLiteral("1 vCPU")},
            {QStringLiteral("memory"), QStringLiteral("256 MB")},        {QStringLiteral("storage"), QStringLiteral("1 GB")}};
}

void setField(WorkspaceEditor &editor, const QString &field, const QString &value)
{
    if (field == u"name")
        editor.nameEdit()->setText(value);
    else if (field == u"description")
        editor.descriptionEdit()->setPlainText(value);
    else if (field == u"url")
        editor.urlEdit()->setText(value);
    else if (field == u"image_url")
        editor.imageUrlEdit()->setText(value);
    else if (field == u"icon")
        editor.iconBox()->setCurrentText(value);
    else if (field == u"memory")
        editor.memoryBox()->setValue(value.toInt());
    else
        qFatal("no such field in this test: %s", qPrintable(field));
}

QWidget *inputFor(const WorkspaceEditor &editor, const QString &field)
{
    if (field == u"name")
        return editor.nameEdit();
    if (field == u"description")
        return editor.descriptionEdit();
    if (field == u"url")
        return editor.urlEdit();
    if (field == u"image_url")
        return editor.imageUrlEdit();
    if (field == u"icon")
        return editor.iconBox();
    if (field == u"memory")
        return editor.memoryBox();
    qFatal("no such field in this test: %s", qPrintable(field));
}

QStringList fieldsWithErrors(const WorkspaceEditor &editor)
{
    QStringList fields;
    for (const QString &field : kEditorFields) {
        if (!editor.errorText(field).isEmpty())
            fields << field;
    }
    if (!editor.errorText(QString()).isEmpty())
        fields << QStringLiteral("(general)");
    return fields;
}

}  // namespace

class TestWorkspaceEditor final : public QObject {
    Q_OBJECT

    std::unique_ptr<ApiFixture> f;
    Engine &engine() { return *f->engine.engine; }
    const Actor &admin() { return f->engine.admin; }

private Q_SLOTS:
    void init() { f = std::make_unique<ApiFixture>(); }
    void cleanup() { f.reset(); }

    void refusesBadInputNextToTheField_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QJsonValue>("json");
        QTest::newRow("empty name") << "name" << QString() << QJsonValue(QString());
        QTest::newRow("blank name") << "name" << "   " << QJsonValue(QStringLiteral("   "));
        QTest::newRow("name over 255") << "name" << QString(256, u'n') << QJsonValue(QString(256, u'n'));
        QTest::newRow("name with a bell") << "name" << QStringLiteral("ring\u0007ring") << QJsonValue(QStringLiteral("ring\u0007ring"));
        QTest::newRow("description over 4000") << "description" << QString(4001, u'd') << QJsonValue(QString(4001, u'd'));
        QTest::newRow("url not a url") << "url" << "not a url" << QJsonValue(QStringLiteral("not a url"));
        QTest::newRow("url file scheme") << "url" << "file:///etc/passwd" << QJsonValue(QStringLiteral("file:///etc/passwd"));
        QTest::newRow("url no host") << "url" << "http://" << QJsonValue(QStringLiteral("http://"));
        QTest::newRow("picture javascript") << "image_url" << "javascript:alert(1)" << QJsonValue(QStringLiteral("javascript:alert(1)"));
        QTest::newRow("icon with spaces") << "icon" << "my icon!" << QJsonValue(QStringLiteral("my icon!"));
        QTest::newRow("memory too small") << "memory" << "32" << QJsonValue(QStringLiteral("32 MB"));
        QTest::newRow("memory zero") << "memory" << "0" << QJsonValue(QStringLiteral("0 MB"));
    }
    void refusesBadInputNextToTheField()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QJsonValue, json);
        const int before = engine().workspaceCount();

        WorkspaceEditor editor(engine(), admin(), WorkspaceEditor::Mode::Create);
        fillValidVm(editor);
        setField(editor, field, value);
        QVERIFY(!editor.save());
        QCOMPARE(editor.result(), int(QDialog::Rejected));
        QVERIFY(editor.savedId().isEmpty());
        QCOMPARE(engine().workspaceCount(), before);

        // Next to the field it is about, and nowhere else; the cursor goes there.
        QCOMPARE(fieldsWithErrors(editor), QStringList{field});
        const QString shown = editor.errorText(field);
        QVERIFY(!shown.isEmpty());
        QWidget *focus = editor.focusWidget();
        QWidget *input = inputFor(editor, field);
        QVERIFY(focus);
        QVERIFY2(focus == input || input->isAncestorOf(focus), qPrintable(focus->metaObject()->className()));

        // The REST API refuses the same thing, for the same field, in the same words.
        QJsonObject body = validVmJson();
        body.insert(field, json);
        const HttpResponse api = f->client().post(QStringLiteral("/api/workspaces"), QJsonDocument(body).toJson(QJsonDocument::Compact),
                                                  f->bearer(f->admin));
        QCOMPARE(api.status, 400);
        QCOMPARE(api.object().value(QStringLiteral("field")).toString(), field);
        const QString detail = api.object().value(QStringLiteral("detail")).toString();
        QVERIFY2(detail == shown || detail == field + QStringLiteral(": ") + shown,
                 qPrintable(QStringLiteral("API: %1 | editor: %2").arg(detail, shown)));
        QCOMPARE(engine().workspaceCount(), before);

        // Put right, it saves, and the message goes away.
        WorkspaceEditor again(engine(), admin(), WorkspaceEditor::Mode::Create);
        fillValidVm(again);
        setField(again, field, value);
        QVERIFY(!again.save());
        fillValidVm(again);  // name, description and memory valid again
        if (field == u"url" || field == u"image_url" || field == u"icon")
            setField(again, field, QString());
        QVERIFY(again.save());
        QVERIFY(fieldsWithErrors(again).isEmpty());
        QCOMPARE(engine().workspaceCount(), before + 1);
    }

    void spinBoxesHoldOnlyWhatTheValidatorAccepts()
    {
        // cpu 0 and storage below zero cannot be typed: the boxes' ranges are the validator's.
        WorkspaceEditor editor(engine(), admin(), WorkspaceEditor::Mode::Create);
        fillValidVm(editor);
        editor.cpusBox()->setValue(0);
        QCOMPARE(editor.cpusBox()->value(), 1);
        editor.storageBox()->setValue(-1);
        QCOMPARE(editor.storageBox()->value(), 0);

        WorkspacePatch vm = smallVm(QStringLiteral("Edges"));
        vm.cpus = editor.cpusBox()->minimum() - 1;
        QCOMPARE(engine().createWorkspace(admin(), vm).error().field, QStringLiteral("cpu"));
        vm.cpus = editor.cpusBox()->maximum() + 1;
        QCOMPARE(engine().createWorkspace(admin(), vm).error().field, QStringLiteral("cpu"));
        vm.cpus = 1;
        vm.storageMb = (qint64(editor.storageBox()->maximum()) + 1) * 1024;
        QCOMPARE(engine().createWorkspace(admin(), vm).error().field, QStringLiteral("storage"));
        vm.storageMb = 64;
        vm.memoryMb = qint64(editor.memoryBox()->maximum()) + 1;
        QCOMPARE(engine().createWorkspace(admin(), vm).error().field, QStringLiteral("memory"));

        // Every box at its largest value is a workspace the engine accepts.
        editor.cpusBox()->setValue(editor.cpusBox()->maximum());
        editor.memoryBox()->setValue(editor.memoryBox()->maximum());
        editor.storageBox()->setValue(editor.storageBox()->maximum());
        QVERIFY2(editor.save(), qPrintable(fieldsWithErrors(editor).join(u',')));
        const Workspace saved = *engine().workspace(editor.savedId());
        QCOMPARE(saved.resources.cpus, 256);
        QCOMPARE(saved.resources.memoryMb, 4LL * 1024 * 1024);
        QCOMPARE(saved.resources.storageMb, 16LL * 1024 * 1024);
    }

    void goodInputCreatesThroughTheEngine()
    {
        QSignalSpy added(&engine(), &Engine::workspaceAdded);
        WorkspaceEditor editor(engine(), admin(), WorkspaceEditor::Mode::Create);
        editor.nameEdit()->setText(QStringLiteral("  Grafana  "));
        selectType(editor, WorkspaceType::Web);
        editor.descriptionEdit()->setPlainText(QStringLiteral("Dashboards"));
        editor.urlEdit()->setText(QStringLiteral(" http://127.0.0.1:3000/ "));
        editor.cpusBox()->setValue(3);
        editor.memoryBox()->setValue(1536);
        editor.storageBox()->setValue(20);
        editor.iconBox()->setCurrentText(QStringLiteral("panel"));
        editor.imageUrlEdit()->setText(QStringLiteral("https://127.0.0.1/grafana.png"));

        // Through the dialog's own Save button.
        auto *buttons = editor.findChild<QDialogButtonBox *>();
        QVERIFY(buttons);
        buttons->button(QDialogButtonBox::Save)->click();
        QCOMPARE(editor.result(), int(QDialog::Accepted));
        QCOMPARE(added.size(), 1);
        const Workspace saved = *engine().workspace(editor.savedId());
        QCOMPARE(saved.id, added.first().first().value<Workspace>().id);
        QCOMPARE(saved.name, QStringLiteral("  Grafana  "));  // kept as typed, as the API keeps it
        QCOMPARE(saved.type, WorkspaceType::Web);
        QCOMPARE(saved.description, QStringLiteral("Dashboards"));
        QCOMPARE(saved.url, QStringLiteral("http://127.0.0.1:3000/"));
        QCOMPARE(saved.resources.cpus, 3);
        QCOMPARE(saved.resources.memoryMb, 1536);
        QCOMPARE(saved.resources.storageMb, 20 * 1024);
        QCOMPARE(saved.icon, QStringLiteral("panel"));
        QCOMPARE(saved.imageUrl, QStringLiteral("https://127.0.0.1/grafana.png"));
        QCOMPARE(saved.status, WorkspaceStatus::Available);
        QVERIFY(saved.ownerId.isEmpty());  // the admin made a shared workspace

        // The API sees it at once.
        const HttpResponse r = f->client().get(QStringLiteral("/api/workspaces/%1").arg(saved.id), f->bearer(f->admin));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("name")).toString(), saved.name);
        QCOMPARE(r.object().value(QStringLiteral("memory")).toString(), QStringLiteral("1536 MB"));
    }

    void editingKeepsWhatWasNotChanged()
    {
        // Fields the editor does not show, and some it shows, all set.
        WorkspacePatch rich = smallVm(QStringLiteral("Rich VM"));
        rich.url = QStringLiteral("http://127.0.0.1:8080/");
        rich.icon = QStringLiteral("code");
        rich.imageUrl = QStringLiteral("https://127.0.0.1/vm.png");
        rich.image = QStringLiteral("atrium-tiny");
        rich.environmentType = QStringLiteral("vscode");
        rich.projectId = QStringLiteral("project-7");
        rich.organizationId = QStringLiteral("org-3");
        rich.volumeIds = QStringList{QStringLiteral("vol-a"), QStringLiteral("vol-b")};
        rich.namespaceName = QStringLiteral("lab");
        rich.mode = WorkspaceMode::Temporary;
        LifecycleConfig config;
        config.ttl = QStringLiteral("30m");
        config.restartPolicy = RestartPolicy::OnFailure;
        config.env = {EnvVar{QStringLiteral("EDITOR"), QStringLiteral("vim")}};
        rich.config = config;
        rich.gpu = QStringLiteral("1");
        rich.healthChecks = true;
        const Workspace before = must(engine().createWorkspace(admin(), rich));
        QCOMPARE(before.resources.storageMb, 64);  // less than one of the editor's GB steps

        // Only the description changes.
        WorkspaceEditor editor(engine(), admin(), WorkspaceEditor::Mode::Edit, before);
        editor.descriptionEdit()->setPlainText(QStringLiteral("a new description"));
        QVERIFY2(editor.save(), qPrintable(editor.errorText(fieldsWithErrors(editor).value(0))));
        QCOMPARE(editor.savedId(), before.id);
        const Workspace after = *engine().workspace(before.id);
        Workspace expected = before;
        expected.description = QStringLiteral("a new description");
        expected.updatedAt = after.updatedAt;
        QCOMPARE(after.resources, expected.resources);
        QCOMPARE(after, expected);

        // Saving without any change changes nothing either.
        WorkspaceEditor untouched(engine(), admin(), WorkspaceEditor::Mode::Edit, after);
        QVERIFY(untouched.save());
        Workspace same = *engine().workspace(before.id);
        same.updatedAt = after.updatedAt;
        QCOMPARE(same, after);
    }

    void renamingARunningVm()
    {
        const Workspace vm = must(engine().createWorkspace(admin(), smallVm(QStringLiteral("Busy VM"))));
        const auto launched = await(engine().launchWorkspace(admin(), vm.id));
        QVERIFY(launched && *launched);
        const Workspace running = *engine().workspace(vm.id);
        QCOMPARE(running.status, WorkspaceStatus::Running);

        WorkspaceEditor editor(engine(), admin(), WorkspaceEditor::Mode::Edit, running);
        QVERIFY(!editor.typeBox()->isEnabled());  // a provisioned domain keeps its type
        editor.nameEdit()->setText(QStringLiteral("Busy VM, renamed"));
        QVERIFY2(editor.save(), qPrintable(fieldsWithErrors(editor).join(u',') + u' ' + editor.errorText(QString())));
        const Workspace after = *engine().workspace(vm.id);
        QCOMPARE(after.name, QStringLiteral("Busy VM, renamed"));
        QCOMPARE(after.status, WorkspaceStatus::Running);
        QCOMPARE(after.resources, running.resources);

        QVERIFY(await(engine().stopWorkspace(admin(), vm.id))->has_value());
        QVERIFY(await(engine().deleteWorkspace(admin(), vm.id))->has_value());
    }

    void duplicateCopiesEverythingButTheIdentity()
    {
        const Workspace base = must(engine().createWorkspace(admin(), smallVm(QStringLiteral("Template"))));
        WorkspaceEditor editor(engine(), admin(), WorkspaceEditor::Mode::Duplicate, base);
        QCOMPARE(editor.nameEdit()->text(), QStringLiteral("Template (copy)"));
        QVERIFY(editor.save());
        QVERIFY(editor.savedId() != base.id);
        const Workspace copy = *engine().workspace(editor.savedId());
        QCOMPARE(copy.name, QStringLiteral("Template (copy)"));
        QCOMPARE(copy.type, base.type);
        QCOMPARE(copy.description, base.description);
        QCOMPARE(copy.connectionType, base.connectionType);
        QCOMPARE(copy.requiresNetbird, base.requiresNetbird);
        QCOMPARE(copy.resources, base.resources);
        QCOMPARE(copy.icon, base.icon);
        QCOMPARE(copy.hostUri, base.hostUri);
        QVERIFY(copy.domainName.isEmpty());
        QCOMPARE(*engine().workspace(base.id), base);  // the original is untouched
    }

    void aRefusalWithoutAFieldShowsAtTheTop()
    {
        // A user may not create a shared workspace: that is about no field.
        WorkspaceEditor editor(engine(), f->engine.user, WorkspaceEditor::Mode::Create);
        fillValidVm(editor);
        QVERIFY(!editor.save());
        QCOMPARE(fieldsWithErrors(editor), QStringList{QStringLiteral("(general)")});
        QVERIFY(!editor.errorText(QString()).isEmpty());
    }
};

ATRIUM_UI_TEST_MAIN(TestWorkspaceEditor)
#include "tst_workspaceeditor.moc"

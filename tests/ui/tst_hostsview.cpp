#include "common/labels.h"
#include "hosts/hostlistmodel.h"
#include "dialogs/hostcredentialsdialog.h"
#include "hosts/hostsview.h"
#include "screenshots.h"
#include "simulatedhost.h"
#include "testsupport.h"
#include "uitestmain.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QFile>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <functional>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::HostListModel;
using Atrium::Ui::HostsView;
using Atrium::Ui::Labels;

namespace {

/// A local file libvirt's test driver cannot read: it fails without traffic anywhere.
const QString kMissingHost = QStringLiteral("test:///nonexistent/x.xml");
/// A real (not simulated) libvirt host that answers nobody: a closed port on loopback.
const QString kUnreachable = QStringLiteral("qemu+tcp://127.0.0.1:1/system");

/// Leaves in @p f's store what a start that KVM failed on @p uri leaves, and starts Atrium again.
void rememberKvmFailure(EngineFixture &f, const QString &uri)
{
    ChangeSet failed;
    failed.hostSettings << HostSettings{uri, Virtualization::Auto,
                                        QStringLiteral("qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69"),
                                        QDateTime::currentDateTimeUtc(), true, {}, {}};
    QVERIFY(f.store->apply(failed));
    f.restart();
}

QString cell(const HostsView &view, const QString &uri, int column, int role = Qt::DisplayRole)
{
    const HostListModel *model = view.model();
    return model->index(model->rowOf(uri), column).data(role).toString();
}

HostState stateOf(const HostsView &view, const QString &uri)
{
    const HostListModel *model = view.model();
    return HostState(model->index(model->rowOf(uri), 0).data(HostListModel::StateRole).toInt());
}

/// Runs @p act on the next modal dialog once it shows (the click that opens it blocks in exec()).
void whenModal(std::function<void(QWidget *)> act)
{
    auto *poll = new QTimer;
    poll->setInterval(10);
    QObject::connect(poll, &QTimer::timeout, poll, [poll, act = std::move(act)] {
        QWidget *modal = QApplication::activeModalWidget();
        if (!modal)
            return;
        poll->stop();
        poll->deleteLater();
        act(modal);
    });
    poll->start();
}

void answer(QMessageBox::StandardButton button)
{
    whenModal([button](QWidget *modal) {
        auto *box = qobject_cast<QMessageBox *>(modal);
        QVERIFY(box);
        box->button(button)->click();
    });
}

}  // namespace

class TestHostsView final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void addingAMissingHostShowsItFailed()
    {
        EngineFixture f;
        HostsView view(*f.engine, f.admin);
        QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy errors(&view, &HostsView::errorOccurred);
        QCOMPARE(view.model()->rowCount(), 1);
        QVERIFY(view.addButton()->isEnabled());
        QVERIFY(!view.removeButton()->isEnabled());
        QVERIFY(!view.reconnectButton()->isEnabled());

        view.addHost(kMissingHost);
        QCOMPARE(errors.size(), 0);
        QCOMPARE(view.model()->rowCount(), 2);
        QCOMPARE(view.selectedUri(), kMissingHost);  // the new host is selected
        QTRY_COMPARE(stateOf(view, kMissingHost), HostState::Failed);
        const HostInfo info = view.model()->hostAt(view.model()->rowOf(kMissingHost));
        QVERIFY(!info.lastError.isEmpty());
        QCOMPARE(view.model()->index(1, HostListModel::LastError).data().toString(), info.lastError);
        QVERIFY(view.removeButton()->isEnabled());
        QTRY_VERIFY(view.reconnectButton()->isEnabled());

        // Reconnect asks again at once: the host goes through another attempt.
        QSignalSpy hostChanged(f.hosts.get(), &HostRegistry::hostChanged);
        QTest::mouseClick(view.reconnectButton(), Qt::LeftButton);
        QTRY_VERIFY(!hostChanged.isEmpty());
        QTRY_COMPARE(stateOf(view, kMissingHost), HostState::Failed);
        QCOMPARE(errors.size(), 0);
    }

    void addRefusalsAreReported()
    {
        EngineFixture f;
        HostsView view(*f.engine, f.admin);
        QSignalSpy errors(&view, &HostsView::errorOccurred);
        view.addHost(QStringLiteral("not a uri"));
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.last().first().toString().contains(QStringLiteral("not a libvirt URI")),
                 qPrintable(errors.last().first().toString()));
        view.addHost(QStringLiteral("test:///default"));
        QCOMPARE(errors.size(), 2);
        QVERIFY(errors.last().first().toString().contains(QStringLiteral("already")));
        QCOMPARE(view.model()->rowCount(), 1);

        HostsView asUser(*f.engine, f.user);
        QSignalSpy userErrors(&asUser, &HostsView::errorOccurred);
        QVERIFY(!asUser.addButton()->isEnabled());
        asUser.selectHost(QStringLiteral("test:///default"));
        QVERIFY(!asUser.removeButton()->isEnabled());
        asUser.addHost(kMissingHost);
        QCOMPARE(userErrors.size(), 1);
        QVERIFY(userErrors.first().first().toString().contains(QStringLiteral("Admin access required")));
        QCOMPARE(asUser.model()->rowCount(), 1);
    }

    void addThroughTheDialog()
    {
        EngineFixture f;
        HostsView view(*f.engine, f.admin);
        QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QString placeholder;
        whenModal([&placeholder](QWidget *modal) {
            auto *dialog = qobject_cast<QInputDialog *>(modal);
            QVERIFY(dialog);
            if (auto *edit = dialog->findChild<QLineEdit *>())
                placeholder = edit->placeholderText();
            dialog->setTextValue(QStringLiteral("  ") + kMissingHost + QStringLiteral(" "));
            dialog->accept();
        });
        QTest::mouseClick(view.addButton(), Qt::LeftButton);
        QCOMPARE(placeholder, QStringLiteral("qemu+ssh://root@host/system"));
        QCOMPARE(view.model()->rowCount(), 2);
        QVERIFY(view.model()->rowOf(kMissingHost) >= 0);
        QVERIFY(f.engine->removeHost(f.admin, kMissingHost));
    }

    void removeAsksAndIsRefusedWhileDomainsLive()
    {
        EngineFixture f;
        HostsView view(*f.engine, f.admin);
        QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy errors(&view, &HostsView::errorOccurred);
        const QString simulator = QStringLiteral("test:///default");
        const QString vm = must(f.engine->createWorkspace(f.admin, smallVm())).id;
        QVERIFY(await(f.engine->launchWorkspace(f.admin, vm))->has_value());

        view.selectHost(simulator);
        QVERIFY(view.removeButton()->isEnabled());
        answer(QMessageBox::Yes);
        QTest::mouseClick(view.removeButton(), Qt::LeftButton);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.first().first().toString().contains(QStringLiteral("delete them first")),
                 qPrintable(errors.first().first().toString()));
        QCOMPARE(view.model()->rowOf(simulator), 0);
        QVERIFY(await(f.engine->deleteWorkspace(f.admin, vm))->has_value());

        // Cancel keeps the host; Yes removes it.
        view.addHost(kMissingHost);
        answer(QMessageBox::Cancel);
        QTest::mouseClick(view.removeButton(), Qt::LeftButton);
        QCOMPARE(view.model()->rowCount(), 2);
        answer(QMessageBox::Yes);
        QTest::mouseClick(view.removeButton(), Qt::LeftButton);
        QCOMPARE(view.model()->rowCount(), 1);
        QCOMPARE(view.model()->rowOf(kMissingHost), -1);
        QCOMPARE(errors.size(), 1);
        QVERIFY(!view.removeButton()->isEnabled());
    }

    void virtualizationIsChosenHereAndAKvmFailureIsShown()
    {
        EngineFixture f({QStringLiteral("test:///default"), kUnreachable});
        rememberKvmFailure(f, kUnreachable);
        HostsView view(*f.engine, f.admin);
        QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy errors(&view, &HostsView::errorOccurred);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        // The failure is told in the table, its tooltip and a note under it.
        QCOMPARE(cell(view, kUnreachable, HostListModel::VirtualizationColumn), Labels::virtualization(f.hosts->host(kUnreachable)->info()));
        QCOMPARE(cell(view, kUnreachable, HostListModel::VirtualizationColumn), QStringLiteral("KVM unusable here: emulating"));
        QVERIFY(cell(view, kUnreachable, HostListModel::VirtualizationColumn, Qt::ToolTipRole).contains(QStringLiteral("failed to set MSR")));
        QVERIFY(view.kvmNote()->isVisible());
        QVERIFY(view.kvmNote()->text().contains(kUnreachable));
        QVERIFY(view.kvmNote()->text().contains(QStringLiteral("failed to set MSR 0x10a to 0x69")));

        // The simulator has nothing to choose; a real host does.
        view.selectHost(QStringLiteral("test:///default"));
        QVERIFY(!view.virtualizationBox()->isEnabled());
        view.selectHost(kUnreachable);
        QVERIFY(view.virtualizationBox()->isEnabled());
        QCOMPARE(Virtualization(view.virtualizationBox()->currentData().toInt()), Virtualization::Auto);

        // Choosing emulation goes through the engine: remembered, and the failure is forgotten.
        const int emulation = view.virtualizationBox()->findData(int(Virtualization::Emulation));
        view.virtualizationBox()->setCurrentIndex(emulation);
        Q_EMIT view.virtualizationBox()->activated(emulation);
        QCOMPARE(errors.size(), 0);
        QCOMPARE(f.hosts->host(kUnreachable)->info().virtualization, Virtualization::Emulation);
        QVERIFY(!f.hosts->host(kUnreachable)->info().kvmUnusable());
        QCOMPARE(f.engine->rememberedSettings(kUnreachable)->virtualization, Virtualization::Emulation);
        QTRY_COMPARE(cell(view, kUnreachable, HostListModel::VirtualizationColumn), QStringLiteral("Emulation (set by an admin)"));
        QVERIFY(!view.kvmNote()->isVisible());

        // A user sees the setting but cannot change it.
        HostsView asUser(*f.engine, f.user);
        asUser.selectHost(kUnreachable);
        QVERIFY(!asUser.virtualizationBox()->isEnabled());
        QCOMPARE(Virtualization(asUser.virtualizationBox()->currentData().toInt()), Virtualization::Emulation);
    }

    void anAdminNamesAHostAndChoosesWhetherItsFoundDomainsShow()
    {
        EngineFixture f({QStringLiteral("test:///default"), kUnreachable}, {}, QString(kNoTunnelInterface), HostOptions{});
        HostsView view(*f.engine, f.admin);
        QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy errors(&view, &HostsView::errorOccurred);
        // Unnamed: the name comes from the URI, the URI is the tooltip.
        QCOMPARE(cell(view, kUnreachable, HostListModel::Name), QStringLiteral("127.0.0.1:1"));
        QCOMPARE(cell(view, kUnreachable, HostListModel::Name, Qt::ToolTipRole), kUnreachable);
        QCOMPARE(cell(view, QStringLiteral("test:///default"), HostListModel::Name), QStringLiteral("simulator"));
        QVERIFY(!view.renameButton()->isEnabled());

        view.selectHost(kUnreachable);
        QVERIFY(view.renameButton()->isEnabled());
        QString placeholder;
        whenModal([&placeholder](QWidget *modal) {
            auto *dialog = qobject_cast<QInputDialog *>(modal);
            QVERIFY(dialog);
            if (auto *edit = dialog->findChild<QLineEdit *>())
                placeholder = edit->placeholderText();
            dialog->setTextValue(QStringLiteral(" hv1 "));
            dialog->accept();
        });
        QTest::mouseClick(view.renameButton(), Qt::LeftButton);
        QCOMPARE(placeholder, QStringLiteral("127.0.0.1:1"));
        QCOMPARE(errors.size(), 0);
        QTRY_COMPARE(cell(view, kUnreachable, HostListModel::Name), QStringLiteral("hv1"));
        QCOMPARE(f.engine->rememberedSettings(kUnreachable)->displayName, QStringLiteral("hv1"));
        view.renameHost(kUnreachable, QStringLiteral("bad\tname"));
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.last().first().toString().contains(QStringLiteral("control characters")),
                 qPrintable(errors.last().first().toString()));

        // The found-domains box follows the selected host and goes through the engine.
        QVERIFY(view.foundDomainsBox()->isEnabled());
        QVERIFY(view.foundDomainsBox()->isChecked());
        QTest::mouseClick(view.foundDomainsBox(), Qt::LeftButton);
        QVERIFY(!view.foundDomainsBox()->isChecked());
        QCOMPARE(f.engine->rememberedSettings(kUnreachable)->showForeignDomains, false);
        QTRY_COMPARE(cell(view, kUnreachable, HostListModel::FoundDomains), QStringLiteral("Hidden"));
        view.selectHost(QStringLiteral("test:///default"));
        QVERIFY(view.foundDomainsBox()->isChecked());
        QCOMPARE(errors.size(), 1);

        // A user sees both but changes neither.
        HostsView asUser(*f.engine, f.user);
        asUser.selectHost(kUnreachable);
        QVERIFY(!asUser.renameButton()->isEnabled());
        QVERIFY(!asUser.foundDomainsBox()->isEnabled());
        QVERIFY(!asUser.foundDomainsBox()->isChecked());
    }

    void aHostThatAsksForCredentialsGetsTheSignInDialog()
    {
        EngineFixture f;
        QTemporaryDir dir;
        const QString uri = writeAuthHost(dir, QStringLiteral("operator"), QStringLiteral("op3n-sesame"));
        HostsView view(*f.engine, f.admin);
        view.resize(1100, 300);
        view.show();

        // Adding it: the host asks, and the dialog opens by itself with the host's questions.
        QString note;
        bool rememberEnabled = true;
        QStringList labels;
        whenModal([&](QWidget *modal) {
            auto *dialog = qobject_cast<Ui::HostCredentialsDialog *>(modal);
            QVERIFY(dialog);
            QVERIFY(dialog->field(CredentialKind::Username));
            QVERIFY(dialog->field(CredentialKind::Password));
            QVERIFY(!dialog->field(CredentialKind::KeyPassphrase));
            QCOMPARE(dialog->field(CredentialKind::Password)->echoMode(), QLineEdit::Password);
            QVERIFY2(dialog->field(CredentialKind::Username)->toolTip().contains(u"username"),
                     qPrintable(dialog->field(CredentialKind::Username)->toolTip()));
            rememberEnabled = dialog->rememberBox()->isEnabled();
            note = dialog->keychainNote()->isVisible() ? dialog->keychainNote()->text() : QString();
            dialog->field(CredentialKind::Username)->setText(QStringLiteral("operator"));
            dialog->field(CredentialKind::Password)->setText(QStringLiteral("wrong"));
            QVERIFY(saveScreenshot(*dialog, QStringLiteral("host-credentials-dialog")));
            dialog->accept();
        });
        view.addHost(uri);
        QTRY_COMPARE(stateOf(view, uri), HostState::Connecting);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(view, uri), HostState::NeedsCredentials, 10000);
        // This engine uses no keychain: nothing can be remembered, and the dialog says so.
        QVERIFY(!rememberEnabled);
        QVERIFY2(note.contains(u"No system keychain"), qPrintable(note));
        // The wrong password was refused; the row says it and "Sign in…" asks again.
        QTRY_VERIFY(view.model()->hostAt(view.model()->rowOf(uri)).credentialsRefused);
        QCOMPARE(view.selectedUri(), uri);
        QVERIFY(view.signInButton()->isEnabled());
        QVERIFY(view.reconnectButton()->isEnabled());
        QCOMPARE(view.model()->index(view.model()->rowOf(uri), HostListModel::State).data().toString(),
                 Labels::hostState(HostState::NeedsCredentials));
        whenModal([&](QWidget *modal) {
            auto *dialog = qobject_cast<Ui::HostCredentialsDialog *>(modal);
            QVERIFY(dialog);
            dialog->field(CredentialKind::Username)->setText(QStringLiteral("operator"));
            dialog->field(CredentialKind::Password)->setText(QStringLiteral("op3n-sesame"));
            dialog->accept();
        });
        QTest::mouseClick(view.signInButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(view, uri), HostState::Connected, 10000);
        QVERIFY(!view.signInButton()->isEnabled());

        // A user sees the state but cannot sign in.
        QVERIFY(f.engine->removeHost(f.admin, uri));
        HostsView asUser(*f.engine, f.user);
        QVERIFY(!asUser.signInButton()->isEnabled());
    }

    void theDialogWaitsForEveryAnswerAndOffersTheKeychainWhenThereIsOne()
    {
        HostInfo host;
        host.uri = QStringLiteral("qemu+ssh://root@hv1/system?keyfile=/root/.ssh/id_ed25519");
        host.displayName = QStringLiteral("hv1");
        host.state = HostState::NeedsCredentials;
        host.credentialsNeeded = {CredentialRequest{CredentialKind::KeyPassphrase,
                                                    QStringLiteral("Enter passphrase for key '/root/.ssh/id_ed25519':")}};
        Ui::HostCredentialsDialog dialog(host, std::nullopt);
        auto *signIn = dialog.findChild<QDialogButtonBox *>()->buttons().first();
        for (QAbstractButton *b : dialog.findChild<QDialogButtonBox *>()->buttons()) {
            if (dialog.findChild<QDialogButtonBox *>()->buttonRole(b) == QDialogButtonBox::AcceptRole)
                signIn = b;
        }
        QVERIFY(!signIn->isEnabled());
        dialog.field(CredentialKind::KeyPassphrase)->setText(QStringLiteral("phrase"));
        QVERIFY(signIn->isEnabled());
        // Availability not known yet: the box is offered; once known absent, it goes.
        QVERIFY(dialog.rememberBox()->isEnabled());
        dialog.rememberBox()->setChecked(true);
        QVERIFY(dialog.rememberInKeychain());
        dialog.setKeychainAvailable(false);
        QVERIFY(!dialog.rememberInKeychain());
        dialog.setKeychainAvailable(true);
        QVERIFY(dialog.rememberBox()->isEnabled());
        QCOMPARE(dialog.credentials(), (HostCredentials{{}, {}, QStringLiteral("phrase")}));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(saveScreenshot(dialog, QStringLiteral("host-credentials-passphrase")));
    }

    void screenshot()
    {
        EngineFixture f;
        QTemporaryDir dir;
        const QString nodeXml = dir.filePath(QStringLiteral("lab.xml"));
        QFile file(nodeXml);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("<node><cpu><mhz>2400</mhz><model>x86_64</model><active>8</active><nodes>1</nodes>"
                   "<sockets>1</sockets><cores>4</cores><threads>2</threads></cpu>"
                   "<memory>16357376</memory></node>\n");
        file.close();
        const QString labUri = QStringLiteral("test://") + nodeXml;

        rememberKvmFailure(f, kUnreachable);
        HostsView view(*f.engine, f.admin);
        view.addHost(labUri);
        view.addHost(kMissingHost);
        view.addHost(kUnreachable);
        QTRY_COMPARE(stateOf(view, labUri), HostState::Connected);
        QTRY_COMPARE(stateOf(view, kMissingHost), HostState::Failed);
        QVERIFY(f.engine->setHostDisplayName(f.admin, labUri, QStringLiteral("lab")));
        QVERIFY(f.engine->setHostDisplayName(f.admin, kUnreachable, QStringLiteral("hv1")));
        view.selectHost(kUnreachable);
        view.resize(1300, 320);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTest::qWait(50);
        QVERIFY(saveScreenshot(view, QStringLiteral("hostsview")));
    }
};

ATRIUM_UI_TEST_MAIN(TestHostsView)
#include "tst_hostsview.moc"

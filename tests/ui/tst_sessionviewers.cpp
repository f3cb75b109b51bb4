// Viewer windows follow sessions (the Sessions API): closing one disconnects its
// session; stopping or deleting the workspace closes it. On libvirt's simulator,
// which has no consoles: the VNC picture itself is tested against real QEMU
// (tests/integration/tst_vncviewer.cpp).

#include "testsupport.h"
#include "uitestmain.h"
#include "viewer/sessionviewers.h"
#include "viewer/vncviewerwindow.h"

#include <QAction>
#include <QPointer>
#include <QSignalSpy>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::SessionViewers;
using Atrium::Ui::VncViewerWindow;

namespace {

SessionStatus statusOf(const EngineFixture &f, const QString &sessionId)
{
    return must(f.store->session(sessionId)).value().status;
}

}  // namespace

class TestSessionViewers final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aLaunchedVmGetsOneConsoleWindow()
    {
        EngineFixture f;
        SessionViewers viewers(*f.engine, f.admin);
        const QString id = must(f.engine->createWorkspace(f.admin, smallVm())).id;
        const Session first = launchOrDie(f, id);
        QSignalSpy opened(&viewers, &SessionViewers::viewerOpened);
        viewers.open(first);
        QCOMPARE(opened.size(), 1);
        auto *window = qobject_cast<VncViewerWindow *>(viewers.viewer(id));
        QVERIFY(window);
        QVERIFY(window->isVisible());
        QCOMPARE(window->workspaceId(), id);
        QCOMPARE(viewers.sessionId(id), first.id);

        // One viewer per workspace: a second session replaces the first, which ends.
        const Session second = launchOrDie(f, id);
        viewers.open(second);
        QCOMPARE(opened.size(), 1);
        QCOMPARE(viewers.count(), 1);
        QCOMPARE(viewers.viewer(id), window);
        QCOMPARE(viewers.sessionId(id), second.id);
        QCOMPARE(statusOf(f, first.id), SessionStatus::Disconnected);
        QCOMPARE(statusOf(f, second.id), SessionStatus::Active);
        QVERIFY(viewers.raise(id));
        QVERIFY(!viewers.raise(QStringLiteral("no-such-workspace")));
    }

    void aHostWithoutConsolesSaysSo()
    {
        EngineFixture f;
        SessionViewers viewers(*f.engine, f.admin);
        const QString id = must(f.engine->createWorkspace(f.admin, smallVm())).id;
        viewers.open(launchOrDie(f, id));
        auto *window = qobject_cast<VncViewerWindow *>(viewers.viewer(id));
        QVERIFY(window);
        // The simulator runs no guest: the reason is shown, nothing pretends.
        QTRY_COMPARE(window->status(), VncViewerWindow::Status::Disconnected);
        QVERIFY2(window->statusText().startsWith(QStringLiteral("Disconnected: ")), qPrintable(window->statusText()));
        QVERIFY2(window->statusText().contains(QStringLiteral("simulator")), qPrintable(window->statusText()));
        QVERIFY(!window->ctrlAltDelAction()->isEnabled());
        QVERIFY(window->reconnectAction()->isEnabled());
        QCOMPARE(window->connectionCount(), 0);
        QVERIFY(!window->saveScreenshot(f.dir.filePath(QStringLiteral("nothing.png"))));
    }

    void openGraphicsRefusesWhatHasNoConsole()
    {
        EngineFixture f;
        const QString vm = must(f.engine->createWorkspace(f.admin, smallVm())).id;
        auto notRunning = await(f.engine->openGraphics(f.admin, vm));
        QVERIFY(notRunning && !*notRunning);
        QCOMPARE(notRunning->error().code, ErrorCode::Conflict);
        const QString endpoint = must(f.engine->createWorkspace(f.admin, loopbackEndpoint())).id;
        auto remote = await(f.engine->openGraphics(f.admin, endpoint));
        QVERIFY(remote && !*remote);
        QCOMPARE(remote->error().code, ErrorCode::Conflict);
        auto missing = await(f.engine->openGraphics(f.admin, QStringLiteral("nope")));
        QVERIFY(missing && !*missing);
        QCOMPARE(missing->error().code, ErrorCode::WorkspaceNotFound);
        // Someone else's workspace is not found either.
        WorkspacePatch own = smallVm(QStringLiteral("Admin's own"));
        own.ownerId = f.admin.identity.id;
        const QString adminsOwn = must(f.engine->createWorkspace(f.admin, own)).id;
        auto foreign = await(f.engine->openGraphics(f.user, adminsOwn));
        QVERIFY(foreign && !*foreign);
        QCOMPARE(foreign->error().code, ErrorCode::WorkspaceNotFound);
    }

    void closingTheViewerDisconnectsTheSession()
    {
        EngineFixture f;
        SessionViewers viewers(*f.engine, f.admin);
        const QString id = must(f.engine->createWorkspace(f.admin, smallVm())).id;
        const Session session = launchOrDie(f, id);
        viewers.open(session);
        QPointer<QWidget> window = viewers.viewer(id);
        QSignalSpy closed(&viewers, &SessionViewers::viewerClosed);
        QVERIFY(window->close());
        QCOMPARE(closed.size(), 1);
        QCOMPARE(viewers.count(), 0);
        QTRY_VERIFY(window.isNull());  // deleted on close
        QCOMPARE(statusOf(f, session.id), SessionStatus::Disconnected);
        // The person left; the VM runs on (the Sessions API: disconnect is not stop).
        QCOMPARE(f.engine->workspace(id)->status, WorkspaceStatus::Running);
        QCOMPARE(f.engine->audit({})->first().action, QStringLiteral("disconnect_session"));
    }

    void stoppingTheWorkspaceClosesItsViewer()
    {
        EngineFixture f;
        SessionViewers viewers(*f.engine, f.admin);
        const QString id = must(f.engine->createWorkspace(f.admin, smallVm())).id;
        const Session session = launchOrDie(f, id);
        viewers.open(session);
        QPointer<QWidget> window = viewers.viewer(id);
        QVERIFY(await(f.engine->stopWorkspace(f.admin, id))->has_value());
        QCOMPARE(viewers.count(), 0);
        QTRY_VERIFY(window.isNull());
        // Ended by the stop, not by someone leaving.
        QCOMPARE(statusOf(f, session.id), SessionStatus::Terminated);
    }

    void deletingTheWorkspaceClosesItsViewer()
    {
        EngineFixture f;
        SessionViewers viewers(*f.engine, f.admin);
        const QString id = must(f.engine->createWorkspace(f.admin, smallVm())).id;
        viewers.open(launchOrDie(f, id));
        QPointer<QWidget> window = viewers.viewer(id);
        QVERIFY(await(f.engine->deleteWorkspace(f.admin, id))->has_value());
        QCOMPARE(viewers.count(), 0);
        QTRY_VERIFY(window.isNull());
    }

    void aSessionDisconnectedElsewhereClosesItsViewer()
    {
        EngineFixture f;
        SessionViewers viewers(*f.engine, f.admin);
        const QString id = must(f.engine->createWorkspace(f.admin, smallVm())).id;
        const Session session = launchOrDie(f, id);
        viewers.open(session);
        QPointer<QWidget> window = viewers.viewer(id);
        // As POST /api/sessions/{id}/disconnect does.
        QVERIFY(f.engine->disconnectSession(f.admin, session.id));
        QCOMPARE(viewers.count(), 0);
        QTRY_VERIFY(window.isNull());
    }

    void aDomainThatStopsOnItsOwnKeepsItsViewerWhichResumes()
    {
        EngineFixture f;
        SessionViewers viewers(*f.engine, f.admin);
        const QString id = must(f.engine->createWorkspace(f.admin, smallVm())).id;
        const Session session = launchOrDie(f, id);
        viewers.open(session);
        auto *window = qobject_cast<VncViewerWindow *>(viewers.viewer(id));

        // Someone runs `virsh destroy`: the session ends with the domain, the window stays.
        const QString domain = f.engine->workspace(id)->domainName;
        QVERIFY(await(f.hosts->defaultHost()->destroy(domain))->has_value());
        QTRY_COMPARE(f.engine->workspace(id)->status, WorkspaceStatus::Available);
        QCOMPARE(statusOf(f, session.id), SessionStatus::Terminated);
        QCOMPARE(viewers.viewer(id), window);
        QCOMPARE(viewers.sessionId(id), QString());
        QVERIFY2(window->statusText().contains(QStringLiteral("waiting for")), qPrintable(window->statusText()));

        // It runs again: the person watching gets a new session.
        QVERIFY(await(f.engine->startWorkspace(f.admin, id))->has_value());
        QTRY_VERIFY(!viewers.sessionId(id).isEmpty());
        const QString resumed = viewers.sessionId(id);
        QVERIFY(resumed != session.id);
        QTRY_COMPARE(f.engine->workspace(id)->status, WorkspaceStatus::Running);
        QCOMPARE(statusOf(f, resumed), SessionStatus::Active);
        QCOMPARE(f.engine->activeSessions().size(), 1);

        // And closing it disconnects that one.
        QVERIFY(window->close());
        QCOMPARE(statusOf(f, resumed), SessionStatus::Disconnected);
    }
};

ATRIUM_UI_TEST_MAIN(TestSessionViewers)
#include "tst_sessionviewers.moc"

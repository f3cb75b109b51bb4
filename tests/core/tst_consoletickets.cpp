// ConsoleTickets: the one-time tickets and page keys a browser console runs on.

#include "engine/consoletickets.h"
#include "testmain.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Atrium;

class TestConsoleTickets : public QObject {
    Q_OBJECT

    QDateTime m_now = QDateTime(QDate(2026, 3, 5), QTime(14, 30), Qt::UTC);
    ConsoleTickets tickets() { return ConsoleTickets([this] { return m_now; }); }
    const ConsoleTickets::Holder uma{QStringLiteral("s-1"), QStringLiteral("uma")};

private Q_SLOTS:
    void aTicketIs256RandomBitsAndOpensOnce()
    {
        ConsoleTickets t = tickets();
        QSet<QString> seen;
        for (int i = 0; i < 200; ++i) {
            const auto issued = t.issueTicket({QStringLiteral("s-%1").arg(i), QStringLiteral("uma")});
            QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]{43}$")).match(issued.secret).hasMatch());
            QCOMPARE(issued.expiresAt, m_now.addSecs(60));
            seen.insert(issued.secret);
        }
        QCOMPARE(seen.size(), 200);

        const auto issued = t.issueTicket(uma);
        QCOMPARE(issued.sessionId, uma.sessionId);
        QCOMPARE(t.spendTicket(issued.secret).value(), uma);
        const auto again = t.spendTicket(issued.secret);
        QVERIFY(!again);
        QCOMPARE(again.error().why, ConsoleTickets::Refusal::Spent);
        QCOMPARE(again.error().holder, uma);  // who it was for is known, for the audit
        QCOMPARE(t.spendTicket(QStringLiteral("not-a-ticket")).error().why, ConsoleTickets::Refusal::Unknown);
        QCOMPARE(t.spendTicket(QString()).error().why, ConsoleTickets::Refusal::Unknown);
    }

    void anUnusedTicketExpiresAfter60Seconds()
    {
        ConsoleTickets t = tickets();
        const auto onTime = t.issueTicket(uma);
        const auto late = t.issueTicket(uma);
        QCOMPARE(t.outstandingTickets(), 2);
        m_now = m_now.addMSecs(60000);
        QVERIFY(t.spendTicket(onTime.secret));  // at 60 s exactly: still good
        m_now = m_now.addMSecs(1);
        QCOMPARE(t.spendTicket(late.secret).error().why, ConsoleTickets::Refusal::Expired);
        QCOMPARE(t.outstandingTickets(), 0);
        // Long after, it is forgotten altogether.
        m_now = m_now.addSecs(3600);
        t.issueTicket(uma);  // sweeps
        QCOMPARE(t.spendTicket(late.secret).error().why, ConsoleTickets::Refusal::Unknown);
    }

    void everythingOfASessionDiesWithIt()
    {
        ConsoleTickets t = tickets();
        const auto ticket = t.issueTicket(uma);
        const auto key = t.issuePageKey(uma, QStringLiteral("ws-1"));
        const auto others = t.issueTicket({QStringLiteral("s-2"), QStringLiteral("otto")});
        t.forgetSession(uma.sessionId);
        QCOMPARE(t.spendTicket(ticket.secret).error().why, ConsoleTickets::Refusal::Unknown);
        QVERIFY(!t.pageKey(key.secret));
        QVERIFY(!t.claimSocket(key.secret));
        QVERIFY(t.spendTicket(others.secret));
    }

    void aPageKeyAdmitsOneWebSocketAtATime()
    {
        ConsoleTickets t = tickets();
        const auto key = t.issuePageKey(uma, QStringLiteral("ws-1"));
        QVERIFY(key.expiresAt.isNull());
        QCOMPARE(t.pageKey(key.secret)->holder, uma);
        QCOMPARE(t.pageKey(key.secret)->pageSessionId, uma.sessionId);
        QCOMPARE(t.pageKey(key.secret)->workspaceId, QStringLiteral("ws-1"));
        QCOMPARE(t.claimSocket(key.secret)->holder, uma);
        QCOMPARE(t.claimSocket(key.secret).error().why, ConsoleTickets::Refusal::SocketOpen);
        QVERIFY(t.pageKey(key.secret));  // its files still load
        t.releaseSocket(key.secret);
        QVERIFY(t.claimSocket(key.secret));  // a reconnect of the same page
        QCOMPARE(t.claimSocket(QStringLiteral("guess")).error().why, ConsoleTickets::Refusal::Unknown);
    }

    void aPageWaitsForAVmThatStoppedOnItsOwnThenGoesOnOnANewSession()
    {
        ConsoleTickets t = tickets();
        const auto ticket = t.issueTicket(uma);
        const auto key = t.issuePageKey(uma, QStringLiteral("ws-1"));
        QVERIFY(t.claimSocket(key.secret));
        t.orphanSession(uma.sessionId);
        QCOMPARE(t.spendTicket(ticket.secret).error().why, ConsoleTickets::Refusal::Unknown);  // tickets die
        const auto orphan = t.claimSocket(key.secret);  // the open socket went with the session
        QVERIFY(orphan && orphan->orphaned);
        QCOMPARE(orphan->workspaceId, QStringLiteral("ws-1"));
        QCOMPARE(t.claimSocket(key.secret).error().why, ConsoleTickets::Refusal::SocketOpen);  // one try at a time
        t.releaseSocket(key.secret);
        t.resume(key.secret, QStringLiteral("s-2"));
        const auto resumed = t.pageKey(key.secret);
        QVERIFY(resumed && !resumed->orphaned);
        QCOMPARE(resumed->holder.sessionId, QStringLiteral("s-2"));
        QCOMPARE(resumed->pageSessionId, uma.sessionId);  // the page's own address is unchanged
        // Its next ending is an ordinary one.
        t.forgetSession(QStringLiteral("s-2"));
        QVERIFY(!t.pageKey(key.secret));

        // Nobody came back within 10 minutes: it is gone.
        const auto waiting = t.issuePageKey({QStringLiteral("s-3"), QStringLiteral("uma")}, QStringLiteral("ws-1"));
        t.orphanSession(QStringLiteral("s-3"));
        t.forgetSession(QStringLiteral("s-3"));  // an orphan is not forgotten with its old session
        QVERIFY(t.pageKey(waiting.secret));
        m_now = m_now.addSecs(601);
        t.issueTicket(uma);  // sweeps
        QVERIFY(!t.claimSocket(waiting.secret));
    }

    void aSessionHasAtMost32OutstandingTicketsTheOldestGoFirst()
    {
        ConsoleTickets t = tickets();
        QStringList secrets;
        for (int i = 0; i < ConsoleTickets::kPerSession + 8; ++i) {
            secrets << t.issueTicket(uma).secret;
            m_now = m_now.addMSecs(10);
        }
        for (int i = 0; i < 8; ++i)
            QCOMPARE(t.spendTicket(secrets.at(i)).error().why, ConsoleTickets::Refusal::Unknown);
        for (int i = 8; i < secrets.size(); ++i)
            QVERIFY(t.spendTicket(secrets.at(i)));
    }

    void onlyHashesAreKept()
    {
        QCOMPARE(ConsoleTickets::hashOf(QStringLiteral("abc")).size(), 32);
        QVERIFY(ConsoleTickets::hashOf(QStringLiteral("abc")) != ConsoleTickets::hashOf(QStringLiteral("abd")));
    }
};

ATRIUM_TEST_MAIN(TestConsoleTickets)
#include "tst_consoletickets.moc"

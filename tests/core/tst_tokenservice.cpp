#include "auth/tokenservice.h"
#include "store/store.h"
#include "testmain.h"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Atrium;

class TestTokenService : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void issuesAndAuthenticates()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("atrium.db")));
        TokenService tokens(**store);
        const auto issued = tokens.issue(QStringLiteral("Ada"), QStringLiteral("ada@example.test"), Role::Admin,
                                         Scope::all(), {}, QString());
        QVERIFY2(issued, qPrintable(issued ? QString() : issued.error().message));
        QVERIFY(issued->secret.startsWith(QStringLiteral("atr_")));
        QVERIFY(issued->secret.size() >= 4 + 43);  // 256 bits in base64url
        QVERIFY(issued->token.id.startsWith(QStringLiteral("tok_")));

        const auto actor = tokens.authenticate(issued->secret);
        QVERIFY(actor);
        QCOMPARE(actor->identity.email, QStringLiteral("ada@example.test"));
        QVERIFY(actor->isAdmin());
        QVERIFY(actor->hasScope(Scope::WorkspacesWrite));
        QVERIFY(tokens.authenticate(issued->secret));  // cached path

        QVERIFY(tokens.authenticateClient(issued->token.id, issued->secret));
        QCOMPARE(tokens.authenticateClient(QStringLiteral("tok_other"), issued->secret).error().code, ErrorCode::Unauthenticated);

        const QStringList attempts{QString(), QStringLiteral("atr_nope"), QStringLiteral("Bearer x"),
                                  issued->secret + QStringLiteral("x"), QString(5000, u'a')};
        for (const QString &bad : attempts) {
            const auto refused = tokens.authenticate(bad);
            QVERIFY(!refused);
            QCOMPARE(refused.error().code, ErrorCode::Unauthenticated);
            QCOMPARE(refused.error().httpStatus(), 401);
        }
    }

    void theSecretIsNeverStored()
    {
        QTemporaryDir dir;
        QString secret;
        {
            auto store = Store::open(dir.filePath(QStringLiteral("atrium.db")));
            TokenService tokens(**store);
            secret = tokens.issue(QStringLiteral("Ada"), QStringLiteral("ada@example.test"), Role::Admin, Scope::all(), {}, {})->secret;
            QCOMPARE((*store)->tokens()->first().secretHash, TokenService::hashSecret(secret));
        }
        // Not in the database, its WAL or anything else the store wrote.
        const QByteArray needle = secret.toUtf8();
        QDirIterator it(dir.path(), QDir::Files);
        int files = 0;
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(needle), qPrintable(file.fileName()));
            ++files;
        }
        QVERIFY(files >= 1);
    }

    void revokedAndExpiredTokensStopWorking()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("atrium.db"));
        auto store = Store::open(path);
        QDateTime now = QDateTime::currentDateTimeUtc();
        TokenService tokens(**store, [&now] { return now; });
        const auto shortLived = tokens.issue(QStringLiteral("Bo"), QStringLiteral("bo@example.test"), Role::User,
                                             {QString(Scope::WorkspacesRead)}, now.addSecs(60), QStringLiteral("ci"));
        QVERIFY(shortLived);
        const auto actor = tokens.authenticate(shortLived->secret);
        QVERIFY(actor);
        QVERIFY(!actor->isAdmin());
        QVERIFY(actor->hasScope(Scope::WorkspacesRead));
        QVERIFY(!actor->hasScope(Scope::WorkspacesWrite));
        now = now.addSecs(61);
        QVERIFY(!tokens.authenticate(shortLived->secret));

        // Revoked by another process (`atrium token revoke`) while this one caches it.
        const auto longLived = tokens.issue(QStringLiteral("Bo"), QStringLiteral("bo@example.test"), Role::User, Scope::all(), {}, {});
        QVERIFY(tokens.authenticate(longLived->secret));
        {
            auto other = Store::open(path);
            TokenService cli(**other);
            QVERIFY(cli.revoke(longLived->token.id));
        }
        QTest::qWait(300);  // the other process's write is noticed within 250 ms
        QVERIFY(!tokens.authenticate(longLived->secret));
        QCOMPARE(tokens.revoke(QStringLiteral("tok_missing")).error().code, ErrorCode::TokenNotFound);
    }

    void refusesBadInput()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("atrium.db")));
        TokenService tokens(**store);
        QCOMPARE(tokens.issue(QStringLiteral("A"), QStringLiteral("not-an-email"), Role::User, {}, {}, {}).error().field,
                 QStringLiteral("email"));
        QCOMPARE(tokens.issue(QStringLiteral("A"), QStringLiteral("a@b.test"), Role::User, {QStringLiteral("root")}, {}, {}).error().field,
                 QStringLiteral("scopes"));
        QCOMPARE(tokens.issue(QString(), QStringLiteral("a@b.test"), Role::User, {}, {}, {}).error().field, QStringLiteral("name"));
        QCOMPARE(tokens.issue(QStringLiteral("A"), QStringLiteral("a@b.test"), Role::User, {},
                              QDateTime::currentDateTimeUtc().addSecs(-5), {}).error().field,
                 QStringLiteral("expires"));
        QCOMPARE((*store)->tokens()->size(), 0);
    }

    void oneIdentityPerEmail()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("atrium.db")));
        TokenService tokens(**store);
        const auto a = tokens.issue(QStringLiteral("Ann"), QStringLiteral("ann@example.test"), Role::User, Scope::all(), {}, {});
        const auto b = tokens.issue(QStringLiteral("Ann"), QStringLiteral("ANN@example.test"), Role::Admin, Scope::all(), {}, {});
        QCOMPARE(a->identity.id, b->identity.id);
        QCOMPARE((*store)->identities()->size(), 1);
        QVERIFY(tokens.authenticate(a->secret)->isAdmin());  // the role followed the identity
        QCOMPARE(tokens.list()->size(), 2);
        const auto local = tokens.localAdmin();
        QVERIFY(local && local->isAdmin());
    }
};

ATRIUM_TEST_MAIN(TestTokenService)
#include "tst_tokenservice.moc"

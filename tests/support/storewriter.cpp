// Commits workspaces to a store forever, printing each id once its commit
// returned. tst_store kills it with SIGKILL and checks nothing printed was lost.

#include "store/store.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace Atrium;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 2)
        return 2;
    auto store = Store::open(QString::fromLocal8Bit(argv[1]));
    if (!store)
        return 1;
    for (int i = 0;; ++i) {
        Workspace w;
        w.id = QStringLiteral("ws-crash-%1").arg(i);
        w.name = QStringLiteral("Crash test %1").arg(i);
        w.createdAt = w.updatedAt = QDateTime::currentDateTimeUtc();
        ChangeSet changes;
        changes.workspaces << w;
        AuditEntry entry;
        entry.at = w.createdAt;
        entry.actorId = QStringLiteral("writer");
        entry.action = QStringLiteral("create_workspace");
        entry.target = w.id;
        changes.audit << entry;
        if (!(*store)->apply(changes))
            return 1;
        std::printf("%s\n", qPrintable(w.id));
        std::fflush(stdout);
    }
}

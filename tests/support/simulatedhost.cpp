#include "simulatedhost.h"

#include <QFile>

namespace Atrium::Testing {

QString writeNodeXml(const QTemporaryDir &dir, SimulatedNode node)
{
    const QString path = dir.filePath(QStringLiteral("node.xml"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(QStringLiteral("<node>\n"
                              "  <cpu><mhz>2400</mhz><model>x86_64</model><active>%1</active><nodes>1</nodes>"
                              "<sockets>1</sockets><cores>%2</cores><threads>%3</threads></cpu>\n"
                              "  <memory>%4</memory>\n"
                              "</node>\n")
                   .arg(node.cores * node.threadsPerCore)
                   .arg(node.cores)
                   .arg(node.threadsPerCore)
                   .arg(node.memoryKiB)
                   .toUtf8());
    return QStringLiteral("test://") + path;
}

QString writeAuthHost(const QTemporaryDir &dir, const QString &user, const QString &password)
{
    const QString path = dir.filePath(QStringLiteral("auth-host.xml"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(QStringLiteral("<node><auth><user password='%1'>%2</user></auth></node>\n").arg(password, user).toUtf8());
    return QStringLiteral("test://") + path;
}

}  // namespace Atrium::Testing

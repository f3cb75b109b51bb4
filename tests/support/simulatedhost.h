#pragma once

#include <QString>
#include <QTemporaryDir>

namespace Atrium::Testing {

/// The size of a simulated host: its CPU topology and memory.
struct SimulatedNode {
    int cores = 4;
    int threadsPerCore = 1;
    qint64 memoryKiB = 8388608;
};

/// Writes a node description for libvirt's test driver into @p dir and returns the URI of a
/// second simulated host of that size ("test:///…/node.xml"): a local file, no daemon.
QString writeNodeXml(const QTemporaryDir &dir, SimulatedNode node = {});

/// Writes a simulated host that asks for @p user and @p password before it lets anyone in (the
/// test driver's own <auth>, answered through virConnectOpenAuth) and returns its URI.
QString writeAuthHost(const QTemporaryDir &dir, const QString &user, const QString &password);

}  // namespace Atrium::Testing

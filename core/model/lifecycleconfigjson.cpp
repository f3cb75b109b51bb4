#include "lifecycleconfigjson.h"

#include <QJsonArray>

namespace Atrium {

QJsonObject lifecycleConfigToJson(const LifecycleConfig &c)
{
    QJsonArray env;
    for (const EnvVar &var : c.env)
        env.append(QJsonObject{{QStringLiteral("key"), var.key}, {QStringLiteral("value"), var.value}});
    QJsonObject json{
        {QStringLiteral("ttl_action"), nameOf(c.ttlAction)},
        {QStringLiteral("remove_on_exit"), c.removeOnExit},
        {QStringLiteral("restart_policy"), nameOf(c.restartPolicy)},
        {QStringLiteral("max_restarts"), c.maxRestarts},
        {QStringLiteral("keep_logs"), c.keepLogs},
        {QStringLiteral("static_network"), c.staticNetwork},
        {QStringLiteral("network_config"),
         QJsonObject{{QStringLiteral("allow_internet"), c.network.allowInternet},
                     {QStringLiteral("public_ingress"), c.network.publicIngress}}},
        {QStringLiteral("ssh_access"), c.sshAccess},
        {QStringLiteral("env"), env},
        {QStringLiteral("workloads"), c.workloads},
        {QStringLiteral("wait_for_init"), c.waitForInit},
    };
    if (!c.ttl.isEmpty())
        json.insert(QStringLiteral("ttl"), c.ttl);
    if (c.cmd)
        json.insert(QStringLiteral("cmd"), QJsonArray::fromStringList(*c.cmd));
    if (c.proxyAssignmentId)
        json.insert(QStringLiteral("proxy_assignment_id"), double(*c.proxyAssignmentId));
    return json;
}

LifecycleConfig lifecycleConfigFromJson(const QJsonObject &json)
{
    LifecycleConfig c;
    c.ttl = json.value(QStringLiteral("ttl")).toString();
    c.ttlAction = ttlActionFromString(json.value(QStringLiteral("ttl_action")).toString()).value_or(TtlAction::Stop);
    c.removeOnExit = json.value(QStringLiteral("remove_on_exit")).toBool(false);
    c.restartPolicy =
        restartPolicyFromString(json.value(QStringLiteral("restart_policy")).toString()).value_or(RestartPolicy::No);
    c.maxRestarts = json.value(QStringLiteral("max_restarts")).toInt(0);
    c.keepLogs = json.value(QStringLiteral("keep_logs")).toBool(true);
    c.staticNetwork = json.value(QStringLiteral("static_network")).toBool(false);
    const QJsonObject network = json.value(QStringLiteral("network_config")).toObject();
    c.network.allowInternet = network.value(QStringLiteral("allow_internet")).toBool(true);
    c.network.publicIngress = network.value(QStringLiteral("public_ingress")).toBool(false);
    c.sshAccess = json.value(QStringLiteral("ssh_access")).toBool(false);
    for (const QJsonValue &v : json.value(QStringLiteral("env")).toArray()) {
        const QJsonObject var = v.toObject();
        c.env.append({var.value(QStringLiteral("key")).toString(), var.value(QStringLiteral("value")).toString()});
    }
    if (json.contains(QStringLiteral("cmd"))) {
        QStringList cmd;
        for (const QJsonValue &v : json.value(QStringLiteral("cmd")).toArray())
            cmd << v.toString();
        c.cmd = cmd;
    }
    c.workloads = json.value(QStringLiteral("workloads")).toArray();
    c.waitForInit = json.value(QStringLiteral("wait_for_init")).toBool(false);
    if (json.contains(QStringLiteral("proxy_assignment_id")))
        c.proxyAssignmentId = json.value(QStringLiteral("proxy_assignment_id")).toInteger();
    return c;
}

}  // namespace Atrium

#include "commandline.h"
#include "commands.h"
#include "model/units.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace Atrium {

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int failWith(const QString &message)
{
    err() << "atrium token: " << message << Qt::endl;
    return 2;
}

QJsonObject tokenJson(const ApiToken &token, const Identity &identity)
{
    auto time = [](const QDateTime &t) { return t.isValid() ? QJsonValue(t.toString(Qt::ISODate)) : QJsonValue(); };
    return {
        {QStringLiteral("id"), token.id},
        {QStringLiteral("name"), token.name},
        {QStringLiteral("email"), identity.email},
        {QStringLiteral("role"), nameOf(identity.role)},
        {QStringLiteral("scopes"), QJsonArray::fromStringList(token.scopes)},
        {QStringLiteral("created_at"), time(token.createdAt)},
        {QStringLiteral("expires_at"), time(token.expiresAt)},
        {QStringLiteral("revoked_at"), time(token.revokedAt)},
        {QStringLiteral("last_used_at"), time(token.lastUsedAt)},
    };
}

int create(TokenService &tokens, const QCommandLineParser &parser)
{
    for (const char *required : {"name", "email", "role"}) {
        if (!parser.isSet(QString::fromLatin1(required)))
            return failWith(QStringLiteral("--%1 is required").arg(QString::fromLatin1(required)));
    }
    const auto role = roleFromString(parser.value(QStringLiteral("role")));
    if (!role)
        return failWith(QStringLiteral("--role must be admin or user"));
    QStringList scopes = Scope::all();
    if (parser.isSet(QStringLiteral("scopes")))
        scopes = parser.value(QStringLiteral("scopes")).split(u',', Qt::SkipEmptyParts);
    QDateTime expires;
    if (parser.isSet(QStringLiteral("expires"))) {
        auto duration = Units::parseDuration(QStringLiteral("--expires"), parser.value(QStringLiteral("expires")));
        if (!duration)
            return failWith(duration.error().message);
        expires = QDateTime::currentDateTimeUtc().addSecs(duration->count());
    }
    auto issued = tokens.issue(parser.value(QStringLiteral("name")), parser.value(QStringLiteral("email")), *role, scopes,
                               expires, parser.value(QStringLiteral("token-name")));
    if (!issued)
        return failWith(issued.error().message);
    if (parser.isSet(QStringLiteral("json"))) {
        out() << QJsonDocument(QJsonObject{{QStringLiteral("id"), issued->token.id},
                                           {QStringLiteral("token"), issued->secret}})
                     .toJson(QJsonDocument::Compact)
              << Qt::endl;
        return 0;
    }
    out() << "Token " << issued->token.id << " for " << issued->identity.email << " (" << nameOf(issued->identity.role)
          << ", " << scopes.join(u',') << ")\n\n  " << issued->secret
          << "\n\nIt is shown only this once: Atrium stores its hash, not the token.\n"
          << "Use it as 'Authorization: Bearer <token>' or 'X-API-Key: <token>'; for /workspace use\n"
          << "'X-Client-ID: " << issued->token.id << "' and 'X-Client-Secret: <token>'." << Qt::endl;
    return 0;
}

int list(TokenService &tokens, const QCommandLineParser &parser)
{
    auto listing = tokens.list();
    if (!listing)
        return failWith(listing.error().message);
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const TokenListing &entry : *listing)
            array.append(tokenJson(entry.token, entry.identity));
        out() << QJsonDocument(array).toJson(QJsonDocument::Indented);
        return 0;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const TokenListing &entry : *listing) {
        const QString state = entry.token.revokedAt.isValid() ? QStringLiteral("revoked")
            : entry.token.isUsableAt(now)                     ? QStringLiteral("active")
                                                              : QStringLiteral("expired");
        out() << entry.token.id << "  " << state << "  " << entry.identity.email << " (" << nameOf(entry.identity.role)
              << ")  " << entry.token.scopes.join(u',') << "  " << entry.token.name << '\n';
    }
    if (listing->isEmpty())
        out() << "No tokens yet. Create one with: atrium token create --name NAME --email EMAIL --role admin\n";
    out().flush();
    return 0;
}

int revoke(TokenService &tokens, const QString &id)
{
    auto revoked = tokens.revoke(id);
    if (!revoked)
        return failWith(revoked.error().message);
    out() << "Revoked " << revoked->id << " (" << revoked->name << ")" << Qt::endl;
    return 0;
}

}  // namespace

int runTokenCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Manage API tokens."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("create, list or revoke"));
    parser.addOptions({
        {QStringLiteral("name"), QStringLiteral("Who the token is for."), QStringLiteral("NAME")},
        {QStringLiteral("email"), QStringLiteral("Their email."), QStringLiteral("EMAIL")},
        {QStringLiteral("role"), QStringLiteral("admin or user."), QStringLiteral("ROLE")},
        {QStringLiteral("scopes"), QStringLiteral("Comma-separated scopes."), QStringLiteral("SCOPES")},
        {QStringLiteral("expires"), QStringLiteral("Lifetime, e.g. 30d."), QStringLiteral("DURATION")},
        {QStringLiteral("token-name"), QStringLiteral("A label for the token."), QStringLiteral("NAME")},
        {QStringLiteral("data-dir"), QStringLiteral("Atrium's data directory."), QStringLiteral("DIR")},
        {QStringLiteral("json"), QStringLiteral("Machine-readable output.")},
    });
    if (!parser.parse(QStringList{QStringLiteral("atrium token")} + arguments))
        return failWith(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        out().flush();
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return failWith(QStringLiteral("say create, list or revoke ID"));

    const QString dataDir = parser.isSet(QStringLiteral("data-dir")) ? parser.value(QStringLiteral("data-dir"))
                                                                     : Runtime::defaultDataDir();
    // No lock: tokens may be managed while `atrium serve` runs (SQLite WAL).
    auto store = Store::open(Runtime::databasePath(dataDir));
    if (!store)
        return failWith(store.error().message);
    TokenService tokens(**store);

    const QString action = positional.first();
    if (action == u"create")
        return create(tokens, parser);
    if (action == u"list")
        return list(tokens, parser);
    if (action == u"revoke") {
        if (positional.size() != 2)
            return failWith(QStringLiteral("usage: atrium token revoke ID"));
        return revoke(tokens, positional.at(1));
    }
    return failWith(QStringLiteral("unknown action '%1' (create, list or revoke)").arg(action));
}

}  // namespace Atrium

#include "consoletickets.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <array>

namespace Atrium {

QString describe(ConsoleTickets::Refusal refusal)
{
    switch (refusal) {
    case ConsoleTickets::Refusal::Unknown: return QStringLiteral("the ticket is not valid (unknown, or its session ended)");
    case ConsoleTickets::Refusal::Spent: return QStringLiteral("the ticket was already used (a ticket opens one page)");
    case ConsoleTickets::Refusal::Expired: return QStringLiteral("the ticket expired (a ticket is good for 60 s)");
    case ConsoleTickets::Refusal::SocketOpen: return QStringLiteral("this page's console is already open in another connection");
    case ConsoleTickets::Refusal::Orphaned: return QStringLiteral("the session ended when the VM stopped on its own");
    }
    return {};
}

ConsoleTickets::ConsoleTickets(Clock clock)
    : m_clock(std::move(clock))
{
}

QString ConsoleTickets::randomSecret()
{
    std::array<quint32, 8> words{};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), sizeof(words));
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray ConsoleTickets::hashOf(const QString &secret)
{
    return QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256);
}

void ConsoleTickets::sweep(const QDateTime &now)
{
    m_keys.removeIf([&](const auto &entry) {
        return entry.value().orphanedAt.isValid() && entry.value().orphanedAt.msecsTo(now) > kOrphanLifetimeMs;
    });
    for (auto it = m_tickets.begin(); it != m_tickets.end();) {
        const QDateTime last = it->spentAt.isValid() ? it->spentAt : it->issuedAt.addMSecs(kTicketLifetimeMs);
        it = last.msecsTo(now) > kRememberSpentMs ? m_tickets.erase(it) : std::next(it);
    }
}

template<typename Map>
void ConsoleTickets::capPerSession(Map &map, const QString &sessionId)
{
    QList<typename Map::iterator> mine;
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (it->holder.sessionId == sessionId)
            mine << it;
    }
    if (mine.size() <= kPerSession)
        return;
    std::sort(mine.begin(), mine.end(), [](auto a, auto b) { return a->issuedAt < b->issuedAt; });
    QList<QByteArray> oldest;
    for (qsizetype i = 0; i < mine.size() - kPerSession; ++i)
        oldest << mine.at(i).key();
    for (const QByteArray &key : oldest)
        map.remove(key);
}

ConsoleTickets::Issued ConsoleTickets::issueTicket(const Holder &holder)
{
    const QDateTime now = m_clock();
    sweep(now);
    Issued issued{randomSecret(), now.addMSecs(kTicketLifetimeMs), holder.sessionId};
    m_tickets.insert(hashOf(issued.secret), Ticket{holder, now, {}});
    capPerSession(m_tickets, holder.sessionId);
    return issued;
}

std::expected<ConsoleTickets::Holder, ConsoleTickets::Refused> ConsoleTickets::spendTicket(const QString &ticket)
{
    const QDateTime now = m_clock();
    auto it = m_tickets.find(hashOf(ticket));
    if (it == m_tickets.end())
        return std::unexpected(Refused{Refusal::Unknown, {}});
    if (it->spentAt.isValid())
        return std::unexpected(Refused{Refusal::Spent, it->holder});
    if (it->issuedAt.msecsTo(now) > kTicketLifetimeMs)
        return std::unexpected(Refused{Refusal::Expired, it->holder});
    it->spentAt = now;
    return it->holder;
}

ConsoleTickets::Page ConsoleTickets::pageOf(const PageKey &key)
{
    return Page{key.holder, key.pageSessionId, key.workspaceId, key.orphanedAt.isValid()};
}

ConsoleTickets::Issued ConsoleTickets::issuePageKey(const Holder &holder, const QString &workspaceId)
{
    sweep(m_clock());
    Issued issued{randomSecret(), {}, holder.sessionId};
    m_keys.insert(hashOf(issued.secret), PageKey{holder, holder.sessionId, workspaceId, m_clock(), {}, false});
    capPerSession(m_keys, holder.sessionId);
    return issued;
}

std::expected<ConsoleTickets::Page, ConsoleTickets::Refused> ConsoleTickets::pageKey(const QString &key) const
{
    auto it = m_keys.constFind(hashOf(key));
    if (it == m_keys.constEnd())
        return std::unexpected(Refused{Refusal::Unknown, {}});
    return pageOf(*it);
}

std::expected<ConsoleTickets::Page, ConsoleTickets::Refused> ConsoleTickets::claimSocket(const QString &key)
{
    sweep(m_clock());
    auto it = m_keys.find(hashOf(key));
    if (it == m_keys.end())
        return std::unexpected(Refused{Refusal::Unknown, {}});
    if (it->socketOpen)
        return std::unexpected(Refused{Refusal::SocketOpen, it->holder});
    it->socketOpen = true;
    return pageOf(*it);
}

void ConsoleTickets::releaseSocket(const QString &key)
{
    if (auto it = m_keys.find(hashOf(key)); it != m_keys.end())
        it->socketOpen = false;
}

void ConsoleTickets::resume(const QString &key, const QString &sessionId)
{
    if (auto it = m_keys.find(hashOf(key)); it != m_keys.end()) {
        it->holder.sessionId = sessionId;
        it->orphanedAt = {};
        it->socketOpen = true;
    }
}

void ConsoleTickets::orphanSession(const QString &sessionId)
{
    m_tickets.removeIf([&](const auto &entry) { return entry.value().holder.sessionId == sessionId; });
    const QDateTime now = m_clock();
    for (PageKey &key : m_keys) {
        if (key.holder.sessionId == sessionId && !key.orphanedAt.isValid()) {
            key.orphanedAt = now;
            key.socketOpen = false;
        }
    }
}

void ConsoleTickets::forgetSession(const QString &sessionId)
{
    m_tickets.removeIf([&](const auto &entry) { return entry.value().holder.sessionId == sessionId; });
    // An orphaned page's key names the ended session too, and waits for its VM all the same.
    m_keys.removeIf([&](const auto &entry) { return entry.value().holder.sessionId == sessionId && !entry.value().orphanedAt.isValid(); });
}

int ConsoleTickets::outstandingTickets() const
{
    const QDateTime now = m_clock();
    int count = 0;
    for (const Ticket &t : m_tickets)
        count += !t.spentAt.isValid() && t.issuedAt.msecsTo(now) <= kTicketLifetimeMs;
    return count;
}

}  // namespace Atrium

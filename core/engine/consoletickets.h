#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QString>

#include <expected>
#include <functional>

namespace Atrium {

/// The credentials a browser console runs on. A browser cannot send a Bearer header when it
/// navigates, so a script asks for a ticket and hands out a URL with it:
///
/// - A **ticket** is 256 random bits, bound to one session and its user, spent by the first
///   page load (or a WebSocket opened with it directly), and void 60 s after it was issued if
///   nobody used it.
/// - The page a ticket opened gets a **page key** (a cookie, never in a URL): it fetches the
///   page's own files and opens the page's WebSocket, one at a time (a reconnect after the
///   guest restarts is the same page's WebSocket, not a second viewer).
///
/// Only SHA-256 hashes are kept, in memory; all of a session's credentials die with it — but for
/// one case: when the VM stopped on its own (a crash, a destroy from outside), its pages' keys wait
/// up to 10 minutes for it to run again, so a page reconnects as the desktop viewer does (on a
/// new session of the same person).
class ConsoleTickets final {
public:
    using Clock = std::function<QDateTime()>;

    static constexpr qint64 kTicketLifetimeMs = 60 * 1000;
    /// How long a spent or expired ticket is remembered, to say "already used" rather than "unknown".
    static constexpr qint64 kRememberSpentMs = 10 * 60 * 1000;
    /// Outstanding tickets and page keys per session; the oldest go first beyond it.
    static constexpr int kPerSession = 32;

    struct Holder {
        QString sessionId;
        QString userId;
        bool operator==(const Holder &) const = default;
    };
    static constexpr qint64 kOrphanLifetimeMs = 10 * 60 * 1000;

    enum class Refusal { Unknown, Spent, Expired, SocketOpen, Orphaned };
    struct Refused {
        Refusal why = Refusal::Unknown;
        Holder holder;  ///< who it was for, when known (not for Unknown)
    };
    struct Issued {
        QString secret;
        QDateTime expiresAt;  ///< null for page keys: they last as long as the session
        QString sessionId;
    };

    explicit ConsoleTickets(Clock clock);

    Issued issueTicket(const Holder &holder);
    /// Spends @p ticket: who it was for, or why it is refused.
    std::expected<Holder, Refused> spendTicket(const QString &ticket);

    /// What a page key admits: its holder now, and the page it was made for.
    struct Page {
        Holder holder;          ///< the session it watches now, and whose it is
        QString pageSessionId;  ///< the session in the page's address (its first)
        QString workspaceId;
        bool orphaned = false;  ///< its session ended when the VM stopped on its own
    };

    Issued issuePageKey(const Holder &holder, const QString &workspaceId);
    /// What @p key admits (for the page's own files); it stays usable.
    std::expected<Page, Refused> pageKey(const QString &key) const;
    /// Claims @p key's one WebSocket; releaseSocket() gives it back when that socket ends.
    /// Orphaned (with the page) when its session ended as the VM stopped on its own.
    std::expected<Page, Refused> claimSocket(const QString &key);
    void releaseSocket(const QString &key);
    /// An orphaned page's key now watches @p sessionId (the person's new one), its socket claimed.
    void resume(const QString &key, const QString &sessionId);

    /// The session ended: every ticket and key of it is void.
    void forgetSession(const QString &sessionId);
    /// The session ended as its VM stopped on its own: tickets are void, page keys wait.
    void orphanSession(const QString &sessionId);

    int outstandingTickets() const;
    int pageKeys() const { return int(m_keys.size()); }

    /// 256 random bits, base64url without padding (43 characters).
    static QString randomSecret();
    static QByteArray hashOf(const QString &secret);

private:
    struct Ticket {
        Holder holder;
        QDateTime issuedAt;
        QDateTime spentAt;  ///< null while unused
    };
    struct PageKey {
        Holder holder;
        QString pageSessionId;
        QString workspaceId;
        QDateTime issuedAt;
        QDateTime orphanedAt;  ///< null unless its session ended on its own
        bool socketOpen = false;
    };
    static Page pageOf(const PageKey &key);

    void sweep(const QDateTime &now);
    template<typename Map>
    void capPerSession(Map &map, const QString &sessionId);

    Clock m_clock;
    QHash<QByteArray, Ticket> m_tickets;
    QHash<QByteArray, PageKey> m_keys;
};

QString describe(ConsoleTickets::Refusal refusal);

}  // namespace Atrium

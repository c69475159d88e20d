#pragma once

#include <QString>

namespace sb::client {

// Which conversation something belongs to: a room ("general") or a direct conversation with one
// person. Its key() is the spelling the client stores and signals: the room's name, or '@' and
// the peer's name ("@bob") — room and user names cannot contain '@', so the two never collide.
// On screen a room reads "#general" and a direct conversation "@bob" (displayName()), or "bob"
// where the context already says it is a person (title()).
class ConversationId
{
public:
    ConversationId() = default;

    static ConversationId room(const QString &name) { return ConversationId(name, false); }
    static ConversationId direct(const QString &peer) { return ConversationId(peer, true); }
    // From a key(): "@bob" is the direct conversation with bob, anything else a room.
    static ConversationId fromKey(const QString &key)
    {
        return key.startsWith(DirectMark) ? direct(key.mid(1)) : room(key);
    }
    static bool isDirectKey(const QString &key) { return key.startsWith(DirectMark); }

    bool isEmpty() const { return m_name.isEmpty(); }
    bool isDirect() const { return m_direct; }
    bool isRoom() const { return !m_direct && !m_name.isEmpty(); }
    // The room's name, or the peer's.
    QString name() const { return m_name; }
    // The peer of a direct conversation; empty for a room.
    QString peer() const { return m_direct ? m_name : QString(); }
    QString key() const { return m_direct ? DirectMark + m_name : m_name; }
    // "#general" or "@bob": the composer, the quick switcher, search.
    QString displayName() const;
    // "#general" or "bob": the header and the window title.
    QString title() const;

    friend bool operator==(const ConversationId &a, const ConversationId &b)
    {
        return a.m_direct == b.m_direct && a.m_name == b.m_name;
    }
    friend bool operator!=(const ConversationId &a, const ConversationId &b) { return !(a == b); }

private:
    static constexpr QChar DirectMark = u'@';
    static constexpr QChar RoomMark = u'#';

    ConversationId(const QString &name, bool direct)
        : m_name(name)
        , m_direct(direct && !name.isEmpty())
    {
    }

    QString m_name;
    bool m_direct = false;
};

inline QString ConversationId::displayName() const
{
    if (m_name.isEmpty())
        return QString();
    return (m_direct ? DirectMark : RoomMark) + m_name;
}

inline QString ConversationId::title() const
{
    return m_direct ? m_name : displayName();
}

} // namespace sb::client

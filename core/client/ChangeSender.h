#pragma once

#include "ChatTypes.h"
#include "LocalStore.h"

#include <QJsonObject>
#include <QObject>

namespace sb::client {

class ConnectionManager;
class OutboxSender;

// The user's edits, deletes and reactions (docs/protocol.md, "Replies, edits, deletes and
// reactions"). Each is an outbox entry like a message: durable before it is sent, sent in order
// with the messages, resent with the same id after a reconnect (the server dedupes by id), so it
// applies exactly once. It is pending until the ack; acked, it is applied at once (the server's
// chat.change that follows changes nothing more); refused for good, it leaves the outbox and
// the user is told.
class ChangeSender : public QObject
{
    Q_OBJECT

public:
    ChangeSender(OutboxSender &sender, ConnectionManager &connection, QObject *parent = nullptr);

    // `conversation` is a room's name or "@peer"; each returns the change's id.
    QString edit(const QString &conversation, qint64 seq, const QString &text);
    QString remove(const QString &conversation, qint64 seq);
    QString react(const QString &conversation, qint64 seq, const QString &emoji, bool add);
    // Takes back a reaction (or its removal) on `seq` that never went out, so toggling twice
    // offline sends nothing. True when there was one.
    bool withdrawReaction(const QString &conversation, qint64 seq, const QString &emoji);
    // The user's changes of `conversation` still waiting for their ack, oldest first.
    QList<MessageChange> pending(const QString &conversation) const;

signals:
    // In the outbox now (seq 0), then either acked (with its seq and time) or refused.
    void changeQueued(const sb::client::MessageChange &change);
    void changeAcked(const sb::client::MessageChange &change);
    void changeRefused(const sb::client::MessageChange &change, const QString &code,
                       const QString &message);
    void changeWithdrawn(const sb::client::MessageChange &change);

private:
    QString add(const QString &kind, const QString &conversation, qint64 seq, const QString &text);
    MessageChange toChange(const OutboxRecord &entry) const;
    void onAcked(const OutboxRecord &entry, const QJsonObject &ack);
    void onRefused(const OutboxRecord &entry, const QString &code, const QString &message);

    OutboxSender &m_sender;
    ConnectionManager &m_connection;
};

} // namespace sb::client

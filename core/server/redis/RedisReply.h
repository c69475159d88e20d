#pragma once

#include <QByteArray>
#include <QList>

#include <hiredis/hiredis.h>

#include <memory>

namespace sb::server {

// A reply hiredis allocated and we free (blocking commands).
struct RedisReplyDeleter
{
    void operator()(redisReply *reply) const { freeReplyObject(reply); }
};
using RedisReplyPtr = std::unique_ptr<redisReply, RedisReplyDeleter>;

// A command as its arguments (binary safe; no format strings, so no quoting to get wrong).
using RedisCommand = QList<QByteArray>;

// Reading replies without repeating the type checks everywhere.
namespace RedisReply {
bool isError(const redisReply *reply);
QByteArray string(const redisReply *reply); // text of a string, status or error; else empty
long long integer(const redisReply *reply, long long fallback = 0);
const redisReply *element(const redisReply *reply, size_t index); // null when out of range
} // namespace RedisReply

} // namespace sb::server

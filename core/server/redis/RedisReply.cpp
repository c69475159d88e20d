#include "RedisReply.h"

namespace sb::server::RedisReply {

bool isError(const redisReply *reply)
{
    return !reply || reply->type == REDIS_REPLY_ERROR;
}

QByteArray string(const redisReply *reply)
{
    if (!reply
        || (reply->type != REDIS_REPLY_STRING && reply->type != REDIS_REPLY_STATUS
            && reply->type != REDIS_REPLY_ERROR))
        return {};
    return QByteArray(reply->str, qsizetype(reply->len));
}

long long integer(const redisReply *reply, long long fallback)
{
    if (!reply)
        return fallback;
    if (reply->type == REDIS_REPLY_INTEGER)
        return reply->integer;
    if (reply->type == REDIS_REPLY_STRING) {
        bool ok = false;
        const long long value = QByteArray(reply->str, qsizetype(reply->len)).toLongLong(&ok);
        return ok ? value : fallback;
    }
    return fallback;
}

const redisReply *element(const redisReply *reply, size_t index)
{
    if (!reply || reply->type != REDIS_REPLY_ARRAY || index >= reply->elements)
        return nullptr;
    return reply->element[index];
}

} // namespace sb::server::RedisReply

// libFuzzer target for server/Jwt.
//  1. Jwt::verify on the input as a token (fixed secret and clock): never crashes, and a token it
//     accepts has a valid user name and an expiry in the future.
//  2. When the input is a JSON object, it is used as claims: Jwt::sign then Jwt::verify must
//     accept it exactly when the claims are valid (numeric exp in the future, sub a valid user
//     name), report the claims it was given, and refuse it under another secret.
#include "FuzzCommon.h"

#include "protocol/Validator.h"
#include "server/Jwt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using sb::server::Jwt;

namespace {

constexpr qint64 Now = 1'732'300'000;
const QByteArray Secret = QByteArrayLiteral("fuzzing secret, not a real one");
const QByteArray OtherSecret = QByteArrayLiteral("another secret");

void checkVerified(const sb::server::TokenCheck &check, const QByteArray &input)
{
    if (!check.ok)
        return;
    if (!sb::protocol::Validator::isUserName(check.claims.user))
        sb::fuzz::fail("verify accepted an invalid user name", input.toHex());
    if (check.claims.expiresAt < Now)
        sb::fuzz::fail("verify accepted an expired token", input.toHex());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = sb::fuzz::bytes(data, size);
    checkVerified(Jwt::verify(input, Secret, Now), input);

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(input, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return 0;
    const QJsonObject claims = document.object();
    const QByteArray token = Jwt::sign(claims, Secret);
    const sb::server::TokenCheck check = Jwt::verify(token, Secret, Now);
    checkVerified(check, input);

    const QJsonValue exp = claims.value(QLatin1String("exp"));
    const QString sub = claims.value(QLatin1String("sub")).toString();
    const bool valid = exp.isDouble() && exp.toDouble() > double(Now)
        && sb::protocol::Validator::isUserName(sub);
    if (valid != check.ok) {
        sb::fuzz::fail(valid ? "a token signed from valid claims did not verify"
                             : "a token signed from invalid claims verified",
                       "claims: " + QJsonDocument(claims).toJson(QJsonDocument::Compact)
                           + "\nerror: " + check.error.toUtf8());
    }
    if (check.ok) {
        QStringList rooms;
        for (const QJsonValue &room : claims.value(QLatin1String("rooms")).toArray()) {
            if (room.isString())
                rooms.append(room.toString());
        }
        const bool admin = claims.value(QLatin1String("role")).toString() == QLatin1String("admin");
        if (check.claims.user != sub || check.claims.admin != admin || check.claims.rooms != rooms)
            sb::fuzz::fail("verified claims differ from the signed ones",
                           QJsonDocument(claims).toJson(QJsonDocument::Compact));
    }
    if (Jwt::verify(token, OtherSecret, Now).ok)
        sb::fuzz::fail("a token verified under the wrong secret",
                       QJsonDocument(claims).toJson(QJsonDocument::Compact));
    return 0;
}

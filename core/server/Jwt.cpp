#include "Jwt.h"

#include "protocol/Validator.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>

#include <limits>

namespace sb::server {
namespace {

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray signature(const QByteArray &signingInput, const QByteArray &secret)
{
    return QMessageAuthenticationCode::hash(signingInput, secret, QCryptographicHash::Sha256)
        .toBase64(Base64Url);
}

// Compares without an early exit, so the time taken says nothing about the expected signature.
bool sameBytes(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= uchar(a[i]) ^ uchar(b[i]);
    return diff == 0;
}

std::optional<QJsonObject> decodePart(const QByteArray &part)
{
    const auto decoded = QByteArray::fromBase64Encoding(part, QByteArray::Base64UrlEncoding
                                                                  | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

TokenCheck refuse(const QString &why)
{
    TokenCheck check;
    check.error = why;
    return check;
}

} // namespace

QByteArray Jwt::sign(const QJsonObject &claims, const QByteArray &secret)
{
    const QJsonObject header{{QLatin1String("alg"), QLatin1String("HS256")},
                             {QLatin1String("typ"), QLatin1String("JWT")}};
    const QByteArray signingInput =
        QJsonDocument(header).toJson(QJsonDocument::Compact).toBase64(Base64Url) + '.'
        + QJsonDocument(claims).toJson(QJsonDocument::Compact).toBase64(Base64Url);
    return signingInput + '.' + signature(signingInput, secret);
}

TokenCheck Jwt::verify(const QByteArray &token, const QByteArray &secret, qint64 nowSeconds)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return refuse(QStringLiteral("the token is not a JWT (header.payload.signature)"));
    const auto header = decodePart(parts[0]);
    if (!header)
        return refuse(QStringLiteral("the token's header is not base64url JSON"));
    if (header->value(QLatin1String("alg")).toString() != QLatin1String("HS256"))
        return refuse(QStringLiteral("the token must be signed with HS256"));
    if (secret.isEmpty()
        || !sameBytes(signature(parts[0] + '.' + parts[1], secret), parts[2]))
        return refuse(QStringLiteral("the token's signature is not valid for this server"));
    const auto claims = decodePart(parts[1]);
    if (!claims)
        return refuse(QStringLiteral("the token's claims are not base64url JSON"));

    const QJsonValue exp = claims->value(QLatin1String("exp"));
    if (!exp.isDouble())
        return refuse(QStringLiteral("the token has no expiry (exp)"));
    // Compared as doubles: a far-future exp (1e19, 1e300) does not fit a qint64, and casting it
    // would be undefined (in practice it wrapped to the past and the token read as expired).
    const double expSeconds = exp.toDouble();
    if (expSeconds <= double(nowSeconds)) {
        TokenCheck expired = refuse(QStringLiteral("the token has expired; ask for a new one"));
        expired.expired = true;
        return expired;
    }
    const QString user = claims->value(QLatin1String("sub")).toString();
    if (!protocol::Validator::isUserName(user))
        return refuse(QStringLiteral("the token's subject (sub) is not a valid user name"));

    TokenCheck check;
    check.ok = true;
    check.claims.user = user;
    check.claims.admin = claims->value(QLatin1String("role")).toString() == QLatin1String("admin");
    check.claims.expiresAt = expSeconds >= 9.2e18 ? std::numeric_limits<qint64>::max()
                                                  : qint64(expSeconds);
    for (const QJsonValue &room : claims->value(QLatin1String("rooms")).toArray()) {
        if (room.isString())
            check.claims.rooms.append(room.toString());
    }
    return check;
}

} // namespace sb::server

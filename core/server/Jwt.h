#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace sb::server {

// What a verified token says about its holder.
struct TokenClaims
{
    QString user;       // `sub`
    bool admin = false; // `role: "admin"`
    QStringList rooms;  // `rooms`: private rooms the holder may enter
    qint64 expiresAt = 0; // `exp`, seconds since the Unix epoch
};

struct TokenCheck
{
    bool ok = false;
    TokenClaims claims;
    QString error; // why it was refused, fit to show the user
    bool expired = false; // refused only for being past `exp` (counted apart in the metrics)
};

// JSON Web Tokens (RFC 7519) signed with HMAC-SHA256 (HS256): the only algorithm accepted, so a
// token cannot choose a weaker one ("alg": "none").
class Jwt
{
public:
    static QByteArray sign(const QJsonObject &claims, const QByteArray &secret);
    // `nowSeconds` is injected so expiry is testable.
    static TokenCheck verify(const QByteArray &token, const QByteArray &secret, qint64 nowSeconds);
};

} // namespace sb::server

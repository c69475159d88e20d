// server/Jwt: HS256 only, expiry against an injected clock, claims, and every way a token can be
// forged or mangled.
#include "server/Jwt.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTest>

using sb::server::Jwt;
using sb::server::TokenCheck;

namespace {

constexpr qint64 Now = 1'732'300'000; // seconds since the Unix epoch
const QByteArray Secret = QByteArrayLiteral("correct horse battery staple");

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray b64(const QByteArray &bytes)
{
    return bytes.toBase64(Base64Url);
}

QByteArray b64(const QJsonObject &object)
{
    return b64(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QByteArray hmac(const QByteArray &input, const QByteArray &secret,
                QCryptographicHash::Algorithm algorithm = QCryptographicHash::Sha256)
{
    return b64(QMessageAuthenticationCode::hash(input, secret, algorithm));
}

// A token put together by hand: `header.claims.signature`, signed over the first two parts.
QByteArray forge(const QByteArray &headerPart, const QByteArray &claimsPart,
                 const QByteArray &secret,
                 QCryptographicHash::Algorithm algorithm = QCryptographicHash::Sha256)
{
    const QByteArray input = headerPart + '.' + claimsPart;
    return input + '.' + hmac(input, secret, algorithm);
}

QJsonObject hs256Header()
{
    return {{QStringLiteral("alg"), QStringLiteral("HS256")}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
}

QJsonObject claimsFor(const QString &user, qint64 exp = Now + 3600)
{
    return {{QStringLiteral("sub"), user}, {QStringLiteral("exp"), exp}};
}

} // namespace

class JwtTest : public QObject
{
    Q_OBJECT

private slots:
    void signThenVerifyGivesTheClaims();
    void signedTokenIsThreeBase64UrlParts();
    void plainUserIsNotAdmin();
    void nonStringRoomsAreSkipped();
    void expiry_data();
    void expiry();
    void farFutureExpiryIsNotExpired();
    void missingOrMistypedExpIsRefused_data();
    void missingOrMistypedExpIsRefused();
    void wrongSecretIsRefused();
    void tamperedClaimsAreRefused();
    void tamperedSignatureIsRefused_data();
    void tamperedSignatureIsRefused();
    void otherAlgorithmsAreRefused_data();
    void otherAlgorithmsAreRefused();
    void notThreePartsIsRefused_data();
    void notThreePartsIsRefused();
    void badBase64OrJsonIsRefused_data();
    void badBase64OrJsonIsRefused();
    void invalidSubjectIsRefused_data();
    void invalidSubjectIsRefused();
    void emptySecretIsRefused();
};

void JwtTest::signThenVerifyGivesTheClaims()
{
    QJsonObject claims = claimsFor(QStringLiteral("alice"));
    claims.insert(QStringLiteral("role"), QStringLiteral("admin"));
    claims.insert(QStringLiteral("rooms"), QJsonArray{QStringLiteral("vip"), QStringLiteral("ops")});
    const QByteArray token = Jwt::sign(claims, Secret);

    const TokenCheck check = Jwt::verify(token, Secret, Now);
    QVERIFY2(check.ok, qPrintable(check.error));
    QVERIFY(check.error.isEmpty());
    QCOMPARE(check.claims.user, QStringLiteral("alice"));
    QVERIFY(check.claims.admin);
    QCOMPARE(check.claims.rooms, (QStringList{QStringLiteral("vip"), QStringLiteral("ops")}));
    QCOMPARE(check.claims.expiresAt, Now + 3600);
}

void JwtTest::signedTokenIsThreeBase64UrlParts()
{
    const QByteArray token = Jwt::sign(claimsFor(QStringLiteral("bob")), Secret);
    const QList<QByteArray> parts = token.split('.');
    QCOMPARE(parts.size(), 3);
    for (const QByteArray &part : parts) {
        QVERIFY(!part.isEmpty());
        QVERIFY2(!part.contains('=') && !part.contains('+') && !part.contains('/'), part.constData());
    }
    const QJsonObject header =
        QJsonDocument::fromJson(QByteArray::fromBase64(parts[0], QByteArray::Base64UrlEncoding)).object();
    QCOMPARE(header.value(QStringLiteral("alg")).toString(), QStringLiteral("HS256"));
    QCOMPARE(header.value(QStringLiteral("typ")).toString(), QStringLiteral("JWT"));
    // The signature is the HMAC-SHA256 of the first two parts: any JWT library can check it.
    QCOMPARE(parts[2], hmac(parts[0] + '.' + parts[1], Secret));
}

void JwtTest::plainUserIsNotAdmin()
{
    QJsonObject claims = claimsFor(QStringLiteral("carol"));
    const TokenCheck none = Jwt::verify(Jwt::sign(claims, Secret), Secret, Now);
    QVERIFY2(none.ok, qPrintable(none.error));
    QVERIFY(!none.claims.admin);
    QVERIFY(none.claims.rooms.isEmpty());

    claims.insert(QStringLiteral("role"), QStringLiteral("user"));
    const TokenCheck user = Jwt::verify(Jwt::sign(claims, Secret), Secret, Now);
    QVERIFY(user.ok);
    QVERIFY(!user.claims.admin);

    claims.insert(QStringLiteral("role"), QStringLiteral("Admin")); // case matters
    const TokenCheck wrongCase = Jwt::verify(Jwt::sign(claims, Secret), Secret, Now);
    QVERIFY(wrongCase.ok);
    QVERIFY(!wrongCase.claims.admin);

    claims.insert(QStringLiteral("role"), true);
    const TokenCheck notString = Jwt::verify(Jwt::sign(claims, Secret), Secret, Now);
    QVERIFY(notString.ok);
    QVERIFY(!notString.claims.admin);
}

void JwtTest::nonStringRoomsAreSkipped()
{
    QJsonObject claims = claimsFor(QStringLiteral("dave"));
    claims.insert(QStringLiteral("rooms"),
                  QJsonArray{QStringLiteral("a"), 5, QJsonObject{}, QStringLiteral("b"), QJsonValue()});
    const TokenCheck check = Jwt::verify(Jwt::sign(claims, Secret), Secret, Now);
    QVERIFY(check.ok);
    QCOMPARE(check.claims.rooms, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));

    claims.insert(QStringLiteral("rooms"), QStringLiteral("not-an-array"));
    const TokenCheck notArray = Jwt::verify(Jwt::sign(claims, Secret), Secret, Now);
    QVERIFY(notArray.ok);
    QVERIFY(notArray.claims.rooms.isEmpty());
}

void JwtTest::expiry_data()
{
    QTest::addColumn<qint64>("exp");
    QTest::addColumn<bool>("ok");
    QTest::newRow("an hour ahead") << Now + 3600 << true;
    QTest::newRow("one second ahead") << Now + 1 << true;
    QTest::newRow("expires this second") << Now << false;
    QTest::newRow("one second ago") << Now - 1 << false;
    QTest::newRow("long ago") << qint64(1) << false;
    QTest::newRow("zero") << qint64(0) << false;
    QTest::newRow("negative") << qint64(-5) << false;
}

void JwtTest::expiry()
{
    QFETCH(qint64, exp);
    QFETCH(bool, ok);
    const TokenCheck check =
        Jwt::verify(Jwt::sign(claimsFor(QStringLiteral("erin"), exp), Secret), Secret, Now);
    QCOMPARE(check.ok, ok);
    if (!ok) {
        QVERIFY2(check.error.contains(QStringLiteral("expired")), qPrintable(check.error));
        QVERIFY(check.claims.user.isEmpty());
    }
}

void JwtTest::farFutureExpiryIsNotExpired()
{
    // "Never expires" tokens minted with a huge exp must not wrap around into the past.
    for (const double exp : {1e12, 1e19, 1e300}) {
        QJsonObject claims{{QStringLiteral("sub"), QStringLiteral("frank")}, {QStringLiteral("exp"), exp}};
        const TokenCheck check = Jwt::verify(Jwt::sign(claims, Secret), Secret, Now);
        QVERIFY2(check.ok, qPrintable(QStringLiteral("exp %1: %2").arg(exp).arg(check.error)));
        QVERIFY(check.claims.expiresAt > Now);
    }
}

void JwtTest::missingOrMistypedExpIsRefused_data()
{
    QTest::addColumn<QJsonValue>("exp"); // undefined: absent
    QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("string") << QJsonValue(QString::number(Now + 3600));
    QTest::newRow("null") << QJsonValue(QJsonValue::Null);
    QTest::newRow("bool") << QJsonValue(true);
    QTest::newRow("object") << QJsonValue(QJsonObject{});
}

void JwtTest::missingOrMistypedExpIsRefused()
{
    QFETCH(QJsonValue, exp);
    QJsonObject claims{{QStringLiteral("sub"), QStringLiteral("gina")}};
    if (!exp.isUndefined())
        claims.insert(QStringLiteral("exp"), exp);
    const TokenCheck check = Jwt::verify(Jwt::sign(claims, Secret), Secret, Now);
    QVERIFY(!check.ok);
    QVERIFY2(check.error.contains(QStringLiteral("exp")), qPrintable(check.error));
}

void JwtTest::wrongSecretIsRefused()
{
    const QByteArray token = Jwt::sign(claimsFor(QStringLiteral("alice")), Secret);
    for (const QByteArray &other : QByteArrayList{QByteArrayLiteral("wrong"), Secret + 'x', Secret.chopped(1)}) {
        const TokenCheck check = Jwt::verify(token, other, Now);
        QVERIFY(!check.ok);
        QVERIFY2(check.error.contains(QStringLiteral("signature")), qPrintable(check.error));
    }
}

void JwtTest::tamperedClaimsAreRefused()
{
    QJsonObject claims = claimsFor(QStringLiteral("mallory"));
    const QList<QByteArray> parts = Jwt::sign(claims, Secret).split('.');

    // Mallory promotes herself and keeps the original signature.
    claims.insert(QStringLiteral("role"), QStringLiteral("admin"));
    const QByteArray promoted = parts[0] + '.' + b64(claims) + '.' + parts[2];
    const TokenCheck check = Jwt::verify(promoted, Secret, Now);
    QVERIFY(!check.ok);
    QVERIFY(!check.claims.admin);
    QVERIFY2(check.error.contains(QStringLiteral("signature")), qPrintable(check.error));

    // Or extends her expiry.
    const QByteArray extended =
        parts[0] + '.' + b64(claimsFor(QStringLiteral("mallory"), Now + 999999)) + '.' + parts[2];
    QVERIFY(!Jwt::verify(extended, Secret, Now).ok);

    // Or swaps the header for an equivalent one with other bytes.
    QJsonObject header = hs256Header();
    header.insert(QStringLiteral("kid"), QStringLiteral("1"));
    QVERIFY(!Jwt::verify(b64(header) + '.' + parts[1] + '.' + parts[2], Secret, Now).ok);
}

void JwtTest::tamperedSignatureIsRefused_data()
{
    const QByteArray token = Jwt::sign(claimsFor(QStringLiteral("alice")), Secret);
    const qsizetype sigStart = token.lastIndexOf('.') + 1;
    QTest::addColumn<QByteArray>("token");

    QByteArray flipped = token;
    flipped[sigStart] = flipped[sigStart] == 'A' ? 'B' : 'A';
    QTest::newRow("first signature char changed") << flipped;
    QByteArray flippedLast = token;
    flippedLast[flippedLast.size() - 1] = flippedLast.back() == 'A' ? 'B' : 'A';
    QTest::newRow("last signature char changed") << flippedLast;
    QTest::newRow("signature truncated") << token.chopped(1);
    QTest::newRow("signature extended") << QByteArray(token + 'A');
    QTest::newRow("signature empty") << token.left(sigStart);
    QTest::newRow("signature padded with =") << QByteArray(token + '=');
    const QByteArray standardB64 =
        token.left(sigStart)
        + QMessageAuthenticationCode::hash(token.left(sigStart - 1), Secret, QCryptographicHash::Sha256)
              .toBase64();
    QTest::newRow("signature in standard base64 with padding") << standardB64;
}

void JwtTest::tamperedSignatureIsRefused()
{
    QFETCH(QByteArray, token);
    const TokenCheck check = Jwt::verify(token, Secret, Now);
    QVERIFY(!check.ok);
    QVERIFY(check.claims.user.isEmpty());
}

void JwtTest::otherAlgorithmsAreRefused_data()
{
    QTest::addColumn<QByteArray>("token");
    const QByteArray claims = b64(claimsFor(QStringLiteral("alice")));
    const auto header = [](const QJsonValue &alg) {
        QJsonObject h{{QStringLiteral("typ"), QStringLiteral("JWT")}};
        if (!alg.isUndefined())
            h.insert(QStringLiteral("alg"), alg);
        return b64(h);
    };

    QTest::newRow("alg none, no signature") << QByteArray(header(QStringLiteral("none")) + '.' + claims + '.');
    QTest::newRow("alg none, signed anyway")
        << forge(header(QStringLiteral("none")), claims, Secret);
    QTest::newRow("alg None") << QByteArray(header(QStringLiteral("None")) + '.' + claims + '.');
    QTest::newRow("alg HS512, correct HS512 signature")
        << forge(header(QStringLiteral("HS512")), claims, Secret, QCryptographicHash::Sha512);
    QTest::newRow("alg HS512, HS256 signature") << forge(header(QStringLiteral("HS512")), claims, Secret);
    QTest::newRow("alg RS256") << forge(header(QStringLiteral("RS256")), claims, Secret);
    QTest::newRow("alg hs256 (lower case)") << forge(header(QStringLiteral("hs256")), claims, Secret);
    QTest::newRow("alg missing") << forge(header(QJsonValue::Undefined), claims, Secret);
    QTest::newRow("alg not a string") << forge(header(256), claims, Secret);
}

void JwtTest::otherAlgorithmsAreRefused()
{
    QFETCH(QByteArray, token);
    const TokenCheck check = Jwt::verify(token, Secret, Now);
    QVERIFY(!check.ok);
    QVERIFY2(check.error.contains(QStringLiteral("HS256")), qPrintable(check.error));
}

void JwtTest::notThreePartsIsRefused_data()
{
    const QByteArray token = Jwt::sign(claimsFor(QStringLiteral("alice")), Secret);
    const QList<QByteArray> parts = token.split('.');
    QTest::addColumn<QByteArray>("token");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("no dots") << QByteArray("abcdef");
    QTest::newRow("one part") << parts[0];
    QTest::newRow("two parts") << QByteArray(parts[0] + '.' + parts[1]);
    QTest::newRow("four parts") << QByteArray(token + ".x");
    QTest::newRow("trailing dot") << QByteArray(token + '.');
    QTest::newRow("only dots") << QByteArray("..");
    QTest::newRow("Bearer prefix kept") << QByteArray(QByteArray("Bearer ") + token);
}

void JwtTest::notThreePartsIsRefused()
{
    QFETCH(QByteArray, token);
    const TokenCheck check = Jwt::verify(token, Secret, Now);
    QVERIFY(!check.ok);
    QVERIFY(!check.error.isEmpty());
    QVERIFY(check.claims.user.isEmpty());
}

void JwtTest::badBase64OrJsonIsRefused_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("errorMentions");
    const QByteArray claims = b64(claimsFor(QStringLiteral("alice")));
    const QByteArray header = b64(hs256Header());

    QTest::newRow("header with invalid base64 characters")
        << forge("e*J!hbGci", claims, Secret) << QStringLiteral("header");
    QTest::newRow("header not JSON") << forge(b64(QByteArray("not json")), claims, Secret)
                                     << QStringLiteral("header");
    QTest::newRow("header a JSON array") << forge(b64(QByteArray("[\"HS256\"]")), claims, Secret)
                                         << QStringLiteral("header");
    QTest::newRow("header empty") << forge(QByteArray(), claims, Secret) << QStringLiteral("header");
    // The claims are checked after the signature, so these are signed correctly.
    QTest::newRow("claims with invalid base64 characters")
        << forge(header, "eyJzdWIi*OiJh", Secret) << QStringLiteral("claims");
    QTest::newRow("claims not JSON") << forge(header, b64(QByteArray("{sub: alice")), Secret)
                                     << QStringLiteral("claims");
    QTest::newRow("claims a JSON string") << forge(header, b64(QByteArray("\"alice\"")), Secret)
                                          << QStringLiteral("claims");
    QTest::newRow("claims empty") << forge(header, QByteArray(), Secret) << QStringLiteral("claims");
}

void JwtTest::badBase64OrJsonIsRefused()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, errorMentions);
    const TokenCheck check = Jwt::verify(token, Secret, Now);
    QVERIFY(!check.ok);
    QVERIFY2(check.error.contains(errorMentions), qPrintable(check.error));
}

void JwtTest::invalidSubjectIsRefused_data()
{
    QTest::addColumn<QJsonValue>("sub"); // undefined: absent
    QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("empty") << QJsonValue(QString());
    QTest::newRow("space") << QJsonValue(QStringLiteral("bad name"));
    QTest::newRow("leading dash") << QJsonValue(QStringLiteral("-alice"));
    QTest::newRow("leading dot") << QJsonValue(QStringLiteral(".alice"));
    QTest::newRow("33 characters") << QJsonValue(QString(33, u'a'));
    QTest::newRow("non-ascii") << QJsonValue(QStringLiteral("zoë"));
    QTest::newRow("at sign") << QJsonValue(QStringLiteral("a@b"));
    QTest::newRow("number") << QJsonValue(42);
    QTest::newRow("array") << QJsonValue(QJsonArray{QStringLiteral("alice")});
}

void JwtTest::invalidSubjectIsRefused()
{
    QFETCH(QJsonValue, sub);
    QJsonObject claims{{QStringLiteral("exp"), Now + 3600}};
    if (!sub.isUndefined())
        claims.insert(QStringLiteral("sub"), sub);
    const TokenCheck check = Jwt::verify(Jwt::sign(claims, Secret), Secret, Now);
    QVERIFY(!check.ok);
    QVERIFY2(check.error.contains(QStringLiteral("sub")), qPrintable(check.error));

    // The boundary the other way: 32 characters and the allowed punctuation are fine.
    const TokenCheck longest =
        Jwt::verify(Jwt::sign(claimsFor(QString(32, u'a')), Secret), Secret, Now);
    QVERIFY(longest.ok);
    const TokenCheck dotted =
        Jwt::verify(Jwt::sign(claimsFor(QStringLiteral("Ann.B_c-9")), Secret), Secret, Now);
    QVERIFY(dotted.ok);
}

void JwtTest::emptySecretIsRefused()
{
    // A server with no secret must not accept a token signed with the empty key.
    const QByteArray emptyKeyToken = Jwt::sign(claimsFor(QStringLiteral("alice")), QByteArray());
    const TokenCheck both = Jwt::verify(emptyKeyToken, QByteArray(), Now);
    QVERIFY(!both.ok);
    QVERIFY(!both.error.isEmpty());

    const TokenCheck realToken =
        Jwt::verify(Jwt::sign(claimsFor(QStringLiteral("alice")), Secret), QByteArray(), Now);
    QVERIFY(!realToken.ok);

    const TokenCheck emptyKeyAgainstReal = Jwt::verify(emptyKeyToken, Secret, Now);
    QVERIFY(!emptyKeyAgainstReal.ok);
}

QTEST_GUILESS_MAIN(JwtTest)
#include "tst_jwt.moc"

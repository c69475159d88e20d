#pragma once

#include "Envelope.h"

#include <QLatin1String>
#include <QString>
#include <QStringList>

#include <optional>

namespace sb::protocol {

// Why a request was refused: an error code from ErrorCode and a message that names the field.
struct ValidationError
{
    QLatin1String code;
    QString message;
};

// Checks a decoded client request against PROTOCOL.md: the type is known, the fields its payload
// needs are there with the right JSON types, and names and text are within their limits.
// Unknown payload fields are ignored, as the protocol asks for forward compatibility.
class Validator
{
public:
    static constexpr int MaxTextBytes = 8 * 1024;    // chat and DM text, UTF-8
    static constexpr int MaxRoomNameLength = 64;
    static constexpr int MaxUserNameLength = 32;
    static constexpr int MaxHistoryLimit = 200;
    static constexpr int DefaultHistoryLimit = 50;
    static constexpr int MaxTickerHz = 60;
    static constexpr int MaxSymbolsPerRequest = 256;
    static constexpr int MaxReactionsPerMessage = 20; // distinct emoji
    static constexpr int MaxSearchQueryLength = 256;
    static constexpr int MaxBarLimit = 5000;        // ticker.history
    static constexpr int DefaultBarLimit = 500;

    static std::optional<ValidationError> validateRequest(const Envelope &request);

    // [a-z0-9][a-z0-9_-]{0,63}
    static bool isRoomName(QStringView name);
    // [A-Za-z0-9][A-Za-z0-9_.-]{0,31}
    static bool isUserName(QStringView name);
    // [A-Z0-9][A-Z0-9._^-]{0,15}, or "*" for every symbol
    static bool isSymbol(QStringView symbol);
    // Non-empty after trimming and at most MaxTextBytes of UTF-8.
    static bool isMessageText(const QString &text);
    // One emoji: a single grapheme cluster (QTextBoundaryFinder) that is a symbol (So), a flag
    // or a keycap, so "a", "ab" or "👍👍" are refused but "👍🏽", "🇫🇷" and "👨‍👩‍👧" pass.
    static bool isEmoji(const QString &text);
    static bool isKnownRequestType(const QString &type);

    // The intervals of ticker.history, shortest first: "1s" "5s" "15s" "1m" "5m" "15m" "1h".
    static QStringList barIntervalNames();
    // An interval's length in ms; nothing for a name that is not one of barIntervalNames().
    static std::optional<qint64> barIntervalMs(QStringView name);
};

} // namespace sb::protocol

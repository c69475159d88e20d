#include "Validator.h"

#include "ErrorCode.h"
#include "MessageType.h"

#include <QHash>
#include <QJsonArray>
#include <QTextBoundaryFinder>

#include <cmath>
#include <initializer_list>

namespace sb::protocol {
namespace {

// What a payload field must hold. Each kind has one check and one phrase for the error message.
enum class Kind {
    RoomName,
    UserName,
    MessageText,
    Bool,
    Seq,          // integer ≥ 0
    PositiveSeq,  // integer ≥ 1
    HistoryLimit, // integer 1..MaxHistoryLimit
    TickerHz,     // integer 1..MaxTickerHz
    ShortString,  // string of at most 64 characters
    Token,        // string of at most 4096 characters
    ClientInfo,   // string or object
    Status,       // online | away | busy
    Level,        // info | warning | critical
    Symbols,      // non-empty array of symbols
    Number,
    Emoji,        // one emoji (Validator::isEmoji)
    SearchQuery,  // non-empty after trimming, at most MaxSearchQueryLength characters
    NotifyLevel,  // all | mentions | none
    Symbol,       // one symbol of the feed ("*" is not one)
    BarInterval,  // one of Validator::barIntervalNames()
    BarLimit,     // integer 1..MaxBarLimit
    TimeMs,       // integer ≥ 1: ms since the Unix epoch
};

struct BarInterval
{
    const char *name;
    qint64 ms;
};

constexpr BarInterval barIntervals[] = {
    {"1s", 1000},       {"5s", 5000},         {"15s", 15000},     {"1m", 60'000},
    {"5m", 5 * 60'000}, {"15m", 15 * 60'000}, {"1h", 60 * 60'000},
};

struct Field
{
    QLatin1String name;
    Kind kind;
    bool required;
};

struct Schema
{
    bool idRequired; // chat.send and dm.send: the id is the dedupe key of a retried send
    QList<Field> fields;
};

bool isInteger(const QJsonValue &v, double min, double max)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    return std::trunc(d) == d && d >= min && d <= max;
}

bool isOneOf(const QJsonValue &v, std::initializer_list<const char *> choices)
{
    if (!v.isString())
        return false;
    const QString s = v.toString();
    for (const char *choice : choices) {
        if (s == QLatin1String(choice))
            return true;
    }
    return false;
}

bool symbolsValid(const QJsonValue &v)
{
    if (!v.isArray())
        return false;
    const QJsonArray array = v.toArray();
    if (array.isEmpty() || array.size() > Validator::MaxSymbolsPerRequest)
        return false;
    for (const QJsonValue &item : array) {
        if (!item.isString() || !Validator::isSymbol(item.toString()))
            return false;
    }
    return true;
}

bool matches(Kind kind, const QJsonValue &v)
{
    constexpr double maxSeq = 9007199254740991.0; // 2^53 - 1: the largest exact JSON integer
    switch (kind) {
    case Kind::RoomName: return v.isString() && Validator::isRoomName(v.toString());
    case Kind::UserName: return v.isString() && Validator::isUserName(v.toString());
    case Kind::MessageText: return v.isString() && Validator::isMessageText(v.toString());
    case Kind::Bool: return v.isBool();
    case Kind::Seq: return isInteger(v, 0, maxSeq);
    case Kind::PositiveSeq: return isInteger(v, 1, maxSeq);
    case Kind::HistoryLimit: return isInteger(v, 1, Validator::MaxHistoryLimit);
    case Kind::TickerHz: return isInteger(v, 1, Validator::MaxTickerHz);
    case Kind::ShortString: return v.isString() && v.toString().size() <= 64;
    case Kind::Token: return v.isString() && v.toString().size() <= 4096;
    case Kind::ClientInfo: return v.isString() || v.isObject();
    case Kind::Status: return isOneOf(v, {"online", "away", "busy"});
    case Kind::Level: return isOneOf(v, {"info", "warning", "critical"});
    case Kind::Symbols: return symbolsValid(v);
    case Kind::Number: return v.isDouble();
    case Kind::Emoji: return v.isString() && Validator::isEmoji(v.toString());
    case Kind::NotifyLevel: return isOneOf(v, {"all", "mentions", "none"});
    case Kind::SearchQuery:
        return v.isString() && !v.toString().trimmed().isEmpty()
            && v.toString().size() <= Validator::MaxSearchQueryLength;
    case Kind::Symbol:
        return v.isString() && v.toString() != QLatin1String("*") && Validator::isSymbol(v.toString());
    case Kind::BarInterval: return v.isString() && Validator::barIntervalMs(v.toString()).has_value();
    case Kind::BarLimit: return isInteger(v, 1, Validator::MaxBarLimit);
    case Kind::TimeMs: return isInteger(v, 1, maxSeq);
    }
    return false;
}

QString expectation(Kind kind)
{
    switch (kind) {
    case Kind::RoomName: return QStringLiteral("a room name ([a-z0-9][a-z0-9_-]{0,63})");
    case Kind::UserName: return QStringLiteral("a user name ([A-Za-z0-9][A-Za-z0-9_.-]{0,31})");
    case Kind::MessageText:
        return QStringLiteral("non-empty text of at most %1 bytes of UTF-8")
            .arg(Validator::MaxTextBytes);
    case Kind::Bool: return QStringLiteral("true or false");
    case Kind::Seq: return QStringLiteral("an integer ≥ 0");
    case Kind::PositiveSeq: return QStringLiteral("an integer ≥ 1");
    case Kind::HistoryLimit:
        return QStringLiteral("an integer from 1 to %1").arg(Validator::MaxHistoryLimit);
    case Kind::TickerHz: return QStringLiteral("an integer from 1 to %1").arg(Validator::MaxTickerHz);
    case Kind::ShortString: return QStringLiteral("a string of at most 64 characters");
    case Kind::Token: return QStringLiteral("a string of at most 4096 characters");
    case Kind::ClientInfo: return QStringLiteral("a string or an object");
    case Kind::Status: return QStringLiteral("one of online, away, busy");
    case Kind::Level: return QStringLiteral("one of info, warning, critical");
    case Kind::Symbols:
        return QStringLiteral("a non-empty array of at most %1 symbols (or [\"*\"])")
            .arg(Validator::MaxSymbolsPerRequest);
    case Kind::Number: return QStringLiteral("a number");
    case Kind::Emoji: return QStringLiteral("one emoji (a single grapheme cluster)");
    case Kind::NotifyLevel: return QStringLiteral("one of all, mentions, none");
    case Kind::SearchQuery:
        return QStringLiteral("non-empty text of at most %1 characters")
            .arg(Validator::MaxSearchQueryLength);
    case Kind::Symbol: return QStringLiteral("a symbol ([A-Z0-9][A-Z0-9._^-]{0,15})");
    case Kind::BarInterval:
        return QStringLiteral("one of %1").arg(Validator::barIntervalNames().join(QStringLiteral(", ")));
    case Kind::BarLimit: return QStringLiteral("an integer from 1 to %1").arg(Validator::MaxBarLimit);
    case Kind::TimeMs: return QStringLiteral("a time in ms since the Unix epoch (an integer ≥ 1)");
    }
    return {};
}

const QHash<QString, Schema> &schemas()
{
    namespace T = MessageType;
    const auto f = [](const char *name, Kind kind, bool required) {
        return Field{QLatin1String(name), kind, required};
    };
    static const QHash<QString, Schema> table{
        {T::Hello,
         {false,
          {f("token", Kind::Token, false), f("name", Kind::UserName, false),
           f("client", Kind::ClientInfo, false)}}},
        {T::RoomJoin,
         {false,
          {f("room", Kind::RoomName, true), f("since", Kind::Seq, false),
           f("epoch", Kind::ShortString, false)}}},
        {T::RoomLeave, {false, {f("room", Kind::RoomName, true)}}},
        {T::RoomList, {false, {}}},
        {T::ChatSend,
         {true,
          {f("room", Kind::RoomName, true), f("text", Kind::MessageText, true),
           f("reply_to", Kind::PositiveSeq, false)}}},
        {T::DmSend,
         {true,
          {f("to", Kind::UserName, true), f("text", Kind::MessageText, true),
           f("reply_to", Kind::PositiveSeq, false)}}},
        // Changes carry an id like sends: it dedupes a retry from the outbox.
        {T::ChatEdit,
         {true,
          {f("room", Kind::RoomName, true), f("seq", Kind::PositiveSeq, true),
           f("text", Kind::MessageText, true)}}},
        {T::ChatDelete, {true, {f("room", Kind::RoomName, true), f("seq", Kind::PositiveSeq, true)}}},
        {T::ChatReact,
         {true,
          {f("room", Kind::RoomName, true), f("seq", Kind::PositiveSeq, true),
           f("emoji", Kind::Emoji, true), f("remove", Kind::Bool, false)}}},
        {T::DmEdit,
         {true,
          {f("to", Kind::UserName, true), f("seq", Kind::PositiveSeq, true),
           f("text", Kind::MessageText, true)}}},
        {T::DmDelete, {true, {f("to", Kind::UserName, true), f("seq", Kind::PositiveSeq, true)}}},
        {T::DmReact,
         {true,
          {f("to", Kind::UserName, true), f("seq", Kind::PositiveSeq, true),
           f("emoji", Kind::Emoji, true), f("remove", Kind::Bool, false)}}},
        {T::RoomRead, {false, {f("room", Kind::RoomName, true), f("seq", Kind::Seq, true)}}},
        {T::DmRead, {false, {f("with", Kind::UserName, true), f("seq", Kind::Seq, true)}}},
        // Either field may be left out (it keeps its value), not both (NotifyHandler says so).
        {T::RoomNotify,
         {false,
          {f("room", Kind::RoomName, true), f("level", Kind::NotifyLevel, false),
           f("muted", Kind::Bool, false)}}},
        {T::DmNotify,
         {false,
          {f("with", Kind::UserName, true), f("level", Kind::NotifyLevel, false),
           f("muted", Kind::Bool, false)}}},
        {T::Search,
         {false,
          {f("query", Kind::SearchQuery, true), f("room", Kind::RoomName, false),
           f("from", Kind::UserName, false), f("before", Kind::PositiveSeq, false),
           f("limit", Kind::HistoryLimit, false)}}},
        {T::Typing, {false, {f("room", Kind::RoomName, true), f("active", Kind::Bool, true)}}},
        {T::PresenceSet, {false, {f("status", Kind::Status, true)}}},
        {T::HistoryGet,
         {false,
          {f("room", Kind::RoomName, true), f("before", Kind::PositiveSeq, false),
           f("around", Kind::PositiveSeq, false), f("limit", Kind::HistoryLimit, false)}}},
        {T::DmHistory,
         {false,
          {f("with", Kind::UserName, true), f("before", Kind::PositiveSeq, false),
           f("around", Kind::PositiveSeq, false), f("limit", Kind::HistoryLimit, false)}}},
        {T::TickerSubscribe,
         {false, {f("symbols", Kind::Symbols, true), f("max_hz", Kind::TickerHz, false)}}},
        {T::TickerUnsubscribe, {false, {f("symbols", Kind::Symbols, true)}}},
        {T::TickerHistory,
         {false,
          {f("symbol", Kind::Symbol, true), f("interval", Kind::BarInterval, true),
           f("before", Kind::TimeMs, false), f("limit", Kind::BarLimit, false)}}},
        {T::Ping, {false, {f("t", Kind::Number, false)}}},
        {T::Announce,
         {false, {f("text", Kind::MessageText, true), f("level", Kind::Level, false)}}},
    };
    return table;
}

} // namespace

std::optional<ValidationError> Validator::validateRequest(const Envelope &request)
{
    const auto &table = schemas();
    const auto it = table.constFind(request.type);
    if (it == table.cend()) {
        return ValidationError{ErrorCode::UnknownType,
                               QStringLiteral("unknown type \"%1\"").arg(request.type.left(64))};
    }
    if (it->idRequired && request.id.isEmpty()) {
        return ValidationError{ErrorCode::BadEnvelope,
                               QStringLiteral("%1 needs an \"id\": it makes a retried send safe")
                                   .arg(request.type)};
    }
    for (const Field &field : it->fields) {
        const QJsonValue value = request.payload.value(field.name);
        if (value.isUndefined()) {
            if (field.required) {
                return ValidationError{ErrorCode::InvalidArgument,
                                       QStringLiteral("payload.%1 is missing: expected %2")
                                           .arg(field.name, expectation(field.kind))};
            }
            continue;
        }
        if (!matches(field.kind, value)) {
            // Text that is merely too long is its own case: the user should shorten it.
            const bool tooLong = field.kind == Kind::MessageText && value.isString()
                && value.toString().toUtf8().size() > MaxTextBytes;
            return ValidationError{tooLong ? ErrorCode::TooLarge : ErrorCode::InvalidArgument,
                                   QStringLiteral("payload.%1 must be %2")
                                       .arg(field.name, expectation(field.kind))};
        }
    }
    return std::nullopt;
}

QStringList Validator::barIntervalNames()
{
    QStringList names;
    for (const BarInterval &interval : barIntervals)
        names.append(QLatin1String(interval.name));
    return names;
}

std::optional<qint64> Validator::barIntervalMs(QStringView name)
{
    for (const BarInterval &interval : barIntervals) {
        if (name == QLatin1String(interval.name))
            return interval.ms;
    }
    return std::nullopt;
}

bool Validator::isRoomName(QStringView name)
{
    if (name.isEmpty() || name.size() > MaxRoomNameLength)
        return false;
    const auto lowerOrDigit = [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
    };
    if (!lowerOrDigit(name.front()))
        return false;
    for (QChar c : name) {
        if (!lowerOrDigit(c) && c != u'_' && c != u'-')
            return false;
    }
    return true;
}

bool Validator::isUserName(QStringView name)
{
    if (name.isEmpty() || name.size() > MaxUserNameLength)
        return false;
    const auto alnum = [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
    };
    if (!alnum(name.front()))
        return false;
    for (QChar c : name) {
        if (!alnum(c) && c != u'_' && c != u'.' && c != u'-')
            return false;
    }
    return true;
}

bool Validator::isSymbol(QStringView symbol)
{
    if (symbol == u"*")
        return true;
    if (symbol.isEmpty() || symbol.size() > 16)
        return false;
    const auto upperOrDigit = [](QChar c) {
        return (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
    };
    if (!upperOrDigit(symbol.front()))
        return false;
    for (QChar c : symbol) {
        if (!upperOrDigit(c) && c != u'.' && c != u'_' && c != u'^' && c != u'-')
            return false;
    }
    return true;
}

bool Validator::isMessageText(const QString &text)
{
    return !text.trimmed().isEmpty() && text.toUtf8().size() <= MaxTextBytes;
}

bool Validator::isEmoji(const QString &text)
{
    if (text.isEmpty() || text.size() > 32)
        return false;
    QTextBoundaryFinder graphemes(QTextBoundaryFinder::Grapheme, text);
    if (graphemes.toNextBoundary() != text.size())
        return false; // more than one cluster
    const char32_t first = text.at(0).isHighSurrogate() && text.size() > 1
        ? QChar::surrogateToUcs4(text.at(0), text.at(1))
        : char32_t(text.at(0).unicode());
    constexpr char32_t Keycap = 0x20E3; // "1️⃣": a digit, VS16, the enclosing keycap
    constexpr char32_t RegionalIndicatorA = 0x1F1E6, RegionalIndicatorZ = 0x1F1FF;
    return QChar::category(first) == QChar::Symbol_Other
        || (first >= RegionalIndicatorA && first <= RegionalIndicatorZ)
        || text.contains(QChar(Keycap));
}

bool Validator::isKnownRequestType(const QString &type)
{
    return schemas().contains(type);
}

} // namespace sb::protocol

#include "TickerHistoryReply.h"

#include "protocol/Codec.h"

#include <QCborStreamWriter>
#include <QJsonArray>

#include <charconv>

namespace sb::server {

using namespace sb::protocol;

namespace {

// Shortest text that reads back as the same double (what Qt's writer emits too).
void appendNumber(QByteArray &out, double value)
{
    char digits[32];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, end - digits);
}

void appendNumber(QByteArray &out, qint64 value)
{
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, end - digits);
}

QByteArray barsJson(const QList<Bar> &bars)
{
    QByteArray text;
    text.reserve(bars.size() * 80);
    for (const Bar &bar : bars) {
        text.append(text.isEmpty() ? "{\"t\":" : ",{\"t\":");
        appendNumber(text, bar.start);
        text.append(",\"o\":");
        appendNumber(text, bar.open);
        text.append(",\"h\":");
        appendNumber(text, bar.high);
        text.append(",\"l\":");
        appendNumber(text, bar.low);
        text.append(",\"c\":");
        appendNumber(text, bar.close);
        text.append(",\"v\":");
        appendNumber(text, bar.volume);
        text.append('}');
    }
    return text;
}

QByteArray barsCbor(const QList<Bar> &bars)
{
    QByteArray bytes;
    bytes.reserve(bars.size() * 64);
    QCborStreamWriter writer(&bytes);
    writer.startArray(quint64(bars.size()));
    for (const Bar &bar : bars) {
        writer.startMap(6);
        writer.append(QLatin1String("t"));
        writer.append(bar.start);
        writer.append(QLatin1String("o"));
        writer.append(bar.open);
        writer.append(QLatin1String("h"));
        writer.append(bar.high);
        writer.append(QLatin1String("l"));
        writer.append(bar.low);
        writer.append(QLatin1String("c"));
        writer.append(bar.close);
        writer.append(QLatin1String("v"));
        writer.append(bar.volume);
        writer.endMap();
    }
    writer.endArray();
    return bytes;
}

} // namespace

QJsonObject TickerHistoryReply::toJson(const Bar &bar)
{
    return {{QLatin1String("t"), bar.start}, {QLatin1String("o"), bar.open},
            {QLatin1String("h"), bar.high},  {QLatin1String("l"), bar.low},
            {QLatin1String("c"), bar.close}, {QLatin1String("v"), bar.volume}};
}

QByteArray TickerHistoryReply::encode(WireFormat format, Envelope envelope, const QList<Bar> &bars)
{
    envelope.payload.insert(QLatin1String("bars"), QJsonArray());
    QByteArray encoded = Codec::encode(envelope, format);
    if (format == WireFormat::Json) {
        // Unescaped quotes only delimit keys and strings, so this is the payload's key, once.
        static const QByteArray emptyBars = QByteArrayLiteral("\"bars\":[]");
        const qsizetype at = encoded.indexOf(emptyBars);
        Q_ASSERT(at >= 0);
        encoded.insert(at + emptyBars.size() - 1, barsJson(bars));
    } else {
        // The key "bars" (text of 4) and an empty array (0x80): in UTF-8 text a 0x80 byte never
        // follows an ASCII letter, so this too is the payload's key, once. The map around it
        // counts entries, not bytes, so the array can grow in place.
        static const QByteArray emptyBars = QByteArrayLiteral("\x64" "bars" "\x80");
        const qsizetype at = encoded.indexOf(emptyBars);
        Q_ASSERT(at >= 0);
        encoded.replace(at + emptyBars.size() - 1, 1, barsCbor(bars));
    }
    return encoded;
}

} // namespace sb::server

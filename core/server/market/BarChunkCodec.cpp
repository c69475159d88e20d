#include "BarChunkCodec.h"

#include <QtEndian>

#include <cmath>
#include <cstring>
#include <optional>

namespace sb::server {

namespace {

enum Format : char { Scaled = 2, Doubles = 3 };

constexpr double powersOfTen[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
static_assert(std::size(powersOfTen) == BarChunkCodec::MaxDecimals + 1);

char *putVarint(char *out, qint64 value)
{
    quint64 zigzag = (quint64(value) << 1) ^ quint64(value >> 63);
    while (zigzag >= 0x80) {
        *out++ = char(zigzag | 0x80);
        zigzag >>= 7;
    }
    *out++ = char(zigzag);
    return out;
}

// False when the blob ends inside the number.
bool takeVarint(const char *&in, const char *end, qint64 &value)
{
    quint64 zigzag = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (in == end)
            return false;
        const quint8 byte = quint8(*in++);
        zigzag |= quint64(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            value = qint64(zigzag >> 1) ^ -qint64(zigzag & 1);
            return true;
        }
    }
    return false;
}

// `price` as a whole number of 10^-decimals, if that reads back as exactly `price`.
std::optional<qint64> scaled(double price, int decimals)
{
    const double units = std::round(price * powersOfTen[decimals]);
    if (!(std::abs(units) < 9007199254740992.0)) // 2^53, and not NaN
        return std::nullopt;
    if (units / powersOfTen[decimals] != price)
        return std::nullopt;
    return qint64(units);
}

// The fewest decimals that hold every price of `bars` exactly; nothing when none does.
std::optional<int> decimalsFor(const QList<Bar> &bars)
{
    int decimals = 0;
    for (const Bar &bar : bars) {
        for (const double price : {bar.open, bar.high, bar.low, bar.close}) {
            while (!scaled(price, decimals)) {
                if (++decimals > BarChunkCodec::MaxDecimals)
                    return std::nullopt;
            }
        }
    }
    return decimals;
}

} // namespace

QByteArray BarChunkCodec::encode(qint64 chunkStart, const QList<Bar> &bars)
{
    const std::optional<int> decimals = decimalsFor(bars);
    // At most: the gap in seconds, four prices (a varint of a 64-bit number is at most 10 bytes, a
    // double 8) and the volume.
    QByteArray blob(2 + bars.size() * (10 + 4 * 10 + 10), Qt::Uninitialized);
    char *out = blob.data();
    *out++ = decimals ? Scaled : Doubles;
    if (decimals)
        *out++ = char(*decimals);
    qint64 previous = 0;
    qint64 previousSecond = chunkStart;
    for (const Bar &bar : bars) {
        out = putVarint(out, (bar.start - previousSecond) / 1000);
        previousSecond = bar.start;
        for (const double price : {bar.open, bar.high, bar.low, bar.close}) {
            if (decimals) {
                const qint64 units = *scaled(price, *decimals);
                out = putVarint(out, units - previous);
                previous = units;
            } else {
                quint64 bits;
                std::memcpy(&bits, &price, sizeof bits);
                qToLittleEndian(bits, out);
                out += 8;
            }
        }
        out = putVarint(out, bar.volume);
    }
    blob.truncate(out - blob.constData());
    return blob;
}

QList<Bar> BarChunkCodec::decode(qint64 chunkStart, const QByteArray &blob)
{
    QList<Bar> bars;
    if (blob.isEmpty())
        return bars;
    const char *in = blob.constData();
    const char *end = in + blob.size();
    const char format = *in++;
    if (format != Scaled && format != Doubles)
        return bars;
    int decimals = 0;
    if (format == Scaled) {
        if (in == end || quint8(*in) > MaxDecimals)
            return {};
        decimals = *in++;
    }
    const double scale = powersOfTen[decimals];
    bars.reserve(blob.size() / (format == Scaled ? 8 : 34));
    qint64 previous = 0;
    qint64 second = chunkStart;
    while (in != end) {
        Bar bar;
        qint64 gap = 0;
        if (!takeVarint(in, end, gap))
            return {};
        second += gap * 1000;
        bar.start = second;
        for (double *price : {&bar.open, &bar.high, &bar.low, &bar.close}) {
            if (format == Scaled) {
                qint64 delta = 0;
                if (!takeVarint(in, end, delta))
                    return {};
                previous += delta;
                *price = double(previous) / scale;
            } else {
                if (end - in < 8)
                    return {};
                const quint64 bits = qFromLittleEndian<quint64>(in);
                in += 8;
                std::memcpy(price, &bits, sizeof bits);
            }
        }
        if (!takeVarint(in, end, bar.volume))
            return {};
        bars.append(bar);
    }
    return bars;
}

} // namespace sb::server

#include "ui/chart/ChartCsv.h"

#include "models/SeriesStore.h"

#include <QDateTime>
#include <QSaveFile>

namespace sb::ui {

namespace {

QByteArray isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toUtf8();
}

QByteArray number(double value)
{
    // 'g' with 10 digits keeps prices exact to the cent without trailing noise.
    return QByteArray::number(value, 'g', 10);
}

} // namespace

QByteArray ChartCsv::ticks(
    const models::SeriesStore &store, const QStringList &symbols, qint64 fromMs, qint64 toMs)
{
    QByteArray out = "symbol,time_ms,time_utc,price,volume\n";
    for (const QString &symbol : symbols) {
        const QByteArray name = symbol.toUtf8();
        const QList<models::SeriesStore::Tick> ticks = store.ticks(symbol, fromMs, toMs);
        for (const models::SeriesStore::Tick &tick : ticks) {
            out += name + ',' + QByteArray::number(tick.ts) + ',' + isoTime(tick.ts) + ','
                + number(tick.price) + ',' + QByteArray::number(tick.volume) + '\n';
        }
    }
    return out;
}

QByteArray ChartCsv::bars(const models::SeriesStore &store, const QString &symbol,
    models::SeriesStore::Timeframe timeframe, qint64 fromMs, qint64 toMs)
{
    QByteArray out = "symbol,start_ms,start_utc,open,high,low,close,volume\n";
    const QByteArray name = symbol.toUtf8();
    const QList<models::OhlcBar> bars = store.bars(symbol, timeframe, fromMs, toMs);
    for (const models::OhlcBar &bar : bars) {
        out += name + ',' + QByteArray::number(bar.startMs) + ',' + isoTime(bar.startMs) + ','
            + number(bar.open) + ',' + number(bar.high) + ',' + number(bar.low) + ','
            + number(bar.close) + ',' + QByteArray::number(bar.volume) + '\n';
    }
    return out;
}

bool ChartCsv::write(const QString &file, const QByteArray &content)
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return false;
    if (out.write(content) != content.size()) {
        out.cancelWriting();
        return false;
    }
    return out.commit();
}

} // namespace sb::ui

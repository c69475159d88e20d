#pragma once

#include "models/SeriesStore.h"

#include <QByteArray>
#include <QStringList>

namespace sb::ui {

// The CSV export of what the chart shows: the raw ticks (line mode) or the bars (candles) of
// the visible window, one header line then one row per tick or bar, times both as epoch ms and
// as ISO 8601 UTC so a spreadsheet and a script can both read them.
class ChartCsv {
public:
    static QByteArray ticks(
        const models::SeriesStore &store, const QStringList &symbols, qint64 fromMs, qint64 toMs);
    static QByteArray bars(const models::SeriesStore &store, const QString &symbol,
        models::SeriesStore::Timeframe timeframe, qint64 fromMs, qint64 toMs);

    // Writes atomically (QSaveFile): a failed export never leaves half a file behind.
    static bool write(const QString &file, const QByteArray &content);
};

} // namespace sb::ui

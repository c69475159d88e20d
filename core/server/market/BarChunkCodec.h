#pragma once

#include "Bar.h"

#include <QByteArray>

namespace sb::server {

// How a chunk of one symbol's one-second bars (BarStore::ChunkMs) is packed into a row of
// bars.sqlite3. Prices are quoted in decimals (the simulator in cents, recordings as written), so
// the usual form is the smallest power of ten that makes every price of the chunk a whole
// number, and each price as the difference from the one before it (open from the previous
// close, then high, low, close) in a zig-zag varint; the bar's second as the gap from the
// previous bar's, and the volume, as varints too: ~8 bytes a bar instead of 48, which is what
// makes the backfill's write and a day's read fast. A chunk with a price no such scale holds
// exactly keeps its doubles. Either way every value reads back bit for bit.
class BarChunkCodec
{
public:
    static QByteArray encode(qint64 chunkStart, const QList<Bar> &bars);
    // Nothing for a blob that is not one of these formats.
    static QList<Bar> decode(qint64 chunkStart, const QByteArray &blob);

    static constexpr int MaxDecimals = 9;
};

} // namespace sb::server

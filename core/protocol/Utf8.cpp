#include "Utf8.h"

namespace sb::protocol {

QByteArray truncateUtf8(const QString &text, int maxBytes)
{
    QByteArray utf8 = text.toUtf8();
    if (utf8.size() <= maxBytes)
        return utf8;
    int cut = qMax(0, maxBytes);
    // Step back over continuation bytes (10xxxxxx) to the lead byte of the cut character.
    while (cut > 0 && (uchar(utf8.at(cut)) & 0xC0) == 0x80)
        --cut;
    utf8.truncate(cut);
    return utf8;
}

} // namespace sb::protocol

#pragma once

#include <QByteArray>
#include <QString>

namespace sb::protocol {

// `text` as UTF-8 cut to at most `maxBytes` on a character boundary. WebSocket close reasons
// allow 123 bytes, and a cut inside a character makes the peer close with 1007.
QByteArray truncateUtf8(const QString &text, int maxBytes);

} // namespace sb::protocol

#include "WsEngine.h"

#include "BeastWsEngine.h"
#include "QtWsEngine.h"

namespace sb::server {

const QString &WsMessage::string() const
{
    if (m_string.isEmpty() && !m_bytes.isEmpty())
        m_string = QString::fromUtf8(m_bytes);
    return m_string;
}

QStringList WsEngine::names()
{
    return { QStringLiteral("qt"), QStringLiteral("beast") };
}

std::unique_ptr<WsEngine> WsEngine::create(const QString &name, WsEngineOptions options)
{
    if (name == QLatin1String("qt"))
        return std::make_unique<QtWsEngine>(std::move(options));
    if (name == QLatin1String("beast"))
        return std::make_unique<BeastWsEngine>(std::move(options));
    return nullptr;
}

} // namespace sb::server

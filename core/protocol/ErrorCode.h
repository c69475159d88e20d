#pragma once

#include <QLatin1String>

// The `code` of an `error` envelope (PROTOCOL.md). Stable; never rename.
namespace sb::protocol::ErrorCode {

inline constexpr QLatin1String BadJson{"bad_json"};
inline constexpr QLatin1String BadEnvelope{"bad_envelope"};
inline constexpr QLatin1String UnknownType{"unknown_type"};
inline constexpr QLatin1String Unauthorized{"unauthorized"};
inline constexpr QLatin1String Forbidden{"forbidden"};
inline constexpr QLatin1String RateLimited{"rate_limited"};
inline constexpr QLatin1String TooLarge{"too_large"};
inline constexpr QLatin1String NotFound{"not_found"};
inline constexpr QLatin1String InvalidArgument{"invalid_argument"};
inline constexpr QLatin1String Internal{"internal"};

} // namespace sb::protocol::ErrorCode

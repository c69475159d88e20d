// libFuzzer target: Codec::decodeJson on arbitrary bytes. Every envelope it accepts must survive
// encodeJson → decodeJson unchanged (exactly), and encodeCbor → decodeCbor too (the codecs must
// agree; numbers compared as JSON numbers, see sameJson).
#include "FuzzCommon.h"

using sb::protocol::Codec;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const sb::protocol::DecodeResult result = Codec::decodeJson(sb::fuzz::bytes(data, size));
    if (!result.ok())
        return 0;
    sb::fuzz::checkRoundTrip(result.envelope, &Codec::encodeJson, &Codec::decodeJson,
                             "JSON round trip");
    sb::fuzz::checkRoundTrip(result.envelope, &Codec::encodeCbor, &Codec::decodeCbor,
                             "JSON-decoded envelope through CBOR",
                             sb::fuzz::Equality::AsJson);
    return 0;
}

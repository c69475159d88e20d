// libFuzzer target: Codec::decodeCbor on arbitrary bytes. Every envelope it accepts must survive
// encodeCbor → decodeCbor unchanged (exactly), and encodeJson → decodeJson too (the codecs must
// agree; numbers compared as JSON numbers, see sameJson).
#include "FuzzCommon.h"

using sb::protocol::Codec;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const sb::protocol::DecodeResult result = Codec::decodeCbor(sb::fuzz::bytes(data, size));
    if (!result.ok())
        return 0;
    sb::fuzz::checkRoundTrip(result.envelope, &Codec::encodeCbor, &Codec::decodeCbor,
                             "CBOR round trip");
    sb::fuzz::checkRoundTrip(result.envelope, &Codec::encodeJson, &Codec::decodeJson,
                             "CBOR-decoded envelope through JSON",
                             sb::fuzz::Equality::AsJson);
    return 0;
}

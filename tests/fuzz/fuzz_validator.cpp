// libFuzzer target: decodeJson then Validator::validateRequest, as the server does for every
// client frame. It must never crash (ASan/UBSan report) and a refusal must carry an error code.
// The name/text predicates also get the raw input as a string.
#include "FuzzCommon.h"

#include "protocol/Validator.h"

using sb::protocol::Codec;
using sb::protocol::Validator;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = sb::fuzz::bytes(data, size);
    const sb::protocol::DecodeResult result = Codec::decodeJson(input);
    if (result.ok()) {
        const auto error = Validator::validateRequest(result.envelope);
        if (error && error->code.isEmpty())
            sb::fuzz::fail("validator refused without an error code", sb::fuzz::describe(result.envelope));
    }

    const QString text = QString::fromUtf8(input);
    (void)Validator::isRoomName(text);
    (void)Validator::isUserName(text);
    (void)Validator::isSymbol(text);
    (void)Validator::isMessageText(text);
    (void)Validator::isKnownRequestType(text);
    return 0;
}

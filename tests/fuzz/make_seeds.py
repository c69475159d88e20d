#!/usr/bin/env python3
"""Writes the seed corpora in tests/fuzz/corpus/ (run once; the files are committed).

JSON seeds are envelopes from PROTOCOL.md plus edge cases; CBOR seeds are the same envelopes
encoded with the tiny CBOR writer below, plus CBOR-only edge cases; JWT seeds are tokens signed
with the fuzz target's secret and claims objects. Standard library only."""
import base64, hashlib, hmac, json, os, struct, sys

HERE = os.path.dirname(os.path.abspath(__file__))
JWT_SECRET = b"fuzzing secret, not a real one"  # must match fuzz_jwt.cpp


def cbor_head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for extra, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | extra]) + struct.pack(fmt, n)
    raise ValueError(n)


def cbor(v):
    if v is None:
        return b"\xf6"
    if v is True:
        return b"\xf5"
    if v is False:
        return b"\xf4"
    if isinstance(v, int):
        return cbor_head(0, v) if v >= 0 else cbor_head(1, -1 - v)
    if isinstance(v, float):
        return b"\xfb" + struct.pack(">d", v)
    if isinstance(v, bytes):
        return cbor_head(2, len(v)) + v
    if isinstance(v, str):
        b = v.encode()
        return cbor_head(3, len(b)) + b
    if isinstance(v, list):
        return cbor_head(4, len(v)) + b"".join(cbor(x) for x in v)
    if isinstance(v, dict):
        return cbor_head(5, len(v)) + b"".join(cbor(k) + cbor(x) for k, x in v.items())
    raise TypeError(v)


TS = 1732300000000
ENVELOPES = {
    "chat_send": {"type": "chat.send", "id": "c-42", "ts": TS, "payload": {"room": "general", "text": "hi"}, "meta": {}},
    "hello": {"type": "hello", "id": "h-1", "ts": TS, "payload": {"name": "alice", "client": {"name": "sb", "version": "0.1"}}},
    "room_join": {"type": "room.join", "id": "j-1", "ts": TS, "payload": {"room": "general", "since": 41, "epoch": "e1"}},
    "room_leave": {"type": "room.leave", "id": "l-1", "ts": TS, "payload": {"room": "general"}},
    "room_list": {"type": "room.list", "id": "r-1", "ts": TS},
    "dm_send": {"type": "dm.send", "id": "d-1", "ts": TS, "payload": {"to": "bob", "text": "h\u00e9llo \U0001F600"}},
    "typing": {"type": "typing", "ts": TS, "payload": {"room": "general", "active": True}},
    "presence_set": {"type": "presence.set", "ts": TS, "payload": {"status": "away"}},
    "history_get": {"type": "history.get", "id": "hg-1", "ts": TS, "payload": {"room": "general", "before": 100, "limit": 200}},
    "dm_history": {"type": "dm.history", "id": "dh-1", "ts": TS, "payload": {"with": "bob", "before": 3, "limit": 50}},
    "ticker_subscribe": {"type": "ticker.subscribe", "id": "t-1", "ts": TS, "payload": {"symbols": ["AAPL", "BRK.B", "^GSPC"], "max_hz": 10}},
    "ticker_all": {"type": "ticker.subscribe", "id": "t-2", "ts": TS, "payload": {"symbols": ["*"]}},
    "ticker_unsubscribe": {"type": "ticker.unsubscribe", "id": "t-3", "ts": TS, "payload": {"symbols": ["AAPL"]}},
    "ping": {"type": "ping", "id": "p-1", "ts": TS, "payload": {"t": 12345.5}},
    "announce": {"type": "announce", "id": "a-1", "ts": TS, "payload": {"text": "maintenance at 5", "level": "warning"}, "meta": {"trace": "x1"}},
    "chat_message": {"type": "chat.message", "ts": TS, "payload": {"room": "general", "seq": 7, "from": "alice", "text": "hi", "ts": TS, "client_id": "c-42"}},
    "ticker_batch": {"type": "ticker.batch", "ts": TS, "payload": {"ticks": [{"s": "AAPL", "p": 189.25, "v": 100, "t": TS}]}},
    "error": {"type": "error", "id": "c-42", "ts": TS, "payload": {"id": "c-42", "code": "bad_envelope", "message": "\"type\" is missing"}},
    "unknown_fields": {"type": "chat.send", "id": "c-43", "ts": TS, "payload": {"room": "general", "text": "x", "extra": [1, None, False]}, "future": 1},
    "minimal": {"type": "x"},
    "negative_ts": {"type": "ping", "ts": -1, "payload": {"t": -0.0}},
    "big_ts": {"type": "ping", "ts": 9007199254740991},
    "nested": {"type": "chat.send", "id": "n", "payload": {"a": [[[[{"b": [[1.5e300, -2]]}]]]]}},
}
JSON_EDGE = {
    "edge_missing_type": b'{"id":"x","payload":{}}',
    "edge_id_not_string": b'{"type":"ping","id":5}',
    "edge_fractional_ts": b'{"type":"ping","ts":1.5}',
    "edge_huge_ts": b'{"type":"ping","ts":1e300}',
    "edge_payload_array": b'{"type":"ping","payload":[]}',
    "edge_not_object": b'["type","ping"]',
    "edge_truncated": b'{"type":"chat.send","payload":{"room":"gen',
    "edge_escapes": b'{"type":"chat.send","id":"\\u00e9\\ud83d\\ude00","payload":{"room":"general","text":"\\n\\t\\"\\\\"}}',
    "edge_lone_surrogate": b'{"type":"chat.send","id":"s","payload":{"room":"general","text":"\\ud800"}}',
    "edge_raw_surrogate": b'{"type":"chat.send","id":"r","payload":{"room":"general","text":"\xed\xa0\x80"}}',
    "edge_surrogate_key": b'{"type":"ping","id":"k","payload":{"\\udc00":1}}',
    "edge_invalid_utf8": b'{"type":"chat.send","id":"u","payload":{"room":"general","text":"\xff\xfe"}}',
    "edge_duplicate_keys": b'{"type":"ping","type":"room.list","id":"d"}',
    "edge_history_limits": b'{"type":"history.get","id":"h","payload":{"room":"general","before":-1,"limit":0}}',
    "edge_ticker_hz": b'{"type":"ticker.subscribe","id":"t","payload":{"symbols":["AAPL"],"max_hz":1e20}}',
    "edge_empty": b'',
}
CBOR_EDGE = {
    "edge_bytes_value": cbor({"type": "ping", "payload": {"t": b"\x00\x01"}}),
    "edge_tagged": b"\xa1" + cbor("type") + b"\xc1\x1a\x65\x00\x00\x00",  # tag 1 (epoch time)
    "edge_int_key": b"\xa2" + cbor("type") + cbor("ping") + cbor(1) + cbor(2),
    "edge_trailing": cbor({"type": "ping"}) + b"\x00",
    "edge_undefined": b"\xa2" + cbor("type") + cbor("ping") + cbor("payload") + b"\xa1" + cbor("u") + b"\xf7",
    "edge_indefinite": b"\xbf" + cbor("type") + b"\x7f" + cbor("pi") + cbor("ng") + b"\xff" + b"\xff",
    "edge_half_float_ts": b"\xa2" + cbor("type") + cbor("ping") + cbor("ts") + b"\xf9\x3c\x00",
    "edge_nan": b"\xa2" + cbor("type") + cbor("ping") + cbor("payload") + b"\xa1" + cbor("x") + b"\xf9\x7e\x00",
    "edge_big_negative": cbor({"type": "ping", "payload": {"n": -(1 << 63)}}),
    "edge_uint64_max": cbor({"type": "ping", "payload": {"n": (1 << 64) - 1}}),
    "edge_invalid_utf8": b"\xa1" + cbor("type") + b"\x62\xff\xfe",
    "edge_truncated": cbor(ENVELOPES["chat_send"])[:-3],
    "edge_array": cbor(["type", "ping"]),
}


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=")


def jwt(claims, header=None, secret=JWT_SECRET):
    h = b64url(json.dumps(header or {"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    c = b64url(json.dumps(claims, separators=(",", ":")).encode())
    sig = b64url(hmac.new(secret, h + b"." + c, hashlib.sha256).digest())
    return h + b"." + c + b"." + sig


FUTURE = 1732300000 + 3600
JWT_SEEDS = {
    "token_valid": jwt({"sub": "alice", "exp": FUTURE}),
    "token_admin_rooms": jwt({"sub": "ops.bot", "exp": FUTURE, "role": "admin", "rooms": ["staff", 3, "vip"]}),
    "token_expired": jwt({"sub": "alice", "exp": 1000}),
    "token_far_future": jwt({"sub": "alice", "exp": 1e300}),
    "token_bad_sub": jwt({"sub": "not a name!", "exp": FUTURE}),
    "token_alg_none": jwt({"sub": "alice", "exp": FUTURE}, {"alg": "none"})[:-43] ,
    "token_wrong_secret": jwt({"sub": "alice", "exp": FUTURE}, secret=b"other"),
    "token_garbage": b"a.b.c",
    "claims_valid": b'{"sub":"alice","exp":1732303600,"rooms":["vip"]}',
    "claims_admin": b'{"sub":"root","exp":4e9,"role":"admin"}',
    "claims_expired": b'{"sub":"alice","exp":1732300000}',
    "claims_string_exp": b'{"sub":"alice","exp":"1732303600"}',
    "claims_fraction_exp": b'{"sub":"alice","exp":1732300000.5}',
    "claims_huge_exp": b'{"sub":"alice","exp":1.7e308}',
    "claims_long_sub": b'{"sub":"a234567890123456789012345678901234","exp":4e9}',
}


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    for name, env in ENVELOPES.items():
        text = json.dumps(env, separators=(",", ":"), ensure_ascii=False).encode()
        write("fuzz_json_codec", name + ".json", text)
        write("fuzz_validator", name + ".json", text)
        write("fuzz_cbor_codec", name + ".cbor", cbor(env))
    for name, data in JSON_EDGE.items():
        write("fuzz_json_codec", name + ".json", data)
        write("fuzz_validator", name + ".json", data)
    for name, data in CBOR_EDGE.items():
        write("fuzz_cbor_codec", name + ".cbor", data)
    for name, data in JWT_SEEDS.items():
        write("fuzz_jwt", name + (".jwt" if name.startswith("token") else ".json"), data)


if __name__ == "__main__":
    sys.exit(main())

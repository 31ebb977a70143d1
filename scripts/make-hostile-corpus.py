#!/usr/bin/env python3
"""Writes the hostile-input corpus (shared/core/src/test/resources/hostile/) and its expectations (cases.json).

Every case is a log object an attacker, a broken producer or bad luck could put in the log bucket. The test
(HostileCorpusTest) ingests each one and checks: no exception, the counts add up, the good records around the
bad ones are still written, and the expected reasons are recorded. Deterministic: rerun to regenerate.
"""
import gzip, json, os, random

OUT = os.path.join(os.path.dirname(__file__), "..", "shared", "core", "src", "test", "resources", "hostile")
os.makedirs(OUT, exist_ok=True)
rnd = random.Random(1234)
cases = []


def good(rid, text="Use AKIAQYLPMN5HFIQR7XB2 for deploys."):
    return json.dumps({"schemaType": "ModelInvocationLog", "requestId": rid, "operation": "Converse",
                       "modelId": "m", "output": {"outputBodyJson": {"output": {"message": {"content": [{"text": text}]}}}}})


def write(name, data, good_ids=(), reasons=(), note=""):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    cases.append({"file": name, "good": list(good_ids), "reasons": list(reasons), "note": note})


def gz(b):
    return gzip.compress(b, mtime=0)


lines = lambda *ls: ("\n".join(ls) + "\n").encode()

full = gz(lines(*[good("trunc-%d" % i) for i in range(200)]))
write("01-truncated.json.gz", full[: len(full) * 2 // 3], ["trunc-0"], ["truncated-gzip"], "gzip cut mid-stream")
write("02-gzip-bomb.json.gz", gz(b"A" * (80 * 1024 * 1024)), [], ["object-too-large"], "80 MB of one byte, ~1000:1")
write("03-invalid-json.jsonl", lines(good("ij-1"), '{"requestId": "x", ', "{]", good("ij-2")), ["ij-1", "ij-2"],
      ["invalid-json"], "broken lines between good ones")
write("04-invalid-utf8.jsonl", lines(good("u8-1")) + b'{"requestId":"\xc3\x28"}\n' + lines(good("u8-2")),
      ["u8-1", "u8-2"], ["invalid-utf8"], "an overlong / invalid UTF-8 sequence")
write("05-20mb-line.jsonl.gz", gz(lines(good("big-1")) + b'{"x":"' + b"y" * (20 * 1024 * 1024) + b'"}\n'
                                   + lines(good("big-2"))), ["big-1", "big-2"], ["record-too-large"],
      "a 20 MB single line")
write("06-deep-nesting.jsonl", lines(good("deep-1"), "[" * 5000 + "]" * 5000, good("deep-2")),
      ["deep-1", "deep-2"], ["invalid-json"], "5,000 levels of nesting")
write("07-empty.jsonl", b"", [], [], "empty file (size unknown to the reader)")
write("08-wrong-schema.jsonl", lines('{"foo": 1}', '{"messages": []}', good("ws-1")), ["ws-1"],
      ["unrecognised-format"], "JSON of no known shape")
write("09-binary.log", bytes(rnd.getrandbits(8) for _ in range(8192)), [], [], "random bytes")
write("10-bom.jsonl", b"\xef\xbb\xbf" + lines(good("bom-1"), good("bom-2")), ["bom-1", "bom-2"], [], "UTF-8 BOM")
write("11-crlf.jsonl", (good("crlf-1") + "\r\n" + good("crlf-2") + "\r\n").encode(), ["crlf-1", "crlf-2"], [], "CRLF")
huge = json.loads(good("num-1"))
huge["input"] = {"inputTokenCount": 10 ** 400}
huge["output"]["outputTokenCount"] = 1e308
write("12-huge-numbers.jsonl", lines(json.dumps(huge).replace("1e+308", "1e999999"), good("num-2")),
      ["num-2"], [], "a 400-digit integer and an out-of-range float")
side = json.loads(good("side-1"))
side["input"] = {"inputBodyS3Path": "s3://attacker-bucket/steal.json"}
side["output"] = {"outputBodyS3Path": "s3://attacker-bucket/out.json"}
write("13-sidecar-outside-allow-list.jsonl", lines(json.dumps(side), good("side-2")), ["side-2"],
      ["sidecar-not-allowed"], "sidecar paths to another bucket")
write("14-unicode name é+ space.jsonl", lines(good("uni-1", "Réponse: clé AKIAQYLPMN5HFIQR7XB2 ✓")), ["uni-1"], [],
      "unicode and spaces in the key, unicode text")
write("15-nul-bytes.jsonl", lines(good("nul-1")) + b'{"requestId":"\x00\x00"}\n' + lines(good("nul-2")),
      ["nul-1", "nul-2"], ["invalid-json"], "raw NUL bytes inside a line")
write("16-pretty-array.json", ("[\n" + ",\n".join(json.dumps(json.loads(good("arr-%d" % i)), indent=2)
                                               for i in range(3)) + "\n]\n").encode(), ["arr-0", "arr-2"], [],
      "a pretty-printed top-level array")
write("17-pretty-truncated.json", ("{\n" + json.dumps(json.loads(good("pt-1")), indent=2)[1:-40]).encode(), [],
      ["invalid-json"], "a pretty-printed object cut short")
write("18-whitespace-only.jsonl", b"   \n\t\n\r\n\n", [], [], "blank lines only")
write("19-long-output.jsonl", lines(good("long-1", "AKIAQYLPMN5HFIQR7XB2 " + "z" * 1_000_000)), ["long-1"], [],
      "1 MB of output text (stored truncated)")
write("20-duplicate-ids.jsonl", lines(good("dup-1"), good("dup-1"), good("dup-1")), ["dup-1"], [],
      "the same request id three times")
write("21-missing-request-id.jsonl", lines('{"schemaType":"ModelInvocationLog","operation":"Converse","modelId":"m"}',
                                           good("mr-1")), ["mr-1"], ["missing-request-id"], "no requestId")
write("22-error-record.jsonl", lines('{"schemaType":"ModelInvocationLog","requestId":"e1","operation":"Converse",'
                                     '"modelId":"m","errorCode":"ThrottlingException"}', good("er-1")), ["er-1"],
      ["model-call-failed"], "a failed model call")
spans = [{"traceId": "t", "spanId": "s%d" % i, "attributes": [
    {"key": "gen_ai.response.id", "value": {"stringValue": "span-%d" % i}},
    {"key": "gen_ai.output.messages", "value": {"stringValue": json.dumps([{"role": "assistant", "parts": [
        {"type": "text", "content": "key AKIAQYLPMN5HFIQR7XB2"}]}])}}]} for i in range(1000)]
write("23-otlp-1000-spans.jsonl", lines(json.dumps({"resourceSpans": [{"scopeSpans": [{"spans": spans}]}]})),
      ["span-0", "span-999"], [], "1,000 spans in one OTLP line")
write("24-otlp-wrong-types.jsonl", lines(json.dumps({"resourceSpans": [{"scopeSpans": [{"spans": [
    {"attributes": [{"key": "gen_ai.output.messages", "value": {"intValue": "notanumber"}},
                    {"key": 5, "value": None}]}, "not-a-span"]}]}]}), good("ot-1")), ["ot-1"], [],
      "OTLP attributes of the wrong types")
write("25-openai-null-response.jsonl", lines('{"custom_id":"c1","response":null,"error":null}', good("oa-1")),
      ["oa-1"], [], "a batch line with neither response nor error")
write("26-trailing-garbage.jsonl", lines(good("tg-1") + " trailing garbage", good("tg-2")), ["tg-2"],
      ["invalid-json"], "text after the JSON value on a line")
write("27-json-scalars.jsonl", lines("null", '"hello"', "42", "true", good("sc-1")), ["sc-1"], ["not-an-object"],
      "lines that are JSON scalars")
write("28-lone-surrogates.jsonl", lines('{"requestId":"ls","operation":"Converse","modelId":"m","schemaType":'
                                        '"ModelInvocationLog","output":{"outputBodyJson":{"output":{"message":'
                                        '{"content":[{"text":"\\ud800 broken \\udfff"}]}}}}}', good("ls-1")),
      ["ls-1"], [], "escaped lone surrogates")
write("29-multi-member-gzip.json.gz", gz(lines(good("mm-1"))) + gz(lines(good("mm-2"))), ["mm-1", "mm-2"], [],
      "two concatenated gzip members")
write("30-cr-only.jsonl", (good("cr-1") + "\r" + good("cr-2") + "\r").encode(), [], ["invalid-json"],
      "old-Mac CR line endings: one long line")
write("31-many-keys.jsonl", lines(json.dumps({("k%d" % i): i for i in range(100_000)}), good("mk-1")), ["mk-1"],
      ["unrecognised-format"], "an object with 100,000 keys")
write("32-not-a-log.png", b"\x89PNG\r\n\x1a\n" + bytes(200), [], [], "an image in the log bucket")
# records that broke java.util.regex (stack overflow, quadratic time) and stopped their whole object; the secret
# in front makes the default policy page each one, so a judged record is written
key = "Use AKIAQYLPMN5HFIQR7XB2 for deploys. "
write("33-regex-email-dots.jsonl", lines(good("re-1"), good("re-email", key + "x@" + "a." * 65536), good("re-2")),
      ["re-1", "re-email", "re-2"], [], "128 KB of x@a.a.a... (overflowed the e-mail detector's stack)")
write("34-regex-section-number.jsonl", lines(good("rs-1"), good("re-section", key + "see section 1" + ".1" * 65536
                                                                 + " of the terms"), good("rs-2")),
      ["rs-1", "re-section", "rs-2"], [], "section 1.1.1...1 of the terms, 128 KB (overflowed a policy-claim rule)")
write("35-regex-policy-whitespace.jsonl", lines(good("rw-1"), good("re-space", key + "per our policy" + " " * 131072
                                                                   + "x"), good("rw-2")),
      ["rw-1", "re-space", "rw-2"], [], "128 KB of spaces after 'per our policy' (quadratic in a default rule)")

with open(os.path.join(OUT, "cases.json"), "w") as f:
    json.dump(cases, f, indent=1)
print(len(cases), "cases in", os.path.normpath(OUT))

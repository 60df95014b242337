"""Fuzzing the response reader: whatever the bytes, only the package's typed errors.

The corpus is every documented response sample in ``$MKTOWS_SHARED/golden`` (when
present) plus answers the simulator writes for a handful of operations, so the
test runs from a fresh clone too. Each case applies one to three seeded mutations
(byte damage, hostile text values, renamed or duplicated elements, xsi
attributes, entity tricks, deep nesting, fault wrappers, odd encodings) and reads
the result exactly as ``Client.call`` does, through ``envelope.read_response``.
"""

from __future__ import annotations

import contextlib
import random
import re
import time
import warnings
from collections.abc import Callable

import mktows.client
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mktows.client import Operation
from mktows.envelope import read_response
from mktows.errors import AuthenticationError, MktowsError

from generator.profiles.mktows.simulator import ServerConfig
from generator.profiles.mktows.simulator.app import Simulator
from generator.resources import shared_dir
from tests.support.golden import sample_text
from tests.support.soap import envelope

CASES = 10_000
SEED = 20260604
OPERATIONS: dict[str, Operation[object]] = {
    op.name: op for op in vars(mktows.client).values() if isinstance(op, Operation)
}
# Values a hostile or broken server might put in any text node (escaped as needed).
HOSTILE_TEXT = [
    *(
        "",
        " ",
        "-",
        "0",
        "-0",
        "0x1F",
        "1e309",
        "NaN",
        "-inf",
        "true",
        "yes",
        "CREATED",
    ),
    *(
        "99999999999999999999999999999",
        "9" * 5000,
        "x" * 20_000,
        "IDNUM",
        "NOT_AN_ENUM",
    ),
    *("\u0663", "\u00b2", "\u202e", "&amp;&lt;", "]]", "2013-02-30T25:61:61+99:99"),
]
HOSTILE_BYTES = [
    b"<",
    b">",
    b"&",
    b"]]>",
    b"\x00",
    b"\xff\xfe",
    b"&#0;",
    b"&#x110000;",
    b"<!--",
    b"<?pi x?>",
    b"<![CDATA[x]]>",
    b"&undefined;",
    b"\xc3\x28",
    b"</",
    b"/>",
    b'"',
]
ATTACKS = [
    b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>',
    b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd">',
]
Mutation = Callable[[bytes, random.Random], bytes]


def _span(doc: bytes, rng: random.Random) -> tuple[int, int]:
    a = rng.randrange(len(doc) + 1)
    return a, min(len(doc), a + rng.randrange(1, 64))


def flip(doc: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(doc))
    return doc[:at] + bytes([doc[at] ^ (1 << rng.randrange(8))]) + doc[at + 1 :]


def delete(doc: bytes, rng: random.Random) -> bytes:
    a, b = _span(doc, rng)
    return doc[:a] + doc[b:]


def insert(doc: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(doc) + 1)
    return doc[:at] + rng.choice(HOSTILE_BYTES) + doc[at:]


def truncate(doc: bytes, rng: random.Random) -> bytes:
    return doc[: rng.randrange(len(doc))]


def duplicate(doc: bytes, rng: random.Random) -> bytes:
    """Repeat a whole element (same parent: a repeated or out-of-order field)."""
    starts = [x.start() for x in re.finditer(rb"<[A-Za-z]", doc)]
    if not starts:
        return doc
    at = rng.choice(starts)
    name = re.match(rb"<([\w:]+)", doc[at:])
    end = doc.find(b"</" + name[1] + b">", at) if name else -1
    if end < 0:
        return doc
    end += len(name[1]) + 3 if name else 0
    return doc[:end] + doc[at:end] + doc[end:]


def retext(doc: bytes, rng: random.Random) -> bytes:
    texts = list(re.finditer(rb">([^<>\s][^<>]*)<", doc))
    if not texts:
        return doc
    hit = rng.choice(texts)
    value = rng.choice(HOSTILE_TEXT).replace("&", "&amp;").replace("<", "&lt;")
    return doc[: hit.start(1)] + value.encode() + doc[hit.end(1) :]


def rename(doc: bytes, rng: random.Random) -> bytes:
    names = sorted(set(re.findall(rb"<([A-Za-z][\w]*)[ >/]", doc)))
    if not names:
        return doc
    old = rng.choice(names)
    new = rng.choice(
        [b"bogus", b"leadRecord", b"result", b"id", b"attribute", old + b"X"]
    )
    if rng.random() < 0.8:  # consistently: an unknown (or misplaced) element
        return re.sub(rb"(</?)" + old + rb"\b", rb"\1" + new, doc)
    return doc.replace(b"<" + old, b"<" + new, 1)  # start tag only: mismatched


def xsi(doc: bytes, rng: random.Random) -> bytes:
    starts = [x.end() for x in re.finditer(rb"<[A-Za-z][\w:]*", doc)]
    if not starts:
        return doc
    at = rng.choice(starts)
    value = rng.choice(
        [
            b'nil="true"',
            b'nil="1"',
            b'nil="false"',
            b'type="ns1:Bogus"',
            b'type="ns1:LeadKeySelector"',
            b'type="ns1:StaticListSelector"',
            b'type=":"',
            b'type="nope:Thing"',
        ]
    )
    declare = b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    declare += (
        b' xmlns:ns1="http://www.marketo.com/mktows/"' if rng.random() < 0.5 else b""
    )
    return doc[:at] + declare + b" xsi:" + value + doc[at:]


def attack(doc: bytes, rng: random.Random) -> bytes:
    body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", doc)
    texts = list(re.finditer(rb">([^<>\s][^<>]*)<", body))
    if texts:
        hit = rng.choice(texts)
        body = (
            body[: hit.start(1)]
            + rng.choice([b"&d;", b"&x;", b"&a;"])
            + body[hit.end(1) :]
        )
    return rng.choice(ATTACKS) + body


def nest(doc: bytes, rng: random.Random) -> bytes:
    at = rng.choice([x.start() for x in re.finditer(rb"</", doc)] or [0])
    depth = rng.choice([10, 100, 240, 300, 5000])
    return doc[:at] + b"<n>" * depth + b"</n>" * depth + doc[at:]


def faulty(doc: bytes, rng: random.Random) -> bytes:
    """Wrap the document in a SOAP fault with an odd code (and it as the detail)."""
    code = rng.choice(
        [b"20014", b"", b"abc", "\u0663".encode(), b"9" * 50, b"-1", b" 20023 "]
    )
    detail = re.sub(rb"^<\?xml[^>]*\?>", b"", doc) if rng.random() < 0.5 else b""
    return (
        b'<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">'
        b"<SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode>"
        b"<faultstring>" + code + b" - x</faultstring><detail>"
        b'<ns1:serviceException xmlns:ns1="http://www.marketo.com/mktows/"><code>'
        + code
        + b"</code></ns1:serviceException>"
        + detail
        + b"</detail></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>"
    )


def recode(doc: bytes, rng: random.Random) -> bytes:
    declaration = rng.choice(
        [b"UTF-16", b"ebcdic-cp-us", b"nonsense", b"ISO-8859-1", b"UTF-32"]
    )
    body = re.sub(rb"^<\?xml[^>]*\?>", b"", doc)
    return b'<?xml version="1.0" encoding="' + declaration + b'"?>' + body


def drop(doc: bytes, rng: random.Random) -> bytes:
    """Remove a whole element (a missing required field, an empty list)."""
    closes = list(re.finditer(rb"</([\w:]+)>", doc))
    if not closes:
        return doc
    end = rng.choice(closes)
    start = doc.rfind(b"<" + end[1], 0, end.start())
    return doc[:start] + doc[end.end() :] if start >= 0 else doc


# Mostly structural damage, so most cases are well-formed XML that reaches the
# typed readers; some byte damage, attacks and encodings for the parser itself.
MUTATIONS: list[Mutation] = [
    *[retext] * 6,
    *[rename] * 3,
    *[xsi] * 3,
    *[duplicate] * 2,
    *[drop] * 3,
    nest,
    faulty,
    attack,
    recode,
    flip,
    delete,
    insert,
    truncate,
]


def simulator_corpus() -> list[tuple[str, bytes]]:
    """Real answers from the simulator (no network), for a fresh clone."""
    simulator = Simulator(ServerConfig(user_id="fuzz", secret="fuzz-secret", port=0))
    lead = "<leadRecord><Email>f@x.org</Email><leadAttributeList><attribute><attrName>City</attrName><attrValue>Oslo</attrValue></attribute></leadAttributeList></leadRecord>"
    requests = {
        "syncLead": f"<ns1:paramsSyncLead>{lead}<returnLead>true</returnLead></ns1:paramsSyncLead>",
        "getMultipleLeads": '<ns1:paramsGetMultipleLeads><leadSelector xsi:type="ns1:LeadKeySelector" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><keyType>EMAIL</keyType><keyValues><stringItem>f@x.org</stringItem></keyValues></leadSelector></ns1:paramsGetMultipleLeads>',
        "getLeadActivity": "<ns1:paramsGetLeadActivity><leadKey><keyType>EMAIL</keyType><keyValue>f@x.org</keyValue></leadKey></ns1:paramsGetLeadActivity>",
        "describeMObject": "<ns1:paramsDescribeMObject><objectName>Opportunity</objectName></ns1:paramsDescribeMObject>",
        "getChannels": "<ns1:paramsGetChannels/>",
        "getMObjects": "<ns1:paramsGetMObjects><type>Program</type></ns1:paramsGetMObjects>",
        "getLead": "<ns1:paramsGetLead><leadKey><keyType>EMAIL</keyType><keyValue>none@x.org</keyValue></leadKey></ns1:paramsGetLead>",
    }
    try:
        return [
            (
                name,
                simulator.handle(
                    envelope(payload, user="fuzz", secret="fuzz-secret")
                ).body,
            )
            for name, payload in requests.items()
        ]
    finally:
        simulator.close()


def golden_corpus() -> list[tuple[str, bytes]]:
    folder = shared_dir() / "golden"
    corpus = []
    for sample in sorted(folder.glob("*.response*.xml")) if folder.is_dir() else []:
        name = sample.name.partition(".")[0]
        data = sample_text(sample.name).encode()  # the malformed ones repaired
        corpus.append((name if name in OPERATIONS else "getLeadActivity", data))
    return corpus


def read(name: str, doc: bytes, status: int = 200) -> None:
    op = OPERATIONS[name]
    read_response(status, doc, op.response_tag, op.read_response)


def test_mutated_responses_raise_only_typed_errors() -> None:
    corpus = golden_corpus() + simulator_corpus()
    assert len(corpus) >= 7
    rng = random.Random(SEED)
    escaped: list[tuple[int, str, BaseException]] = []
    outcomes = {"ok": 0, "typed": 0}
    slowest = 0.0
    started = time.monotonic()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for case in range(CASES):
            name, doc = corpus[case % len(corpus)]
            for _ in range(rng.randint(1, 3)):
                doc = rng.choice(MUTATIONS)(doc, rng) or b" "
            target = name if rng.random() < 0.9 else rng.choice(sorted(OPERATIONS))
            tick = time.perf_counter()
            try:
                read(target, doc, 500 if rng.random() < 0.1 else 200)
                outcomes["ok"] += 1
            except MktowsError:
                outcomes["typed"] += 1
            except Exception as exc:
                escaped.append((case, type(exc).__name__, exc))
            slowest = max(slowest, time.perf_counter() - tick)
    elapsed = time.monotonic() - started
    assert not escaped, escaped[:5]
    assert (
        sum(outcomes.values()) == CASES
        and outcomes["ok"] > 100
        and outcomes["typed"] > 1000
    )
    assert slowest < 2.0, f"one case took {slowest:.2f} s"
    assert elapsed < 60, f"{CASES} cases took {elapsed:.1f} s"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.from_regex(
            r"\A<[a-zA-Z:]{1,12}( [a-z:]{1,8}=\"[^\"]{0,8}\")?>[^<]{0,40}</[a-zA-Z:]{1,12}>\Z"
        ).map(str.encode),
    ),
    status=st.sampled_from([200, 404, 500, 503]),
)
def test_arbitrary_bytes_raise_only_typed_errors(data: bytes, status: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with contextlib.suppress(MktowsError):
            read("getLead", data, status)


@pytest.mark.parametrize("status", [200, 500])
def test_a_fault_is_typed_whatever_the_status(status: int) -> None:
    simulator = Simulator(ServerConfig(user_id="fuzz", secret="fuzz-secret", port=0))
    try:
        doc = simulator.handle(
            envelope("<ns1:paramsListMObjects/>", user="fuzz", secret="no")
        ).body
    finally:
        simulator.close()
    with pytest.raises(AuthenticationError) as caught:
        read("listMObjects", doc, status)
    assert caught.value.code == 20014

"""WS-Security (generator/runtime/wsse.py): UsernameToken and Timestamp as signers.

The PasswordDigest known answers are published examples, recomputed here from the
profile's formula ``Base64(SHA-1(nonce + created + password))``:

- the ONVIF Application Programmer's Guide (as quoted in the test of
  us.mn.state.dot.tms.server.comm.onvif.session.WSUsernameTokenTest): nonce
  ``LKqI6G/AikKCQrN0zqZFlg==``, created ``2010-09-16T07:50:45Z``, password
  ``userpassword`` -> ``tuOSpGlFlIXsozq4HFNeeGeFLEI=``;
- zeep's tests/test_wsse_username.py (test_password_digest): nonce
  ``b"mocked-random"``, created ``2016-05-08T12:00:00+00:00``, password ``geheim``
  -> ``hVicspAQSg70JNhe67OHqD9gexc=``.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import itertools
import logging
import pickle
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType

import pytest
from lxml.etree import _Element, fromstring, tostring

from generator.runtime.envelope import SOAP_ENV, build_envelope
from generator.runtime.wsse import (
    BASE64_BINARY,
    PASSWORD_DIGEST,
    PASSWORD_TEXT,
    WSSE,
    WSU,
    Security,
    Timestamp,
    UsernameToken,
    password_digest,
    wsu_time,
)
from tests.support.http_server import Reply, Request, recording_server
from tests.support.packages import generate_package

CALCULATOR = Path(__file__).parents[1] / "support" / "calculator.wsdl"
NS = {"wsse": WSSE, "wsu": WSU, "env": SOAP_ENV}
MOMENT = datetime(2024, 3, 4, 5, 6, 7, tzinfo=UTC)


def ticking(start: datetime = MOMENT) -> Iterator[datetime]:
    """A clock that moves one second per reading."""
    return (start + timedelta(seconds=n) for n in itertools.count())


def counting_nonces() -> Iterator[bytes]:
    return (f"nonce-{n:04d}".encode() for n in itertools.count())


def header_of(signer: UsernameToken | Timestamp | Security) -> _Element:
    """The SOAP Header one attempt of ``signer`` produces, in a real envelope."""

    def body(value: object, parent: _Element) -> _Element:
        return parent

    envelope = build_envelope("urn:x", signer.sign("add"), body, None)
    header = fromstring(envelope).find(f"{{{SOAP_ENV}}}Header")
    assert header is not None
    return header


def spec_digest(nonce: bytes, created: str, password: str) -> str:
    """The profile's formula, written out independently of the runtime."""
    sha = hashlib.sha1()
    sha.update(nonce)
    sha.update(created.encode())
    sha.update(password.encode())
    return base64.b64encode(sha.digest()).decode()


@pytest.mark.parametrize(
    ("nonce", "created", "password", "published"),
    [
        (
            base64.b64decode("LKqI6G/AikKCQrN0zqZFlg=="),
            "2010-09-16T07:50:45Z",
            "userpassword",
            "tuOSpGlFlIXsozq4HFNeeGeFLEI=",
        ),
        (
            b"mocked-random",
            "2016-05-08T12:00:00+00:00",
            "geheim",
            "hVicspAQSg70JNhe67OHqD9gexc=",
        ),
    ],
)
def test_password_digest_matches_the_published_examples(
    nonce: bytes, created: str, password: str, published: str
) -> None:
    assert password_digest(nonce, created, password) == published
    assert spec_digest(nonce, created, password) == published


def test_a_digest_token_has_the_profile_shape_and_a_digest_of_what_it_sends() -> None:
    token = UsernameToken(
        "alice",
        "pässword",
        digest=True,
        clock=lambda: MOMENT,
        nonce=lambda: b"\x00\x01fixed-nonce\xff",
    )
    header = header_of(token)
    [security] = header
    assert security.tag == f"{{{WSSE}}}Security"
    assert security.get(f"{{{SOAP_ENV}}}mustUnderstand") == "1"
    [user] = security
    assert [child.tag for child in user] == [
        f"{{{WSSE}}}Username",
        f"{{{WSSE}}}Password",
        f"{{{WSSE}}}Nonce",
        f"{{{WSU}}}Created",
    ]
    assert user.findtext("wsse:Username", namespaces=NS) == "alice"
    password = user.find("wsse:Password", NS)
    nonce = user.find("wsse:Nonce", NS)
    assert password is not None and nonce is not None
    assert password.get("Type") == PASSWORD_DIGEST
    assert nonce.get("EncodingType") == BASE64_BINARY
    created = user.findtext("wsu:Created", namespaces=NS)
    assert created == "2024-03-04T05:06:07Z"
    sent_nonce = base64.b64decode(nonce.text or "")
    assert sent_nonce == b"\x00\x01fixed-nonce\xff"
    assert password.text == spec_digest(sent_nonce, created, "pässword")
    assert b"p\xc3\xa4ssword" not in tostring(header)


def test_a_text_token_sends_the_password_as_text_and_no_nonce() -> None:
    [security] = header_of(UsernameToken("bob", "hunter2"))
    password = security.find("wsse:UsernameToken/wsse:Password", NS)
    assert password is not None
    assert (password.get("Type"), password.text) == (PASSWORD_TEXT, "hunter2")
    assert security.find("wsse:UsernameToken/wsse:Nonce", NS) is None
    assert security.find("wsse:UsernameToken/wsu:Created", NS) is None


def test_a_timestamp_expires_ttl_seconds_after_it_was_created_in_utc() -> None:
    paris = timezone(timedelta(hours=1))
    stamp = Timestamp(ttl=90, clock=lambda: datetime(2024, 1, 1, 0, 30, tzinfo=paris))
    [security] = header_of(stamp)
    assert security.findtext("wsu:Timestamp/wsu:Created", namespaces=NS) == (
        "2023-12-31T23:30:00Z"
    )
    assert security.findtext("wsu:Timestamp/wsu:Expires", namespaces=NS) == (
        "2023-12-31T23:31:30Z"
    )
    with pytest.raises(ValueError, match="ttl"):
        Timestamp(ttl=0)
    with pytest.raises(ValueError, match="timezone-aware"):
        wsu_time(datetime(2024, 1, 1))


def test_tokens_combine_into_one_security_header_in_the_order_written() -> None:
    clock = ticking()
    signer = Timestamp(clock=lambda: next(clock)) + UsernameToken(
        "carol", "pw", digest=True, clock=lambda: next(clock)
    )
    assert isinstance(signer, Security)
    header = header_of(signer)
    assert len(header) == 1
    [security] = header
    assert [c.tag for c in security] == [
        f"{{{WSU}}}Timestamp",
        f"{{{WSSE}}}UsernameToken",
    ]
    assert security.get(f"{{{SOAP_ENV}}}mustUnderstand") == "1"
    quiet = Security(UsernameToken("d", "pw"), must_understand=False)
    [security] = header_of(quiet + Timestamp())
    assert security.get(f"{{{SOAP_ENV}}}mustUnderstand") is None
    assert len(security) == 2
    with pytest.raises(ValueError, match="at least one token"):
        Security()


def test_every_attempt_gets_a_fresh_nonce_created_and_digest() -> None:
    clock, nonces = ticking(), counting_nonces()
    token = UsernameToken(
        "erin",
        "pw",
        digest=True,
        clock=lambda: next(clock),
        nonce=lambda: next(nonces),
    )
    first, second = header_of(token), header_of(token)
    texts = [
        [
            h.findtext(f".//{p}", namespaces=NS)
            for p in ("wsse:Nonce", "wsu:Created", "wsse:Password")
        ]
        for h in (first, second)
    ]
    assert all(a != b for a, b in zip(*texts, strict=True))


def test_the_password_never_shows_in_repr_str_logs_or_pickle(
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = "correct horse battery staple"
    token = UsernameToken("frank", secret, digest=True)
    combined = Timestamp() + token
    caplog.set_level(logging.DEBUG)
    logging.getLogger("test").info("signer: %s / %r", combined, token)
    for text in (repr(token), str(token), repr(combined), str(combined), caplog.text):
        assert secret not in text
        assert "frank" in text
    for thing in (token, combined):
        with pytest.raises(TypeError, match="cannot be pickled"):
            pickle.dumps(thing)
    with pytest.raises(AttributeError):
        token.__dict__  # noqa: B018 (slots only: no stray copy of the password)


def test_a_token_needs_a_user_name() -> None:
    with pytest.raises(ValueError, match="user name"):
        UsernameToken("", "pw")


@pytest.fixture(scope="module")
def calculator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("wsse")
    sys.path.insert(0, str(root))
    try:
        yield generate_package(root, str(CALCULATOR), "calc_wsse")
    finally:
        sys.path.remove(str(root))
        for name in [n for n in sys.modules if n.split(".")[0] == "calc_wsse"]:
            del sys.modules[name]


ANSWER = b"""<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:ns1="http://example.com/calculator/">
  <SOAP-ENV:Body><ns1:addResponse><sum>5</sum></ns1:addResponse></SOAP-ENV:Body>
</SOAP-ENV:Envelope>"""


def test_a_generated_generic_client_sends_the_security_header_afresh_on_a_retry(
    calculator: ModuleType,
) -> None:
    client_module = importlib.import_module("calc_wsse.client")
    wsse = importlib.import_module("calc_wsse.wsse")
    retry = importlib.import_module("calc_wsse.retry")
    answers = iter([Reply(status=503, body=b"busy"), Reply(body=ANSWER)])

    def respond(request: Request) -> Reply:
        return next(answers)

    signer = wsse.Timestamp(ttl=60) + wsse.UsernameToken("alice", "s3cret", digest=True)
    policy = retry.RetryPolicy(idempotent={"add"}, sleep=lambda seconds: None)
    with recording_server(respond) as server:
        client = client_module.Client(server.endpoint, signer=signer, retry=policy)
        assert client.add(a=2, b=3) == 5
    assert len(server.requests) == 2
    sent = [fromstring(request.body) for request in server.requests]
    nonces = []
    for envelope in sent:
        security = envelope.find("env:Header/wsse:Security", NS)
        assert security is not None
        assert security.get(f"{{{SOAP_ENV}}}mustUnderstand") == "1"
        token = security.find("wsse:UsernameToken", NS)
        assert token is not None and security.find("wsu:Timestamp", NS) is not None
        nonce = base64.b64decode(token.findtext("wsse:Nonce", namespaces=NS) or "")
        created = token.findtext("wsu:Created", namespaces=NS) or ""
        digest = token.findtext("wsse:Password", namespaces=NS)
        assert digest == spec_digest(nonce, created, "s3cret")
        nonces.append(nonce)
        assert b"s3cret" not in tostring(envelope)
    assert nonces[0] != nonces[1]

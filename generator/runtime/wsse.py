"""WS-Security for any client: UsernameToken and Timestamp, as opt-in signers.

Each class here is a :class:`~.signer.Signer`, so any generated client takes one::

    client = Client(endpoint, signer=UsernameToken("alice", "s3cret", digest=True))
    client = Client(endpoint, signer=Timestamp(ttl=300) + UsernameToken("alice", "s3cret"))

``+`` puts several tokens in one ``wsse:Security`` header (``mustUnderstand="1"``),
in the order written. Every attempt of every call gets a fresh header: a new
``Created``, a new nonce, a new digest, so a retried call is never a replay.

Per the OASIS Web Services Security UsernameToken Profile 1.0/1.1, a
``PasswordDigest`` is ``Base64(SHA-1(nonce + created + password))`` where
``nonce`` is the raw nonce bytes (sent Base64-encoded) and ``created`` the exact
text of ``wsu:Created``. The password never appears in a ``repr``, ``str`` or
pickle. The clock and the nonce source can be replaced (for tests).
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from lxml.etree import QName, SubElement, _Element

from .signer import Clock, HeaderWriters

__all__ = [
    "WSSE",
    "WSU",
    "Security",
    "Timestamp",
    "Token",
    "UsernameToken",
    "password_digest",
    "utc_now",
    "wsu_time",
]

WSSE = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
)
WSU = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
)
_PROFILE = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
)
PASSWORD_TEXT = f"{_PROFILE}#PasswordText"
PASSWORD_DIGEST = f"{_PROFILE}#PasswordDigest"
BASE64_BINARY = (
    "http://docs.oasis-open.org/wss/2004/01/"
    "oasis-200401-wss-soap-message-security-1.0#Base64Binary"
)
NSMAP = {"wsse": WSSE, "wsu": WSU}

NonceSource = Callable[[], bytes]


def utc_now() -> datetime:
    """The current time in UTC: the default clock of the tokens here."""
    return datetime.now(UTC)


def random_nonce() -> bytes:
    """16 bytes from the operating system's random source: the default nonce."""
    return os.urandom(16)


def wsu_time(moment: datetime) -> str:
    """An aware ``datetime`` in UTC as ``YYYY-MM-DDTHH:MM:SSZ`` (the profile's form)."""
    if moment.utcoffset() is None:
        raise ValueError("the clock must return timezone-aware datetimes")
    return f"{moment.astimezone(UTC):%Y-%m-%dT%H:%M:%S}Z"


def password_digest(nonce: bytes, created: str, password: str) -> str:
    """``Base64(SHA-1(nonce + created + password))``, the text of a PasswordDigest."""
    data = nonce + created.encode("utf-8") + password.encode("utf-8")
    return base64.b64encode(hashlib.sha1(data).digest()).decode("ascii")


class Token(Protocol):
    """One child of ``wsse:Security``: writes itself, fresh, into the header."""

    def write(self, security: _Element) -> None: ...


class _Combinable:
    """A token is a signer on its own and combines with ``+`` into one header."""

    __slots__ = ()

    def write(self, security: _Element) -> None:
        raise NotImplementedError

    def sign(self, operation: str) -> HeaderWriters:
        return Security(self).sign(operation)

    def __add__(self, other: Token | Security) -> Security:
        return Security(self) + other


class Security:
    """A ``wsse:Security`` header holding ``tokens``, written afresh on every attempt."""

    __slots__ = ("must_understand", "tokens")

    def __init__(self, *tokens: Token, must_understand: bool = True) -> None:
        if not tokens:
            raise ValueError("a Security header needs at least one token")
        self.tokens = tokens
        self.must_understand = must_understand

    def __add__(self, other: Token | Security) -> Security:
        extra = other.tokens if isinstance(other, Security) else (other,)
        return Security(*self.tokens, *extra, must_understand=self.must_understand)

    def sign(self, operation: str) -> HeaderWriters:
        return [(self._write, None)]

    def _write(self, _value: object, header: _Element) -> _Element:
        security = SubElement(header, f"{{{WSSE}}}Security", nsmap=NSMAP)
        if self.must_understand:  # in the envelope's own namespace (SOAP 1.1 or 1.2)
            security.set(f"{{{QName(header).namespace}}}mustUnderstand", "1")
        for token in self.tokens:
            token.write(security)
        return security

    def __repr__(self) -> str:
        inner = ", ".join(repr(token) for token in self.tokens)
        return f"Security({inner}, must_understand={self.must_understand})"


class UsernameToken(_Combinable):
    """``wsse:UsernameToken``: the password as text, or as a digest with a nonce.

    With ``digest=False`` (the default) the password is sent as ``PasswordText``;
    only use that over TLS. With ``digest=True`` it is sent as ``PasswordDigest``
    with a fresh ``Nonce`` and ``Created`` on every attempt. ``created=True`` adds
    ``Nonce`` and ``Created`` to a text password too.
    """

    __slots__ = ("_password", "clock", "created", "digest", "nonce", "username")

    def __init__(
        self,
        username: str,
        password: str,
        *,
        digest: bool = False,
        created: bool = False,
        clock: Clock = utc_now,
        nonce: NonceSource = random_nonce,
    ) -> None:
        if not username:
            raise ValueError("a UsernameToken needs a user name")
        self.username = username
        self._password = password
        self.digest = digest
        self.created = created or digest
        self.clock = clock
        self.nonce = nonce

    def write(self, security: _Element) -> None:
        token = SubElement(security, f"{{{WSSE}}}UsernameToken")
        SubElement(token, f"{{{WSSE}}}Username").text = self.username
        password = SubElement(token, f"{{{WSSE}}}Password")
        if not self.created:
            password.set("Type", PASSWORD_TEXT)
            password.text = self._password
            return
        nonce, created = self.nonce(), wsu_time(self.clock())
        if self.digest:
            password.set("Type", PASSWORD_DIGEST)
            password.text = password_digest(nonce, created, self._password)
        else:
            password.set("Type", PASSWORD_TEXT)
            password.text = self._password
        encoded = SubElement(token, f"{{{WSSE}}}Nonce", EncodingType=BASE64_BINARY)
        encoded.text = base64.b64encode(nonce).decode("ascii")
        SubElement(token, f"{{{WSU}}}Created").text = created

    def __repr__(self) -> str:
        kind = "digest" if self.digest else "text"
        return f"UsernameToken(username={self.username!r}, password=<hidden>, {kind})"

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a UsernameToken cannot be pickled: it holds a password")


class Timestamp(_Combinable):
    """``wsu:Timestamp``: ``Created`` now and ``Expires`` ``ttl`` seconds later."""

    __slots__ = ("clock", "ttl")

    def __init__(self, ttl: float = 300, *, clock: Clock = utc_now) -> None:
        if ttl <= 0:
            raise ValueError(f"ttl must be a positive number of seconds, got {ttl!r}")
        self.ttl = ttl
        self.clock = clock

    def write(self, security: _Element) -> None:
        now = self.clock()
        stamp = SubElement(security, f"{{{WSU}}}Timestamp")
        SubElement(stamp, f"{{{WSU}}}Created").text = wsu_time(now)
        expires = now + timedelta(seconds=self.ttl)
        SubElement(stamp, f"{{{WSU}}}Expires").text = wsu_time(expires)

    def __repr__(self) -> str:
        return f"Timestamp(ttl={self.ttl!r})"

"""The documented samples in ``$MKTOWS_SHARED/golden`` and what INDEX.md says of them."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from lxml import etree

from generator.resources import shared_dir
from generator.runtime.namespaces import SOAP_ENV

DEMO_SECRET = "27272727aa"  # the one key the documentation publishes (see INDEX.md)
GOLDEN = shared_dir() / "golden"


@dataclass(frozen=True)
class Repair:
    """A minimal fix applied to a copy of a malformed sample; the original stays as is."""

    sample: str
    what: str
    old: str
    new: str

    def apply(self, text: str) -> str:
        if not self.old:  # something is missing at the end
            return text + self.new
        assert text.count(self.old) == 1, f"{self.sample}: the repair target moved"
        return text.replace(self.old, self.new)


REPAIRS = {
    r.sample: r
    for r in [
        Repair(
            "getChannels.response.xml",
            "the block is truncated after </tagStatus>: append the five missing end tags",
            "",
            "</tags></result></ns1:successGetChannels></SOAP-ENV:Body></SOAP-ENV:Envelope>\n",
        ),
        Repair(
            "getLeadChanges.response.xml",
            "the text <unknown> in an attrValue is not escaped: escape it",
            "URL: <unknown></attrValue>",
            "URL: &lt;unknown&gt;</attrValue>",
        ),
        Repair(
            "authentication-signature.response.xml",
            "the last end tag lacks its '>': close it",
            "</SOAP-ENV:Envelope\n",
            "</SOAP-ENV:Envelope>\n",
        ),
    ]
}


def sample_names(suffix: str) -> list[str]:
    """Names of the samples ending in ``suffix`` (empty when the data is absent)."""
    return sorted(p.name for p in GOLDEN.glob(f"*{suffix}")) if GOLDEN.is_dir() else []


def sample_text(name: str) -> str:
    """A sample's text, repaired (minimally, see REPAIRS) when it is malformed."""
    text = (GOLDEN / name).read_text(encoding="utf-8")
    return REPAIRS[name].apply(text) if name in REPAIRS else text


@cache
def verifiable_requests() -> frozenset[str]:
    """The request samples INDEX.md marks as verifying with the published demo key."""
    index = (GOLDEN / "INDEX.md").read_text(encoding="utf-8")
    names = set()
    for row in index.splitlines():
        cells = [c.strip() for c in row.split("|")]
        if len(cells) > 3 and cells[-2] == "**yes**":
            names.update(re.findall(r"`([\w.-]+\.request\.xml)`", row))
    return frozenset(names)


@dataclass(frozen=True)
class Credentials:
    user_id: str
    timestamp: datetime
    signature: str


def credentials(name: str) -> Credentials:
    """The user id, timestamp and signature a request sample carries."""
    root = etree.fromstring(sample_text(name).encode())

    def text(local: str) -> str:
        return str(root.findtext(f".//{{*}}{local}") or root.findtext(f".//{local}"))

    return Credentials(
        user_id=text("mktowsUserId"),
        timestamp=datetime.fromisoformat(text("requestTimestamp")),
        signature=text("requestSignature"),
    )


def parsed_request(name: str) -> Any:
    """The typed request object the generated parser reads from a request sample."""
    from mktows import parsers  # the committed package under test
    from mktows.envelope import UnknownElementWarning

    body = etree.fromstring(sample_text(name).encode()).find(f"{{{SOAP_ENV}}}Body")
    assert body is not None
    payload = next(iter(body))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnknownElementWarning)
        return parsers.ELEMENTS[payload.tag](payload, [])


def operation_of(name: str) -> str:
    """``syncLead.request.xml`` -> ``syncLead``; the auth page's sample is getLeadActivity."""
    stem = name.split(".")[0]
    return "getLeadActivity" if stem == "authentication-signature" else stem

"""Raw SOAP for the simulator's tests: signed envelopes, posts, fault shapes, ``serve``.

For tests that talk to the simulator below the generated client: they build the
request bytes themselves and read the documented fault answer field by field.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import requests
from lxml import etree

from generator.profiles.mktows import NAMESPACE as MKTOWS
from generator.profiles.mktows.runtime.signing import (
    local_now,
    request_signature,
    request_timestamp,
)
from generator.profiles.mktows.simulator import SimulatorServer
from generator.runtime.namespaces import SOAP_ENV as SOAP
from tests.support.servers import SECRET, USER_ID

__all__ = ["MKTOWS", "SOAP", "envelope", "fault_code", "post", "serve", "serving"]


def envelope(
    payload: str,
    user: str = USER_ID,
    secret: str = SECRET,
    when: datetime | None = None,
) -> bytes:
    """A signed request envelope around ``payload`` (XML using the ``ns1`` prefix)."""
    stamp = request_timestamp(when or local_now())
    signature = request_signature(secret, stamp, user)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="{SOAP}"'
        f' xmlns:ns1="{MKTOWS}"><SOAP-ENV:Header><ns1:AuthenticationHeader>'
        f"<mktowsUserId>{user}</mktowsUserId><requestSignature>{signature}</requestSignature>"
        f"<requestTimestamp>{stamp}</requestTimestamp></ns1:AuthenticationHeader>"
        f"</SOAP-ENV:Header><SOAP-ENV:Body>{payload}</SOAP-ENV:Body></SOAP-ENV:Envelope>"
    ).encode()


def post(server: SimulatorServer, body: bytes) -> requests.Response:
    """POST ``body`` to the simulator as a SOAP 1.1 call."""
    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'}
    return requests.post(server.endpoint, data=body, headers=headers, timeout=10)


def fault_code(response: requests.Response) -> int:
    """The code of a documented fault answer (and check its shape on the way)."""
    assert response.status_code == 500
    assert response.headers["Content-Type"].startswith("text/xml")
    root = etree.fromstring(response.content)
    fault = root.find(f"{{{SOAP}}}Body/{{{SOAP}}}Fault")
    assert fault is not None
    service = fault.find(f"detail/{{{MKTOWS}}}serviceException")
    assert service is not None
    code = int(service.findtext("code") or "")
    message = str(fault.findtext("faultstring")).partition(" - ")[2]
    assert fault.findtext("faultcode") == "SOAP-ENV:Client"
    assert fault.findtext("faultstring") == f"{code} - {message}"
    assert service.findtext("name") == "mktServiceException"
    assert service.findtext("message") == f"{message} ({code})"
    return code


def serve(
    *args: str, env: dict[str, str] | None = None, ignore_sigint: bool = False
) -> subprocess.Popen[str]:
    """``mktows-codegen serve ARGS`` in a child process, its output piped as text;
    ``ignore_sigint`` starts it as a background job of a script would be."""
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        preexec_fn=_ignore_sigint if ignore_sigint else None,
    )


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def serving(
    *args: str, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[str]]:
    """``serve ARGS`` running for the block, then interrupted: it must exit 0."""
    process = serve(*args, env=env)
    try:
        yield process
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

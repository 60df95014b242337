"""The one XML parser for the documents users hand us: no DTD, no entities, no network."""

from __future__ import annotations

from typing import NoReturn

from lxml import etree

from generator.errors import GeneratorError


def parse_xml(where: str, data: bytes) -> etree._Element:
    """Parse untrusted XML: no entities, no DTD, no network; errors with line:column.

    The one XML parser for the documents users hand us (the WSDL for ``generate``
    and ``diff``, the samples for ``golden``). A document that declares a DTD is
    refused, as the generated client and server refuse one: its entities would
    otherwise be dropped silently (or, if resolved, expanded without bound).
    """
    if _declares_dtd(data):
        _refuse_dtd(where, data)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise GeneratorError(
            f"{where}:{line}:{column}", f"not well-formed XML: {exc.msg}"
        ) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:  # type: ignore[union-attr]
        _refuse_dtd(where, data)
    return root


class _Found(Exception):
    """Raised by :class:`_Prolog` to stop the parser: ``dtd`` says what it met."""

    def __init__(self, dtd: bool) -> None:
        super().__init__()
        self.dtd = dtd


class _Prolog:
    """A parser target that stops at the DOCTYPE or at the root element's start,
    before libxml2 reads (let alone expands) any entity declaration."""

    def doctype(self, *_: object) -> None:
        raise _Found(dtd=True)

    def start(self, *_: object) -> None:
        raise _Found(dtd=False)

    def close(self) -> None:
        return None


def _declares_dtd(data: bytes) -> bool:
    """Whether the prolog declares a DTD; a syntax error is left to the real parse."""
    parser = etree.XMLParser(
        target=_Prolog(),  # type: ignore[arg-type]  # lxml calls only the methods present
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    try:
        etree.fromstring(data, parser)
    except _Found as found:
        return found.dtd
    except etree.XMLSyntaxError:
        return False
    return False


def _refuse_dtd(where: str, data: bytes) -> NoReturn:
    start = data.find(b"<!DOCTYPE")
    line = data.count(b"\n", 0, start) + 1 if start >= 0 else 1
    raise GeneratorError(
        f"{where}:{line}",
        "declares a DTD (<!DOCTYPE ...>), which is refused: entities and "
        "external DTDs are not read; expected plain XML without a DOCTYPE",
    )

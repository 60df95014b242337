"""The one XML parser for the documents users hand us: no DTD, no entities, no network."""

from __future__ import annotations

from lxml import etree

from generator.errors import GeneratorError


def parse_xml(where: str, data: bytes) -> etree._Element:
    """Parse untrusted XML: no entities, no DTD, no network; errors with line:column.

    The one XML parser for the documents users hand us (the WSDL for ``generate``
    and ``diff``, the samples for ``golden``). A document that declares a DTD is
    refused, as the generated client and server refuse one: its entities would
    otherwise be dropped silently (or, if resolved, expanded without bound).
    """
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
        start = data.find(b"<!DOCTYPE")
        line = data.count(b"\n", 0, start) + 1 if start >= 0 else 1
        raise GeneratorError(
            f"{where}:{line}",
            "declares a DTD (<!DOCTYPE ...>), which is refused: entities and "
            "external DTDs are not read; expected plain XML without a DOCTYPE",
        )
    return root

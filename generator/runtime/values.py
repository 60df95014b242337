"""Values the schema's types need beyond plain Python: explicit nil, unknown elements,
dates and times that remember the text they were read from, and QNames resolved
against the namespace declarations they were read under."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Final, TypeVar, cast
from xml.etree.ElementTree import QName

from lxml.etree import Element, _Element, cleanup_namespaces, fromstring
from xsdata.models.datatype import XmlDate, XmlDateTime, XmlTime


class Nil(Enum):
    """The value of an element sent as ``xsi:nil="true"``; use the ``NIL`` singleton.

    ``None`` means an element is absent; ``NIL`` means it is present and nil. An
    enum member, so type checkers narrow ``value is NIL``.
    """

    NIL = "nil"

    def __repr__(self) -> str:
        return "NIL"

    def __bool__(self) -> bool:
        return False


NIL: Final = Nil.NIL

T = TypeVar("T")


def known(value: T | Nil | None) -> T | None:
    """A value a response set: ``None`` for absent and for ``xsi:nil`` alike."""
    return None if value is None or isinstance(value, Nil) else value


@dataclass(frozen=True)
class UnknownElement:
    """An element the schema does not declare, kept so writing it back loses nothing.

    ``after`` is the tag of the known element it followed (``None``: first child).
    """

    after: str | None
    xml: bytes

    @property
    def tag(self) -> str:
        return str(fromstring(self.xml).tag)


def place_unknown(node: _Element, unknown: list[UnknownElement]) -> None:
    """Put kept elements back among ``node``'s children where they were read.

    Each goes after the last of the run of known elements it followed (first, when
    ``after`` is ``None``); one whose neighbour is no longer there goes last.
    """
    pending: dict[str | None, list[_Element]] = {}
    scopes: list[tuple[_Element, dict[str, str]]] = []
    for element in unknown:
        kept = fromstring(element.xml)
        pending.setdefault(element.after, []).append(kept)
        scopes.append((kept, {p: uri for p, uri in kept.nsmap.items() if p}))
    known = list(node)
    children = pending.pop(None, [])
    for index, child in enumerate(known):
        children.append(child)
        next_tag = known[index + 1].tag if index + 1 < len(known) else None
        if child.tag != next_tag:
            children.extend(pending.pop(str(child.tag), []))
    children.extend(element for elements in pending.values() for element in elements)
    node[:] = children
    # Moved under ``node``, an element loses a declaration whose namespace an
    # ancestor binds to another prefix (lxml reuses the ancestor's). A value that is
    # one QName with the lost prefix (``xsi:type="t:T"``) is given the one in scope.
    for kept, scope in scopes:
        for prefix, uri in scope.items():
            if kept.nsmap.get(prefix) != uri:
                now = next((p for p, u in kept.nsmap.items() if p and u == uri), None)
                if now is not None:
                    _reprefix(kept, prefix, now)


def _reprefix(root: _Element, old: str, new: str) -> None:
    """Write ``new:local`` for every attribute value or text of ``root``'s subtree
    that is exactly one QName ``old:local``."""
    qname = re.compile(rf"(\s*){re.escape(old)}:([^\s:]+\s*)")
    for element in root.iter(Element):
        for key, value in element.items():
            found = qname.fullmatch(str(value))
            if found:
                element.set(key, f"{found[1]}{new}:{found[2]}")
        found = qname.fullmatch(element.text or "")
        if found:
            element.text = f"{found[1]}{new}:{found[2]}"


class ReadDateTime(XmlDateTime):
    """An ``XmlDateTime`` read from a message, written back as it was read.

    ``2024-01-01T00:00:00.000Z`` stays ``.000Z`` (a plain ``XmlDateTime`` would
    drop the zero fraction). Equal to the ``XmlDateTime`` of the same value.
    """

    lexical: str


class ReadDate(XmlDate):
    """An ``XmlDate`` read from a message, written back as it was read."""

    lexical: str


class ReadTime(XmlTime):
    """An ``XmlTime`` read from a message, written back as it was read."""

    lexical: str


def datetime_from_text(text: str) -> XmlDateTime:
    text = text.strip()
    value = cast(ReadDateTime, ReadDateTime.from_string(text))
    value.lexical = text
    return value


def date_from_text(text: str) -> XmlDate:
    text = text.strip()
    value = cast(ReadDate, ReadDate.from_string(text))
    value.lexical = text
    return value


def time_from_text(text: str) -> XmlTime:
    text = text.strip()
    value = cast(ReadTime, ReadTime.from_string(text))
    value.lexical = text
    return value


XML_NAMESPACE: Final = "http://www.w3.org/XML/1998/namespace"
# an NCName, nearly: a letter (any script) or _, then letters, digits, ".", "-", "_"
# and the combining marks and extenders XML allows (\u00b7, \u0300-\u036f, ...)
NCNAME: Final = re.compile(
    r"[^\W\d][\w.\-\u00b7\u0300-\u036f\u203f-\u2040]*", re.UNICODE
)


class ReadQName(QName):
    """A ``QName`` read from a message: ``{namespace}local``, which is what it means
    and what it equals, with the prefix it was written with (``None``: none), which
    writing it back uses again where it can."""

    prefix: str | None = None

    def __repr__(self) -> str:
        return f"<QName {self.text!r}>"  # as a QName made by hand


def qname_from_text(text: str, node: _Element) -> QName:
    """The ``xs:QName`` ``text`` (``prefix:local`` or ``local``) resolved against the
    declarations in scope at ``node``: ``QName("{namespace}local")``, or
    ``QName("local")`` for an unprefixed name with no default namespace."""
    lexical = text.strip()
    prefix, colon, local = lexical.rpartition(":")
    if not NCNAME.fullmatch(local) or (colon and not NCNAME.fullmatch(prefix)):
        raise ValueError(f"{lexical!r} is no QName: expected prefix:local or local")
    if prefix == "xml":
        namespace: str | None = XML_NAMESPACE
    else:
        namespace = node.nsmap.get(prefix or None)
        if prefix and namespace is None:
            raise ValueError(
                f"the prefix of QName {lexical!r} is not declared at <{node.tag}>"
            )
    value = ReadQName(f"{{{namespace}}}{local}" if namespace else local)
    value.prefix = prefix or None
    return value


def qname_text(value: QName | str, node: _Element, name: str = "QName") -> str:
    """``value`` (``{namespace}local`` or ``local``) as ``prefix:local`` for the text
    or an attribute of ``node``, declaring a prefix on ``node`` when none is in
    scope for the namespace (the one it was read with, if that is free)."""
    text = value.text if isinstance(value, QName) else value
    namespace, brace, local = (
        text[1:].partition("}") if text[:1] == "{" else ("", "", text)
    )
    if (text[:1] == "{" and not brace) or not NCNAME.fullmatch(local):
        raise ValueError(
            f"{name}: {text!r} is no QName: expected {{namespace}}local or local, "
            "local an XML name (a letter or _, then letters, digits, ., - or _)"
        )
    scope = node.nsmap
    if not namespace:
        if scope.get(None):
            raise ValueError(
                f"{name}: {text!r} has no namespace, but <{node.tag}> is in the default "
                f"namespace {scope[None]}: an unprefixed name would mean that one"
            )
        return local
    if namespace == XML_NAMESPACE:
        return "xml:" + local
    wanted = value.prefix if isinstance(value, ReadQName) else None
    if wanted and scope.get(wanted) == namespace:
        return f"{wanted}:{local}"
    prefix = next((p for p, uri in scope.items() if p and uri == namespace), None)
    if prefix is None and scope.get(None) == namespace:
        return local
    if prefix is None:
        prefix = _declare(node, namespace, wanted)
    return f"{prefix}:{local}"


def _declare(node: _Element, namespace: str, wanted: str | None) -> str:
    """Declare a prefix for ``namespace`` on ``node`` (which has no children yet):
    ``wanted`` if it is free in scope, else the first free ``ns<n>``."""
    scope = node.nsmap
    prefix = wanted
    if not prefix or prefix in scope or prefix.lower().startswith("xml"):
        prefix = next(f"ns{n}" for n in range(len(scope) + 1) if f"ns{n}" not in scope)
    # lxml cannot add a declaration to an element; this declares it at the top of
    # ``node``'s subtree and keeps every declaration it already has
    own = [p for p in scope if p is not None]
    cleanup_namespaces(
        node, top_nsmap={prefix: namespace}, keep_ns_prefixes=[*own, prefix]
    )
    return prefix

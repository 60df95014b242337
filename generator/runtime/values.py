"""Values the schema's types need beyond plain Python: explicit nil, unknown elements,
dates and times that remember the text they were read from."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Final, TypeVar, cast

from lxml.etree import _Element, fromstring
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
    for element in unknown:
        pending.setdefault(element.after, []).append(fromstring(element.xml))
    known = list(node)
    children = pending.pop(None, [])
    for index, child in enumerate(known):
        children.append(child)
        next_tag = known[index + 1].tag if index + 1 < len(known) else None
        if child.tag != next_tag:
            children.extend(pending.pop(str(child.tag), []))
    children.extend(element for elements in pending.values() for element in elements)
    node[:] = children


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


def read_datetime(text: str) -> XmlDateTime:
    text = text.strip()
    value = cast(ReadDateTime, ReadDateTime.from_string(text))
    value.lexical = text
    return value


def read_date(text: str) -> XmlDate:
    text = text.strip()
    value = cast(ReadDate, ReadDate.from_string(text))
    value.lexical = text
    return value


def read_time(text: str) -> XmlTime:
    text = text.strip()
    value = cast(ReadTime, ReadTime.from_string(text))
    value.lexical = text
    return value

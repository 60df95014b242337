"""The small WSDL edits the diff tests make: fragments of
:data:`tests.support.wsdl_fragments.BASE` and ways to change them, and :class:`Sides`,
which reads each revision as the CLI would."""

from __future__ import annotations

from pathlib import Path

from generator.tools.diff.compare import Side
from tests.support.wsdl_fragments import copied_operation

NOTE = '<xs:element name="note" type="xs:string" minOccurs="0" nillable="true"/>'
WIDTH = '<xs:element name="width" type="xs:int"/>'
COLOR = '<xs:element name="color" type="tns:Color"/>'
TAGS = '<xs:element name="tags" type="xs:string" minOccurs="0" maxOccurs="5"/>'
SHAPE = '<xs:element name="shape" type="tns:Shape" minOccurs="0"/>'
MODE = '<xs:attribute name="mode" type="xs:string"/>'
DONE = '<xs:element name="done" type="xs:boolean"/>'
COUNT = '<xs:element name="count" type="xs:int"/>'
COMMENT = '<xs:element name="comment" type="xs:string" minOccurs="0" nillable="true"/>'
LOG = '<xs:element name="log" type="xs:string" minOccurs="0" maxOccurs="3"/>'
OUTLINE = '<xs:element name="outline" type="tns:Shape" minOccurs="0"/>'
PALETTE_NAME = '<xs:element name="paletteName" type="xs:string"/>'
RADIUS = '<xs:element name="radius" type="xs:int"/>'
SPARE = '<xs:element name="spare" type="xs:string"/>'
TIMESTAMP = '<xs:element name="requestTimestamp" type="xs:string"/>'
WORKSPACE = '<xs:element name="workspace" type="xs:string"/>'
GREEN = '<xs:enumeration value="GREEN"/>'
DARK = '<xs:enumeration value="DARK"/>'
LARGE = '<xs:enumeration value="LARGE"/>'
TOP_ELEMENTS = '<xs:element name="AuthHeader" type="tns:AuthHeaderInfo"/>'
CONTEXT = '<soap:header use="literal" part="context" message="tns:ContextHeader"/>'
TRACE = '<soap:header use="literal" part="trace" message="tns:TraceHeader"/>'
REQUIRED_TRACE = TRACE.replace("<soap:header ", '<soap:header wsdl:required="true" ')
RINSE = copied_operation("erase", "rinse")


def after(anchor: str, added: str) -> tuple[str, str]:
    """An edit that inserts ``added`` right after ``anchor``."""
    return anchor, f"{anchor}\n{added}"


def element(name: str, type_: str, extra: str = "") -> str:
    return f'<xs:element name="{name}" type="{type_}"{extra}/>'


def annotated(snippet: str, text: str) -> str:
    """``snippet`` (an empty xs:element) with an xs:documentation child."""
    doc = f"<xs:annotation><xs:documentation>{text}</xs:documentation></xs:annotation>"
    return f"{snippet[:-2]}>{doc}</xs:element>"


class Sides:
    """Writes WSDL texts to files and reads them as the CLI would."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def read(self, text: str | bytes) -> Side:
        self.count += 1
        path = self.folder / f"rev{self.count}.wsdl"
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        return Side.read(str(path), "paint")

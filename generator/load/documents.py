"""Stage 1, load: a WSDL as the set of documents it imports and includes.

Starting from the WSDL, ``wsdl:import``, ``xs:import``, ``xs:include`` (and
``xs:redefine``/``xs:override``, read as includes) are followed, each document
loaded once (import cycles are fine). The rules for a location:

* an ``http://`` or ``https://`` URL is downloaded with the same size cap (64 MiB
  on the wire and decompressed) as ``--wsdl URL``, all downloads of one WSDL
  sharing one deadline (``MKTOWS_DOWNLOAD_DEADLINE``, 120 s);
* a relative location is resolved against the importing document: a URL against
  its URL; a path against its folder (``..`` may climb out of it, as WSDL suites
  often do);
* nothing else: an absolute path, a ``file:`` URL or another scheme is refused, so
  a WSDL names its files portably and a downloaded document can never read a local
  file;
* ``xs:import`` without ``schemaLocation``, or of a namespace xsdata knows (XML
  Schema, ``xml:``, SOAP, ...), loads nothing: the namespace is built in or
  defined by another schema of the WSDL.

Each document is read with the one safe parser (:func:`generator.load.safe_xml.parse_xml`:
no DTD, no entities, no network). An included schema without a ``targetNamespace``
takes its includer's (a chameleon include). A problem with an import is one line
naming the importing file and line, the element and its location.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree
from xsdata.codegen.parsers.definitions import DefinitionsParser
from xsdata.codegen.parsers.schema import SchemaParser
from xsdata.exceptions import ParserError
from xsdata.formats.dataclass.parsers.config import ParserConfig
from xsdata.models.enums import Namespace
from xsdata.models.wsdl import Definitions
from xsdata.models.xsd import Schema

from generator.errors import GeneratorError
from generator.load import sources
from generator.load.safe_xml import parse_xml
from generator.load.shape import check_text
from generator.load.sources import SourceFile, WsdlSource
from generator.runtime.namespaces import WSDL as WSDL_NS

XS_NS = Namespace.XS.uri
MAX_DOCUMENTS = 500  # documents in one closure
BUILT_IN = frozenset(ns.uri for ns in Namespace)
INCLUDES = ("include", "redefine", "override")


@dataclass(frozen=True)
class Document:
    """One document of the closure.

    ``where`` names it in errors: the path as the user would type it (relative to
    the working directory when the WSDL's path was) or the URL. ``label`` names it
    in provenance (see :class:`generator.load.sources.SourceFile`).
    """

    where: str
    label: str
    sha256: str
    root: etree._Element
    namespace: str  # targetNamespace, the includer's for a chameleon include


@dataclass
class Closure:
    """The WSDL's definitions (imported WSDLs merged in) and every schema."""

    definitions: Definitions
    schemas: list[Schema]
    documents: list[Document]
    files: tuple[SourceFile, ...]

    def document(self, where: str | None) -> Document:
        """The document named ``where`` (the root's when unknown)."""
        return next((d for d in self.documents if d.where == where), self.documents[0])


@dataclass(frozen=True)
class _Reference:
    """A location to load, and the element that asked for it (for errors)."""

    location: str
    where: str
    chameleon: str | None  # the includer's namespace, for an include
    importer: str = ""  # "<file>:<line>: <xs:import schemaLocation='...'>"


@dataclass
class _Loader:
    source: WsdlSource
    started: float | None = None
    closure: Closure | None = None
    seen: set[tuple[str, str | None]] = field(default_factory=set)
    data: dict[str, bytes] = field(default_factory=dict)

    def run(self) -> Closure:
        pending = [_Reference("", self.source.location, None)]
        while pending:
            reference = pending.pop(0)
            pending[0:0] = self.load(reference)
        assert self.closure is not None
        return self.closure

    def load(self, ref: _Reference) -> list[_Reference]:
        """Load one document; return what it refers to, in document order."""
        key = _key(ref.where)
        if (key, ref.chameleon) in self.seen or (key, None) in self.seen:
            return []
        data = self.fetch(ref, key)
        root = parse_xml(ref.where, data)
        # a chameleon is loaded once per namespace it is included into; any other
        # document once
        own = (
            root.get("targetNamespace") is not None or root.tag != f"{{{XS_NS}}}schema"
        )
        self.seen.add((key, None if own else ref.chameleon))
        if root.tag == f"{{{WSDL_NS}}}definitions":
            return self.load_wsdl(ref, data, root)
        if root.tag == f"{{{XS_NS}}}schema" and ref.importer:
            return self.load_schema(ref, data, root)
        if not ref.importer:
            expected = f"<wsdl:definitions> in namespace {WSDL_NS}"
        elif "<wsdl:" in ref.importer:
            expected = "<wsdl:definitions> or <xs:schema>"
        else:
            expected = f"<xs:schema> in namespace {XS_NS}"
        imported = f" (imported by {ref.importer})" if ref.importer else ""
        raise GeneratorError(
            ref.where,
            f"root element is <{_pretty(root.tag)}>, expected {expected}{imported}",
        )

    def fetch(self, ref: _Reference, key: str) -> bytes:
        if not ref.importer:
            return self.source.data
        if key in self.data:
            return self.data[key]
        if len(self.data) + 1 >= MAX_DOCUMENTS:
            raise GeneratorError(
                ref.importer,
                f"more than {MAX_DOCUMENTS} documents imported or included; "
                "expected fewer",
            )
        if _remote(ref.where):
            if self.started is None:
                self.started = time.monotonic()
            try:
                data = sources.download(ref.where, self.started)
            except GeneratorError as exc:
                raise GeneratorError(ref.importer, exc.problem) from None
        else:
            data = _read(ref)
        self.data[key] = data
        return data

    def add(self, ref: _Reference, root: etree._Element, namespace: str) -> None:
        data = self.data.get(_key(ref.where), self.source.data)
        sha = hashlib.sha256(data).hexdigest()
        label = self.source.label if not ref.importer else self.label(ref.where)
        document = Document(ref.where, label, sha, root, namespace)
        assert self.closure is not None
        self.closure.documents.append(document)
        if label not in {f.label for f in self.closure.files}:
            self.closure.files += (SourceFile(label, sha),)

    def load_wsdl(
        self, ref: _Reference, data: bytes, root: etree._Element
    ) -> list[_Reference]:
        # unknown extension elements (WS-Policy, WS-Addressing, ...) are ignored
        _check_types(ref, root)
        check_text(ref.where, root)
        wsdl_parser = DefinitionsParser(
            config=ParserConfig(fail_on_unknown_properties=False), location=ref.where
        )
        definitions = _parse(ref, wsdl_parser, data)
        assert isinstance(definitions, Definitions)
        if self.closure is None:
            self.closure = Closure(definitions, [], [], ())
        else:
            self.closure.definitions.merge(definitions)
        self.add(ref, root, definitions.target_namespace or "")
        found = [
            self.reference(ref.where, node, "location", None)
            for node in root.iterchildren(f"{{{WSDL_NS}}}import")
        ]
        for schema in root.iterfind(f"{{{WSDL_NS}}}types/{{{XS_NS}}}schema"):
            found += self.schema_references(ref.where, schema, None)
        return [r for r in found if r is not None]

    def load_schema(
        self, ref: _Reference, data: bytes, root: etree._Element
    ) -> list[_Reference]:
        check_text(ref.where, root)
        parser = SchemaParser(target_namespace=ref.chameleon, location=ref.where)
        schema = _parse(ref, parser, data)
        assert isinstance(schema, Schema) and self.closure is not None
        self.closure.schemas.append(schema)
        self.add(ref, root, schema.target_namespace or "")
        return self.schema_references(ref.where, root, ref.chameleon)

    def schema_references(
        self, where: str, schema: etree._Element, chameleon: str | None
    ) -> list[_Reference]:
        namespace = schema.get("targetNamespace") or chameleon or ""
        found: list[_Reference | None] = []
        for node in schema.iterchildren(etree.Element):
            local = etree.QName(node).localname
            if node.tag == f"{{{XS_NS}}}import":
                if node.get("namespace") not in BUILT_IN:
                    found.append(self.reference(where, node, "schemaLocation", None))
            elif local in INCLUDES and etree.QName(node).namespace == XS_NS:
                found.append(self.reference(where, node, "schemaLocation", namespace))
        return [r for r in found if r is not None]

    def reference(
        self, where: str, node: etree._Element, attribute: str, chameleon: str | None
    ) -> _Reference | None:
        location = (node.get(attribute) or "").strip()
        if not location:
            return None
        prefix = "wsdl" if etree.QName(node).namespace == WSDL_NS else "xs"
        importer = (
            f"{where}:{node.sourceline}: <{prefix}:{etree.QName(node).localname} "
            f"{attribute}={location!r}>"
        )
        target = _resolve(where, location, importer)
        return _Reference(location, target, chameleon, importer)

    def label(self, where: str) -> str:
        """How provenance names an imported document (see :class:`SourceFile`)."""
        root = self.source.location
        if _remote(where):
            folder = root.rpartition("/")[0] + "/" if _remote(root) else ""
            return (
                where[len(folder) :] if folder and where.startswith(folder) else where
            )
        return Path(os.path.relpath(where, os.path.dirname(root) or ".")).as_posix()


def load_closure(source: WsdlSource) -> Closure:
    """Load ``source`` and every document it imports or includes."""
    return _Loader(source).run()


def _resolve(base: str, location: str, importer: str) -> str:
    """Where ``location``, found in the document ``base``, points (path or URL)."""
    scheme = urlsplit(location).scheme.lower()
    if scheme in ("http", "https"):
        return location.partition("#")[0]
    if _remote(base):
        target = urljoin(base, location).partition("#")[0]
        if urlsplit(target).scheme.lower() in ("http", "https"):
            return target
        raise GeneratorError(
            importer,
            "a downloaded document may only refer to http(s) URLs or relative "
            "locations, never to a local file",
        )
    if len(scheme) > 1:
        raise GeneratorError(
            importer,
            f"{scheme}: locations are refused; expected a relative path or an "
            "http(s) URL",
        )
    path = location.partition("#")[0].partition("?")[0]
    if os.path.isabs(path) or path.startswith("\\") or scheme:
        raise GeneratorError(
            importer,
            "an absolute path is refused (it ties the WSDL to one machine); "
            "expected a path relative to the importing file, or an http(s) URL",
        )
    if not base or base.startswith("<"):
        raise GeneratorError(
            importer,
            "cannot resolve a relative location: the WSDL was not read from a "
            "file or a URL",
        )
    return os.path.normpath(os.path.join(os.path.dirname(base), path))


def _read(ref: _Reference) -> bytes:
    path = Path(ref.where)
    if not path.exists() and "%" in ref.where:  # a percent-encoded URI reference
        path = Path(unquote(ref.where))
    try:
        return sources.read_local(path)
    except GeneratorError as exc:
        raise GeneratorError(ref.importer, f"{exc.problem} ({ref.where})") from None


def _parse(ref: _Reference, parser: SchemaParser, data: bytes) -> object:
    kind = "WSDL" if isinstance(parser, DefinitionsParser) else "XML Schema"
    clazz = Definitions if isinstance(parser, DefinitionsParser) else Schema
    try:
        return parser.from_bytes(data, clazz)
    except (ParserError, ValueError, TypeError) as exc:
        raise GeneratorError(ref.where, f"not a readable {kind}: {exc}") from None
    except (LookupError, AttributeError) as exc:  # xsdata lost its way in odd XML
        raise GeneratorError(
            ref.where, f"not a readable {kind}: xsdata could not parse it ({exc!r})"
        ) from None


def _check_types(ref: _Reference, root: etree._Element) -> None:
    """A ``schema`` in ``wsdl:types`` is an XML Schema: its prefix bound to another
    namespace is a mistake xsdata cannot report (documentation and extensions pass)."""
    for child in root.iterfind(f"{{{WSDL_NS}}}types/*"):
        local = etree.QName(child).localname
        if local == "schema" and child.tag != f"{{{XS_NS}}}schema":
            raise GeneratorError(
                f"{ref.where}:{child.sourceline}",
                f"<wsdl:types> holds <{local} xmlns={etree.QName(child).namespace!r}>;"
                f" expected <xs:schema> in namespace {XS_NS}",
            )


def _key(where: str) -> str:
    return where if _remote(where) or where.startswith("<") else os.path.realpath(where)


def _remote(where: str) -> bool:
    return urlsplit(where).scheme.lower() in ("http", "https")


def _pretty(tag: str) -> str:
    namespace, _, local = (
        tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    )
    return f"{local} xmlns={namespace!r}" if namespace else local

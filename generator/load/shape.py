"""The attributes a WSDL or schema element cannot do without, checked before use.

The reference checker and xsdata's mapper assume that a definition has its name
and that a reference names something. A document missing one would reach them as
``None`` (a ``TypeError`` deep inside, or xsdata's "Schema type can't be used as a
class/field"). Here each such element is named with its file and line instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from generator.errors import GeneratorError
from generator.runtime.namespaces import WSDL as WSDL_NS
from generator.runtime.namespaces import XSD as XS_NS

if TYPE_CHECKING:  # documents.py calls check_text before xsdata reads a document
    from generator.load.documents import Document

FACETS = (
    "enumeration",
    "pattern",
    "length",
    "minLength",
    "maxLength",
    "minInclusive",
    "maxInclusive",
    "minExclusive",
    "maxExclusive",
    "totalDigits",
    "fractionDigits",
    "whiteSpace",
)
# (XPath from the document root, attributes of which at least one must be non-empty)
REQUIRED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("wsdl:message", ("name",)),
    ("wsdl:message/wsdl:part", ("name",)),
    ("wsdl:portType", ("name",)),
    ("wsdl:portType/wsdl:operation", ("name",)),
    ("wsdl:portType/wsdl:operation/wsdl:input", ("message",)),
    ("wsdl:portType/wsdl:operation/wsdl:output", ("message",)),
    ("wsdl:portType/wsdl:operation/wsdl:fault", ("message",)),
    ("wsdl:binding", ("name",)),
    ("wsdl:binding", ("type",)),
    ("wsdl:binding/wsdl:operation", ("name",)),
    ("wsdl:service", ("name",)),
    ("wsdl:service/wsdl:port", ("name",)),
    ("wsdl:service/wsdl:port", ("binding",)),
    ("//xs:schema/xs:element", ("name",)),
    ("//xs:schema/xs:complexType", ("name",)),
    ("//xs:schema/xs:simpleType", ("name",)),
    ("//xs:schema/xs:group", ("name",)),
    ("//xs:schema/xs:attributeGroup", ("name",)),
    ("//xs:schema/xs:attribute", ("name",)),
    ("//xs:element", ("name", "ref")),
    ("//xs:attribute", ("name", "ref")),
    ("//xs:group", ("name", "ref")),
    ("//xs:attributeGroup", ("name", "ref")),
    *((f"//xs:{facet}", ("value",)) for facet in FACETS),
)
NAMESPACES = {"wsdl": WSDL_NS, "xs": XS_NS}


# Top-level schema components share a symbol space per kind (XSD 1.0, 3.2-3.6):
# complex and simple types share one.
SYMBOL_SPACES = {
    "complexType": "type",
    "simpleType": "type",
    "element": "element",
    "attribute": "attribute",
    "group": "group",
    "attributeGroup": "attributeGroup",
}


# WSDL and XML Schema elements whose content is text and markup of any kind
MIXED = frozenset({"documentation", "appinfo"})


def check_text(where: str, root: etree._Element) -> None:
    """Raise :class:`GeneratorError` for text after a child of a WSDL or XML Schema
    element, where only elements may be (xsdata fails on it with an
    ``AttributeError`` that names nothing): the file, the line of the element the
    text follows, the element it is in and what was expected."""
    for parent in root.iter(f"{{{WSDL_NS}}}*", f"{{{XS_NS}}}*"):
        if any(_mixed(node) for node in (parent, *parent.iterancestors())):
            continue
        for child in parent:
            text = (child.tail or "").strip()
            if text:
                after = (
                    _pretty(child)
                    if isinstance(child.tag, str)
                    else ("a comment" if isinstance(child, etree._Comment) else "a PI")
                )
                raise GeneratorError(
                    f"{where}:{child.sourceline}",
                    f"text {text[:40]!r} after {after} in {_pretty(parent)}; "
                    "expected only elements there",
                )


def _mixed(node: etree._Element) -> bool:
    tag = etree.QName(node)
    return tag.namespace in (WSDL_NS, XS_NS) and tag.localname in MIXED


def _pretty(node: etree._Element) -> str:
    """``<xs:element name='a'>`` as the document spells it (its prefix, its name)."""
    local = etree.QName(node).localname
    tag = f"{node.prefix}:{local}" if node.prefix else local
    name = node.get("name")
    return f"<{tag} name={name!r}>" if name else f"<{tag}>"


def check_shape(documents: list[Document]) -> None:
    """Raise :class:`GeneratorError` for the first element missing what it needs,
    or the first schema component defined twice (xsdata would keep the last)."""
    _check_required(documents)
    _check_unique(documents)
    _check_qname_items(documents)


def _check_required(documents: list[Document]) -> None:
    for document in documents:
        for path, attributes in REQUIRED:
            for node in _select(document.root, path):
                if not any((node.get(name) or "").strip() for name in attributes):
                    tag = etree.QName(node)
                    prefix = "wsdl" if tag.namespace == WSDL_NS else "xs"
                    wanted = " or ".join(f"{name}=" for name in attributes)
                    raise GeneratorError(
                        f"{document.where}:{node.sourceline}",
                        f"<{prefix}:{tag.localname}> has no {wanted}; expected one",
                    )


def _select(root: etree._Element, path: str) -> list[etree._Element]:
    found = root.xpath(
        path if path.startswith("//") else f"/*/{path}", namespaces=NAMESPACES
    )
    assert isinstance(found, list)
    return [node for node in found if isinstance(node, etree._Element)]


def _check_unique(documents: list[Document]) -> None:
    seen: dict[tuple[str, str, str], str] = {}
    for document in documents:
        root = document.root
        schemas = (
            [root]
            if root.tag == f"{{{XS_NS}}}schema"
            else root.iterfind(f"{{{WSDL_NS}}}types/{{{XS_NS}}}schema")
        )
        for schema in schemas:
            namespace = schema.get("targetNamespace") or (
                document.namespace if schema is root else ""
            )
            for child in schema.iterchildren(f"{{{XS_NS}}}*"):
                space = SYMBOL_SPACES.get(etree.QName(child).localname)
                name = child.get("name")
                if space is None or not name:
                    continue
                where = f"{document.where}:{child.sourceline}"
                first = seen.setdefault((space, namespace, name), where)
                if first != where:
                    raise GeneratorError(
                        where,
                        f"{space} {name} is defined again (first at {first}); "
                        "expected each name once per namespace",
                    )


def _check_qname_items(documents: list[Document]) -> None:
    """An ``xs:list`` whose anonymous item type is a union or plain restriction
    built on ``xs:QName``: xsdata reads its items as strings, so their prefixes
    would never be resolved (a named item type, or an enumeration, is read right)."""
    union, restriction = f"{{{XS_NS}}}union", f"{{{XS_NS}}}restriction"
    for document in documents:
        for items in document.root.iter(f"{{{XS_NS}}}list"):
            for node in items.iter(union, restriction):
                names = (node.get("memberTypes") or node.get("base") or "").split()
                enumerated = node.find(f"{{{XS_NS}}}enumeration") is not None
                if not any(_is_qname(node, name) for name in names) or (
                    node.tag == restriction and enumerated
                ):
                    continue
                owner = next((a for a in items.iterancestors() if a.get("name")), items)
                raise GeneratorError(
                    f"{document.where}:{items.sourceline}",
                    f"the <xs:list> in {_pretty(owner)} has an anonymous item type "
                    "built on xs:QName (a union or restriction), which is not "
                    'supported; expected itemType="xs:QName", a named type or an '
                    "enumeration",
                )


def _is_qname(node: etree._Element, name: str) -> bool:
    """Whether ``prefix:local``, in the scope of ``node``, names ``xs:QName``."""
    prefix, _, local = name.rpartition(":")
    return local == "QName" and node.nsmap.get(prefix or None) == XS_NS

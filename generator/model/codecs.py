"""Plans for the type-specialized serializers and parsers.

The render stage turns each complex class of the model into a :class:`ClassCodec`:
its fields in wire order, each with the Python expression that writes it to text
and the one that reads it back. The templates ``serializers.py.jinja`` and
``parsers.py.jinja`` only lay those expressions out, so the generated code does no
reflection over dataclass fields at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from xsdata.codegen.models import Attr, Class
from xsdata.models.enums import DataType, Tag

from generator.errors import GeneratorError
from generator.model.api import ApiModel, snake_case
from generator.model.classes import is_unknown_elements

FieldNamer = Callable[[str, str], str]

# Names the generated readers use for themselves (see parsers.py.jinja).
PARSER_LOCALS = frozenset({"node", "unknown", "child", "tag", "extra", "after", "text"})

# How a native value becomes element text ({v}; {name} is its XML name, for errors)
# and element text becomes a value ({t}).
TEXT_WRITERS = {
    "str": "{v}",
    "int": "str({v})",
    "bool": '("true" if {v} else "false")',
    "float": "_float_text({v})",
    "Decimal": "str({v})",
    "XmlDateTime": "_datetime_text({v}, {name})",
    "XmlDate": "_date_text({v}, {name})",
    "XmlTime": "str({v})",
    "XmlDuration": "str({v})",
    "bytes": "_base64_text({v})",
    "object": "str({v})",
}
TEXT_READERS = {
    "str": "{t}",
    "int": "int({t})",
    "bool": '({t}.strip() in ("true", "1"))',
    "float": "float({t})",
    "Decimal": "Decimal({t})",
    "XmlDateTime": "XmlDateTime.from_string({t}.strip())",
    "XmlDate": "XmlDate.from_string({t}.strip())",
    "XmlTime": "XmlTime.from_string({t}.strip())",
    "XmlDuration": "XmlDuration({t}.strip())",
    "bytes": "b64decode({t})",
    "object": "{t}",
}


@dataclass(frozen=True)
class FieldCodec:
    """One element or attribute of a class, as the serializer and parser see it."""

    name: str  # Python field name
    xml_name: str
    tag: str  # ElementTree tag: "name" when unqualified, "{ns}name" when qualified
    is_attribute: bool
    is_list: bool
    nillable: bool
    required: bool
    kind: str  # "text", "enum" or "complex"
    type_name: str  # Python type: "int", "LeadKeyRef", "LeadKey", ...
    polymorphic: bool = False

    @property
    def local(self) -> str:
        """The parser's local variable for this field, clear of the parser's own names."""
        return f"{self.name}_value" if self.name in PARSER_LOCALS else self.name

    def write_text(self, value: str) -> str:
        if self.kind == "enum":
            return f"{value}.value"
        return TEXT_WRITERS[self.type_name].format(v=value, name=repr(self.xml_name))

    def read_text(self, text: str) -> str:
        if self.kind == "enum":
            return f"models.{self.type_name}({text})"
        return TEXT_READERS[self.type_name].format(t=text)


@dataclass(frozen=True)
class ClassCodec:
    name: str
    function: str  # snake_case suffix of write_*/read_* functions
    fields: tuple[FieldCodec, ...]
    element_tag: str | None  # "{ns}local" for top-level elements
    type_tag: str  # "{ns}TypeName", for xsi:type
    abstract: bool
    subclasses: tuple[str, ...] = field(default=())

    @property
    def elements(self) -> tuple[FieldCodec, ...]:
        return tuple(f for f in self.fields if not f.is_attribute)

    @property
    def attributes(self) -> tuple[FieldCodec, ...]:
        return tuple(f for f in self.fields if f.is_attribute)

    @property
    def unwrapped(self) -> FieldCodec | None:
        """For a response element with a single child (``result``), that child:
        what the client method returns instead of the wrapper."""
        return self.elements[0] if len(self.elements) == 1 else None

    @property
    def returned_type(self) -> str:
        """The return annotation of a client method whose response this is."""
        return self.unwrapped.type_name if self.unwrapped else self.name


def build_codecs(model: ApiModel, field_name: FieldNamer) -> list[ClassCodec]:
    """A codec for every complex class, in the model's (name) order.

    ``field_name`` is the xsdata filter that named the dataclass fields.
    """
    return _Planner(model, field_name).plan()


class _Planner:
    def __init__(self, model: ApiModel, field_name: FieldNamer) -> None:
        self.where = model.source.location
        self.field_name = field_name
        self.classes = {cls.qname: cls for cls in model.classes}
        self.names = {cls.qname: cls.name for cls in model.classes}
        self.subclasses: dict[str, list[str]] = {}
        for cls in model.classes:
            for base in self.bases(cls):
                self.subclasses.setdefault(base.qname, []).append(cls.name)

    def plan(self) -> list[ClassCodec]:
        return [
            self.codec(cls) for cls in self.classes.values() if not cls.is_enumeration
        ]

    def bases(self, cls: Class) -> list[Class]:
        found = []
        for ext in cls.extensions:
            base = self.classes.get(ext.type.qname)
            if base is not None and not ext.type.native:
                found.extend([*self.bases(base), base])
        return found

    def codec(self, cls: Class) -> ClassCodec:
        owned = [(base, a) for base in self.bases(cls) for a in base.attrs]
        owned += [(cls, a) for a in cls.attrs]
        fields = tuple(
            self.field(owner, attr)
            for owner, attr in owned
            if not is_unknown_elements(attr)
        )
        namespace = cls.target_namespace or ""
        local = cls.meta_name or cls.name
        return ClassCodec(
            name=cls.name,
            function=snake_case(cls.name),
            fields=fields,
            element_tag=f"{{{cls.namespace}}}{local}" if cls.is_element else None,
            type_tag=f"{{{namespace}}}{cls.name if cls.is_element else local}",
            abstract=cls.abstract,
            subclasses=tuple(sorted(self.subclasses.get(cls.qname, []))),
        )

    def field(self, cls: Class, attr: Attr) -> FieldCodec:
        if attr.tag not in (Tag.ELEMENT, Tag.ATTRIBUTE) or len(attr.types) != 1:
            raise GeneratorError(
                self.where,
                f"type {cls.name}, {attr.tag.lower()} {attr.local_name or attr.name}: "
                "is not supported; expected a single-typed xs:element or xs:attribute",
            )
        attr_type = attr.types[0]
        if attr_type.native:
            kind, type_name = "text", DataType.from_qname(attr_type.qname).type.__name__  # type: ignore[union-attr]
        else:
            target = self.classes[attr_type.qname]
            kind = "enum" if target.is_enumeration else "complex"
            type_name = target.name
        if kind == "text" and type_name not in TEXT_WRITERS:
            raise GeneratorError(
                self.where,
                f"type {cls.name}, element {attr.local_name}: XML type {attr_type.qname} "
                f"is not supported; expected one of {', '.join(TEXT_WRITERS)}",
            )
        xml_name = attr.local_name or attr.name
        return FieldCodec(
            name=self.field_name(attr.name, cls.name),
            xml_name=xml_name,
            tag=f"{{{attr.namespace}}}{xml_name}" if attr.namespace else xml_name,
            is_attribute=attr.tag == Tag.ATTRIBUTE,
            is_list=attr.is_list,
            nillable=attr.is_nillable,
            required=not attr.is_optional,
            kind=kind,
            type_name=type_name,
            polymorphic=bool(
                kind == "complex" and self.subclasses.get(attr_type.qname)
            ),
        )

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
from typing import TYPE_CHECKING

from xsdata.codegen.models import Attr, AttrType, Class
from xsdata.models.enums import DataType, Tag

from generator.errors import GeneratorError
from generator.model.classes import is_unknown_elements, is_unknown_slot
from generator.model.inheritance import base_classes
from generator.model.naming import UNKNOWN_ATTRIBUTES, snake_case

if TYPE_CHECKING:
    from generator.model.api import ApiModel

FieldNamer = Callable[[str, str], str]

# Names the generated readers use for themselves (see parsers.py.jinja).
PARSER_LOCALS = frozenset(
    {"node", "unknown", "child", "tag", "extra", "after", "text", "obj", "declared"}
)

# How a native value becomes element text ({v}; {name} is its XML name, for errors)
# and element text becomes a value ({t}; {a} where an attribute of it is taken);
# {n} is the element the text is in or the attribute is on (a QName's prefix is
# declared there).
TEXT_WRITERS = {
    "str": "{v}",
    "int": "str({v})",
    "bool": '("true" if {v} else "false")',
    "float": "_float_text({v})",
    "Decimal": "str({v})",
    "XmlDateTime": "_datetime_text({v}, {name})",
    "XmlDate": "_date_text({v}, {name})",
    "XmlTime": "_time_text({v})",
    "XmlDuration": "str({v})",
    "bytes": "_base64_text({v})",
    "QName": "qname_text({v}, {n}, {name})",
    "object": "str({v})",
}
TEXT_READERS = {
    "str": "{t}",
    "int": "int({t})",
    "bool": '({a}.strip() in ("true", "1"))',
    "float": "float({t})",
    "Decimal": "Decimal({t})",
    "XmlDateTime": "datetime_from_text({t})",
    "XmlDate": "date_from_text({t})",
    "XmlTime": "time_from_text({t})",
    "XmlDuration": "XmlDuration({a}.strip())",
    "bytes": "b64decode({t})",
    "QName": "qname_from_text({t}, {n})",
    "object": "{t}",
}


# What each kind of xsdata attr is to the codecs: an element, an attribute, the
# text of a simple-content type, an xs:any slot, or xs:anyAttribute's dict.
ROLES = {
    Tag.ELEMENT: "element",
    Tag.ATTRIBUTE: "attribute",
    Tag.EXTENSION: "content",
    Tag.RESTRICTION: "content",
    Tag.SIMPLE_TYPE: "content",  # an element's own anonymous xs:simpleType
    Tag.ANY: "wildcard",
    Tag.ANY_ATTRIBUTE: "any_attributes",
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
    role: str = "element"  # or attribute, content, wildcard, any_attributes
    tokens: bool = False  # an xs:list: a Python list, written space-separated
    union: tuple[str, ...] = ()  # an xs:union of built-in types: each, in order
    enum_base: str = ""  # an enumeration of xs:QName: "QName" (its members are QNames)

    @property
    def reads_empty(self) -> bool:
        """Whether empty text is a value of this type (``""``, an empty
        ``xs:list``), not no value."""
        if self.kind != "text":
            return False
        types = self.union or (self.type_name,)
        return self.tokens or any(t in ("str", "object") for t in types)

    @property
    def text_types(self) -> tuple[str, ...]:
        """The built-in types whose text readers and writers this field uses."""
        if self.kind == "enum":
            return (self.enum_base,) if self.enum_base else ()
        if self.kind != "text":
            return ()
        return self.union or (self.type_name,)

    @property
    def node(self) -> str:
        """The generated code's variable for the element holding this field's text."""
        return "child" if self.role == "element" else "node"

    @property
    def local(self) -> str:
        """The parser's local variable for this field, clear of the parser's own names."""
        return f"{self.name}_value" if self.name in PARSER_LOCALS else self.name

    @property
    def annotation(self) -> str:
        """The dataclass field's type, as ``models.py`` declares it: ``None | T``
        when optional, ``None | Nil | T`` when nillable, ``list[Nil | T]`` for a list
        of nillable items (the parser appends ``NIL`` for each nil one)."""
        one = " | ".join(self.union) if self.union else self.type_name
        if self.tokens:
            one = f"list[{one}]"
            return f"list[{one}]" if self.is_list else one
        if self.is_list:
            return f"list[Nil | {one}]" if self.nillable else f"list[{one}]"
        if self.nillable:
            return f"None | Nil | {one}"
        return one if self.required else f"None | {one}"

    def write_text(self, value: str) -> str:
        if self.tokens:
            return f'" ".join({self.write_one("item")} for item in {value})'
        return self.write_one(value)

    def write_one(self, value: str) -> str:
        if self.kind == "enum" and self.enum_base:  # the member's value, as text
            return TEXT_WRITERS[self.enum_base].format(
                v=f"{value}.value", n=self.node, name=repr(self.xml_name)
            )
        if self.kind == "enum":
            return f"{value}.value"
        if self.union:
            return f"_union_text({value})"
        return TEXT_WRITERS[self.type_name].format(
            v=value, n=self.node, name=repr(self.xml_name)
        )

    def read_text(self, text: str) -> str:
        if self.tokens:
            return f"[{self.read_one('item')} for item in {_atom(text)}.split()]"
        return self.read_one(text)

    def read_one(self, text: str) -> str:
        if self.kind == "enum" and self.enum_base:  # looked up by the resolved value
            value = TEXT_READERS[self.enum_base].format(
                t=text, a=_atom(text), n=self.node
            )
            return f"models.{self.type_name}({value})"
        if self.kind == "enum":
            return f"models.{self.type_name}({text})"
        if self.union:
            readers = ", ".join(
                "lambda t: " + TEXT_READERS[t].format(t="t", a="t", n=self.node)
                for t in self.union
            )
            return f"_union({text}, {readers})"
        return TEXT_READERS[self.type_name].format(t=text, a=_atom(text), n=self.node)


def _atom(expression: str) -> str:
    """``expression`` ready for ``.strip()``: a conditional one in parentheses."""
    return f"({expression})" if " if " in expression else expression


@dataclass(frozen=True)
class ClassCodec:
    name: str
    function: str  # snake_case suffix of write_*/read_* functions
    fields: tuple[FieldCodec, ...]
    element_tag: str | None  # "{ns}local" for top-level elements
    type_tag: str  # "{ns}TypeName", for xsi:type
    abstract: bool
    subclasses: tuple[str, ...] = field(default=())
    keeps_unknown: bool = True  # has ``unknown_elements`` (a simple element has not)
    has_fixed: bool = (
        False  # has fixed values: dataclass fields that are no codec fields
    )

    @property
    def elements(self) -> tuple[FieldCodec, ...]:
        return tuple(f for f in self.fields if f.role == "element")

    @property
    def attributes(self) -> tuple[FieldCodec, ...]:
        return tuple(f for f in self.fields if f.role == "attribute")

    @property
    def content(self) -> FieldCodec | None:
        """The text of a simple-content type (``xs:simpleContent``), if it is one."""
        return next((f for f in self.fields if f.role == "content"), None)

    @property
    def wildcard(self) -> FieldCodec | None:
        """The first ``xs:any`` slot: where elements the schema does not name go."""
        return next((f for f in self.fields if f.role == "wildcard"), None)

    @property
    def any_attributes(self) -> FieldCodec | None:
        """Where the reader puts the attributes the type does not declare: the
        schema's ``xs:anyAttribute`` (its own or a base's) if there is one, else
        ``unknown_attributes``."""
        found = [f for f in self.fields if f.role == "any_attributes"]
        schemas = [f for f in found if f.name != UNKNOWN_ATTRIBUTES]
        return (schemas or found)[0] if found else None

    @property
    def all_any_attributes(self) -> tuple[FieldCodec, ...]:
        """Every attribute wildcard along the type's chain: the writer writes each."""
        return tuple(f for f in self.fields if f.role == "any_attributes")

    @property
    def unwrapped(self) -> FieldCodec | None:
        """For a response element with a single child (``result``), that child:
        what the client method returns instead of the wrapper."""
        return self.elements[0] if len(self.elements) == 1 else None

    @property
    def returned_type(self) -> str:
        """The return annotation of a client method whose response this is: the
        single child's field type (``None | T`` when it is optional), else the class."""
        return self.unwrapped.annotation if self.unwrapped else self.name


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
        return [self.codec(c) for c in self.classes.values() if c.is_complex_type]

    def bases(self, cls: Class) -> list[Class]:
        return base_classes(cls, self.classes)

    def codec(self, cls: Class) -> ClassCodec:
        owned = [(base, a) for base in self.bases(cls) for a in base.attrs]
        owned += [(cls, a) for a in cls.attrs]
        # a restriction restates its base's fields: one field each, where first seen
        kept = {a.name: (owner, a) for owner, a in reversed(owned)}
        owned = [(owner, a) for owner, a in owned if kept[a.name][1] is a]
        fields = tuple(
            self.field(owner, attr)
            for owner, attr in owned
            if not is_unknown_elements(attr) and not attr.fixed  # fixed: not a field
        )
        namespace = cls.target_namespace or ""
        local = cls.meta_name or cls.name
        return ClassCodec(
            name=cls.name,
            function=snake_case(cls.name),
            fields=fields,
            element_tag=(
                f"{{{cls.namespace}}}{local}"
                if cls.is_element and not cls.local_type
                else None
            ),
            type_tag=f"{{{namespace}}}{cls.name if cls.is_element else local}",
            abstract=cls.abstract,
            subclasses=tuple(sorted(self.subclasses.get(cls.qname, []))),
            keeps_unknown=any(is_unknown_elements(a) for _, a in owned),
            has_fixed=any(a.fixed for _, a in owned),
        )

    def field(self, cls: Class, attr: Attr) -> FieldCodec:
        """The plan of one element, attribute, simple content or wildcard of ``cls``."""
        role = ROLES.get(attr.tag)
        if role is None or (role != "wildcard" and not attr.types):
            raise GeneratorError(
                self.where,
                f"type {cls.name}, {attr.tag.lower()} {attr.local_name or attr.name}: "
                "is not supported; expected an xs:element, xs:attribute, xs:any or "
                "simple content",
            )
        name = self.field_name(attr.name, cls.name)
        if role in ("wildcard", "any_attributes"):
            return FieldCodec(
                name,
                attr.local_name or attr.name,
                "",
                role == "any_attributes",
                True,
                False,
                False,
                "text",
                "str",
                role=role,
            )
        kinds = [self.kind(cls, attr, t) for t in attr.types]
        kind, type_name = kinds[0]
        union: tuple[str, ...] = ()
        if len(kinds) > 1:
            if any(k != "text" for k, _ in kinds):
                raise GeneratorError(
                    self.where,
                    f"type {cls.name}, element {attr.local_name}: a union of "
                    "non-builtin types is not supported; expected XML Schema built-in "
                    "member types",
                )
            union = tuple(dict.fromkeys(t for _, t in kinds))
            if "QName" in union:
                raise GeneratorError(
                    self.where,
                    f"type {cls.name}, element {attr.local_name}: a union with "
                    "xs:QName is not supported; expected other built-in member types",
                )
        xml_name = attr.local_name or attr.name
        return FieldCodec(
            name=name,
            xml_name=xml_name,
            tag=f"{{{attr.namespace}}}{xml_name}" if attr.namespace else xml_name,
            is_attribute=attr.tag == Tag.ATTRIBUTE,
            is_list=attr.is_list,
            nillable=attr.is_nillable,
            required=not attr.is_optional,
            kind=kind,
            type_name=type_name,
            role=role,
            tokens=attr.is_tokens,
            union=union,
            enum_base=self.enum_base(type_name) if kind == "enum" else "",
        )

    def enum_base(self, name: str) -> str:
        """``"QName"`` for an enumeration of ``xs:QName`` values (xsdata made its
        members ``QName("{namespace}local")``, resolved against the schema), else
        ``""``: the members are the text."""
        target = next(c for c in self.classes.values() if c.name == name)
        types = {t.qname for a in target.attrs for t in a.types if t.native}
        return "QName" if types == {str(DataType.QNAME)} else ""

    def kind(self, cls: Class, attr: Attr, attr_type: AttrType) -> tuple[str, str]:
        """``(kind, Python type)`` of one of ``attr``'s types."""
        if attr_type.native:
            datatype = DataType.from_qname(attr_type.qname)
            type_name = datatype.type.__name__ if datatype else "str"
            if type_name not in TEXT_WRITERS:
                raise GeneratorError(
                    self.where,
                    f"type {cls.name}, element {attr.local_name}: XML type "
                    f"{attr_type.qname} is not supported; expected one of "
                    f"{', '.join(TEXT_WRITERS)}",
                )
            return "text", type_name
        target = self.classes.get(attr_type.qname)
        if target is None:
            raise GeneratorError(
                self.where,
                f"type {cls.name}, {attr.tag.lower()} {attr.local_name}: refers to "
                f"type {attr_type.qname}, which the schemas do not define; expected "
                "a defined type",
            )
        if target.is_enumeration:
            return "enum", target.name
        if not target.is_complex_type:  # a simple type xsdata kept: its value's type
            value = next(a for a in target.attrs if not is_unknown_slot(a))
            return self.kind(target, value, value.types[0])
        return "complex", target.name

"""The one naming rule: every XML name becomes a Python identifier here.

Methods, header keywords, classes, fields and constants (through
:class:`~generator.model.python_names.ModelFilters`) are all named by
:func:`python_name`. A name is NFKC-normalized (as Python's parser does), a
character an identifier cannot hold becomes ``_``, a keyword gets a suffix the way
xsdata does (``class`` -> ``class_value``), and anything that is still not an
identifier is refused.

Every generated scope also has **reserved names**: the names the templates and the
runtime themselves define or import there (the sets below, enumerated from the
templates; ``tests/core/model/test_reserved_names.py`` checks them against what is
rendered). A name from the WSDL that lands on a reserved name gets the same suffix
as a keyword: ``_value`` for methods, keywords and fields, ``_type`` for classes.
An operation ``call`` becomes ``Client.call_value`` (constant ``CALL_VALUE``), a
type ``Client`` becomes ``Client_type``, a field ``unknownElements`` becomes
``unknown_elements_value``.

Two XML names that become the same Python name in one scope never merge and never
get numbered suffixes (:func:`assign`):

* the one whose XML name already *is* that Python name keeps it;
* another one whose XML name is itself a usable, free identifier keeps its XML
  name as it is (operations ``get_lead`` and ``getLead`` give ``get_lead`` and
  ``getLead``);
* anything else is refused with one line naming both XML names and the scope
  (for classes: use ``--class-name``).

Classes of one name in different namespaces are the exception: the WSDL's own
namespace keeps the name and the others are qualified by their namespace's readable
words (:func:`qualify`: ``TypeA_SchemaA``, ``TypeA_SchemaB``).

Scopes, and the key two names must not share there: operations (a method of
``Client``, a function of the profile's helper modules and an upper-case module
constant, so compared upper-cased), classes (one module, compared as xsdata does:
ASCII letters and digits, case-insensitively), the fields of one class (xsdata's
slug), the members of one enumeration (their constant name), and the header
keywords (``Client.__init__`` and every method that takes the header).
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Callable, Iterable

from generator.errors import GeneratorError

# --- Client (templates/client.py.jinja, templates/mktows/client.py.jinja) ------------
# Attributes and methods of the Client class besides the operations; any dunder name
# is reserved too (see is_reserved_member).
CLIENT_MEMBERS = frozenset(
    {
        "call",  # Client.call
        "endpoint",  # property
        "user_id",  # property (mktows)
        "retry",
        "default_headers",
        "close",
        "aclose",  # AsyncClient
        "_connect",
        "_plan",
        "_signer",
        "_transport",
        "_credentials",
    }
)
# Keywords of Client.__init__ (both profiles), of every method (self, and the locals
# ``request``/``response`` a header keyword would be read after), and of the
# profile helpers in paging.py/bulk.py (client, progress, chunk_size, workers).
CALL_KEYWORDS = frozenset(
    {
        "self",
        "endpoint",
        "signer",
        "user_id",
        "secret",
        "clock",
        "session",
        "timeout",
        "deadline",
        "retry",
        "max_connections",
        "max_response_bytes",
        "request",
        "response",
        "client",
        "progress",
        "chunk_size",
        "workers",
    }
)
# Module-level names of client.py, paging.py and bulk.py, where an operation is an
# upper-case constant (GET_LEAD) and, in the helpers, a function (get_lead).
CLIENT_MODULE = frozenset(
    {
        "NAMESPACE",
        "READ_PREFIXES",
        "READ_OPERATIONS",
        "TYPE_CHECKING",
        "deferred_modules",
        "DEFAULT_DEADLINE",
        "DEFAULT_POOL_SIZE",
        "DEFAULT_TIMEOUT",
        "MAX_RESPONSE_BYTES",
        "PAGED",
        "BATCH_LIMITS",
    }
)
HELPER_FUNCTIONS = frozenset(
    {
        "replace",
        "known",
        "is_empty",
        "chunks",
        "outcome_text",
        "run_chunks",
        "build_envelope",
        "read_response",
        "local_now",
        "parsers",
        "serializers",
        "requests",
    }
)
# --- classes: imported by name into models.py, models/*.py, client.py, paging.py
# and bulk.py, or defined there besides the classes.
CLASS_RESERVED = frozenset(
    {
        # models.py (xsdata's imports and the builtins its annotations name)
        "annotations",
        "dataclass",
        "field",
        "Enum",
        "Decimal",
        "QName",
        "XmlDate",
        "XmlDateTime",
        "XmlDuration",
        "XmlTime",
        "XmlPeriod",
        "Nil",
        "NIL",
        "UnknownElement",
        "Any",
        "Optional",
        "Union",
        "Type",
        "int",
        "str",
        "bool",
        "float",
        "bytes",
        "list",
        "dict",
        "tuple",
        "object",
        "type",
        # client.py
        "TypeVar",
        "Writer",
        "Operation",
        "RetryPolicy",
        "Signer",
        "Clock",
        "Credentials",
        "HmacSigner",
        "Transport",
        "Result",
        "Client",
        "AsyncClient",
        "AsyncTransport",
        "CallPlan",
        "Generic",
        "_Client",
        "_SessionT",
        "httpx",
        # paging.py, bulk.py
        "Iterable",
        "Page",
        "PagedOperation",
        "Pager",
        "Progress",
        "BatchLimit",
        "BatchLimitError",
        "BulkError",
        "BulkResult",
        "Failure",
        "FailedCall",
        "__all__",
        # the generated package's modules, imported as names
        "models",
        "client",
        "_client",
        *HELPER_FUNCTIONS,
        *CLIENT_MODULE,
    }
)
# --- fields of a model class: the wildcard field, what xsdata's class body uses
# after a field is defined, and the keywords a request field shares a signature with.
UNKNOWN_ELEMENTS = "unknown_elements"
UNKNOWN_ATTRIBUTES = "unknown_attributes"
FIELD_RESERVED = frozenset(
    {
        UNKNOWN_ELEMENTS,
        UNKNOWN_ATTRIBUTES,
        "field",
        "list",
        "self",
        "client",
        "progress",
        "chunk_size",
        "workers",
        "send",
        "chunk",
        "request",
        "response",
        "listed",
    }
)


def python_name(name: str, suffix: str = "value") -> str:
    """The Python identifier for ``name``: a keyword gets ``_{suffix}`` (xsdata's rule).

    A character an identifier cannot hold after its first (``-`` or ``.`` of an XML
    name, or a digit like ``𑣪`` that ``\\w`` allows but Python does not) becomes ``_``.
    Raises :class:`ValueError` when the result is still not an identifier.
    """
    normal = "".join(
        char if f"a{char}".isidentifier() else "_"
        for char in unicodedata.normalize("NFKC", name)
    )
    if keyword.iskeyword(normal):
        normal = f"{normal}_{suffix}"
    if not normal.isidentifier():
        raise ValueError(f"{name!r} is not a Python identifier")
    return normal


def is_python_name(name: str) -> bool:
    """True when ``name`` can be written as it is: an identifier, not a keyword."""
    return (
        name.isidentifier()
        and not keyword.iskeyword(name)
        and unicodedata.normalize("NFKC", name) == name
    )


def is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def free_name(name: str, reserved: Callable[[str], bool], suffix: str) -> str:
    """``name``, or ``name_{suffix}`` (again, while still reserved)."""
    while reserved(name):
        name = f"{name}_{suffix}"
    return name


def assign(
    xml_names: Iterable[str],
    candidate: Callable[[str], str],
    *,
    key: Callable[[str], str],
    reserved: Callable[[str], bool],
    suffix: str,
    where: str,
    scope: str,
    hint: str = "",
) -> dict[str, str]:
    """``{XML name: Python name}`` for the names of one scope, by the module's rule.

    ``candidate`` is the plain rule (snake-casing, :func:`python_name`); ``key``
    says when two Python names clash in this scope; ``reserved`` names get
    ``_{suffix}``. Raises :class:`GeneratorError` for a clash no rule resolves.
    """
    wanted = {xml: free_name(candidate(xml), reserved, suffix) for xml in xml_names}
    groups: dict[str, list[str]] = {}
    for xml, name in wanted.items():
        groups.setdefault(key(name), []).append(xml)
    result = dict(wanted)
    for members in groups.values():
        if len(members) < 2:
            continue
        literal = [xml for xml in members if wanted[xml] == xml]
        verbatim = [x for x in members if is_python_name(x) and not reserved(x)]
        # who keeps the shared name: the XML name that is it, else the only one
        # that cannot keep its own XML name
        stuck = [x for x in members if x not in verbatim]
        keeper = literal[:1] or (stuck if len(stuck) == 1 else [])
        for xml in members:
            if xml not in keeper:
                result[xml] = xml if xml in verbatim else ""
    seen: dict[str, str] = {}
    for xml, name in result.items():
        clash = (
            seen.get(key(name))
            if name
            else next(m for m in groups[key(wanted[xml])] if m != xml)
        )
        if clash is not None:
            raise GeneratorError(
                where,
                f"{scope}: {clash!r} and {xml!r} both become the Python name "
                f"{name or wanted[xml]!r}; expected names that stay distinct{hint}",
            )
        seen[key(name)] = xml
    return result


def snake_case(name: str) -> str:
    """``getMultipleLeads`` -> ``get_multiple_leads``; ``syncMObjects`` -> ``sync_mobjects``.

    An acronym of two or more capitals stays one word (``SFDCLeadId`` ->
    ``sfdc_lead_id``); a single capital before a word joins it (``MObject``).
    """
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    words = re.sub(r"([A-Z]{2,})([A-Z][a-z])", r"\1_\2", words)
    return words.lower()


# --- one class name in several namespaces --------------------------------------------
NO_NAMESPACE = "no_namespace"  # the qualifier of a namespace without a readable word
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_WORDS = re.compile(r"[^\W_]+")
_VERSION = re.compile(r"[vV]?\d+(?:[._-]\d+)*")  # a version or date says least


def namespace_parts(namespace: str) -> list[tuple[int, str]]:
    """The readable parts of a namespace URI, most specific first, each with its
    place in reading order.

    ``http://www.example.com/crm/v2`` gives ``crm``, ``example``, ``v2`` (``www``
    and the top-level domain say nothing; a version or a date such as ``v2`` or
    ``2006`` comes last); ``urn:acme:orders`` and
    ``com.acme.orders`` give ``orders``, ``acme`` (, ``com``). A part's words are
    joined by ``_`` (``my-service`` -> ``my_service``).
    """
    scheme = _SCHEME.match(namespace)
    if scheme:
        host, _, path = namespace[scheme.end() :].partition("/")
        labels = host.rpartition("@")[2].partition(":")[0].split(".")
        labels = [label for label in labels[:-1] or labels if label.lower() != "www"]
        segments = re.split(r"[/?#;]", path)
        ranked = [*reversed(range(len(labels), len(labels) + len(segments)))]
        ranked += range(len(labels))
        units = [*labels, *segments]
    else:
        units = re.split(r"[:/.#]", namespace)
        if units[0].lower() == "urn":
            units = units[1:]
        ranked = [*reversed(range(len(units)))]
    ranked.sort(key=lambda place: bool(_VERSION.fullmatch(units[place])))
    parts = [(place, "_".join(_WORDS.findall(units[place]))) for place in ranked]
    return [(place, part) for place, part in parts if part]


def namespace_qualifier(namespace: str, level: int) -> str:
    """The ``level`` most specific parts of ``namespace``, in reading order; past
    its last part, every word of the namespace (scheme and domain included)."""
    parts = namespace_parts(namespace)
    if level > len(parts):
        return "_".join(_WORDS.findall(namespace)) or NO_NAMESPACE
    return "_".join(part for _, part in sorted(parts[:level]))


def qualify(
    members: Iterable[tuple[str, str]],
    *,
    key: Callable[[str], str],
    taken: Callable[[str], bool],
    reserved: Callable[[str], bool],
    suffix: str,
) -> dict[tuple[str, str], str] | None:
    """``{(namespace, name): name_<qualifier>}``: Python names for classes of one
    name in several namespaces, told apart by their namespaces' readable words.

    The qualifier is the most specific part of each namespace (``TypeA`` in
    ``.../SchemaA`` and ``.../SchemaB`` give ``TypeA_SchemaA`` and
    ``TypeA_SchemaB``); while two namespaces' names share a ``key`` or a name's
    key is ``taken``, every namespace adds its next part, and finally all its words.
    Names of one namespace share its qualifier. ``None`` when even all the words
    cannot tell two namespaces apart.
    """
    members = sorted(set(members))
    depth = max((len(namespace_parts(ns)) for ns, _ in members), default=0) + 1
    for level in range(1, depth + 1):
        names = {
            (ns, name): free_name(
                python_name(f"{name}_{namespace_qualifier(ns, level)}", suffix),
                reserved,
                suffix,
            )
            for ns, name in members
        }
        owners: dict[str, str] = {}
        if all(
            not taken(key(new)) and owners.setdefault(key(new), ns) == ns
            for (ns, _), new in names.items()
        ):
            return names
    return None

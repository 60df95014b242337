"""``mktows-codegen diff``: what changed between two WSDL revisions, and what breaks.

Both sides go through the generator's own stages (``resolve`` -> ``load`` ->
``build_model``), so the diff sees exactly what generation sees, and bad input fails
with the same one-line errors. The comparison works on the parsed model, never on
text: whitespace, attribute order, comments, prefixes and line endings cannot show
up. Every difference becomes a :class:`~generator.tools.diff.rules.Change` whose severity
follows from its rule and its direction (see :mod:`generator.tools.diff.rules`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from xsdata.utils.namespaces import local_name

from generator.load.sources import WsdlSource, resolve
from generator.load.wsdl import LoadedWsdl, load
from generator.model.api import ApiModel, Header, Operation, Service, build_model
from generator.profiles import apply_profile
from generator.tools.diff.index import SchemaIndex, element_name
from generator.tools.diff.python import PythonChange, python_changes
from generator.tools.diff.rules import Change, Direction, change
from generator.tools.diff.schema import documentation_changes, schema_changes

BOTH, NONE = Direction.BOTH, Direction.NONE


@dataclass(frozen=True)
class Side:
    """One WSDL as the diff needs it: the loaded schema and the generator's model."""

    loaded: LoadedWsdl
    model: ApiModel

    @classmethod
    def read(cls, spec: str, package: str = "mktows") -> Side:
        """Resolve, load and model ``spec`` exactly as ``generate`` does."""
        loaded = load(resolve(spec))
        _, model = apply_profile(build_model(loaded, package))
        return cls(loaded, model)


@dataclass(frozen=True)
class DiffResult:
    """Everything a report needs: both sources, the changes, the Python name changes."""

    old: WsdlSource
    new: WsdlSource
    changes: list[Change]
    python: list[PythonChange]


def diff(old_spec: str, new_spec: str) -> DiffResult:
    """Load two WSDLs (revision names, paths or URLs) and compare them."""
    old, new = Side.read(old_spec), Side.read(new_spec)
    return DiffResult(
        old.model.source,
        new.model.source,
        compare(old, new),
        python_changes(old.model, new.model),
    )


def compare(old: Side, new: Side) -> list[Change]:
    """Every change from ``old`` to ``new``, worst first, then by path."""
    changes = [
        *_service_changes(old.model, new.model),
        *schema_changes(
            SchemaIndex(old.loaded.classes, old.model),
            SchemaIndex(new.loaded.classes, new.model),
        ),
    ]
    return sorted(changes, key=Change.sort_key)


def _service_changes(old: ApiModel, new: ApiModel) -> Iterator[Change]:
    """Service, ports, bindings, addresses, namespace and the operations."""
    before, after = old.service, new.service
    single = len(old.ports) == 1 and len(new.ports) == 1
    renamed = [("name", before.name, after.name)]
    if single:  # with several ports, ports are matched by name instead
        renamed += [("port", before.port, after.port)]
        renamed += [("binding", before.binding, after.binding)]
    for part, was, now in renamed:
        if was != now:
            yield change(
                "service-renamed",
                NONE,
                f"service/{part}",
                f"{part} renamed",
                was,
                now,
            )
    if before.namespace != after.namespace:
        yield change(
            "namespace-changed",
            BOTH,
            "targetNamespace",
            "target namespace changed: every element is renamed on the wire",
            before.namespace,
            after.namespace,
        )
    if single:
        yield from _port_changes(before, after, "")
        return
    old_ports = {port.port: port for port in old.ports}
    new_ports = {port.port: port for port in new.ports}
    for name in sorted(old_ports.keys() | new_ports.keys()):
        if name not in new_ports:
            yield change("port-removed", BOTH, name, f"port {name} removed")
        elif name not in old_ports:
            yield change("port-added", BOTH, name, f"port {name} added")
        else:
            yield from _port_changes(old_ports[name], new_ports[name], f"{name}/")


def _port_changes(before: Service, after: Service, prefix: str) -> Iterator[Change]:
    """One port's binding, address and operations; paths start with ``prefix``."""
    if prefix and before.binding != after.binding:
        yield change(
            "service-renamed",
            NONE,
            f"{prefix}binding",
            "binding renamed",
            before.binding,
            after.binding,
        )
    if before.address != after.address:
        yield change(
            "address-changed",
            NONE,
            f"{prefix or after.name + '/'}address",
            "soap:address location changed",
            before.address,
            after.address,
        )
    old_ops = {op.name: op for op in before.operations}
    new_ops = {op.name: op for op in after.operations}
    for name in sorted(old_ops.keys() | new_ops.keys()):
        if name not in new_ops:
            yield change(
                "operation-removed",
                BOTH,
                prefix + name,
                f"operation {name} removed",
                _signature(old_ops[name]),
            )
        elif name not in old_ops:
            yield change(
                "operation-added",
                BOTH,
                prefix + name,
                f"operation {name} added",
                None,
                _signature(new_ops[name]),
            )
        else:
            yield from _operation_changes(old_ops[name], new_ops[name], prefix)


def _signature(operation: Operation) -> str:
    """``paramsGetLead -> successGetLead``: the elements an operation exchanges."""
    return f"{element_name(operation.request)} -> {element_name(operation.response)}"


def _operation_changes(
    old: Operation, new: Operation, prefix: str = ""
) -> Iterator[Change]:
    name = prefix + new.name
    if old.soap_action != new.soap_action:
        yield change(
            "soap-action-changed",
            Direction.REQUEST,
            f"{name}/soapAction",
            f"SOAPAction of {name} changed",
            old.soap_action,
            new.soap_action,
        )
    for rule, direction, was, now in (
        ("request-element-changed", Direction.REQUEST, old.request, new.request),
        ("response-element-changed", Direction.RESPONSE, old.response, new.response),
    ):
        if element_name(was) != element_name(now):
            yield change(
                rule,
                direction,
                f"{name}/{direction.value}",
                f"{name} {direction.value}s a different element",
                element_name(was),
                element_name(now),
            )
    yield from documentation_changes(
        f"{name}/documentation", old.documentation, new.documentation
    )
    yield from _header_changes(name, old.headers, new.headers)


def _header_changes(
    operation: str, old: tuple[Header, ...], new: tuple[Header, ...]
) -> Iterator[Change]:
    """Header parts of the binding input, matched by the element they carry.

    The element's local name is the key, so a namespace change is reported once
    (``namespace-changed``) rather than as every header removed and added again.
    """
    before = {local_name(h.element): h for h in old}
    after = {local_name(h.element): h for h in new}
    request = Direction.REQUEST
    for element in sorted(before.keys() | after.keys()):
        was, now = before.get(element), after.get(element)
        header = now or was
        assert header is not None
        path = f"{operation}/headers/{header.class_name}"
        label = f"header {header.class_name} of {operation}"
        if now is None:
            yield change(
                "header-removed", request, path, f"{label} removed", _need(was)
            )
        elif was is None:
            rule = "header-added-required" if now.required else "header-added-optional"
            yield change(rule, request, path, f"{label} added", None, _need(now))
        elif was.required != now.required:
            rule = "header-now-required" if now.required else "header-now-optional"
            yield change(
                rule,
                request,
                path,
                f"{label} is now {_need(now)}",
                _need(was),
                _need(now),
            )


def _need(header: Header | None) -> str:
    return "required" if header is not None and header.required else "optional"

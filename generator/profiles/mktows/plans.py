"""Which operations the paging and bulk helpers wrap, read off the schema.

The render stage hands these plans to ``paging.py.jinja`` and ``bulk.py.jinja``,
which only lay them out. Nothing here names a Marketo operation except the
documented batch sizes, which the docs state and the schema cannot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.model.api import ApiModel, Operation
from generator.model.codecs import ClassCodec, FieldCodec
from generator.profiles import PassInput
from generator.profiles.mktows.runtime.limits import BATCHES, Batch

POSITION_FIELDS = ("streamPosition", "startPosition")


@dataclass(frozen=True)
class PagedOperation:
    """An operation that pages: where its position goes, and where its page lies.

    ``holder`` is the response's single child (``result``), ``wrapper`` its
    ``ArrayOf...`` field and ``records`` that wrapper's repeated element.
    """

    op: Operation
    holder: FieldCodec
    position: FieldCodec  # streamPosition / startPosition in the request
    next: FieldCodec  # newStreamPosition / newStartPosition in the result
    wrapper: FieldCodec
    records: FieldCodec
    remaining: FieldCodec | None  # remainingCount, where the result has one
    more: FieldCodec | None  # hasMore, where the result has one


@dataclass(frozen=True)
class BatchedOperation:
    """An operation that takes a list of records, and how its answer reports them.

    A result with a ``success`` flag answers once per call (``wrapper`` is None);
    otherwise ``wrapper`` holds a ``status`` per record, read through ``outcome``
    (its ``status``) and ``error``.
    """

    op: Operation
    batch: Batch
    items: FieldCodec  # the request's ArrayOf... field
    item: FieldCodec  # its repeated element
    holder: FieldCodec
    wrapper: FieldCodec | None
    status: ClassCodec
    outcome: FieldCodec | None
    error: FieldCodec | None

    @property
    def per_call(self) -> bool:
        return self.wrapper is None

    @property
    def chunk(self) -> int:
        return self.batch.chunk

    @property
    def maximum(self) -> int | None:
        return self.batch.maximum

    @property
    def rule(self) -> str:
        return self.batch.rule


def single(codec: ClassCodec) -> FieldCodec | None:
    """The repeated element of an ``ArrayOf...`` wrapper type, if that is all it has."""
    elements = codec.elements
    return elements[0] if len(elements) == 1 and elements[0].is_list else None


def _named(fields: tuple[FieldCodec, ...], *names: str) -> FieldCodec | None:
    return next((f for f in fields if f.xml_name in names), None)


def _result(
    op: Operation, codecs: Mapping[str, ClassCodec]
) -> tuple[FieldCodec, ClassCodec] | None:
    if op.response is None:  # one-way: nothing to page through
        return None
    holder = codecs[op.response.name].unwrapped
    if (
        holder is None
        or holder.kind != "complex"
        or not holder.required
        or holder.is_list
    ):
        return None
    return holder, codecs[holder.type_name]


def paged_operations(
    model: ApiModel, codecs: Mapping[str, ClassCodec]
) -> list[PagedOperation]:
    """Operations whose request takes a position that their result hands back."""
    found = []
    for op in model.service.operations:
        position = _named(codecs[op.request.name].elements, *POSITION_FIELDS)
        answer = _result(op, codecs)
        if position is None or answer is None:
            continue
        holder, result = answer
        next_name = "new" + position.xml_name[0].upper() + position.xml_name[1:]
        following = _named(result.elements, next_name)
        listed = [
            (f, records)
            for f in result.elements
            if f.kind == "complex" and not f.is_list
            for records in [single(codecs[f.type_name])]
            if records is not None
        ]
        remaining = _named(result.elements, "remainingCount")
        more = _named(result.elements, "hasMore")
        if (
            following is None
            or following.is_list
            or following.type_name != position.type_name
        ):
            continue
        if not listed:
            continue
        wrapper, records = listed[0]
        found.append(
            PagedOperation(
                op,
                holder,
                position,
                following,
                wrapper,
                records,
                (
                    remaining
                    if remaining
                    and remaining.type_name == "int"
                    and not remaining.is_list
                    else None
                ),
                (
                    more
                    if more and more.type_name == "bool" and not more.is_list
                    else None
                ),
            )
        )
    return found


def batched_operations(
    model: ApiModel, codecs: Mapping[str, ClassCodec]
) -> list[BatchedOperation]:
    """Operations with a documented batch limit whose request lists records."""
    found = []
    for batch in BATCHES:
        for op in model.service.operations:
            if op.name != batch.operation:
                continue
            items = _named(codecs[op.request.name].elements, batch.list_element)
            answer = _result(op, codecs)
            if (
                items is None
                or items.kind != "complex"
                or items.is_list
                or answer is None
            ):
                continue
            item = single(codecs[items.type_name])
            if item is None:
                continue
            holder, result = answer
            wrapper = status = None
            if _named(result.elements, "success") is None:
                for f in result.elements:
                    listed = (
                        single(codecs[f.type_name])
                        if f.kind == "complex" and not f.is_list
                        else None
                    )
                    if listed is not None and listed.kind == "complex":
                        wrapper, status = f, codecs[listed.type_name]
                        break
            status = status or result
            error = _named(status.elements, "error")
            found.append(
                BatchedOperation(
                    op,
                    batch,
                    items,
                    item,
                    holder,
                    wrapper,
                    status,
                    _named(status.elements, "status", "success"),
                    error if error is not None and error.type_name == "str" else None,
                )
            )
    return found


def model_pass(given: PassInput) -> dict[str, Any]:
    """The Marketo profile's model pass: the paging and bulk plans, and the names
    each helper module will import (``paged_used``, ``batched_used``)."""
    paged = paged_operations(given.model, given.codecs)
    batched = batched_operations(given.model, given.codecs)
    return {
        "paged": paged,
        "paged_used": [
            name
            for p in paged
            for name in [
                p.op.request.name,
                *([p.op.response.name] if p.op.response else []),
                p.wrapper.type_name,
                p.records.type_name,
                p.position.type_name,
                *given.annotations(p.op, ""),
            ]
        ],
        "batched": batched,
        "batched_used": [
            name
            for b in batched
            for name in [
                b.op.request.name,
                b.holder.type_name if b.per_call else "",
                b.items.type_name,
                b.item.type_name,
                b.status.name,
                b.wrapper.type_name if b.wrapper else "",
                *given.annotations(b.op, b.items.name),
            ]
        ],
    }

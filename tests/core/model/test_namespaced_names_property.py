"""Property: any set of namespaces gives one class name distinct Python names.

:func:`generator.model.naming.qualify` maps ``(namespace, name)`` pairs to
identifiers that xsdata keeps apart (ASCII letters and digits, any case), the same
whatever order the pairs come in; it gives up only when even all the words of two
namespaces are one to xsdata.
"""

from __future__ import annotations

import itertools
from random import Random

from hypothesis import given
from hypothesis import strategies as st
from xsdata.utils.text import alnum

from generator.model.naming import (
    CLASS_RESERVED,
    is_python_name,
    namespace_qualifier,
    qualify,
)

WORDS = ["orders", "Orders", "v1", "v2", "2006", "01", "stock", "www", "example"]
WORD = st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=6))
NAMESPACE = st.one_of(
    st.builds(
        lambda host, path: f"http://{'.'.join(host)}/{'/'.join(path)}",
        st.lists(WORD, min_size=1, max_size=3),
        st.lists(WORD, max_size=3),
    ),
    st.builds(lambda parts: "urn:" + ":".join(parts), st.lists(WORD, max_size=3)),
    st.text(max_size=12),
)
NAME = st.sampled_from(["TypeA", "typeA", "Type_A"])  # one name to xsdata


def run(pairs: list[tuple[str, str]]) -> dict[tuple[str, str], str] | None:
    taken = {alnum(name) for _, name in pairs}
    return qualify(
        pairs,
        key=alnum,
        taken=taken.__contains__,
        reserved=CLASS_RESERVED.__contains__,
        suffix="type",
    )


@given(
    st.lists(st.tuples(NAMESPACE, NAME), min_size=1, max_size=5, unique=True),
    st.randoms(use_true_random=False),
)
def test_names_are_valid_distinct_and_order_free(
    pairs: list[tuple[str, str]], random: Random
) -> None:
    result = run(pairs)
    shuffled = list(pairs)
    random.shuffle(shuffled)
    assert run(shuffled) == result
    spaces = sorted({ns for ns, _ in pairs})
    if result is None:
        # only when all the words of two namespaces are one key, or none at all
        full = [alnum(namespace_qualifier(ns, 10**6)) for ns in spaces]
        assert "" in full or len(set(full)) < len(full)
        return
    assert set(result) == set(pairs)
    owner: dict[str, str] = {}
    for (ns, name), new in result.items():
        assert is_python_name(new) and new not in CLASS_RESERVED
        assert new.startswith(f"{name}_")
        assert alnum(new) != "typea"  # never the shared name
        assert owner.setdefault(alnum(new), ns) == ns  # one key, one namespace


@given(st.lists(st.from_regex(r"[a-z]{2,8}", fullmatch=True), min_size=2, unique=True))
def test_readable_last_segments_are_the_qualifier(segments: list[str]) -> None:
    pairs = [(f"http://www.example.com/api/{s}/v3", "TypeA") for s in segments]
    result = run(pairs)
    assert result is not None
    for (ns, name), s in zip(pairs, segments, strict=True):
        assert result[(ns, name)] == f"TypeA_{s}"


def test_names_of_one_namespace_share_its_qualifier() -> None:
    pairs = [("urn:a:orders", "TypeA"), ("urn:a:orders", "typeA"), ("urn:b", "TypeA")]
    result = run(pairs)
    assert result == {
        ("urn:a:orders", "TypeA"): "TypeA_orders",
        ("urn:a:orders", "typeA"): "typeA_orders",
        ("urn:b", "TypeA"): "TypeA_b",
    }
    assert all(run(list(p)) == result for p in itertools.permutations(pairs))

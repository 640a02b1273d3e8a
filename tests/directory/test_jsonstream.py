"""The streaming reader gives what json.loads gives, whatever the chunk boundaries."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asip_desktop.directory.jsonstream import ArrayItems, JsonStreamError

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(values, max_size=8),
    other=values,
    chunk=st.integers(min_value=1, max_value=40),
    indent=st.sampled_from([None, 1]),
    as_array=st.booleans(),
)
def test_same_items_as_json_loads(items, other, chunk, indent, as_array):
    doc = items if as_array else {"avant": other, "service": items, "apres": other}
    text = json.dumps(doc, indent=indent)
    found = list(ArrayItems(io.StringIO(text), frozenset({"service"}), chunk_chars=chunk))
    assert [item for _key, item, _line in found] == items
    assert {key for key, _item, _line in found} <= {None if as_array else "service"}


def test_lines_of_items():
    text = '{"service": [\n  {"a": 1},\n\n  {"b": 2}\n]}'
    found = list(ArrayItems(io.StringIO(text), chunk_chars=3))
    assert [(item, line) for _k, item, line in found] == [({"a": 1}, 2), ({"b": 2}, 4)]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('{"service": [\n{"a": 1},\n{"b": }\n]}', 3),
        ('{"service": [\n{"a": 1}\n', 3),
        ("\n\nnot json", 3),
        ('[{"a": 1}] trailing', 1),
    ],
)
def test_errors_name_the_line(text, line):
    with pytest.raises(JsonStreamError) as info:
        list(ArrayItems(io.StringIO(text), chunk_chars=4))
    assert info.value.line == line

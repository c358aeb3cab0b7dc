"""The loader's fast structuring path agrees with the cattrs converter on every input."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fmevidence import _resources
from fmevidence.converter import converter, to_data
from fmevidence.fast_structure import Invalid, structure
from fmevidence.kinds import KINDS

CLASSES = list(KINDS.values())


def _cattrs_result(value: Any, cls: type) -> Any:
    try:
        return converter().structure(value, cls)
    except Exception:
        return Invalid


def _fast_result(value: Any, cls: type) -> Any:
    try:
        return structure(value, cls)
    except (Invalid, ValueError):
        return Invalid


def test_shipped_records_structure_identically() -> None:
    files = json.loads(_resources.read_text("data", "dataset.json"))["files"]
    for name in files:
        for kind, items in json.loads(_resources.read_text("data", name)).items():
            if kind.startswith("$"):
                continue
            for item in items:
                fast = _fast_result(item, KINDS[kind])
                assert fast is not Invalid, item.get("id")
                assert fast == _cattrs_result(item, KINDS[kind])


# NaN and the infinities are drawn on purpose: the JSON reader turns them into problems
# before structuring, but the two paths must still agree on them (compared with _same below).
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)


def _objects(value: Any) -> list[dict[str, Any]]:
    """Every object in ``value``, the top one first, nested ones (quantities, codes...) after."""
    found: list[dict[str, Any]] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return found


def _mutate_nested(data: dict[str, Any], where: int, choice: int, key_index: int, replacement: Any) -> dict[str, Any]:
    """``data`` with one of its objects (possibly nested) mutated by :func:`_mutate`."""
    copy = json.loads(json.dumps(data))
    objects = _objects(copy)
    target = objects[where % len(objects)]
    mutated = _mutate(target, choice, key_index, replacement)
    target.clear()
    target.update(mutated)
    return copy


def _same(left: Any, right: Any) -> bool:
    """Equality that counts NaN equal to NaN (records holding NaN never compare equal otherwise)."""
    return _nan_safe(to_data(left)) == _nan_safe(to_data(right))


def _nan_safe(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, dict):
        return {key: _nan_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_nan_safe(item) for item in value]
    return value


def _mutate(data: dict[str, Any], choice: int, key_index: int, replacement: Any) -> dict[str, Any]:
    keys = sorted(data)
    if not keys:
        return data
    key = keys[key_index % len(keys)]
    mutated = dict(data)
    if choice == 0:
        del mutated[key]
    elif choice == 1:
        mutated[key] = replacement
    elif choice == 2:
        mutated[key + "_typo"] = replacement
    return mutated


@settings(max_examples=300, deadline=None)
@given(
    cls=st.sampled_from(CLASSES),
    data=st.data(),
    choice=st.integers(0, 3),
    key_index=st.integers(0, 50),
    where=st.integers(0, 50),
    replacement=json_values,
)
def test_fast_path_agrees_with_cattrs(cls: type, data: st.DataObject, choice: int, key_index: int, where: int,
                                      replacement: Any) -> None:
    record = data.draw(st.from_type(cls))
    raw = _mutate_nested(to_data(record), where, choice, key_index, replacement)
    fast = _fast_result(raw, cls)
    slow = _cattrs_result(raw, cls)
    assert (fast is Invalid) == (slow is Invalid), (raw, fast, slow)
    if fast is not Invalid:
        assert _same(fast, slow), (raw, fast, slow)


@pytest.mark.parametrize("value", [None, [], "x", 5])
def test_non_objects_are_invalid(value: Any) -> None:
    for cls in CLASSES:
        assert _fast_result(value, cls) is Invalid

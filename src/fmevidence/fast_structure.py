"""Structure valid data-file records into model classes without cattrs.

Why: importing cattrs alone costs about 70 ms, many times the cost of reading the shipped
JSON, and the first ``load()`` should stay close to plain ``json.loads``. The rules are the
cattrs converter's (unknown keys rejected, strict primitives, lists for tuples); this path
only says *whether* a record is valid. Any record it rejects is handed to the cattrs
converter, which explains every problem with its path. tests/test_fast_structure.py
proves both agree.
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["Invalid", "structure"]

_Convert = Callable[[Any], Any]


class Invalid(Exception):
    """The value does not fit; the cattrs converter will say why."""


def structure(value: Any, cls: Any) -> Any:
    """``value`` as an instance of the attrs class ``cls``; raises :class:`Invalid`."""
    return _class_converter(cls)(value)


@functools.cache
def _class_converter(cls: Any) -> _Convert:
    hints = _field_types(cls)
    fields = [(f.name, _converter_for(hints[f.name]), f.default is attrs.NOTHING) for f in attrs.fields(cls)]
    allowed = frozenset(name for name, _, _ in fields)

    def convert(value: Any) -> Any:
        if type(value) is not dict or not allowed.issuperset(value):
            raise Invalid
        kwargs = {}
        for name, field_converter, required in fields:
            if name in value:
                kwargs[name] = field_converter(value[name])
            elif required:
                raise Invalid
        return cls(**kwargs)

    return convert


def _field_types(cls: type[Any]) -> dict[str, Any]:
    """Field types; evaluated annotations are used as they are (string ones are resolved)."""
    fields = attrs.fields(cls)
    if all(not isinstance(field.type, str) for field in fields):
        return {field.name: field.type for field in fields}
    return typing.get_type_hints(cls)


def _converter_for(tp: Any) -> _Convert:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in args if arg is not type(None)]
        if len(options) != 1:  # pragma: no cover - the model has no such unions
            raise TypeError(f"unsupported union {tp!r}")
        inner = _converter_for(options[0])
        return lambda value: None if value is None else inner(value)
    if origin is tuple:
        item = args[0]
        if item is str:
            return _str_tuple
        item_converter = _converter_for(item)
        return lambda value: tuple(map(item_converter, value)) if type(value) is list else _fail()
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _enum_converter(tp)
    if isinstance(tp, type) and attrs.has(tp):
        return _class_converter(tp)
    if tp is float:
        return _float
    if tp in (str, int, bool):
        return _exact(tp)
    raise TypeError(f"unsupported field type {tp!r}")  # pragma: no cover


def _fail() -> Any:
    raise Invalid


def _str_tuple(value: Any) -> tuple[str, ...]:
    if type(value) is not list or any(type(item) is not str for item in value):
        raise Invalid
    return tuple(value)


def _exact(tp: type) -> _Convert:
    def convert(value: Any) -> Any:
        if type(value) is not tp:
            raise Invalid
        return value

    return convert


def _float(value: Any) -> float:
    if type(value) is float:
        return value
    if type(value) is int:
        return float(value)
    raise Invalid


def _enum_converter(cls: type[enum.Enum]) -> _Convert:
    members = {member.value: member for member in cls}

    def convert(value: Any) -> Any:
        try:
            return members[value]
        except (KeyError, TypeError):
            raise Invalid from None

    return convert

"""The cattrs converters between data-file JSON and the model (imported only when needed).

Our own converters, never the global one: unknown keys are errors (a typo in a data file
is reported, not dropped), primitives are strict (``5`` is not a string, a string is not a
list), and unstructuring omits defaults so records come out in the shape of the data files.
The loader structures valid data with fast_structure; on failure this converter explains every problem.
"""

from __future__ import annotations

import enum
import functools
import re
from typing import Any, get_args, get_origin

import cattrs
from cattrs.errors import ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_unstructure_fn
from cattrs.v import transform_error

from .describe import describe_value
from .errors import DataProblem
from .kinds import KINDS
from .model import CertaintyOverride, DatasetInfo, Locator, MedicalCode, Quantity, Record
from .pointers import pointer as pointer_of

__all__ = ["converter", "describe_errors", "to_data"]

_NESTED = (MedicalCode, Locator, Quantity, CertaintyOverride, DatasetInfo)


@functools.cache
def converter() -> cattrs.Converter:
    """The detailed converter: slower, but every error carries its path."""
    return _make(detailed=True)


def to_data(record: Record) -> dict[str, Any]:
    """A record as a JSON-ready dict, in the shape of the data files."""
    data: dict[str, Any] = converter().unstructure(record)
    return data


def _make(detailed: bool) -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    conv.register_structure_hook(str, _strict(str, "a string"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(float, _strict_float)
    # Class hooks dispatch on the MRO, so the str hook above would swallow str-valued enums:
    # give every enum of the model its own hook.
    for enum_cls in _model_enums():
        conv.register_structure_hook(enum_cls, _enum_hook)
    conv.register_structure_hook_factory(_is_homogeneous_tuple, functools.partial(_tuple_hook, conv))
    for cls in (*KINDS.values(), *_NESTED):
        conv.register_unstructure_hook(cls, make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True))
    return conv


def _model_enums() -> list[type[enum.Enum]]:
    from . import model

    return [
        value
        for value in vars(model).values()
        if isinstance(value, type) and issubclass(value, enum.Enum) and value.__module__ == model.__name__
    ]


def _enum_hook(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    allowed = [str(member.value) for member in cls]
    if not isinstance(value, str):
        raise ValueError(f"expected one of: {', '.join(allowed)}; found {describe_value(value)}")
    try:
        return cls(value)
    except ValueError:
        import difflib

        close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"expected one of: {', '.join(allowed)}; found {value!r}{hint}") from None


def _strict(cls: type, expected: str) -> Any:
    def structure(value: Any, _: Any) -> Any:
        if type(value) is not cls:
            raise TypeError(f"expected {expected}, found {describe_value(value)}")
        return value

    return structure


def _strict_int(value: Any, _: Any) -> int:
    if type(value) is not int:
        raise TypeError(f"expected an integer, found {describe_value(value)}")
    return value


def _strict_float(value: Any, _: Any) -> float:
    if type(value) not in (int, float):
        raise TypeError(f"expected a number, found {describe_value(value)}")
    return float(value)


def _is_homogeneous_tuple(cls: Any) -> bool:
    args = get_args(cls)
    return get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook(conv: cattrs.Converter, cls: Any) -> Any:
    inner = get_args(cls)[0]

    def structure(value: Any, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise TypeError(f"expected a list, found {describe_value(value)}")
        handler = conv.get_structure_hook(inner)
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(handler(item, inner))
            except Exception as exc:
                from cattrs.errors import IterableValidationNote

                note = IterableValidationNote(f"Structuring {cls} @ index {index}", index, inner)
                setattr(exc, "__notes__", [*getattr(exc, "__notes__", []), note])  # noqa: B010
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {cls!r}", errors, cls)
        return tuple(items)

    return structure



def _format(exc: BaseException, cls: Any) -> str:
    if isinstance(exc, KeyError):
        return "required field is missing"
    if isinstance(exc, (TypeError, ValueError)) and str(exc).startswith("expected"):
        return str(exc)
    if isinstance(exc, ForbiddenExtraKeysError):
        known = ", ".join(sorted(a.name for a in getattr(exc.cl, "__attrs_attrs__", ())))
        return f"unknown field(s) {', '.join(sorted(exc.extra_fields))}; known fields: {known}"
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        allowed = ", ".join(str(member.value) for member in cls)
        return f"invalid value; expected one of: {allowed}"
    if isinstance(exc, (TypeError, ValueError)) and str(exc).startswith("expected"):
        return str(exc)
    if isinstance(exc, (TypeError, AttributeError)) and cls is not None and hasattr(cls, "__attrs_attrs__"):
        return f"expected an object ({cls.__name__})"
    return f"invalid value: {exc}"


_PATH_PART = re.compile(r"\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\['([^']*)'\]")


def describe_errors(exc: BaseException, file: str, pointer: str, record_id: str | None) -> list[DataProblem]:
    """cattrs errors as :class:`DataProblem` s with JSON pointers below ``pointer``."""
    problems: list[DataProblem] = []
    if isinstance(exc, (cattrs.ClassValidationError, IterableValidationError)):
        messages = transform_error(exc, path="$", format_exception=_format)
    else:
        messages = [f"{_format(exc, None)} @ $"]
    for line in messages:
        message, _, path = line.rpartition(" @ ")
        suffix = pointer_of(name or index or key for name, index, key in _PATH_PART.findall(path[1:]))
        problems.append(DataProblem(file, pointer + suffix, message, record_id=record_id))
    return problems

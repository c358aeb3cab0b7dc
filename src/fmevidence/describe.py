"""How error messages name a value a user wrote (shared by the loader's checks)."""

from __future__ import annotations

from typing import Any

__all__ = ["describe_value"]


def describe_value(value: Any) -> str:
    """A value as a message names it: the value itself when short, else its kind."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return f"the string {value!r}" if len(value) < 40 else "a string"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__

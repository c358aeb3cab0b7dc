"""The tests' network ban: every way of opening a connection raises :class:`NetworkUsed`.

``NetworkUsed`` is a ``BaseException``, not an ``Exception``: code under test that wraps its
I/O in ``except Exception`` (as loaders and validators rightly do) cannot swallow it. And the
ban records every attempt, so the fixture also fails the test after the fact if something
swallowed even that.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

__all__ = ["NetworkUsed", "ban_network", "no_network"]


class NetworkUsed(BaseException):
    """Something tried to use the network while it was banned."""


def ban_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every way of reaching the network raise :class:`NetworkUsed`; returns the attempts seen.

    The socket methods are patched rather than the class, so modules that subclass
    ``socket.socket`` at import time (urllib3, via pyld) still import.
    """
    attempts: list[str] = []
    original_bind = socket.socket.bind

    def refuse(name: str) -> Any:
        def refused(*args: Any, **kwargs: Any) -> Any:
            if name == "bind" and _loopback(args[1] if len(args) > 1 else None):
                # urllib3 (imported by extruct's microformats parser) probes IPv6 support at
                # import time by binding ('::1', 0): a loopback bind sends nothing anywhere.
                return original_bind(*args, **kwargs)
            attempts.append(f"{name}{args[1:] if name in _METHODS else args}")
            raise NetworkUsed(f"a test tried to use the network ({name})")

        return refused

    for method in _METHODS:
        monkeypatch.setattr(socket.socket, method, refuse(method))
    for function in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, function, refuse(function))
    return attempts


_METHODS = ("connect", "connect_ex", "sendto", "bind")


def _loopback(address: object) -> bool:
    return isinstance(address, tuple) and bool(address) and address[0] in ("::1", "127.0.0.1")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Autouse in the modules that import it: the network is banned and checked after the test.

    A test that provokes an attempt on purpose requests this fixture and clears the list.
    """
    attempts = ban_network(monkeypatch)
    yield attempts
    assert not attempts, f"network used (and the error swallowed): {attempts}"

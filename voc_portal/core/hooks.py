"""Registered hooks: how a lower app lets a higher one react without importing it.

A domain declares a hook where something happens (`inquiry_escalated = Hook(...)`) and sends it
inside its own transaction; an app above connects a receiver in its `AppConfig.ready()`. The
receiver runs in the same transaction, so its rows commit or roll back with the cause. Unlike
Django signals these are few, named, explicitly documented and never carry domain flow of
their own: the receiver calls one service of the app that owns the reaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Hook:
    def __init__(self, name: str, doc: str = ""):
        self.name = name
        self.__doc__ = doc
        self._receivers: list[Callable[..., Any]] = []

    def connect(self, receiver: Callable[..., Any]) -> Callable[..., Any]:
        """Registers `receiver` once (safe if `ready()` runs twice); usable as a decorator."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    def disconnect(self, receiver: Callable[..., Any]) -> None:
        if receiver in self._receivers:
            self._receivers.remove(receiver)

    def send(self, **kwargs: Any) -> list[Any]:
        """Calls every receiver in the order connected; returns what each returned."""
        return [receiver(**kwargs) for receiver in list(self._receivers)]

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._receivers)} receiver(s)>"

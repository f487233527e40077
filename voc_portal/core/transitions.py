"""One shape for every status field: a transition table declared beside the model."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .errors import InvalidTransition


class Transitions(dict[str, frozenset[str]]):
    """`{from_state: {to_state, ...}}`, read-only after construction.

    Each domain declares one next to its model (`TRANSITIONS = Transitions({...})`); its
    services call `check()` under the row lock before they change the status field.
    """

    def __init__(self, table: Mapping[str, Iterable[str]]):
        super().__init__({source: frozenset(targets) for source, targets in table.items()})

    def allows(self, source: str, target: str) -> bool:
        return target in self.get(source, frozenset())

    def check(self, source: str, target: str) -> None:
        if not self.allows(source, target):
            raise InvalidTransition()

"""Problems found in a map file: errors and warnings with a file, line and column."""

from __future__ import annotations

from .record import FrozenRecord, as_dict, init_field

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (every command reads problems)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Literal, TypeAlias

    Severity: TypeAlias = Literal["error", "warning"]
else:
    Severity = str


class Problem(FrozenRecord):
    """One thing wrong with a map, located where a person can find it (1-based line and column)."""

    file: str
    line: int
    column: int
    severity: Severity
    message: str
    card_id: str | None
    code: str  # "conflict" for an unresolved merge conflict: the map opens for editing regardless

    def __init__(
        self,
        file: str,
        line: int,
        column: int,
        severity: Severity,
        message: str,
        card_id: str | None = None,
        code: str = "",
    ) -> None:
        init_field(self, "file", file)
        init_field(self, "line", line)
        init_field(self, "column", column)
        init_field(self, "severity", severity)
        init_field(self, "message", message)
        init_field(self, "card_id", card_id)
        init_field(self, "code", code)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def to_json(self) -> dict[str, object]:
        out = as_dict(self)
        if not self.code:
            del out["code"]  # only conflicts carry one; other problems read as they always did
        return out


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]


class MapFileError(Exception):
    """A map file that cannot be read at all. Carries the problems that say why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

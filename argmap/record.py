"""Records: small values with named fields, compared, hashed and shown by those fields.

What ``@dataclass`` gives the map's records, without its cost at start-up. ``import dataclasses``
imports ``inspect`` (and with it ``ast``, ``dis`` and ``tokenize``), and each decorated class compiles
its methods from generated source when its module is imported: for the 14 records ``argmap validate``
and ``stats`` build, 89 M of the 314 M instructions the whole command took
(tests/benchmarks/startup_instructions.py). Here each record writes its ``__init__`` out, so it is
compiled once into the .pyc, and this base adds the rest from the fields.

A record's fields are the names annotated in its class body, in order, as for a dataclass; a name
beginning with ``_`` is the record's own state, not a field (not compared, shown or copied), and
``_hidden`` names fields that repr leaves out. :class:`Record` compares by the fields, only with a
record of the same class, and is not hashable (a dataclass's ``eq=True``); :class:`FrozenRecord` is
also hashed by them and refuses assignment after ``__init__``, which sets its fields with
:func:`init_field` (``frozen=True``). :func:`replace` is ``dataclasses.replace``. Instances keep a
``__dict__``, so ``vars()``, copy and pickle work as on a dataclass.
"""

from __future__ import annotations

from operator import attrgetter

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads this name the same)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, ClassVar, TypeVar

    R = TypeVar("R", bound="Record")

# Sets a field of a frozen record in its __init__ (what a frozen dataclass's __init__ calls too).
init_field = object.__setattr__


class FrozenRecordError(AttributeError):
    """An assignment to a field of a frozen record (as dataclasses.FrozenInstanceError is)."""


class Record:
    """Equality and repr by the fields annotated in the subclass's body (see the module's doc)."""

    _fields: ClassVar[tuple[str, ...]] = ()
    # The fields' values, in order: a tuple, or with one field its value (what eq and hash compare).
    _key: ClassVar[Callable[[Any], object]]
    _hidden: ClassVar[tuple[str, ...]] = ()  # fields repr leaves out (a dataclass's repr=False)

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("__annotations__", {})
        cls._fields = tuple(name for name in own if not name.startswith("_"))
        # attrgetter (C) rather than a method building the tuple: eq and hash as fast as a dataclass's.
        cls._key = attrgetter(*cls._fields) if cls._fields else lambda record: ()

    def _values(self) -> tuple[object, ...]:
        key = self.__class__._key(self)
        return key if len(self._fields) != 1 else (key,)  # type: ignore[return-value]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            key = self.__class__._key
            return key(self) == key(other)
        return NotImplemented

    # No __hash__: Python makes a class that defines __eq__ alone unhashable, as a dataclass with
    # eq=True and not frozen is. FrozenRecord defines one.

    def __repr__(self) -> str:
        pairs = zip(self._fields, self._values(), strict=True)
        shown = ", ".join(f"{name}={value!r}" for name, value in pairs if name not in self._hidden)
        return f"{self.__class__.__qualname__}({shown})"


class FrozenRecord(Record):
    """A record whose fields are fixed once ``__init__`` has set them (with :func:`init_field`)."""

    def __hash__(self) -> int:
        return hash(self.__class__._key(self))

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenRecordError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenRecordError(f"cannot delete field {name!r}")


def as_dict(record: Record) -> dict[str, object]:
    """The record's fields and their values, in order (``dataclasses.asdict``, not recursing)."""
    return dict(zip(record._fields, record._values(), strict=True))


def replace(record: R, /, **changes: object) -> R:
    """A copy of ``record`` with the named fields changed (``dataclasses.replace`` for records)."""
    values = as_dict(record)
    values.update(changes)
    make: Any = record.__class__
    return make(**values)  # type: ignore[no-any-return]

"""The shared base of the package's classes that are JSON data validated by the core (health
models, segmented models, rule sets, portfolios): read from JSON text, Python data or a JSON
file, written back the same ways, equal when their JSON is, and pickled as their JSON."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Dict, Tuple, Type, TypeVar, Union

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["JsonBacked"]

T = TypeVar("T", bound="JsonBacked")


def _restore(cls: Type[T], text: str) -> T:
    """Unpickles: the object read back from its JSON."""
    return cls.from_json(text)


class JsonBacked:
    """A validated core object held by its native counterpart, ``_native``, an instance of the
    subclass's ``_native_type`` (which reads ``from_json(text)`` and ``from_dict(data)`` and
    writes ``to_json()`` and ``to_dict()``; errors are the core's typed ones)."""

    __slots__ = ("_native",)

    _native_type: ClassVar[Any]
    """The native class of the subclass."""

    _builders: ClassVar[str] = ".from_json(), .from_dict() or .from_file()"
    """How to build one, for the ``TypeError`` of a direct construction."""

    def __init__(self, native: Any) -> None:
        if not isinstance(native, self._native_type):
            raise TypeError(f"use {type(self).__name__}{self._builders} to build one")
        self._native = native

    @classmethod
    def from_json(cls, text: str) -> Self:
        """Parses and validates one from JSON text."""
        return cls(cls._native_type.from_json(text))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Reads and validates one from Python data (as ``json.load`` would give; dates as
        ``datetime.date``, amounts as ``decimal.Decimal`` are read too)."""
        return cls(cls._native_type.from_dict(data))

    @classmethod
    def from_file(cls, path: Union[str, os.PathLike[str]]) -> Self:
        """Reads and validates one from a JSON file."""
        with open(path, encoding="utf-8") as f:
            return cls.from_json(f.read())

    def to_json(self) -> str:
        """As JSON text (``from_json`` reads it back)."""
        text: str = self._native.to_json()
        return text

    def to_dict(self) -> Dict[str, Any]:
        """As Python data (``from_dict`` reads it back)."""
        data: Dict[str, Any] = self._native.to_dict()
        return data

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return self.to_json() == other.to_json()

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __reduce__(self) -> Tuple[Any, Tuple[Any, str]]:
        return (_restore, (type(self), self.to_json()))

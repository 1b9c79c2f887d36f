"""Exceptions raised by tenure: every error carries a stable ``code``, the ``path`` of the
offending item, the offending ``value`` (or ``None``) and a human-readable ``message``."""

from __future__ import annotations

from typing import Any

__all__ = ["TenureError", "ModelError", "InputError", "RuleError"]


class TenureError(Exception):
    """Base class of tenure's errors.

    ``code`` is stable across releases (e.g. ``"model.band_gap"``), ``path`` points at the
    offending item (e.g. ``"dimensions[0].signals[1].bands[2].from"``) and ``value`` is the
    offending value when there is one.
    """

    code: str
    path: str
    value: Any
    message: str

    def __init__(self, message: str, code: str = "", path: str = "", value: Any = None) -> None:
        super().__init__(message, code, path, value)
        self.message = message
        self.code = code
        self.path = path
        self.value = value

    def __str__(self) -> str:
        text = f"{self.code}: {self.message}" if self.code else self.message
        if self.path:
            text += f" (at `{self.path}`)"
        if self.value is not None:
            text += f" [value: {self.value!r}]"
        return text


class ModelError(TenureError, ValueError):
    """A health model or model set is malformed or inconsistent (codes ``model.*``)."""


class InputError(TenureError, ValueError):
    """An account, a batch, a history or another input is malformed (codes ``input.*``)."""


class RuleError(TenureError, ValueError):
    """A lifecycle rule set is malformed, inconsistent or beyond its limits (codes ``rules.*``)."""

"""Modules of the package imported on first use, not when the client is imported.

A big schema has thousands of readers and writers. The client names one of each per
operation, but a program that makes three calls needs three. :func:`deferred_modules`
gives stand-ins for ``parsers`` and ``serializers``: naming a function of one
(``parsers.read_x``) costs nothing, and the first call of any such function imports
the real module. Type checkers see the real modules (the client imports them under
``TYPE_CHECKING``), so every operation stays typed as before.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

__all__ = ["DeferredFunction", "DeferredModule", "deferred_modules"]


class DeferredModule:
    """Stands in for the module ``package.name`` until one of its functions is called."""

    __slots__ = ("_functions", "_module", "_qualified")

    def __init__(self, package: str, name: str) -> None:
        self._qualified = f"{package}.{name}" if package else name
        self._module: ModuleType | None = None
        self._functions: dict[str, DeferredFunction] = {}

    def load(self) -> ModuleType:
        """The real module, imported the first time it is needed."""
        if self._module is None:
            self._module = importlib.import_module(self._qualified)
        return self._module

    def __getattr__(self, name: str) -> DeferredFunction:
        if name.startswith("__"):  # copy, pickle and friends probe dunders
            raise AttributeError(name)
        function = self._functions.get(name)
        if function is None:
            function = self._functions[name] = DeferredFunction(self, name)
        return function

    def __repr__(self) -> str:
        state = "imported" if self._module is not None else "not imported yet"
        return f"<deferred module {self._qualified!r} ({state})>"

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        return (DeferredModule, ("", self._qualified))


class DeferredFunction:
    """``module.name``: the module is imported at the first call."""

    __slots__ = ("__name__", "_function", "_owner")

    def __init__(self, owner: DeferredModule, name: str) -> None:
        self._owner = owner
        self.__name__ = name
        self._function: Any = None

    def resolve(self) -> Any:
        """The real function (importing its module if it is not yet)."""
        if self._function is None:
            function = getattr(self._owner.load(), self.__name__, None)
            if not callable(function):
                raise AttributeError(
                    f"{self._owner._qualified} has no function {self.__name__!r}"
                )
            self._function = function
        return self._function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        function = self._function
        if function is None:
            function = self.resolve()
        return function(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        if name == "__wrapped__":  # what inspect.signature and friends follow
            return self.resolve()
        if name.startswith("_") and name not in _SHOWN:  # slots, pickle, copy, ...
            raise AttributeError(name)
        return getattr(self.resolve(), name)

    def __repr__(self) -> str:
        return f"<deferred function {self._owner._qualified}.{self.__name__}>"

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        """Pickled by reference, as a function is: it unpickles as the function."""
        return (_function, (self._owner._qualified, self.__name__))

    def __copy__(self) -> DeferredFunction:
        return self  # a function is its own copy

    def __deepcopy__(self, memo: dict[int, Any]) -> DeferredFunction:
        return self


# what a deferred function shows of the real one; other underscore names are its own
_SHOWN = frozenset({"__annotations__", "__qualname__"})


def _function(qualified: str, name: str) -> Any:
    return getattr(importlib.import_module(qualified), name)


def deferred_modules(package: str, *names: str) -> tuple[DeferredModule, ...]:
    """One :class:`DeferredModule` per name, for ``package.<name>``."""
    return tuple(DeferredModule(package, name) for name in names)

"""Every public callable has a docstring, checked on the objects themselves at runtime.

ruff's pydocstyle rules (``D1`` in ``pyproject.toml``) see the source: they skip everything
defined in a private module (``_auth.py``, ``_context.py`` ...), which is where the adapters'
public classes live, and they cannot follow a re-export. This test walks what users reach by
public names instead: every public module of the three packages (no ``_`` in its dotted path),
the names it exports (``__all__``, else its public names defined in this project), and, for
each class, the public methods and properties along its MRO (a private base class's methods
are public on the public class). A function, class, method or property counts as documented
only with a docstring of its own: not one inherited, and not the ``Name(field: type, ...)``
signature that ``dataclasses`` writes in place of a missing one.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

PACKAGES = ("pasetokit", "pasetokit_fastapi", "pasetokit_flask")


def public_modules() -> list[ModuleType]:
    """The three packages and every submodule whose dotted path has no private part."""
    modules = []
    for name in PACKAGES:
        package = importlib.import_module(name)
        modules.append(package)
        for info in pkgutil.walk_packages(package.__path__, prefix=name + "."):
            if not any(part.startswith("_") for part in info.name.split(".")):
                modules.append(importlib.import_module(info.name))
    return modules


def ours(obj: object) -> bool:
    module = getattr(obj, "__module__", None) or ""
    return module.split(".", 1)[0] in PACKAGES


def exported(module: ModuleType) -> Iterator[Any]:
    """The functions and classes of this project that ``module`` exports."""
    names = getattr(module, "__all__", None)
    if names is None:
        names = [name for name in vars(module) if not name.startswith("_")]
    for name in names:
        obj = getattr(module, name)
        if (inspect.isclass(obj) or inspect.isfunction(obj)) and ours(obj):
            yield obj


def own_doc(obj: object) -> str:
    return (getattr(obj, "__doc__", None) or "").strip()


def class_doc(cls: type) -> str:
    doc = (cls.__dict__.get("__doc__") or "").strip()
    # dataclasses fills a missing docstring with the signature: that documents nothing.
    return "" if doc.startswith(f"{cls.__name__}(") else doc


def members(cls: type) -> Iterator[tuple[str, object]]:
    """Public methods and properties of ``cls``, from the classes of its MRO that are ours."""
    seen: set[str] = set()
    for klass in cls.__mro__:
        if not ours(klass):
            continue
        for name, attr in vars(klass).items():
            if name.startswith("_") or name in seen:
                continue
            seen.add(name)
            function = attr.__func__ if isinstance(attr, (staticmethod, classmethod)) else attr
            if isinstance(function, property):
                function = function.fget
            if inspect.isfunction(function):
                yield f"{klass.__qualname__}.{name}", function


def undocumented() -> tuple[set[str], int]:
    """The dotted names of undocumented public callables, and how many were checked."""
    missing: set[str] = set()
    checked: set[int] = set()
    for module in public_modules():
        for obj in exported(module):
            if id(obj) not in checked:
                checked.add(id(obj))
                if not (class_doc(obj) if inspect.isclass(obj) else own_doc(obj)):
                    missing.add(f"{obj.__module__}.{obj.__qualname__}")
            if not inspect.isclass(obj):
                continue
            for name, member in members(obj):
                if id(member) not in checked:
                    checked.add(id(member))
                    if not own_doc(member):
                        missing.add(f"{getattr(member, '__module__', '')}.{name}")
    return missing, len(checked)


def test_every_public_callable_has_a_docstring() -> None:
    missing, checked = undocumented()
    assert checked > 300  # the walk reached the API (a broken walk would pass vacuously)
    assert not missing, "\n".join(sorted(missing))


def test_the_walk_sees_private_bases_and_dataclass_signatures() -> None:
    """What the check above relies on: an undocumented method of a private base is found on
    the public class, and a dataclass's generated signature does not count as a docstring."""

    class _Base:
        def helper(self) -> None:
            pass

    class Public(_Base):
        """Documented."""

    Public.__module__ = _Base.__module__ = "pasetokit.example"
    assert [name.split("<locals>.")[-1] for name, _ in members(Public)] == ["_Base.helper"]

    from dataclasses import dataclass

    @dataclass
    class Options:
        size: int

    assert class_doc(Options) == ""


@pytest.mark.parametrize("name", ["pasetokit.v4", "pasetokit.paserk", "pasetokit.web"])
def test_the_hazmat_and_web_modules_are_walked(name: str) -> None:
    assert name in {module.__name__ for module in public_modules()}

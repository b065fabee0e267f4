"""A griffe extension for the docs build: Sphinx roles in docstrings become Markdown code.

The source's docstrings use reST roles (``:class:`TokenPolicy` ``, ``:meth:`~X.verify` ``),
which mkdocstrings would show literally. Each becomes a code span of the name as written
(``~`` keeps the last component, as in Sphinx). Nothing else in a docstring is changed.
"""

from __future__ import annotations

import re
from typing import Any

from griffe import Extension, Object

_ROLE = re.compile(r":(?:py:)?(?:class|meth|func|attr|data|exc|mod|obj|const):`(~?)([^`]+)`")


def _replace(match: re.Match[str]) -> str:
    tilde, name = match.groups()
    return f"`{name.rsplit('.', 1)[-1] if tilde else name}`"


def strip_roles(text: str) -> str:
    """``:class:`X` `` -> `` `X` ``; ``:meth:`~a.B.c` `` -> `` `c` ``."""
    return _ROLE.sub(_replace, text)


class SphinxRolesToCode(Extension):
    """Rewrite roles in every docstring griffe loads."""

    def on_instance(self, *, obj: Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = strip_roles(obj.docstring.value)

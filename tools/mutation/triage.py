"""Surviving mutants that are equivalent, each with the reason no test can tell them apart.

Keys are what ``classify.triage_key`` prints for a survivor ("file: removed => added" for mutmut,
"file: operator segment => line" for statement mutants); copy one from the report when the
mutant is truly equivalent, and say why. A mutant that a test *could* see belongs in a test, not
here.
"""

from __future__ import annotations

EQUIVALENT: dict[str, str] = {}

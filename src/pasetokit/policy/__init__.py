"""The policy layer: :class:`TokenPolicy` (``token_policy``) and the helpers it is built from.

``_args`` (build-time argument checks), ``_config`` (``from_env``/``from_mapping``), ``_claims``
(the claims the policy writes and checks), ``_issue`` (minting and rotation), ``_revoke`` (what
is handed to the store) and ``_gate`` (how the store is called: typed, failing closed).
"""

from __future__ import annotations

from .token_policy import TokenPair, TokenPolicy

__all__ = ["TokenPair", "TokenPolicy"]

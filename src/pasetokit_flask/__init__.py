"""Flask adapter for pasetokit (see issue: `paseto_required`). Not implemented yet."""

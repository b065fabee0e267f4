"""FastAPI adapter for pasetokit (see issue: `Auth` dependency). Not implemented yet."""

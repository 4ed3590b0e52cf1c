"""API plumbing for /api/v1/: the router and URLs, pagination, the error shape and
the token permission. Each app's resources live in its own `api/` package."""

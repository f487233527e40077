"""Account-wide API endpoints that combine domains: /api/v1/apps/ and /api/v1/summary/."""

"""Demo data for `make run`: the one app that knows every domain (see seed.py)."""

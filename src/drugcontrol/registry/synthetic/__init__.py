"""Synthetic people and events for demos, tests and benchmarks (never real ones): `generate` draws them in pure
Python, `load` writes them with COPY (PostgreSQL) or bulk inserts."""

"""API keys for integrating systems: scoped, hashed, expiring, revocable; every call audited."""

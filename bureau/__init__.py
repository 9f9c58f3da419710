"""Bureau's core: domain, validation, storage, search, documents and the CLI. Never imports Qt."""

__version__ = "0.1.0"

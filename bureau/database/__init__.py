"""The database room: connection, schema migrations, settings, backup and check."""

"""bureau_desk.settings."""

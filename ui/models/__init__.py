"""bureau_desk.models."""

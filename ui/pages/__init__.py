"""bureau_desk.pages."""

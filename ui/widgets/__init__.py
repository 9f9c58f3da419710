"""bureau_desk.widgets."""

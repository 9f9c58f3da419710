"""bureau_desk.shell."""

"""bureau_desk.dialogs."""

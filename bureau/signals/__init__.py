"""bureau.signals.register."""

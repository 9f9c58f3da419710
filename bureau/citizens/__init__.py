"""bureau.citizens."""

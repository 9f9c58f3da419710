"""bureau.commission."""

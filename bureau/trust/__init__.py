"""bureau.trust."""

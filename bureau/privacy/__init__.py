"""bureau.privacy.rights."""

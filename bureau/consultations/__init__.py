"""bureau.consultations."""

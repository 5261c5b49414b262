"""feel: a FEEL (DMN 1.5) expression engine. The public API is in ``__all__``."""

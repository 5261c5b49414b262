"""The DMN TCK runner: ``python -m tck``."""

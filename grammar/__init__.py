"""The FEEL grammar, shipped inside the installed package as ``feel.grammar``."""

"""The DMN TCK runner: ``python -m tck``.

Modules, in pipeline order: :mod:`tck.values` (test-file values to FEEL values),
:mod:`tck.cases` (test files to records), :mod:`tck.runner` (discovery, model loading,
evaluation), :mod:`tck.compare` (does a result match?), :mod:`tck.report` (CSV, tables).
"""

from tck.runner import Report, default_cases_dir, run

__all__ = ["Report", "default_cases_dir", "run"]

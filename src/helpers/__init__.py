"""Helpers for the Clots & Nerves course: models, data, figures and widgets behind the notebooks."""

__version__ = "0.1.0"

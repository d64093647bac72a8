"""huitoukan-tui: the look-back (回头看) campaign workbench for petition cases."""

__version__ = "0.1.0"

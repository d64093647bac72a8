"""huitoukan-tui: the look-back (回头看) campaign workbench for petition cases."""

from huitoukan_tui import drivers as _drivers

__version__ = "0.1.0"

_drivers.import_peewee()  # before any module imports it: see huitoukan_tui/drivers.py

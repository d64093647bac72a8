"""The refusals of the service layer. They are defined below the storage layer, in
``huitoukan_tui.errors``, so that ``db`` raises the same types; callers import them from here."""

from huitoukan_tui.errors import (
    Collector,
    ConflictError,
    NotFound,
    PermissionDenied,
    Problem,
    ServiceError,
    UnknownUser,
    ValidationError,
)

__all__ = ["Collector", "ConflictError", "NotFound", "PermissionDenied", "Problem",
           "ServiceError", "UnknownUser", "ValidationError"]

"""`okg review`: a local web application to review a draft annotation file, each decision checked by the build."""

from .server import ReviewServer
from .session import Conflict, ReviewError, ReviewSession, vocabulary

__all__ = ["Conflict", "ReviewError", "ReviewServer", "ReviewSession", "vocabulary"]

"""Export fixtures (``support.fixtures.export``): services with the ``export/mini``
questionnaire on ``db_url``'s backends, and the export portfolio."""

from support.fixtures.export import make_service, portfolio

__all__ = ["make_service", "portfolio"]

"""Import fixtures (``support.fixtures.returned_answers``): services with the ``imp`` and
``other`` questionnaires on ``db_url``'s backends, and a draft assessment of Twilio."""

from support.fixtures.returned_answers import assessment, make_service, qdir

__all__ = ["assessment", "make_service", "qdir"]

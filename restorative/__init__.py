"""Restorative: the Django project.

The Celery app (restorative/celery.py) is loaded when Django starts, from the evaluation app's
`ready()`, not here: importing the package must stay free of Django and Celery, so that the
pure language engine (`restorative.language.engine`) imports on its own."""

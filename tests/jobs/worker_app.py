"""The application a test's worker process runs (`flask --app tests.jobs.worker_app`): the
real one, with the tests' own jobs declared before it is made."""
import app as application
from tests.jobs import sample_jobs  # noqa: F401  (declares the tests' jobs)


def create_app():
    """The application, as `flask --app app` makes it from the FLASK_* environment."""
    return application.create_app()

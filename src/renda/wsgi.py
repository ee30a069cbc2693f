import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
application = get_wsgi_application()

# WSGI servers (gunicorn …) run no system checks: refuse to serve on keys the deployment does not own.
from renda.security.checks import refuse_to_start  # noqa: E402

refuse_to_start()

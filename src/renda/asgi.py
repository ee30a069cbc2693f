"""ASGI entry point: the live voting pages stream server-sent events as coroutines here (one per page,
no thread each); everything else runs as under WSGI. ``uvicorn renda.asgi:application``."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
application = get_asgi_application()

from renda.security.checks import refuse_to_start  # noqa: E402

refuse_to_start()

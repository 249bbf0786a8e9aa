import os

from django.core.wsgi import get_wsgi_application

from komek.core.startup import settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")
application = get_wsgi_application()
settle()

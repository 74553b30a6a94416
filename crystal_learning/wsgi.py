import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crystal_learning.settings.production")

application = get_wsgi_application()

# What loading the site made (modules, models, URLs, Wagtail's registries:
# about 210,000 objects) lives as long as the process. Frozen, the garbage
# collector no longer walks it on every full collection: a 4,788-row My teams
# CSV spent 190-264 ms in collections, 99-103 ms frozen (issue 21.3,
# bench/my_teams.py).
gc.freeze()

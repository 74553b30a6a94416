"""Run the test identity provider: python -m tests.oidc_provider.serve CONFIG.

CONFIG (JSON): database, users {username: {password, claims}}, client
{client_id, client_secret, redirect_uris}. Prints "READY <issuer>" once it
answers, then serves until killed.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def main(config_path: str) -> None:
    server = make_server(
        "127.0.0.1",
        0,
        lambda environ, start: [],
        server_class=ThreadingServer,
        handler_class=QuietHandler,
    )
    port = server.server_address[1]
    os.environ["OIDC_TEST_CONFIG"] = config_path
    os.environ["OIDC_TEST_ISSUER"] = f"http://127.0.0.1:{port}/o"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    config = json.loads(Path(config_path).read_text())
    for username, user in config["users"].items():
        User.objects.create_user(username, password=user["password"])
    client = config["client"]
    Application.objects.create(
        name="Crystal Learning",
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(client["redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    server.set_app(get_wsgi_application())
    print(f"READY {os.environ['OIDC_TEST_ISSUER']}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])

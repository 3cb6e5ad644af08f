"""The web desk served for real: waitress on a free port of 127.0.0.1 in a thread, and a small
HTTP client over one kept-alive connection, for the load test and the web benchmark.

The Flask test client calls the application in the caller's thread, one request at a time;
the load test must go through what a deployment runs (waitress's worker threads, each request
its own write transaction on a pooled connection), so it talks HTTP to a real server."""
from __future__ import annotations

import contextlib
import http.client
import json
import re
import threading

import waitress


@contextlib.contextmanager
def serving(app, threads: int = 8):
    """Serve ``app`` under waitress with ``threads`` worker threads; yields the port."""
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=threads, ident="fundledger")
    runner = threading.Thread(target=server.run, name="waitress", daemon=True)
    runner.start()
    try:
        yield server.effective_port
    finally:
        server.close()
        runner.join(timeout=30)


class Client:
    """One caller: a kept-alive connection and its bearer token."""

    def __init__(self, port: int, token: str | None = None):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, path: str, body: dict | None = None, form: str | None = None) -> tuple[int, bytes]:
        headers = dict(self.headers)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        elif form is not None:
            data = form.encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.headers["Cookie"] = cookie.split(";", 1)[0]
        return response.status, response.read()

    def sign_in(self, name: str, password: str) -> None:
        """Sign in as a browser does: the form's CSRF token, then the session cookie."""
        from urllib.parse import urlencode

        _, page = self.request("GET", "/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.decode()).group(1)
        status, _ = self.request("POST", "/login", form=urlencode(
            {"name": name, "password": password, "csrf_token": token}))
        if status != 302:
            raise RuntimeError(f"sign-in as {name} answered {status}")

    def post_json(self, path: str, body: dict) -> tuple[int, dict]:
        status, data = self.request("POST", path, body)
        return status, json.loads(data)

    def close(self) -> None:
        self.connection.close()

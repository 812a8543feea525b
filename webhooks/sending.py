"""One POST to a webhook receiver, on terms a receiver cannot stretch:

- to public addresses only, unless WEBHOOKS_ALLOW_PRIVATE_TARGETS: the address actually
  connected to is checked before anything is sent, so that a name resolving to a
  public address when the URL was checked and a private one now cannot get through;
- each wait (connecting, each read) at most WEBHOOKS_TIMEOUT seconds, and the whole
  POST at most WEBHOOKS_DEADLINE seconds, so that a receiver answering a byte at a
  time cannot hold the worker, and every other subscription's deliveries, for hours;
- redirects are never followed (http.client does not), so a receiver cannot send the
  POST on to another host; at most WEBHOOKS_MAX_RESPONSE_BYTES of the answer are read."""

import contextlib
import http.client
import socket
import threading
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from .models import PRIVATE_TARGET, is_private_address


class PrivateTargetError(ConnectionError):
    pass


class PublicAddressesOnly:
    def connect(self):
        super().connect()
        peer = self.sock.getpeername()[0]
        if not settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS and is_private_address(peer):
            self.close()
            raise PrivateTargetError(f"{peer}: {PRIVATE_TARGET}")


class PublicHTTPConnection(PublicAddressesOnly, http.client.HTTPConnection):
    pass


class PublicHTTPSConnection(PublicAddressesOnly, http.client.HTTPSConnection):
    pass


class Deadline:
    """Cuts `connection` off once `seconds` have passed, unless cancelled first."""

    def __init__(self, connection, seconds):
        self.passed = False
        self._timer = threading.Timer(seconds, self._cut, [connection])
        self._timer.daemon = True
        self._timer.start()

    def _cut(self, connection):
        self.passed = True
        if connection.sock is not None:
            # The plain socket's shutdown, under TLS too: the reading thread then sees
            # the connection closed, and the TLS object is left to it.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(connection.sock, socket.SHUT_RDWR)

    def cancel(self):
        self._timer.cancel()


def post(url, body, headers):
    """(status code or None, a note or the error) of one POST of `body` to `url`."""
    parts = urlsplit(url)
    connection_class = PublicHTTPSConnection if parts.scheme == "https" else PublicHTTPConnection
    # The host as written, "[::1]:8443" included (validate_target_url refuses user names).
    connection = connection_class(parts.netloc, timeout=settings.WEBHOOKS_TIMEOUT)
    deadline = Deadline(connection, settings.WEBHOOKS_DEADLINE)
    try:
        path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(settings.WEBHOOKS_MAX_RESPONSE_BYTES)
    except (OSError, http.client.HTTPException) as error:
        if deadline.passed:
            return None, f"no whole answer within {settings.WEBHOOKS_DEADLINE} s"
        return None, describe_error(error)
    finally:
        deadline.cancel()
        connection.close()
    return response.status, "redirect not followed" if 300 <= response.status < 400 else ""


def describe_error(error):
    text = str(error) or type(error).__name__
    if isinstance(error, TimeoutError):
        text = f"timed out after {settings.WEBHOOKS_TIMEOUT} s"
    return text[:300]

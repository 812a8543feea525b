"""One POST to a webhook receiver, on terms a receiver cannot stretch:

- to public addresses only, unless WEBHOOKS_ALLOW_PRIVATE_TARGETS: the target's name
  is resolved once, every address it gives is checked (addresses.py), and the
  connection is made to a checked address itself, TLS included (the name goes only
  into the ClientHello and the certificate check), so nothing, not even a TCP
  handshake, reaches a private address, and a name cannot lead elsewhere between the
  check and the connection (DNS rebinding). Every refusal, a name that does not
  resolve included, reads the same in the delivery log (NOT_PUBLIC), so the log
  cannot be used to map internal names, addresses or ports;
- each wait (connecting, each read) at most WEBHOOKS_TIMEOUT seconds, and the whole
  POST at most WEBHOOKS_DEADLINE seconds, so that a receiver answering a byte at a
  time cannot hold the worker, and every other subscription's deliveries, for hours;
- redirects are never followed (http.client does not), so a receiver cannot send the
  POST on to another host; at most WEBHOOKS_MAX_RESPONSE_BYTES of the answer are read."""

import contextlib
import http.client
import socket
import ssl
import threading
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from .addresses import is_public

NOT_PUBLIC = "not sent: the target has no public address"


class NotPublic(ConnectionError):
    def __init__(self):
        super().__init__(NOT_PUBLIC)


def checked_addresses(host, port):
    """getaddrinfo's answers for `host`, all of them public (unless private targets
    are allowed); NotPublic if any is not."""
    allow_private = settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        if allow_private:
            raise
        raise NotPublic from None
    # All of them, not only the first: a name answering one public and one private
    # address would otherwise reach the private one whenever the first failed.
    if not allow_private and not all(is_public(sockaddr[0]) for *_, sockaddr in found):
        raise NotPublic
    return found


def connect(host, port, timeout):
    """A TCP connection to the first of `host`'s checked addresses that answers."""
    error = None
    for family, kind, protocol, _name, sockaddr in checked_addresses(host, port):
        sock = socket.socket(family, kind, protocol)
        sock.settimeout(timeout)
        try:
            sock.connect(sockaddr)
        except OSError as failure:
            sock.close()
            error = failure
            continue
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock
    raise error


class CheckedHTTPConnection(http.client.HTTPConnection):
    def connect(self):
        self.sock = connect(self.host, self.port, self.timeout)


class CheckedHTTPSConnection(CheckedHTTPConnection):
    default_port = http.client.HTTPS_PORT

    def connect(self):
        super().connect()
        # Read once per POST, so SSL_CERT_FILE (a private CA's bundle) is honoured.
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


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
    connection_class = CheckedHTTPSConnection if parts.scheme == "https" else CheckedHTTPConnection
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

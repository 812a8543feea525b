"""Deadlines on the client's side of every PostgreSQL connection.

The server's `statement_timeout` cancels a slow query, but only a query the server
received: when the database host vanishes, or a network drops its packets, the
question never arrives, the answer never comes, and libpq waits on its socket until
the kernel gives up (minutes) or gunicorn kills the worker (30 s), so the visitor
gets no answer at all. psycopg2 hands every wait to a callback once one is set
(`set_wait_callback`, as green-thread libraries use it); this one waits at most
DATABASE_CONNECT_TIMEOUT for a connection and DATABASE_READ_TIMEOUT for an answer,
then shuts the connection's socket and raises OperationalError, which the site
answers with its 503 (site_config.errors); Django opens a new connection next time.
Installed from core.apps for projects that use PostgreSQL.

After a deadline has passed, new connections fail at once for the next
DATABASE_CONNECT_TIMEOUT seconds: a request whose first query timed out, and the
requests behind it, answer their 503 without waiting once more on a database that
has just been found gone; then the next connection tries again."""

import contextlib
import logging
import select
import socket
import time
from functools import partial

import psycopg2
from psycopg2 import extensions

logger = logging.getLogger(__name__)

# time.monotonic() until which new connections fail at once.
_unreachable_until = 0.0
_OPEN = {extensions.STATUS_READY, extensions.STATUS_BEGIN, extensions.STATUS_PREPARED}
_EVENTS = {extensions.POLL_READ: select.POLLIN, extensions.POLL_WRITE: select.POLLOUT}


class DeadlineConnection(extensions.connection):
    """The site's connections (settings: OPTIONS' connection_factory), whose server
    has a statement timeout and whose waits have deadlines. Other psycopg2 connections
    in the process (a tool's, a test's own) wait as long as the server takes."""


def wait_with_deadline(connection, *, connect_timeout, read_timeout):
    """psycopg2's wait callback: poll() until done, never longer than the timeout
    (seconds; None for none) of what a site's connection is waiting for."""
    global _unreachable_until
    if not isinstance(connection, DeadlineConnection):
        connect_timeout = read_timeout = None
    connecting = connection.status not in _OPEN
    if connecting and connect_timeout and time.monotonic() < _unreachable_until:
        _shut(connection, "PostgreSQL did not answer a moment ago: not trying again yet")
    limit = connect_timeout if connecting else read_timeout
    deadline = None if limit is None else time.monotonic() + limit
    poller = select.poll()  # any descriptor number, unlike select.select()
    while (state := connection.poll()) != extensions.POLL_OK:
        if state not in _EVENTS:
            raise psycopg2.OperationalError(f"unexpected poll state {state}")
        poller.register(connection.fileno(), _EVENTS[state])
        remaining = None if deadline is None else max(deadline - time.monotonic(), 0)
        if not poller.poll(None if remaining is None else remaining * 1000):
            _unreachable_until = time.monotonic() + (connect_timeout or 0)
            logger.error("PostgreSQL did not answer within %s s: connection closed", limit)
            _shut(connection, f"PostgreSQL did not answer within {limit} s")


def _shut(connection, reason):
    """Ends the connection and raises: psycopg2 marks it closed. Not
    connection.close(), which would wait for the lock this wait holds; half-way
    through a query the connection could not be used again anyway."""
    with (
        contextlib.suppress(OSError),  # not connected yet
        socket.fromfd(connection.fileno(), socket.AF_INET, socket.SOCK_STREAM) as sock,
    ):
        sock.shutdown(socket.SHUT_RDWR)
    raise psycopg2.OperationalError(reason)


def install(*, connect_timeout, read_timeout):
    extensions.set_wait_callback(
        partial(wait_with_deadline, connect_timeout=connect_timeout, read_timeout=read_timeout)
    )

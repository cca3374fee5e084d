"""Waitress's connections, kept from clients that hold them without asking for anything.

Waitress closes a connection only once it has been idle for `channel_timeout`, and stops
accepting when `connection_limit` connections are open. A client that sends a request a
byte at a time is never idle, so 1,100 of them fill the server for good (issue 13). Here:

- a request must arrive whole within `request_seconds` of its first byte, or the
  connection is answered 408 and closed;
- one client address holds at most `per_address` connections (None: no cap, for when a
  proxy in front is the only client);
- a full server still accepts: it makes room by closing the connection that has waited
  longest for a request (one reading a request head, or idle between requests), never
  one that is being answered. Waitress's own answers (400, 408, 413, 431, 500) carry the
  app's security headers.

And one shortcut: a video's plain byte-range request is answered by the event loop itself
(player/media_ranges.py), its bytes sent with sendfile, with no worker thread and no
Flask; every other request goes to the app through waitress's threads as before.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import Counter
from dataclasses import dataclass

from waitress.adjustments import Adjustments
from waitress.buffers import OverflowableBuffer
from waitress.channel import ClientDisconnected, HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import MultiSocketServer, TcpWSGIServer
from waitress.task import ErrorTask, ThreadedTaskDispatcher
from waitress.utilities import BadRequest
from waitress.wasyncore import _DISCONNECTED as DISCONNECTED

from .media_ranges import FileSpan, MediaRanges
from .security import HEADERS


@dataclass(frozen=True)
class Limits:
    request_seconds: float
    per_address: int | None


class RequestTimeout(BadRequest):
    code = 408
    reason = "Request Timeout"


class SecureErrorTask(ErrorTask):
    """Waitress's own error answer, with the headers the app puts on its answers."""

    def execute(self):
        self.response_headers.extend(HEADERS.items())
        super().execute()


class TimedRequestParser(HTTPRequestParser):
    """A request being received, which knows when its first byte came."""

    def __init__(self, adj):
        super().__init__(adj)
        self.started = time.monotonic()


class Guard:
    """What the guarded servers of one process share: connections per address, and the
    connections waiting for a request, longest-waiting first (a dict keeps the order
    in which they started waiting)."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.per_address: Counter = Counter()
        self.waiting: dict[GuardedChannel, None] = {}

    def at_cap(self, address: str) -> bool:
        cap = self.limits.per_address
        return cap is not None and self.per_address[address] >= cap

    def mark(self, channel: GuardedChannel, waiting: bool) -> None:
        if waiting:
            self.waiting.setdefault(channel)
        else:
            self.waiting.pop(channel, None)

    def shed_one(self) -> bool:
        """Close the connection that has waited longest for a request; False if none is
        waiting (every connection is being answered)."""
        while self.waiting:
            channel = next(iter(self.waiting))
            del self.waiting[channel]
            if channel.is_waiting():  # it may have received a request since it was marked
                channel.handle_close()
                return True
        return False


class GuardedChannel(HTTPChannel):
    error_task_class = SecureErrorTask
    parser_class = TimedRequestParser

    counted = False  # in its address's count of connections

    def __init__(self, server, sock, addr, adj, map=None):
        self.guard: Guard = server.guard
        self.address = addr[0]
        super().__init__(server, sock, addr, adj, map=map)
        self.guard.per_address[self.address] += 1
        self.counted = True
        self.guard.mark(self, waiting=True)

    def is_waiting(self) -> bool:
        """Waiting for a request: none being answered, nothing left to send, not closing."""
        return self._fileno is not None and not self.requests and HTTPChannel.readable(self)

    def readable(self) -> bool:
        # Called on every turn of the event loop (at least once a second), so the
        # deadline is kept to within a second without a timer of its own.
        readable = HTTPChannel.readable(self)
        waiting = readable and not self.requests
        self.guard.mark(self, waiting)
        if waiting and self._past_deadline():
            self._answer_timeout()
            return False
        return readable

    def _past_deadline(self) -> bool:
        """A request has begun to arrive, and not all of it in time."""
        if self.request is None:
            return False
        return time.monotonic() - self.request.started > self.guard.limits.request_seconds

    def received(self, data) -> bool:
        received = super().received(data)
        if self.requests:
            self.guard.mark(self, waiting=False)
        return received

    def _answer_timeout(self) -> None:
        """408 and close: from the event loop's thread, since no task runs for a
        connection that is still receiving its request."""
        request, self.request = self.request, None
        seconds = self.guard.limits.request_seconds
        request.error = RequestTimeout(f"The request did not arrive within {seconds:g} s.")
        request.version = "1.1"
        with contextlib.suppress(ClientDisconnected):  # it left: closed below all the same
            self.error_task_class(self, request).service()
        self.close_when_flushed = True
        self.guard.mark(self, waiting=False)

    def answer_media(self, request, answer) -> None:
        """Queue `answer` (media_ranges.MediaRanges.answer) to `request`, the only one in
        hand, and send what the socket takes now; from the event loop's thread."""
        head, media, offset, length = answer
        with self.outbuf_lock:
            self.outbufs[-1].append(head)
            self.outbufs.append(FileSpan(media, offset, length))
            self.outbufs.append(OverflowableBuffer(self.adj.outbuf_overflow))
            self.current_outbuf_count = 0
            self.total_outbufs_len += len(head) + length
            self.requests.remove(request)
            request.close()
            self._flush_exception(self._flush_some, do_close=False)

    def _flush_some(self, do_close=True):
        """Waitress's, but a FileSpan goes out by sendfile (no copy through Python)."""
        sent = 0
        while True:
            outbuf = self.outbufs[0]
            remaining = outbuf.__len__()
            while remaining > 0:
                if isinstance(outbuf, FileSpan):
                    num_sent = self._sendfile(outbuf, do_close)
                else:
                    num_sent = self.send(outbuf.get(self.sendbuf_len), do_close=do_close)
                if not num_sent:
                    break
                outbuf.skip(num_sent, True)
                remaining -= num_sent
                sent += num_sent
                self.total_outbufs_len -= num_sent
            if remaining > 0 or len(self.outbufs) == 1:
                break  # the socket takes no more, or all is sent
            try:
                self.outbufs.pop(0).close()
            except Exception:
                self.logger.exception("Unexpected error when closing an outbuf")
        if sent:
            self.last_activity = time.time()
        return bool(sent)

    def _sendfile(self, span: FileSpan, do_close: bool) -> int:
        try:
            sent = os.sendfile(self._fileno, span.media.fileno(), span.offset, span.remain)
            if not sent:  # the file was cut short since: its Content-Length cannot be kept
                self.will_close = True
            return sent
        except BlockingIOError:
            return 0
        except OSError as error:
            if error.errno not in DISCONNECTED:
                raise
            if do_close:
                self.handle_close()
            return 0

    def del_channel(self, map=None):
        if self.counted:
            self.counted = False
            self.guard.per_address[self.address] -= 1
            if not self.guard.per_address[self.address]:
                del self.guard.per_address[self.address]
        self.guard.mark(self, waiting=False)
        super().del_channel(map)


class GuardedServer(TcpWSGIServer):
    channel_class = GuardedChannel

    def __init__(self, application, map, *, guard: Guard, media: MediaRanges | None, **kwargs):
        self.guard = guard
        self.media = media
        super().__init__(application, map, **kwargs)

    def add_task(self, channel):
        # From the event loop, when a channel's first request in hand has arrived whole.
        request = channel.requests[0]
        answer = self.media and request.error is None and self.media.answer(request)
        if answer:
            channel.answer_media(request, answer)
        else:
            super().add_task(channel)

    def readable(self) -> bool:
        # Waitress stops accepting when full; accept anyway while a connection can be shed.
        return super().readable() or (self.accepting and bool(self.guard.waiting))

    def handle_accept(self):
        try:
            accepted = self.accept()
            if accepted is None:
                return
            conn, addr = accepted
            self.set_socket_options(conn)
        except OSError:
            if self.adj.log_socket_errors:
                self.logger.warning("server accept() threw an exception", exc_info=True)
            return
        addr = self.fix_addr(addr)
        if self.guard.at_cap(addr[0]):
            conn.close()
            return
        if len(self._map) >= self.adj.connection_limit and not self.guard.shed_one():
            conn.close()
            return
        self.channel_class(self, conn, addr, self.adj, map=self._map)


def guarded_server(app, limits: Limits, media: MediaRanges | None = None, **settings):
    """Waitress's create_server (`settings` are its adjustments), with guarded
    connections and `media`'s range requests answered by the event loop; one listening
    socket per address `host` resolves to."""
    adj = Adjustments(**settings)
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(adj.threads)
    guard = Guard(limits)
    socket_map: dict = {}
    servers = [
        GuardedServer(
            app, socket_map, guard=guard, media=media, dispatcher=dispatcher, adj=adj, sockinfo=info
        )
        for info in adj.listen
    ]
    if len(servers) == 1:
        return servers[0]
    listening = [(server.effective_host, server.effective_port) for server in servers]
    return MultiSocketServer(socket_map, adj, listening, dispatcher, servers[-1].log_info)

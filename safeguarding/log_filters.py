"""Secrets kept out of logs: a calendar feed's address is its password.

The feed is /deadlines/feed/<token>.ics, and whoever has the address reads the person's
deadlines, so no log line may carry the token: ``HideFeedTokens`` rewrites it to
``/feed/[hidden].ics`` in Django's log records (settings.LOGGING), and ``GunicornLogger``
does the same for gunicorn's access and error logs (gunicorn.conf.py).
"""

import logging
import re

from gunicorn.glogging import Logger

# The path as gunicorn logs it may be percent-encoded (/feed%2F<token>.ics reaches the feed too).
_FEED = re.compile(r"/feed(?:/|%2f)[^\s\"'?#/]+?(\.ics)?(?=[\s\"'?#/]|$)", re.IGNORECASE)


# A first-time two-factor set-up link (/two-factor/invitation/<token>/) is a secret too.
_INVITATION = re.compile(r"/invitation(?:/|%2f)[^\s\"'?#/]+", re.IGNORECASE)


def hide_feed_tokens(text: str) -> str:
    text = _INVITATION.sub("/invitation/[hidden]", text)
    return _FEED.sub(lambda match: f"/feed/[hidden]{match.group(1) or ''}", text)


class HideFeedTokens(logging.Filter):
    """Rewrites the record's message, with its arguments filled in, so that no handler or
    formatter sees the token; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = hide_feed_tokens(message)
        if hidden != message:
            record.msg, record.args = hidden, None
        return True


class GunicornLogger(Logger):
    """Gunicorn's logger with feed tokens hidden in the access log (the request line, the
    path, the referrer, whatever access_log_format prints) and in the error log."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            if not any(isinstance(f, HideFeedTokens) for f in log.filters):
                log.addFilter(HideFeedTokens())

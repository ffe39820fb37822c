"""A calendar feed's address is its password: never in Django's or gunicorn's logs."""

import datetime
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from safeguarding.log_filters import GunicornLogger, HideFeedTokens, hide_feed_tokens

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "s3cr3t-Feed_Token"


@pytest.mark.parametrize(("line", "logged"), [
    (f'"GET /deadlines/feed/{TOKEN}.ics HTTP/1.1" 200 512',
     '"GET /deadlines/feed/[hidden].ics HTTP/1.1" 200 512'),
    (f"Not Found: /deadlines/feed/{TOKEN}.ics", "Not Found: /deadlines/feed/[hidden].ics"),
    (f"GET /deadlines/feed%2F{TOKEN}.ics?x=1", "GET /deadlines/feed/[hidden].ics?x=1"),
    (f"/deadlines/feed/{TOKEN}", "/deadlines/feed/[hidden]"),
    ("GET /deadlines/calendar/ HTTP/1.1", "GET /deadlines/calendar/ HTTP/1.1"),
])
def test_feed_tokens_are_hidden(line, logged):
    assert hide_feed_tokens(line) == logged


def test_the_filter_rewrites_a_record_with_arguments():
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, '"%s" %s %s',
                               (f"GET /deadlines/feed/{TOKEN}.ics HTTP/1.1", 200, 10), None)
    assert HideFeedTokens().filter(record) is True
    assert record.getMessage() == '"GET /deadlines/feed/[hidden].ics HTTP/1.1" 200 10'


@pytest.mark.django_db
def test_djangos_request_log_never_shows_a_feed_token(client, caplog):
    with caplog.at_level(logging.WARNING):
        response = client.get(f"/deadlines/feed/{TOKEN}.ics")
    assert response.status_code == 404
    assert "/deadlines/feed/[hidden].ics" in caplog.text
    assert TOKEN not in caplog.text


def test_djangos_server_log_hides_feed_tokens():
    server = logging.getLogger("django.server")
    assert any(isinstance(f, HideFeedTokens) for f in server.filters)


def gunicorn_logger(tmp_path) -> GunicornLogger:
    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    return GunicornLogger(cfg)


def test_gunicorns_access_and_error_logs_never_show_a_feed_token(tmp_path):
    logger = gunicorn_logger(tmp_path)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/deadlines/feed/{TOKEN}.ics",
               "PATH_INFO": f"/deadlines/feed/{TOKEN}.ics", "QUERY_STRING": "",
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "172.18.0.5",
               "HTTP_REFERER": f"https://reviews.example.gov.uk/deadlines/feed/{TOKEN}.ics"}
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ,
                  datetime.timedelta(milliseconds=5))
    logger.error("Error handling request %s", f"/deadlines/feed/{TOKEN}.ics")
    access = (tmp_path / "access.log").read_text()
    error = (tmp_path / "error.log").read_text()
    assert "GET /deadlines/feed/[hidden].ics HTTP/1.1" in access
    assert "/deadlines/feed/[hidden].ics" in error
    assert TOKEN not in access + error


def test_production_runs_gunicorn_with_that_logger():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["logger_class"] == "safeguarding.log_filters.GunicornLogger"
    assert config["accesslog"] == "-"
    assert '"--config", "gunicorn.conf.py"' in (ROOT / "docker-compose.yml").read_text()
    assert '"--config", "gunicorn.conf.py"' in (ROOT / "Dockerfile").read_text()

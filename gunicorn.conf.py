"""gunicorn's settings for production (docker-compose.yml and the Dockerfile use this file).

The access log goes to standard output through safeguarding.log_filters.GunicornLogger, which
hides calendar feed tokens (/deadlines/feed/<token>.ics): the address is the feed's password.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
accesslog = "-"
logger_class = "safeguarding.log_filters.GunicornLogger"

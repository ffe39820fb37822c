"""A throwaway PostgreSQL database for the benchmarks and the load test, on the server at
127.0.0.1:5432 with trust authentication (as in CI)."""

SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


def create_database(name: str) -> bool:
    """An empty database called `name`, made anew; False when PostgreSQL is not there."""
    import psycopg

    try:
        server = psycopg.connect(SERVER, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        return False
    with server:
        server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        server.execute(f"CREATE DATABASE {name}")
    return True


def drop_database(name: str) -> None:
    """Close Django's connections, then drop the database."""
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(SERVER, autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

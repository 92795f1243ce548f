"""Optional per-request SQL counting, for benchmarks and diagnostics.

With `SQL_COUNT_HEADER = True` (environment `DITA_SQL_COUNT_HEADER=1`) every response carries
`X-SQL-Queries`: the number of statements the request sent to the database.
"""
from __future__ import annotations

from flask import Flask, g, has_request_context
from sqlalchemy import event

from app.extensions import db


def init_app(app: Flask) -> None:
    if not app.config.get("SQL_COUNT_HEADER"):
        return

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def count_query(conn, cursor, statement, parameters, context, executemany):
        if has_request_context():
            g.sql_queries = g.get("sql_queries", 0) + 1

    @app.after_request
    def add_query_count(response):
        response.headers["X-SQL-Queries"] = str(g.get("sql_queries", 0))
        return response

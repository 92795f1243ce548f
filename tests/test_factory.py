"""The application factory and its configurations."""
from __future__ import annotations

import pytest

from app import create_app
from config import BASE_DIR, DEFAULT_SECRET_KEY, DevelopmentConfig, ProductionConfig, TestingConfig


def test_testing_config():
    app = create_app(TestingConfig)
    assert app.testing
    assert app.template_folder == str(BASE_DIR / "templates")
    assert app.config["BABEL_TRANSLATION_DIRECTORIES"] == str(BASE_DIR / "translations")


def test_config_by_name():
    assert create_app("development").config["DEBUG"] is True
    assert not create_app("testing").config["DEBUG"]


def test_blueprints_registered():
    app = create_app(TestingConfig)
    assert {"public", "auth", "errors", "health"} <= set(app.blueprints)


@pytest.mark.parametrize("key", [None, "", DEFAULT_SECRET_KEY, "short"])
def test_production_refuses_missing_or_default_secret(monkeypatch, key):
    if key is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_production_starts_with_a_real_secret(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a" * 64)
    app = create_app(ProductionConfig)
    assert app.config["SECRET_KEY"] == "a" * 64
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_database_url_from_environment(monkeypatch):
    import importlib

    import config

    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/dita")
    reloaded = importlib.reload(config)
    try:
        assert reloaded.Config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@db.example/dita"
    finally:
        monkeypatch.delenv("DATABASE_URL")
        importlib.reload(config)


def test_development_defaults_to_sqlite_in_instance():
    assert (DevelopmentConfig.SQLALCHEMY_DATABASE_URI.startswith("sqlite:///")
            or "DATABASE_URL" in __import__("os").environ)

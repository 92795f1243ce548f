"""Dita: plan the events of 18 December, International Migrants Day."""
from __future__ import annotations

import os

from flask import Flask

from app import extensions, i18n, instrumentation, mail, search, security
from app.admin import bp as admin_bp
from app.auth import bp as auth_bp
from app.cli import register_cli
from app.errors import bp as errors_bp
from app.exports import bp as exports_bp
from app.health import bp as health_bp
from app.manage import bp as manage_bp
from app.models.changes import register_change_tracking
from app.public import bp as public_bp
from app.public.offline import bp as offline_bp
from app.storage import register_file_deletion
from app.translate import bp as translate_bp
from config import BASE_DIR, CONFIGS, Config, ProductionConfig


def create_app(config: type[Config] | str | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, CLI."""
    if config is None:
        config = os.environ.get("DITA_CONFIG", "development")
    if isinstance(config, str):
        config = CONFIGS[config]
    if issubclass(config, ProductionConfig):
        config.check()

    app = Flask(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        instance_path=str(BASE_DIR / "instance"),
        instance_relative_config=True,
    )
    app.config.from_object(config)
    if issubclass(config, ProductionConfig):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    os.makedirs(app.instance_path, exist_ok=True)
    extensions.init_wsgi(app)

    extensions.db.init_app(app)
    extensions.migrate.init_app(app, extensions.db, directory=str(BASE_DIR / "migrations"), render_as_batch=True)
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    extensions.cache.init_app(app)
    extensions.login_manager.init_app(app)
    i18n.init_app(app)
    search.init_app(app)
    mail.init_app(app)
    security.init_app(app)
    instrumentation.init_app(app)
    register_change_tracking()
    register_file_deletion()

    app.register_blueprint(errors_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(manage_bp, url_prefix="/manage")
    app.register_blueprint(translate_bp, url_prefix="/translate")
    app.register_blueprint(public_bp)
    app.register_blueprint(offline_bp)
    app.register_blueprint(exports_bp)
    register_cli(app)
    return app

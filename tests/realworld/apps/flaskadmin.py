"""Flask-Admin: a CRUD back office (customers, orders, products): forms, filters, confirmations."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

try:
    from . import _common2 as common
except ImportError:  # loaded by file path, not as a package
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import _common2 as common  # type: ignore[no-redef]

logger = logging.getLogger(__name__)

NAME = "flaskadmin"
KIND = "CRUD admin with forms, filters and confirmations (Flask-Admin, PyPI)"
FAST = True
#: The case `make test` runs (tests/realworld/test_fast_subset.py). It was a strict xfail until
#: the first step's named page ("the back office home page") was read as the start page.
FAST_CASE = "fa_home_menu"
PORT = 8820
BASE_URL = f"http://127.0.0.1:{PORT}"
#: SQLAlchemy pinned to the 2.0 line Flask-Admin 2.2.1 was built against: under 2.1 a `Float`
#: column is no `Numeric`, and Flask-Admin's form then leaves the product's Price field out.
PACKAGES = ("flask-admin[sqlalchemy]==2.2.1", "flask-sqlalchemy==3.1.1", "sqlalchemy==2.0.58")


def _db_path() -> str:
    return str(common.data_dir(NAME) / "shop.sqlite3")


def _app_argv() -> list[str]:
    return [str(common.venv_python(NAME)), str(common.APPS_DIR / "flaskadmin_app.py"), _db_path()]


def install() -> None:
    """Create `.realworld/venv-flaskadmin` with Flask-Admin and seed the shop database."""
    common.ensure_venv(NAME, PACKAGES)
    reset()


def reset() -> None:
    """Rewrite the seed data (safe while the server runs: it opens the file per request)."""
    common.run_quiet([*_app_argv(), "--seed"], "seed the Flask-Admin shop")


def start() -> str:
    """Serve the back office on 127.0.0.1:8820 (installed and seeded if need be); return its URL."""
    if common.answers(f"{BASE_URL}/admin/"):
        return BASE_URL
    common.ensure_venv(NAME, PACKAGES)
    if not Path(_db_path()).is_file():
        reset()
    common.start_process(NAME, [*_app_argv(), str(PORT)], f"{BASE_URL}/admin/")
    return BASE_URL


def stop() -> None:
    """Stop the back office."""
    common.stop_process(NAME)

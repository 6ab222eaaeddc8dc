"""JupyterLab from PyPI in its own venv, a rich single-page app, served without a token on a
fixed port over a notebook folder under .realworld/ (a notebook, a Markdown note, a CSV)."""

from __future__ import annotations

import json
import os
import shutil

from tests.realworld import service

NAME = "jupyterlab"
KIND = "rich single-page app"
FAST = False  # the first install takes a minute or two; the SPA is slow to drive
PORT = 8863

ROOT = service.HOME / "jupyterlab"
NOTEBOOKS = ROOT / "notebooks"

NOTEBOOK = {
    "cells": [
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": ["# Guest statistics\n", "\n", "Numbers for the weekly report."],
        },
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": ['print("Total nights:", 3 + 1 + 5 + 2)'],
        },
    ],
    "metadata": {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        "language_info": {"name": "python"},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}

FILES = {
    "Welcome.ipynb": json.dumps(NOTEBOOK, indent=1) + "\n",
    "notes.md": (
        "# Shift notes\n\nThe late shift ends at 23:00.\n\n## Reception\n\nCall Maria for keys.\n"
    ),
    "data/guests.csv": (
        "name,city,nights\nMaria Rossi,Rome,3\nTom Berg,Oslo,1\nAna Silva,Lisbon,5\n"
    ),
    "reports/weekly.txt": "Weekly report: 11 nights sold.\n",
}

#: No news or update pop-ups: the page a test sees is the app, not a first-run toast.
NOTIFICATION_SETTINGS = {"fetchNews": "false", "checkForUpdates": False}


def install() -> None:
    """A venv with jupyterlab (and ipykernel) under .realworld/, and the notebook folder."""
    service.venv(NAME, ["jupyterlab", "ipykernel"], probe="jupyter-lab")
    settings = ROOT / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps(NOTIFICATION_SETTINGS), encoding="utf-8"
    )
    reset()


def reset() -> None:
    """Put the notebook folder back as seeded (cases create and rename files)."""
    if NOTEBOOKS.exists():
        shutil.rmtree(NOTEBOOKS)
    for name, text in FILES.items():
        path = NOTEBOOKS / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    workspaces = ROOT / "workspaces"
    if workspaces.exists():
        shutil.rmtree(workspaces)


def start() -> str:
    """Serve JupyterLab on 127.0.0.1:8863 with no token or password; the base URL."""
    venv = service.HOME / f"venv-{NAME}"
    base = f"http://127.0.0.1:{PORT}"
    env = {
        "JUPYTER_CONFIG_DIR": str(ROOT / "config"),
        "JUPYTER_DATA_DIR": str(ROOT / "data"),
        "JUPYTER_RUNTIME_DIR": str(ROOT / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(ROOT / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(ROOT / "workspaces"),
    }
    cmd = [
        str(venv / "bin" / "jupyter-lab"),
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={PORT}",
        "--port-retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={NOTEBOOKS}",
        "--LabApp.news_url=",
        "--ServerApp.disable_check_xsrf=True",
    ]
    if os.geteuid() == 0:  # CI and this machine run as root; Jupyter refuses without this
        cmd.append("--allow-root")
    service.start_server(
        NAME, cmd, probe_url=base + "/lab", marker="jupyter-config-data", env=env, wait_s=90
    )
    return base


def stop() -> None:
    """Stop the Jupyter server (and its kernels)."""
    service.stop_server(NAME)

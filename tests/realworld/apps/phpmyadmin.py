"""phpMyAdmin from Debian's package on the machine's MariaDB (127.0.0.1:3306), copied to a
writable tree with its own config and served by PHP's built-in server; a `hotel` database
with its own user holds a guests and a rooms table."""

from __future__ import annotations

import secrets
import shutil
import subprocess

from tests.realworld import service

NAME = "phpmyadmin"
KIND = "PHP app on a real database (MariaDB)"
FAST = True
#: The case `make test` runs: the first thing a user tries. It fails today because of PACTS.
FAST_CASE = "login_ok"
PORT = 8862
DB_USER = ("hotel", "Hotel-db-1")

ROOT = service.HOME / "phpmyadmin"
WWW = ROOT / "www"
TMP = ROOT / "tmp"
SEED_VERSION = "5"

CONFIG = """<?php
$cfg['blowfish_secret'] = '{secret}';
$i = 1;
$cfg['Servers'][$i]['auth_type'] = 'cookie';
$cfg['Servers'][$i]['host'] = '127.0.0.1';
$cfg['Servers'][$i]['port'] = '3306';
$cfg['Servers'][$i]['compress'] = false;
$cfg['Servers'][$i]['AllowNoPassword'] = false;
$cfg['TempDir'] = '{tmp}';
$cfg['VersionCheck'] = false;
$cfg['SendErrorReports'] = 'never';
$cfg['ShowChgPassword'] = false;
$cfg['PmaAbsoluteUri'] = 'http://127.0.0.1:{port}/';
"""

SEED_SQL = """
CREATE DATABASE IF NOT EXISTS hotel CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS 'hotel'@'127.0.0.1' IDENTIFIED BY '{pw}';
CREATE USER IF NOT EXISTS 'hotel'@'localhost' IDENTIFIED BY '{pw}';
ALTER USER 'hotel'@'127.0.0.1' IDENTIFIED BY '{pw}';
ALTER USER 'hotel'@'localhost' IDENTIFIED BY '{pw}';
GRANT ALL PRIVILEGES ON hotel.* TO 'hotel'@'127.0.0.1';
GRANT ALL PRIVILEGES ON hotel.* TO 'hotel'@'localhost';
FLUSH PRIVILEGES;
USE hotel;
DROP TABLE IF EXISTS guests;
DROP TABLE IF EXISTS rooms;
DROP TABLE IF EXISTS scratch;
CREATE TABLE rooms (
  number INT PRIMARY KEY,
  type VARCHAR(20) NOT NULL,
  price_eur INT NOT NULL
);
CREATE TABLE guests (
  id INT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(80) NOT NULL,
  city VARCHAR(80) NOT NULL,
  nights INT NOT NULL,
  room INT NULL
);
INSERT INTO rooms VALUES (101, 'Single', 80), (102, 'Double', 120), (201, 'Suite', 250);
INSERT INTO guests (name, city, nights, room) VALUES
  ('Maria Rossi', 'Rome', 3, 101),
  ('Tom Berg', 'Oslo', 1, 102),
  ('Ana Silva', 'Lisbon', 5, 201),
  ('Jan Novak', 'Prague', 2, NULL);
"""


def install() -> None:
    """Install phpMyAdmin and PHP from Debian, copy the tree, configure it, seed the database."""
    service.apt_install(
        ["phpmyadmin", "php-cli", "php-mysql", "php-mbstring", "php-xml", "dbconfig-no-thanks"],
        binaries=["php"],
    )
    _mariadb_up()
    stamp = ROOT / ".seeded"
    if not (stamp.exists() and stamp.read_text() == SEED_VERSION):
        if ROOT.exists():
            shutil.rmtree(ROOT)
        # PHP's built-in server will not serve a symlink out of its docroot (Debian links
        # jQuery and CodeMirror from /usr/share/javascript): copy what the links point to.
        # (Not ignore_dangling_symlinks: it tests relative links against the cwd and drops them.)
        shutil.copytree("/usr/share/phpmyadmin", WWW, ignore=shutil.ignore_patterns("doc"))
        TMP.mkdir(parents=True, exist_ok=True)
        # Debian points phpMyAdmin at /etc and /var/lib; point this copy at its own files.
        vendor = WWW / "libraries" / "vendor_config.php"
        text = vendor.read_text(encoding="utf-8")
        text = text.replace("'/var/lib/phpmyadmin/tmp/'", f"'{TMP}/'")
        text = text.replace("'/etc/phpmyadmin/config.inc.php'", f"'{ROOT}/config.inc.php'")
        vendor.write_text(text, encoding="utf-8")
        (ROOT / "config.inc.php").write_text(
            CONFIG.format(secret=secrets.token_hex(16), tmp=TMP, port=PORT), encoding="utf-8"
        )
        stamp.write_text(SEED_VERSION)
    reset()


def reset() -> None:
    """Put the hotel database back as seeded (cases add and delete rows)."""
    _mysql_root(SEED_SQL.format(pw=DB_USER[1]))


def _mysql_root(sql: str) -> None:
    proc = subprocess.run(
        ["mysql", "-uroot", "-h127.0.0.1", "-P3306"],
        input=sql,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if proc.returncode != 0:
        raise service.InstallError(
            f"phpmyadmin: seeding MariaDB as root on 127.0.0.1:3306 failed: "
            f"{proc.stderr.strip()[-400:]}. Is MariaDB running with a passwordless root?"
        )


def _mariadb_up() -> None:
    ping = ["mysqladmin", "-uroot", "-h127.0.0.1", "-P3306", "ping"]
    if shutil.which("mysqladmin") and subprocess.run(ping, capture_output=True).returncode == 0:
        return
    service.apt_install(["mariadb-server", "mariadb-client"], binaries=["mysqladmin"])
    subprocess.run(["service", "mariadb", "start"], capture_output=True)
    if subprocess.run(ping, capture_output=True).returncode != 0:
        raise service.InstallError(
            "phpmyadmin: MariaDB does not answer on 127.0.0.1:3306. "
            "Start it (service mariadb start) and run again"
        )


def start() -> str:
    """Serve phpMyAdmin on 127.0.0.1:8862; the base URL."""
    return service.php_server(NAME, WWW, PORT, marker="phpMyAdmin", path="/index.php")


def stop() -> None:
    """Stop the PHP server."""
    service.stop_server(NAME)

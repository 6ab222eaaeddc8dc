"""A DokuWiki (Debian's package) for the discovery tests: a writable copy of the tree, one
seeded page of heading sections and three users, served by PHP's built-in server.

The same approach as the real-world suite's DokuWiki app, kept small and on its own port so
the discovery tests do not depend on that suite's seed."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

PORT = 8871
REPO = Path(__file__).resolve().parents[2]
ROOT = REPO / ".realworld" / "dokuwiki-discovery"
ADMIN = ("admin", "Wiki-admin-1")
SEED = "2"

LOCAL_PHP = """<?php
$conf['title'] = 'Seaside Hotel Wiki';
$conf['lang'] = 'en';
$conf['useacl'] = 1;
$conf['superuser'] = '@admin';
$conf['savedir'] = '{data}';
$conf['userewrite'] = 0;
$conf['updatecheck'] = 0;
$conf['dnslookups'] = 0;
$conf['usewordblock'] = 0;
"""
ACL = "*               @ALL        1\n*               @user       8\n"
#: Three sections that each link "Contacts" (one page: equivalent), two "Opening hours" links
#: to different pages (not equivalent), and a Pricing section with a sub-section.
HANDBOOK = """====== Staff handbook ======

This handbook tells every new colleague where to find things.

===== Reception =====

  * [[reception:opening_hours|Opening hours]]
  * [[reception:checkin|Check-in procedure]]
  * [[contacts|Contacts]]

===== Restaurant =====

  * [[restaurant:opening_hours|Opening hours]]
  * [[contacts|Contacts]]

===== Pricing =====

See the [[pricing|Rate card]].

==== Groups ====

Ask for the [[pricing:groups|Rate card]] for groups.

===== Housekeeping =====

  * [[contacts|Contacts]]
"""
USERS = [
    (ADMIN, "Wiki Admin", "admin@seaside.test", "admin,user"),
    (("maria", "Reception-2"), "Maria Rossi", "maria@seaside.test", "user"),
    (("tom", "Kitchen-3"), "Tom Berg", "tom@seaside.test", "user"),
]
_server: subprocess.Popen[bytes] | None = None


def install() -> None:
    """Copy Debian's DokuWiki into a writable tree with the seed (once per SEED)."""
    if not Path("/usr/share/dokuwiki/doku.php").exists() or shutil.which("php") is None:
        raise RuntimeError("dokuwiki: not installed; run: apt-get install -y dokuwiki php-cli")
    stamp = ROOT / ".seeded"
    if stamp.exists() and stamp.read_text() == SEED:
        return
    shutil.rmtree(ROOT, ignore_errors=True)
    www, conf, data = ROOT / "www", ROOT / "conf", ROOT / "data"
    # Debian spreads the tree over /usr/share, /etc and /var/lib with symlinks: copy them all
    shutil.copytree("/usr/share/dokuwiki", www, symlinks=False, ignore_dangling_symlinks=True)
    shutil.copytree("/etc/dokuwiki", conf, symlinks=False, ignore_dangling_symlinks=True)
    shutil.copytree("/var/lib/dokuwiki/data", data, symlinks=False, ignore_dangling_symlinks=True)
    (www / "inc" / "preload.php").write_text(f"<?php\ndefine('DOKU_CONF', '{conf}/');\n")
    (conf / "local.php").write_text(LOCAL_PHP.format(data=data))
    (conf / "acl.auth.php").write_text(ACL)
    lines = []
    for (login, password), name, email, groups in USERS:
        hashed = subprocess.run(
            ["php", "-r", "echo password_hash($argv[1], PASSWORD_BCRYPT);", password],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        lines.append(f"{login}:{hashed}:{name}:{email}:{groups}")
    (conf / "users.auth.php").write_text("\n".join(lines) + "\n")
    (data / "pages" / "handbook.txt").write_text(HANDBOOK)
    stamp.write_text(SEED)


def start() -> str:
    """Serve the wiki on 127.0.0.1:PORT; the base URL once it answers."""
    global _server
    base = f"http://127.0.0.1:{PORT}"
    if _server is None:
        env = {**os.environ, "PHP_CLI_SERVER_WORKERS": "4"}
        _server = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{PORT}", "-t", str(ROOT / "www")],
            cwd=ROOT / "www",
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    for _ in range(100):
        try:
            with urllib.request.urlopen(base + "/doku.php?id=handbook", timeout=2) as answer:
                if b"Staff handbook" in answer.read():
                    return base
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"dokuwiki: no answer on {base}")


def stop() -> None:
    """Stop the server this process started."""
    global _server
    if _server is not None:
        _server.terminate()
        _server.wait(timeout=10)
        _server = None

"""DokuWiki from Debian's package, copied to a writable tree and served by PHP's built-in
server, with a small hotel wiki whose pages are split into heading sections."""

from __future__ import annotations

import shutil
import subprocess

from tests.realworld import service

NAME = "dokuwiki"
KIND = "wiki with heading sections"
FAST = True
#: The case `make test` runs (tests/realworld/test_fast_subset.py).
FAST_CASE = "recent_changes"
PORT = 8861
ADMIN = ("admin", "Wiki-admin-1")
EDITOR = ("maria", "Reception-2")
#: A user no case signs in as: the discovery tests' second row in the User Manager.
COOK = ("tom", "Kitchen-3")

ROOT = service.HOME / "dokuwiki"
WWW = ROOT / "www"
CONF = ROOT / "conf"
DATA = ROOT / "data"
SEED_VERSION = "4"

LOCAL_PHP = """<?php
$conf['title'] = 'Seaside Hotel Wiki';
$conf['lang'] = 'en';
$conf['license'] = 'cc-by-sa';
$conf['useacl'] = 1;
$conf['superuser'] = '@admin';
$conf['savedir'] = '{data}';
$conf['userewrite'] = 0;
$conf['updatecheck'] = 0;
$conf['breadcrumbs'] = 5;
$conf['youarehere'] = 1;
$conf['maxseclevel'] = 2;
$conf['sepchar'] = '_';
$conf['dnslookups'] = 0;
$conf['send404'] = 0;
$conf['usewordblock'] = 0;
"""

ACL = """# acl.auth.php
*               @ALL        1
*               @user       8
"""

PAGES: dict[str, str] = {
    "start": """====== Seaside Hotel Wiki ======

Welcome to the internal wiki of the Seaside Hotel. Start with the [[handbook|Staff handbook]].

===== Quick links =====

  * [[handbook|Staff handbook]]
  * [[pricing|Room rates]]
  * [[contacts|Contacts]]
""",
    "handbook": """====== Staff handbook ======

This handbook tells every new colleague where to find things.

===== Reception =====

The reception desk is the first place guests see.

  * [[reception:opening_hours|Opening hours]]
  * [[reception:checkin|Check-in procedure]]
  * [[contacts|Contacts]]

===== Restaurant =====

The restaurant serves breakfast and dinner.

  * [[restaurant:opening_hours|Opening hours]]
  * [[restaurant:menu|Menu]]
  * [[contacts|Contacts]]

===== Housekeeping =====

Rooms are cleaned every day before 14:00.

  * [[housekeeping:schedule|Cleaning schedule]]
  * [[contacts|Contacts]]

===== Pricing =====

All prices include breakfast. See the [[pricing|Rate card]] for the full list.

^ Room   ^ Price per night ^
| Single | 80 EUR          |
| Double | 120 EUR         |
| Suite  | 250 EUR         |
""",
    "reception/opening_hours": """====== Reception opening hours ======

The reception desk is open 24 hours a day, 7 days a week.

Back to the [[handbook|Staff handbook]].
""",
    "reception/checkin": """====== Check-in procedure ======

  - Greet the guest and ask for the booking number.
  - Check the passport or ID card.
  - Hand over the key card and the breakfast voucher.

Check-in starts at 15:00.
""",
    "restaurant/opening_hours": """====== Restaurant opening hours ======

Breakfast is served from 7:00 to 10:30. Dinner is served from 18:30 to 22:00.

Back to the [[handbook|Staff handbook]].
""",
    "restaurant/menu": """====== Menu ======

===== Starters =====

  * Tomato soup
  * Green salad

===== Main courses =====

  * Grilled sea bass
  * Mushroom risotto
""",
    "housekeeping/schedule": """====== Cleaning schedule ======

^ Floor ^ Team ^ Time ^
| 1 | Team A | 09:00 |
| 2 | Team B | 10:00 |
| 3 | Team A | 11:30 |
""",
    "pricing": """====== Room rates ======

Prices per night, breakfast included.

===== Low season =====

From November to March.
Read the [[booking:conditions_low|Booking conditions]] before you quote a price.

^ Room   ^ Price ^
| Single | 70 EUR |
| Double | 100 EUR |

===== High season =====

From April to October.
Read the [[booking:conditions_high|Booking conditions]] before you quote a price.

^ Room   ^ Price ^
| Single | 90 EUR |
| Double | 140 EUR |
""",
    "booking/conditions_low": """====== Booking conditions (low season) ======

Free cancellation up to 24 hours before arrival.
""",
    "booking/conditions_high": """====== Booking conditions (high season) ======

Free cancellation up to 7 days before arrival.
""",
    "contacts": """====== Contacts ======

^ Name ^ Role ^ Phone ^
| Maria Rossi | Reception manager | 101 |
| Tom Berg | Head chef | 205 |
| Ana Silva | Housekeeping lead | 310 |
""",
}


def install() -> None:
    """Install Debian's dokuwiki and PHP, copy the tree, write the config, users and pages."""
    service.apt_install(["dokuwiki", "php-cli", "php-xml", "php-mbstring"], binaries=["php"])
    stamp = ROOT / ".seeded"
    if stamp.exists() and stamp.read_text() == SEED_VERSION:
        return
    if ROOT.exists():
        shutil.rmtree(ROOT)
    # Debian splits the tree over /usr/share, /etc and /var/lib with symlinks; a copy that
    # follows them is one writable tree this user owns.
    shutil.copytree("/usr/share/dokuwiki", WWW, symlinks=False, ignore_dangling_symlinks=True)
    shutil.copytree("/etc/dokuwiki", CONF, symlinks=False, ignore_dangling_symlinks=True)
    shutil.copytree("/var/lib/dokuwiki/data", DATA, symlinks=False, ignore_dangling_symlinks=True)
    (WWW / "inc" / "preload.php").write_text(
        f"<?php\ndefine('DOKU_CONF', '{CONF}/');\n", encoding="utf-8"
    )
    (CONF / "local.php").write_text(LOCAL_PHP.format(data=DATA), encoding="utf-8")
    (CONF / "acl.auth.php").write_text(ACL, encoding="utf-8")
    (CONF / "users.auth.php").write_text(_users(), encoding="utf-8")
    reset()
    # The search index, so that "Search for ..." finds the seeded pages at once.
    service.run(["php", str(WWW / "bin" / "indexer.php"), "-q"], what="dokuwiki indexer")
    stamp.write_text(SEED_VERSION)


def reset() -> None:
    """Put the seeded pages back as written and remove pages a case created."""
    pages = DATA / "pages"
    for path in pages.rglob("*.txt"):
        page = path.relative_to(pages).with_suffix("").as_posix()
        if page not in PAGES and page.split("/")[0] not in ("wiki", "playground"):
            path.unlink()
    for page, text in PAGES.items():
        path = pages / f"{page}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def write_page(page: str, text: str) -> None:
    """Write a page outside the seed (the discovery tests' own page); reset() removes it."""
    path = DATA / "pages" / f"{page.replace(':', '/')}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _users() -> str:
    lines = ["# login:passwordhash:Real Name:email:groups"]
    people = [
        (ADMIN, "Wiki Admin", "admin@seaside.test", "admin,user"),
        (EDITOR, "Maria Rossi", "maria@seaside.test", "user"),
        (COOK, "Tom Berg", "tom@seaside.test", "user"),
    ]
    for (login, password), name, email, groups in people:
        hashed = subprocess.run(
            ["php", "-r", "echo password_hash($argv[1], PASSWORD_BCRYPT);", password],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        lines.append(f"{login}:{hashed}:{name}:{email}:{groups}")
    return "\n".join(lines) + "\n"


def start() -> str:
    """Serve the wiki on 127.0.0.1:8861; the base URL."""
    return service.php_server(
        NAME, WWW, PORT, marker="Seaside Hotel Wiki", path="/doku.php?id=start"
    )


def stop() -> None:
    """Stop the PHP server."""
    service.stop_server(NAME)

"""Datasette: a data browser with tables, facets and filters over a seeded library database."""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
from pathlib import Path

try:
    from . import _common2 as common
except ImportError:  # loaded by file path, not as a package
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import _common2 as common  # type: ignore[no-redef]

logger = logging.getLogger(__name__)

NAME = "datasette"
KIND = "data browser with tables, facets and filters (Datasette, PyPI)"
FAST = True
#: The case `make test` runs (tests/realworld/test_fast_subset.py).
FAST_CASE = "ds_json_export"
PORT = 8821
BASE_URL = f"http://127.0.0.1:{PORT}"
PACKAGES = ("datasette==0.65.5",)

AUTHORS = [
    (1, "Jane Austen", "United Kingdom", 1775),
    (2, "Leo Tolstoy", "Russia", 1828),
    (3, "Chinua Achebe", "Nigeria", 1930),
    (4, "Gabriel Garcia Marquez", "Colombia", 1927),
    (5, "Toni Morrison", "United States", 1931),
    (6, "Haruki Murakami", "Japan", 1949),
    (7, "Ursula K. Le Guin", "United States", 1929),
    (8, "Isaac Asimov", "United States", 1920),
]
# id, title, author_id, genre, year, language, pages, available
BOOKS = [
    (1, "Pride and Prejudice", 1, "Romance", 1813, "English", 432, 1),
    (2, "Emma", 1, "Romance", 1815, "English", 474, 0),
    (3, "Persuasion", 1, "Romance", 1817, "English", 249, 1),
    (4, "War and Peace", 2, "Historical", 1869, "Russian", 1225, 1),
    (5, "Anna Karenina", 2, "Romance", 1878, "Russian", 864, 0),
    (6, "Things Fall Apart", 3, "Literary", 1958, "English", 209, 1),
    (7, "Arrow of God", 3, "Literary", 1964, "English", 287, 1),
    (8, "One Hundred Years of Solitude", 4, "Magical realism", 1967, "Spanish", 417, 1),
    (9, "Love in the Time of Cholera", 4, "Romance", 1985, "Spanish", 348, 0),
    (10, "Beloved", 5, "Historical", 1987, "English", 324, 1),
    (11, "Song of Solomon", 5, "Literary", 1977, "English", 337, 1),
    (12, "Norwegian Wood", 6, "Literary", 1987, "Japanese", 296, 1),
    (13, "Kafka on the Shore", 6, "Magical realism", 2002, "Japanese", 505, 0),
    (14, "The Left Hand of Darkness", 7, "Science fiction", 1969, "English", 304, 1),
    (15, "The Dispossessed", 7, "Science fiction", 1974, "English", 387, 1),
    (16, "A Wizard of Earthsea", 7, "Fantasy", 1968, "English", 183, 0),
    (17, "Foundation", 8, "Science fiction", 1951, "English", 255, 1),
    (18, "I, Robot", 8, "Science fiction", 1950, "English", 253, 1),
    (19, "The Gods Themselves", 8, "Science fiction", 1972, "English", 288, 0),
    (20, "The End of Eternity", 8, "Science fiction", 1955, "English", 191, 1),
]
MEMBERS = ["Ana Silva", "Ben Okafor", "Chloe Martin", "Dev Patel", "Eva Novak"]
METADATA = {
    "title": "City Library catalogue",
    "description": "Books, authors and loans of the City Library branch.",
    "databases": {
        "library": {
            "tables": {
                "books": {
                    "description": "Every title in the branch catalogue.",
                    "facets": ["genre", "language"],
                    "sort": "title",
                },
                "authors": {"label_column": "name", "sort": "name"},
                "loans": {"description": "Loans since 1 January 2024."},
            },
            "queries": {
                "open_loans": {
                    "title": "Open loans",
                    "description": "Loans not yet returned, oldest first.",
                    "sql": (
                        "select loans.id, books.title, loans.member, loans.loaned_on "
                        "from loans join books on books.id = loans.book_id "
                        "where loans.returned = 0 order by loans.loaned_on"
                    ),
                }
            },
        }
    },
}


def _dir() -> Path:
    return common.data_dir(NAME)


def _loan_date(i: int) -> str:
    return f"2024-{1 + i % 12:02d}-{1 + (i * 3) % 28:02d}"


def seed(path: Path) -> None:
    """Write library.db: 8 authors, 20 books, 30 loans (the same bytes of data every time)."""
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    with con:
        con.execute(
            "create table authors (id integer primary key, name text, country text, born integer)"
        )
        con.execute(
            "create table books (id integer primary key, title text,"
            " author_id integer references authors(id), genre text, year integer,"
            " language text, pages integer, available integer)"
        )
        con.execute(
            "create table loans (id integer primary key, book_id integer references books(id),"
            " member text, loaned_on text, returned integer)"
        )
        con.executemany("insert into authors values (?, ?, ?, ?)", AUTHORS)
        con.executemany("insert into books values (?, ?, ?, ?, ?, ?, ?, ?)", BOOKS)
        loans = [
            (i, 1 + (i * 7) % 20, MEMBERS[i % 5], _loan_date(i), int(i % 3 != 0))
            for i in range(1, 31)
        ]
        con.executemany("insert into loans values (?, ?, ?, ?, ?)", loans)
    con.close()


def install() -> None:
    """Create `.realworld/venv-datasette`, write the library database and metadata."""
    common.ensure_venv(NAME, PACKAGES)
    seed(_dir() / "library.db")
    (_dir() / "metadata.json").write_text(json.dumps(METADATA, indent=2) + "\n")


def start() -> str:
    """Serve the library database on 127.0.0.1:8821 (read-only); return its URL."""
    if common.answers(f"{BASE_URL}/-/versions.json"):
        return BASE_URL
    if not (_dir() / "library.db").is_file() or not common.venv_python(NAME).is_file():
        install()
    datasette = common.venv_python(NAME).parent / "datasette"
    argv = [str(datasette), "serve", "-i", str(_dir() / "library.db")]
    argv += ["--metadata", str(_dir() / "metadata.json"), "-h", "127.0.0.1", "-p", str(PORT)]
    argv += ["--setting", "default_page_size", "10"]
    common.start_process(NAME, argv, f"{BASE_URL}/-/versions.json")
    return BASE_URL


def stop() -> None:
    """Stop Datasette."""
    common.stop_process(NAME)

"""Probes: each case's steps re-said in the phrasing the planner documents, to reach discovery.

These are diagnostics, not cases: a case that fails at planning stays failing in the table. A
probe says what discovery and execution would do once the planner reads the tester's English.
Usage: python tests/realworld/apps2_probes.py [NAME ...]; results in .realworld/apps2-probes.json.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / ".realworld" / "apps2-probes.json"

#: case -> (app, path, English in the documented phrasing; one step per line)
PROBES: dict[str, tuple[str, str, str]] = {
    # Flask-Admin
    "fa_home_menu": (
        "flaskadmin",
        "/admin/",
        """Verify the page shows "Shop Back Office"
Click "Sales"
Click "Customer"
Verify the URL contains "/admin/customer/"
Verify the page shows "Ada Lovelace"
Verify the page shows "Grace Hopper\"""",
    ),
    "fa_customer_search": (
        "flaskadmin",
        "/admin/customer/",
        """Enter "hopper" into the search box
Press Enter
Verify the page shows "Grace Hopper"
"Ada Lovelace" is not shown
Verify the page shows "List (1)\"""",
    ),
    "fa_create_customer": (
        "flaskadmin",
        "/admin/customer/",
        """Click "Create"
Enter "Katherine Johnson" into the Name field
Enter "katherine@example.org" into the Email field
Enter "Hampton" into the City field
Enter "United States" into the Country field
Check the VIP checkbox
Click the "Save" button
Verify the page shows "Record was successfully created."
Verify the page shows "Katherine Johnson"
Verify the page shows "katherine@example.org\"""",
    ),
    "fa_create_customer_missing_name": (
        "flaskadmin",
        "/admin/customer/new/",
        """Verify the Name field is empty
Enter "nobody@example.org" into the Email field
Click the "Save" button
Verify the URL contains "/admin/customer/new/"
"Record was successfully created." is not shown""",
    ),
    "fa_edit_customer": (
        "flaskadmin",
        "/admin/customer/",
        """Click the "Edit Record" link in the row for "Alan Turing"
Verify the Name field contains "Alan Turing"
Clear the City field
Enter "Cambridge" into the City field
Click the "Save" button
Verify the page shows "Record was successfully saved."
Verify the page shows "Cambridge\"""",
    ),
    "fa_delete_customer_confirm": (
        "flaskadmin",
        "/admin/customer/",
        """Click the "Delete Record" button in the row for "Ken Thompson"
Verify the page shows "Record was successfully deleted."
"Ken Thompson" is not shown
Verify the page shows "Ada Lovelace\"""",
    ),
    "fa_filter_city": (
        "flaskadmin",
        "/admin/customer/",
        """Click "Add Filter"
Click "City"
Enter "London" into the filter value box
Click the "Apply" button
Verify the page shows "Ada Lovelace"
Verify the page shows "Tim Berners-Lee"
"Grace Hopper" is not shown""",
    ),
    "fa_filter_vip": (
        "flaskadmin",
        "/admin/customer/",
        """Click "Add Filter"
Click "VIP"
Select "Yes" from the filter dropdown
Click the "Apply" button
Verify the page shows "List (4)"
Verify the page shows "Margaret Hamilton"
"Alan Turing" is not shown""",
    ),
    "fa_order_status_filter": (
        "flaskadmin",
        "/admin/order/",
        """Click "Add Filter"
Click "Status"
Enter "shipped" into the filter box
Click the "Apply" button
Verify the page shows "SO-1003"
Verify the page shows "SO-1008"
"SO-1001" is not shown""",
    ),
    "fa_order_search_details": (
        "flaskadmin",
        "/admin/order/",
        """Enter "SO-1007" into the search box
Press Enter
Click the "View Record" link
Verify the page shows "Edsger Dijkstra"
Verify the page shows "Fountain pen"
Verify the URL contains "/admin/order/details/\"""",
    ),
    "fa_order_sort": (
        "flaskadmin",
        "/admin/order/",
        """Click the "Quantity" link
Verify the URL contains "sort="
Verify the page shows "SO-1001"
"SO-1004" is not shown""",
    ),
    "fa_order_pagination": (
        "flaskadmin",
        "/admin/order/",
        """Verify the page shows "List (25)"
Click the "2" link
Verify the page shows "SO-1021"
Verify the page shows "SO-1025"
"SO-1001" is not shown""",
    ),
    "fa_product_create_choice": (
        "flaskadmin",
        "/admin/product/",
        """Click "Create"
Enter "Stapler" into the Name field
Select "Office" from the Category dropdown
Enter "12.5" into the Price field
Check the "In stock" checkbox
Click the "Save" button
Verify the page shows "Record was successfully created."
Verify the page shows "Stapler\"""",
    ),
    "fa_bulk_delete": (
        "flaskadmin",
        "/admin/product/",
        """Check the checkbox next to "Ink bottle"
Check the checkbox next to "Desk lamp"
Click "With selected"
Click "Delete"
Verify the page shows "2 records were successfully deleted."
"Ink bottle" is not shown
"Desk lamp" is not shown
Verify the page shows "Fountain pen\"""",
    ),
    "fa_create_order_cancel": (
        "flaskadmin",
        "/admin/order/new/",
        """Enter "SO-2000" into the Reference field
Click "Cancel"
Verify the URL contains "/admin/order/"
"SO-2000" is not shown""",
    ),
    "fa_save_and_add_another": (
        "flaskadmin",
        "/admin/customer/new/",
        """Enter "Hedy Lamarr" into the Name field
Enter "hedy@example.org" into the Email field
Click the "Save and Add Another" button
Verify the page shows "Record was successfully created."
Verify the URL contains "/admin/customer/new/"
Verify the Name field is empty""",
    ),
    # Datasette
    "ds_home": (
        "datasette",
        "/",
        """Verify the heading is "City Library catalogue"
Verify the page shows "Books, authors and loans of the City Library branch."
Click the "library" link
Verify the URL contains "/library"
Verify the page shows "books"
Verify the page shows "authors"
Verify the page shows "loans\"""",
    ),
    "ds_facet_genre": (
        "datasette",
        "/library/books",
        """Click "Science fiction"
Verify the page shows "6 rows"
Verify the page shows "Foundation"
"Emma" is not shown
Verify the URL contains "genre=Science+fiction\"""",
    ),
    "ds_facet_language": (
        "datasette",
        "/library/books",
        """Click "Japanese"
Verify the page shows "2 rows where language = Japanese"
Verify the page shows "Norwegian Wood"
Verify the page shows "Kafka on the Shore"
"War and Peace" is not shown""",
    ),
    "ds_filter_year": (
        "datasette",
        "/library/books",
        """Select "year" from the column dropdown
Select ">" from the operator dropdown
Enter "1980" into the value box
Click the "Apply" button
Verify the page shows "4 rows where year > 1980"
Verify the page shows "Beloved"
Verify the page shows "Kafka on the Shore"
"Emma" is not shown""",
    ),
    "ds_filter_contains": (
        "datasette",
        "/library/books",
        """Select "title" from the column dropdown
Select "contains" from the operator dropdown
Enter "Earth" into the value box
Click the "Apply" button
Verify the page shows "1 row"
Verify the page shows "A Wizard of Earthsea"
"Foundation" is not shown""",
    ),
    "ds_sort_pages": (
        "datasette",
        "/library/books",
        """Click the "pages" link
Verify the URL contains "_sort=pages"
Verify the page shows "20 rows sorted by pages"
Verify the page shows "The End of Eternity"
"War and Peace" is not shown""",
    ),
    "ds_author_link": (
        "datasette",
        "/library/books",
        """Click the "Isaac Asimov" link
Verify the URL contains "/library/authors/8"
Verify the page shows "United States"
Verify the page shows "1920\"""",
    ),
    "ds_next_page": (
        "datasette",
        "/library/books",
        """Verify the page shows "Anna Karenina"
Click "Next page"
Verify the page shows "The Left Hand of Darkness"
"Anna Karenina" is not shown""",
    ),
    "ds_canned_query": (
        "datasette",
        "/library",
        """Click "Open loans"
Verify the heading is "Open loans"
Verify the page shows "Loans not yet returned, oldest first."
Verify the page shows "Emma"
Verify the page shows "Dev Patel\"""",
    ),
    "ds_sql_editor": (
        "datasette",
        "/library/books",
        """Click "View and edit SQL"
Clear the SQL field
Enter "select title, year from books where year < 1850" into the SQL field
Click the "Run SQL" button
Verify the page shows "Pride and Prejudice"
Verify the page shows "Persuasion"
"War and Peace" is not shown""",
    ),
    "ds_authors_filter": (
        "datasette",
        "/library/authors",
        """Verify the page shows "8 rows"
Verify the page shows "Haruki Murakami"
Select "country" from the column dropdown
Enter "United States" into the value field
Click the "Apply" button
Verify the page shows "3 rows where country = United States"
Verify the page shows "Toni Morrison"
"Haruki Murakami" is not shown""",
    ),
    "ds_suggested_facet": (
        "datasette",
        "/library/books",
        """Click the "available" link
Click the "0" link
Verify the page shows "6 rows"
Verify the page shows "Emma"
"Beloved" is not shown""",
    ),
    "ds_loans_member": (
        "datasette",
        "/library/loans",
        """Verify the page shows "Loans since 1 January 2024."
Select "member" from the column dropdown
Enter "Eva Novak" into the value box
Click the "Apply" button
Verify the page shows "6 rows where member = Eva Novak"
"Ana Silva" is not shown""",
    ),
    "ds_row_page": (
        "datasette",
        "/library/books",
        """Click the "5" link
Verify the heading is "books: 5"
Verify the page shows "Anna Karenina"
Verify the page shows "864"
Verify the URL contains "/library/books/5\"""",
    ),
    # Shoelace
    "sl_profile_save": (
        "shoelace",
        "/",
        """Verify the heading is "Account settings"
Clear the Full name field
Enter "Jamie Chen" into the Full name field
Click the "Save profile" button
Verify the page shows "Profile saved. Country: Canada."
Verify the page shows "Signed in as Jamie Chen\"""",
    ),
    "sl_profile_empty_name": (
        "shoelace",
        "/",
        """Clear the Full name field
Click the "Save profile" button
Verify the page shows "Please enter your full name."
Verify the page shows "Signed in as Jamie Rivera\"""",
    ),
    "sl_profile_country": (
        "shoelace",
        "/",
        """Select "Japan" from the Country dropdown
Click the "Save profile" button
Verify the page shows "Profile saved. Country: Japan.\"""",
    ),
    "sl_profile_bad_email": (
        "shoelace",
        "/",
        """Clear the Email field
Enter "jamie.example.com" into the Email field
Click the "Save profile" button
Verify the page shows "Please enter a valid email address."
"Profile saved" is not shown""",
    ),
    "sl_profile_help_text": (
        "shoelace",
        "/",
        """Verify the Full name field is "Jamie Rivera"
Verify the page shows "We never share your email."
Verify the page shows "Country"
Verify the "Save profile" button is enabled""",
    ),
    "sl_tab_notifications": (
        "shoelace",
        "/",
        """Click "Notifications"
Verify the page shows "Email notifications"
Verify the "Email me when someone comments" checkbox is checked
Verify the "Weekly digest" checkbox is not checked""",
    ),
    "sl_prefs_save": (
        "shoelace",
        "/",
        """Click "Notifications"
Check the "Weekly digest" checkbox
Check the "Product announcements" checkbox
Click "Friday"
Click the "Save preferences" button
Verify the page shows "You will receive 3 of 3 kinds of email."
Verify the page shows "Digest day: Friday.\"""",
    ),
    "sl_prefs_untick": (
        "shoelace",
        "/",
        """Click "Notifications"
Uncheck the "Email me when someone comments" checkbox
Click the "Save preferences" button
Verify the page shows "You will receive 0 of 3 kinds of email.\"""",
    ),
    "sl_team_remove_one": (
        "shoelace",
        "/",
        """Click "Team"
Check the "Marco Rossi" checkbox
Verify the page shows "1 selected"
Click the "Remove selected" button
Verify the page shows "Remove Marco Rossi from the team?"
Click the "Remove" button
Verify the page shows "1 member removed."
"Marco Rossi" is not shown
Verify the page shows "3 members\"""",
    ),
    "sl_team_remove_cancel": (
        "shoelace",
        "/",
        """Click "Team"
Check the "Lena Fischer" checkbox
Check the "Tom Becker" checkbox
Click the "Remove selected" button
Verify the page shows "Remove Lena Fischer and Tom Becker from the team?"
Click the "Cancel" button
Verify the page shows "Lena Fischer"
Verify the page shows "4 members"
Verify the page shows "2 selected\"""",
    ),
    "sl_team_remove_disabled": (
        "shoelace",
        "/",
        """Click "Team"
Verify the page shows "0 selected"
Verify the "Remove selected" button is disabled""",
    ),
    "sl_team_invite": (
        "shoelace",
        "/",
        """Click "Team"
Enter "sam@example.com" into the Invite by email field
Click the "Send invite" button
Verify the page shows "Invitation sent to sam@example.com."
Verify the Invite by email field is empty""",
    ),
    "sl_team_invite_empty": (
        "shoelace",
        "/",
        """Click "Team"
Click the "Send invite" button
Verify the page shows "Enter an email address to invite.\"""",
    ),
    "sl_security_short_password": (
        "shoelace",
        "/",
        """Click "Security"
Enter "old-secret-1" into the Current password field
Enter "short" into the New password field
Click the "Change password" button
Verify the page shows "New password must be at least 8 characters."
"Password changed." is not shown""",
    ),
    "sl_security_change_password": (
        "shoelace",
        "/",
        """Click "Security"
Enter "old-secret-1" into the Current password field
Enter "a-much-longer-one" into the New password field
Click the "Change password" button
Verify the page shows "Password changed.\"""",
    ),
    "sl_delete_account_cancel": (
        "shoelace",
        "/",
        """Click "Security"
Click the "Delete account" button
Verify the page shows "This cannot be undone."
Click the "Cancel" button
"Your account is scheduled for deletion." is not shown""",
    ),
    "sl_delete_account_confirm": (
        "shoelace",
        "/",
        """Click "Security"
Click the "Delete account" button
Click the "Delete my account" button
Verify the page shows "Your account is scheduled for deletion.\"""",
    ),
}


def run_probe(name: str) -> dict[str, object]:
    """Run one probe cold with a fresh embedded cache; the verdict and the failing step."""
    app, path, text = PROBES[name]
    module = importlib.import_module(f"tests.realworld.apps.{app}")
    base = module.start()
    if hasattr(module, "reset"):
        module.reset()
    pacts = Path(sys.executable).parent / "pacts"
    with tempfile.TemporaryDirectory(prefix="pacts-probe-") as home:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PACTS_HOME": home}
        started = time.monotonic()
        done = subprocess.run(
            [str(pacts), "test", "--text", text, "--url", base + path, "--json"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    try:
        data = json.loads(done.stdout)
    except json.JSONDecodeError:
        data = {"verdict": "ERROR", "root_cause": "no_json", "explanation": done.stderr[-300:]}
    failing = data.get("failing_step")
    step = None
    if isinstance(failing, int) and data.get("steps"):
        step = next((s for s in data["steps"] if s.get("index") == failing), None)
    return {
        "app": app,
        "verdict": data.get("verdict"),
        "root_cause": data.get("root_cause"),
        "explanation": data.get("explanation"),
        "failing_step": failing,
        "step": step,
        "discoveries": data.get("discoveries"),
        "seconds": round(time.monotonic() - started, 1),
    }


def main(argv: list[str]) -> int:
    """Run the named probes (all by default) one after another."""
    names = argv or list(PROBES)
    results = json.loads(OUT.read_text()) if OUT.is_file() else {}
    for name in names:
        results[name] = run_probe(name)
        r = results[name]
        print(f"{name:34} {r['verdict']} {r['root_cause']} {r['seconds']}s | {r['explanation']}")
        OUT.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""A small shop back office on Flask-Admin (customers, products, orders) for the real-world suite.

Run by flaskadmin.py inside its own venv: `python flaskadmin_app.py DB_PATH PORT`, or
`python flaskadmin_app.py DB_PATH --seed` to (re)write the seed data and exit.
"""

from __future__ import annotations

import datetime as dt
import sys

from flask import Flask, redirect
from flask_admin import Admin
from flask_admin.contrib.sqla import ModelView
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()

STATUSES = [("new", "New"), ("paid", "Paid"), ("shipped", "Shipped"), ("cancelled", "Cancelled")]
CATEGORIES = [("stationery", "Stationery"), ("books", "Books"), ("office", "Office")]


class Customer(db.Model):  # type: ignore[name-defined,misc]
    """A customer of the shop."""

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False, unique=True)
    email = db.Column(db.String(120), nullable=False)
    city = db.Column(db.String(80))
    country = db.Column(db.String(80))
    vip = db.Column(db.Boolean, default=False)
    notes = db.Column(db.Text)

    def __str__(self) -> str:
        return self.name


class Product(db.Model):  # type: ignore[name-defined,misc]
    """A product in the catalogue."""

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False, unique=True)
    category = db.Column(db.String(20), nullable=False)
    price = db.Column(db.Float, nullable=False)
    in_stock = db.Column(db.Boolean, default=True)

    def __str__(self) -> str:
        return self.name


class Order(db.Model):  # type: ignore[name-defined,misc]
    """An order: one product line for one customer."""

    id = db.Column(db.Integer, primary_key=True)
    reference = db.Column(db.String(20), nullable=False, unique=True)
    customer_id = db.Column(db.Integer, db.ForeignKey("customer.id"), nullable=False)
    customer = db.relationship("Customer", backref="orders")
    product_id = db.Column(db.Integer, db.ForeignKey("product.id"), nullable=False)
    product = db.relationship("Product", backref="orders")
    quantity = db.Column(db.Integer, nullable=False, default=1)
    status = db.Column(db.String(20), nullable=False, default="new")
    order_date = db.Column(db.Date, nullable=False)

    def __str__(self) -> str:
        return self.reference


class CustomerView(ModelView):
    """Customers: search by name or e-mail, filter by city, country and VIP."""

    can_view_details = True
    column_list = ("name", "email", "city", "country", "vip")
    column_searchable_list = ("name", "email")
    column_filters = ("city", "country", "vip")
    column_labels = {"vip": "VIP"}
    column_default_sort = "name"
    form_excluded_columns = ("orders",)


class ProductView(ModelView):
    """Products: filter by category, stock and price; price editable in the list."""

    column_list = ("name", "category", "price", "in_stock")
    column_filters = ("category", "in_stock", "price")
    column_searchable_list = ("name",)
    column_labels = {"in_stock": "In stock"}
    column_default_sort = "name"
    form_choices = {"category": CATEGORIES}
    form_excluded_columns = ("orders",)


class OrderView(ModelView):
    """Orders: filter by status and date, search by reference."""

    can_view_details = True
    column_list = ("reference", "customer", "product", "quantity", "status", "order_date")
    column_filters = ("status", "order_date", "customer.name")
    column_searchable_list = ("reference",)
    column_labels = {"order_date": "Order date", "customer.name": "Customer name"}
    column_default_sort = "reference"
    form_choices = {"status": STATUSES}


CUSTOMERS = [
    ("Ada Lovelace", "ada@example.org", "London", "United Kingdom", True),
    ("Alan Turing", "alan@example.org", "Manchester", "United Kingdom", False),
    ("Grace Hopper", "grace@example.org", "New York", "United States", True),
    ("Linus Torvalds", "linus@example.org", "Portland", "United States", False),
    ("Margaret Hamilton", "margaret@example.org", "Boston", "United States", True),
    ("Tim Berners-Lee", "tim@example.org", "London", "United Kingdom", False),
    ("Edsger Dijkstra", "edsger@example.org", "Rotterdam", "Netherlands", False),
    ("Guido van Rossum", "guido@example.org", "Haarlem", "Netherlands", True),
    ("Barbara Liskov", "barbara@example.org", "Boston", "United States", False),
    ("Niklaus Wirth", "niklaus@example.org", "Zurich", "Switzerland", False),
    ("Frances Allen", "frances@example.org", "New York", "United States", False),
    ("Ken Thompson", "ken@example.org", "Berkeley", "United States", False),
]
PRODUCTS = [
    ("Fountain pen", "stationery", 24.5, True),
    ("Ink bottle", "stationery", 6.0, True),
    ("Notebook A5", "stationery", 4.2, False),
    ("The Art of Computer Programming", "books", 189.0, True),
    ("Structure and Interpretation", "books", 55.0, False),
    ("Desk lamp", "office", 39.9, True),
]
ORDER_STATUSES = ["new", "paid", "shipped", "paid", "cancelled"]


def seed(app: Flask) -> None:
    """Drop everything and write the fixed seed data: 12 customers, 6 products, 25 orders."""
    with app.app_context():
        db.drop_all()
        db.create_all()
        customers = [
            Customer(name=n, email=e, city=c, country=k, vip=v) for n, e, c, k, v in CUSTOMERS
        ]
        products = [Product(name=n, category=c, price=p, in_stock=s) for n, c, p, s in PRODUCTS]
        db.session.add_all(customers + products)
        db.session.flush()
        start = dt.date(2024, 3, 1)
        for i in range(25):
            db.session.add(
                Order(
                    reference=f"SO-{1001 + i}",
                    customer=customers[i % len(customers)],
                    product=products[(i * 5) % len(products)],
                    quantity=1 + (i % 4),
                    status=ORDER_STATUSES[i % len(ORDER_STATUSES)],
                    order_date=start + dt.timedelta(days=i * 3),
                )
            )
        db.session.commit()


def create_app(db_path: str) -> Flask:
    """The Flask app with the admin mounted at /admin/."""
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "realworld-not-a-secret"  # a local test app
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_path}"
    db.init_app(app)
    admin = Admin(app, name="Shop Back Office")
    admin.add_view(CustomerView(Customer, db.session, category="Sales"))
    admin.add_view(OrderView(Order, db.session, category="Sales"))
    admin.add_view(ProductView(Product, db.session, category="Catalog"))

    @app.route("/")
    def index():  # type: ignore[no-untyped-def]
        return redirect("/admin/")

    return app


def main(argv: list[str]) -> int:
    """Seed (`DB --seed`) or serve (`DB PORT`)."""
    db_path = argv[0]
    app = create_app(db_path)
    if argv[1] == "--seed":
        seed(app)
        return 0
    app.run(host="127.0.0.1", port=int(argv[1]), debug=False, use_reloader=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

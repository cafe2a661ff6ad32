"""The load benchmark's yardstick (bench/load.py): a bare Flask + Flask-SQLAlchemy page that
lists 50 rows from a SQLite file through one Jinja template, and nothing else (no extensions,
no sessions, no headers added).

`prepare(path)` creates its table and rows once, before gunicorn starts, so its workers never
race to write; `create_app()` is what gunicorn serves (`bench.baseline_app:create_app()`) and
reads the file named by BASELINE_DATABASE.
"""
import os
from pathlib import Path

from flask import Flask, render_template
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String, create_engine, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

HERE = Path(__file__).resolve().parent
ROWS = 50
DATABASE_VARIABLE = "BASELINE_DATABASE"


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Row(db.Model):
    __tablename__ = "rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(50))
    price: Mapped[int]


def prepare(path: Path) -> None:
    """The table and its 50 rows in the SQLite file `path` (idempotent)."""
    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        if not session.scalar(select(func.count()).select_from(Row)):
            session.add_all(Row(code=f"DV-{n:03d}", name=f"Dịch vụ thuê số {n} cho cơ quan",
                                unit="tháng", price=1_000_000 + 12_345 * n)
                            for n in range(1, ROWS + 1))
            session.commit()
    engine.dispose()


def create_app() -> Flask:
    app = Flask(__name__, template_folder=str(HERE / "baseline_templates"))
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{os.environ[DATABASE_VARIABLE]}"
    db.init_app(app)

    @app.route("/")
    def index():
        rows = db.session.scalars(select(Row).order_by(Row.id).limit(ROWS)).all()
        return render_template("rows.html", title="Danh sách 50 dòng", rows=rows)

    return app

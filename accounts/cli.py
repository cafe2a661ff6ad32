"""`flask accounts ...`: operator commands."""
import click
from flask.cli import with_appcontext
from sqlalchemy import select

from accounts import services
from accounts.models import ORG_KINDS, ROLE_LABELS, Organisation
from extensions import db

accounts_cli = click.Group("accounts", help="Tài khoản, tổ chức và tỉnh thành.")


@accounts_cli.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True, help="Họ và tên")
@click.option("--role", type=click.Choice(sorted(ROLE_LABELS)), required=True)
@click.option("--organisation", "org_name", required=True, help="Tên tổ chức (tạo mới nếu chưa có)")
@click.option("--kind", type=click.Choice(sorted(ORG_KINDS)), default="operator")
@click.password_option(help="Mật khẩu (ít nhất 12 ký tự, khó đoán)")
@with_appcontext
def create_user(email, name, role, org_name, kind, password):
    """Create a user, and its organisation if needed."""
    org = db.session.scalar(select(Organisation).where(Organisation.name == org_name))
    if org is None:
        org = services.create_organisation(kind, org_name)
    try:
        user = services.create_user(email, name, password, role, org)
    except services.AccountError as error:
        raise click.ClickException(str(error))
    db.session.commit()
    click.echo(f"Đã tạo tài khoản {user.email} ({user.role_label}) thuộc {org.name}.")


def _change_user(email: str, change, done: str) -> None:
    """Find the user by e-mail, make one change (refusals end the command with their
    message), commit, and say `done` (formatted with the user's e-mail)."""
    user = services.find_user(email)
    if user is None:
        raise click.ClickException(f"Không có tài khoản {email}.")
    try:
        change(user)
    except services.AccountError as error:
        raise click.ClickException(str(error))
    db.session.commit()
    click.echo(done.format(email=user.email))


@accounts_cli.command("reset-password")
@click.option("--email", required=True)
@click.password_option(help="Mật khẩu mới")
@with_appcontext
def reset_password(email, password):
    """Set a new password for a user; every session of the user ends."""
    _change_user(email, lambda user: services.set_password(user, password),
                 "Đã đặt lại mật khẩu cho {email}.")


@accounts_cli.command("lock-user")
@click.argument("email")
@with_appcontext
def lock_user(email):
    """Lock a user out: no more logins, and every session of the user ends."""
    _change_user(email, services.lock_user,
                 "Đã khóa tài khoản {email}; mọi phiên đăng nhập đã kết thúc.")


@accounts_cli.command("unlock-user")
@click.argument("email")
@with_appcontext
def unlock_user(email):
    """Lift the lock of a user."""
    _change_user(email, services.unlock_user, "Đã mở khóa tài khoản {email}.")


@accounts_cli.command("load-provinces")
@with_appcontext
def load_provinces():
    """Load or update the 34 provincial-level units from accounts/data/provinces.yml."""
    counts = services.load_provinces()
    db.session.commit()
    click.echo("Tỉnh, thành phố: tạo mới {created}, cập nhật {updated}, giữ nguyên {unchanged}."
               .format(**counts))

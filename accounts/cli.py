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


@accounts_cli.command("reset-password")
@click.option("--email", required=True)
@click.password_option(help="Mật khẩu mới")
@with_appcontext
def reset_password(email, password):
    """Set a new password for a user; every session of the user ends."""
    user = services.find_user(email)
    if user is None:
        raise click.ClickException(f"Không có tài khoản {email}.")
    try:
        services.set_password(user, password)
    except services.AccountError as error:
        raise click.ClickException(str(error))
    db.session.commit()
    click.echo(f"Đã đặt lại mật khẩu cho {user.email}.")


@accounts_cli.command("lock-user")
@click.argument("email")
@with_appcontext
def lock_user(email):
    """Lock a user out: no more logins, and every session of the user ends."""
    user = services.find_user(email)
    if user is None:
        raise click.ClickException(f"Không có tài khoản {email}.")
    try:
        services.lock_user(user)
    except services.AccountError as error:
        raise click.ClickException(str(error))
    db.session.commit()
    click.echo(f"Đã khóa tài khoản {user.email}; mọi phiên đăng nhập đã kết thúc.")


@accounts_cli.command("unlock-user")
@click.argument("email")
@with_appcontext
def unlock_user(email):
    """Lift the lock of a user."""
    user = services.find_user(email)
    if user is None:
        raise click.ClickException(f"Không có tài khoản {email}.")
    try:
        services.unlock_user(user)
    except services.AccountError as error:
        raise click.ClickException(str(error))
    db.session.commit()
    click.echo(f"Đã mở khóa tài khoản {user.email}.")


@accounts_cli.command("load-provinces")
@with_appcontext
def load_provinces():
    """Load or update the 34 provincial-level units from accounts/data/provinces.yml."""
    counts = services.load_provinces()
    db.session.commit()
    click.echo("Tỉnh, thành phố: tạo mới {created}, cập nhật {updated}, giữ nguyên {unchanged}."
               .format(**counts))

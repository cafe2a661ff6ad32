"""`flask vendors ...`: the vendor registry from the terminal."""
import click
from flask.cli import with_appcontext

from accounts import notices
from extensions import db
from vendors import queue, services

vendors_cli = click.Group("vendors", help="Danh sách nhà cung cấp dịch vụ CNTT.")


def _line(cert) -> str:
    vendor = cert.vendor
    return "\t".join([vendor.tax_code, vendor.legal_name, cert.kind_label, cert.number,
                      cert.expires_on.strftime("%d/%m/%Y")])


@vendors_cli.command("expiring")
@click.option("--days", type=click.IntRange(0, 3650), default=30, show_default=True,
              help="Số ngày tính từ hôm nay")
@with_appcontext
def expiring_command(days: int) -> None:
    """List certifications expiring within N days, then those already expired, and tell each
    vendor's staff in the application and by e-mail (once per certificate and day: run it
    daily from cron)."""
    with notices.outside_requests():
        told = queue.remind_expiring(days)
        db.session.commit()  # the e-mails' jobs leave now
    expiring, expired = services.expiring_certifications(days)
    click.echo(f"Chứng chỉ sắp hết hạn trong {days} ngày tới: {len(expiring)}")
    for cert in expiring:
        click.echo(_line(cert))
    click.echo(f"Chứng chỉ đã hết hạn: {len(expired)}")
    for cert in expired:
        click.echo(_line(cert))
    click.echo(f"Đã gửi {told} thông báo mới cho nhà cung cấp.")

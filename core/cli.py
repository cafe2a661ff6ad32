"""Command-line helpers shared by the packages' CLI groups."""
import click


def renamed(command: click.Command, new_name: str) -> click.Command:
    """`command` under its old name: it prints the new one (on stderr, so scripts reading the
    output see the same lines) and then runs as before."""

    @click.pass_context
    def run(ctx: click.Context, **kwargs) -> None:
        click.echo(f"Lệnh này đã đổi tên: hãy dùng `flask {new_name}`.", err=True)
        ctx.invoke(command, **kwargs)

    return click.Command(command.name, callback=run, params=list(command.params),
                         help=f"Tên cũ của `flask {new_name}`.", short_help=f"= flask {new_name}")

"""The warm PDF converter: one long-lived LibreOffice listener (unoserver) per process.

A cold `soffice --convert-to` starts LibreOffice for every document; a listener starts it once
and converts one document at a time through unoserver's XML-RPC client, in this process. The
listener runs under Debian's python3 (the one python3-uno serves) from `.venv-uno`, which
`make install` creates; it listens on free loopback ports with a profile of its own, in a
process group of its own, so that a timeout or a stop can end LibreOffice's helpers with it.
"""
import atexit
import logging
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import xmlrpc.client
from pathlib import Path

from flask import current_app, has_app_context
from unoserver.client import API_VERSION, UnoClient

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_UNO_VENV = ROOT / ".venv-uno"
CONVERT_TIMEOUT = 60
# A first start writes a whole profile: seconds on an idle machine, much longer on a busy one.
START_TIMEOUT = 90
CONVERTERS = ("warm", "cold")
# PDF/A-2b (ISO 19005-2, level B), which the archives require: the value of LibreOffice's
# SelectPdfVersion, in one place for both converters.
PDFA_VERSION = 2
LOOPBACK = "127.0.0.1"
PROBE_TIMEOUT = 2
# The variables of the app's venv would make Debian's python3 import the wrong packages.
_FOREIGN_ENV = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")
NOT_STARTED = "Không khởi động được LibreOffice để chuyển sang PDF; vui lòng thử lại sau."


class ConversionError(RuntimeError):
    """LibreOffice is missing or could not convert the document."""


class _ListenerGone(Exception):
    """The listener died before or during a call: nothing the document did."""


def too_slow(timeout: float) -> ConversionError:
    """The error of a conversion stopped at its timeout, worded alike for both converters."""
    return ConversionError(f"Chuyển sang PDF quá {timeout:g} giây; vui lòng thử lại sau.")


# --- configuration ------------------------------------------------------------------------


def _config(name: str, default):
    return current_app.config.get(name, default) if has_app_context() else default


def uno_venv() -> Path:
    """The venv of Debian's python3 with unoserver (PDF_UNO_VENV, default <repo>/.venv-uno)."""
    return Path(_config("PDF_UNO_VENV", None) or DEFAULT_UNO_VENV)


def warm_installed(venv: Path | None = None) -> bool:
    """Whether the listener can be started: unoserver in the uno venv."""
    return os.access(Path(venv or uno_venv()) / "bin" / "unoserver", os.X_OK)


def converter_kind() -> str:
    """PDF_CONVERTER: "warm" (the listener) by default when the uno venv exists, else "cold"."""
    kind = _config("PDF_CONVERTER", None) or ("warm" if warm_installed() else "cold")
    if kind not in CONVERTERS:
        raise ValueError(f"PDF_CONVERTER must be one of {CONVERTERS}, not {kind!r}")
    return kind


def convert_timeout() -> float:
    """PDF_CONVERT_TIMEOUT: seconds one conversion may take (60)."""
    return float(_config("PDF_CONVERT_TIMEOUT", CONVERT_TIMEOUT))


# --- processes, read from /proc (psutil is not a dependency) ------------------------------


def _stat(pid: int) -> tuple[str, str, int] | None:
    """(command name, state, process group) of a process, or None once it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The name sits in parentheses and may itself hold spaces or parentheses.
    name, rest = raw[raw.index("(") + 1:raw.rindex(")")], raw[raw.rindex(")") + 2:].split()
    return name, rest[0], int(rest[2])


def group_members(pgid: int) -> list[int]:
    """The live (not zombie) processes of a process group."""
    members = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            if stat[2] == pgid and stat[1] not in "ZX":
                members.append(int(entry.name))
    return members


def rss_bytes(pids: list[int]) -> int:
    """The resident memory of the given processes, summed."""
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total * os.sysconf("SC_PAGE_SIZE")


def free_ports(count: int) -> list[int]:
    """Ports free on loopback now (the kernel picks them: bind to port 0)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind((LOOPBACK, 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


class _ProbeTransport(xmlrpc.client.Transport):
    """XML-RPC over http with a socket timeout: a listener still starting accepts and waits."""

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = PROBE_TIMEOUT
        return connection


class _Client(UnoClient):
    """unoserver's client, failing at once when nothing listens.

    Its `_connect` retries a refused connection five times ten seconds apart; here a refused
    connection means the listener is gone, which the listener handles by restarting it.
    """

    def _connect(self, proxy, retries=1, sleep=0):
        return super()._connect(proxy, retries=1, sleep=0)


# --- the listener -------------------------------------------------------------------------


class Listener:
    """A unoserver listener of this process: started on first use, restarted when it dies or
    hangs, stopped at exit; one conversion at a time."""

    def __init__(self, venv: Path | None = None, start_timeout: float = START_TIMEOUT) -> None:
        self.venv = Path(venv or DEFAULT_UNO_VENV)
        self.start_timeout = start_timeout
        self.owner = os.getpid()
        self.starts = 0
        self.port: int | None = None
        self.uno_port: int | None = None
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._workdir: Path | None = None
        self._log = None
        self._office: int | None = None
        self._ready = False
        atexit.register(self.stop)

    @property
    def pid(self) -> int | None:
        """The unoserver process (the leader of the listener's process group)."""
        return self._process.pid if self._process is not None else None

    @property
    def office_pid(self) -> int | None:
        """LibreOffice's own process (soffice.bin), once the listener answered."""
        return self._office

    def processes(self) -> list[int]:
        """Every live process of the listener: unoserver, oosplash, soffice.bin."""
        return group_members(self._process.pid) if self._process is not None else []

    def start(self) -> None:
        """Start the listener now and wait until it answers (otherwise the first call does)."""
        with self._lock:
            self._ensure_running()

    def stop(self) -> None:
        """End the listener's processes and remove its profile; only its own process does."""
        if os.getpid() != self.owner:
            return  # a forked child's copy: the parent's listener is not the child's to end
        # At exit a daemon thread may hold the lock: end the listener anyway.
        acquired = self._lock.acquire(timeout=5)
        try:
            self._kill()
        finally:
            if acquired:
                self._lock.release()

    def _spawn(self) -> None:
        """Start unoserver in its own session, on fresh loopback ports, with a fresh profile."""
        executable = self.venv / "bin" / "unoserver"
        if not os.access(executable, os.X_OK):
            raise ConversionError(f"Chưa cài bộ chuyển PDF thường trực ({self.venv}); hãy chạy "
                                  "make install trên máy chủ.")
        self._workdir = Path(tempfile.mkdtemp(prefix="thue-uno-"))
        (self._workdir / "tmp").mkdir()
        self.port, self.uno_port = free_ports(2)
        command = [str(executable), "--interface", LOOPBACK, "--uno-interface", LOOPBACK,
                   "--port", str(self.port), "--uno-port", str(self.uno_port),
                   "--user-installation", str(self._workdir / "profile"),
                   "--temp-dir", str(self._workdir / "tmp"), "--quiet"]
        env = {k: v for k, v in os.environ.items() if k not in _FOREIGN_ENV}
        # Its log goes to an anonymous scratch file, read back only when a start fails.
        self._log = tempfile.TemporaryFile()
        self.starts += 1
        try:
            self._process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
                cwd=self._workdir, env=env, start_new_session=True)
        except OSError as error:
            self._kill()
            raise ConversionError(NOT_STARTED) from error
        self._office, self._ready = None, False

    def _kill(self) -> None:
        """SIGKILL the listener's whole process group (a stopped process too) and forget it."""
        process, workdir = self._process, self._workdir
        self._process, self._workdir, self._office, self._ready = None, None, None, False
        if process is not None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass  # the group is already empty
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                log.warning("unoserver %s did not exit after SIGKILL", process.pid)
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
        if self._log is not None:
            self._log.close()
            self._log = None

    def _log_tail(self) -> str:
        if self._log is None:
            return ""
        self._log.seek(max(0, self._log.seek(0, os.SEEK_END) - 2000))
        return self._log.read().decode(errors="replace")

    def _answers(self) -> bool:
        proxy = xmlrpc.client.ServerProxy(f"http://{LOOPBACK}:{self.port}", allow_none=True,
                                          transport=_ProbeTransport())
        try:
            with proxy:
                return proxy.info().get("api") == API_VERSION
        except (OSError, xmlrpc.client.Error):
            return False

    def _wait_ready(self) -> str:
        """Wait until it answers: "ready", "exited" (a port taken meanwhile?) or "slow"."""
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                return "exited"
            if self._answers():
                members = self.processes()
                self._office = next((pid for pid in members
                                     if (_stat(pid) or ("",))[0] == "soffice.bin"), None)
                self._ready = True
                return "ready"
            time.sleep(0.2)
        return "slow"

    def _alive(self) -> bool:
        """Whether the listener that answered is still there (a killed one is a zombie or gone)."""
        if self._process is None or self._process.poll() is not None or self._office is None:
            return False
        stat = _stat(self._office)
        return stat is not None and stat[1] not in "ZX" and stat[2] == self._process.pid

    def _ensure_running(self) -> None:
        """Start or restart the listener unless the one that answered is still alive."""
        if self._ready and self._alive():
            return
        for _ in range(2):
            if self._process is None or self._ready or self._process.poll() is not None:
                self._kill()
                self._spawn()
            outcome = self._wait_ready()
            if outcome == "ready":
                return
            log.warning("LibreOffice listener did not start (%s):\n%s", outcome, self._log_tail())
            self._kill()
            if outcome == "slow":
                break
        raise ConversionError(NOT_STARTED)

    def convert(self, data: bytes, timeout: float = CONVERT_TIMEOUT) -> bytes:
        """Convert a .docx to PDF/A-2b; `timeout` seconds for the conversion, start excluded."""
        if os.getpid() != self.owner:
            raise RuntimeError("a Listener belongs to the process that made it: use listener()")
        if not self._lock.acquire(timeout=timeout):
            raise ConversionError("Bộ chuyển PDF đang bận với văn bản khác; vui lòng thử lại sau.")
        try:
            self._ensure_running()
            try:
                return self._call(data, timeout)
            except _ListenerGone:
                # It died between calls and the check above came a moment too soon (a kill
                # lands as the call starts): the document is not at fault, so once more.
                self._ensure_running()
                try:
                    return self._call(data, timeout)
                except _ListenerGone:
                    self._kill()
                    raise ConversionError("LibreOffice dừng đột ngột khi chuyển văn bản sang "
                                          "PDF; vui lòng thử lại sau.") from None
        finally:
            self._lock.release()

    def _call(self, data: bytes, timeout: float) -> bytes:
        """One conversion in a worker thread, so that a hung listener cannot hold us."""
        outcome: dict = {}
        client = _Client(LOOPBACK, str(self.port))

        def run() -> None:
            try:
                outcome["pdf"] = client.convert(
                    indata=data, convert_to="pdf",
                    filter_options=[f"SelectPdfVersion={PDFA_VERSION}"])
            except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
                outcome["error"] = error

        worker = threading.Thread(target=run, name="pdf-listener-call", daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            log.warning("PDF conversion over %ss: killing listener %s", timeout, self.pid)
            # Killing the group closes the listener's socket, which ends the worker's call.
            self._kill()
            worker.join(5)
            # Restarted now, in the background: the next call finds it ready or waits for it.
            try:
                self._spawn()
            except ConversionError as error:
                log.warning("LibreOffice listener not restarted: %r", error)  # the next call tries
            raise too_slow(timeout)
        if "error" not in outcome:
            return outcome["pdf"]
        if not self._alive():
            raise _ListenerGone() from outcome["error"]
        log.warning("LibreOffice listener could not convert: %r", outcome["error"])
        raise ConversionError("LibreOffice không chuyển được văn bản sang PDF.") \
            from outcome["error"]


# --- one listener per process -------------------------------------------------------------

_current: Listener | None = None
_current_lock = threading.Lock()


def _forget_after_fork() -> None:
    global _current, _current_lock
    # The parent's lock may have been held at the fork, and its listener is not ours.
    _current, _current_lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_after_fork)


def listener(venv: Path | None = None) -> Listener:
    """This process's listener, made on first use; a forked child makes its own."""
    global _current
    venv = Path(venv or uno_venv())
    with _current_lock:
        if _current is not None and _current.owner == os.getpid() and _current.venv == venv:
            return _current
        if _current is not None and _current.owner == os.getpid():
            _current.stop()  # PDF_UNO_VENV changed: the old listener runs the old venv
        _current = Listener(venv)
        return _current


def stop_listener() -> None:
    """Stop this process's listener, if it made one: for a process that leaves by os._exit,
    which skips atexit (a Celery pool process: documents.tasks)."""
    if _current is not None and _current.owner == os.getpid():
        _current.stop()

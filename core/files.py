"""Files written atomically, and stored once under their SHA-256 (never changed afterwards)."""
import hashlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file so readers never see half of it: temp file, fsync, rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # The temporary file sits in the same folder so os.replace stays a same-filesystem rename:
    # readers see either no file or the whole file, never half of one.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stored_path(folder: Path, sha256: str, suffix: str) -> Path:
    """Where a stored file lives: <folder>/<sha256><suffix>."""
    return folder / f"{sha256}{suffix}"


def store(data: bytes, folder: Path, suffix: str) -> tuple[str, int]:
    """Keep `data` under its SHA-256 in `folder` (once: the same bytes are not written again);
    returns the digest and the size."""
    digest = hashlib.sha256(data).hexdigest()
    target = stored_path(folder, digest, suffix)
    if not target.exists():
        write_atomically(target, data)
    return digest, len(data)


_CONTROL = "".join(map(chr, [*range(0, 32), 127]))


def clean_file_name(name: str | None, default: str) -> str:
    """A file name as a browser sent it, safe to keep and to send back in a header: its last
    path part, without control characters (CR/LF would break every later download), at most
    255 characters; `default` when nothing is left."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = base.translate({ord(c): None for c in _CONTROL}).strip().strip(".")
    return cleaned[:255] or default

"""fs.read_bounded: a file a repository supplies is read only when small and regular."""

from __future__ import annotations

from pathlib import Path

import pytest

from git_wt.errors import WtError
from git_wt.fs import read_bounded


def test_read_bounded_reads_small_regular_files_only(tmp_path: Path) -> None:
    (tmp_path / "ok").write_bytes(b"data")
    assert read_bounded(str(tmp_path / "ok"), 4, root=str(tmp_path)) == b"data"
    with pytest.raises(WtError, match="larger than 3 bytes"):
        read_bounded(str(tmp_path / "ok"), 3, root=str(tmp_path))
    with pytest.raises(FileNotFoundError):
        read_bounded(str(tmp_path / "missing"), 4, root=str(tmp_path))
    (tmp_path / "dangling").symlink_to("/nonexistent/place")
    with pytest.raises(FileNotFoundError):
        read_bounded(str(tmp_path / "dangling"), 4, root=str(tmp_path))
    (tmp_path / "tty").symlink_to("/dev/tty")
    with pytest.raises(WtError, match="is a character device"):
        read_bounded(str(tmp_path / "tty"), 4, root=None)
    with pytest.raises(WtError, match="is a directory"):
        read_bounded(str(tmp_path), 4, root=None)

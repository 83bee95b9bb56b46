"""The Qt-free recovery store: atomic files in its own folder, listed only once their session ended."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.recovery import RecoveryStore, default_folder


def test_default_folder_is_in_the_users_data_folder(tmp_path):
    assert default_folder().parts[-2:] == ("argmap", "recovery")


def test_entry_keeps_odd_original_paths_and_the_text(tmp_path):
    writer = RecoveryStore(tmp_path)
    key = writer.new_key()
    odd = Path("/maps/new\nline é \udcff.yaml")
    writer.write(key, odd, "argmap: 1\ntitle: ключ\ncards: []\n")
    writer.close()
    reader = RecoveryStore(tmp_path)
    [entry] = reader.entries()
    assert (entry.key, entry.original_path) == (key, odd)
    assert reader.read(entry) == "argmap: 1\ntitle: ключ\ncards: []\n"


def test_untitled_maps_have_no_original_path(tmp_path):
    writer = RecoveryStore(tmp_path)
    writer.write(writer.new_key(), None, "cards: []\n")
    writer.close()
    assert RecoveryStore(tmp_path).entries()[0].original_path is None


def test_live_session_is_hidden_until_it_ends_and_its_lock_is_cleaned_up(tmp_path):
    writer = RecoveryStore(tmp_path)
    key = writer.new_key()
    writer.write(key, None, "cards: []\n")
    assert RecoveryStore(tmp_path).entries() == []
    writer.close()
    reader = RecoveryStore(tmp_path)
    assert [e.key for e in reader.entries()] == [key]
    reader.discard(key)
    assert reader.entries() == []
    assert list(tmp_path.iterdir()) == []


def test_keys_cannot_name_files_outside_the_folder(tmp_path):
    with pytest.raises(ValueError):
        RecoveryStore(tmp_path).write("../escape", None, "")


def test_missing_folder_means_no_entries(tmp_path):
    assert RecoveryStore(tmp_path / "never-made").entries() == []

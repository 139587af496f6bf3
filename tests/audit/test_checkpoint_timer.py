"""The server signs checkpoints by itself: `drugcontrol serve` starts a daemon thread that writes one at once and
then every AUDIT_CHECKPOINT_SECONDS; without a usable key it says so and writes nothing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.utils import translation

from drugcontrol.audit.actions import do_record_event
from drugcontrol.audit.actions.checkpoints import verify_log
from drugcontrol.audit.checkpoint_timer import start_checkpoint_timer, stop_checkpoint_timer
from drugcontrol.audit.checkpoints import read_checkpoints


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_server_thread_signs_the_head_of_the_log(audit_key, settings) -> None:
    event = do_record_event(actor="tester", action="test.read", object_id=1)
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    message = start_checkpoint_timer(interval=3600)
    try:
        assert str(path) in message
        for _ in range(600):  # the first checkpoint is written as soon as the thread starts
            if read_checkpoints(path)[0]:
                break
            time.sleep(0.1)
    finally:
        stop_checkpoint_timer()
    [(_, checkpoint)] = read_checkpoints(path)[0]
    assert (checkpoint.head_id, checkpoint.head_hash) == (event.id, event.hash)
    assert verify_log().intact


@pytest.mark.django_db
def test_without_a_key_the_server_says_checkpoints_are_off(settings, tmp_path) -> None:
    settings.AUDIT_KEY_FILE = ""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"
    with translation.override("en"):
        assert "audit checkpoints are OFF" in start_checkpoint_timer(interval=3600)
    assert not settings.AUDIT_CHECKPOINT_FILE.exists()

"""The refresh scheduler: one part per frame, parts drawn in steps with the event loop (and
every timer that came due) between them, and at once after a user's action."""

from PySide6 import QtCore

from explorer.window.refresh import Part, RefreshScheduler


def scheduler_with(log, steps=3):
    """A scheduler whose MATRICES renderer draws in `steps` steps and logs each."""

    def matrices():
        for k in range(steps):
            log.append(("matrices", k))
            if k < steps - 1:
                yield

    renderers = {part: (lambda p=part: log.append((p.name.lower(), 0))) for part in Part}
    renderers[Part.MATRICES] = matrices
    scheduler = RefreshScheduler(renderers, busy=lambda: True)
    scheduler.dirty.clear()
    return scheduler


def test_a_part_in_steps_lets_a_due_timer_run_between_its_steps(qtbot):
    log = []
    scheduler = scheduler_with(log)
    scheduler.mark(Part.MATRICES)
    # A timer that comes due while the first step is drawn: it must run before the second.
    due = QtCore.QTimer()
    due.setSingleShot(True)
    due.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
    due.timeout.connect(lambda: log.append(("timer", 0)))
    due.start(0)  # due at once, as a click that came during a long step
    scheduler._frame()  # a frame: the part's first step only
    assert log == [("matrices", 0)]
    qtbot.waitUntil(lambda: ("matrices", 2) in log)
    assert log.index(("timer", 0)) < log.index(("matrices", 1))
    assert scheduler._steps is None and Part.MATRICES not in scheduler.dirty


def test_a_frame_waits_for_the_part_being_drawn_in_steps(qtbot):
    log = []
    scheduler = scheduler_with(log)
    scheduler.mark(Part.MATRICES, Part.CHAIN)
    scheduler._loss_frame = True  # the next frame is a slow part's
    scheduler._turn = 1  # MATRICES comes next
    scheduler._frame()
    scheduler._frame()  # while MATRICES is drawn in steps: nothing else
    assert log == [("matrices", 0)]
    qtbot.waitUntil(lambda: scheduler._steps is None)
    scheduler._frame()
    scheduler._frame()
    assert ("chain", 0) in log


def test_a_users_action_draws_every_step_at_once_and_cancel_marks_the_part_again(qtbot):
    log = []
    scheduler = scheduler_with(log)
    scheduler.mark(Part.MATRICES)
    scheduler._turn = 1
    scheduler._loss_frame = True
    scheduler._frame()
    assert log == [("matrices", 0)]
    scheduler.now(Part.CHAIN)  # finishes the steps first, then draws what was asked
    assert log[:3] == [("matrices", 0), ("matrices", 1), ("matrices", 2)]
    log.clear()
    scheduler.mark(Part.MATRICES)
    scheduler.now(Part.MATRICES)
    assert log == [("matrices", 0), ("matrices", 1), ("matrices", 2)]
    log.clear()
    scheduler.mark(Part.MATRICES)
    scheduler._turn = 1
    scheduler._loss_frame = True
    scheduler._frame()
    scheduler.cancel()  # the views are being replaced: the rest is not drawn
    assert Part.MATRICES in scheduler.dirty and scheduler._steps is None
    assert not scheduler._next_step.isActive()  # no step left to run
    assert log == [("matrices", 0)]

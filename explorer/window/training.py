"""The training controller: runs the model's Trainer in a job and feeds the model.

The job is core's Trainer.run() generator, which yields a Snapshot (every loss since the last
one and copies of the parameters) at most about 60 times a second; each yield is where the
job can stop, and where new optimiser settings sent with Job.send() take effect. The worker
never touches a widget; the model hears of every snapshot in the GUI thread.
"""

from __future__ import annotations

from collections.abc import Iterator

from core.optim import OptimizerConfig
from core.training import DivergenceError, Snapshot, Trainer
from explorer.model import Model
from explorer.window.jobs import start_job

# Seconds between two snapshots sent to the GUI: each is a copy of the parameters and a queued
# call into the GUI thread. The loss curve draws at most 20 times a second and the chain a few
# times, so 30 a second loses nothing on screen and halves that traffic (at 60 the trainer in
# the app lost about 3 % more of its speed, make bench section 1).
UPDATE_INTERVAL = 1 / 30


def train(trainer: Trainer, interval: float = UPDATE_INTERVAL, max_steps: int | None = None):
    """The training job: Trainer.run(), taking new optimiser settings at each yield."""
    run: Iterator[Snapshot] = trainer.run(interval, max_steps)
    for snapshot in run:
        config = yield snapshot
        if isinstance(config, OptimizerConfig):
            trainer.set_optimizer(config)


class TrainingController:
    """Starts and stops the training job for `model`; one job at a time."""

    def __init__(self, model: Model):
        self.model = model
        self._job = None  # the running Job (explorer.window.jobs)

    @property
    def running(self) -> bool:
        return self._job is not None

    def toggle(self):
        self.set_running(not self.running)

    def set_running(self, on: bool):
        if on and self._job is None:
            self.model.set_training(True)
            self._job = start_job(
                train,
                self.model.trainer,
                name="training",
                **{"yield": self._on_snapshot, "error": self._on_error, "finish": self._on_end},
            )
        elif not on and self._job is not None:
            self.stop()

    def stop(self):
        """Stop the job, join its thread, record every snapshot it sent, and hand the trainer
        back to the model (which then shows the last step trained)."""
        job, self._job = self._job, None
        if job is None:
            return
        job.stop()  # delivers what it posted: those handlers still see their own tag
        if self.model.training:
            self.model.training_stopped()

    def send_optimizer(self, config: OptimizerConfig):
        """New settings: into the running job (taken at its next yield), and into the model
        (which gives them to the trainer itself when it is not training)."""
        if self._job is not None:
            self._job.send(config)
        self.model.set_optimizer(config)

    def _on_snapshot(self, tag: int, snapshot: Snapshot):
        # stop() flushes a job's snapshots before the model leaves training, so every loss
        # is recorded exactly once and none arrives after (a reset or a load needs a stop).
        if self.model.training:
            self.model.record_training(
                snapshot.losses,
                snapshot.A,
                snapshot.b,
                snapshot.steps_per_second,
                evaluation=snapshot.evaluation,  # test loss and accuracy, when due
            )

    def _on_error(self, tag: int, error: BaseException):
        job, self._job = self._job, None
        if job is not None and job.tag == tag:
            job.wait()
        if isinstance(error, DivergenceError):
            self.model.diverged(error)
        else:
            self.model.training_failed(f"{type(error).__name__}: {error}")

    def _on_end(self, tag: int):
        # The job ended by itself (max_steps); a stopped or failed one was handled already.
        if self._job is not None and self._job.tag == tag:
            self.stop()

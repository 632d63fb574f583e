"""What every scenario provides to the main window.

A scenario owns its model state (engine objects, dataset, settings) and builds its widgets
from the shared ones in nnviz.ui. The main window places them in one layout for every
scenario: controls (left dock), view (centre: canvas and formula panel), plots (right dock).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

NamedControl = QWidget | Callable[[], Iterable[QWidget]]


class Scenario(QObject):
    name: ClassVar[str] = ""        # registry key and --scenario NAME
    title: ClassVar[str] = ""       # shown on cards and in the selector
    summary: ClassVar[str] = ""     # one line: what it teaches
    order: ClassVar[int] = 100      # place in the syllabus (start page, menus)
    # state keys that only say how the work is looked at (a page, a probe, a view angle):
    # saved with it, but changing them is no unsaved work (no "*", no save prompt)
    view_keys: ClassVar[tuple[str, ...]] = ()
    # the scenario's own keys, for the shortcuts sheet (F1): a section title saying where
    # they work, and (keys, what they do) rows
    own_keys_title: ClassVar[str] = ""
    own_keys: ClassVar[tuple[tuple[str, str], ...]] = ()

    status_message = Signal(str)    # what just happened, in words (the status line)
    stats_changed = Signal(dict)    # {"epoch" or "steps": int, "loss": float, "acc": float,
                                    # "name": whose figures} (any subset)
    state_changed = Signal()        # anything worth saving changed (autosave, title "*")

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        # controls a lesson may lock, by a stable name (filled in by create_controls): a
        # widget, or a function giving the current widgets of a name that stands for several
        # (e.g. every hidden layer's − and + buttons, which come and go with the layers)
        self.named_controls: dict[str, NamedControl] = {}
        # the scenario's own rules, by name: may this widget be used in the current state
        # (no "remove a layer" without a layer)? A name without a rule: always
        self.enable_rules: dict[str, Callable[[QWidget], bool]] = {}
        self.locked: frozenset[str] = frozenset()     # the current lesson slide's locks

    def current_stats(self) -> dict:
        """The progress figures to show now (as stats_changed carries them): the window asks
        when it installs the scenario. Default: its training session's, if it has one."""
        session = getattr(self, "session", None)
        stats = getattr(session, "stats", None)
        return stats() if callable(stats) else {}

    def follow_stats(self, session, interval_ms: int = 100) -> None:
        """Emit stats_changed with the session's figures whenever its weights or history
        change, at most every interval_ms (training changes them hundreds of times a
        second; the toolbar had stayed at "0 epochs" in scenarios that never emitted)."""
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval_ms)
        timer.timeout.connect(lambda: self.stats_changed.emit(session.stats()))
        for signal in (session.weights_changed, session.history_changed):
            signal.connect(lambda *_: timer.isActive() or timer.start())

    def set_locked(self, names) -> None:
        """Lock the named controls (a lesson slide's locked controls; () unlocks all): they
        stay disabled until the locks change, whatever the scenario's own rules and syncs
        do; the others follow those rules (update_enabled).

        ValueError names any unknown control and lists the valid ones (nothing changes)."""
        names = frozenset(names)
        unknown = names - set(self.named_controls)
        if unknown:
            raise ValueError(f"{self.name} has no control called {', '.join(sorted(unknown))}; "
                             f"valid names: {', '.join(sorted(self.named_controls))}")
        self.locked = names
        self.update_enabled()

    def controls_named(self, name: str) -> list[QWidget]:
        """The widgets registered under a lockable name (KeyError for an unknown one)."""
        entry = self.named_controls[name]
        return [entry] if isinstance(entry, QWidget) else list(entry())

    def may_use(self, name: str, widget: QWidget) -> bool:
        """Whether `widget`, registered as `name`, is enabled now: no lock on the name and
        the scenario's rule for it (if any) allows it."""
        rule = self.enable_rules.get(name)
        return name not in self.locked and (rule is None or bool(rule(widget)))

    def update_enabled(self) -> None:
        """Enable or disable every named control by may_use. Called by set_locked, and by a
        scenario whenever its state changes what its rules allow: every enable rule goes
        through here, so a lesson's lock is never undone by a sync (it had been: a changed
        learning rate re-enabled a locked "add a layer")."""
        for name in self.named_controls:
            for widget in self.controls_named(name):
                widget.setEnabled(self.may_use(name, widget))

    # -- widgets: each built once, owned by the main window afterwards ------------------
    def create_controls(self) -> QWidget:
        """Left dock: the scenario's controls and a short explanation."""
        raise NotImplementedError

    def create_view(self) -> QWidget:
        """Centre: usually the network canvas above the formula panel."""
        raise NotImplementedError

    def create_plots(self) -> QWidget | None:
        """Right dock: plots (decision boundary, loss curves, truth table…), or None."""
        return None

    def answer_views(self) -> dict[str, QWidget]:
        """Views a lesson's "predict first" question may veil until its answer is revealed
        (by name: e.g. "table"), for those that would give the answer away. A scenario
        whose views never answer a question offers none."""
        return {}

    @property
    def player(self):
        """The scenario's step player (nnviz.ui.player.Player) if it has one; the main
        window's toolbar drives it."""
        return None

    # -- actions --------------------------------------------------------------------------
    def show_what_trains(self) -> None:
        """Bring the view that training and the player change to the front (before an
        animation is recorded: its first frame must show what the next frames change).
        Only a scenario with several pages has something to do."""

    def run_steps(self, n: int) -> None:
        """Advance the scenario by n training steps at once (for --screenshot --steps N)."""

    def settle(self) -> None:
        """Finish at once any animation the scenario runs by itself (not the player's
        steps), so that a still picture (--screenshot) shows where it ends, not a frame
        on its way. Default: nothing runs by itself."""

    def settle_player(self) -> None:
        """Call first when a setting changes that rebuilds the network or the data, before
        anything changes: the player stops and finishes the step it is showing while the
        settings, network and data are still the ones the step was made with. Its end (the
        update it reveals, the views redrawn) would otherwise meet the new settings with the
        old network. The session settles the player on replace() too, but by then a
        scenario has changed its settings already."""
        if self.player is not None:
            self.player.pause()

    def end_player_step(self) -> None:
        """Call first when training outside the player (run_steps): the step it shows ends,
        its update reaching the views and its epoch's row the history; the loss curve had
        got the held weights' loss under the new epoch's number, and a repeated epoch."""
        if self.player is not None:
            self.player.leave_step()

    def reset(self) -> None:
        """Back to the scenario's starting state."""

    def shutdown(self) -> None:
        """Stop every timer and animation; called before the widgets are destroyed."""
        if self.player is not None:
            self.player.pause()

    # -- files and lessons ------------------------------------------------------------------
    def get_state(self) -> dict[str, Any]:
        """A JSON-safe dict from which load_state rebuilds exactly this state."""
        return {}

    def load_state(self, state: dict[str, Any]) -> None:
        """Restore a state from get_state (or a lesson's partial settings).

        Raise ValueError naming the key and the problem for anything invalid, and change
        nothing in that case.
        """
        if state:
            raise ValueError(f"{self.name} has no settings called {', '.join(map(str, state))}")

"""Playing a lesson: `LessonPlayer` walks the slides of a nnviz.lessons.Lesson in a
MainWindow. Each slide opens its scenario fresh, loads the slide's settings, locks the
slide's controls and reports what it could not apply. A prediction prompt holds the step
back (the player bar is disabled, the views it hides veiled) until the teacher reveals the
answer; then the slide's steps run. `check()` tries every slide before the lesson starts.

Presenter clicker: `advance()` (Page Down) reveals a pending prediction, else steps the
player while the slide still has clicker steps, else goes to the next slide; `back()`
(Page Up) undoes those steps, else goes to the previous slide.

The navigator and caption that show it are lessonbar.LessonBar.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Signal

from .. import lessons
from .veil import Veil


class LessonPlayer(QObject):
    slide_changed = Signal(int)
    prompt_changed = Signal()       # a prediction was shown or revealed
    error = Signal(str)             # a slide's settings or locks were refused

    def __init__(self, window, lesson: lessons.Lesson):
        super().__init__(window)
        self.window = window
        self.lesson = lesson
        self.index = -1
        self.pending = False        # a prediction waits to be revealed
        self.clicks = 0             # clicker steps taken on this slide
        self._before_reveal = None  # the player's mark before the reveal's steps
        self.problem = ""
        self.checked: list[str] = []   # what check() found wrong with the lesson
        self._veils: list[Veil] = []   # over the views the pending prediction hides

    def check(self) -> list[str]:
        """Every slide's settings, locks and views to hide tried on its scenario as the
        slide opens it, fresh (built once per scenario and reset between slides, then
        thrown away): "slide N: problem" for each that fails. A bad setting on slide 7 had
        shown only when the class reached it; and applied over the previous slide's, a
        good slide had been reported and a bad one passed."""
        built: dict = {}
        out = []
        try:
            for i, slide in enumerate(self.lesson.slides):
                b = built.get(slide.scenario)
                if b is None:
                    b = built[slide.scenario] = self.window._build(slide.scenario)
                else:
                    b.scenario.reset()
                problems = _apply(b.scenario, slide) + lessons.slide_warnings(slide, b.scenario)
                if slide.predict is not None and slide.predict.hide:
                    views = b.scenario.answer_views()
                    unknown = [n for n in slide.predict.hide if n not in views]
                    if unknown:
                        problems.append(_no_view(b.scenario, unknown, views))
                out += [f"slide {i + 1}: {p}" for p in problems]
        finally:
            for b in built.values():
                b.discard()
        self.checked = out
        return out

    @property
    def slide(self) -> lessons.Slide:
        return self.lesson.slides[self.index]

    def go(self, index: int):
        index = max(0, min(len(self.lesson.slides) - 1, int(index)))
        self.index = index
        slide = self.slide
        self.clicks = 0
        self.problem = ""
        scenario = self.window.open_scenario(slide.scenario, keep_lesson=True)
        problems = _apply(scenario, slide) + lessons.slide_warnings(slide, scenario)
        name = self.lesson.path or self.lesson.title
        if index == 0 and self.checked:   # the whole lesson's problems, from the start (a
            # problem on slide 1 had hidden those of the later slides)
            self.problem = f"{name} has problems: " + "; ".join(self.checked) + f" {FIX}"
            self.error.emit(self.problem)
        elif problems:
            self.problem = f"{name}, slide {index + 1}: " + "; ".join(problems) + f" {FIX}"
            self.error.emit(self.problem)
        self.pending = slide.predict is not None
        self._before_reveal = None
        self._gate()
        self.slide_changed.emit(index)
        self.prompt_changed.emit()

    def next(self):
        if self.index < len(self.lesson.slides) - 1:
            self.go(self.index + 1)

    def previous(self):
        if self.index > 0:
            self.go(self.index - 1)

    def reveal(self):
        if not self.pending:
            return
        self.pending = False
        self._gate()
        scenario = self.window.scenario
        steps = self.slide.predict.steps
        self._before_reveal = None
        if scenario is not None and steps:
            if scenario.player is not None:
                self._before_reveal = scenario.player.mark()
                for _ in range(steps):
                    scenario.player.step_forward()
            else:
                scenario.run_steps(steps)
        self.prompt_changed.emit()

    def advance(self):
        """Presenter clicker forward."""
        scenario = self.window.scenario
        if self.pending:
            self.reveal()
        elif scenario is not None and scenario.player is not None \
                and self.clicks < self.slide.clicker_steps:
            self.clicks += 1
            scenario.player.step_forward()
        elif self.index < len(self.lesson.slides) - 1:
            self.next()
        else:      # (the last press had done nothing, silently)
            self.window.statusBar().showMessage(
                f"End of the lesson “{self.lesson.title}”: Lesson ▸ End the lesson (or "
                "choose a scenario) to go on freely; Page Up goes back.")

    def back(self):
        """Presenter clicker back: a step back while the slide has any to undo (the
        clicker's, the reveal's, or the arrow keys': it had left the slide, losing steps
        made with Right), else the previous slide (Ctrl+Page Up goes there at once)."""
        scenario = self.window.scenario
        if scenario is not None and scenario.player is not None \
                and scenario.player.can_step_back():
            self.clicks = max(0, self.clicks - 1)
            scenario.player.step_back()
            if self.slide.predict is not None and self._before_reveal is not None \
                    and scenario.player.mark() == self._before_reveal:
                # back to before the reveal: the question again, its views veiled (the
                # answer had stayed, and the next press counted as a clicker step)
                self._before_reveal = None
                self.pending = True
                self.clicks = 0
                self._gate()
                self.prompt_changed.emit()
        else:
            self.previous()

    def _gate(self):
        bar = getattr(self.window, "_player_bar", None)
        if bar is not None:
            bar.setEnabled(not self.pending)
        scenario = self.window.scenario
        if self.pending and scenario is not None and scenario.player is not None:
            scenario.player.pause()
        self._veil(scenario)

    def _veil(self, scenario):
        """Veil the views the pending prediction hides (none once revealed)."""
        self.clear_veils()
        if not self.pending or scenario is None or not self.slide.predict.hide:
            return
        views = scenario.answer_views()
        unknown = [n for n in self.slide.predict.hide if n not in views]
        if unknown:
            self.problem = (f"{self.lesson.path or self.lesson.title}, slide {self.index + 1}: "
                            f"{_no_view(scenario, unknown, views)}")
            self.error.emit(self.problem)
        self._veils = [Veil(views[n]) for n in self.slide.predict.hide if n in views]

    def clear_veils(self):
        for veil in self._veils:
            if shiboken6.isValid(veil):
                veil.close()
        self._veils = []


FIX = "Fix it in the lesson file; until then the slide shows what it could use."


def _apply(scenario, slide) -> list[str]:
    """Load a slide's settings and lock its controls: what failed, in words (its locks
    apply even when a setting fails: they had been skipped)."""
    problems = []
    if slide.settings:
        try:
            scenario.load_state(slide.settings)
        except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
            # (a wrongly typed setting, e.g. a list where a name belongs, raised TypeError)
            problems.append(str(exc) if isinstance(exc, ValueError) else
                            f"a setting has the wrong type or value: {exc}")
    try:
        scenario.set_locked(slide.locked)
    except ValueError as exc:
        problems.append(str(exc))
    return problems


def _no_view(scenario, unknown, views) -> str:
    return (f"{scenario.name} has no view called {', '.join(unknown)} to hide; valid names: "
            f"{', '.join(sorted(views)) or 'none'}")

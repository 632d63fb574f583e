"""Lessons in the main window (a mixin of MainWindow): the lesson bar above the scenario's
view while a lesson plays (start_lesson, end_lesson), and the presenter clicker, whose
forward and back step the lesson's slides (or the player, when no lesson plays) and first
bring back a blanked screen. The slides themselves are played by lesson_player.LessonPlayer."""

from __future__ import annotations

from .. import lessons


class WindowLessons:
    """Lesson and clicker methods of MainWindow (uses its lesson_player, lesson_bar,
    central_layout, scenario, _player_bar, unsaved, projector and status bar)."""

    def start_lesson(self, lesson: lessons.Lesson):
        from .lesson_player import LessonPlayer
        from .lessonbar import LessonBar
        self.end_lesson()
        self.lesson_player = LessonPlayer(self, lesson)
        self.lesson_bar = LessonBar(self.lesson_player, self.centralWidget())
        self.lesson_bar.closed.connect(self.end_lesson)
        self.lesson_player.error.connect(self.statusBar().showMessage)
        self.central_layout.insertWidget(1, self.lesson_bar)
        self.lesson_bar.show()
        self.lesson_player.check()        # every slide's problems, shown from the start
        self.lesson_player.go(0)
        return self.lesson_player

    def end_lesson(self):
        if self.lesson_player is None:
            return
        if self.scenario is not None:
            self.scenario.set_locked(())
        if self._player_bar is not None:
            self._player_bar.setEnabled(True)
        self.lesson_player.clear_veils()
        self.lesson_bar.setParent(None)
        self.lesson_bar.deleteLater()
        self.lesson_player.deleteLater()
        self.lesson_bar = self.lesson_player = None
        if self.scenario is not None:   # what the lesson left is where the work starts
            self.unsaved.set_clean()

    # -- presenter clicker ------------------------------------------------------------------
    def _unblank(self) -> bool:
        """A clicker press on a blanked screen brings the picture back and does nothing
        else (it had revealed an answer and stepped behind the black, unseen)."""
        if not self.projector.blanked:
            return False
        self.projector.blank_action.setChecked(False)
        self.projector.set_blank(False)
        return True

    def clicker_forward(self):
        if self._unblank():
            return
        if self.lesson_player is not None:
            self.lesson_player.advance()
        elif self.scenario is not None and self.scenario.player is not None:
            self.scenario.player.step_forward()

    def clicker_back(self):
        if self._unblank():
            return
        if self.lesson_player is not None:
            self.lesson_player.back()
        elif self.scenario is not None and self.scenario.player is not None:
            self.scenario.player.step_back()

"""A pygame window that shows frames at a fixed rate, with a status bar under the frame that always fits."""

from __future__ import annotations

import numpy as np

from dreamgym.errors import DisplayError

PAD = 4


def wrap(words: list[str], fits: object) -> list[str]:
    """Greedy line breaking: join ``words`` with two spaces while ``fits(line)`` holds (a word alone always fits)."""
    lines: list[str] = []
    for word in words:
        if lines and fits(f"{lines[-1]}  {word}"):  # type: ignore[operator]
            lines[-1] = f"{lines[-1]}  {word}"
        else:
            lines.append(word)
    return lines


class Window:
    """One window showing RGB frames; fails with a clear message when there is no display.

    ``status_sample`` (the longest status the caller will show, as a list of fields) sizes a bar under the frame
    so the status fits whole at any width: fields wrap onto as many lines as that sample needs.
    """

    def __init__(self, title: str, width: int, height: int, status_sample: list[str] | None = None) -> None:
        import pygame

        self._pygame = pygame
        try:
            pygame.display.init()
            pygame.font.init()
            self.font = pygame.font.Font(None, max(14, min(22, width // 14)))
            self.line_height = self.font.get_linesize()
            self.frame_size = (width, height)
            widest = max((self.font.size(w)[0] for w in status_sample or []), default=0)
            self.width = max(width, widest + 2 * PAD)  # a narrow frame is centred over a bar wide enough for any field
            lines = len(wrap(status_sample, self._fits)) if status_sample else 0
            self.bar_height = lines * self.line_height + (2 * PAD if lines else 0)
            self.surface = pygame.display.set_mode((self.width, height + self.bar_height))
        except pygame.error as e:
            raise DisplayError(
                f"cannot open a window ({e}): no display is available. Use render_mode='rgb_array', or run "
                "headless with SDL_VIDEODRIVER=dummy (e.g. to record with `dreamgym play ... --record out.gif`)."
            ) from e
        pygame.display.set_caption(title)
        self.clock = pygame.time.Clock()
        self.closed = False

    def _fits(self, line: str) -> bool:
        return self.font.size(line)[0] <= self.width - 2 * PAD

    def show(self, frame: np.ndarray, fps: int, text: str | None = None, status: list[str] | None = None) -> None:
        """Blit an ``(H, W, 3)`` uint8 frame, ``text`` over it (e.g. key help), ``status`` fields in the bar under
        it, then wait to keep ``fps``."""
        pg = self._pygame
        pg.event.pump()
        self.surface.fill((0, 0, 0))
        surf = pg.surfarray.make_surface(np.ascontiguousarray(frame.swapaxes(0, 1)))
        if surf.get_size() != self.frame_size:
            surf = pg.transform.scale(surf, self.frame_size)
        self.surface.blit(surf, ((self.width - self.frame_size[0]) // 2, 0))
        if text:
            for i, line in enumerate(text.split("\n")):
                label = self.font.render(line, True, (255, 255, 0), (0, 0, 0))
                self.surface.blit(label, (PAD, PAD + self.line_height * i))
        if status and self.bar_height:
            for i, line in enumerate(wrap(status, self._fits)):
                y = self.frame_size[1] + PAD + self.line_height * i
                if y + self.line_height > self.surface.get_height():
                    break
                self.surface.blit(self.font.render(line, True, (255, 255, 0)), (PAD, y))
        pg.display.flip()
        if fps > 0:
            self.clock.tick(fps)

    def close(self) -> None:
        """Close the window; safe to call twice."""
        if not self.closed:
            self._pygame.display.quit()
            self.closed = True

"""A pygame window that shows frames at a fixed rate, with an optional heads-up line."""

from __future__ import annotations

import numpy as np

from dreamgym.errors import DisplayError


class Window:
    """One window showing RGB frames; fails with a clear message when there is no display."""

    def __init__(self, title: str, width: int, height: int) -> None:
        import pygame

        self._pygame = pygame
        try:
            pygame.display.init()
            pygame.font.init()
            self.surface = pygame.display.set_mode((width, height))
        except pygame.error as e:
            raise DisplayError(
                f"cannot open a window ({e}): no display is available. Use render_mode='rgb_array', or run "
                "headless with SDL_VIDEODRIVER=dummy (e.g. to record with `dreamgym play ... --record out.gif`)."
            ) from e
        pygame.display.set_caption(title)
        self.clock = pygame.time.Clock()
        self.font = pygame.font.Font(None, 20)
        self.closed = False

    def show(self, frame: np.ndarray, fps: int, text: str | None = None) -> None:
        """Blit an ``(H, W, 3)`` uint8 frame (and a heads-up line), then wait to keep ``fps``."""
        pg = self._pygame
        pg.event.pump()
        surf = pg.surfarray.make_surface(np.ascontiguousarray(frame.swapaxes(0, 1)))
        if surf.get_size() != self.surface.get_size():
            surf = pg.transform.scale(surf, self.surface.get_size())
        self.surface.blit(surf, (0, 0))
        if text:
            for i, line in enumerate(text.split("\n")):
                label = self.font.render(line, True, (255, 255, 0), (0, 0, 0))
                self.surface.blit(label, (4, 4 + 18 * i))
        pg.display.flip()
        if fps > 0:
            self.clock.tick(fps)

    def close(self) -> None:
        """Close the window; safe to call twice."""
        if not self.closed:
            self._pygame.display.quit()
            self.closed = True

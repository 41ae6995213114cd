"""Human play and on-screen rendering: the only package that imports pygame."""

"""What the tests share, in one copy each.

- ``paths``: the repository and its shipped configs.
- ``waiting``: poll a condition until a deadline (``wait_until``, ``wait_for``).
- ``clocks``: clocks a test sets and moves by hand.
- ``hall``: a real hall at a fixed Monday 10:00, the ``hall`` fixture on SQLite, and ``served`` for HTTP.
- ``chromium``: headless Chromium over the DevTools pipe.

Free ports and the throwaway PostgreSQL cluster live in ``devtools/``, which the benchmarks use as well.
"""

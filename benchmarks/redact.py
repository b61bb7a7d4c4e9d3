"""How long redaction takes on a long, detail-heavy parent message (2,000 characters).

    python benchmarks/redact.py

Prints the best time per message over several runs and its share of the 1 ms budget
(redaction runs on every stored question). Timings live here, not in the tests: a busy
machine must not fail CI.
"""

from __future__ import annotations

import timeit

from bot.redact import redact

MESSAGE = ("Hi, I'm Sarah. My son jack is 7 and in year 4 at Oakwood Primary. He has an EHCP but the SENCO says the "
           "LA won't fund 1:1 support, so what can I do before the annual review in March? We live at 12 Acacia "
           "Avenue, LS1 4AB, and my number is 07700 900123. ")
BUDGET_S = 0.001


def main() -> None:
    text = (MESSAGE * 10)[:2000]
    best = min(timeit.repeat(lambda: redact(text), number=20, repeat=10)) / 20
    print(f"redact, 2,000-character message: {best * 1000:.3f} ms best of 10x20 "
          f"({best / BUDGET_S:.0%} of the {BUDGET_S * 1000:.0f} ms budget)")


if __name__ == "__main__":
    main()

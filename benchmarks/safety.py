"""How long the safety step takes per message, short and long.

    python benchmarks/safety.py

Every message on every path goes through it first, so it is on the chat's hot path.
Prints the median time for the lexicon and the classifier together.
"""

from __future__ import annotations

import statistics
import time

from bot.safety import Safety

SHORT = ["what is the redress trial?", "my son has swallowed a button battery", "he is at risk of exclusion",
         "i cant cope anymore", "when does the times tables check start?"]
LONG = ("My son is 14 and autistic and has an EHC plan, and the school keeps calling me in because of his behaviour "
        "and I honestly don't know what to do about the annual review or whether to ask for a different placement. ") * 8


def median_ms(texts: list[str], runs: int = 50) -> float:
    safety = Safety()
    times = []
    for _ in range(runs):
        for text in texts:
            started = time.perf_counter()
            safety.check(text)
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    started = time.perf_counter()
    Safety()
    print(f"safety step loads in {(time.perf_counter() - started) * 1000:.0f} ms (lexicon + classifier)")
    print(f"short messages: {median_ms(SHORT):.2f} ms median")
    print(f"a {len(LONG)}-character message: {median_ms([LONG], runs=20):.2f} ms median")


if __name__ == "__main__":
    main()

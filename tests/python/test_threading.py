"""Batches scored from several Python threads at once: correct results, GIL released."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

import tenure

MODEL = tenure.HealthModel.builtin()


def frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "dau_mau_ratio": rng.random(n),
        "features_adopted": rng.integers(0, 20, n).astype(float),
        "features_available": np.full(n, 20.0),
        "core_actions_weekly": rng.integers(0, 80, n).astype(float),
        "usage_trend": pd.Categorical.from_codes(rng.integers(0, 3, n), ["down", "flat", "up"]),
        "login_trend": pd.Categorical.from_codes(rng.integers(0, 3, n), ["down", "flat", "up"]),
        "support_tickets_30d": rng.integers(0, 12, n).astype(float),
        "champion_identified": rng.integers(0, 2, n).astype(bool),
        "contacts_count": rng.integers(0, 12, n).astype(float),
        "payment_status": pd.Categorical.from_codes(rng.integers(0, 3, n), ["current", "late", "delinquent"]),
    })


def test_threads_scoring_batches_at_once_get_their_own_results():
    frames = [frame(20_000, seed) for seed in range(8)]
    expected = [MODEL.score_batch(f) for f in frames]
    models = [MODEL, tenure.HealthModel.builtin()]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            futures = [pool.submit(models[i % 2].score_batch, f) for i, f in enumerate(frames)]
            for want, future in zip(expected, futures):
                got = future.result()
                np.testing.assert_array_equal(got["composite"].to_numpy(), want["composite"].to_numpy())
                np.testing.assert_array_equal(got["coverage"].to_numpy(), want["coverage"].to_numpy())
                assert got["tier"].equals(want["tier"])
                assert got["status"].equals(want["status"])


def test_explanations_from_threads():
    f = frame(300, 11)
    want = [s.to_dict() for s in MODEL.score_batch(f, explain=True)[1]]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: MODEL.score_batch(f, explain=True)[1], range(4)))
    for got in results:
        assert [s.to_dict() for s in got] == want


def test_the_gil_is_released_while_scoring():
    """While one thread scores a large batch, another thread keeps running Python code: the
    longest pause it sees is far shorter than the scoring itself."""
    # Numbers only: the Python side does almost nothing, the time is spent in the core.
    data = {k: s.to_numpy(dtype=float) for k, s in frame(3_000_000, 3).items() if s.dtype != "category"}
    start = time.perf_counter()
    MODEL.score_batch(data, explain=False)
    alone = time.perf_counter() - start

    done = threading.Event()
    gaps = []

    def score() -> None:
        for _ in range(3):
            MODEL.score_batch(data)
        done.set()

    worker = threading.Thread(target=score)
    last = time.perf_counter()
    worker.start()
    while not done.is_set():
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    worker.join()
    assert max(gaps) < max(0.5 * alone, 0.02), (max(gaps), alone)

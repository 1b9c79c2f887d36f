"""The type stubs match the runtime (``mypy.stubtest``) and type-check a typical use."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ALLOWLIST = Path(__file__).with_name("stubtest-allowlist.txt")


def test_stubtest():
    cmd = [sys.executable, "-m", "mypy.stubtest", "tenure"]
    if ALLOWLIST.exists():
        cmd += ["--allowlist", str(ALLOWLIST)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_typed_use_checks(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(textwrap.dedent("""
        from datetime import date
        from typing import Any
        import tenure

        model = tenure.HealthModel.builtin()
        score = model.score({"inputs": {"dau_mau_ratio": 0.4}})
        composite: float | None = score.composite
        tier: str | None = score.tier
        details: dict[str, Any] = score.to_dict()
        table, explanations = model.score_batch({"dau_mau_ratio": [0.4]}, explain=True)
        first: tenure.HealthScore = explanations[0]
        blended = tenure.blend_human_score(model, 70.0, None, date(2026, 11, 15))
        trend = tenure.score_trend(model, [("2026-11-01", 70)], "2026-11-15", window_days=30)
        try:
            tenure.HealthModel.from_json("{}")
        except tenure.ModelError as e:
            code: str = e.code
    """))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", str(sample)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_is_strictly_typed(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "-p", "tenure"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr

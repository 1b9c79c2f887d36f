"""Batch scoring in every flavour gives, row by row, exactly the numbers of ``model.score``."""

from __future__ import annotations

import math
from typing import Any, Dict, List, Optional, Tuple

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import tenure

MODEL = tenure.HealthModel.builtin()
N = 3000
TEXTS = {
    "usage_trend": ["down", "flat", "up", "sideways"],
    "login_trend": ["down", "flat", "up"],
    "payment_status": ["current", "late", "delinquent", "Current"],
}
BOOLS = ["community_active", "champion_identified", "exec_sponsor", "roi_documented"]


def synthetic(n: int = N, seed: int = 7) -> Dict[str, List[Any]]:
    """Columns of the built-in model's inputs as Python lists: about 6% missing (None) per
    column, and some unusable values (out of domain, infinite, fractional or negative counts,
    unknown or miscased categories, zero denominators)."""
    rng = np.random.default_rng(seed)

    def maybe(values: List[Any]) -> List[Any]:
        missing = rng.random(n) < 0.06
        return [None if m else v for v, m in zip(values, missing)]

    cols: Dict[str, List[Any]] = {}
    ratio = rng.random(n) * 1.1
    ratio[rng.random(n) < 0.01] = math.inf
    cols["dau_mau_ratio"] = maybe([float(x) for x in ratio])
    cols["features_adopted"] = maybe([float(x) for x in rng.integers(0, 21, n)])
    cols["features_available"] = maybe([float(x) for x in rng.choice([0, 10, 20], n, p=[0.05, 0.45, 0.5])])
    core = rng.integers(-2, 80, n).astype(float)
    core[rng.random(n) < 0.03] += 0.5
    cols["core_actions_weekly"] = maybe([float(x) for x in core])
    cols["support_tickets_30d"] = maybe([float(x) for x in rng.integers(0, 14, n)])
    cols["contacts_count"] = maybe([float(x) for x in rng.integers(0, 12, n)])
    cols["goals_achieved"] = maybe([float(x) for x in rng.integers(0, 5, n)])
    cols["goals_defined"] = maybe([float(x) for x in rng.integers(0, 4, n)])
    cols["expansion_signals"] = maybe([float(x) for x in rng.integers(0, 5, n)])
    for key, values in TEXTS.items():
        cols[key] = maybe([values[i] for i in rng.integers(0, len(values), n)])
    for key in BOOLS:
        cols[key] = maybe([bool(b) for b in rng.integers(0, 2, n)])
    return cols


COLUMNS = synthetic()


def accounts(cols: Dict[str, List[Any]]) -> List[Dict[str, Any]]:
    n = len(next(iter(cols.values())))
    return [{"inputs": {k: v[i] for k, v in cols.items()}} for i in range(n)]


Row = Tuple[str, Optional[float], Optional[str], float]


def expected_rows(cols: Dict[str, List[Any]], model: tenure.HealthModel = MODEL) -> List[Row]:
    out = []
    for account in accounts(cols):
        s = model.score(account)
        out.append((s.status, s.composite, s.tier, s.coverage))
    return out


EXPECTED = expected_rows(COLUMNS)


def _num(x: Any) -> Optional[float]:
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def rows_of(result: Any) -> List[Row]:
    """Any flavour's result as (status, composite, tier, coverage) rows."""
    if isinstance(result, pd.DataFrame):
        assert isinstance(result["tier"].dtype, pd.CategoricalDtype)
        assert list(result["tier"].cat.categories) == MODEL.tier_keys
        data = {c: result[c].astype(object).where(result[c].notna(), None).tolist() for c in result}
    elif isinstance(result, pl.DataFrame):
        data = result.to_dict(as_series=False)
    elif isinstance(result, pa.Table):
        data = result.to_pydict()
    else:
        assert isinstance(result, dict)
        for key in ("composite", "tier", "coverage", "status", "error"):
            assert isinstance(result[key], np.ndarray), key
        data = {k: v.tolist() for k, v in result.items()}
    assert set(data) == {"composite", "tier", "coverage", "status", "error"}
    return [
        (status, _num(composite), tier, float(coverage))
        for status, composite, tier, coverage in zip(
            data["status"], data["composite"], data["tier"], data["coverage"]
        )
    ]


def assert_same(actual: List[Row], expected: List[Row]) -> None:
    assert len(actual) == len(expected)
    bad = [(i, a, e) for i, (a, e) in enumerate(zip(actual, expected)) if a != e]
    assert not bad, f"{len(bad)} rows differ, first: {bad[:3]}"


def test_synthetic_data_covers_every_status():
    statuses = {r[0] for r in EXPECTED}
    assert statuses == {"scored", "insufficient_data"}
    assert len({r[2] for r in EXPECTED}) == 5  # four tiers and None


# --- pandas -------------------------------------------------------------------------------


def pandas_frame(cols: Dict[str, List[Any]]) -> pd.DataFrame:
    """Floats (NaN missing), categoricals for text, nullable booleans."""
    data: Dict[str, Any] = {}
    for key, values in cols.items():
        if key in TEXTS:
            data[key] = pd.Categorical(values)
        elif key in BOOLS:
            data[key] = pd.array(values, dtype="boolean")
        else:
            data[key] = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    return pd.DataFrame(data)


def test_pandas_categorical():
    df = pandas_frame(COLUMNS)
    assert_same(rows_of(MODEL.score_batch(df)), EXPECTED)


def test_pandas_object_columns():
    df = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in COLUMNS.items()})
    assert_same(rows_of(MODEL.score_batch(df)), EXPECTED)


def test_pandas_string_and_nullable_dtypes():
    df = pandas_frame(COLUMNS)
    for key in TEXTS:
        df[key] = df[key].astype("string")
    for key in ("support_tickets_30d", "contacts_count"):
        df[key] = df[key].astype("Int64")
    df["dau_mau_ratio"] = df["dau_mau_ratio"].astype("Float64")
    df["goals_defined"] = df["goals_defined"].astype(np.float32)
    assert_same(rows_of(MODEL.score_batch(df)), EXPECTED)


def test_pandas_pyarrow_backed_dtypes():
    df = pandas_frame(COLUMNS).convert_dtypes(dtype_backend="pyarrow")
    assert_same(rows_of(MODEL.score_batch(df)), EXPECTED)


def test_pandas_keeps_the_index_and_booleans_as_numpy_bools():
    cols = {"dau_mau_ratio": [0.5, 0.2, 0.9], "champion_identified": [True, False, True],
            "login_trend": ["up", "down", "flat"], "payment_status": ["current"] * 3}
    df = pd.DataFrame(cols, index=["a", "b", "c"])
    assert df["champion_identified"].dtype == bool
    out = MODEL.score_batch(df)
    assert list(out.index) == ["a", "b", "c"]
    assert_same(rows_of(out), expected_rows(cols))


def test_pandas_numpy_float64_columns_are_not_copied():
    """Zero-copy: the core reads the DataFrame's own float64 buffer."""
    df = pandas_frame(COLUMNS)
    arr = df["dau_mau_ratio"].to_numpy(copy=False)
    from tenure import _frames

    column = _frames.series_column("dau_mau_ratio", df["dau_mau_ratio"])
    assert column[1] == "numbers"
    assert np.shares_memory(column[2], arr)


# --- polars, pyarrow ---------------------------------------------------------------------


def test_polars():
    df = pl.DataFrame(COLUMNS, strict=False)
    out = MODEL.score_batch(df)
    assert isinstance(out, pl.DataFrame)
    assert_same(rows_of(out), EXPECTED)


def test_polars_categorical_enum_and_lazy():
    df = pl.DataFrame(COLUMNS, strict=False).with_columns(
        pl.col("usage_trend").cast(pl.Categorical),
        pl.col("login_trend").cast(pl.Enum(["up", "flat", "down"])),
        pl.col("support_tickets_30d").cast(pl.Int32),
    )
    assert_same(rows_of(MODEL.score_batch(df)), EXPECTED)
    assert_same(rows_of(MODEL.score_batch(df.lazy())), EXPECTED)


def test_polars_multiple_chunks():
    df = pl.DataFrame(COLUMNS, strict=False)
    chunked = pl.concat([df.slice(0, 1000), df.slice(1000)], rechunk=False)
    assert chunked.n_chunks() > 1
    assert_same(rows_of(MODEL.score_batch(chunked)), EXPECTED)


def test_pyarrow_table():
    table = pa.table(COLUMNS)
    out = MODEL.score_batch(table)
    assert isinstance(out, pa.Table)
    assert out.schema.field("tier").type == pa.dictionary(pa.int32(), pa.string())
    assert_same(rows_of(out), EXPECTED)


def test_pyarrow_chunked_and_dictionary_encoded():
    table = pa.table(COLUMNS)
    for key in TEXTS:
        i = table.schema.get_field_index(key)
        table = table.set_column(i, key, pa.compute.dictionary_encode(table[key]))
    # Two chunks whose dictionaries differ (each slice encodes its own values).
    first = pa.table(
        {k: (pa.array(v[:1000]).dictionary_encode() if k in TEXTS else pa.array(v[:1000]))
         for k, v in COLUMNS.items()}
    )
    second = pa.table(
        {k: (pa.array(list(reversed(v[1000:]))).dictionary_encode() if k in TEXTS else pa.array(list(reversed(v[1000:]))))
         for k, v in COLUMNS.items()}
    )
    both = pa.concat_tables([first, second])
    assert both.column("usage_trend").num_chunks == 2
    expected = EXPECTED[:1000] + list(reversed(EXPECTED[1000:]))
    assert_same(rows_of(MODEL.score_batch(both)), expected)
    assert_same(rows_of(MODEL.score_batch(table)), EXPECTED)


def test_pyarrow_record_batch_and_capsule_only_objects():
    batch = pa.record_batch(COLUMNS)
    assert_same(rows_of(MODEL.score_batch(batch)), EXPECTED)

    class StreamOnly:
        """Any producer of the Arrow PyCapsule interface."""

        def __init__(self, table: pa.Table) -> None:
            self.table = table

        def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
            return self.table.__arrow_c_stream__(requested_schema)

    assert_same(rows_of(MODEL.score_batch(StreamOnly(pa.table(COLUMNS)))), EXPECTED)


def test_pyarrow_number_types():
    cols = {"contacts_count": pa.array([0, 3, None, 12], type=pa.int8()),
            "support_tickets_30d": pa.array([0, 5, 9, None], type=pa.uint16()),
            "dau_mau_ratio": pa.array([0.1, 0.5, 0.9, 0.3], type=pa.float32()),
            "champion_identified": pa.array([True, None, False, True])}
    lists = {k: v.to_pylist() for k, v in cols.items()}
    lists["dau_mau_ratio"] = [float(np.float32(x)) for x in lists["dau_mau_ratio"]]
    assert_same(rows_of(MODEL.score_batch(pa.table(cols))), expected_rows(lists))


# --- dicts and lists ----------------------------------------------------------------------


def test_dict_of_numpy_arrays():
    data: Dict[str, Any] = {}
    for key, values in COLUMNS.items():
        if key in TEXTS or key in BOOLS:
            data[key] = np.array(values, dtype=object)
        else:
            data[key] = np.array([np.nan if v is None else v for v in values])
    out = MODEL.score_batch(data)
    assert isinstance(out, dict)
    assert_same(rows_of(out), EXPECTED)


def test_dict_of_typed_numpy_arrays():
    cols = {"dau_mau_ratio": np.array([0.5, 0.1, 0.45]), "contacts_count": np.array([3, 0, 10], dtype=np.int64),
            "exec_sponsor": np.array([True, False, True]), "login_trend": np.array(["up", "down", "flat"]),
            "payment_status": np.array(["current", "late", "current"])}
    lists = {k: v.tolist() for k, v in cols.items()}
    assert_same(rows_of(MODEL.score_batch(cols)), expected_rows(lists))


def test_dict_of_lists():
    assert_same(rows_of(MODEL.score_batch(COLUMNS)), EXPECTED)


def test_list_of_account_dicts():
    out = MODEL.score_batch(accounts(COLUMNS))
    assert isinstance(out, dict)
    assert_same(rows_of(out), EXPECTED)


def test_booleans_as_zero_one_numbers():
    cols = dict(COLUMNS)
    for key in BOOLS:
        cols[key] = [None if v is None else float(v) for v in cols[key]]
    assert_same(rows_of(MODEL.score_batch(cols)), EXPECTED)
    assert_same(rows_of(MODEL.score_batch(pd.DataFrame(cols))), EXPECTED)


# --- explanations, months, failed rows ----------------------------------------------------


@pytest.mark.parametrize("flavour", ["pandas", "polars", "pyarrow", "dict", "records"])
def test_explanations_match_single_scores(flavour):
    cols = {k: v[:200] for k, v in COLUMNS.items()}
    data = {
        "pandas": lambda: pandas_frame(cols),
        "polars": lambda: pl.DataFrame(cols, strict=False),
        "pyarrow": lambda: pa.table(cols),
        "dict": lambda: cols,
        "records": lambda: accounts(cols),
    }[flavour]()
    table, explanations = MODEL.score_batch(data, explain=True)
    assert len(explanations) == 200
    assert_same(rows_of(table), EXPECTED[:200])
    for account, explained in zip(accounts(cols), explanations):
        assert isinstance(explained, tenure.HealthScore)
        assert explained.to_dict() == MODEL.score(account).to_dict()


SEASONAL = tenure.HealthModel.from_dict(
    {
        "id": "seasonal",
        "dimensions": [
            {"key": "usage", "weight": 1, "signals": [
                {"key": "usage", "seasonal": {"monthly_factors": [1, 1, 1, 1, 1, 1, 0.8, 0.5, 1, 1, 1, 1]},
                 "kind": {"type": "numeric", "bands": [{"from": 0, "to": 1, "to_inclusive": True, "points": [0, 10]}]}},
                {"key": "trend", "kind": {"type": "categorical", "categories": [
                    {"value": "up", "points": 8}, {"value": "down", "points": 2}]}},
            ]}
        ],
        "tiers": [{"key": "good", "min": 50}, {"key": "bad", "min": 0}],
    }
)


@pytest.mark.parametrize("month", [None, 7, 8])
def test_month_applies_seasonal_baselines_like_as_of(month):
    cols = {"usage": [0.2, 0.45, 0.6, None, 0.33], "trend": ["up", None, "down", "up", None]}
    as_of = None if month is None else f"2026-{month:02d}-15"
    expected = []
    for i in range(5):
        s = SEASONAL.score({"inputs": {k: v[i] for k, v in cols.items()}, "as_of": as_of})
        expected.append((s.status, s.composite, s.tier, s.coverage))
    for data in (cols, pd.DataFrame(cols), pl.DataFrame(cols), pa.table(cols), accounts(cols)):
        assert_same(rows_of_model(SEASONAL, SEASONAL.score_batch(data, month=month)), expected)
        _, explanations = SEASONAL.score_batch(data, month=month, explain=True)
        assert [e.composite for e in explanations] == [e[1] for e in expected]


def rows_of_model(model: tenure.HealthModel, result: Any) -> List[Row]:
    if isinstance(result, pd.DataFrame):
        assert list(result["tier"].cat.categories) == model.tier_keys
        result = {c: result[c].astype(object).where(result[c].notna(), None) for c in result}
        result = {c: np.array(v.tolist(), dtype=object) for c, v in result.items()}
    if isinstance(result, dict):
        return [
            (s, _num(c), t, float(v))
            for s, c, t, v in zip(result["status"], result["composite"], result["tier"], result["coverage"])
        ]
    data = result.to_dict(as_series=False) if isinstance(result, pl.DataFrame) else result.to_pydict()
    return [(s, _num(c), t, float(v)) for s, c, t, v in zip(data["status"], data["composite"], data["tier"], data["coverage"])]


REQUIRED = tenure.HealthModel.from_dict(
    {
        "id": "required",
        "dimensions": [{"key": "d", "weight": 1, "signals": [
            {"key": "must", "missing": "fail",
             "kind": {"type": "numeric", "bands": [{"from": 0, "to": 10, "to_inclusive": True, "points": [0, 10]}]}},
            {"key": "opt", "kind": {"type": "numeric", "bands": [{"from": 0, "to": 10, "to_inclusive": True, "points": [0, 10]}]}},
        ]}],
        "tiers": [{"key": "good", "min": 50}, {"key": "bad", "min": 0}],
    }
)


@pytest.mark.parametrize("flavour", ["pandas", "polars", "pyarrow", "dict", "records"])
def test_failed_rows_carry_their_error(flavour):
    cols = {"must": [5.0, None, 20.0, 7.0], "opt": [5.0, 5.0, 5.0, None]}
    data = {
        "pandas": lambda: pd.DataFrame(cols),
        "polars": lambda: pl.DataFrame(cols),
        "pyarrow": lambda: pa.table(cols),
        "dict": lambda: cols,
        "records": lambda: accounts(cols),
    }[flavour]()
    out = REQUIRED.score_batch(data)
    if isinstance(out, pd.DataFrame):
        errors = out["error"].tolist()
        statuses = out["status"].astype(str).tolist()
    elif isinstance(out, pl.DataFrame):
        errors = out["error"].to_list()
        statuses = out["status"].cast(pl.String).to_list()
    elif isinstance(out, pa.Table):
        errors = out["error"].to_pylist()
        statuses = out["status"].to_pylist()
    else:
        errors = out["error"].tolist()
        statuses = out["status"].tolist()
    assert statuses == ["scored", "failed", "failed", "scored"]
    assert errors[0] is None and errors[3] is None
    for row in (1, 2):
        assert errors[row]["code"] == "input.missing_required"
        assert errors[row]["path"] == f"columns.must[{row}]"
        assert "must" in errors[row]["message"]


# --- batch-level errors --------------------------------------------------------------------


@pytest.mark.parametrize("flavour", ["pandas", "polars", "pyarrow", "dict"])
def test_unknown_column(flavour):
    cols = {"dau_mau_ratio": [0.5], "nope": [1.0]}
    data = {"pandas": pd.DataFrame, "polars": pl.DataFrame, "pyarrow": pa.table, "dict": dict}[flavour](cols)
    with pytest.raises(tenure.InputError) as info:
        MODEL.score_batch(data)
    assert (info.value.code, info.value.path, info.value.value) == ("input.unknown_signal", "columns.nope", "nope")


def test_unknown_input_in_records():
    with pytest.raises(tenure.InputError) as info:
        MODEL.score_batch([{"inputs": {"dau_mau_ratio": 0.5}}, {"inputs": {"nope": 1}}])
    assert (info.value.code, info.value.path) == ("input.unknown_signal", "[1].inputs.nope")


def test_malformed_record():
    with pytest.raises(tenure.InputError) as info:
        MODEL.score_batch([{"inputs": {}}, {"inputs": {}, "colour": "red"}])
    assert (info.value.code, info.value.path) == ("input.parse", "[1].colour")


def test_column_length_mismatch():
    with pytest.raises(tenure.InputError) as info:
        MODEL.score_batch({"dau_mau_ratio": [0.5, 0.6], "login_trend": ["up"]})
    assert (info.value.code, info.value.path, info.value.value) == ("input.column_length", "columns.login_trend", 1)


def test_duplicate_column_in_pandas():
    df = pd.DataFrame([[0.5, 0.6]], columns=["dau_mau_ratio", "dau_mau_ratio"])
    with pytest.raises(tenure.InputError) as info:
        MODEL.score_batch(df)
    assert (info.value.code, info.value.path) == ("input.duplicate_key", "columns.dau_mau_ratio")


@pytest.mark.parametrize("month", [0, 13, -1, 2**40])
def test_month_out_of_range(month):
    with pytest.raises(tenure.InputError) as info:
        MODEL.score_batch({"dau_mau_ratio": [0.5]}, month=month)
    assert (info.value.code, info.value.path) == ("input.out_of_range", "month")


def test_unsupported_column_types():
    with pytest.raises(tenure.InputError) as info:
        MODEL.score_batch(pd.DataFrame({"dau_mau_ratio": pd.to_datetime(["2026-01-01"])}))
    assert (info.value.code, info.value.path) == ("input.parse", "columns.dau_mau_ratio")
    with pytest.raises(tenure.InputError) as info:
        MODEL.score_batch(pa.table({"dau_mau_ratio": pa.array([[1.0]])}))
    assert (info.value.code, info.value.path) == ("input.parse", "columns.dau_mau_ratio")
    with pytest.raises(tenure.InputError) as info:
        MODEL.score_batch({"dau_mau_ratio": [0.5, {"x": 1}]})
    assert (info.value.code, info.value.path) == ("input.parse", "columns.dau_mau_ratio[1]")
    with pytest.raises(TypeError):
        MODEL.score_batch(42)


@pytest.mark.parametrize(
    "data",
    [pd.DataFrame(), pl.DataFrame(), pa.table({}), {}, [], pd.DataFrame({"dau_mau_ratio": []})],
    ids=["pandas", "polars", "pyarrow", "dict", "records", "pandas-zero-rows"],
)
def test_empty_batches(data):
    out = MODEL.score_batch(data)
    assert len(out["composite"]) == 0

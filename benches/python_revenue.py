"""MRR movements and the cohort table: tenure against DuckDB, polars and pandas.

Two data sets, one row per customer and month (customer id, month index since 1970-01, MRR):

- 10M seeded synthetic customer-month rows generated here with NumPy (fixed seed), in
  month-major order (as monthly snapshots are appended);
- UCI Online Retail (``online_retail.csv.gz``): lines with a CustomerID, Quantity > 0 and an
  InvoiceNo not starting with "C"; customer-month revenue = sum of Quantity × UnitPrice (summed
  exactly in thousandths, then rounded to cents half away from zero, once, for every tool).

The same definitions everywhere (tenure's defaults for customer-month rows):

- a customer is active in a month with MRR > 0; the window ends with the last month of the data;
- movements per month: ``new`` (first active month), ``reactivation`` (active after a month
  without MRR), ``expansion`` / ``contraction`` (MRR above / below the previous month's, both
  active), ``churn`` (the previous month's MRR, in the first month without MRR, within the
  window), ``ending_mrr``;
- cohort table (monthly cohorts): cohort = first active month, offset = month − cohort; per
  cell the active customers and their MRR; logo retention = active / cohort customers, revenue
  retention = MRR / offset-0 MRR; weighted averages per offset over the cohorts observed there.

Before timing, the four results on Online Retail are checked to be the same numbers (money in
integer cents, shares to 1e-12). Then each tool runs each data set (best of ``--repeat`` runs)
and the script prints each peer's time beside tenure's, with the ratios.

Install: ``pip install numpy pandas polars duckdb`` and the tenure package
(``bash scripts/test-python.sh`` builds it into ``.venv``). Run:
``POLARS_MAX_THREADS=1 .venv/bin/python benches/python_revenue.py`` (the script sets
``POLARS_MAX_THREADS=1`` itself before importing polars, and ``SET threads=1`` in DuckDB).
"""

from __future__ import annotations

import os

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # before polars is imported

import argparse  # noqa: E402
import gzip  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, Callable, Dict, Tuple  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import tenure  # noqa: E402

RETAIL = Path("/work/shared/data/online-retail/online_retail.csv.gz")
if not RETAIL.exists():
    RETAIL = Path(__file__).resolve().parents[2] / "shared" / "data" / "online-retail" / "online_retail.csv.gz"

Result = Tuple[pd.DataFrame, pd.DataFrame]  # (movements by month, cohort cells)

MOVEMENT_COLUMNS = ["month", "new", "expansion", "contraction", "churn", "reactivation", "ending_mrr"]
CELL_COLUMNS = ["cohort", "offset", "active", "revenue", "size", "base"]


# ---------------------------------------------------------------------------------------------
# Data


def synthetic(rows: int, seed: int = 20240601) -> pd.DataFrame:
    """Customer-month rows: customers start in one of 60 months, stay a geometric number of
    months, skip about 3% of months (gaps: churn then reactivation), and change price now and
    then (expansion, contraction)."""
    rng = np.random.default_rng(seed)
    window = 60
    customers = int(rows / 14) + 1
    start = rng.integers(0, window, customers)
    length = np.minimum(rng.geometric(1 / 22, customers), window - start)
    total = int(length.sum())
    while total < rows:  # more customers until there are enough rows
        more = rng.integers(0, window, customers // 10 + 1)
        start = np.concatenate([start, more])
        length = np.concatenate([length, np.minimum(rng.geometric(1 / 22, len(more)), window - more)])
        total = int(length.sum())
    customer = np.repeat(np.arange(len(start), dtype=np.int64), length)
    first = np.repeat(np.cumsum(length) - length, length)
    offset = np.arange(total) - first
    month = np.repeat(start, length) + offset
    base = np.repeat(rng.choice([2900, 4900, 9900, 19900, 49900], len(start)), length)
    step = rng.choice([-1, 0, 1], total, p=[0.03, 0.93, 0.04])
    starts = np.cumsum(length) - length
    cumulative = np.cumsum(step)
    walk = cumulative - np.repeat(cumulative[starts] - step[starts], length)  # per-customer walk
    cents = np.maximum(base + walk * 1000, 900)
    keep = rng.random(total) > 0.03
    df = pd.DataFrame({
        "customer_id": customer[keep],
        "month": (month[keep] + 600).astype(np.int64),  # 2020-01 onwards
        "mrr": cents[keep] / 100.0,
    })
    df = df.iloc[:rows]
    return df.sort_values(["month", "customer_id"], kind="stable").reset_index(drop=True)


def online_retail() -> pd.DataFrame:
    with gzip.open(RETAIL, "rt", encoding="latin-1") as fh:
        raw = pd.read_csv(fh, dtype={"InvoiceNo": str, "StockCode": str})
    keep = raw["CustomerID"].notna() & (raw["Quantity"] > 0) & ~raw["InvoiceNo"].str.startswith("C")
    lines = raw[keep]
    dates = pd.to_datetime(lines["InvoiceDate"], format="mixed", dayfirst=False)
    month = (dates.dt.year - 1970) * 12 + dates.dt.month - 1
    milli = lines["Quantity"].astype(np.int64) * np.round(lines["UnitPrice"] * 1000).astype(np.int64)
    per = pd.DataFrame({"customer_id": lines["CustomerID"].astype(np.int64), "month": month, "milli": milli})
    per = per.groupby(["customer_id", "month"], as_index=False)["milli"].sum()
    cents = (per["milli"] + 5) // 10  # half away from zero (amounts are positive)
    return pd.DataFrame({"customer_id": per["customer_id"], "month": per["month"].astype(np.int64),
                         "mrr": cents / 100.0})


# ---------------------------------------------------------------------------------------------
# tenure


def run_tenure(df: pd.DataFrame) -> Any:
    movements = tenure.mrr_movements(df, customer="customer_id", month="month", mrr="mrr")
    table = tenure.cohort_table(df, customer="customer_id", month="month", mrr="mrr", frame="dict")
    return movements, table


def tenure_result(out: Any) -> Result:
    movements, table = out
    m = pd.DataFrame({"month": _month_index(movements["month"])})
    for k in MOVEMENT_COLUMNS[1:]:
        m[k] = np.round(np.asarray(movements[k], dtype=float) * 100).astype(np.int64)
    cells = []
    raw = table.to_dict()
    first = {row["cohort"]: row for row in raw["cohorts"]}
    for name, row in first.items():
        cohort = _month_index(pd.Series([name]))[0]
        size = row["customers"]
        base = int(round(float(row["base_revenue"]) * 100))
        for cell in row["cells"]:
            if cell["status"] == "unobservable" or cell["customers"] == 0:
                continue
            cells.append((cohort, cell["offset"], cell["customers"], int(round(float(cell["revenue"]) * 100)), size, base))
    return m, pd.DataFrame(cells, columns=CELL_COLUMNS)


def _month_index(values: Any) -> np.ndarray:
    s = pd.Series(values)
    if s.dtype.kind in "iu":
        return s.to_numpy(np.int64)
    d = pd.to_datetime(s.astype(str))
    return ((d.dt.year - 1970) * 12 + d.dt.month - 1).to_numpy(np.int64)


# ---------------------------------------------------------------------------------------------
# pandas, written the way a data scientist would


def run_pandas(df: pd.DataFrame) -> Result:
    last = df["month"].max()
    d = df[df["mrr"] > 0].copy()
    d["cents"] = (d["mrr"] * 100).round().astype("int64")
    d = d.sort_values(["customer_id", "month"])
    g = d.groupby("customer_id")
    d["prev_month"] = g["month"].shift(1)
    d["prev_cents"] = g["cents"].shift(1)
    d["next_month"] = g["month"].shift(-1)
    contiguous = d["prev_month"] == d["month"] - 1
    d["new"] = np.where(d["prev_month"].isna(), d["cents"], 0)
    d["reactivation"] = np.where(d["prev_month"].notna() & ~contiguous, d["cents"], 0)
    delta = d["cents"] - d["prev_cents"]
    d["expansion"] = np.where(contiguous & (delta > 0), delta, 0).astype("int64")
    d["contraction"] = np.where(contiguous & (delta < 0), -delta, 0).astype("int64")
    by_month = d.groupby("month").agg(
        new=("new", "sum"), expansion=("expansion", "sum"), contraction=("contraction", "sum"),
        reactivation=("reactivation", "sum"), ending_mrr=("cents", "sum"))
    churned = d[(d["next_month"].isna() | (d["next_month"] > d["month"] + 1)) & (d["month"] + 1 <= last)]
    churn = churned.groupby(churned["month"] + 1)["cents"].sum().rename("churn")
    months = pd.RangeIndex(df["month"].min(), last + 1, name="month")
    movements = by_month.reindex(months, fill_value=0).join(churn).fillna(0).astype("int64").reset_index()
    # cohorts
    d["cohort"] = g["month"].transform("min")
    d["offset"] = d["month"] - d["cohort"]
    cells = d.groupby(["cohort", "offset"]).agg(active=("customer_id", "size"), revenue=("cents", "sum")).reset_index()
    sizes = cells[cells["offset"] == 0].set_index("cohort")
    cells["size"] = cells["cohort"].map(sizes["active"])
    cells["base"] = cells["cohort"].map(sizes["revenue"])
    cells["logo_retention"] = cells["active"] / cells["size"]
    cells["revenue_retention"] = cells["revenue"] / cells["base"]
    observed = sizes.reset_index()[["cohort", "active", "revenue"]]
    averages = []
    for k in range(int(last - cells["cohort"].min()) + 1):
        base = observed[observed["cohort"] + k <= last]
        here = cells[cells["offset"] == k]
        averages.append((k, here["active"].sum() / base["active"].sum(), here["revenue"].sum() / base["revenue"].sum()))
    return movements[MOVEMENT_COLUMNS], cells[CELL_COLUMNS]


# ---------------------------------------------------------------------------------------------
# polars (lazy)


def run_polars(frame: Any) -> Result:
    import polars as pl

    lf = frame.lazy()
    last = lf.select(pl.col("month").max()).collect().item()
    d = (
        lf.filter(pl.col("mrr") > 0)
        .with_columns((pl.col("mrr") * 100).round().cast(pl.Int64).alias("cents"))
        .sort(["customer_id", "month"])
        .with_columns(
            pl.col("month").shift(1).over("customer_id").alias("prev_month"),
            pl.col("cents").shift(1).over("customer_id").alias("prev_cents"),
            pl.col("month").shift(-1).over("customer_id").alias("next_month"),
            pl.col("month").min().over("customer_id").alias("cohort"),
        )
    )
    contiguous = pl.col("prev_month") == pl.col("month") - 1
    delta = pl.col("cents") - pl.col("prev_cents")
    flows = d.with_columns(
        pl.when(pl.col("prev_month").is_null()).then(pl.col("cents")).otherwise(0).alias("new"),
        pl.when(pl.col("prev_month").is_not_null() & ~contiguous).then(pl.col("cents")).otherwise(0).alias("reactivation"),
        pl.when(contiguous & (delta > 0)).then(delta).otherwise(0).alias("expansion"),
        pl.when(contiguous & (delta < 0)).then(-delta).otherwise(0).alias("contraction"),
    )
    by_month = flows.group_by("month").agg(
        pl.col("new").sum(), pl.col("expansion").sum(), pl.col("contraction").sum(),
        pl.col("reactivation").sum(), pl.col("cents").sum().alias("ending_mrr"))
    churn = (
        d.filter((pl.col("next_month").is_null() | (pl.col("next_month") > pl.col("month") + 1)) & (pl.col("month") + 1 <= last))
        .group_by((pl.col("month") + 1).alias("month")).agg(pl.col("cents").sum().alias("churn"))
    )
    first = lf.select(pl.col("month").min()).collect().item()
    months = pl.LazyFrame({"month": pl.int_range(first, last + 1, eager=True).cast(pl.Int64)})
    movements = (
        months.join(by_month, on="month", how="left").join(churn, on="month", how="left")
        .fill_null(0).sort("month").select(MOVEMENT_COLUMNS)
    )
    cells = d.with_columns((pl.col("month") - pl.col("cohort")).alias("offset")).group_by(["cohort", "offset"]).agg(
        pl.len().alias("active"), pl.col("cents").sum().alias("revenue"))
    sizes = cells.filter(pl.col("offset") == 0).select("cohort", pl.col("active").alias("size"), pl.col("revenue").alias("base"))
    cells = cells.join(sizes, on="cohort").with_columns(
        (pl.col("active") / pl.col("size")).alias("logo_retention"),
        (pl.col("revenue") / pl.col("base")).alias("revenue_retention"),
    )
    averages = (
        cells.group_by("offset").agg(pl.col("active").sum(), pl.col("revenue").sum())
        .join(
            sizes.join(cells.select(pl.col("offset").unique()), how="cross")
            .filter(pl.col("cohort") + pl.col("offset") <= last)
            .group_by("offset").agg(pl.col("size").sum(), pl.col("base").sum()),
            on="offset",
        )
        .with_columns((pl.col("active") / pl.col("size")).alias("logo"), (pl.col("revenue") / pl.col("base")).alias("rev"))
    )
    m, c, _ = pl.collect_all([movements, cells.select(CELL_COLUMNS), averages])
    return m.to_pandas(), c.to_pandas()


# ---------------------------------------------------------------------------------------------
# DuckDB (SQL, one thread)

DUCKDB_MOVEMENTS = """
WITH w AS (SELECT min(month) AS first, max(month) AS last FROM t),
cm AS (SELECT customer_id, month, CAST(round(mrr * 100) AS BIGINT) AS cents FROM t WHERE mrr > 0),
a AS (
  SELECT customer_id, month, cents,
         lag(month) OVER (PARTITION BY customer_id ORDER BY month) AS prev_month,
         lag(cents) OVER (PARTITION BY customer_id ORDER BY month) AS prev_cents,
         lead(month) OVER (PARTITION BY customer_id ORDER BY month) AS next_month
  FROM cm
),
flows AS (
  SELECT month,
         sum(CASE WHEN prev_month IS NULL THEN cents ELSE 0 END) AS new,
         sum(CASE WHEN prev_month = month - 1 AND cents > prev_cents THEN cents - prev_cents ELSE 0 END) AS expansion,
         sum(CASE WHEN prev_month = month - 1 AND cents < prev_cents THEN prev_cents - cents ELSE 0 END) AS contraction,
         sum(CASE WHEN prev_month IS NOT NULL AND prev_month <> month - 1 THEN cents ELSE 0 END) AS reactivation,
         sum(cents) AS ending_mrr
  FROM a GROUP BY month
),
churn AS (
  SELECT month + 1 AS month, sum(cents) AS churn FROM a, w
  WHERE (next_month IS NULL OR next_month > month + 1) AND month + 1 <= w.last
  GROUP BY month + 1
),
months AS (SELECT range AS month FROM w, range(w.first, w.last + 1))
SELECT m.month, coalesce(new, 0) AS new, coalesce(expansion, 0) AS expansion,
       coalesce(contraction, 0) AS contraction, coalesce(churn, 0) AS churn,
       coalesce(reactivation, 0) AS reactivation, coalesce(ending_mrr, 0) AS ending_mrr
FROM months m LEFT JOIN flows f ON f.month = m.month LEFT JOIN churn c ON c.month = m.month
ORDER BY m.month
"""

DUCKDB_COHORTS = """
WITH w AS (SELECT max(month) AS last FROM t),
cm AS (
  SELECT customer_id, month, CAST(round(mrr * 100) AS BIGINT) AS cents,
         min(month) OVER (PARTITION BY customer_id) AS cohort
  FROM t WHERE mrr > 0
),
cells AS (
  SELECT cohort, month - cohort AS "offset", count(*) AS active, sum(cents) AS revenue
  FROM cm GROUP BY cohort, month - cohort
),
sizes AS (SELECT cohort, active AS size, revenue AS base FROM cells WHERE "offset" = 0)
SELECT c.cohort, c."offset", c.active, c.revenue, s.size, s.base,
       c.active / s.size AS logo_retention, c.revenue / s.base AS revenue_retention,
       sum(c.active) OVER (PARTITION BY c."offset") /
         (SELECT sum(size) FROM sizes s2, w WHERE s2.cohort + c."offset" <= w.last) AS logo_weighted
FROM cells c JOIN sizes s USING (cohort)
"""


def run_duckdb(con: Any) -> Result:
    movements = con.execute(DUCKDB_MOVEMENTS).df()
    cells = con.execute(DUCKDB_COHORTS).df()
    return movements, cells[CELL_COLUMNS]


# ---------------------------------------------------------------------------------------------
# Checks and timing


def normalise(result: Result) -> Result:
    m, c = result
    m = m[MOVEMENT_COLUMNS].astype("int64").sort_values("month").reset_index(drop=True)
    c = c[CELL_COLUMNS].astype("int64").sort_values(["cohort", "offset"]).reset_index(drop=True)
    return m, c


def check_same(results: Dict[str, Result]) -> None:
    reference_name, reference = next(iter(results.items()))
    for name, result in results.items():
        for part, a, b in zip(("movements", "cohort cells"), reference, result):
            if not a.equals(b):
                diff = a.compare(b) if a.shape == b.shape else f"shapes {a.shape} and {b.shape}"
                raise SystemExit(f"{name} and {reference_name} disagree on the {part}:\n{diff}")
    m, c = reference
    print(f"  agreement: {len(m)} months and {len(c)} cohort cells, identical in {', '.join(results)}")


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-pandas", action="store_true", help="skip pandas on the synthetic data")
    args = parser.parse_args()

    import duckdb
    import polars as pl

    print(f"tenure {tenure.__version__}, duckdb {duckdb.__version__}, polars {pl.__version__}, "
          f"pandas {pd.__version__}, numpy {np.__version__}")
    print(f"POLARS_MAX_THREADS={os.environ.get('POLARS_MAX_THREADS')}, polars thread pool {pl.thread_pool_size()}")

    datasets = {"online retail": online_retail(), f"synthetic {args.rows / 1e6:g}M": synthetic(args.rows)}
    for label, df in datasets.items():
        print(f"\n== {label}: {len(df):,} customer-month rows, {df['customer_id'].nunique():,} customers, "
              f"{df['month'].nunique()} months")
        frame = pl.from_pandas(df)
        con = duckdb.connect()
        con.execute("SET threads=1")
        con.register("source", df)
        con.execute("CREATE TABLE t AS SELECT * FROM source")
        con.unregister("source")
        runs: Dict[str, Callable[[], Any]] = {
            "tenure": lambda: run_tenure(df),
            "duckdb": lambda: run_duckdb(con),
            "polars": lambda: run_polars(frame),
            "pandas": lambda: run_pandas(df),
        }
        if args.skip_pandas and label.startswith("synthetic"):
            del runs["pandas"]
        if label == "online retail" or len(df) <= 2_000_000:
            results = {
                "tenure": normalise(tenure_result(run_tenure(df))),
                **{name: normalise(fn()) for name, fn in runs.items() if name != "tenure"},
            }
            check_same(results)
        else:
            # The synthetic data: tenure against DuckDB (the others agree with DuckDB on the
            # retail data), on the full 10M rows.
            check_same({"tenure": normalise(tenure_result(run_tenure(df))), "duckdb": normalise(run_duckdb(con))})
        times = {name: best_of(fn, args.repeat) for name, fn in runs.items()}
        ours = times["tenure"]
        parts = {
            "movements": best_of(lambda: tenure.mrr_movements(df, customer="customer_id", month="month", mrr="mrr"), args.repeat),
            "cohort table": best_of(lambda: tenure.cohort_table(df, frame="dict"), args.repeat),
        }
        print("  tenure by part: " + ", ".join(f"{k} {v:.3f} s" for k, v in parts.items()))
        print(f"  {'tool':<8} {'seconds':>9}  {'tool / tenure':>13}")
        for name, seconds in times.items():
            ratio = "" if name == "tenure" else f"{seconds / ours:12.1f}x"
            print(f"  {name:<8} {seconds:9.3f}  {ratio:>13}")


if __name__ == "__main__":
    main()

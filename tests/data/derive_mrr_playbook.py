"""Derives the dbt mrr-playbook's change categories from its seed data with pandas.

An independent re-statement of the playbook's SQL models (not tenure): a month spine from
2018-01-01; `customer_months` spans each customer's first start month to its last end month
(exclusive); `customer_revenue_by_month` joins the periods with `date_month >= start_date and
date_month < end_date`; one churn row is added the month after each customer's last active
month; `change_category` is new / churn / reactivation / upgrade / downgrade, in that order of
precedence, from the lag of `is_active` and `mrr`.

    python tests/data/derive_mrr_playbook.py SUBSCRIPTION_PERIODS_CSV > tests/data/mrr_playbook_expected.csv
"""

from __future__ import annotations

import sys

import pandas as pd

SPINE_START = pd.Timestamp("2018-01-01")


def derive(periods_csv: str) -> pd.DataFrame:
    subs = pd.read_csv(periods_csv, parse_dates=["start_date", "end_date"])
    last_end = subs["end_date"].max()
    spine = pd.DataFrame({"date_month": pd.date_range(SPINE_START, last_end, freq="MS")})

    customers = subs.groupby("customer_id").agg(
        date_month_start=("start_date", "min"), date_month_end=("end_date", "max")
    )
    customers["date_month_start"] = customers["date_month_start"].dt.to_period("M").dt.to_timestamp()
    customers["date_month_end"] = customers["date_month_end"].dt.to_period("M").dt.to_timestamp()
    customer_months = customers.reset_index().merge(spine, how="cross")
    customer_months = customer_months[
        (customer_months["date_month"] >= customer_months["date_month_start"])
        & (customer_months["date_month"] < customer_months["date_month_end"])
    ][["customer_id", "date_month"]]

    joined = customer_months.merge(subs, on="customer_id", how="left")
    covered = (joined["date_month"] >= joined["start_date"]) & (
        (joined["date_month"] < joined["end_date"]) | joined["end_date"].isna()
    )
    joined["mrr"] = joined["monthly_amount"].where(covered, 0)
    # A left join keeps customer-months no period covers (mrr 0): one row per customer-month.
    joined = joined.sort_values("mrr", ascending=False).drop_duplicates(["customer_id", "date_month"])
    mrr = joined[["customer_id", "date_month", "mrr"]].copy()
    mrr["is_active"] = mrr["mrr"] > 0
    active = mrr[mrr["is_active"]].groupby("customer_id")["date_month"]
    mrr = mrr.merge(active.min().rename("first_active_month"), on="customer_id", how="left")
    mrr = mrr.merge(active.max().rename("last_active_month"), on="customer_id", how="left")
    mrr["is_first_month"] = mrr["first_active_month"] == mrr["date_month"]
    mrr["is_last_month"] = mrr["last_active_month"] == mrr["date_month"]

    churned = mrr[mrr["is_last_month"]].copy()
    churned["date_month"] = churned["date_month"] + pd.DateOffset(months=1)
    churned["mrr"] = 0
    churned["is_active"] = False
    churned["is_first_month"] = False
    churned["is_last_month"] = False
    unioned = pd.concat([mrr, churned], ignore_index=True)
    unioned = unioned.sort_values(["customer_id", "date_month"]).reset_index(drop=True)
    assert not unioned.duplicated(["customer_id", "date_month"]).any()

    by_customer = unioned.groupby("customer_id")
    unioned["previous_month_is_active"] = by_customer["is_active"].shift(1).fillna(False).astype(bool)
    unioned["previous_month_mrr"] = by_customer["mrr"].shift(1).fillna(0)
    unioned["mrr_change"] = unioned["mrr"] - unioned["previous_month_mrr"]

    def category(row: pd.Series) -> str:
        if row["is_first_month"]:
            return "new"
        if not row["is_active"] and row["previous_month_is_active"]:
            return "churn"
        if row["is_active"] and not row["previous_month_is_active"]:
            return "reactivation"
        if row["mrr_change"] > 0:
            return "upgrade"
        if row["mrr_change"] < 0:
            return "downgrade"
        return ""

    unioned["change_category"] = unioned.apply(category, axis=1)
    out = unioned[["customer_id", "date_month", "mrr", "change_category"]].copy()
    out["date_month"] = out["date_month"].dt.strftime("%Y-%m-%d")
    out["mrr"] = out["mrr"].astype(int)
    return out


if __name__ == "__main__":
    derive(sys.argv[1]).to_csv(sys.stdout, index=False, lineterminator="\n")

//! The dedicated terminal view of the portfolio review: the seed's weekly dashboard (portfolio,
//! health distribution by count and ARR, retention, expansion, engagement, onboarding, renewals
//! in 30/60/90 days) and then the monthly review answers.
//!
//! It reads the review's JSON defensively: when a field it needs is missing, it gives up and the
//! caller prints the generic view instead.

use crate::node::Node;
use crate::render::{render, title_of, RenderOptions};
use std::fmt::Write;

/// Width of a full bar (100%).
const BAR: usize = 24;

fn pct(x: Option<f64>) -> String {
    match x {
        Some(v) => format!("{:.1}%", v * 100.0),
        None => "-".into(),
    }
}

fn bar(share: Option<f64>) -> String {
    let s = share.unwrap_or(0.0).clamp(0.0, 1.0);
    let cells = (s * BAR as f64).round() as usize;
    format!("{}{}", "█".repeat(cells), "·".repeat(BAR - cells.min(BAR)))
}

fn text(node: &Node, path: &[&str]) -> Option<String> {
    node.at(path).map(Node::scalar_text)
}

fn number(node: &Node, path: &[&str]) -> Option<f64> {
    node.at(path).and_then(Node::as_f64)
}

/// `value (target > 90%)`.
fn target(value: String, goal: &str) -> String {
    format!("{value:<10} target {goal}")
}

struct Out {
    text: String,
}

impl Out {
    fn heading(&mut self, title: &str) {
        let _ = writeln!(self.text, "\n{title}");
        let _ = writeln!(self.text, "{}", "─".repeat(title.chars().count()));
    }
    fn rows(&mut self, rows: &[(&str, String)]) {
        let w = rows
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        for (k, v) in rows {
            let pad = " ".repeat(w - k.chars().count());
            let _ = writeln!(self.text, "  {k}{pad}  {v}");
        }
    }
    fn line(&mut self, line: &str) {
        let _ = writeln!(self.text, "{line}");
    }
    fn table(&mut self, items: Vec<Node>, options: RenderOptions) {
        for line in render(&Node::Array(items), options).lines() {
            let _ = writeln!(self.text, "  {line}");
        }
    }
}

/// Picks fields of each object (in the given order), renaming none.
fn pick(items: &[Node], fields: &[&str]) -> Vec<Node> {
    items
        .iter()
        .map(|item| {
            Node::Object(
                fields
                    .iter()
                    .filter_map(|f| item.get(f).map(|v| ((*f).to_string(), v.clone())))
                    .collect(),
            )
        })
        .collect()
}

/// The review as a dashboard, or `None` when a field the view needs is missing.
pub fn render_review(review: &Node, options: RenderOptions) -> Option<String> {
    let d = review.get("dashboard")?;
    let m = review.get("monthly")?;
    let mut out = Out {
        text: String::new(),
    };
    let week = text(d, &["week"])?;
    let as_of = text(review, &["as_of"])?;
    out.line(&format!("Portfolio review — week {week} (as of {as_of})"));
    let currency = review
        .get("currency")
        .and_then(Node::as_str)
        .map(|c| format!(" {c}"))
        .unwrap_or_default();

    // Portfolio.
    let p = d.get("portfolio")?;
    out.heading("Portfolio");
    let segments = p
        .get("by_segment")?
        .as_object()?
        .iter()
        .map(|(k, v)| {
            format!(
                "{k} {} ({}{currency})",
                text(v, &["count"]).unwrap_or_default(),
                text(v, &["arr"]).unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join(" · ");
    out.rows(&[
        (
            "Accounts",
            format!(
                "{} active, {} churned",
                text(p, &["total_accounts"])?,
                text(p, &["churned_accounts"])?
            ),
        ),
        ("ARR", format!("{}{currency}", text(p, &["total_arr"])?)),
        ("By segment", segments),
    ]);

    // Health distribution.
    let h = d.get("health_distribution")?;
    out.heading("Health distribution");
    out.line(&format!(
        "  {:<9}{:<8}{:>6} {:>6}  {:<BAR$}  {:>12} {:>6}",
        "tier", "colour", "count", "share", "", "ARR", "share"
    ));
    for t in h.get("tiers")?.as_array()? {
        let label = text(t, &["label"]).unwrap_or_else(|| text(t, &["tier"]).unwrap_or_default());
        let colour = text(t, &["colour"]).unwrap_or_default();
        let count_share = number(t, &["count_share"]);
        let arr_share = number(t, &["arr_share"]);
        out.line(&format!(
            "  {:<9}{:<8}{:>6} {:>6}  {}  {:>12} {:>6}  {}",
            label,
            colour,
            text(t, &["count"]).or_else(|| text(t, &["total", "count"]))?,
            pct(count_share),
            bar(count_share),
            text(t, &["arr"]).or_else(|| text(t, &["total", "arr"]))?,
            pct(arr_share),
            bar(arr_share),
        ));
    }
    if let Some(n) = number(h, &["insufficient_data", "count"]) {
        if n > 0.0 {
            out.line(&format!(
                "  {n} accounts with too little data to score (ARR {})",
                text(h, &["insufficient_data", "arr"]).unwrap_or_default()
            ));
        }
    }

    // Retention.
    let r = d.get("retention")?;
    out.heading(&format!(
        "Retention ({} – {})",
        text(r, &["from"]).unwrap_or_default(),
        text(r, &["through"]).unwrap_or_default()
    ));
    out.rows(&[
        (
            "Gross revenue retention",
            target(pct(number(r, &["gross_retention_rate"])), "> 90%"),
        ),
        (
            "Net revenue retention",
            target(pct(number(r, &["net_retention_rate"])), "> 110%"),
        ),
        (
            "Logo retention",
            target(pct(number(r, &["logo_retention_rate"])), "> 85%"),
        ),
        (
            "ARR churned (month to date)",
            text(r, &["arr_churned_mtd"])?,
        ),
        (
            "ARR contracted (month to date)",
            text(r, &["arr_contracted_mtd"])?,
        ),
    ]);

    // Expansion.
    let e = d.get("expansion")?;
    out.heading("Expansion");
    out.rows(&[
        (
            "ARR expanded (month to date)",
            text(e, &["arr_expanded_mtd"])?,
        ),
        ("Expansion pipeline", text(e, &["expansion_pipeline"])?),
        ("Upsell conversations", text(e, &["upsell_conversations"])?),
        (
            "Expansion rate",
            target(pct(number(e, &["expansion_rate"])), "> 15% a year"),
        ),
        (
            "Accounts with expansion signals",
            text(e, &["accounts_with_signals"]).unwrap_or_else(|| "-".into()),
        ),
    ]);

    // Engagement.
    let g = d.get("engagement")?;
    out.heading("Engagement");
    let levels = g
        .get("engagement_levels")
        .and_then(Node::as_object)
        .map(|fields| {
            fields
                .iter()
                .map(|(k, v)| format!("{} {}", k.replace('_', " "), v.scalar_text()))
                .collect::<Vec<_>>()
                .join(" · ")
        })
        .unwrap_or_else(|| "-".into());
    out.rows(&[
        (
            "Average health score",
            target(
                format!(
                    "{} ({}, 30 days ago {})",
                    text(g, &["avg_health_score"])?,
                    text(g, &["health_score_trend"]).unwrap_or_default(),
                    text(g, &["avg_health_score_month_ago"]).unwrap_or_default()
                ),
                "> 70",
            ),
        ),
        ("QBRs completed", text(g, &["qbrs_completed"])?),
        (
            "NPS",
            target(
                format!(
                    "{} ({} responses)",
                    text(g, &["nps_score"])?,
                    text(g, &["nps_responses"]).unwrap_or_default()
                ),
                "> 50",
            ),
        ),
        (
            "CSAT",
            target(
                format!(
                    "{} ({} responses)",
                    text(g, &["csat_score"])?,
                    text(g, &["csat_responses"]).unwrap_or_default()
                ),
                "> 4.5 of 5",
            ),
        ),
        ("Engagement levels", levels),
    ]);

    // Onboarding.
    let o = d.get("onboarding")?;
    out.heading("Onboarding");
    let by_segment = o
        .get("avg_ttfv_days_by_segment")
        .map(Node::scalar_text)
        .unwrap_or_else(|| "-".into());
    out.rows(&[
        (
            "Active onboardings",
            format!(
                "{} ({} at risk)",
                text(o, &["active_onboardings"])?,
                text(o, &["at_risk_onboardings"]).unwrap_or_default()
            ),
        ),
        (
            "Avg. time to first value",
            format!(
                "{} days (by segment: {by_segment}); target < 14 mid-market, < 30 enterprise",
                text(o, &["avg_ttfv_days"])?
            ),
        ),
        (
            "Onboarding completion",
            target(pct(number(o, &["onboarding_completion_rate"])), "> 90%"),
        ),
    ]);

    // Renewals.
    let w = d.get("renewals")?;
    out.heading("Renewals");
    let window = |key: &str| -> Option<String> {
        Some(format!(
            "{:>5} accounts  {:>12}{currency}",
            text(w, &[key, "count"])?,
            text(w, &[key, "arr"])?
        ))
    };
    out.rows(&[
        ("Next 30 days", window("upcoming_30d")?),
        ("Next 60 days", window("upcoming_60d")?),
        ("Next 90 days", window("upcoming_90d")?),
        (
            "Of the next 90 days",
            format!(
                "{} signed, {} on track, {} at risk (ARR {})",
                text(w, &["signed"]).unwrap_or_default(),
                text(w, &["on_track"])?,
                text(w, &["at_risk"])?,
                text(w, &["at_risk_arr"]).unwrap_or_default()
            ),
        ),
    ]);

    // Monthly review.
    out.heading("Monthly review");
    let movers = [
        "account",
        "name",
        "csm",
        "arr",
        "from_tier",
        "to_tier",
        "from_score",
        "to_score",
        "why",
    ];
    let down = m.get("moved_down")?.as_array()?;
    out.line(&format!(
        "\nWhich accounts moved down a tier? Why? ({})",
        down.len()
    ));
    if down.is_empty() {
        out.line("  none");
    } else {
        out.table(pick(down, &movers), options);
    }
    let up = m.get("moved_up")?.as_array()?;
    out.line(&format!(
        "\nWhich accounts moved up a tier? What worked? ({})",
        up.len()
    ));
    if up.is_empty() {
        out.line("  none");
    } else {
        out.table(pick(up, &movers), options);
    }

    let c = m.get("churn_reason")?;
    out.line(&format!(
        "\nWhat is the #1 churn reason this month ({})?",
        text(c, &["month"])?
    ));
    match c.get("top_category").and_then(Node::as_str) {
        Some(key) => out.line(&format!(
            "  {} — {} of {} churns, ARR {}; trend {} (previous months: {})",
            text(c, &["top_category_label"]).unwrap_or_else(|| key.to_string()),
            text(c, &["count"])?,
            text(c, &["churns"])?,
            text(c, &["arr"])?,
            text(c, &["trend"]).unwrap_or_else(|| "-".into()),
            text(c, &["previous_months"]).unwrap_or_else(|| "-".into()),
        )),
        None => out.line("  no churn this month"),
    }

    let t = m.get("multi_threading")?;
    let threaded = t.get("accounts")?.as_array()?;
    out.line(&format!(
        "\nAre we multi-threaded in our top {} accounts? {} of {} are",
        threaded.len(),
        text(t, &["multi_threaded"])?,
        threaded.len()
    ));
    let single: Vec<Node> = threaded
        .iter()
        .filter(|a| !matches!(a.get("multi_threaded"), Some(Node::Bool(true))))
        .cloned()
        .collect();
    if !single.is_empty() {
        out.table(single, options);
    }

    let q = m.get("next_quarter_pipeline")?;
    out.line(&format!(
        "\nWhat expansion pipeline exists for next quarter? {} opportunities, ARR {}{currency}",
        text(q, &["count"])?,
        text(q, &["arr"])?
    ));

    let by_csm = m.get("at_risk_by_csm")?.as_array()?;
    out.line("\nWhich CSMs are carrying at-risk concentration?");
    let rows: Vec<Node> = by_csm
        .iter()
        .map(|row| {
            let mut fields: Vec<(String, Node)> = Vec::new();
            for key in ["csm", "accounts", "arr", "at_risk_accounts", "at_risk_arr"] {
                if let Some(v) = row.get(key) {
                    fields.push((key.to_string(), v.clone()));
                }
            }
            let share = number(row, &["at_risk_share"]);
            fields.push(("at_risk_share".into(), Node::Text(pct(share))));
            fields.push(("".into(), Node::Text(bar(share))));
            fields.push((
                "share_of_portfolio_risk".into(),
                Node::Text(pct(number(row, &["share_of_portfolio_risk"]))),
            ));
            Node::Object(fields)
        })
        .collect();
    out.table(rows, options);

    // Other questions of the monthly review (fields added later), generically.
    let known = [
        "moved_down",
        "moved_up",
        "churn_reason",
        "multi_threading",
        "next_quarter_pipeline",
        "at_risk_by_csm",
    ];
    for (key, value) in m.as_object()? {
        if !known.contains(&key.as_str()) {
            out.line(&format!("\n{}", title_of(key)));
            let rendered = render(&Node::Object(vec![(key.clone(), value.clone())]), options);
            for line in rendered.lines() {
                out.line(&format!("  {line}"));
            }
        }
    }

    if let Some(list) = review.get("at_risk_accounts").and_then(Node::as_array) {
        out.heading(&format!("At-risk accounts to act on ({})", list.len()));
        if list.is_empty() {
            out.line("  none");
        } else {
            out.table(
                pick(
                    list,
                    &[
                        "account",
                        "name",
                        "csm",
                        "arr",
                        "score",
                        "tier",
                        "level",
                        "next_play",
                        "reasons",
                    ],
                ),
                options,
            );
        }
    }
    Some(out.text)
}

//! `repr()` and the notebook renderings (`_repr_html_`) of the package, in one place: a health
//! score with its explanation, and a cohort table's heatmap. Presentation only: every number
//! comes from the core (a `HealthScore`, a cohort table in its serde form).

use serde::Deserialize;
use std::fmt::Write;
use tenure::{HealthModel, HealthScore, PointsSource, ScoreStatus};

/// A Python-style string literal.
fn py_str(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// A float as Python prints it (`1.0`, not `1`).
fn py_float(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e16 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

fn status_str(status: ScoreStatus) -> &'static str {
    match status {
        ScoreStatus::Scored => "scored",
        ScoreStatus::InsufficientData => "insufficient_data",
        ScoreStatus::Failed => "failed",
        _ => "unknown",
    }
}

/// `HealthScore(account='acme', status='scored', composite=50.4, tier='at_risk', ...)`.
pub fn repr(score: &HealthScore) -> String {
    let mut parts = Vec::new();
    if let Some(account) = &score.account {
        parts.push(format!("account={}", py_str(account)));
    }
    parts.push(format!("model={}", py_str(&score.model)));
    parts.push(format!("status={}", py_str(status_str(score.status))));
    parts.push(format!(
        "composite={}",
        score.composite.map_or("None".to_string(), py_float)
    ));
    parts.push(format!(
        "tier={}",
        score
            .tier
            .as_ref()
            .map_or("None".to_string(), |t| py_str(&t.key))
    ));
    parts.push(format!("coverage={}", py_float(score.coverage)));
    if let Some(lift) = &score.top_lift {
        parts.push(format!("top_lift={}", py_str(lift)));
    }
    if !score.issues.is_empty() {
        parts.push(format!("issues={}", score.issues.len()));
    }
    if let Some(e) = &score.error {
        parts.push(format!("error={}", py_str(e.code().as_str())));
    }
    format!("HealthScore({})", parts.join(", "))
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A CSS colour from a tier's colour (a name or `#rrggbb`); anything else is dropped.
fn css_colour(colour: Option<&str>) -> &str {
    match colour {
        Some(c)
            if !c.is_empty()
                && c.len() <= 32
                && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '#') =>
        {
            c
        }
        _ => "#777",
    }
}

fn num(x: f64) -> String {
    let rounded = format!("{x:.2}");
    let trimmed = rounded.trim_end_matches('0').trim_end_matches('.');
    if trimmed == "-0" {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

fn pct(x: f64) -> String {
    format!("{}%", num(x * 100.0))
}

struct Labels<'m>(Option<&'m HealthModel>);

impl Labels<'_> {
    fn dimension(&self, key: &str) -> String {
        self.0
            .and_then(|m| m.dimensions.iter().find(|d| d.key == key))
            .and_then(|d| d.label.clone())
            .unwrap_or_else(|| key.to_string())
    }
    fn signal(&self, key: &str) -> String {
        self.0
            .and_then(|m| {
                m.dimensions
                    .iter()
                    .flat_map(|d| d.signals.iter())
                    .find(|s| s.key == key)
            })
            .and_then(|s| s.label.clone())
            .unwrap_or_else(|| key.to_string())
    }
    fn tier(&self, key: &str) -> String {
        self.0
            .and_then(|m| m.tiers.iter().find(|t| t.key == key))
            .and_then(|t| t.label.clone())
            .unwrap_or_else(|| key.to_string())
    }
}

/// The score as an HTML fragment: composite, tier, coverage, what to improve, and the
/// explanation table (dimensions with their signals).
pub fn render(score: &HealthScore, model: Option<&HealthModel>) -> String {
    let labels = Labels(model);
    let mut h = String::new();
    let cell = "padding:0.15em 0.6em;text-align:right";
    let left = "padding:0.15em 0.6em;text-align:left";
    let _ = write!(
        h,
        "<div class=\"tenure-health-score\" style=\"font-family:system-ui,sans-serif;line-height:1.35\">"
    );
    // Headline.
    let _ = write!(
        h,
        "<div style=\"display:flex;align-items:baseline;gap:0.7em\">"
    );
    match (score.composite, &score.tier) {
        (Some(c), Some(tier)) => {
            let _ = write!(
                h,
                "<span style=\"font-size:2em;font-weight:700\">{}</span>\
                 <span style=\"background:{};color:#fff;border-radius:0.8em;padding:0.1em 0.7em;font-weight:600\">{}</span>",
                py_float(c),
                css_colour(tier.colour.as_deref()),
                escape(tier.label.as_deref().unwrap_or(&tier.key))
            );
        }
        _ => {
            let _ = write!(
                h,
                "<span style=\"font-size:1.5em;font-weight:700\">{}</span>",
                escape(&status_str(score.status).replace('_', " "))
            );
        }
    }
    let _ = write!(h, "<span>coverage {}</span></div>", pct(score.coverage));
    // What the score means.
    let mut facts = Vec::new();
    if let Some(account) = &score.account {
        facts.push(format!("account <b>{}</b>", escape(account)));
    }
    facts.push(format!("model <code>{}</code>", escape(&score.model)));
    if let Some(next) = &score.next_tier {
        facts.push(format!(
            "{} points to {} ({})",
            py_float(next.points_needed),
            escape(&labels.tier(&next.key)),
            py_float(next.min)
        ));
    }
    if let Some(lift) = &score.top_lift {
        facts.push(format!(
            "biggest lift: <b>{}</b>",
            escape(&labels.dimension(lift))
        ));
    }
    let _ = write!(h, "<div style=\"color:#555\">{}</div>", facts.join(" · "));
    if let Some(e) = &score.error {
        let _ = write!(
            h,
            "<div style=\"color:#b00\"><code>{}</code> at <code>{}</code>: {}</div>",
            escape(e.code().as_str()),
            escape(e.path()),
            escape(e.message())
        );
    }
    // Explanation table.
    let _ = write!(
        h,
        "<table style=\"border-collapse:collapse;margin-top:0.4em\"><thead><tr>\
         <th style=\"{left}\">dimension / signal</th><th style=\"{left}\">input</th>\
         <th style=\"{left}\">band</th><th style=\"{cell}\">points</th>\
         <th style=\"{cell}\">weight</th><th style=\"{cell}\">contribution</th>\
         <th style=\"{cell}\">lift</th></tr></thead><tbody>"
    );
    for dim in &score.dimensions {
        let _ = write!(
            h,
            "<tr style=\"font-weight:600;border-top:1px solid #ddd\"><td style=\"{left}\">{}</td>\
             <td></td><td></td><td style=\"{cell}\">{}</td><td style=\"{cell}\">{}</td>\
             <td style=\"{cell}\">{}</td><td style=\"{cell}\">{}</td></tr>",
            escape(&labels.dimension(&dim.key)),
            dim.points.map_or("—".to_string(), num),
            pct(dim.effective_weight),
            num(dim.contribution),
            num(dim.lift)
        );
        for signal in &dim.signals {
            let input = if signal.input.is_null() {
                "—".to_string()
            } else {
                escape(&signal.input.to_string())
            };
            let points = match (signal.points, signal.source) {
                (Some(p), PointsSource::Observed) => num(p),
                (Some(p), source) => format!("{} <i>({})</i>", num(p), source_str(source)),
                (None, source) => format!("— <i>({})</i>", source_str(source)),
            };
            let _ = write!(
                h,
                "<tr><td style=\"{left};padding-left:1.6em\">{}</td><td style=\"{left}\">{}</td>\
                 <td style=\"{left}\">{}</td><td style=\"{cell}\">{}</td><td style=\"{cell}\">{}</td>\
                 <td style=\"{cell}\">{}</td><td></td></tr>",
                escape(&labels.signal(&signal.key)),
                input,
                escape(signal.band_label.as_deref().unwrap_or("")),
                points,
                pct(signal.effective_weight),
                num(signal.contribution)
            );
        }
    }
    let _ = write!(h, "</tbody></table>");
    if !score.issues.is_empty() {
        let _ = write!(h, "<div style=\"color:#a60\">Treated as missing: ");
        let items: Vec<String> = score
            .issues
            .iter()
            .map(|i| {
                format!(
                    "<code>{}</code> = {} ({})",
                    escape(&i.path),
                    escape(&i.value.to_string()),
                    escape(
                        &serde_json::to_value(i.kind)
                            .map(|v| v.as_str().unwrap_or("").replace('_', " "))
                            .unwrap_or_default()
                    )
                )
            })
            .collect();
        let _ = write!(h, "{}</div>", items.join("; "));
    }
    let _ = write!(h, "</div>");
    h
}

fn source_str(source: PointsSource) -> &'static str {
    match source {
        PointsSource::Observed => "observed",
        PointsSource::Neutral => "neutral",
        PointsSource::Zero => "zero",
        PointsSource::Excluded => "excluded",
        PointsSource::Failed => "failed",
    }
}

/// A cohort table as the heatmap reads it from its Python form (the core's serde shape; other
/// fields are ignored).
#[derive(Deserialize)]
pub struct HeatmapTable {
    offsets: u32,
    last_period_partial: bool,
    cohorts: Vec<HeatmapRow>,
    steepest_logo_drop: Option<HeatmapDrop>,
    best_cohort: Option<HeatmapBest>,
    trend: Option<HeatmapTrend>,
}

#[derive(Deserialize)]
struct HeatmapRow {
    cohort: String,
    customers: u64,
    cells: Vec<HeatmapCell>,
}

#[derive(Deserialize)]
struct HeatmapCell {
    status: String,
    customers: Option<u64>,
    /// Decimal text (a number is shown as it is).
    revenue: Option<serde_json::Value>,
    logo_retention: Option<f64>,
    revenue_retention: Option<f64>,
}

#[derive(Deserialize)]
struct HeatmapDrop {
    offset: u32,
}

#[derive(Deserialize)]
struct HeatmapBest {
    cohort: String,
}

#[derive(Deserialize)]
struct HeatmapTrend {
    newer_retain_better: bool,
}

/// A share as a whole percentage (`0.5` → `50%`), rounded half to even.
fn whole_pct(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn heatmap_cell(row: &HeatmapRow, cell: &HeatmapCell) -> String {
    let (Some(logo), Some(revenue)) = (cell.logo_retention, cell.revenue_retention) else {
        return r#"<td style="background:#eeeeee" title="not observable yet"></td>"#.to_string();
    };
    if cell.status == "unobservable" {
        return r#"<td style="background:#eeeeee" title="not observable yet"></td>"#.to_string();
    }
    // Shade from white (0) to green (1): colour only, the numbers come from the core.
    let level = logo.clamp(0.0, 1.0);
    let green = (255.0 - 140.0 * level).round_ties_even();
    let light = (green + 60.0).min(255.0);
    let mut style = format!("background:rgb({green},{light},{green});text-align:right");
    if cell.status == "partial" {
        style.push_str(";font-style:italic");
    }
    let customers = cell
        .customers
        .map_or_else(|| "None".to_string(), |c| c.to_string());
    let amount = match &cell.revenue {
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => "None".to_string(),
    };
    let title = format!(
        "{customers} of {} customers; revenue {amount}",
        row.customers
    );
    format!(
        r#"<td style="{style}" title="{}">{}<br><small>{}</small></td>"#,
        escape(&title),
        whole_pct(logo),
        whole_pct(revenue)
    )
}

/// The cohort table as an HTML heatmap: logo retention per cell (revenue retention beneath),
/// shaded by value; unobservable cells blank and grey, partial ones in italics; then a line of
/// notes (partial period, steepest logo drop, best cohort, whether newer cohorts retain better).
pub fn cohort_heatmap(table: &HeatmapTable) -> String {
    let mut out = String::from(
        r#"<table class="tenure-cohorts"><thead><tr><th>cohort</th><th>customers</th>"#,
    );
    for offset in 0..table.offsets {
        let _ = write!(out, "<th>{offset}</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for row in &table.cohorts {
        let _ = write!(
            out,
            "<tr><th>{}</th><td>{}</td>",
            escape(&row.cohort),
            row.customers
        );
        for cell in &row.cells {
            out.push_str(&heatmap_cell(row, cell));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    let mut notes = Vec::new();
    if table.last_period_partial {
        notes.push("italics: partial period".to_string());
    }
    if let Some(drop) = &table.steepest_logo_drop {
        notes.push(format!("steepest logo drop at offset {}", drop.offset));
    }
    if let Some(best) = &table.best_cohort {
        notes.push(format!("best cohort {}", escape(&best.cohort)));
    }
    if let Some(trend) = &table.trend {
        notes.push(if trend.newer_retain_better {
            "newer cohorts retain better".to_string()
        } else {
            "newer cohorts do not retain better".to_string()
        });
    }
    let _ = write!(
        out,
        "<p><small>logo retention (revenue retention beneath); grey: not observable yet{}</small></p>",
        if notes.is_empty() {
            String::new()
        } else {
            format!("; {}", notes.join("; "))
        }
    );
    out
}

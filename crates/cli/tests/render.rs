//! The generic table view and the review view's fallback.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::json;
use tenure_cli::node::Node;
use tenure_cli::render::{render, RenderOptions};
use tenure_cli::review::render_review;

const SHORT: RenderOptions = RenderOptions { full: false };
const FULL: RenderOptions = RenderOptions { full: true };

fn node(v: serde_json::Value) -> Node {
    Node::of(&v).unwrap()
}

#[test]
fn scalars_are_aligned_key_value_lines_in_field_order() {
    let text = render(
        &Node::of(
            &serde_json::from_str::<serde_json::Value>(r#"{"b": 1, "long_key": "x"}"#).unwrap(),
        )
        .unwrap(),
        SHORT,
    );
    assert!(text.contains("b:        1\n"), "{text}");
    assert!(text.contains("long_key: x\n"), "{text}");
    // Struct order is kept (through the JSON text), not sorted.
    #[derive(serde::Serialize)]
    struct Ordered {
        zeta: u32,
        alpha: u32,
    }
    let text = render(&Node::of(&Ordered { zeta: 1, alpha: 2 }).unwrap(), SHORT);
    assert!(
        text.find("zeta").unwrap() < text.find("alpha").unwrap(),
        "{text}"
    );
}

#[test]
fn arrays_of_objects_are_tables_cut_unless_full() {
    let rows: Vec<_> = (0..20)
        .map(|i| json!({"account": format!("a{i}"), "arr": "1200.50", "total": {"count": i, "arr": "10"}, "score": 61.23456}))
        .collect();
    let value = node(json!({"accounts": rows}));
    let text = render(&value, SHORT);
    assert!(text.contains("Accounts (20)"), "{text}");
    assert!(
        text.contains("total.count"),
        "nested scalar objects become columns: {text}"
    );
    assert!(text.contains("... 5 more (--full shows all)"), "{text}");
    assert!(
        text.contains("61.2346"),
        "fractions print to 4 decimals: {text}"
    );
    assert!(text.contains("1200.50"), "money prints as given: {text}");
    let full = render(&value, FULL);
    assert!(!full.contains("more (--full"));
    assert!(full.contains("a19"));
}

#[test]
fn nested_objects_are_titled_sections() {
    let text = render(
        &node(
            json!({"dashboard": {"retention": {"grr": 0.9, "nrr": 1.02, "extra": {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}}}}),
        ),
        SHORT,
    );
    assert!(text.contains("Dashboard\n"), "{text}");
    assert!(text.contains("  Retention\n"), "{text}");
    assert!(text.contains("    grr: 0.9"), "{text}");
}

#[test]
fn review_view_falls_back_when_a_field_is_missing() {
    assert!(render_review(&node(json!({"as_of": "2026-11-30"})), SHORT).is_none());
}

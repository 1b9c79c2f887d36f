//! The dedicated terminal view of the portfolio review.
use crate::node::Node;
use crate::render::RenderOptions;

/// The review laid out as a dashboard, or `None` when the answer lacks a field the view needs
/// (the caller then falls back to the generic view).
pub fn render_review(_node: &Node, _options: RenderOptions) -> Option<String> {
    None
}

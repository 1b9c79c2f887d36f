//! The generic terminal view of any command's answer: scalars as aligned `key: value` lines,
//! nested objects as indented titled sections, arrays of objects as aligned column tables.

use crate::node::Node;

/// How much the views show.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions {
    /// Show every row of long tables and every character of long cells.
    pub full: bool,
}

/// Rows of a table shown before "... N more".
const MAX_ROWS: usize = 15;
/// Characters of a cell shown before it is cut.
const MAX_CELL: usize = 48;
/// Characters of an inline value shown before it is cut.
const MAX_INLINE: usize = 110;
/// Nesting depth beyond which values are summarised.
const MAX_DEPTH: usize = 6;

/// Renders a value as text.
pub fn render(node: &Node, options: RenderOptions) -> String {
    let mut out = String::new();
    let mut r = Renderer {
        out: &mut out,
        options,
    };
    match node {
        Node::Object(fields) => r.object(fields, 0, 0),
        Node::Array(items) => r.array_body(items, 0, 0),
        other => r.line(0, &other.scalar_text()),
    }
    out
}

/// `health_distribution` -> `Health distribution`.
pub fn title_of(key: &str) -> String {
    let spaced = key.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Cuts text to `max` characters with an ellipsis.
pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let kept: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{kept}…")
    }
}

fn width(text: &str) -> usize {
    text.chars().count()
}

/// Whether a field prints on one `key: value` line.
fn is_inline(value: &Node) -> bool {
    match value {
        Node::Array(items) => items.iter().all(Node::is_scalar),
        Node::Object(fields) => fields.len() <= 4 && fields.iter().all(|(_, v)| v.is_scalar()),
        _ => true,
    }
}

struct Renderer<'a> {
    out: &'a mut String,
    options: RenderOptions,
}

impl Renderer<'_> {
    fn line(&mut self, indent: usize, text: &str) {
        self.out.push_str(&" ".repeat(indent));
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn inline_text(&self, value: &Node) -> String {
        let text = value.scalar_text();
        if self.options.full {
            text
        } else {
            cut(&text, MAX_INLINE)
        }
    }

    fn object(&mut self, fields: &[(String, Node)], indent: usize, depth: usize) {
        let mut run: Vec<(&str, &Node)> = Vec::new();
        for (key, value) in fields {
            if is_inline(value) || depth >= MAX_DEPTH {
                run.push((key, value));
                continue;
            }
            self.pairs(&run, indent);
            run.clear();
            self.section(key, value, indent, depth);
        }
        self.pairs(&run, indent);
    }

    /// Aligned `key: value` lines.
    fn pairs(&mut self, pairs: &[(&str, &Node)], indent: usize) {
        let w = pairs.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
        for (key, value) in pairs {
            let text = self.inline_text(value);
            let pad = " ".repeat(w.saturating_sub(width(key)));
            self.line(indent, &format!("{key}:{pad} {text}"));
        }
    }

    fn section(&mut self, key: &str, value: &Node, indent: usize, depth: usize) {
        self.blank();
        match value {
            Node::Object(fields) => {
                self.line(indent, &title_of(key));
                self.object(fields, indent + 2, depth + 1);
            }
            Node::Array(items) => {
                self.line(indent, &format!("{} ({})", title_of(key), items.len()));
                self.array_body(items, indent + 2, depth + 1);
            }
            other => {
                let text = self.inline_text(other);
                self.line(indent, &format!("{key}: {text}"));
            }
        }
        self.blank();
    }

    fn array_body(&mut self, items: &[Node], indent: usize, depth: usize) {
        if items.iter().all(|i| matches!(i, Node::Object(_))) && !items.is_empty() {
            let rows: Vec<&[(String, Node)]> = items.iter().filter_map(Node::as_object).collect();
            self.table(&rows, indent, depth);
            return;
        }
        let shown = if self.options.full {
            items.len()
        } else {
            items.len().min(MAX_ROWS)
        };
        for (i, item) in items.iter().take(shown).enumerate() {
            match item {
                Node::Object(fields) => {
                    self.line(indent, &format!("[{i}]"));
                    self.object(fields, indent + 2, depth + 1);
                }
                Node::Array(inner) => {
                    self.line(indent, &format!("[{i}] ({} items)", inner.len()));
                    self.array_body(inner, indent + 2, depth + 1);
                }
                other => {
                    let text = self.inline_text(other);
                    self.line(indent, &format!("- {text}"));
                }
            }
        }
        self.more(items.len(), shown, indent);
    }

    fn more(&mut self, total: usize, shown: usize, indent: usize) {
        if total > shown {
            self.line(
                indent,
                &format!("... {} more (--full shows all)", total - shown),
            );
        }
    }

    /// An aligned table: columns are the union of the rows' scalar keys (an all-scalar nested
    /// object becomes `key.field` columns); other nested values are summarised in the cell, and
    /// nested tables of the first rows follow the table.
    fn table(&mut self, rows: &[&[(String, Node)]], indent: usize, depth: usize) {
        let mut columns: Vec<(String, Option<String>)> = Vec::new();
        for row in rows {
            for (key, value) in row.iter() {
                match value {
                    // A ratio-like object (`{numerator, denominator, value}`) shows its value.
                    Node::Object(fields) if fields.iter().any(|(k, _)| k == "value") => {
                        let col = (key.clone(), Some("value".to_string()));
                        if !columns.contains(&col) {
                            columns.push(col);
                        }
                    }
                    Node::Object(fields) if fields.iter().all(|(_, v)| v.is_scalar()) => {
                        for (sub, _) in fields {
                            let col = (key.clone(), Some(sub.clone()));
                            if !columns.contains(&col) {
                                columns.push(col);
                            }
                        }
                    }
                    _ => {
                        let col = (key.clone(), None);
                        if !columns.contains(&col) {
                            columns.push(col);
                        }
                    }
                }
            }
        }
        let cell = |row: &[(String, Node)], col: &(String, Option<String>)| -> Option<Node> {
            let value = row.iter().find(|(k, _)| *k == col.0).map(|(_, v)| v)?;
            match &col.1 {
                Some(sub) => value.get(sub).cloned(),
                None => Some(value.clone()),
            }
        };
        // Columns empty in every row are left out.
        columns.retain(|col| {
            rows.iter().any(|row| {
                cell(row, col).is_some_and(|v| match &v {
                    Node::Null => false,
                    Node::Array(items) => !items.is_empty(),
                    _ => true,
                })
            })
        });
        let shown = if self.options.full {
            rows.len()
        } else {
            rows.len().min(MAX_ROWS)
        };
        let max_cell = if self.options.full {
            usize::MAX
        } else {
            MAX_CELL
        };
        let header: Vec<String> = columns
            .iter()
            .map(|(k, sub)| match sub {
                Some(s) if s == "value" => k.clone(),
                Some(s) => format!("{k}.{s}"),
                None => k.clone(),
            })
            .collect();
        let mut body: Vec<Vec<String>> = Vec::new();
        let mut numeric = vec![true; columns.len()];
        for row in rows.iter().take(shown) {
            let mut cells = Vec::new();
            for (c, col) in columns.iter().enumerate() {
                let value = cell(row, col).unwrap_or(Node::Null);
                if !matches!(value, Node::Number(_) | Node::Null) && !is_amount(&value) {
                    if let Some(n) = numeric.get_mut(c) {
                        *n = false;
                    }
                }
                cells.push(cut(&value.scalar_text(), max_cell));
            }
            body.push(cells);
        }
        let widths: Vec<usize> = header
            .iter()
            .enumerate()
            .map(|(c, h)| {
                body.iter()
                    .filter_map(|r| r.get(c))
                    .map(|s| width(s))
                    .chain(std::iter::once(width(h)))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let format_row = |cells: &[String], numeric: &[bool]| -> String {
            let parts: Vec<String> = cells
                .iter()
                .zip(widths.iter())
                .enumerate()
                .map(|(c, (s, w))| {
                    let pad = " ".repeat(w.saturating_sub(width(s)));
                    if numeric.get(c).copied().unwrap_or(false) {
                        format!("{pad}{s}")
                    } else {
                        format!("{s}{pad}")
                    }
                })
                .collect();
            parts.join("  ").trim_end().to_string()
        };
        let no_numeric = vec![false; header.len()];
        self.line(indent, &format_row(&header, &no_numeric));
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        self.line(indent, &rule.join("  "));
        for cells in &body {
            self.line(indent, &format_row(cells, &numeric));
        }
        self.more(rows.len(), shown, indent);
        // Nested tables (arrays of objects inside rows), for the rows shown.
        if depth >= MAX_DEPTH {
            return;
        }
        for row in rows.iter().take(shown) {
            let label = row
                .iter()
                .find(|(_, v)| matches!(v, Node::Text(_)))
                .map(|(_, v)| v.scalar_text())
                .unwrap_or_default();
            for (key, value) in row.iter() {
                if let Node::Array(items) = value {
                    if !items.is_empty() && items.iter().all(|i| matches!(i, Node::Object(_))) {
                        self.blank();
                        self.line(
                            indent,
                            &format!("{} › {} ({})", label, title_of(key), items.len()),
                        );
                        self.array_body(items, indent + 2, depth + 1);
                    }
                }
            }
        }
    }
}

/// A decimal amount serialised as a string (`"12000.50"`): right-aligned like a number.
fn is_amount(value: &Node) -> bool {
    value.as_str().is_some_and(|s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
            && s.chars().any(|c| c.is_ascii_digit())
            && s.matches('-').count() <= usize::from(s.starts_with('-'))
    })
}

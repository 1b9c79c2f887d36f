//! A progress line on stderr (`\r`-updated), shown only when stderr is a terminal or when
//! asked for; never on stdout.

use std::io::{IsTerminal, Write};

/// A progress line over a known number of steps.
#[derive(Debug)]
pub struct Progress {
    enabled: bool,
    /// stderr is a terminal: one `\r`-updated line; otherwise a line every 10% (for logs).
    tty: bool,
    label: String,
    total: usize,
    done: usize,
    shown_percent: Option<usize>,
}

impl Progress {
    /// Shown when `forced`, or when stderr is a terminal.
    pub fn new(forced: bool) -> Progress {
        let tty = std::io::stderr().is_terminal();
        Progress {
            enabled: forced || tty,
            tty,
            label: String::new(),
            total: 0,
            done: 0,
            shown_percent: None,
        }
    }

    /// A progress that never shows.
    pub fn hidden() -> Progress {
        Progress {
            enabled: false,
            ..Progress::new(false)
        }
    }

    /// Starts a run of `total` steps.
    pub fn start(&mut self, label: &str, total: usize) {
        self.label = label.to_string();
        self.total = total;
        self.done = 0;
        self.shown_percent = None;
        self.draw();
    }

    /// One step done.
    pub fn tick(&mut self) {
        self.done += 1;
        self.draw();
    }

    fn draw(&mut self) {
        if !self.enabled || self.total == 0 {
            return;
        }
        let mut percent = self.done * 100 / self.total;
        if !self.tty {
            percent -= percent % 10;
        }
        if self.shown_percent == Some(percent) {
            return;
        }
        self.shown_percent = Some(percent);
        let mut err = std::io::stderr().lock();
        let line = format!("{}: {}/{} ({percent}%)", self.label, self.done, self.total);
        let _ = if self.tty {
            write!(err, "\r{line}")
        } else {
            writeln!(err, "{line}")
        };
        let _ = err.flush();
    }

    /// Ends the run (clears the line).
    pub fn finish(&mut self) {
        if self.enabled && self.shown_percent.is_some() {
            let mut err = std::io::stderr().lock();
            if self.tty {
                let _ = write!(err, "\r{}\r", " ".repeat(self.label.len() + 32));
            }
            let _ = writeln!(err, "{}: {} done", self.label, self.done);
            let _ = err.flush();
        }
        self.shown_percent = None;
        self.total = 0;
    }
}

//! Helpers that several domain areas share, each in a module named after what it holds: the
//! score scale (rounding and tiers), score histories, key spelling, JSON parsing and money.
//! Areas import these from here, never from one another.

pub(crate) mod json;
pub(crate) mod keys;
pub(crate) mod money;
pub(crate) mod score_history;
pub(crate) mod score_scale;

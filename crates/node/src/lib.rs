//! Binding under construction.

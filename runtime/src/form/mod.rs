//! TODO(runtime): forms

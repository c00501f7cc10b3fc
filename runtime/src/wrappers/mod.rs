//! TODO(runtime): wrappers

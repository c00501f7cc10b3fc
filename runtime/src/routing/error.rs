//! TODO(engine): error

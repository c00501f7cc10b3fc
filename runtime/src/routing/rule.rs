//! TODO(engine): rule

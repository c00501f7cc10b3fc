//! TODO(engine): matcher

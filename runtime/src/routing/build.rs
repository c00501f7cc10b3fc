//! TODO(engine): build

//! TODO(engine): map

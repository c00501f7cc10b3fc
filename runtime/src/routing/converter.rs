//! TODO(engine): converter

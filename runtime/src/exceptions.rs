//! TODO(runtime): HTTP exceptions

//! TODO(runtime): headers

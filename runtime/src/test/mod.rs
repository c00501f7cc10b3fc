//! Test client (in progress).

//! complement tests (being written)

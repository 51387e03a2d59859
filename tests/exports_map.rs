//! map and HTML report tests (being written)

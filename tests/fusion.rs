//! fusion tests (being written)

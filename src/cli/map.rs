//! Being written.

use std::process::ExitCode;

use crate::error::Error;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Result<ExitCode, Error> {
    Err(Error::Usage("not yet implemented".into()))
}

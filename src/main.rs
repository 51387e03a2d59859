//! The `chainatlas` binary: everything lives in the library; this only dispatches.

fn main() -> std::process::ExitCode {
    chainatlas::cli::main()
}

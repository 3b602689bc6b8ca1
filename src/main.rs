//! The `jiebie` command: parses the arguments and dispatches to [`jiebie::cli`].

use clap::Parser;
use jiebie::cli::{self, Cli, Command};
use std::process::ExitCode;

// Rendering makes many small strings on every core; glibc's allocator spends a tenth of
// the build in malloc and free (BENCHMARKS.md), mimalloc about half of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let parsed = Cli::parse();
    cli::set_language(parsed.lang);
    match parsed.command {
        Command::Build(args) => cli::build::run(args),
        Command::Check(args) => cli::check::run(args),
        Command::New(args) => cli::new::run(args),
        Command::Import(args) => cli::import::run(args),
        Command::Serve(args) => cli::serve::run(args),
        Command::Report(args) => cli::report::run(args),
        Command::Paper(args) => cli::paper::run(args),
        Command::Export(args) => cli::export::run(args),
    }
}

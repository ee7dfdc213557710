//! `server`: starts Blue Suits or runs one of its administrative commands.
use clap::Parser;

// Bulk uploads allocate and free many small values per row; mimalloc spends less time on that than
// the system allocator (BENCHMARKS.md, bulk upload).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    server::telemetry::init();
    match server::cli::run(server::cli::Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

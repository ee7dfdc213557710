//! `server`: starts Blue Suits or runs one of its administrative commands.
use clap::Parser;

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

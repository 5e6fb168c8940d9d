//! The `server` binary. See `server help`.

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("LOG").unwrap_or_else(|_| "info,sqlx=warn".into()))
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = server::cli::run(args).await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

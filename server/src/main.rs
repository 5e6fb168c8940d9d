//! The `server` binary. See `server help`.

fn main() {
    server::with_small_malloc_arenas();
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime").block_on(run());
}

async fn run() {
    let filter = || tracing_subscriber::EnvFilter::try_from_env("LOG").unwrap_or_else(|_| "info,sqlx=warn".into());
    // LOG_FORMAT=json: one JSON object a line, for a log collector.
    match std::env::var("LOG_FORMAT").as_deref().map(str::trim) {
        Ok("json") => tracing_subscriber::fmt().json().with_env_filter(filter()).init(),
        Ok("" | "text") | Err(_) => tracing_subscriber::fmt().with_env_filter(filter()).init(),
        Ok(other) => {
            eprintln!("error: LOG_FORMAT must be 'text' or 'json', not {other:?}");
            std::process::exit(2);
        }
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = server::cli::run(args).await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

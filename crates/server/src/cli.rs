//! The command line: `serve` (default), `migrate`, `seed`, `schema`, `token`, `export`.

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use service::seed::{self, SeedFiles};
use tokio::net::TcpListener;

use crate::config::{Cli, Command, ExportKind, GlobalArgs, PlanCommand, ServeArgs, TokenCommand};
use crate::{AppState, app, telemetry};
use service::access::{self, Principal, Role};

/// Runs the command line and reports failure on standard error.
pub async fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init(cli.global.log_format);
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve(ServeArgs::default())) {
        Command::Serve(args) => serve(&cli.global, args).await,
        Command::Migrate {
            down,
            rebuild_aggregates,
        } => {
            let db = connect(&cli.global).await?;
            if rebuild_aggregates {
                service::db::migrate(&db).await?;
                let txn = sea_orm::TransactionTrait::begin(&db).await?;
                service::finance::rebuild_aggregates(&txn).await?;
                service::reporting::return_year::rebuild(&txn).await?;
                service::reporting::month_fact::forget(&txn).await?;
                // Raising the mark drops what running servers had cached from the old sums.
                service::mark::commit(txn).await?;
                println!(
                    "migrations applied; investment aggregates rebuilt from the project rows, returns per year from the returns, month facts dropped to be made again"
                );
            } else if down {
                service::db::migrate_down_all(&db).await?;
                println!("all migrations rolled back");
            } else {
                service::db::migrate(&db).await?;
                println!("migrations applied");
            }
            Ok(())
        }
        Command::Seed {
            dir,
            check,
            synthetic,
            random_seed,
            synthetic_returns,
        } => {
            let files = match dir {
                Some(dir) => SeedFiles::from_dir(&dir)?,
                None => SeedFiles::embedded(),
            };
            if check {
                let (projects, phases) = seed::validate(&files)?;
                println!("seed files are valid: {projects} projects, {phases} phases");
                return Ok(());
            }
            let db = connect(&cli.global).await?;
            service::db::migrate(&db).await?;
            let report = seed::seed(&db, &files).await?;
            println!("{report}");
            if let Some(count) = synthetic {
                let bar = indicatif::ProgressBar::new(count).with_style(
                    indicatif::ProgressStyle::with_template(
                        "{elapsed_precise} [{wide_bar}] {pos}/{len} projects ({per_sec})",
                    )?,
                );
                let started = std::time::Instant::now();
                let options = service::synthetic::Options {
                    count,
                    seed: random_seed,
                    reporting: synthetic_returns,
                };
                let report =
                    service::synthetic::add_with(&db, options, &|done| bar.set_position(done))
                        .await?;
                bar.finish();
                println!("{report} in {:.1} s", started.elapsed().as_secs_f64());
            }
            Ok(())
        }
        Command::Schema => {
            print!("{}", graphql::sdl());
            Ok(())
        }
        Command::Backup { file } => {
            let db = connect(&cli.global).await?;
            service::db::backup(&db, &file).await?;
            db.close().await?;
            println!("backed up to {}", file.display());
            Ok(())
        }
        Command::Restore { file } => {
            let restored = service::db::restore(&file, cli.global.database_url()).await?;
            println!("{} restored from {}", restored.display(), file.display());
            Ok(())
        }
        Command::Token { command } => token(&cli.global, command).await,
        Command::Plan { command } => plan(&cli.global, command).await,
        Command::Import {
            file,
            plan,
            list,
            dry_run,
            sheet,
            categories,
        } => {
            let mut category_codes = Vec::new();
            for c in &categories {
                let (n, code) = c
                    .split_once('=')
                    .and_then(|(n, code)| Some((n.trim().parse::<u32>().ok()?, code.trim())))
                    .with_context(|| format!("--category {c}: write N=CODE, e.g. 6=MARINE"))?;
                category_codes.push((n, code.to_owned()));
            }
            let options = service::list_import::apply::ImportOptions {
                plan_code: plan,
                list_code: list,
                dry_run,
                category_codes,
            };
            import(&cli.global, &file, sheet, options).await
        }
        Command::Export {
            what,
            params,
            output,
        } => export(&cli.global, what, &params, output).await,
    }
}

/// Writes an export with the layout and parameters of the HTTP one, as the operator.
async fn export(
    global: &GlobalArgs,
    what: ExportKind,
    params: &[String],
    output: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    use futures_util::StreamExt;
    use std::io::Write;

    let pairs = params
        .iter()
        .map(|p| {
            p.split_once('=')
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .with_context(|| format!("`{p}` is not NAME=VALUE"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let db = connect(global).await?;
    if what == ExportKind::Indicators {
        let params = crate::export_indicators::parse_evaluation_params(&pairs)
            .map_err(anyhow::Error::msg)?;
        service::db::migrate(&db).await?;
        let operator = Principal::operator("command line");
        // A file named `….xlsx` gets the workbook; anything else the CSV.
        let format = match output.as_ref().and_then(|p| p.extension()) {
            Some(ext) if ext.eq_ignore_ascii_case("xlsx") => crate::export_indicators::Format::Xlsx,
            _ => crate::export_indicators::Format::Csv,
        };
        let file =
            crate::export_indicators::evaluation_file(&db, &operator, &params, format).await?;
        return match &output {
            Some(path) => std::fs::write(path, file)
                .with_context(|| format!("cannot write {}", path.display())),
            None => Ok(std::io::stdout().lock().write_all(&file)?),
        };
    }
    let summary = what == ExportKind::Summary;
    let params = crate::export::parse_params(&pairs, summary).map_err(anyhow::Error::msg)?;
    service::db::migrate(&db).await?;
    let operator = Principal::operator("command line");
    let mut out: Box<dyn Write> = match &output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    };
    if summary {
        out.write_all(&crate::export::summary_file(&db, &operator, &params).await?)?;
    } else {
        let chunks = crate::export::project_chunks(db, &operator, params.filter).await?;
        let mut chunks = std::pin::pin!(chunks);
        while let Some(chunk) = chunks.next().await {
            out.write_all(&chunk?)?;
        }
    }
    out.flush()?;
    Ok(())
}

async fn import(
    global: &GlobalArgs,
    file: &std::path::Path,
    sheet: Option<String>,
    options: service::list_import::apply::ImportOptions,
) -> anyhow::Result<()> {
    use service::list_import::read;
    let limits = read::Limits {
        sheet,
        ..read::Limits::default()
    };
    // Refuse an oversized file before reading it all into memory.
    let size = std::fs::metadata(file)
        .with_context(|| format!("cannot read {}", file.display()))?
        .len();
    if usize::try_from(size).map_or(true, |s| s > limits.max_bytes) {
        anyhow::bail!(
            "{} is {size} bytes, more than the {} accepted",
            file.display(),
            limits.max_bytes
        );
    }
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parsed = read::read_file(&name, &bytes, &limits)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let db = connect(global).await?;
    service::db::migrate(&db).await?;
    let operator = Principal::operator("command line");
    let actor = service::write::Actor {
        principal: &operator,
        request_id: None,
    };
    let report = service::list_import::apply::import_list(&db, actor, parsed, options).await?;
    print!("{report}");
    Ok(())
}

async fn plan(global: &GlobalArgs, command: PlanCommand) -> anyhow::Result<()> {
    let db = connect(global).await?;
    service::db::migrate(&db).await?;
    let operator = Principal::operator("command line");
    match command {
        PlanCommand::Create {
            code,
            title,
            title_en,
            issuer,
            issued_on,
            window,
        } => {
            let (window_start, window_end) = service::plan::parse_window(&window)?;
            let actor = service::write::Actor {
                principal: &operator,
                request_id: None,
            };
            let plan = service::plan::create_plan(
                &db,
                actor,
                service::plan::NewPlan {
                    title_en: title_en.unwrap_or_else(|| code.clone()),
                    code,
                    title,
                    issuer,
                    issued_on,
                    window_start,
                    window_end,
                },
            )
            .await?;
            println!(
                "plan {} created: {} ({}-{})",
                plan.code, plan.title, plan.window_start, plan.window_end
            );
        }
        PlanCommand::List => {
            for p in service::plan::list_plans(&db, &operator).await? {
                println!(
                    "{}\t{}-{}\t{}",
                    p.code, p.window_start, p.window_end, p.title
                );
            }
        }
    }
    Ok(())
}

async fn token(global: &GlobalArgs, command: TokenCommand) -> anyhow::Result<()> {
    let db = connect(global).await?;
    service::db::migrate(&db).await?;
    let operator = Principal::operator("command line");
    match command {
        TokenCommand::Create {
            name,
            role,
            projects,
        } => {
            let role = Role::parse(&role)
                .context("role is viewer, finance, manager, coordinator or admin")?;
            let new = access::create_token(&db, &operator, &name, role, &projects).await?;
            eprintln!(
                "token `{}` ({}) created; its secret follows, shown this once:",
                new.token.name,
                role.as_str()
            );
            println!("{}", new.secret);
        }
        TokenCommand::List => {
            for t in access::list_tokens(&db, &operator).await? {
                let state = match t.revoked_at {
                    Some(at) => format!("revoked {}", at.to_rfc3339()),
                    None => "valid".to_owned(),
                };
                let used = t.last_used_at.map_or_else(
                    || "never used".to_owned(),
                    |at| format!("used {}", at.to_rfc3339()),
                );
                println!(
                    "{}\t{}\t{}…\t{}\t{}\t{}",
                    t.name,
                    t.role.as_str(),
                    t.prefix,
                    state,
                    used,
                    t.project_keys.join(",")
                );
            }
        }
        TokenCommand::Revoke { name } => {
            let t = access::revoke_token(&db, &operator, &name).await?;
            println!("token `{}` revoked", t.name);
        }
    }
    Ok(())
}

async fn connect(global: &GlobalArgs) -> anyhow::Result<sea_orm::DatabaseConnection> {
    let url = global.database_url();
    service::db::connect(url)
        .await
        .with_context(|| format!("cannot open the database at {}", redact(url)))
}

/// Prepares the database: migrations, then the seeds when it holds no plan yet.
pub async fn prepare(db: &sea_orm::DatabaseConnection) -> anyhow::Result<()> {
    service::db::migrate(db).await.context("migrating")?;
    if !seed::is_seeded(db).await? {
        seed::seed(db, &SeedFiles::embedded())
            .await
            .context("seeding")?;
    } else {
        // A database seeded before the indicator tables existed gets their rows now.
        seed::seed_indicators(db, &SeedFiles::embedded())
            .await
            .context("seeding the indicators")?;
    }
    Ok(())
}

async fn serve(global: &GlobalArgs, args: ServeArgs) -> anyhow::Result<()> {
    let db = connect(global).await?;
    prepare(&db).await?;
    if let Some(secret) = access::ensure_first_admin(&db).await? {
        // Standard output, never the log: the secret must not reach log collectors.
        println!(
            "First start: an administrator token was created. It is shown this once; keep it:\n\n    {secret}\n\nSend it as `Authorization: Bearer <token>`; create more with `portfolio token create`."
        );
    }
    let config = args.server_config();
    let listener = TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, database = %redact(global.database_url()), "serving GraphQL on http://{addr}/graphql");
    let replicas = connect_replicas(&db, &args.database_read_url).await?;
    let state = AppState::with_config(db.clone(), config).with_replicas(replicas.clone());
    let stopper = state.clone();
    axum::serve(listener, app(state.clone()))
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            tracing::info!("shutting down: unready, closing subscriptions, finishing requests");
            stopper.begin_shutdown();
        })
        .await?;
    state
        .sockets_closed(std::time::Duration::from_secs(5))
        .await;
    for replica in replicas {
        replica.close().await.ok();
    }
    db.close().await?;
    tracing::info!("stopped");
    Ok(())
}

/// Pools on the read replicas. A replica that is down at start is not fatal: its reads go to
/// the primary until it answers (see [`crate::replicas`]).
async fn connect_replicas(
    primary: &sea_orm::DatabaseConnection,
    urls: &[String],
) -> anyhow::Result<Vec<sea_orm::DatabaseConnection>> {
    let urls: Vec<&str> = urls
        .iter()
        .map(|u| u.trim())
        .filter(|u| !u.is_empty())
        .collect();
    if urls.is_empty() {
        return Ok(Vec::new());
    }
    if primary.get_database_backend() != sea_orm::DbBackend::Postgres {
        anyhow::bail!("read replicas (DATABASE_READ_URL) need a PostgreSQL primary");
    }
    let mut pools = Vec::with_capacity(urls.len());
    for url in urls {
        if !url.starts_with("postgres") {
            anyhow::bail!("the read replica {} is not a PostgreSQL URL", redact(url));
        }
        let pool = service::db::connect_lazy(url)
            .await
            .with_context(|| format!("cannot use the read replica at {}", redact(url)))?;
        tracing::info!(replica = %redact(url), "reading from a replica when it answers");
        pools.push(pool);
    }
    Ok(pools)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down; finishing requests in flight");
}

/// The URL without a password, for logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

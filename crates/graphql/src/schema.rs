//! Building the schema and exporting its SDL.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};

use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{MergedObject, Request, Response, SDLExportOptions, Schema};
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use sea_orm::DatabaseConnection;

use crate::access::AccessMutation;
use crate::auth::Auth;
use crate::loaders::{Loaders, Spawner, Starter};
use crate::query::Query;
use crate::subscription::Subscription;

/// The root mutation: every area's mutations merged into one type.
#[derive(MergedObject, Default)]
pub struct Mutation(
    crate::manage::ManageMutation,
    AccessMutation,
    crate::indicator::IndicatorMutation,
    crate::reporting::ReportingMutation,
    crate::problem::ProblemMutation,
    crate::plan::PlanMutation,
    crate::plan::ImportMutation,
);

/// The portfolio schema.
pub type PortfolioSchema = Schema<Query, Mutation, Subscription>;

/// Bounds on what one query may ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Deepest nesting accepted. The standard introspection query needs 15, and GraphiQL and
    /// code generators send it, so keep this at 15 or more.
    pub max_depth: usize,
    /// Largest cost accepted: one per field, connection fields times their page size.
    pub max_complexity: usize,
    /// Whether introspection is answered.
    pub introspection: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: 20,
            max_complexity: 20_000,
            introspection: true,
        }
    }
}

/// The schema's root types, with descriptions for the generic connection types.
fn builder() -> async_graphql::SchemaBuilder<Query, Mutation, Subscription> {
    use crate::ids::Cursor;
    use crate::types::{
        ChangeLogEntry, MonthlyReturn, Phase, Problem, ProgressReport, ReturnDue, ScheduleWarning,
    };
    use async_graphql::connection::Connection;
    Schema::build(Query::default(), Mutation::default(), Subscription)
        .override_output_type_description::<crate::query::ProjectConnection>(
            "A page of projects, with the number of projects in the whole set.",
        )
        .override_output_type_description::<Connection<Cursor, Phase>>(
            "A page of a project's phases.",
        )
        .override_output_type_description::<Connection<Cursor, ProgressReport>>(
            "A page of a project's progress reports, newest first.",
        )
        .override_output_type_description::<Connection<Cursor, ChangeLogEntry>>(
            "A page of change-log entries.",
        )
        .override_output_type_description::<Connection<Cursor, MonthlyReturn>>(
            "A page of monthly returns.",
        )
        .override_output_type_description::<Connection<Cursor, ReturnDue>>(
            "A page of a month's returns due, in project order.",
        )
        .override_output_type_description::<Connection<Cursor, ScheduleWarning>>(
            "A page of a month's schedule lights, in project order.",
        )
        .override_output_type_description::<Connection<Cursor, Problem>>(
            "A page of the problem register, in the order the problems were raised.",
        )
}

/// The schema over `db`.
pub fn build_schema(db: DatabaseConnection, limits: Limits) -> PortfolioSchema {
    let builder = builder()
        .data(crate::tail::Tail::new(db.clone()))
        .data(db)
        .limit_depth(limits.max_depth)
        .limit_complexity(limits.max_complexity);
    if limits.introspection {
        builder.finish()
    } else {
        builder.disable_introspection().finish()
    }
}

/// Executes `request` with DataLoaders of its own; every error of the response carries an
/// `extensions.code` (see [`crate::error::classify`]) and every object is in selection order.
/// `document` is the request's text already parsed, when it is.
///
/// The loaders' batches are not spawned on a timer: they are queued here and started only when
/// the execution cannot progress without them, so that every key the resolvers can ask for has
/// been asked for. A page of 100 projects then costs the same statements as a page of 5,
/// whatever the load on the machine.
pub async fn execute(
    schema: &PortfolioSchema,
    request: Request,
    document: Option<Arc<ExecutableDocument>>,
    db: &DatabaseConnection,
    auth: Auth,
) -> Response {
    let query = document.is_none().then(|| request.query.clone());
    let operation_name = request.operation_name.clone();
    let request = match &document {
        Some(document) => crate::documents::with_document(request, document),
        None => request,
    };
    let (sender, receiver) = std::sync::mpsc::channel::<Starter>();
    let sender = std::sync::Mutex::new(sender);
    let spawner: Spawner = Arc::new(move |batch| {
        if let Ok(sender) = sender.lock() {
            // The receiver lives as long as the execution; a send fails only after it is over.
            let _ = sender.send(batch);
        }
    });
    // The request's database (a replica for a read) stands in for the schema's primary in every
    // resolver that asks for a connection.
    let request = request
        .data(Loaders::new(db, spawner, Some(&auth)))
        .data(db.clone());
    let execution = schema.execute(request.data(auth));
    let mut execution = std::pin::pin!(execution);
    let mut batches = FuturesUnordered::new();
    let mut response = std::future::poll_fn(move |cx| {
        loop {
            let flag = Arc::new(WakeFlag {
                woken: AtomicBool::new(false),
                parent: cx.waker().clone(),
            });
            let waker = Waker::from(flag.clone());
            if let Poll::Ready(response) = execution.as_mut().poll(&mut Context::from_waker(&waker))
            {
                return Poll::Ready(response);
            }
            if flag.woken.load(Ordering::SeqCst) {
                // The execution only yielded (a cooperative budget ran out) and has more resolvers
                // to run: let it, before a batch is closed on part of the keys.
                return Poll::Pending;
            }
            // Every batch of the round takes its keys before any of them runs.
            batches.extend(receiver.try_iter().map(|start| start()));
            match batches.poll_next_unpin(cx) {
                // A batch finished: its waiters may run now and ask for more.
                Poll::Ready(Some(())) => continue,
                _ => return Poll::Pending,
            }
        }
    })
    .await;
    let operation_name = operation_name.as_deref();
    if let Some(document) = &document {
        crate::order::in_selection_order(document, operation_name, &mut response);
    } else if let Some(query) = &query {
        crate::order::in_selection_order_of(query, operation_name, &mut response);
    }
    crate::error::classify(&mut response);
    response
}

/// A waker that notes whether it was woken while the execution was being polled.
struct WakeFlag {
    woken: AtomicBool,
    parent: Waker,
}

impl Wake for WakeFlag {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::SeqCst);
        self.parent.wake_by_ref();
    }
}

/// Loaders for the events of subscriptions: their batches start at once (there is no request
/// whose end they could wait for), and they keep nothing, so a long-lived stream never serves
/// a stale object. Keeping nothing also lets every stream of an instance share one set (clones):
/// a connection then costs no loaders of its own, and the loads of streams woken by the same
/// commit go out together.
pub fn stream_loaders(db: &DatabaseConnection) -> Loaders {
    let spawner: Spawner = Arc::new(|start| {
        tokio::spawn(start());
    });
    Loaders::new(db, spawner, None)
}

/// The schema in SDL, fields, arguments and enum values sorted, as committed in `schema.graphql`.
pub fn sdl() -> String {
    builder().finish().sdl_with_options(
        SDLExportOptions::new()
            .sorted_fields()
            .sorted_arguments()
            .sorted_enum_items()
            .include_specified_by(),
    )
}

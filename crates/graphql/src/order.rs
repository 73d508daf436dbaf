//! Response objects in selection order.
//!
//! The GraphQL specification orders every object of a response as its selection set is written
//! (CollectFields, § 6.3.2). async-graphql 7 resolves the fields of a selection set concurrently
//! and inserts each into the object as it completes, so a field that waits for a batch (`phases`)
//! can come before one selected earlier that did not (`name`), and the order of two batched
//! fields changes from request to request. This extension keeps the parsed document and, once the
//! operation has run, puts every object of the response back into the order of its selection.
//!
//! Fragments are followed where they are spread; a key's place is its first occurrence. Inline
//! fragments on different types that select the same keys in different orders are ordered by the
//! first of them, since the response does not say which type an object is.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery,
};
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Selection, SelectionSet,
};
use async_graphql::{Name, Response, ServerResult, Value, Variables};

use crate::documents::ParsedDocument;

/// Registers [`SelectionOrderExtension`] on a schema: one per request.
pub struct SelectionOrder;

impl ExtensionFactory for SelectionOrder {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(SelectionOrderExtension::default())
    }
}

/// Keeps a request's document from parsing to the end of its execution.
#[derive(Default)]
pub struct SelectionOrderExtension {
    document: Mutex<Option<ExecutableDocument>>,
}

#[async_graphql::async_trait::async_trait]
impl Extension for SelectionOrderExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        // A document parsed before the execution is handed over whole; only one parsed here must
        // be copied.
        if ctx.data_opt::<ParsedDocument>().is_none()
            && let Ok(mut kept) = self.document.lock()
        {
            *kept = Some(document.clone());
        }
        Ok(document)
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut response = next.run(ctx, operation_name).await;
        let handed = ctx.data_opt::<ParsedDocument>().map(|d| d.0.clone());
        let kept = self.document.lock().ok().and_then(|mut kept| kept.take());
        let document = handed.or_else(|| kept.map(Arc::new));
        if let Some(document) = document {
            let operation = match &document.operations {
                DocumentOperations::Single(op) => Some(op),
                DocumentOperations::Multiple(ops) => operation_name
                    .and_then(|name| ops.get(name))
                    .or_else(|| (ops.len() == 1).then(|| ops.values().next()).flatten()),
            };
            if let Some(operation) = operation {
                let sets = [&operation.node.selection_set.node];
                reorder(&document, &sets, &mut response.data);
            }
        }
        response
    }
}

/// The response keys `sets` select, in order of first occurrence, each with the selection sets
/// of the fields answered under it.
fn collect<'a>(
    document: &'a ExecutableDocument,
    sets: &[&'a SelectionSet],
) -> (Vec<&'a Name>, HashMap<&'a Name, Vec<&'a SelectionSet>>) {
    let mut order = Vec::new();
    let mut children: HashMap<&Name, Vec<&SelectionSet>> = HashMap::new();
    let mut pending: Vec<&SelectionSet> = sets.iter().rev().copied().collect();
    let mut stack: Vec<std::slice::Iter<'a, async_graphql::Positioned<Selection>>> = Vec::new();
    // A depth-first walk that keeps the written order: fragments are read where they stand.
    while let Some(set) = pending.pop() {
        stack.push(set.items.iter());
        while let Some(items) = stack.last_mut() {
            let Some(item) = items.next() else {
                stack.pop();
                continue;
            };
            match &item.node {
                Selection::Field(field) => {
                    let key = &field.node.response_key().node;
                    let entry = children.entry(key).or_insert_with(|| {
                        order.push(key);
                        Vec::new()
                    });
                    entry.push(&field.node.selection_set.node);
                }
                Selection::FragmentSpread(spread) => {
                    if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node)
                    {
                        stack.push(fragment.node.selection_set.node.items.iter());
                    }
                }
                Selection::InlineFragment(inline) => {
                    stack.push(inline.node.selection_set.node.items.iter());
                }
            }
        }
    }
    (order, children)
}

/// Puts `value` (answered for `sets`) and everything below it into selection order.
fn reorder(document: &ExecutableDocument, sets: &[&SelectionSet], value: &mut Value) {
    match value {
        Value::List(items) => {
            for item in items {
                reorder(document, sets, item);
            }
        }
        Value::Object(object) => {
            let (order, children) = collect(document, sets);
            let mut ordered = async_graphql::indexmap::IndexMap::with_capacity(object.len());
            for key in order {
                if let Some((name, mut child)) = object.shift_remove_entry(key.as_str()) {
                    if let Some(child_sets) = children.get(key) {
                        reorder(document, child_sets, &mut child);
                    }
                    ordered.insert(name, child);
                }
            }
            // Nothing should be left; should anything be, it keeps its place after the rest.
            ordered.extend(object.drain(..));
            *object = ordered;
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;
    use async_graphql::{Name, Number, Value};

    use super::*;

    fn object(pairs: Vec<(&str, Value)>) -> Value {
        Value::Object(pairs.into_iter().map(|(k, v)| (Name::new(k), v)).collect())
    }

    fn keys(value: &Value) -> Vec<String> {
        match value {
            Value::Object(o) => o.keys().map(|k| k.to_string()).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn objects_follow_the_selection_through_lists_aliases_and_fragments() -> Result<(), String> {
        let document = parse_query(
            "query { projects { edges { node { ...Figures seq cat: category { code name } } } } }
             fragment Figures on Project { name ... on Project { phases { name ordinal } } }",
        )
        .map_err(|e| e.to_string())?;
        let n = |i: i32| Value::Number(Number::from(i));
        let node = || {
            object(vec![
                (
                    "phases",
                    Value::List(vec![object(vec![("ordinal", n(1)), ("name", n(2))])]),
                ),
                ("cat", object(vec![("name", n(3)), ("code", n(4))])),
                ("seq", n(5)),
                ("name", n(6)),
            ])
        };
        let mut data = object(vec![(
            "projects",
            object(vec![(
                "edges",
                Value::List(vec![
                    object(vec![("node", node())]),
                    object(vec![("node", node())]),
                ]),
            )]),
        )]);
        let DocumentOperations::Single(op) = &document.operations else {
            return Err("one operation".into());
        };
        reorder(&document, &[&op.node.selection_set.node], &mut data);
        let Value::Object(root) = &data else {
            return Err("an object".into());
        };
        let Some(Value::Object(projects)) = root.get("projects") else {
            return Err("projects".into());
        };
        let Some(Value::List(edges)) = projects.get("edges") else {
            return Err("edges".into());
        };
        for edge in edges {
            let Value::Object(edge) = edge else {
                return Err("an edge".into());
            };
            let node = edge.get("node").ok_or("node")?;
            assert_eq!(keys(node), ["name", "phases", "seq", "cat"]);
            let Value::Object(node) = node else {
                return Err("a node".into());
            };
            assert_eq!(keys(&node["cat"]), ["code", "name"]);
            let Value::List(phases) = &node["phases"] else {
                return Err("phases".into());
            };
            assert_eq!(keys(&phases[0]), ["name", "ordinal"]);
        }
        Ok(())
    }
}

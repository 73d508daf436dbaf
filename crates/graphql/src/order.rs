//! Response objects in selection order.
//!
//! The GraphQL specification orders every object of a response as its selection set is written
//! (CollectFields, § 6.3.2). async-graphql 7 resolves the fields of a selection set concurrently
//! and inserts each into the object as it completes, so a field that waits for a batch (`phases`)
//! can come before one selected earlier that did not (`name`), and the order of two batched
//! fields changes from request to request. Every place that executes a document therefore puts
//! the objects of each response back into the order of its selection: [`in_selection_order`]
//! with the document it parsed, [`ordered`] for a stream of responses.
//!
//! This is not an async-graphql extension on purpose: a schema with any extension sends every
//! field of every object through the extension chain (a boxed future per field and extension,
//! and a registry lookup of the field's type), which was a tenth of the CPU of a page of 50
//! projects; without one, async-graphql resolves each field directly.
//!
//! Fragments are followed where they are spread; a key's place is its first occurrence. Inline
//! fragments on different types that select the same keys in different orders are ordered by the
//! first of them, since the response does not say which type an object is.

use std::collections::HashMap;

use async_graphql::parser::parse_query;
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Selection, SelectionSet,
};
use async_graphql::{Name, Response, Value};
use futures_util::{Stream, StreamExt};

/// Puts every object of `response`, answered for `document`'s operation `operation_name`, into
/// selection order.
pub fn in_selection_order(
    document: &ExecutableDocument,
    operation_name: Option<&str>,
    response: &mut Response,
) {
    let operation = match &document.operations {
        DocumentOperations::Single(op) => Some(op),
        DocumentOperations::Multiple(ops) => operation_name
            .and_then(|name| ops.get(name))
            .or_else(|| (ops.len() == 1).then(|| ops.values().next()).flatten()),
    };
    if let Some(operation) = operation {
        reorder(
            document,
            &[&operation.node.selection_set.node],
            &mut response.data,
        );
    }
}

/// [`in_selection_order`] for a query text not parsed before; a text that does not parse has
/// no data to order.
pub fn in_selection_order_of(query: &str, operation_name: Option<&str>, response: &mut Response) {
    if response.data == Value::Null {
        return;
    }
    if let Ok(document) = parse_query(query) {
        in_selection_order(&document, operation_name, response);
    }
}

/// The responses of `stream` (a subscription of `query`) each in selection order; the text is
/// parsed once for the whole stream.
pub fn ordered<S>(
    query: &str,
    operation_name: Option<String>,
    stream: S,
) -> impl Stream<Item = Response> + use<S>
where
    S: Stream<Item = Response>,
{
    let document = parse_query(query).ok();
    stream.map(move |mut response| {
        if let Some(document) = &document {
            in_selection_order(document, operation_name.as_deref(), &mut response);
        }
        response
    })
}

/// How the objects answered for a selection set are ordered: the response keys in order of first
/// occurrence, each with the selection sets of the fields answered under it and, worked out the
/// first time an object needs it, their own plan. A list of 50 objects is planned once, not 50
/// times; the plans follow the data, so nothing is planned that the response does not hold.
struct Plan<'a> {
    order: Vec<&'a Name>,
    children: HashMap<&'a str, Child<'a>>,
}

struct Child<'a> {
    sets: Vec<&'a SelectionSet>,
    plan: std::cell::OnceCell<Box<Plan<'a>>>,
}

impl<'a> Plan<'a> {
    fn new(document: &'a ExecutableDocument, sets: &[&'a SelectionSet]) -> Self {
        let (order, children) = collect(document, sets);
        let children = children
            .into_iter()
            .map(|(key, sets)| {
                let plan = std::cell::OnceCell::new();
                (key.as_str(), Child { sets, plan })
            })
            .collect();
        Self { order, children }
    }

    fn child(&self, document: &'a ExecutableDocument, key: &str) -> Option<&Plan<'a>> {
        let child = self.children.get(key)?;
        Some(
            child
                .plan
                .get_or_init(|| Box::new(Plan::new(document, &child.sets))),
        )
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
    reorder_by(document, &Plan::new(document, sets), value);
}

fn reorder_by<'a>(document: &'a ExecutableDocument, plan: &Plan<'a>, value: &mut Value) {
    match value {
        Value::List(items) => {
            for item in items {
                reorder_by(document, plan, item);
            }
        }
        Value::Object(object) => {
            // Most objects come back in order already: then only what is below them is looked at.
            let in_order = object.len() == plan.order.len()
                && object
                    .keys()
                    .zip(&plan.order)
                    .all(|(key, wanted)| key.as_str() == wanted.as_str());
            if in_order {
                for (key, child) in object.iter_mut() {
                    if let Some(child_plan) = plan.child(document, key.as_str()) {
                        reorder_by(document, child_plan, child);
                    }
                }
                return;
            }
            let mut ordered = async_graphql::indexmap::IndexMap::with_capacity(object.len());
            for key in &plan.order {
                if let Some((name, mut child)) = object.shift_remove_entry(key.as_str()) {
                    if let Some(child_plan) = plan.child(document, key.as_str()) {
                        reorder_by(document, child_plan, &mut child);
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

//! The committed `schema.graphql` is the schema the code serves.

#[test]
fn committed_schema_matches_the_code() {
    let committed = include_str!("../../schema.graphql");
    let actual = graphql::sdl();
    assert!(
        committed == actual,
        "schema.graphql differs from the code's schema; run `cargo run -- schema > schema.graphql` \
         and commit the result"
    );
}

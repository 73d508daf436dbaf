//! Rebuilds the server when the built front end changes: the files of `web/dist` are embedded in
//! the binary, and a file added there must be seen as a change too.

fn main() {
    println!("cargo::rerun-if-changed=../../web/dist");
}

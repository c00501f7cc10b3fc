#![allow(unused)]
use std::collections::HashMap;
use stellwerk::extract::Form;
use stellwerk::post;

// A body extractor must be the last argument: the ones before it may only read the head.
#[post("/comments")]
async fn comment(form: Form<HashMap<String, String>>, method: http::Method) {}

fn main() {}

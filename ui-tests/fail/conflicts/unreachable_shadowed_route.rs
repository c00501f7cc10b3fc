// An unreachable route between handler-less entries (the `routes_impl!` form benchmarks
// use): nothing can reject `/k/<x>`'s value, so the error is certain at expansion time and
// points at both literals. (With real handlers the same check runs in the type checker;
// see unreachable_behind_string_handler.rs.)
fn main() {
    let _ = stellwerk::__private::routes_impl! {[
        { handler: () rule: "/k/<x>" meta: { endpoint = "wide" } }
        { handler: () rule: "/k/<uuid:id>" meta: { endpoint = "by_uuid" } }
    ]};
}

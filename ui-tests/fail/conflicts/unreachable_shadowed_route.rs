// An unreachable route: `/k/<x>` (a handler-less entry, so nothing can reject its value)
// has priority over `/k/<uuid:id>` and takes every URL the latter would match. The entries
// are written in the `routes_impl!` form the route attributes produce, because the
// attributes do not yet tell the group whether their handler's types accept every value
// (a `u8` parameter would reject "300" and let the next route match).
fn main() {
    let _ = stellwerk::__private::routes_impl! {[
        { handler: () rule: "/k/<x>" meta: { endpoint = "wide" } }
        { handler: () rule: "/k/<uuid:id>" meta: { endpoint = "by_uuid" } }
    ]};
}

// `/<x>.json` sorts before `/<any(a.json, b.json):f>` (more static text in the segment) and
// accepts every segment the latter accepts: the `any` route can never match.
fn main() {
    let _ = stellwerk::__private::routes_impl! {[
        { handler: () rule: "/<any(a.json, b.json):f>" meta: { endpoint = "listed" } }
        { handler: () rule: "/<x>.json" meta: { endpoint = "json" } }
    ]};
}

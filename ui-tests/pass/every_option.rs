use stellwerk::{delete, get, options, patch, post, put, route};

#[route(
    "/posts/<slug>/<int(min=1):page>",
    methods = ["GET", "POST"],
    endpoint = "post_page",
    defaults(lang = "en", draft = false, ratio = -1.5, limit = -3),
    strict_slashes = false,
    merge_slashes = true,
    subdomain = "<tenant>",
    alias = false,
    build_only = false,
    redirect_to = "/p/<slug>/<page>",
)]
async fn post_page(tenant: String, slug: String, page: u16) {}

#[route("/ws", websocket = true, methods = ["GET"], host = "<h>.example.com")]
fn ws(h: String) {}

#[get("/a")]
fn a() {}
#[post("/b")]
fn b() {}
#[put("/c")]
fn c() {}
#[patch("/d")]
fn d() {}
#[delete("/e")]
fn e() {}
#[options("/f")]
fn f() {}

fn main() {
    let _ = post_page::META;
    let _ = ws::url("x");
    let _ = (a::url(), b::url(), c::url(), d::url(), e::url(), f::url());
}

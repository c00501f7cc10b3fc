mod api {
    pub mod users {
        use stellwerk::get;

        #[get("/users/<int:id>")]
        pub fn show(id: u32) {}

        #[get("/users")]
        pub(crate) fn list() {}

        #[get("/private")]
        fn private() {}

        pub(super) fn private_url() -> String {
            private::url().unwrap()
        }
    }

    #[stellwerk::get("/parent")]
    pub(super) fn parent() {}

    pub fn urls() -> String {
        users::private_url()
    }
}

use api::users::show;

fn main() {
    let _routes = stellwerk::routes![show, api::users::list, api::parent];
    assert_eq!(stellwerk::url_for!(show, id = 1).unwrap(), "/users/1");
    assert_eq!(stellwerk::url_for!(api::users::list, page = 2).unwrap(), "/users?page=2");
    assert_eq!(api::parent::url().unwrap(), "/parent");
    assert_eq!(api::urls(), "/private");
}

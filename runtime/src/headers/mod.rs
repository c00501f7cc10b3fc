//! The header toolkit: parsers and serialisers for the header values Werkzeug understands,
//! one module per family. Every parser takes `&str` (or bytes) and never panics; malformed
//! input gives `None`, an empty result or an error value, as Werkzeug does.
//!
//! | family | items |
//! |---|---|
//! | quoting and lists | [`quote_header_value`], [`unquote_header_value`], [`parse_list_header`], [`parse_dict_header`], [`dump_header`], [`dump_dict_header`], [`dump_options_header`] |
//! | options (`Content-Type`) | [`parse_options_header`] (RFC 2231) |
//! | content negotiation | [`MimeAccept`], [`LanguageAccept`], [`CharsetAccept`], [`EncodingAccept`] |
//! | caching | [`RequestCacheControl`], [`ResponseCacheControl`], [`ETags`], [`quote_etag`], [`unquote_etag`], [`generate_etag`], [`is_resource_modified`] |
//! | ranges | [`Range`], [`ContentRange`], [`IfRange`] |
//! | authentication | [`Authorization`], [`WwwAuthenticate`] |
//! | dates | [`parse_date`], [`http_date`] |
//! | cookies | [`parse_cookie`], [`request_cookies`], [`dump_cookie`], [`CookieOptions`] |
//! | sets and maps | [`HeaderSet`] (`Vary`, `Allow`), [`HeaderMapExt`] (parameters, typed reads) |

mod accept;
mod auth;
mod cache_control;
mod conditional;
mod cookie;
mod date;
mod etag;
mod header_set;
mod idna;
mod map_ext;
mod options;
mod quoting;
mod range;

pub use accept::{
    Accept, AcceptKind, Charset, CharsetAccept, EncodingAccept, InvalidAcceptValue, Language,
    LanguageAccept, Mime, MimeAccept, Plain,
};
pub use auth::{Authorization, WwwAuthenticate};
pub use cache_control::{DirectiveValue, RequestCacheControl, ResponseCacheControl};
pub use conditional::{
    ENTITY_HEADERS, HOP_BY_HOP_HEADERS, Validators, is_data_modified, is_entity_header,
    is_hop_by_hop_header, is_resource_modified, remove_entity_headers, remove_hop_by_hop_headers,
};
pub use cookie::{
    CookieError, CookieOptions, MAX_COOKIE_SIZE, SameSite, dump_cookie, parse_cookie,
    parse_cookie_bytes, request_cookies,
};
#[cfg(feature = "server")]
pub(crate) use date::{MONTHS, civil_from_days};
pub use date::{http_date, http_date_from_unix, parse_date, parse_date_unix};
pub use etag::{ETags, InvalidETag, generate_etag, quote_etag, unquote_etag};
pub use header_set::HeaderSet;
pub use idna::{domain_to_ascii, domain_to_unicode};
pub use map_ext::HeaderMapExt;
pub use options::parse_options_header;
#[cfg(feature = "multipart")]
pub(crate) use quoting::decode_safe_charset;
pub use quoting::{
    dump_dict_header, dump_header, dump_options_header, parse_dict_header, parse_list_header,
    quote_header_value, unquote_header_value,
};
pub use range::{ContentRange, IfRange, InvalidRange, MAX_RANGES, Range, is_byte_range_valid};

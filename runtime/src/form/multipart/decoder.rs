//! The sans-IO `multipart/form-data` decoder: feed bytes, pull events.

use bytes::{Bytes, BytesMut};
use memchr::memmem;

use super::MultipartError;
use super::part_headers::{Part, parse_part};

/// Longest boundary accepted. RFC 2046 allows 70 characters; some clients send a little
/// more, so we are lenient, but a bound keeps the held-back tail small.
pub const MAX_BOUNDARY_LEN: usize = 200;

/// Longest run of whitespace accepted after a boundary ("transport padding"); longer runs
/// would make the decoder hold back and rescan unbounded data.
const MAX_BOUNDARY_PADDING: usize = 1024;

/// Limits of a [`MultipartDecoder`]; see the fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecoderLimits {
    /// Maximum number of parts (`None`: unlimited).
    pub max_parts: Option<usize>,
    /// Maximum size of one part's header block.
    pub max_header_size: usize,
    /// Maximum size of the preamble and of the epilogue, which are buffered whole.
    pub max_preamble_size: usize,
}

impl Default for DecoderLimits {
    fn default() -> Self {
        DecoderLimits {
            max_parts: Some(crate::form::DEFAULT_MAX_FORM_PARTS),
            max_header_size: crate::form::DEFAULT_MAX_PART_HEADER_SIZE,
            max_preamble_size: crate::form::DEFAULT_MAX_PART_HEADER_SIZE,
        }
    }
}

/// What the decoder found next; see [`MultipartDecoder::next_event`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// More input is needed (or [`MultipartDecoder::finish`] if there is none).
    NeedData,
    /// Everything before the first boundary (usually empty).
    Preamble(Bytes),
    /// The headers of a new part; its data follows as [`Event::Data`].
    Part(Part),
    /// A piece of the current part's data; `more` is `false` on the part's last piece
    /// (which may be empty).
    Data {
        /// The bytes.
        data: Bytes,
        /// Whether more data of this part follows.
        more: bool,
    },
    /// Everything after the closing boundary, once the input is finished.
    Epilogue(Bytes),
    /// The body is complete; every later call returns this again.
    Finished,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Preamble,
    Headers,
    /// Part data; `start` while the line break that ends the header block is still in
    /// the buffer.
    Data {
        start: bool,
    },
    Epilogue,
    Finished,
}

/// What follows `--boundary` at some position.
enum Suffix {
    /// Not enough bytes yet to decide.
    Incomplete,
    /// Not a delimiter: the candidate is part data.
    Invalid,
    /// A delimiter before another part; the boundary line ends before the index.
    Next(usize),
    /// The closing delimiter `--boundary--`; consumed up to the index.
    Close(usize),
}

/// Horizontal whitespace allowed after a boundary (Python's `[^\S\n\r]`).
fn is_hws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0b | 0x0c)
}

/// A streaming, sans-IO decoder of `multipart/form-data` bodies with Werkzeug's
/// tolerance: CRLF, bare LF or bare CR line breaks, a first boundary without a leading
/// line break, whitespace after a boundary, folded header lines, RFC 2231 file names.
///
/// Feed input with [`feed`](Self::feed) in chunks of any size, signal the end with
/// [`finish`](Self::finish), and call [`next_event`](Self::next_event) until it returns
/// [`Event::NeedData`] (feed more) or [`Event::Finished`]. The event stream describes the
/// same parts and bytes however the input is split.
///
/// The boundary search is linear: each input byte is examined a bounded number of times,
/// and at most one boundary's length of data is held back between chunks.
///
/// ```
/// use stellwerk_runtime::form::multipart::{Event, MultipartDecoder};
///
/// let mut decoder = MultipartDecoder::new(b"xyz").unwrap();
/// decoder.feed(b"--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhel");
/// decoder.feed(b"lo\r\n--xyz--\r\n");
/// decoder.finish();
/// let mut data = Vec::new();
/// loop {
///     match decoder.next_event().unwrap() {
///         Event::Part(part) => assert_eq!(part.name(), "a"),
///         Event::Data { data: d, .. } => data.extend_from_slice(&d),
///         Event::Finished => break,
///         _ => {}
///     }
/// }
/// assert_eq!(data, b"hello");
/// ```
#[derive(Debug)]
pub struct MultipartDecoder {
    buf: BytesMut,
    /// `--` followed by the boundary.
    dash_boundary: Vec<u8>,
    finder: memmem::Finder<'static>,
    state: State,
    /// Positions of `buf` before this one are known not to start a delimiter.
    scan: usize,
    parts: usize,
    eof: bool,
    failed: Option<MultipartError>,
    limits: DecoderLimits,
}

impl MultipartDecoder {
    /// A decoder for `boundary` (without the leading `--`) with default limits.
    ///
    /// The boundary must be 1 to 200 bytes without CR or LF.
    pub fn new(boundary: &[u8]) -> Result<Self, MultipartError> {
        Self::with_limits(boundary, DecoderLimits::default())
    }

    /// A decoder with explicit limits.
    pub fn with_limits(boundary: &[u8], limits: DecoderLimits) -> Result<Self, MultipartError> {
        if boundary.is_empty()
            || boundary.len() > MAX_BOUNDARY_LEN
            || boundary.iter().any(|&b| b == b'\r' || b == b'\n')
        {
            return Err(MultipartError::InvalidBoundary);
        }
        let mut dash_boundary = Vec::with_capacity(boundary.len() + 2);
        dash_boundary.extend_from_slice(b"--");
        dash_boundary.extend_from_slice(boundary);
        let finder = memmem::Finder::new(&dash_boundary).into_owned();
        Ok(MultipartDecoder {
            buf: BytesMut::new(),
            dash_boundary,
            finder,
            state: State::Preamble,
            scan: 0,
            parts: 0,
            eof: false,
            failed: None,
            limits,
        })
    }

    /// Adds input. Input fed after [`finish`](Self::finish) is ignored.
    pub fn feed(&mut self, data: &[u8]) {
        if !self.eof {
            self.buf.extend_from_slice(data);
        }
    }

    /// Signals the end of the input.
    pub fn finish(&mut self) {
        self.eof = true;
    }

    /// The number of parts seen so far.
    pub fn parts_seen(&self) -> usize {
        self.parts
    }

    /// Bytes currently buffered (bounded by the limits and the boundary length while
    /// part data streams through).
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// The next event. After an error every later call returns the same error.
    pub fn next_event(&mut self) -> Result<Event, MultipartError> {
        if let Some(err) = &self.failed {
            return Err(err.clone());
        }
        let result = match self.state {
            State::Preamble => self.preamble(),
            State::Headers => self.headers(),
            State::Data { start } => self.data(start),
            State::Epilogue => self.epilogue(),
            State::Finished => Ok(Event::Finished),
        };
        if let Err(err) = &result {
            self.failed = Some(err.clone());
        }
        result
    }

    fn take(&mut self, n: usize) -> Bytes {
        self.scan = self.scan.saturating_sub(n);
        self.buf.split_to(n).freeze()
    }

    /// Classifies what follows a `--boundary` that ends at `k`.
    fn suffix(&self, k: usize) -> Result<Suffix, MultipartError> {
        let buf = &self.buf[..];
        let incomplete = if self.eof {
            Suffix::Invalid
        } else {
            Suffix::Incomplete
        };
        match buf.get(k) {
            None => return Ok(incomplete),
            Some(b'-') => {
                return Ok(match buf.get(k + 1) {
                    None => incomplete,
                    Some(b'-') => Suffix::Close(k + 2),
                    Some(_) => Suffix::Invalid,
                });
            }
            Some(_) => {}
        }
        let mut m = k;
        while m < buf.len() && is_hws(buf[m]) {
            m += 1;
        }
        // Unbounded padding would let a client make us hold back unbounded data.
        if m - k > MAX_BOUNDARY_PADDING {
            return Err(MultipartError::BoundaryLineTooLong);
        }
        Ok(match buf.get(m) {
            None => incomplete,
            Some(b'\n') => Suffix::Next(m + 1),
            Some(b'\r') => match buf.get(m + 1) {
                Some(b'\n') => Suffix::Next(m + 2),
                Some(_) => Suffix::Next(m + 1),
                // A bare CR at the very end: a LF may still follow.
                None if self.eof => Suffix::Next(m + 1),
                None => Suffix::Incomplete,
            },
            Some(_) => Suffix::Invalid,
        })
    }

    /// Start of the line break (CRLF, LF or CR) directly before position `j`, if any.
    fn line_break_before(&self, j: usize) -> Option<usize> {
        let buf = &self.buf[..];
        if j == 0 {
            return None;
        }
        match buf[j - 1] {
            b'\n' if j >= 2 && buf[j - 2] == b'\r' => Some(j - 2),
            b'\n' | b'\r' => Some(j - 1),
            _ => None,
        }
    }

    fn preamble(&mut self) -> Result<Event, MultipartError> {
        while let Some(found) = self.finder.find(&self.buf[self.scan..]) {
            let j = self.scan + found;
            match self.suffix(j + self.dash_boundary.len())? {
                Suffix::Invalid => self.scan = j + 1,
                Suffix::Incomplete => {
                    self.scan = j;
                    return self.need_data("preamble");
                }
                suffix @ (Suffix::Next(end) | Suffix::Close(end)) => {
                    // The first boundary may lack its leading line break.
                    let data_end = self.line_break_before(j).unwrap_or(j);
                    if data_end > self.limits.max_preamble_size {
                        return Err(MultipartError::PreambleTooLarge {
                            limit: self.limits.max_preamble_size,
                        });
                    }
                    let preamble = self.buf.split_to(end).freeze().slice(..data_end);
                    self.scan = 0;
                    self.state = match suffix {
                        Suffix::Close(_) => State::Epilogue,
                        _ => State::Headers,
                    };
                    return Ok(Event::Preamble(preamble));
                }
            }
        }
        // Only the last boundary's length could still start a match.
        self.scan = self
            .scan
            .max(self.buf.len().saturating_sub(self.dash_boundary.len() - 1));
        // The preamble is at least everything before `scan` but its line break, so this
        // fails exactly when the complete body would (the result does not depend on how
        // the input was split).
        if self.scan.saturating_sub(2) > self.limits.max_preamble_size {
            return Err(MultipartError::PreambleTooLarge {
                limit: self.limits.max_preamble_size,
            });
        }
        self.need_data("preamble")
    }

    fn need_data(&self, state: &'static str) -> Result<Event, MultipartError> {
        if self.eof {
            Err(MultipartError::UnexpectedEnd { state })
        } else {
            Ok(Event::NeedData)
        }
    }

    fn headers(&mut self) -> Result<Event, MultipartError> {
        // Find the first blank line: CRLF CRLF, CR CR or LF LF, leftmost first.
        let mut pos = self.scan;
        let found = loop {
            let Some(i) = memchr::memchr2(b'\r', b'\n', &self.buf[pos..]).map(|i| pos + i) else {
                pos = self.buf.len();
                break None;
            };
            let rest = &self.buf[i..];
            let blank = if rest.starts_with(b"\r\n\r\n") {
                Some(4)
            } else if rest.starts_with(b"\r\r") || rest.starts_with(b"\n\n") {
                Some(2)
            } else if !self.eof && (b"\r\n\r\n".starts_with(rest) || rest == b"\n") {
                // `\r`, `\r\n`, `\r\n\r` or `\n` at the end could still become a blank line.
                pos = i;
                break None;
            } else {
                None
            };
            if let Some(len) = blank {
                break Some((i, len));
            }
            pos = i + 1;
        };
        let Some((i, len)) = found else {
            self.scan = pos;
            // No blank line starts before `pos`, so the block is at least that long.
            if pos > self.limits.max_header_size {
                return Err(MultipartError::HeadersTooLarge {
                    limit: self.limits.max_header_size,
                });
            }
            return self.need_data("part headers");
        };
        if i > self.limits.max_header_size {
            return Err(MultipartError::HeadersTooLarge {
                limit: self.limits.max_header_size,
            });
        }
        let part = parse_part(&self.buf[..i])?;
        self.parts += 1;
        if let Some(limit) = self.limits.max_parts
            && self.parts > limit
        {
            return Err(MultipartError::TooManyParts { limit });
        }
        // The block's last line break belongs to the last header line; the second one
        // starts the data (and may double as the line break of an empty part's delimiter).
        self.take(i + len / 2);
        self.scan = 0;
        self.state = State::Data { start: true };
        Ok(Event::Part(part))
    }

    fn data(&mut self, start: bool) -> Result<Event, MultipartError> {
        // Length of the line break that precedes the data, still in the buffer at `start`.
        let skip = if start {
            match (self.buf.first(), self.buf.get(1)) {
                (Some(b'\r'), Some(b'\n')) => 2,
                (Some(b'\r'), None) if !self.eof => return Ok(Event::NeedData),
                (Some(b'\r' | b'\n'), _) => 1,
                _ => 0,
            }
        } else {
            0
        };
        while let Some(found) = self.finder.find(&self.buf[self.scan..]) {
            let j = self.scan + found;
            // A delimiter needs a line break before `--boundary`.
            let Some(lb) = self.line_break_before(j) else {
                self.scan = j + 1;
                continue;
            };
            match self.suffix(j + self.dash_boundary.len())? {
                Suffix::Invalid => self.scan = j + 1,
                Suffix::Incomplete => {
                    // Emit what is certainly data and wait for the rest of the line.
                    self.scan = j;
                    return Ok(self.emit(skip, lb, start));
                }
                suffix @ (Suffix::Next(end) | Suffix::Close(end)) => {
                    let data = self.buf.split_to(end).freeze().slice(skip.min(lb)..lb);
                    self.scan = 0;
                    self.state = match suffix {
                        Suffix::Close(_) => State::Epilogue,
                        _ => State::Headers,
                    };
                    return Ok(Event::Data { data, more: false });
                }
            }
        }
        if self.eof {
            return Err(MultipartError::UnexpectedEnd { state: "part data" });
        }
        // The line break before the data may itself start an empty part's delimiter.
        let hold = self.partial_delimiter_start();
        Ok(self.emit(skip, hold, start))
    }

    /// Emits `buf[skip..end]` as data of the current part and drops it from the buffer.
    /// With `end < skip` the leading line break may still belong to a delimiter, so
    /// nothing is consumed.
    fn emit(&mut self, skip: usize, end: usize, start: bool) -> Event {
        if end < skip {
            return Event::NeedData;
        }
        let data = self.take(end).slice(skip..);
        if start {
            self.state = State::Data { start: false };
        }
        if data.is_empty() {
            Event::NeedData
        } else {
            Event::Data { data, more: true }
        }
    }

    /// The first position in the buffer's tail where a delimiter could begin but is cut
    /// off by the end of the buffer; the buffer length if none.
    fn partial_delimiter_start(&self) -> usize {
        let buf = &self.buf[..];
        let window = self.dash_boundary.len() + 2;
        let from = buf.len().saturating_sub(window);
        for p in from..buf.len() {
            let rest = &buf[p..];
            let after_lb = match rest {
                [b'\r', b'\n', tail @ ..] => tail,
                [b'\r', tail @ ..] | [b'\n', tail @ ..] => tail,
                _ => continue,
            };
            // A complete `--boundary` here was already judged by the search; only one cut
            // off by the buffer end is still undecided.
            if after_lb.len() < self.dash_boundary.len()
                && after_lb == &self.dash_boundary[..after_lb.len()]
            {
                return p;
            }
        }
        buf.len()
    }

    fn epilogue(&mut self) -> Result<Event, MultipartError> {
        if self.buf.len() > self.limits.max_preamble_size {
            return Err(MultipartError::EpilogueTooLarge {
                limit: self.limits.max_preamble_size,
            });
        }
        if !self.eof {
            return Ok(Event::NeedData);
        }
        // The closing delimiter may be followed by whitespace and one line break.
        let mut from = 0;
        while from < self.buf.len() && is_hws(self.buf[from]) {
            from += 1;
        }
        match &self.buf[from..] {
            [b'\r', b'\n', ..] => from += 2,
            [b'\r' | b'\n', ..] => from += 1,
            _ => {}
        }
        let data = self.take(self.buf.len()).slice(from..);
        self.state = State::Finished;
        Ok(Event::Epilogue(data))
    }
}

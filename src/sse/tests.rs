//! Unit tests, one or more per rule of the event stream interpretation, and
//! property tests against a slow, whole-input reference model.

use super::decoder::find_line_end;
use super::{Decoder, SseError, SseEvent, SseEventRef, DEFAULT_MAX_EVENT_SIZE, RETRY_HISTORY_CAP};
use proptest::prelude::*;

fn ev(event: &str, data: &str, id: &str) -> SseEvent {
    SseEvent {
        event: event.to_owned(),
        data: data.to_owned(),
        id: id.to_owned(),
        retry: None,
    }
}

fn msg(data: &str) -> SseEvent {
    ev("message", data, "")
}

/// Feeds `chunks` to a fresh decoder and finishes it.
fn decode_chunks(chunks: &[&[u8]]) -> Vec<SseEvent> {
    let mut decoder = Decoder::new();
    let mut events = Vec::new();
    for chunk in chunks {
        events.extend(decoder.push(chunk).unwrap());
    }
    events.extend(decoder.finish().unwrap());
    events
}

fn decode(input: &str) -> Vec<SseEvent> {
    decode_chunks(&[input.as_bytes()])
}

// ---- framing -------------------------------------------------------------

#[test]
fn basic_event_and_default_type() {
    assert_eq!(decode("data: hello\n\n"), vec![msg("hello")]);
}

#[test]
fn multiple_data_lines_joined_with_lf_and_one_trailing_lf_removed() {
    assert_eq!(decode("data: a\ndata:\ndata: b\n\n"), vec![msg("a\n\nb")]);
    assert_eq!(decode("data: a\ndata:\n\n"), vec![msg("a\n")]);
}

#[test]
fn only_one_leading_space_removed_and_nothing_trimmed() {
    assert_eq!(decode("data:  x \n\n"), vec![msg(" x ")]);
    assert_eq!(decode("data:\tx\n\n"), vec![msg("\tx")]);
    assert_eq!(decode("data:x\n\n"), vec![msg("x")]);
}

#[test]
fn value_split_at_first_colon_only() {
    assert_eq!(decode("data: a: b:c\n\n"), vec![msg("a: b:c")]);
}

#[test]
fn line_without_colon_is_field_with_empty_value() {
    assert_eq!(decode("data\n\n"), vec![msg("")]);
    assert_eq!(decode("data\ndata\n\n"), vec![msg("\n")]);
}

#[test]
fn comments_and_unknown_fields_ignored() {
    assert_eq!(
        decode(": keep-alive\n\nfoo: bar\nData: x\ndata : y\ndata: z\n:c\n\n"),
        vec![msg("z")]
    );
}

#[test]
fn block_without_data_dispatches_nothing_and_resets_type() {
    assert_eq!(decode("event: ping\n\ndata: a\n\n"), vec![msg("a")]);
}

#[test]
fn event_type_set_and_reset_after_dispatch() {
    assert_eq!(
        decode("event: step\ndata: 1\n\ndata: 2\n\nevent: x\nevent:\ndata: 3\n\n"),
        vec![ev("step", "1", ""), msg("2"), msg("3")]
    );
}

#[test]
fn line_endings_cr_lf_crlf() {
    assert_eq!(
        decode("data: a\r\ndata: b\rdata: c\n\r\n"),
        vec![msg("a\nb\nc")]
    );
    // LF then CR is two line ends: a blank line.
    assert_eq!(decode("data: a\n\r"), vec![msg("a")]);
    // A bare CR inside a value ends the line.
    assert_eq!(decode("data: a\rb\n\n"), vec![msg("a")]);
}

#[test]
fn cr_at_chunk_end_then_lf_is_one_line_end() {
    assert_eq!(
        decode_chunks(&[b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n"]),
        vec![msg("a\nb")]
    );
}

#[test]
fn cr_at_chunk_end_survives_empty_chunks() {
    assert_eq!(
        decode_chunks(&[b"data: a\r", b"", b"", b"\ndata: b\n\n"]),
        vec![msg("a\nb")]
    );
}

#[test]
fn cr_at_chunk_end_then_cr_is_two_line_ends() {
    assert_eq!(decode_chunks(&[b"data: a\r", b"\r"]), vec![msg("a")]);
}

#[test]
fn line_reassembled_across_chunks() {
    assert_eq!(
        decode_chunks(&[b"da", b"ta: he", b"l", b"lo\n", b"\n"]),
        vec![msg("hello")]
    );
}

// ---- BOM -----------------------------------------------------------------

#[test]
fn leading_bom_stripped() {
    assert_eq!(decode("\u{feff}data: a\n\n"), vec![msg("a")]);
}

#[test]
fn bom_split_across_three_chunks() {
    assert_eq!(
        decode_chunks(&[b"\xEF", b"\xBB", b"\xBFdata: a\n\n"]),
        vec![msg("a")]
    );
}

#[test]
fn bom_after_empty_first_chunk() {
    assert_eq!(
        decode_chunks(&[b"", b"\xEF\xBB", b"", b"\xBFdata: a\n\n"]),
        vec![msg("a")]
    );
}

#[test]
fn only_one_bom_stripped() {
    // The second BOM makes the field name "\u{feff}data": unknown.
    assert_eq!(
        decode("\u{feff}\u{feff}data: a\n\ndata: b\n\n"),
        vec![msg("b")]
    );
}

#[test]
fn bom_inside_value_kept() {
    assert_eq!(decode("data: \u{feff}a\n\n"), vec![msg("\u{feff}a")]);
}

#[test]
fn partial_bom_is_text() {
    // EF BB then a line end: not a BOM, the two bytes decode to one U+FFFD
    // and form an unknown field name.
    assert_eq!(
        decode_chunks(&[b"\xEF", b"\xBB\ndata: a\n\n"]),
        vec![msg("a")]
    );
    assert_eq!(decode_chunks(&[b"\xEF", b"data: a\n\n"]), vec![]);
}

// ---- UTF-8 ---------------------------------------------------------------

#[test]
fn multibyte_split_across_chunks() {
    let bytes = "data: 豆腐 😀\n\n".as_bytes();
    for split in 0..=bytes.len() {
        let (a, b) = bytes.split_at(split);
        assert_eq!(
            decode_chunks(&[a, b]),
            vec![msg("豆腐 😀")],
            "split {split}"
        );
    }
}

#[test]
fn invalid_utf8_replaced_with_maximal_subparts() {
    assert_eq!(
        decode_chunks(&[b"data: a\xFFb\n\ndata: \xE2\x82\n\ndata: \xED\xA0\x80\n\n"]),
        vec![
            msg("a\u{fffd}b"),
            msg("\u{fffd}"),
            msg("\u{fffd}\u{fffd}\u{fffd}")
        ]
    );
}

#[test]
fn nul_in_data_kept() {
    assert_eq!(decode("data: a\0b\n\n"), vec![msg("a\0b")]);
}

// ---- id ------------------------------------------------------------------

#[test]
fn id_persists_and_empty_id_resets() {
    assert_eq!(
        decode("id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\nid: 2\ndata: d\n\nid:\ndata: e\n\n"),
        vec![
            ev("message", "a", "1"),
            ev("message", "b", "1"),
            msg("c"),
            ev("message", "d", "2"),
            msg("e"),
        ]
    );
}

#[test]
fn id_with_nul_ignored() {
    assert_eq!(
        decode("id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n"),
        vec![ev("message", "a", "1"), ev("message", "b", "1")]
    );
    assert_eq!(decode("id: \0\ndata: a\n\n"), vec![msg("a")]);
}

#[test]
fn id_only_block_applies_to_later_events() {
    let mut decoder = Decoder::new();
    assert_eq!(decoder.push(b"id: 7\n").unwrap(), vec![]);
    // Not committed until the blank line.
    assert_eq!(decoder.last_event_id(), "");
    assert_eq!(decoder.push(b"\n").unwrap(), vec![]);
    assert_eq!(decoder.last_event_id(), "7");
    assert_eq!(
        decoder.push(b"data: a\n\n").unwrap(),
        vec![ev("message", "a", "7")]
    );
}

#[test]
fn id_of_unterminated_block_not_committed() {
    let mut decoder = Decoder::new();
    decoder.push(b"id: 1\n\nid: 2\ndata: x\n").unwrap();
    assert_eq!(decoder.finish().unwrap(), vec![]);
    assert_eq!(decoder.last_event_id(), "1");
    // A new stream on the same decoder carries the committed ID on.
    assert_eq!(
        decoder.push(b"data: y\n\n").unwrap(),
        vec![ev("message", "y", "1")]
    );
}

// ---- retry ---------------------------------------------------------------

#[test]
fn retry_ascii_digits_only() {
    let mut decoder = Decoder::new();
    decoder
        .push("retry: 1000\nretry: 12a\nretry: -1\nretry:  5\nretry:\nretry\nretry: １２\nretry: 0042\n\n".as_bytes())
        .unwrap();
    assert_eq!(decoder.retry_history(), &[1000, 42]);
    assert_eq!(decoder.retry(), Some(42));
}

#[test]
fn retry_saturates() {
    let mut decoder = Decoder::new();
    decoder.push(b"retry: 99999999999999999999\n").unwrap();
    assert_eq!(decoder.retry(), Some(u32::MAX));
}

#[test]
fn retry_field_on_events() {
    let events = decode("data: a\n\nretry: 3000\n\ndata: b\n\nretry: 10\ndata: c\n\n");
    let retries: Vec<_> = events.iter().map(|e| e.retry).collect();
    assert_eq!(retries, vec![None, Some(3000), Some(10)]);
}

#[test]
fn retry_history_is_bounded() {
    let mut decoder = Decoder::new();
    for n in 0..(RETRY_HISTORY_CAP as u32 + 10) {
        decoder.push(format!("retry: {n}\n").as_bytes()).unwrap();
    }
    let history = decoder.retry_history();
    assert_eq!(history.len(), RETRY_HISTORY_CAP);
    assert_eq!(history.first(), Some(&10));
    assert_eq!(history.last(), Some(&(RETRY_HISTORY_CAP as u32 + 9)));
}

// ---- end of stream -------------------------------------------------------

#[test]
fn unterminated_block_discarded() {
    assert_eq!(decode("data: a\n\ndata: b\n"), vec![msg("a")]);
    assert_eq!(decode("data: a\n\ndata: b"), vec![msg("a")]);
}

#[test]
fn unterminated_last_line_not_applied() {
    let mut decoder = Decoder::new();
    decoder.push(b"retry: 5").unwrap();
    decoder.finish().unwrap();
    assert_eq!(decoder.retry(), None);
}

#[test]
fn finish_starts_a_new_stream() {
    let mut decoder = Decoder::new();
    decoder.push(b"retry: 5\nid: 1\n\ndata: lost").unwrap();
    decoder.finish().unwrap();
    // The BOM is stripped again, the pending line is gone, ID and retry stay.
    assert_eq!(
        decoder.push(b"\xEF\xBB\xBFdata: b\n\n").unwrap(),
        vec![SseEvent {
            retry: Some(5),
            ..ev("message", "b", "1")
        }]
    );
    decoder.reset();
    assert_eq!(decoder.last_event_id(), "");
    assert_eq!(decoder.retry(), None);
    assert!(decoder.retry_history().is_empty());
}

/// Feeds `input` whole and ends it with
/// `finish_accepting_unterminated_block`.
fn decode_accepting_unterminated(input: &[u8]) -> Vec<SseEvent> {
    let mut decoder = Decoder::new();
    let mut events = decoder.push(input).unwrap();
    decoder
        .finish_accepting_unterminated_block(&mut |e| events.push(e.to_event()))
        .unwrap();
    events
}

#[test]
fn an_unterminated_last_block_of_ended_lines_can_be_accepted() {
    let input = b"event: step\ndata: 1\n\nevent: done\ndata: {\"type\":\"done\"}\n";
    // WHATWG: the last block is discarded.
    assert_eq!(
        decode(std::str::from_utf8(input).unwrap()),
        vec![ev("step", "1", "")]
    );
    assert_eq!(
        decode_accepting_unterminated(input),
        vec![ev("step", "1", ""), ev("done", "{\"type\":\"done\"}", "")]
    );
    // CR and CRLF line ends count as ended lines too; several data lines join.
    assert_eq!(
        decode_accepting_unterminated(b"id: 7\r\ndata: a\rdata: b\r\n"),
        vec![ev("message", "a\nb", "7")]
    );
}

#[test]
fn a_cut_line_still_discards_the_last_block() {
    assert!(decode_accepting_unterminated(b"event: done\ndata: {\"type\":\"do").is_empty());
    assert!(decode_accepting_unterminated(b"data: a\ndata").is_empty());
    // A block without data is no event; nor is a comment.
    assert!(decode_accepting_unterminated(b"event: done\nid: 3\n: hi\n").is_empty());
}

#[test]
fn accepting_an_unterminated_block_then_starts_a_new_stream() {
    let mut decoder = Decoder::new();
    decoder.push(b"data: x\n").unwrap();
    let mut first = Vec::new();
    decoder
        .finish_accepting_unterminated_block(&mut |e| first.push(e.to_event()))
        .unwrap();
    assert_eq!(first, vec![msg("x")]);
    // Nothing of the first stream is left over.
    assert_eq!(decoder.push(b"data: y\n\n").unwrap(), vec![msg("y")]);
    let mut none = Vec::new();
    decoder
        .finish_accepting_unterminated_block(&mut |e| none.push(e.to_event()))
        .unwrap();
    assert!(none.is_empty());
}

#[test]
fn accepting_an_unterminated_block_keeps_a_poisoned_decoder_poisoned() {
    let mut decoder = Decoder::with_max_event_size(4);
    assert!(decoder.push(b"data: too long\n").is_err());
    let mut events = Vec::new();
    assert!(matches!(
        decoder.finish_accepting_unterminated_block(&mut |e| events.push(e.to_event())),
        Err(SseError::EventTooLarge { .. })
    ));
    assert!(events.is_empty());
}

// ---- limits and memory ---------------------------------------------------

#[test]
fn default_max_event_size() {
    assert_eq!(DEFAULT_MAX_EVENT_SIZE, 33_554_432);
    assert_eq!(
        SseError::EventTooLarge {
            limit: DEFAULT_MAX_EVENT_SIZE
        }
        .to_string(),
        "SSE event exceeds the 33554432-byte limit"
    );
}

#[test]
fn max_size_error_then_poisoned() {
    let mut decoder = Decoder::with_max_event_size(24);
    assert_eq!(
        decoder.push(b"data: small\n\n").unwrap(),
        vec![msg("small")]
    );
    let error = SseError::EventTooLarge { limit: 24 };
    // Across several lines of one event, each fitting on its own.
    decoder.push(b"data: 0123456789\n").unwrap();
    assert_eq!(decoder.push(b"data: 0123456789\n"), Err(error.clone()));
    assert_eq!(decoder.push(b"\n"), Err(error.clone()));
    assert_eq!(decoder.finish(), Err(error.clone()));
    decoder.reset();
    assert_eq!(decoder.push(b"data: ok\n\n").unwrap(), vec![msg("ok")]);
}

#[test]
fn max_size_counts_the_pending_line() {
    let mut decoder = Decoder::with_max_event_size(16);
    decoder.push(b": 0123456789").unwrap();
    assert_eq!(
        decoder.push(b"0123456789"),
        Err(SseError::EventTooLarge { limit: 16 })
    );
    let mut decoder = Decoder::with_max_event_size(16);
    assert!(decoder.push(&[b'x'; 17]).is_err());
    // Exactly at the limit is fine.
    let mut decoder = Decoder::with_max_event_size(16);
    assert!(decoder.push(&[b'x'; 16]).is_ok());
}

#[test]
fn max_size_counts_replacement_characters() {
    // 10 invalid bytes decode to 30 bytes of U+FFFD.
    let mut decoder = Decoder::with_max_event_size(20);
    assert!(decoder
        .push(b"data:\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\n")
        .is_err());
}

#[test]
fn events_before_the_error_are_delivered_by_push_with() {
    let mut decoder = Decoder::with_max_event_size(10);
    let mut events = Vec::new();
    let result = decoder.push_with(b"data: a\n\ndata: 0123456789\n\n", &mut |e| events.push(e));
    assert!(result.is_err());
    assert_eq!(events, vec![msg("a")]);
}

#[test]
fn buffers_released_after_a_large_event() {
    let mut decoder = Decoder::new();
    let big = "x".repeat(1 << 20);
    // Delivered in pieces, so it passes through the pending-line buffer too.
    let input = format!("event: big\ndata: {big}\ndata: {big}\n\n");
    let mut events = Vec::new();
    for piece in input.as_bytes().chunks(100_000) {
        events.extend(decoder.push(piece).unwrap());
    }
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].data.len(), 2 * (1 << 20) + 1);
    assert!(
        decoder.buffered_bytes() <= 256 * 1024,
        "holds {} bytes",
        decoder.buffered_bytes()
    );
    // And it still works.
    assert_eq!(decoder.push(b"data: a\n\n").unwrap(), vec![msg("a")]);
}

#[test]
fn buffered_bytes_holds_only_the_pending_line() {
    let mut decoder = Decoder::new();
    decoder.push(b"data: abc\n\ndata: partial line").unwrap();
    assert!(decoder.buffered_bytes() < 1024);
}

// ---- API -----------------------------------------------------------------

#[test]
fn push_borrowed_lends_the_same_events() {
    let input = b"id: 1\nevent: e\ndata: a\n\ndata: b\n\n";
    let mut decoder = Decoder::new();
    let mut events = Vec::new();
    decoder
        .push_borrowed(input, &mut |e: SseEventRef<'_>| events.push(e.to_event()))
        .unwrap();
    assert_eq!(events, decode_chunks(&[input]));
}

#[test]
fn decoder_is_default() {
    let mut decoder = Decoder::default();
    assert_eq!(decoder.push(b"data: a\n\n").unwrap(), vec![msg("a")]);
}

#[test]
fn find_line_end_matches_naive_search() {
    let naive = |b: &[u8]| b.iter().position(|&c| c == b'\n' || c == b'\r');
    // Near-miss bytes around the terminator stress the word-at-a-time trick
    // (0x01 and friends can produce spurious flags above a real match).
    for filler in [b'a', 0x01, 0x0B, 0x0C, 0x0E, 0x8A, 0x8D, 0xFF] {
        for len in 0..24 {
            let mut bytes = vec![filler; len];
            assert_eq!(find_line_end(&bytes), None);
            for at in 0..len {
                for terminator in [b'\n', b'\r'] {
                    bytes[at] = terminator;
                    if at + 2 < len {
                        bytes[at + 2] = b'\n';
                    }
                    assert_eq!(find_line_end(&bytes), naive(&bytes), "{bytes:?}");
                    bytes.fill(filler);
                }
            }
        }
    }
}

// ---- reference model and properties --------------------------------------

/// The spec's algorithm written as plainly as possible: decode the whole
/// input, strip a BOM, split into lines, interpret them one by one. Returns
/// the events and the reconnection times set.
fn reference(input: &[u8]) -> (Vec<SseEvent>, Vec<u32>) {
    let text = String::from_utf8_lossy(input);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // Complete lines only: whatever follows the last terminator is dropped.
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                lines.push(std::mem::take(&mut current));
            }
            '\n' => lines.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    let (mut data, mut event_type, mut id) = (String::new(), String::new(), String::new());
    let mut retry = None;
    let mut retries = Vec::new();
    let mut events = Vec::new();
    for line in lines {
        if line.is_empty() {
            if !data.is_empty() {
                if data.ends_with('\n') {
                    data.pop();
                }
                events.push(SseEvent {
                    event: if event_type.is_empty() {
                        "message".to_owned()
                    } else {
                        event_type.clone()
                    },
                    data: data.clone(),
                    id: id.clone(),
                    retry,
                });
            }
            data.clear();
            event_type.clear();
            continue;
        }
        if line.starts_with(':') {
            continue;
        }
        let (field, value) = match line.find(':') {
            Some(i) => {
                let value = &line[i + 1..];
                (&line[..i], value.strip_prefix(' ').unwrap_or(value))
            }
            None => (&line[..], ""),
        };
        match field {
            "data" => {
                data.push_str(value);
                data.push('\n');
            }
            "event" => event_type = value.to_owned(),
            "id" if !value.contains('\0') => id = value.to_owned(),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                let n = value
                    .parse::<u64>()
                    .map_or(u32::MAX, |n| u32::try_from(n).unwrap_or(u32::MAX));
                retry = Some(n);
                retries.push(n);
            }
            _ => {}
        }
    }
    (events, retries)
}

/// Decodes `input` cut at `cuts` (positions, taken modulo the length + 1).
fn decode_split(input: &[u8], cuts: &[usize]) -> (Vec<SseEvent>, Vec<u32>) {
    let (events, history, error) = decode_split_limited(input, cuts, DEFAULT_MAX_EVENT_SIZE);
    assert_eq!(error, None);
    (events, history)
}

/// Like `decode_split` with a size limit: the events delivered before an
/// error, the retry history, and the error.
fn decode_split_limited(
    input: &[u8],
    cuts: &[usize],
    max: usize,
) -> (Vec<SseEvent>, Vec<u32>, Option<SseError>) {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (input.len() + 1)).collect();
    cuts.sort_unstable();
    let mut decoder = Decoder::with_max_event_size(max);
    let mut events = Vec::new();
    let mut start = 0;
    for cut in cuts.into_iter().chain([input.len()]) {
        if let Err(error) = decoder.push_with(&input[start..cut], &mut |e| events.push(e)) {
            return (events, decoder.retry_history().to_vec(), Some(error));
        }
        start = cut;
    }
    let history = decoder.retry_history().to_vec();
    match decoder.finish() {
        Ok(tail) => events.extend(tail),
        Err(error) => return (events, history, Some(error)),
    }
    (events, history, None)
}

/// Byte strings biased towards what matters to an SSE parser.
fn sse_bytes() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just(&b"data:"[..]),
        Just(&b"data: "[..]),
        Just(&b"data"[..]),
        Just(&b"event:"[..]),
        Just(&b"event: step"[..]),
        Just(&b"id:"[..]),
        Just(&b"id: 7"[..]),
        Just(&b"retry:"[..]),
        Just(&b"retry: 1"[..]),
        Just(&b"0"[..]),
        Just(&b"99999999999"[..]),
        Just(&b"\r"[..]),
        Just(&b"\n"[..]),
        Just(&b"\r\n"[..]),
        Just(&b"\n\n"[..]),
        Just(&b":"[..]),
        Just(&b" "[..]),
        Just(&b"x"[..]),
        Just(&b"\0"[..]),
        Just("é".as_bytes()),
        Just("豆".as_bytes()),
        Just("😀".as_bytes()),
        Just(&b"\xEF\xBB\xBF"[..]),
        Just(&b"\xEF\xBB"[..]),
        Just(&b"\xFF"[..]),
        Just(&b"\xE2\x82"[..]),
        Just(&b"\xED\xA0\x80"[..]),
        Just(&b"\xF0\x9F"[..]),
        Just(&b"\x80"[..]),
    ];
    let sse_ish = prop::collection::vec(token, 0..40).prop_map(|tokens| tokens.concat());
    prop_oneof![
        4 => sse_ish,
        1 => prop::collection::vec(any::<u8>(), 0..64),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn chunking_never_changes_the_result(
        input in sse_bytes(),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
    ) {
        prop_assert_eq!(decode_split(&input, &cuts), decode_split(&input, &[]));
    }

    #[test]
    fn chunking_never_changes_where_the_size_limit_hits(
        input in sse_bytes(),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
        max in 0usize..48,
    ) {
        prop_assert_eq!(
            decode_split_limited(&input, &cuts, max),
            decode_split_limited(&input, &[], max)
        );
    }

    #[test]
    fn matches_the_reference_model(
        input in sse_bytes(),
        cuts in prop::collection::vec(any::<usize>(), 0..4),
    ) {
        prop_assert_eq!(decode_split(&input, &cuts), reference(&input));
    }

    #[test]
    fn one_byte_at_a_time_matches_the_reference_model(input in sse_bytes()) {
        let cuts: Vec<usize> = (0..input.len()).collect();
        prop_assert_eq!(decode_split(&input, &cuts), reference(&input));
    }

    #[test]
    fn find_line_end_is_exact(bytes in prop::collection::vec(
        prop_oneof![Just(b'\n'), Just(b'\r'), Just(0x01u8), Just(0x0B), Just(0x0C), Just(0x0E), Just(0x8D), Just(b'a')],
        0..40,
    )) {
        let naive = bytes.iter().position(|&c| c == b'\n' || c == b'\r');
        prop_assert_eq!(find_line_end(&bytes), naive);
    }
}

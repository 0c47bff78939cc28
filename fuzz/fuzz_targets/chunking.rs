//! Fuzz target: the SSE decoder's result must not depend on how the input is
//! chunked, and it must never panic.
//!
//! Run with `cargo fuzz run chunking` from the repository root (or, without
//! cargo-fuzz, build it on stable with `--target <host triple>` and the
//! `-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-*` RUSTFLAGS that
//! cargo-fuzz passes, then run the binary). The first
//! input byte picks how many cuts to make (0..=15) and the following pairs of
//! bytes give their positions; the rest is the event stream.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tavora_wasm::sse::{Decoder, SseEvent};

/// Everything observable after decoding: events, errors, ID and retry state.
type Outcome = (
    Vec<SseEvent>,
    Result<(), tavora_wasm::sse::SseError>,
    String,
    Vec<u32>,
);

fn decode(input: &[u8], cuts: &[usize], max: usize) -> Outcome {
    let mut decoder = Decoder::with_max_event_size(max);
    let mut events = Vec::new();
    let mut start = 0;
    let mut result = Ok(());
    for &cut in cuts.iter().chain([input.len()].iter()) {
        result = decoder.push_with(&input[start..cut], &mut |e| events.push(e));
        if result.is_err() {
            break;
        }
        start = cut;
    }
    let last_event_id = decoder.last_event_id().to_owned();
    let history = decoder.retry_history().to_vec();
    if result.is_ok() {
        result = decoder.finish().map(|tail| events.extend(tail));
    }
    (events, result, last_event_id, history)
}

fuzz_target!(|data: &[u8]| {
    let Some((&count, rest)) = data.split_first() else {
        return;
    };
    let count = usize::from(count % 16).min(rest.len() / 2);
    let (cut_bytes, input) = rest.split_at(count * 2);
    let mut cuts: Vec<usize> = cut_bytes
        .chunks_exact(2)
        .map(|pair| usize::from(u16::from_le_bytes([pair[0], pair[1]])) % (input.len() + 1))
        .collect();
    cuts.sort_unstable();

    for max in [usize::MAX, 64] {
        // A small limit too, so the error path is fuzzed: the same events
        // must come out before the same error, whatever the chunking.
        let whole = decode(input, &[], max);
        assert_eq!(decode(input, &cuts, max), whole);
        let one_byte: Vec<usize> = (0..input.len()).collect();
        assert_eq!(decode(input, &one_byte, max), whole);
    }
});

//! Layer 5, consumers of a checked stack.
//!
//! The rendered entries of a large object (a Terraform resource type's resources, a
//! CloudFormation template's `Resources`), written straight into chunks of text.
//!
//! The rendered text of a large stack is the one part of it that no cache holds (some 450 bytes
//! per resource in Terraform, 700 in CloudFormation: 4.5 and 7 MB at 10,000 resources). Each
//! entry was once rendered into a buffer and copied into an allocation of its own (Terraform),
//! or into one text reserved for the whole template (CloudFormation): written twice, and the
//! template in a block of its own of several megabytes, first touched where no cache holds it
//! (BENCHMARKS.md, stops 24 and 25). Chunks are made as they fill, from the allocator's recycled
//! blocks, never copied to grow, and written to a file one after another as they are.

use crate::json_tree::Tree as Json;
use std::ops::Range;

/// The most room a chunk is made with, unless one entry needs more. Not less: the allocator
/// keeps blocks of 64 KiB and under for their own size once they are freed, so a process that
/// synthesizes again (`synth --watch`, the benchmark's repeated runs) held 59 MB at 20,000
/// resources with chunks of 32 to 64 KiB, against 41 MB with 256 KiB (and with the one block
/// per template before).
pub(crate) const CHUNK: usize = 256 << 10;

/// The room a first chunk is made with: a few entries (a resource of the benchmark's stack
/// renders to 455 bytes on average in Terraform), which is all most types of a small stack hold.
pub(crate) const FIRST_CHUNK: usize = 2048;

/// The room left in a chunk for the next entry, at the least: under it, the entry starts a
/// new chunk (twice the last one's room, up to [`CHUNK`]) instead of growing this one, which
/// would copy it.
pub(crate) const ENTRY_ROOM: usize = 1024;

/// Where an entry stands: its chunk, and its bytes in that chunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EntryAt {
    pub chunk: usize,
    pub bytes: Range<usize>,
}

/// One object's entries as they are rendered, in chunks that are never copied to grow (unless
/// an entry is larger than any before it and than [`ENTRY_ROOM`]). Entries are joined by `,\n`
/// within a chunk; [`push_joined`] joins the chunks.
#[derive(Default)]
pub(crate) struct Chunks {
    pub chunks: Vec<String>,
    /// The size of the largest entry so far: the room the next one is expected to need.
    largest: usize,
}

impl Chunks {
    /// Writes the entry `"name": {..}` at `depth`, after `,\n` when it follows another in its
    /// chunk; returns where it stands.
    pub fn write(&mut self, name: &str, body: &Json, depth: usize) -> EntryAt {
        let room = self.largest.max(ENTRY_ROOM) + 2;
        let fits = |c: &String| c.capacity() - c.len() >= room;
        if !self.chunks.last().is_some_and(fits) {
            let capacity = self
                .chunks
                .last()
                .map_or(FIRST_CHUNK, |c| (2 * c.capacity()).min(CHUNK))
                .max(room);
            self.chunks.push(String::with_capacity(capacity));
        }
        let chunk = self.chunks.len() - 1;
        let text = &mut self.chunks[chunk];
        if !text.is_empty() {
            text.push_str(",\n");
        }
        let start = text.len();
        super::write_member(text, name, body, depth);
        self.largest = self.largest.max(text.len() - start);
        EntryAt {
            chunk,
            bytes: start..text.len(),
        }
    }

    /// Takes back the last entry written (at `last`, with the `,\n` before it), returning its
    /// text.
    pub fn take_last(&mut self, last: &EntryAt) -> String {
        let text = &mut self.chunks[last.chunk];
        debug_assert_eq!(last.bytes.end, text.len(), "the last entry written");
        let entry = text[last.bytes.clone()].to_string();
        // `,\n` stands before every entry but a chunk's first.
        text.truncate(last.bytes.start.saturating_sub(2));
        entry
    }

    /// Puts `entry` in the place of the entry at `old`: the entries after it in its chunk move
    /// by the returned difference of lengths (the new less the old).
    pub fn replace(&mut self, old: &EntryAt, entry: &str) -> isize {
        self.chunks[old.chunk].replace_range(old.bytes.clone(), entry);
        entry.len() as isize - old.bytes.len() as isize
    }

    /// The chunks, the last one copied to a block of its text's size when it has much room to
    /// spare (`shrink_to_fit` keeps a block that is half used): many instances are held
    /// rendered at once (200 instances of the seed's port, some twenty types each, peak at
    /// 18.7 MiB; 25.9 MiB without this, 18.3 MiB when each entry had a block of its own).
    pub fn finish(mut self) -> Vec<String> {
        if let Some(last) = self
            .chunks
            .last_mut()
            .filter(|c| c.capacity() > c.len() + c.len() / 8)
        {
            *last = last.as_str().to_owned();
        }
        self.chunks
    }
}

/// Appends the entries of one object, chunk after chunk, to `pieces`, with `,\n` between
/// chunks; an empty chunk (its only entry taken back) is left out.
pub(crate) fn push_joined(pieces: &mut Vec<String>, chunks: impl IntoIterator<Item = String>) {
    let mut first = true;
    for chunk in chunks.into_iter().filter(|c| !c.is_empty()) {
        if !first {
            pieces.push(",\n".to_string());
        }
        first = false;
        pieces.push(chunk);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(chunks: Vec<String>) -> String {
        let mut pieces = Vec::new();
        push_joined(&mut pieces, chunks);
        pieces.concat()
    }

    #[test]
    fn entries_fill_chunks_that_grow_to_the_largest_and_are_never_copied() {
        let body = Json::from("v");
        let mut chunks = Chunks::default();
        let mut expected = Vec::new();
        for i in 0..2_000 {
            let name = format!("entry_{i}");
            let at = chunks.write(&name, &body, 3);
            expected.push(format!("      \"{name}\": \"v\""));
            assert_eq!(&chunks.chunks[at.chunk][at.bytes], expected[i]);
        }
        let written = chunks
            .chunks
            .iter()
            .map(|c| (c.len(), c.capacity()))
            .collect::<Vec<_>>();
        // Each chunk made with twice the room of the one before, up to `CHUNK`, and filled to
        // within `ENTRY_ROOM` of it without growing.
        let capacities: Vec<usize> = written.iter().map(|&(_, c)| c).collect();
        assert_eq!(
            &capacities[..3],
            &[FIRST_CHUNK, 2 * FIRST_CHUNK, 4 * FIRST_CHUNK]
        );
        assert!(capacities.iter().all(|&c| c <= CHUNK));
        for &(len, capacity) in &written[..written.len() - 1] {
            assert!(capacity - len < ENTRY_ROOM + 2 && len <= capacity);
        }
        // Joined, they are the entries one after another; the last one is fitted to its text.
        let finished = chunks.finish();
        let last = finished.last().expect("chunks");
        assert!(last.capacity() <= last.len() + last.len() / 8);
        assert_eq!(joined(finished), expected.join(",\n"));
    }

    #[test]
    fn after_a_large_entry_chunks_are_made_with_room_for_one_as_large() {
        let mut chunks = Chunks::default();
        let mut expected = vec![r#"      "small": "v""#.to_string()];
        chunks.write("small", &Json::from("v"), 3);
        let large = "x".repeat(10_000);
        for i in 0..4 {
            chunks.write(&format!("large_{i}"), &Json::from(large.as_str()), 3);
            expected.push(format!(r#"      "large_{i}": "{large}""#));
        }
        // The first large entry grew the chunk it was written in (its size was not known);
        // every chunk after it was made with room for one as large.
        assert!(chunks.chunks.len() >= 2);
        assert!(chunks.chunks[1..].iter().all(|c| c.capacity() >= 10_000));
        assert_eq!(joined(chunks.finish()), expected.join(",\n"));
    }

    #[test]
    fn an_entry_taken_back_and_put_in_the_place_of_another_leaves_the_rest_joined() {
        let mut chunks = Chunks::default();
        let a = chunks.write("a", &Json::from("1"), 1);
        let b = chunks.write("b", &Json::from("2"), 1);
        // `a` again, longer: taken from the end and put where `a` stood.
        let again = chunks.write("a", &Json::from("three"), 1);
        let text = chunks.take_last(&again);
        assert_eq!(text, r#"  "a": "three""#);
        let moved = chunks.replace(&a, &text);
        assert_eq!(moved, 4);
        let b_now = b.bytes.start as isize + moved..b.bytes.end as isize + moved;
        assert_eq!(
            &chunks.chunks[0][b_now.start as usize..b_now.end as usize],
            r#"  "b": "2""#
        );
        assert_eq!(
            joined(chunks.finish()),
            "  \"a\": \"three\",\n  \"b\": \"2\""
        );
        // A chunk's only entry taken back leaves an empty chunk, which joining leaves out.
        let mut chunks = Chunks {
            chunks: vec![String::from("  \"x\": 1")],
            largest: 0,
        };
        let big = "y".repeat(3 * ENTRY_ROOM);
        let last = chunks.write("y", &Json::from(big.as_str()), 1);
        assert_eq!(
            last.chunk, 1,
            "a new chunk for an entry larger than the room left"
        );
        chunks.take_last(&last);
        assert_eq!(chunks.chunks[1], "");
        assert_eq!(joined(chunks.finish()), "  \"x\": 1");
    }
}

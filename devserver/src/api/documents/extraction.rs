//! Content types, what kind of processing a file gets, the markdown the
//! dev server "extracts", and chunking.

use super::{Chunk, DocKind, CHUNK_CHARS};
use crate::api::tokens;

pub fn extension(filename: &str) -> String {
    filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// A content type for a filename when the client sent none (or octet-stream).
pub fn guess_content_type(filename: &str) -> &'static str {
    match extension(filename).as_str() {
        "md" | "markdown" => "text/markdown",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "js" | "mjs" => "text/javascript",
        "ts" | "py" | "rs" | "go" | "java" | "rb" | "sh" | "c" | "h" | "cpp" => "text/plain",
        _ => "application/octet-stream",
    }
}

/// Whether a file is markdown, another indexable type, or only stored.
pub fn classify(filename: &str, content_type: &str) -> DocKind {
    match extension(filename).as_str() {
        "md" | "markdown" => return DocKind::Markdown,
        "pdf" | "txt" | "csv" | "html" | "htm" | "docx" | "xlsx" | "png" | "jpg" | "jpeg"
        | "gif" | "webp" => return DocKind::Extract,
        "" => {}
        _ => return DocKind::Stored,
    }
    let ct = content_type.to_ascii_lowercase();
    let ct = ct.split(';').next().unwrap_or("").trim();
    match ct {
        "text/markdown" => DocKind::Markdown,
        "text/plain" | "text/csv" | "text/html" | "application/pdf" => DocKind::Extract,
        c if c.starts_with("image/") => DocKind::Extract,
        _ => DocKind::Stored,
    }
}

pub fn strip_html(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn csv_to_markdown(csv: &str) -> String {
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(str::trim).collect())
        .collect();
    let Some(header) = rows.first() else {
        return String::new();
    };
    let mut out = format!("| {} |\n", header.join(" | "));
    out.push_str(&format!("|{}\n", " --- |".repeat(header.len())));
    for r in &rows[1..] {
        out.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    out
}

/// The markdown text the dev server "extracts" from an upload.
pub fn extract_markdown(filename: &str, content_type: &str, bytes: &[u8]) -> String {
    let lossy = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
    let ext = extension(filename);
    let body = if ext == "csv" || content_type.starts_with("text/csv") {
        csv_to_markdown(&lossy)
    } else if ext == "html" || ext == "htm" || content_type.starts_with("text/html") {
        strip_html(&lossy)
    } else if content_type.starts_with("image/") {
        format!(
            "Image `{filename}` ({} bytes). The dev server does no OCR.",
            bytes.len()
        )
    } else {
        let printable: String = lossy
            .chars()
            .filter(|c| (!c.is_control() || c.is_whitespace()) && *c != '\u{FFFD}')
            .collect();
        if printable.trim().is_empty() {
            format!("No text layer in `{filename}` ({} bytes).", bytes.len())
        } else {
            printable
        }
    };
    format!("# {filename}\n\n{}", body.trim())
}

pub fn split_long(p: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for w in p.split_whitespace() {
        if !cur.is_empty() && cur.len() + 1 + w.len() > max {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Paragraphs packed into chunks of at most ~[`CHUNK_CHARS`] bytes.
pub fn chunk_text(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n");
    let mut chunks = Vec::new();
    let mut cur = String::new();
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let pieces = if para.len() > CHUNK_CHARS {
            split_long(para, CHUNK_CHARS)
        } else {
            vec![para.to_string()]
        };
        for piece in pieces {
            if !cur.is_empty() && cur.len() + 2 + piece.len() > CHUNK_CHARS {
                chunks.push(std::mem::take(&mut cur));
            }
            if !cur.is_empty() {
                cur.push_str("\n\n");
            }
            cur.push_str(&piece);
        }
    }
    if !cur.is_empty() {
        chunks.push(cur);
    }
    chunks
}

pub fn make_chunks(doc_id: &str, text: &str) -> Vec<Chunk> {
    chunk_text(text)
        .into_iter()
        .enumerate()
        .map(|(i, content)| Chunk {
            id: format!("chk_{}_{i}", doc_id.trim_start_matches("doc_")),
            index: i,
            tokens: tokens(&content).into_iter().collect(),
            content,
        })
        .collect()
}

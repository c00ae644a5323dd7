//! A3: the words, numbers and punctuation of a post's prose, as the date search reads them.

use crate::import::text;

/// One token of prose: a lower-case word, a number with its digit count, a punctuation mark,
/// or a paragraph break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Tok {
    Word(String),
    Num { value: u32, digits: usize },
    Punct(char),
    Para,
}

/// Splits prose into lower-case words, numbers and punctuation, with a `Para` token between
/// paragraphs and around headings.
pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    let plain = text::plain(text, true).text.to_lowercase();
    let mut toks = Vec::new();
    let mut block = String::new();
    let flush = |block: &mut String, toks: &mut Vec<Tok>| {
        if !block.trim().is_empty() {
            if !toks.is_empty() {
                toks.push(Tok::Para);
            }
            tokenize_block(block, toks);
        }
        block.clear();
    };
    for line in plain.lines() {
        let t = line.trim();
        if t.is_empty() {
            flush(&mut block, &mut toks);
        } else if t.starts_with('#') {
            flush(&mut block, &mut toks);
            block.push_str(t);
            flush(&mut block, &mut toks);
        } else {
            block.push_str(t);
            block.push(' ');
        }
    }
    flush(&mut block, &mut toks);
    toks
}

pub(super) fn tokenize_block(s: &str, toks: &mut Vec<Tok>) {
    let mut word = String::new();
    let mut num = String::new();
    let flush = |word: &mut String, num: &mut String, toks: &mut Vec<Tok>| {
        if !word.is_empty() {
            toks.push(Tok::Word(std::mem::take(word)));
        }
        if !num.is_empty() {
            let digits = num.len();
            let value = if digits > 9 { u32::MAX } else { num.parse().unwrap_or(u32::MAX) };
            toks.push(Tok::Num { value, digits });
            num.clear();
        }
    };
    for c in s.chars() {
        if c.is_alphabetic() {
            if !num.is_empty() {
                flush(&mut word, &mut num, toks);
            }
            word.push(c);
        } else if c.is_ascii_digit() {
            if !word.is_empty() {
                flush(&mut word, &mut num, toks);
            }
            num.push(c);
        } else {
            flush(&mut word, &mut num, toks);
            if !c.is_whitespace() {
                toks.push(Tok::Punct(if c == '’' { '\'' } else { c }));
            }
        }
    }
    flush(&mut word, &mut num, toks);
}

/// The word at `i`, if that token is one.
pub(super) fn word(t: &[Tok], i: usize) -> Option<&str> {
    match t.get(i)? {
        Tok::Word(w) => Some(w),
        _ => None,
    }
}

/// True when the token at `i` is one of the punctuation marks of `set`.
pub(super) fn is_punct(t: &[Tok], i: usize, set: &[char]) -> bool {
    matches!(t.get(i), Some(Tok::Punct(c)) if set.contains(c))
}

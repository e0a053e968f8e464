//! Numbers written into strings by hand. `format!` walks its pieces and
//! pads every argument through a `Formatter`, and a `format!` without
//! literal text starts from an empty string that grows as it is written:
//! about a thousand instructions for "2026 年 5 月". A build writes
//! millions of numbers (search postings, periods of a year of daily
//! results, durations), and these helpers are a few dozen each.

/// Writes `number` in decimal, as `format!("{number}")` does: two digits
/// at a time, as slices of a table of the pairs "00" to "99" (a `str`, so
/// that no byte has to be checked to be UTF-8 or pushed as a `char`: each
/// of those took as many instructions as the rest).
pub fn push_u64(out: &mut String, number: u64) {
    const PAIRS: &str = "0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";
    if number >= 100 {
        push_u64(out, number / 100);
        let pair = (number % 100) as usize * 2;
        out.push_str(&PAIRS[pair..pair + 2]);
    } else if number >= 10 {
        let pair = number as usize * 2;
        out.push_str(&PAIRS[pair..pair + 2]);
    } else {
        let digit = number as usize * 2 + 1;
        out.push_str(&PAIRS[digit..digit + 1]);
    }
}

/// Writes `number` in decimal, as `format!("{number}")` does.
pub fn push_u32(out: &mut String, number: u32) {
    push_u64(out, u64::from(number));
}

/// Writes `number` in decimal, with a `-` when negative, as
/// `format!("{number}")` does.
pub fn push_i64(out: &mut String, number: i64) {
    if number < 0 {
        out.push('-');
    }
    push_u64(out, number.unsigned_abs());
}

/// A piece of `join`'s text.
#[derive(Clone, Copy)]
pub enum Piece<'t> {
    Text(&'t str),
    Number(i64),
}

/// The pieces written one after the other into a string allocated once:
/// `join(&[Number(2026), Text(" 年 "), Number(5), Text(" 月")])` is what
/// `format!("{year} 年 {month} 月")` makes.
pub fn join(pieces: &[Piece<'_>]) -> String {
    let length = pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.len(),
            // Room for the longest (`-9223372036854775808`).
            Piece::Number(_) => 20,
        })
        .sum();
    let mut out = String::with_capacity(length);
    for piece in pieces {
        match *piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Number(number) => push_i64(&mut out, number),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn numbers_as_format_writes_them(unsigned: u64, signed: i64) {
            let written = |push: &dyn Fn(&mut String)| {
                let mut out = String::from("x");
                push(&mut out);
                out
            };
            prop_assert_eq!(written(&|out| push_u64(out, unsigned)), format!("x{unsigned}"));
            prop_assert_eq!(written(&|out| push_i64(out, signed)), format!("x{signed}"));
        }

        /// `push_u32` appends what `to_string` writes, for any number.
        #[test]
        fn push_u32_writes_the_decimal(before in "[a-z,]{0,3}", number in proptest::prelude::any::<u32>()) {
            let mut out = before.clone();
            push_u32(&mut out, number);
            proptest::prop_assert_eq!(out, format!("{before}{number}"));
        }
    }

    #[test]
    fn push_u32_edges() {
        for number in [0, 9, 10, 99, 100, 101, 999_999, u32::MAX] {
            let mut out = String::new();
            push_u32(&mut out, number);
            assert_eq!(out, number.to_string());
        }
    }

    #[test]
    fn join_writes_what_format_writes() {
        use Piece::{Number, Text};
        assert_eq!(
            join(&[Number(2026), Text(" 年 "), Number(5), Text(" 月")]),
            format!("{} 年 {} 月", 2026, 5)
        );
        assert_eq!(join(&[Text("Q"), Number(-1)]), "Q-1");
        assert_eq!(join(&[]), "");
    }

    #[test]
    fn edges_as_format_writes_them() {
        for number in [0, 9, 10, 99, 100, 101, 999, 1000, u64::MAX] {
            let mut out = String::new();
            push_u64(&mut out, number);
            assert_eq!(out, number.to_string());
        }
        for number in [i64::MIN, -1, 0, 1, i64::MAX] {
            let mut out = String::new();
            push_i64(&mut out, number);
            assert_eq!(out, number.to_string());
        }
    }
}

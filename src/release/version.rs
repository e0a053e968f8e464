//! Release versions: which strings are versions, and how two compare.
//!
//! A version is `[0-9A-Za-z][0-9A-Za-z._-]*` (it names a file under
//! `releases/`, so it holds no `/` and never starts with a dot). Versions
//! compare segment by segment (split at `.`), numerically where both
//! segments are numbers, so `2026.9` < `2026.10`, and as text otherwise; a
//! version that is a prefix of another is the smaller (`2026` < `2026.1`).

use std::cmp::Ordering;

/// Whether `text` is a valid version.
pub fn is_valid(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Why `text` is not a valid version, for diagnostics.
pub fn problem(text: &str) -> Option<String> {
    if is_valid(text) {
        None
    } else {
        Some(format!(
            "`{text}` is not a version: it must match `[0-9A-Za-z][0-9A-Za-z._-]*`"
        ))
    }
}

/// Compares two versions by their segments. Equal means "the same
/// version" (`2026.01` and `2026.1` are equal: one is not newer).
pub fn compare(a: &str, b: &str) -> Ordering {
    let mut left = a.split('.');
    let mut right = b.split('.');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = compare_segment(x, y);
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

/// Digits compare as numbers of any length (no overflow: leading zeros
/// dropped, then the longer is the greater); numbers sort before words,
/// as in most version schemes (`1.0` < `1.beta`).
fn compare_segment(a: &str, b: &str) -> Ordering {
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match (numeric(a), numeric(b)) {
        (true, true) => {
            let a = a.trim_start_matches('0');
            let b = b.trim_start_matches('0');
            a.len().cmp(&b.len()).then_with(|| a.cmp(b))
        }
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn segments_compare_as_numbers() {
        assert_eq!(compare("2026.9", "2026.10"), Ordering::Less);
        assert_eq!(compare("2026.10", "2026.9"), Ordering::Greater);
        assert_eq!(compare("2026.1", "2026.01"), Ordering::Equal);
        assert_eq!(compare("2026", "2026.1"), Ordering::Less);
        assert_eq!(compare("1.0", "1.beta"), Ordering::Less);
        assert_eq!(compare("2026.2", "2027.1"), Ordering::Less);
        assert_eq!(
            compare("99999999999999999999999.1", "100000000000000000000000.0"),
            Ordering::Less
        );
    }

    #[test]
    fn the_pattern_is_checked() {
        for good in ["2026.1", "v1", "1.0-rc_2", "A"] {
            assert!(is_valid(good), "{good}");
        }
        for bad in ["", ".1", "-1", "1/2", "1 2", "２０２６", "../x"] {
            assert!(!is_valid(bad), "{bad}");
            assert!(problem(bad).is_some());
        }
    }

    fn version() -> impl Strategy<Value = String> {
        prop::collection::vec(prop_oneof!["[0-9]{1,3}", "[a-z]{1,3}", "0[0-9]{1,2}"], 1..5)
            .prop_map(|segments| segments.join("."))
    }

    proptest! {
        /// The order is a total order: antisymmetric and transitive, and
        /// consistent with the numeric value of all-number versions.
        #[test]
        fn the_order_is_total(a in version(), b in version(), c in version()) {
            prop_assert!(is_valid(&a));
            prop_assert_eq!(compare(&a, &b), compare(&b, &a).reverse());
            if compare(&a, &b) != Ordering::Greater && compare(&b, &c) != Ordering::Greater {
                prop_assert_ne!(compare(&a, &c), Ordering::Greater);
            }
            prop_assert_eq!(compare(&a, &a), Ordering::Equal);
        }

        #[test]
        fn numbers_order_like_their_values(x in 0u64..100_000, y in 0u64..100_000, major in 0u64..3000) {
            prop_assert_eq!(
                compare(&format!("{major}.{x}"), &format!("{major}.{y}")),
                x.cmp(&y)
            );
        }
    }
}

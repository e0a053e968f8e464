//! Exact decimals for service credits: `1.5%` + `0.1%` + `0.2%` is `1.8%`
//! to the last digit (a float sum is `1.8000000000000003`), because the
//! credits are money the two sides settle on.

use std::cmp::Ordering;
use std::fmt;

/// A non-negative decimal number: `units` × 10^-`scale`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Decimal {
    units: u128,
    scale: u32,
}

/// More fraction digits than any percentage is written with; a longer
/// text is refused rather than rounded.
const MAX_SCALE: u32 = 18;

impl Decimal {
    pub const ZERO: Decimal = Decimal { units: 0, scale: 0 };

    /// A decimal as written: digits with at most one point (`2`, `1.5`,
    /// `0.25`), optionally followed by `%` (ignored: percentages add up as
    /// percentages).
    pub fn parse(text: &str) -> Option<Decimal> {
        let number = text.strip_suffix('%').unwrap_or(text);
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        let digits = |part: &str| part.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty()
            || !digits(whole)
            || !digits(fraction)
            || fraction.len() as u32 > MAX_SCALE
        {
            return None;
        }
        // The digits of both parts as one number (what parsing them
        // joined gives, without joining them: a review parses every
        // target and actual of the month).
        let units = whole
            .bytes()
            .chain(fraction.bytes())
            .try_fold(0u128, |units, digit| {
                units.checked_mul(10)?.checked_add(u128::from(digit - b'0'))
            })?;
        Some(Decimal {
            units,
            scale: fraction.len() as u32,
        })
    }

    fn rescaled(self, scale: u32) -> Option<u128> {
        self.units
            .checked_mul(10u128.checked_pow(scale - self.scale)?)
    }

    /// The exact sum (saturating at the largest value, which no credit
    /// reaches).
    pub fn plus(self, other: Decimal) -> Decimal {
        let scale = self.scale.max(other.scale);
        match (self.rescaled(scale), other.rescaled(scale)) {
            (Some(a), Some(b)) => Decimal {
                units: a.saturating_add(b),
                scale,
            },
            _ => Decimal {
                units: u128::MAX,
                scale,
            },
        }
    }

    pub fn min(self, other: Decimal) -> Decimal {
        if other < self { other } else { self }
    }

    pub fn is_zero(self) -> bool {
        self.units == 0
    }

    /// Rounded half up to at most two decimals, trailing zeros dropped
    /// (`1.8`, `2`, `0.33`, `0.67`).
    pub fn to_two_decimals(self) -> String {
        let hundredths = if self.scale <= 2 {
            self.units.saturating_mul(10u128.pow(2 - self.scale))
        } else {
            let divisor = 10u128.pow(self.scale - 2);
            let (quotient, remainder) = (self.units / divisor, self.units % divisor);
            quotient + u128::from(remainder * 2 >= divisor)
        };
        let (whole, fraction) = (hundredths / 100, hundredths % 100);
        match fraction {
            0 => format!("{whole}"),
            f if f % 10 == 0 => format!("{whole}.{}", f / 10),
            f => format!("{whole}.{f:02}"),
        }
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let scale = self.scale.max(other.scale);
        match (self.rescaled(scale), other.rescaled(scale)) {
            (Some(a), Some(b)) => a.cmp(&b),
            // Only numbers beyond any credit overflow: the longer one is
            // the larger.
            (None, _) => Ordering::Greater,
            (_, None) => Ordering::Less,
        }
    }
}

impl fmt::Display for Decimal {
    /// Shown with at most two decimals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_two_decimals())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    proptest::proptest! {
        /// The digits read one by one give what parsing them joined gives,
        /// overflow (`None`) included.
        #[test]
        fn parse_reads_the_number_the_joined_digits_make(
            whole in "[0-9]{1,40}",
            fraction in proptest::option::of("[0-9]{0,18}"),
            percent: bool,
        ) {
            let text = format!(
                "{whole}{}{}",
                fraction.as_ref().map(|f| format!(".{f}")).unwrap_or_default(),
                if percent { "%" } else { "" }
            );
            let fraction = fraction.unwrap_or_default();
            let plain = format!("{whole}{fraction}")
                .parse::<u128>()
                .ok()
                .map(|units| (units, fraction.len() as u32));
            proptest::prop_assert_eq!(
                Decimal::parse(&text).map(|d| (d.units, d.scale)),
                plain
            );
        }
    }

    #[test]
    fn sums_are_exact() {
        let sum = d("1.5%").plus(d("0.1%")).plus(d("0.2%"));
        assert_eq!(sum, d("1.8"));
        assert_eq!(sum.to_string(), "1.8");
        assert_eq!(d("0.1").plus(d("0.2")), d("0.3"));
        assert_eq!(d("2%").plus(d("3%")).to_string(), "5");
    }

    #[test]
    fn shown_with_at_most_two_decimals_rounded_half_up() {
        for (text, shown) in [
            ("0.125", "0.13"),
            ("0.124", "0.12"),
            ("0.333", "0.33"),
            ("1.005", "1.01"),
            ("2.50", "2.5"),
            ("100", "100"),
            ("0", "0"),
            ("0.999", "1"),
        ] {
            assert_eq!(d(text).to_two_decimals(), shown, "{text}");
        }
    }

    #[test]
    fn comparison_ignores_the_written_scale() {
        assert_eq!(d("15%"), d("15.00"));
        assert!(d("15.01") > d("15"));
        assert_eq!(d("20").min(d("15%")), d("15"));
        for bad in ["", ".5", "1e2", "-1", "1.2.3", "abc%"] {
            assert!(Decimal::parse(bad).is_none(), "{bad}");
        }
    }
}

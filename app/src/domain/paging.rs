//! One way from a requested page number to a bounded page and row offset.
//!
//! A page number comes from the visitor (`?page=…`, or a server function's
//! argument) and can be anything a `u64` holds. Every list goes through
//! [`Paging::new`], which clamps the page to [`MAX_PAGE`] and the rows per page
//! to [`MAX_PER_PAGE`], so `page * per_page` and the pagination's `page + 1`
//! can never overflow, and a database is never asked to skip more rows than a
//! real list has pages for.

/// Counting stops here: a list says "more than 10,000" rather than scan on.
pub const COUNT_CAP: u64 = 10_000;

/// The last page (0-based) any list shows. Counts stop at 10,000 rows
/// ([`COUNT_CAP`]), so no list has this many pages of real rows.
pub const MAX_PAGE: u64 = 100_000;

/// The most rows on one page of any list.
pub const MAX_PER_PAGE: u64 = 1_000;

/// A bounded, 0-based page and its row offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    /// The page shown, 0-based, at most [`MAX_PAGE`].
    pub page: u64,
    /// Rows per page, 1 to [`MAX_PER_PAGE`].
    pub per_page: u64,
}

impl Paging {
    /// The page `page` (0-based, as requested) of a list of `per_page` rows a page.
    pub fn new(page: u64, per_page: u64) -> Paging {
        Paging { page: page.min(MAX_PAGE), per_page: per_page.clamp(1, MAX_PER_PAGE) }
    }

    /// Rows before this page (`page * per_page`, which the bounds keep far below `u64::MAX`).
    pub fn offset(&self) -> u64 {
        self.page.saturating_mul(self.per_page)
    }

    /// [`Self::offset`] as a `usize`, for paging a list held in memory.
    pub fn offset_usize(&self) -> usize {
        usize::try_from(self.offset()).unwrap_or(usize::MAX)
    }

    /// `LIMIT n OFFSET m` for this page.
    pub fn limit_offset(&self) -> String {
        format!("LIMIT {} OFFSET {}", self.per_page, self.offset())
    }
}

/// The 0-based page from the 1-based text of a `page=N` query parameter:
/// the first page when it is missing or not a number, at most [`MAX_PAGE`]
/// (also for a number too long for a `u64`).
pub fn page_from_query(raw: Option<&str>) -> u64 {
    let Some(raw) = raw.map(str::trim).filter(|p| !p.is_empty()) else { return 0 };
    match raw.parse::<u64>() {
        Ok(n) => n.saturating_sub(1).min(MAX_PAGE),
        Err(_) if raw.bytes().all(|b| b.is_ascii_digit()) => MAX_PAGE,
        Err(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_pages_are_clamped_and_offsets_never_overflow() {
        let p = Paging::new(u64::MAX, 20);
        assert_eq!(p.page, MAX_PAGE);
        assert_eq!(p.offset(), MAX_PAGE * 20);
        let p = Paging::new(i64::MAX as u64, u64::MAX);
        assert_eq!(p.per_page, MAX_PER_PAGE);
        assert_eq!(p.offset(), MAX_PAGE * MAX_PER_PAGE);
        assert_eq!(Paging::new(3, 0).per_page, 1, "no division by a zero page size");
    }

    #[test]
    fn ordinary_pages_are_unchanged() {
        let p = Paging::new(2, 20);
        assert_eq!((p.page, p.offset()), (2, 40));
        assert_eq!(p.limit_offset(), "LIMIT 20 OFFSET 40");
        assert_eq!(Paging::new(0, 50).offset(), 0);
    }

    #[test]
    fn query_parameters() {
        assert_eq!(page_from_query(None), 0);
        assert_eq!(page_from_query(Some("1")), 0);
        assert_eq!(page_from_query(Some("3")), 2);
        assert_eq!(page_from_query(Some("0")), 0);
        assert_eq!(page_from_query(Some("-5")), 0);
        assert_eq!(page_from_query(Some("abc")), 0);
        assert_eq!(page_from_query(Some("9223372036854775807")), MAX_PAGE);
        assert_eq!(page_from_query(Some("99999999999999999999999")), MAX_PAGE);
        assert_eq!(page_from_query(Some("")), 0);
    }
}

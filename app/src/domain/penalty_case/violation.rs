//! The table of violations as data: a row names the regulation and article,
//! the penalties the law allows with its fine (a range, or multiples of the
//! illegal income or turnover), and the discretion standard's tiers
//! (裁量基准: 轻微 / 一般 / 较重 / 严重, each with its penalties and narrower
//! ranges) with the circumstances that aggravate or mitigate. A chosen
//! penalty is checked against its row here; the case's state machine checks
//! the procedure.

use serde::{Deserialize, Serialize};

use super::{Penalty, Sanction, Settings};

/// What a fine in multiples is counted on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FineBase {
    /// 违法所得
    IllegalIncome,
    /// 违法经营额
    IllegalTurnover,
}

impl FineBase {
    pub fn as_str(self) -> &'static str {
        match self {
            FineBase::IllegalIncome => "illegal_income",
            FineBase::IllegalTurnover => "illegal_turnover",
        }
    }

    pub fn parse(s: &str) -> Option<FineBase> {
        [FineBase::IllegalIncome, FineBase::IllegalTurnover].into_iter().find(|b| b.as_str() == s.trim())
    }

    pub fn zh(self) -> &'static str {
        match self {
            FineBase::IllegalIncome => "违法所得",
            FineBase::IllegalTurnover => "违法经营额",
        }
    }
}

/// A fine the law (or a tier) allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FineRule {
    /// From `min_fen` to `max_fen` (e.g. 彩票管理条例 §41: ¥2,000–10,000).
    Range { min_fen: i64, max_fen: i64 },
    /// From `min_tenths` to `max_tenths` tenths of the base (e.g. 社团条例 §30:
    /// 1–3 times the illegal turnover = 10–30, or 3–5 times the illegal income).
    Times { base: FineBase, min_tenths: u32, max_tenths: u32 },
}

impl FineRule {
    /// The range in 分 with the base amount, if the rule counts on it.
    pub fn bounds(self, base: Option<(FineBase, i64)>) -> Option<(i64, i64)> {
        match self {
            FineRule::Range { min_fen, max_fen } => Some((min_fen, max_fen)),
            FineRule::Times { base: b, min_tenths, max_tenths } => {
                let amount = base.filter(|(kind, _)| *kind == b)?.1;
                let times = |t: u32| i64::try_from(i128::from(amount) * i128::from(t) / 10).unwrap_or(i64::MAX);
                Some((times(min_tenths), times(max_tenths)))
            }
        }
    }

    fn base(self) -> Option<FineBase> {
        match self {
            FineRule::Range { .. } => None,
            FineRule::Times { base, .. } => Some(base),
        }
    }

    fn well_formed(self) -> bool {
        match self {
            FineRule::Range { min_fen, max_fen } => 0 <= min_fen && min_fen <= max_fen && max_fen > 0,
            FineRule::Times { min_tenths, max_tenths, .. } => min_tenths <= max_tenths && max_tenths > 0,
        }
    }

    /// Within `outer`: a range inside a range, multiples inside multiples of the same base.
    fn within(self, outer: FineRule) -> bool {
        match (self, outer) {
            (FineRule::Range { min_fen: a, max_fen: b }, FineRule::Range { min_fen: c, max_fen: d }) => {
                c <= a && b <= d
            }
            (
                FineRule::Times { base: x, min_tenths: a, max_tenths: b },
                FineRule::Times { base: y, min_tenths: c, max_tenths: d },
            ) => x == y && c <= a && b <= d,
            _ => false,
        }
    }
}

/// The rule of `rules` that applies: the multiples of the base given, else the range.
fn pick(rules: &[FineRule], base: Option<(FineBase, i64)>) -> Option<FineRule> {
    let by_base = base.and_then(|(b, _)| rules.iter().copied().find(|r| r.base() == Some(b)));
    by_base.or_else(|| rules.iter().copied().find(|r| r.base().is_none()))
}

/// A tier of the discretion standard (裁量阶次).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Gravity {
    /// 轻微
    Slight,
    /// 一般
    Ordinary,
    /// 较重
    Grave,
    /// 严重
    Serious,
}

impl Gravity {
    pub const ALL: [Gravity; 4] = [Gravity::Slight, Gravity::Ordinary, Gravity::Grave, Gravity::Serious];

    pub fn as_str(self) -> &'static str {
        match self {
            Gravity::Slight => "slight",
            Gravity::Ordinary => "ordinary",
            Gravity::Grave => "grave",
            Gravity::Serious => "serious",
        }
    }

    pub fn parse(s: &str) -> Option<Gravity> {
        Self::ALL.into_iter().find(|g| g.as_str() == s.trim())
    }

    pub fn zh(self) -> &'static str {
        match self {
            Gravity::Slight => "轻微",
            Gravity::Ordinary => "一般",
            Gravity::Grave => "较重",
            Gravity::Serious => "严重",
        }
    }
}

/// How the circumstances move the penalty within (or below) the tier
/// (行政处罚法 §32 mitigating, the standard's aggravating circumstances).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Adjust {
    /// Anywhere in the tier's range.
    #[default]
    Standard,
    /// 从轻: in the lower part of the range ([`Settings::lighter_max_pct`]).
    Lighter,
    /// 从重: in the upper part ([`Settings::heavier_min_pct`]).
    Heavier,
    /// 减轻 (§32): below the minimum, or a lighter kind than the tier's, never a heavier one.
    Reduced,
}

impl Adjust {
    pub const ALL: [Adjust; 4] = [Adjust::Standard, Adjust::Lighter, Adjust::Heavier, Adjust::Reduced];

    pub fn as_str(self) -> &'static str {
        match self {
            Adjust::Standard => "standard",
            Adjust::Lighter => "lighter",
            Adjust::Heavier => "heavier",
            Adjust::Reduced => "reduced",
        }
    }

    pub fn parse(s: &str) -> Option<Adjust> {
        Self::ALL.into_iter().find(|a| a.as_str() == s.trim())
    }

    pub fn zh(self) -> &'static str {
        match self {
            Adjust::Standard => "一般",
            Adjust::Lighter => "从轻",
            Adjust::Heavier => "从重",
            Adjust::Reduced => "减轻",
        }
    }
}

/// One tier of a violation's discretion standard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub gravity: Gravity,
    /// The circumstances that place a case in this tier.
    pub circumstances: String,
    /// The penalties of the tier.
    pub penalties: Vec<Penalty>,
    /// The tier's fines (within the law's); none: the law's.
    pub fines: Vec<FineRule>,
    /// The tier's period in months (within the law's); none: the law's.
    pub months: Option<(u32, u32)>,
}

/// A row of the violation table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// Its code in the table, e.g. `st30_3`.
    pub code: String,
    /// 《社会团体登记管理条例》
    pub regulation: String,
    /// 第三十条第一款第（三）项
    pub article: String,
    /// What the violation is.
    pub description: String,
    /// The penalties the article allows.
    pub penalties: Vec<Penalty>,
    /// The article's fines (one range, or multiples of each base it names).
    pub fines: Vec<FineRule>,
    /// The article's period in months for a suspension or a ban (e.g. 慈善法
    /// §112: one to five years = 12–60), if it sets one.
    pub months: Option<(u32, u32)>,
    /// The discretion standard's tiers (none: the article alone).
    pub tiers: Vec<Tier>,
    /// Circumstances that aggravate (从重).
    pub aggravating: Vec<String>,
    /// Circumstances that mitigate (从轻、减轻).
    pub mitigating: Vec<String>,
}

/// The officer's reading of the case against the row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// The tier the facts fall in (needed when the row has tiers).
    pub gravity: Option<Gravity>,
    pub adjust: Adjust,
    /// The illegal income or turnover found, in 分, for a fine in multiples.
    pub base: Option<(FineBase, i64)>,
}

fn within_months(m: u32, range: Option<(u32, u32)>, reduced: bool) -> bool {
    range.is_none_or(|(lo, hi)| m <= hi && (reduced || m >= lo))
}

fn repeated<T: PartialEq>(items: impl Iterator<Item = T> + Clone) -> bool {
    items.clone().enumerate().any(|(i, a)| items.clone().skip(i + 1).any(|b| b == a))
}

impl Violation {
    /// The tier of `gravity`.
    pub fn tier(&self, gravity: Gravity) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.gravity == gravity)
    }

    /// The row is consistent: its texts given, its penalties listed once, a
    /// fine rule exactly when a fine is allowed, ranges the right way round,
    /// and each tier inside the article.
    pub fn check_row(&self) -> Result<(), &'static str> {
        let texts = [&self.code, &self.regulation, &self.article, &self.description];
        if texts.iter().any(|t| t.trim().is_empty()) {
            return Err("pen_err_row_text");
        }
        if self.penalties.is_empty() || repeated(self.penalties.iter()) {
            return Err("pen_err_row_penalties");
        }
        if self.penalties.contains(&Penalty::Fine) == self.fines.is_empty() {
            return Err("pen_err_row_fine_rule");
        }
        if repeated(self.fines.iter().map(|r| r.base())) {
            return Err("pen_err_row_fine_rule");
        }
        if !self.fines.iter().all(|r| r.well_formed()) || self.months.is_some_and(|(lo, hi)| lo == 0 || lo > hi) {
            return Err("pen_err_row_range");
        }
        if repeated(self.tiers.iter().map(|t| t.gravity)) {
            return Err("pen_err_row_tier");
        }
        for t in &self.tiers {
            let kinds_ok = !t.penalties.is_empty()
                && !repeated(t.penalties.iter())
                && t.penalties.iter().all(|p| self.penalties.contains(p));
            let fines_ok = (t.fines.is_empty() || t.penalties.contains(&Penalty::Fine))
                && t.fines.iter().all(|r| r.well_formed() && self.fines.iter().any(|outer| r.within(*outer)));
            let months_ok = t
                .months
                .is_none_or(|(lo, hi)| lo >= 1 && lo <= hi && self.months.is_none_or(|(a, b)| a <= lo && hi <= b));
            if !(kinds_ok && fines_ok && months_ok) {
                return Err("pen_err_row_tier");
            }
        }
        Ok(())
    }

    /// Whether `chosen` is a penalty this violation allows, within the
    /// article's ranges and the tier's, as the adjustment moves it. `Err` is
    /// the message key of the first thing wrong.
    pub fn check(&self, chosen: &[Sanction], c: &Choice, s: &Settings) -> Result<(), &'static str> {
        if chosen.is_empty() {
            return Err("pen_err_penalty_missing");
        }
        if repeated(chosen.iter().map(|x| x.penalty)) {
            return Err("pen_err_penalty_repeated");
        }
        let reduced = c.adjust == Adjust::Reduced;
        let tier = match (c.gravity, self.tiers.is_empty()) {
            (Some(g), _) => Some(self.tier(g).ok_or("pen_err_tier_unknown")?),
            (None, true) => None,
            (None, false) => return Err("pen_err_tier_missing"),
        };
        for x in chosen {
            if !self.penalties.contains(&x.penalty) {
                return Err("pen_err_penalty_not_allowed");
            }
            if let Some(t) = tier {
                let heaviest = t.penalties.iter().map(|p| p.weight()).max().unwrap_or(0);
                let lighter_kind = reduced && x.penalty.weight() < heaviest;
                if !t.penalties.contains(&x.penalty) && !lighter_kind {
                    return Err("pen_err_penalty_not_in_tier");
                }
            }
            match (x.penalty.has_amount(), x.amount_fen) {
                (true, a) if a <= 0 => return Err("pen_err_amount_missing"),
                (false, a) if a != 0 => return Err("pen_err_sanction_extra"),
                _ => {}
            }
            match (x.penalty.has_term(), x.months) {
                (true, 0) => return Err("pen_err_term_missing"),
                (false, m) if m != 0 => return Err("pen_err_sanction_extra"),
                (true, m) => {
                    let tier_months = tier.and_then(|t| t.months);
                    if !within_months(m, self.months, reduced) || !within_months(m, tier_months, reduced) {
                        return Err("pen_err_term_out_of_range");
                    }
                }
                _ => {}
            }
            if x.penalty == Penalty::Fine {
                self.check_fine(x.amount_fen, tier, c, s)?;
            }
        }
        Ok(())
    }

    fn check_fine(&self, amount: i64, tier: Option<&Tier>, c: &Choice, s: &Settings) -> Result<(), &'static str> {
        let (lo, hi) = pick(&self.fines, c.base).and_then(|r| r.bounds(c.base)).ok_or("pen_err_fine_base_missing")?;
        if amount > hi {
            return Err("pen_err_fine_above_max");
        }
        let reduced = c.adjust == Adjust::Reduced;
        if amount < lo && !reduced {
            return Err("pen_err_fine_below_min");
        }
        let (tlo, thi) = match tier.and_then(|t| pick(&t.fines, c.base)) {
            Some(rule) => rule.bounds(c.base).ok_or("pen_err_fine_base_missing")?,
            None => (lo, hi),
        };
        if amount > thi {
            return Err("pen_err_fine_above_tier");
        }
        if amount < tlo && !reduced {
            return Err("pen_err_fine_below_tier");
        }
        let share = |pct: u32| tlo + i64::try_from(i128::from(thi - tlo) * i128::from(pct) / 100).unwrap_or(0);
        match c.adjust {
            Adjust::Lighter if amount > share(s.lighter_max_pct) => Err("pen_err_fine_not_lighter"),
            Adjust::Heavier if amount < share(s.heavier_min_pct) => Err("pen_err_fine_not_heavier"),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yuan(y: i64) -> i64 {
        y * 100
    }

    /// A row of the bureau's table (`table.rs`), as the cases use it.
    fn row(code: &str) -> Violation {
        super::super::table::find(code).cloned().unwrap_or_else(|| panic!("{code} in the table"))
    }

    /// 《社会团体登记管理条例》§30(3) with its discretion standard in three
    /// tiers; the grave tier is given a fine of 3–4× the illegal income here,
    /// so the tier's narrowing of the article's 3–5× is tried.
    fn st30() -> Violation {
        let mut v = row("st30_3");
        v.tiers[1].penalties.extend([Penalty::Fine, Penalty::ConfiscateIncome]);
        v.tiers[1].fines = vec![FineRule::Times { base: FineBase::IllegalIncome, min_tenths: 30, max_tenths: 40 }];
        v
    }

    /// 《彩票管理条例》§41: an outlet's prohibited acts, ¥2,000–10,000.
    fn lottery41() -> Violation {
        row("lot41")
    }

    /// 《慈善法》§112: responsible persons, ¥20,000–200,000 and a ban of one to five years.
    fn charity112() -> Violation {
        row("cs112")
    }

    #[test]
    fn the_example_rows_are_consistent() {
        assert_eq!(st30().check_row(), Ok(()));
        assert_eq!(lottery41().check_row(), Ok(()));
        assert_eq!(charity112().check_row(), Ok(()));
    }

    #[test]
    fn a_row_with_a_mistake_is_refused() {
        let mut v = lottery41();
        v.article = " ".into();
        assert_eq!(v.check_row(), Err("pen_err_row_text"));
        let mut v = lottery41();
        v.penalties.push(Penalty::Fine);
        assert_eq!(v.check_row(), Err("pen_err_row_penalties"));
        let mut v = lottery41();
        v.fines.clear();
        assert_eq!(v.check_row(), Err("pen_err_row_fine_rule"), "a fine without its range");
        let mut v = charity112();
        v.penalties = vec![Penalty::EmploymentBan];
        assert_eq!(v.check_row(), Err("pen_err_row_fine_rule"), "a range without a fine");
        let mut v = lottery41();
        v.fines = vec![FineRule::Range { min_fen: yuan(10_000), max_fen: yuan(2_000) }];
        assert_eq!(v.check_row(), Err("pen_err_row_range"));
        let mut v = charity112();
        v.months = Some((60, 12));
        assert_eq!(v.check_row(), Err("pen_err_row_range"));
        let mut v = st30();
        v.tiers[1].fines = vec![FineRule::Times { base: FineBase::IllegalIncome, min_tenths: 20, max_tenths: 40 }];
        assert_eq!(v.check_row(), Err("pen_err_row_tier"), "2× is below the article's 3×");
        let mut v = st30();
        v.tiers[0].penalties = vec![Penalty::CertificateWithdrawal];
        assert_eq!(v.check_row(), Err("pen_err_row_tier"), "a tier outside the article");
        let mut v = st30();
        v.tiers[2].gravity = Gravity::Grave;
        assert_eq!(v.check_row(), Err("pen_err_row_tier"), "two tiers of one gravity");
    }

    #[test]
    fn the_lottery_fine_is_two_to_ten_thousand_yuan() {
        let v = lottery41();
        let s = Settings::default();
        let c = Choice::default();
        assert_eq!(v.check(&[Sanction::fine(yuan(2_000))], &c, &s), Ok(()));
        assert_eq!(v.check(&[Sanction::fine(yuan(10_000))], &c, &s), Ok(()));
        assert_eq!(v.check(&[Sanction::fine(yuan(2_000) - 1)], &c, &s), Err("pen_err_fine_below_min"));
        assert_eq!(v.check(&[Sanction::fine(yuan(10_000) + 1)], &c, &s), Err("pen_err_fine_above_max"));
        // 减轻 may go below the minimum, never above the maximum.
        let reduced = Choice { adjust: Adjust::Reduced, ..c };
        assert_eq!(v.check(&[Sanction::fine(yuan(1_000))], &reduced, &s), Ok(()));
        assert_eq!(v.check(&[Sanction::fine(yuan(10_001))], &reduced, &s), Err("pen_err_fine_above_max"));
        // 从轻 at most the midpoint ¥6,000, 从重 at least it.
        let lighter = Choice { adjust: Adjust::Lighter, ..c };
        assert_eq!(v.check(&[Sanction::fine(yuan(6_000))], &lighter, &s), Ok(()));
        assert_eq!(v.check(&[Sanction::fine(yuan(6_001))], &lighter, &s), Err("pen_err_fine_not_lighter"));
        let heavier = Choice { adjust: Adjust::Heavier, ..c };
        assert_eq!(v.check(&[Sanction::fine(yuan(5_999))], &heavier, &s), Err("pen_err_fine_not_heavier"));
        assert_eq!(v.check(&[Sanction::fine(yuan(6_000))], &heavier, &s), Ok(()));
        // A standard of 30 % / 70 %.
        let thirds = Settings { lighter_max_pct: 30, heavier_min_pct: 70, ..Settings::default() };
        assert_eq!(v.check(&[Sanction::fine(yuan(4_400))], &lighter, &thirds), Ok(()));
        assert_eq!(v.check(&[Sanction::fine(yuan(4_401))], &lighter, &thirds), Err("pen_err_fine_not_lighter"));
        assert_eq!(v.check(&[Sanction::fine(yuan(7_599))], &heavier, &thirds), Err("pen_err_fine_not_heavier"));
    }

    #[test]
    fn penalties_the_article_does_not_name_are_refused() {
        let v = lottery41();
        let s = Settings::default();
        let c = Choice::default();
        assert_eq!(v.check(&[], &c, &s), Err("pen_err_penalty_missing"));
        assert_eq!(v.check(&[Sanction::of(Penalty::Revocation)], &c, &s), Err("pen_err_penalty_not_allowed"));
        assert_eq!(
            v.check(&[Sanction::fine(yuan(3_000)), Sanction::fine(yuan(3_000))], &c, &s),
            Err("pen_err_penalty_repeated")
        );
        let confiscation = Sanction { penalty: Penalty::ConfiscateIncome, amount_fen: 0, months: 0 };
        assert_eq!(v.check(&[confiscation], &c, &s), Err("pen_err_amount_missing"));
        let confiscation = Sanction { amount_fen: yuan(800), ..confiscation };
        assert_eq!(v.check(&[Sanction::fine(yuan(3_000)), confiscation], &c, &s), Ok(()));
        let odd = Sanction { penalty: Penalty::Fine, amount_fen: yuan(3_000), months: 2 };
        assert_eq!(v.check(&[odd], &c, &s), Err("pen_err_sanction_extra"));
    }

    #[test]
    fn fines_in_multiples_need_the_illegal_income_or_turnover() {
        let v = st30();
        let s = Settings::default();
        let grave = Choice { gravity: Some(Gravity::Grave), ..Choice::default() };
        let fine = [Sanction::fine(yuan(35_000))];
        assert_eq!(v.check(&fine, &grave, &s), Err("pen_err_fine_base_missing"));
        // Illegal income ¥10,000: the article allows 3–5×, the tier 3–4×.
        let income = Choice { base: Some((FineBase::IllegalIncome, yuan(10_000))), ..grave };
        assert_eq!(v.check(&[Sanction::fine(yuan(30_000))], &income, &s), Ok(()));
        assert_eq!(v.check(&[Sanction::fine(yuan(40_000))], &income, &s), Ok(()));
        assert_eq!(v.check(&[Sanction::fine(yuan(29_999))], &income, &s), Err("pen_err_fine_below_min"));
        assert_eq!(v.check(&[Sanction::fine(yuan(45_000))], &income, &s), Err("pen_err_fine_above_tier"));
        assert_eq!(v.check(&[Sanction::fine(yuan(50_001))], &income, &s), Err("pen_err_fine_above_max"));
        // Illegal turnover ¥10,000: 1–3×; the tier names no turnover rule, so the article's range.
        let turnover = Choice { base: Some((FineBase::IllegalTurnover, yuan(10_000))), ..grave };
        assert_eq!(v.check(&[Sanction::fine(yuan(10_000))], &turnover, &s), Ok(()));
        assert_eq!(v.check(&[Sanction::fine(yuan(30_001))], &turnover, &s), Err("pen_err_fine_above_max"));
    }

    #[test]
    fn the_tier_limits_the_penalties_and_periods() {
        let v = st30();
        let s = Settings::default();
        assert_eq!(v.check(&[Sanction::of(Penalty::Warning)], &Choice::default(), &s), Err("pen_err_tier_missing"));
        let serious = Choice { gravity: Some(Gravity::Serious), ..Choice::default() };
        assert_eq!(v.check(&[Sanction::of(Penalty::Revocation)], &serious, &s), Ok(()));
        assert_eq!(v.check(&[Sanction::of(Penalty::Warning)], &serious, &s), Err("pen_err_penalty_not_in_tier"));
        let slight = Choice { gravity: Some(Gravity::Slight), ..Choice::default() };
        assert_eq!(v.check(&[Sanction::of(Penalty::Warning)], &slight, &s), Err("pen_err_tier_unknown"));
        let ordinary = Choice { gravity: Some(Gravity::Ordinary), ..Choice::default() };
        assert_eq!(v.check(&[Sanction::of(Penalty::Revocation)], &ordinary, &s), Err("pen_err_penalty_not_in_tier"));
        // 减轻 from the serious tier: a suspension instead of revocation, never heavier.
        let reduced = Choice { adjust: Adjust::Reduced, ..serious };
        assert_eq!(v.check(&[Sanction::months(Penalty::Suspension, 3)], &reduced, &s), Ok(()));
        let reduced_ordinary = Choice { adjust: Adjust::Reduced, ..ordinary };
        assert_eq!(
            v.check(&[Sanction::months(Penalty::Suspension, 3)], &reduced_ordinary, &s),
            Err("pen_err_penalty_not_in_tier")
        );
        // The grave tier suspends for one to six months.
        let grave = Choice { gravity: Some(Gravity::Grave), ..Choice::default() };
        assert_eq!(v.check(&[Sanction::months(Penalty::Suspension, 6)], &grave, &s), Ok(()));
        assert_eq!(v.check(&[Sanction::months(Penalty::Suspension, 7)], &grave, &s), Err("pen_err_term_out_of_range"));
        assert_eq!(v.check(&[Sanction::months(Penalty::Suspension, 0)], &grave, &s), Err("pen_err_term_missing"));
    }

    #[test]
    fn a_tier_narrows_the_articles_range_from_below() {
        let mut v = lottery41();
        v.tiers = vec![Tier {
            gravity: Gravity::Serious,
            circumstances: "多次向未成年人销售".into(),
            penalties: vec![Penalty::Fine, Penalty::ConfiscateIncome],
            fines: vec![FineRule::Range { min_fen: yuan(6_000), max_fen: yuan(10_000) }],
            months: None,
        }];
        assert_eq!(v.check_row(), Ok(()));
        let s = Settings::default();
        let serious = Choice { gravity: Some(Gravity::Serious), ..Choice::default() };
        assert_eq!(v.check(&[Sanction::fine(yuan(6_000))], &serious, &s), Ok(()));
        assert_eq!(v.check(&[Sanction::fine(yuan(5_999))], &serious, &s), Err("pen_err_fine_below_tier"));
        let reduced = Choice { adjust: Adjust::Reduced, ..serious };
        assert_eq!(v.check(&[Sanction::fine(yuan(5_999))], &reduced, &s), Ok(()));
    }

    #[test]
    fn a_ban_from_charity_management_is_one_to_five_years() {
        let v = charity112();
        let s = Settings::default();
        let c = Choice::default();
        assert_eq!(v.check(&[Sanction::months(Penalty::EmploymentBan, 12)], &c, &s), Ok(()));
        assert_eq!(v.check(&[Sanction::months(Penalty::EmploymentBan, 60)], &c, &s), Ok(()));
        assert_eq!(v.check(&[Sanction::months(Penalty::EmploymentBan, 11)], &c, &s), Err("pen_err_term_out_of_range"));
        assert_eq!(v.check(&[Sanction::months(Penalty::EmploymentBan, 61)], &c, &s), Err("pen_err_term_out_of_range"));
        assert_eq!(v.check(&[Sanction::fine(yuan(20_000))], &c, &s), Ok(()));
        assert_eq!(v.check(&[Sanction::fine(yuan(200_001))], &c, &s), Err("pen_err_fine_above_max"));
    }

    #[test]
    fn stored_values_round_trip() {
        for g in Gravity::ALL {
            assert_eq!(Gravity::parse(g.as_str()), Some(g));
        }
        for a in Adjust::ALL {
            assert_eq!(Adjust::parse(a.as_str()), Some(a));
        }
        for b in [FineBase::IllegalIncome, FineBase::IllegalTurnover] {
            assert_eq!(FineBase::parse(b.as_str()), Some(b));
        }
        let row = st30();
        let json = serde_json::to_string(&row).unwrap();
        assert_eq!(serde_json::from_str::<Violation>(&json).unwrap(), row);
    }
}

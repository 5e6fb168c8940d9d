//! Sizing a campaign of charities only (慈善组织抽查): the share of recognized
//! charities drawn in a year. Localities set it themselves (广州白云 2023:
//! charity fundraising 5 %; charities 100 % on site in 广州白云 and 北京通州),
//! so it is a setting, `CHARITY_SAMPLE_PERCENT`, 5 by default.

/// The default share, in percent, of the setting `CHARITY_SAMPLE_PERCENT`.
pub const DEFAULT_PERCENT: u32 = 5;

/// How many of `population` recognized charities a campaign sized at
/// `percent` draws: ceil(percent × N / 100), at least one when there is any
/// charity (a yearly check never draws nobody), never more than N.
pub fn charity_sample_size(population: usize, percent: u32) -> usize {
    if population == 0 {
        return 0;
    }
    (population * percent.min(100) as usize).div_ceil(100).clamp(1, population)
}

/// Whether `percent` is a usable setting (1 to 100).
pub fn valid_percent(percent: u32) -> bool {
    (1..=100).contains(&percent)
}

/// The smallest sample of a campaign: for charities only, the charity share
/// of their number (`charity_percent`); otherwise `general` (the yearly
/// minimum of the registering level, computed by the caller).
pub fn minimum_sample(charities_only: bool, population: usize, charity_percent: u32, general: usize) -> usize {
    if charities_only {
        charity_sample_size(population, charity_percent)
    } else {
        general
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_percent_of_charities_rounded_up() {
        assert_eq!(DEFAULT_PERCENT, 5);
        assert_eq!(charity_sample_size(100, 5), 5);
        assert_eq!(charity_sample_size(101, 5), 6, "rounded up");
        assert_eq!(charity_sample_size(40, 5), 2);
        assert_eq!(charity_sample_size(19, 5), 1, "at least one");
        assert_eq!(charity_sample_size(0, 5), 0, "no charity, no sample");
        assert_eq!(charity_sample_size(12, 100), 12, "charities 100 % (广州白云, 北京通州)");
        assert_eq!(charity_sample_size(12, 250), 12, "never more than all of them");
    }

    #[test]
    fn the_setting_is_checked() {
        assert!(valid_percent(5));
        assert!(valid_percent(100));
        assert!(!valid_percent(0));
        assert!(!valid_percent(101));
    }

    #[test]
    fn the_minimum_of_a_charity_campaign_is_its_share_not_the_level_minimum() {
        // A city's yearly minimum (4 %, at least 50) does not apply to a
        // campaign of 60 charities: 5 % of them, 3, is enough.
        assert_eq!(minimum_sample(true, 60, 5, 50), 3);
        assert_eq!(minimum_sample(false, 60, 5, 50), 50);
    }
}

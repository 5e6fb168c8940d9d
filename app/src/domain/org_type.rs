//! The three kinds of social organization registered by civil affairs.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrgType {
    /// 社会团体
    SocialGroup,
    /// 社会服务机构 (民办非企业单位)
    SocialService,
    /// 基金会
    Foundation,
}

impl OrgType {
    pub const ALL: [OrgType; 3] = [OrgType::SocialGroup, OrgType::SocialService, OrgType::Foundation];

    /// Stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgType::SocialGroup => "social_group",
            OrgType::SocialService => "social_service",
            OrgType::Foundation => "foundation",
        }
    }

    pub fn parse(s: &str) -> Option<OrgType> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Parses a stored value or the Chinese name used in CSV files.
    pub fn parse_any(s: &str) -> Option<OrgType> {
        let s = s.trim();
        Self::parse(s).or(match s {
            "社会团体" | "社团" => Some(OrgType::SocialGroup),
            "社会服务机构" | "民办非企业单位" | "民非" => Some(OrgType::SocialService),
            "基金会" => Some(OrgType::Foundation),
            _ => None,
        })
    }

    /// Second character of the credit code (GB 32100 department 5 = 民政).
    pub fn code_digit(self) -> char {
        match self {
            OrgType::SocialGroup => '1',
            OrgType::SocialService => '2',
            OrgType::Foundation => '3',
        }
    }

    /// i18n key of the type's name.
    pub fn label_key(self) -> &'static str {
        match self {
            OrgType::SocialGroup => "type_social_group",
            OrgType::SocialService => "type_social_service",
            OrgType::Foundation => "type_foundation",
        }
    }

    /// Chinese name, used in CSV exports.
    pub fn zh(self) -> &'static str {
        match self {
            OrgType::SocialGroup => "社会团体",
            OrgType::SocialService => "社会服务机构",
            OrgType::Foundation => "基金会",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_stored_and_chinese_names() {
        for t in OrgType::ALL {
            assert_eq!(OrgType::parse(t.as_str()), Some(t));
            assert_eq!(OrgType::parse_any(t.zh()), Some(t));
        }
        assert_eq!(OrgType::parse_any("民办非企业单位"), Some(OrgType::SocialService));
        assert_eq!(OrgType::parse_any("公司"), None);
    }

    #[test]
    fn type_digits_follow_gb32100() {
        assert_eq!(OrgType::SocialGroup.code_digit(), '1');
        assert_eq!(OrgType::SocialService.code_digit(), '2');
        assert_eq!(OrgType::Foundation.code_digit(), '3');
    }
}
